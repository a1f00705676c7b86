-- One identification attempt: count it for the calling number and for the document before
-- any code is compared (so parallel guesses cannot pass either limit), then return the
-- record of the booking that holds the document, for the code to be compared by the caller.
-- The attempt is counted for the booking too (whichever of its documents was keyed), in a
-- sliding window of attempts named by ARGV[5]; the caller takes the member out again when the
-- code was right, so the window holds wrong codes only.
-- KEYS: 1 failure counter of the document, 2 active-document key, and when the calling number
--       is counted: 3 its count, 4 this call's count (``caller_refusal`` in common.lua)
-- ARGV: 1 now (epoch s), 2 lock and counter lifetime (s), 3 failures that lock, 4 today (ISO),
--       5 a member unique to this attempt, and when KEYS[3] is given: 6.. the limit's rule
-- Returns {'caller_limited', until} (epoch s), {'call_limited'}, {'locked', until} (the
-- document's own lock) or {'booking_locked', until} (its booking's, whichever documents were
-- keyed), refused uncounted; else {'counted', the document's consecutive failures, and when a booking holds
-- the document: the booking's attempts in the window, when the oldest leaves it (epoch s),
-- then the booking's record as field/value pairs}.
local now = tonumber(ARGV[1])

if KEYS[3] then
  local limit_keys, rule = {KEYS[3], KEYS[4]}, limit_rule(6)
  local refused = caller_refusal(limit_keys, rule)
  if refused then return refused end
  count_caller(limit_keys, rule)
end

-- Consecutive failures per document (a success deletes the counter); the one that reaches
-- the limit locks the document.
local second = math.floor(now)
local lifetime, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'count', 'locked_until')
if state[2] then
  if tonumber(state[2]) > second then return {'locked', state[2]} end
  -- The lock has been served: start counting afresh.
  redis.call('DEL', KEYS[1])
end

-- The booking the document belongs to: refused while its window already holds the limit of
-- wrong codes, until the oldest of them leaves the window.
local holder = redis.call('GET', KEYS[2])
local failures_key = nil
if holder_is_active(holder, ARGV[4]) then
  local reference = string.sub(holder, 1, string.find(holder, '|', 1, true) - 1)
  failures_key = string.format(BOOKING_FAILURES_KEY, reference)
  redis.call('ZREMRANGEBYSCORE', failures_key, '-inf', now - lifetime)
  if redis.call('ZCARD', failures_key) >= limit then
    return {'booking_locked', window_end(failures_key, lifetime)}
  end
end

local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
if count >= limit then
  redis.call('HSET', KEYS[1], 'locked_until', tostring(second + lifetime))
end
redis.call('EXPIRE', KEYS[1], lifetime)
if not failures_key then return {'counted', tostring(count), '0', ''} end

redis.call('ZADD', failures_key, ARGV[1], ARGV[5])
redis.call('EXPIRE', failures_key, lifetime)
local booking_count = redis.call('ZCARD', failures_key)
local reference = string.sub(holder, 1, string.find(holder, '|', 1, true) - 1)
return {'counted', tostring(count), tostring(booking_count), window_end(failures_key, lifetime),
        unpack(redis.call('HGETALL', string.format(BOOKING_KEY, reference)))}
