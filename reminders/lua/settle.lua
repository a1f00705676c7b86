-- Settle one claimed reminder, if the claim is still this worker's.
-- KEYS: 1 reminders due, 2 claimed, 3 claim tokens, 4 booking record, 5 failed attempts
--       (reference -> count), 6 unsure sends (reference -> "1": a send timed out and may have gone)
-- ARGV: 1 reference, 2 worker's token, 3 "sent" | "retry" | "drop",
--       4 sent: the appointment reminded ("<day> <time>"); retry: when to try again (epoch s),
--       5 sent: when it was sent (ISO); retry: "1" when this attempt may have gone, else "0"
-- KEYS[6] holds "sending" from just before a send (a worker that died sending leaves it, and
-- the next attempt asks Twilio first); the settle clears it, or makes it "1" when unsure.
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 'lost' end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if ARGV[3] == 'retry' then
  redis.call('ZADD', KEYS[1], 'NX', ARGV[4], ARGV[1])
  redis.call('HINCRBY', KEYS[5], ARGV[1], 1)
  -- Once unsure, always unsure: a message Twilio took may show in its list only later.
  if ARGV[5] == '1' then
    redis.call('HSET', KEYS[6], ARGV[1], '1')
  elseif redis.call('HGET', KEYS[6], ARGV[1]) == 'sending' then
    redis.call('HDEL', KEYS[6], ARGV[1])
  end
  return 'ok'
end
if ARGV[3] == 'sent' and redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('HSET', KEYS[4], 'reminder_sent', ARGV[4], 'reminder_sent_at', ARGV[5])
end
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('HDEL', KEYS[6], ARGV[1])
return 'ok'
