-- Whether a document is booked, for a caller who has keyed its day and year of birth: counted
-- against the calling number first, then the birth data of the booking holding the document
-- returned for the caller to compare (the secret that keys the hashes is not in Redis).
-- KEYS: 1 active-document key, 2 the calling number's count, 3 this call's count
-- ARGV: 1 today (ISO), 2.. the limit's rule (``caller_refusal`` in common.lua)
-- Returns {'caller_limited', until} or {'call_limited'}, uncounted; else {'ok', the holder's
-- "births" (a JSON list of keyed hashes) or "" when no active booking holds the document}.
local limit_keys, rule = {KEYS[2], KEYS[3]}, limit_rule(2)
local refused = caller_refusal(limit_keys, rule)
if refused then return refused end
count_caller(limit_keys, rule)
local holder = redis.call('GET', KEYS[1])
if not holder_is_active(holder, ARGV[1]) then return {'ok', ''} end
local reference = string.sub(holder, 1, string.find(holder, '|', 1, true) - 1)
return {'ok', redis.call('HGET', string.format(BOOKING_KEY, reference), 'births') or ''}
