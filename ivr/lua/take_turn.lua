-- Load a call and claim the right to answer its next turn, in one round trip: a
-- compare-and-set on the last turn claimed, so of identical webhooks Twilio sends at once
-- exactly one runs the engine (and its effects). A claim is a lease: a request that died or
-- lost Redis holding it never gave it back, so once the lease lapses a repeat may take over.
-- KEYS: 1 the call's sealed state, 2 the call's last claimed turn, 3 the claim's lease
-- ARGV: 1 the turn the request answers ("" for the call's first request), 2 lifetime of the
--       claim (s), 3 the lease (ms)
-- Returns {1 when this request won the turn else 0, the sealed state or false}.
local state = redis.call('GET', KEYS[1])
local claimed = redis.call('GET', KEYS[2])
local wanted = '0'
if ARGV[1] ~= '' then wanted = tostring(tonumber(ARGV[1]) + 1) end
if ARGV[1] == '' and state then return {0, state} end
if claimed == wanted then
  -- Taken by another request: it keeps it while its lease runs.
  if redis.call('EXISTS', KEYS[3]) == 1 then return {0, state} end
elseif claimed and claimed ~= ARGV[1] then
  return {0, state}  -- a stale turn (the stored one decides what it hears)
end
-- (No claim kept: a call begun before claims were kept, and the stored turn decides, as before.)
redis.call('SET', KEYS[2], wanted, 'EX', ARGV[2])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
return {1, state or false}
