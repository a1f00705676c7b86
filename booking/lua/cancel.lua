-- Cancel an active booking (up to the day before it): give its places back, free its documents.
-- KEYS: 1 booking record, 2 reminders due
-- ARGV: 1 reference, 2 today (ISO), or "" for staff, who may cancel on any day, 3 cancelled at (ISO)
local record = redis.call('HMGET', KEYS[1], 'status', 'office', 'day', 'time', 'applicants', 'documents')
local refused = refusal(record, ARGV[2])
if refused then return {refused} end
release(string.format(USAGE_KEY, record[2], record[3]), record[4], tonumber(record[5]))
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelled_at', ARGV[3], 'reminder', '0')
redis.call('ZREM', KEYS[2], ARGV[1])
local holder = ARGV[1] .. '|' .. record[3]
for _, key in ipairs(document_keys(record[6])) do
  -- Only free a document this booking still holds.
  if redis.call('GET', key) == holder then redis.call('DEL', key) end
end
return saved(KEYS[1])
