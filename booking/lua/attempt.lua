-- Count one enquiry-code attempt for a document before the code is compared, so parallel
-- guesses cannot get past the limit; success later deletes the counter.
-- KEYS: 1 failure counter of the document
-- ARGV: 1 now (epoch s), 2 lock length (s), 3 failures that lock, 4 counter TTL (s)
local state = redis.call('HMGET', KEYS[1], 'count', 'locked_until')
local now = tonumber(ARGV[1])
if state[2] then
  if tonumber(state[2]) > now then return {'locked', state[2]} end
  -- The lock has been served: start counting afresh.
  redis.call('DEL', KEYS[1])
end
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
if count >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'locked_until', tostring(now + tonumber(ARGV[2])))
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
return {'counted', tostring(count)}
