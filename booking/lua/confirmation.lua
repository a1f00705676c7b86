-- Queue the SMS confirmation of a booking made by phone from a mobile number, once: a repeated
-- webhook of the same confirmation (the booking's idempotent retry) queues nothing more.
-- KEYS: 1 booking record, 2 confirmations to send, 3 confirmation phones
-- ARGV: 1 reference, 2 when due (epoch s), 3 the mobile number (sealed)
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'confirmation', 'queued') == 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
