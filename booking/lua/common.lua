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
