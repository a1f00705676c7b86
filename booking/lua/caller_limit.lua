-- Count one identification attempt from a calling number in a sliding window; once the window
-- holds the limit, refuse the attempt (uncounted) and say when the oldest one leaves it.
-- KEYS: 1 sorted set of the attempt times (epoch s) of one calling number
-- ARGV: 1 now (epoch s), 2 window (s), 3 limit, 4 a member unique to this attempt
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {'limited', tostring(tonumber(oldest[2]) + window)}
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(window))
return {'counted', tostring(redis.call('ZCARD', KEYS[1]))}
