-- Shared helpers, prepended to every ledger script by booking/scripts.py after the key
-- templates (BOOKING_KEY, USAGE_KEY, ROSTER_KEY, DOCUMENT_KEY) made by store/keys.py.
-- An active-document key holds "<reference>|<appointment day ISO>"; the holder counts as
-- active until the appointment day has passed (ISO dates compare as strings).
local function holder_is_active(value, today)
  if not value then return false end
  local bar = string.find(value, '|', 1, true)
  return bar ~= nil and string.sub(value, bar + 1) >= today
end

-- Give back places in a slot; an emptied slot leaves the day's hash to keep it small.
local function release(usage_key, time, places)
  if redis.call('HINCRBY', usage_key, time, -places) <= 0 then
    redis.call('HDEL', usage_key, time)
  end
end

-- The active-document keys of a record's documents (its JSON list of keyed hashes).
local function document_keys(documents)
  local found = {}
  for i, document in ipairs(cjson.decode(documents)) do
    found[i] = string.format(DOCUMENT_KEY, document)
  end
  return found
end

-- Point every given active-document key at the booking's new holder.
local function hold_documents(keys, holder, ttl)
  for _, key in ipairs(keys) do
    redis.call('SET', key, holder, 'EX', ttl)
  end
end

-- Why a booking cannot be changed or cancelled today, if it cannot: it must exist, be
-- active, and its day must be after today (changes end the day before the appointment),
-- unless staff closed its office that day: a closure we made lets the caller move it at once.
-- ``record`` holds the status, office and day first (HMGET).
local function refusal(record, today)
  if not record[1] then return 'not_found' end
  if record[1] ~= 'active' then return 'not_active' end
  if record[3] < today then return 'too_late' end
  if record[3] == today and redis.call('SISMEMBER', string.format(CLOSED_KEY, record[2]), record[3]) == 0 then
    return 'too_late'
  end
  return nil
end

-- The booking record must still be the one the caller read: same office, day and time.
local function record_mismatch(record, office, day, time)
  if not record[1] then return 'not_found' end
  if record[1] ~= 'active' then return 'not_active' end
  if record[2] ~= office or record[3] ~= day or record[4] ~= time then return 'conflict' end
  return nil
end

-- Success, with the record as it now stands (field/value pairs), so nobody reads it again.
local function saved(record_key)
  return {'ok', unpack(redis.call('HGETALL', record_key))}
end

-- When the oldest entry of a sliding window of times leaves it (epoch s).
local function window_end(key, window)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return tostring(math.ceil(tonumber(oldest[2]) + window))
end

-- Limits per calling number (booking/rate_limit.py). ``limit_keys`` = {the number's count,
-- this call's count}; ``rule`` = ARGV from ``at`` on: now (epoch s), kind ('window': a sliding
-- window of times; 'bucket': the token bucket withheld numbers share), allowance (requests in
-- the window, or tokens in the full bucket), seconds (the window, or one token back every so
-- many), a member unique to the request, the cap per call (0: none), and for a bucket the
-- opening lane: how many of a call's first requests may take from it (0: none), its tokens
-- when full and its seconds per token. The lane is a bucket of its own beside the shared one
-- (its key: the shared one's and ":opening"), so a trickle of calls that takes every token the
-- shared bucket gives back cannot keep the next caller's first request out: only many calls a
-- minute empty the lane, each of them a whole call.
local function limit_rule(at)
  return {now = tonumber(ARGV[at]), kind = ARGV[at + 1], allowance = tonumber(ARGV[at + 2]),
          seconds = tonumber(ARGV[at + 3]), member = ARGV[at + 4], per_call = tonumber(ARGV[at + 5]),
          opening = tonumber(ARGV[at + 6]),
          lane = {now = tonumber(ARGV[at]), allowance = tonumber(ARGV[at + 7]), seconds = tonumber(ARGV[at + 8])}}
end

-- The bucket's tokens now (refilled since it was last taken from), or nil when full.
local function bucket_tokens(key, rule)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  if not state[1] then return rule.allowance end
  local refilled = tonumber(state[1]) + (rule.now - tonumber(state[2])) / rule.seconds
  return math.min(rule.allowance, refilled)
end

-- The requests this call has made for the purpose (0 when calls are not counted).
local function call_count(limit_keys, rule)
  if rule.per_call == 0 then return 0 end
  return tonumber(redis.call('GET', limit_keys[2]) or '0')
end

-- The opening lane's key when this request may take from it (one of the call's first), else nil.
local function opening_lane(limit_keys, rule, made)
  if rule.kind == 'bucket' and made < rule.opening then return limit_keys[1] .. ':opening' end
  return nil
end

-- Why this request must wait, without counting it: {'call_limited'} or {'caller_limited', until}.
local function caller_refusal(limit_keys, rule)
  local made = call_count(limit_keys, rule)
  if rule.per_call > 0 and made >= rule.per_call then
    return {'call_limited'}
  end
  if rule.kind == 'bucket' then
    local tokens = bucket_tokens(limit_keys[1], rule)
    if tokens >= 1 then return nil end
    local next_token = rule.now + (1 - tokens) * rule.seconds
    local lane_key = opening_lane(limit_keys, rule, made)
    if lane_key then
      local lane_tokens = bucket_tokens(lane_key, rule.lane)
      if lane_tokens >= 1 then return nil end
      next_token = math.min(next_token, rule.now + (1 - lane_tokens) * rule.lane.seconds)
    end
    return {'caller_limited', tostring(math.ceil(next_token))}
  end
  redis.call('ZREMRANGEBYSCORE', limit_keys[1], '-inf', rule.now - rule.seconds)
  if redis.call('ZCARD', limit_keys[1]) >= rule.allowance then
    return {'caller_limited', window_end(limit_keys[1], rule.seconds)}
  end
  return nil
end

-- Take one token from a bucket that has one.
local function take_token(key, bucket)
  redis.call('HSET', key, 'tokens', tostring(bucket_tokens(key, bucket) - 1), 'at', tostring(bucket.now))
  redis.call('EXPIRE', key, math.ceil(bucket.allowance * bucket.seconds))
end

-- Count a request that ``caller_refusal`` let through: a call's first requests take from the
-- opening lane while it has tokens, the rest (and those the lane cannot serve) from the shared bucket.
local function count_caller(limit_keys, rule)
  local made = call_count(limit_keys, rule)
  if rule.per_call > 0 then
    redis.call('INCR', limit_keys[2])
    redis.call('EXPIRE', limit_keys[2], 86400)
  end
  if rule.kind == 'bucket' then
    local lane_key = opening_lane(limit_keys, rule, made)
    if lane_key and bucket_tokens(lane_key, rule.lane) >= 1 then
      take_token(lane_key, rule.lane)
    else
      take_token(limit_keys[1], rule)
    end
  else
    redis.call('ZADD', limit_keys[1], rule.now, rule.member)
    redis.call('EXPIRE', limit_keys[1], math.ceil(rule.seconds))
  end
end
