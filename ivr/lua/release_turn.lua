-- Give back a claimed turn whose answer failed, so Twilio's retry of it may run at once.
-- KEYS: 1 the call's last claimed turn, 2 the claim's lease
-- ARGV: 1 the turn the failed request answered ("" for the call's first request)
if ARGV[1] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
end
redis.call('DEL', KEYS[2])
return 1
