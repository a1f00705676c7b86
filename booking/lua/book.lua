-- Book one slot for 1-4 applicants: all or nothing, once per idempotency key. The reference
-- is the ledger counter's next number, taken only once every check has passed.
-- A booking made by phone counts against the calling number (``caller_refusal`` in common.lua)
-- and is marked unheard until the webhook that reads it back to the caller has saved the call:
-- if that webhook fails after the booking landed, the fallback URL and the next call say it.
-- A booking made from a mobile number queues its SMS confirmation in the same step (the number
-- sealed beside the queue until the reminder worker has sent it): once, since a repeat returns above.
-- KEYS: 1 idempotency, 2 reference counter, 3 slot usage of the day, 4 roster of the day,
--       5 office closures, 6 reminders due, 7 the calling number's bookings, 8 this call's,
--       9 the caller's unheard booking, 10 confirmations to send, 11 their numbers,
--       12.. active-document keys (one per applicant)
-- ARGV: 1 reference base, 2 day (ISO), 3 time, 4 quota, 5 today (ISO), 6 document TTL (s),
--       7 idempotency TTL (s), 8 reminder due score or "", 9..17 the limit's rule (kind
--       "none": not booked by phone), 18 confirmation due (epoch s) or "", 19 its number (sealed),
--       20.. record field/value pairs
local FIRST_DOCUMENT = 12
local previous = redis.call('GET', KEYS[1])
if previous then return {'ok', previous} end
local limit_keys, rule = {KEYS[7], KEYS[8]}, limit_rule(9)
if rule.kind ~= 'none' then
  local refused = caller_refusal(limit_keys, rule)
  if refused then return refused end
end
if redis.call('SISMEMBER', KEYS[5], ARGV[2]) == 1 then return {'office_closed'} end
for i = FIRST_DOCUMENT, #KEYS do
  if holder_is_active(redis.call('GET', KEYS[i]), ARGV[5]) then
    return {'document_booked', tostring(i - FIRST_DOCUMENT)}
  end
end
local applicants = #KEYS - FIRST_DOCUMENT + 1
local used = tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0')
if used + applicants > tonumber(ARGV[4]) then return {'slot_full'} end
-- A counter set back (a restore from an older copy) must never overwrite a booking.
local reference, record_key
repeat
  reference = tostring(tonumber(ARGV[1]) + redis.call('INCR', KEYS[2]))
  record_key = string.format(BOOKING_KEY, reference)
until redis.call('EXISTS', record_key) == 0
redis.call('HINCRBY', KEYS[3], ARGV[3], applicants)
hold_documents({unpack(KEYS, FIRST_DOCUMENT)}, reference .. '|' .. ARGV[2], ARGV[6])
redis.call('HSET', record_key, 'reference', reference, unpack(ARGV, 20))
if rule.kind ~= 'none' then
  count_caller(limit_keys, rule)
  redis.call('SET', KEYS[9], reference, 'EX', ARGV[7])
end
redis.call('SADD', KEYS[4], reference)
if ARGV[8] ~= '' then redis.call('ZADD', KEYS[6], ARGV[8], reference) end
if ARGV[18] ~= '' then
  redis.call('HSET', KEYS[11], reference, ARGV[19])
  redis.call('ZADD', KEYS[10], ARGV[18], reference)
end
redis.call('SET', KEYS[1], reference, 'EX', ARGV[7])
return {'ok', reference}
