-- Turn the SMS reminder of an active booking on or off and (un)schedule it.
-- Once per request: a caller's switch names the webhook's turn (KEYS[3]); a repeat of it, even
-- one that comes after the first lost its answer, switches nothing and gets the booking as it is
-- (the caller's hook reads on or off from it), never a second switch back.
-- KEYS: 1 booking record, 2 reminders due, 3 the request's once-only key (optional)
-- ARGV: 1 reference, 2 office, 3 day, 4 time, 5 "1" on / "0" off, 6 sealed phone or "",
--       7 reminder due score or "" (not scheduled), 8 the once-only key's lifetime (s)
if KEYS[3] and redis.call('GET', KEYS[3]) == ARGV[1] then return saved(KEYS[1]) end
-- A switch that changed the record marks its request done.
local function switched()
  if KEYS[3] then redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[8]) end
  return saved(KEYS[1])
end
local record = redis.call('HMGET', KEYS[1], 'status', 'office', 'day', 'time', 'phone')
local mismatch = record_mismatch(record, ARGV[2], ARGV[3], ARGV[4])
if mismatch then return {mismatch} end
if ARGV[5] == '0' then
  redis.call('HSET', KEYS[1], 'reminder', '0')
  -- Switched off while the office is closed: a reopening must not give the reminder back.
  redis.call('HDEL', KEYS[1], 'reminder_held')
  redis.call('ZREM', KEYS[2], ARGV[1])
  return switched()
end
-- No reminder to come to an office staff closed that day: the booking must be moved first.
if redis.call('SISMEMBER', string.format(CLOSED_KEY, ARGV[2]), ARGV[3]) == 1 then return {'office_closed'} end
local phone = ARGV[6]
if phone == '' then phone = record[5] or '' end
if phone == '' then return {'no_phone'} end
-- A reminder whose moment has passed is never switched on: the flag means "scheduled".
if ARGV[7] == '' then return {'too_late'} end
redis.call('HSET', KEYS[1], 'reminder', '1', 'phone', phone)
redis.call('ZADD', KEYS[2], ARGV[7], ARGV[1])
return switched()
