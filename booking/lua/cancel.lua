-- Cancel an active booking (up to the day before it): give its places back, free its documents.
-- Once per request: a caller's cancel names the webhook's turn (KEYS[3]); a repeat of it, even
-- one that comes after the first lost its answer, gets the booking as the first left it.
-- KEYS: 1 booking record, 2 reminders due, 3 the request's once-only key (a caller's cancel)
-- ARGV: 1 reference, 2 today (ISO), or "" for staff, who may cancel on any day, 3 cancelled at (ISO),
--       4 the once-only key's lifetime (s)
if KEYS[3] and redis.call('GET', KEYS[3]) == ARGV[1] then return saved(KEYS[1]) end
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
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[4]) end
return saved(KEYS[1])
