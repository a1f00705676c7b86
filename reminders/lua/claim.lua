-- Claim due reminders for one worker, after putting back the claims whose time ran out.
-- A claim moves a reference from the due set to the claimed set in this one step, so two
-- workers can never hold the same reminder; a worker that died holding one loses it when
-- its claim ends, and the reminder is due again at once.
-- KEYS: 1 reminders due, 2 claimed (score: end of claim), 3 claim tokens (reference -> token)
-- ARGV: 1 now (epoch s), 2 end of a new claim (epoch s), 3 most to claim, 4 worker's token
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, reference in ipairs(expired) do
  redis.call('ZREM', KEYS[2], reference)
  redis.call('HDEL', KEYS[3], reference)
  -- NX: a change made meanwhile has already scheduled its own reminder; keep that one.
  redis.call('ZADD', KEYS[1], 'NX', now, reference)
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
for _, reference in ipairs(due) do
  redis.call('ZREM', KEYS[1], reference)
  redis.call('ZADD', KEYS[2], ARGV[2], reference)
  redis.call('HSET', KEYS[3], reference, ARGV[4])
end
return {expired, due}
