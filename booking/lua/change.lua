-- Move an active booking to another slot: release the old places and take the new ones. The
-- old slot, type and documents are read here, from the record, so none of them can be stale.
-- A move made by phone is marked unheard under its caller (KEYS[6], as book.lua marks a
-- booking) until the webhook that says it has saved the call: if that webhook fails after the
-- move landed, the fallback URL and the caller's next call say the appointment moved.
-- KEYS: 1 booking record, 2 new slot usage, 3 new roster, 4 new office closures, 5 reminders due,
--       6 the caller's unheard mark (a caller's change)
-- ARGV: 1 reference, 2 new office, 3 new day, 4 new time, 5 new quota, 6 document TTL (s),
--       7 reminder due score or "", 8 today (ISO), 9 the application types the new slot is
--       offered for by phone, as ",type,type,", 10 the unheard mark's lifetime (s)
-- The reminder goes with the booking: one that is on, or one a closure of the old day held
-- ('reminder_held') because the caller had asked for it, is scheduled for the new day while
-- its moment is still ahead; otherwise it is dropped.
local record = redis.call('HMGET', KEYS[1], 'status', 'office', 'day', 'time', 'applicants',
                          'reminder', 'documents', 'app_type', 'closed', 'reminder_held')
local refused = refusal(record, ARGV[8])
if refused then return {refused} end
if not string.find(ARGV[9], ',' .. record[8] .. ',', 1, true) then return {'closed'} end
local office, day, time = record[2], record[3], record[4]
local wanted = record[6] == '1' or (record[9] == office .. '|' .. day and record[10] == '1')
if office == ARGV[2] and day == ARGV[3] and time == ARGV[4] then return saved(KEYS[1]) end
if redis.call('SISMEMBER', KEYS[4], ARGV[3]) == 1 then return {'office_closed'} end
local applicants = tonumber(record[5])
local used = tonumber(redis.call('HGET', KEYS[2], ARGV[4]) or '0')
if used + applicants > tonumber(ARGV[5]) then return {'slot_full'} end
release(string.format(USAGE_KEY, office, day), time, applicants)
redis.call('HINCRBY', KEYS[2], ARGV[4], applicants)
redis.call('SREM', string.format(ROSTER_KEY, office, day), ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[1], 'office', ARGV[2], 'day', ARGV[3], 'time', ARGV[4])
-- Moved: a closure of the old day no longer concerns it (its held reminder is dealt with below).
redis.call('HDEL', KEYS[1], 'closed', 'reminder_held')
hold_documents(document_keys(record[7]), ARGV[1] .. '|' .. ARGV[3], ARGV[6])
if wanted and ARGV[7] ~= '' then
  redis.call('HSET', KEYS[1], 'reminder', '1')
  redis.call('ZADD', KEYS[5], ARGV[7], ARGV[1])
else
  -- No reminder wanted, or moved to a day too near for it: none, flag and schedule alike.
  redis.call('HSET', KEYS[1], 'reminder', '0')
  redis.call('ZREM', KEYS[5], ARGV[1])
end
if KEYS[6] then redis.call('SET', KEYS[6], ARGV[1] .. '|changed', 'EX', ARGV[10]) end
return saved(KEYS[1])
