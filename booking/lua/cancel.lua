-- Cancel an active booking: give its places back and free its documents.
-- KEYS: 1 booking record, 2 slot usage of the day, 3 reminders due, 4.. active-document keys
-- ARGV: 1 reference, 2 office, 3 day, 4 time, 5 cancelled at (ISO)
local record = redis.call('HMGET', KEYS[1], 'status', 'office', 'day', 'time', 'applicants')
local mismatch = record_mismatch(record, ARGV[2], ARGV[3], ARGV[4])
if mismatch then return {mismatch} end
release(KEYS[2], ARGV[4], tonumber(record[5]))
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelled_at', ARGV[5], 'reminder', '0')
redis.call('ZREM', KEYS[3], ARGV[1])
local holder = ARGV[1] .. '|' .. ARGV[3]
for i = 4, #KEYS do
  -- Only free a document this booking still holds.
  if redis.call('GET', KEYS[i]) == holder then redis.call('DEL', KEYS[i]) end
end
return {'ok'}
