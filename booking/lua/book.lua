-- Book one slot for 1-4 applicants: all or nothing, once per idempotency key. The reference
-- is the ledger counter's next number, taken only once every check has passed.
-- KEYS: 1 idempotency, 2 reference counter, 3 slot usage of the day, 4 roster of the day,
--       5 office closures, 6 reminders due, 7.. active-document keys (one per applicant)
-- ARGV: 1 reference base, 2 day (ISO), 3 time, 4 quota, 5 today (ISO), 6 document TTL (s),
--       7 idempotency TTL (s), 8 reminder due score or "", 9.. record field/value pairs
local previous = redis.call('GET', KEYS[1])
if previous then return {'ok', previous} end
if redis.call('SISMEMBER', KEYS[5], ARGV[2]) == 1 then return {'closed'} end
for i = 7, #KEYS do
  if holder_is_active(redis.call('GET', KEYS[i]), ARGV[5]) then
    return {'document_booked', tostring(i - 7)}
  end
end
local applicants = #KEYS - 6
local used = tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0')
if used + applicants > tonumber(ARGV[4]) then return {'slot_full'} end
-- A counter set back (a restore from an older copy) must never overwrite a booking.
local reference, record_key
repeat
  reference = tostring(tonumber(ARGV[1]) + redis.call('INCR', KEYS[2]))
  record_key = string.format(BOOKING_KEY, reference)
until redis.call('EXISTS', record_key) == 0
redis.call('HINCRBY', KEYS[3], ARGV[3], applicants)
hold_documents({unpack(KEYS, 7)}, reference .. '|' .. ARGV[2], ARGV[6])
redis.call('HSET', record_key, 'reference', reference, unpack(ARGV, 9))
redis.call('SADD', KEYS[4], reference)
if ARGV[8] ~= '' then redis.call('ZADD', KEYS[6], ARGV[8], reference) end
redis.call('SET', KEYS[1], reference, 'EX', ARGV[7])
return {'ok', reference}
