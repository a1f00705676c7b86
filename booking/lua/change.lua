-- Move an active booking to another slot: release the old places and take the new ones.
-- KEYS: 1 booking record, 2 old slot usage, 3 old roster, 4 new slot usage, 5 new roster,
--       6 new office closures, 7 reminders due, 8.. active-document keys
-- ARGV: 1 reference, 2 old office, 3 old day, 4 old time, 5 new office, 6 new day,
--       7 new time, 8 new quota, 9 document TTL (s), 10 reminder due score or ""
local record = redis.call('HMGET', KEYS[1], 'status', 'office', 'day', 'time', 'applicants', 'reminder')
local mismatch = record_mismatch(record, ARGV[2], ARGV[3], ARGV[4])
if mismatch then return {mismatch} end
if ARGV[2] == ARGV[5] and ARGV[3] == ARGV[6] and ARGV[4] == ARGV[7] then return {'ok'} end
if redis.call('SISMEMBER', KEYS[6], ARGV[6]) == 1 then return {'closed'} end
local applicants = tonumber(record[5])
local used = tonumber(redis.call('HGET', KEYS[4], ARGV[7]) or '0')
if used + applicants > tonumber(ARGV[8]) then return {'slot_full'} end
release(KEYS[2], ARGV[4], applicants)
redis.call('HINCRBY', KEYS[4], ARGV[7], applicants)
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('HSET', KEYS[1], 'office', ARGV[5], 'day', ARGV[6], 'time', ARGV[7])
hold_documents(8, ARGV[1] .. '|' .. ARGV[6], ARGV[9])
if record[6] == '1' and ARGV[10] ~= '' then
  redis.call('ZADD', KEYS[7], ARGV[10], ARGV[1])
else
  redis.call('ZREM', KEYS[7], ARGV[1])
end
return {'ok'}
