-- One identification attempt: count it for the calling number and for the document before
-- any code is compared (so parallel guesses cannot pass either limit), then return the
-- record of the booking that holds the document, for the code to be compared by the caller.
-- KEYS: 1 failure counter of the document, 2 active-document key,
--       3 (when the calling number is counted) the attempt times of the calling number
-- ARGV: 1 now (epoch s), 2 lock and counter lifetime (s), 3 failures that lock, 4 today (ISO),
--       and when KEYS[3] is given: 5 window (s), 6 attempts allowed in it, 7 a member unique
--       to this attempt
-- Returns {'caller_limited', until} or {'locked', until} (epoch s), refused uncounted; else
-- {'counted', consecutive failures, then the holder's record as field/value pairs, if any}.
local now = tonumber(ARGV[1])

-- A sliding window of attempt times per calling number: over the limit, say when the oldest
-- attempt leaves the window.
local function caller_refusal(key, window, limit)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    return tostring(tonumber(oldest[2]) + window)
  end
  redis.call('ZADD', key, ARGV[1], ARGV[7])
  redis.call('EXPIRE', key, math.ceil(window))
  return nil
end

if KEYS[3] then
  local until_time = caller_refusal(KEYS[3], tonumber(ARGV[5]), tonumber(ARGV[6]))
  if until_time then return {'caller_limited', until_time} end
end

-- Consecutive failures per document (a success deletes the counter); the one that reaches
-- the limit locks the document.
local second = math.floor(now)
local state = redis.call('HMGET', KEYS[1], 'count', 'locked_until')
if state[2] then
  if tonumber(state[2]) > second then return {'locked', state[2]} end
  -- The lock has been served: start counting afresh.
  redis.call('DEL', KEYS[1])
end
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
if count >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'locked_until', tostring(second + tonumber(ARGV[2])))
end
redis.call('EXPIRE', KEYS[1], ARGV[2])

local holder = redis.call('GET', KEYS[2])
if not holder_is_active(holder, ARGV[4]) then return {'counted', tostring(count)} end
local reference = string.sub(holder, 1, string.find(holder, '|', 1, true) - 1)
return {'counted', tostring(count), unpack(redis.call('HGETALL', string.format(BOOKING_KEY, reference)))}
