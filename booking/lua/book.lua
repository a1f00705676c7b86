-- Book one slot for 1-4 applicants: all or nothing, once per idempotency key.
-- KEYS: 1 idempotency, 2 booking record, 3 slot usage of the day, 4 roster of the day,
--       5 office closures, 6 reminders due, 7.. active-document keys (one per applicant)
-- ARGV: 1 reference, 2 day (ISO), 3 time, 4 quota, 5 today (ISO), 6 document TTL (s),
--       7 idempotency TTL (s), 8 reminder due score or "", 9.. record field/value pairs
local previous = redis.call('GET', KEYS[1])
if previous then return {'ok', previous} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'reference_taken'} end
if redis.call('SISMEMBER', KEYS[5], ARGV[2]) == 1 then return {'closed'} end
for i = 7, #KEYS do
  if holder_is_active(redis.call('GET', KEYS[i]), ARGV[5]) then
    return {'document_booked', tostring(i - 7)}
  end
end
local applicants = #KEYS - 6
local used = tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0')
if used + applicants > tonumber(ARGV[4]) then return {'slot_full'} end
redis.call('HINCRBY', KEYS[3], ARGV[3], applicants)
hold_documents(7, ARGV[1] .. '|' .. ARGV[2], ARGV[6])
redis.call('HSET', KEYS[2], unpack(ARGV, 9))
redis.call('SADD', KEYS[4], ARGV[1])
if ARGV[8] ~= '' then redis.call('ZADD', KEYS[6], ARGV[8], ARGV[1]) end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[7])
return {'ok', ARGV[1]}
