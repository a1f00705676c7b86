-- Shared helpers, prepended to every ledger script by booking/scripts.py.
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

-- Point every active-document key from position `first` on at the booking's new holder.
local function hold_documents(first, holder, ttl)
  for i = first, #KEYS do
    redis.call('SET', KEYS[i], holder, 'EX', ttl)
  end
end

-- The booking record must still be the one the caller read: same office, day and time.
local function record_mismatch(record, office, day, time)
  if not record[1] then return 'not_found' end
  if record[1] ~= 'active' then return 'not_active' end
  if record[2] ~= office or record[3] ~= day or record[4] ~= time then return 'conflict' end
  return nil
end
