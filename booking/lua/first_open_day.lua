-- Read-only: for each office searched, the position (1-based) of the first candidate day with a
-- slot whose remaining quota covers every applicant, and that slot's time; or 0 and "". One
-- round trip for the whole booking window of every office searched (after a loss the line asks
-- which offices still have places).
-- KEYS: per office searched, in order: its closures, then the slot usage of each candidate day
-- ARGV: 1 applicants, 2 number M of offices searched, then per office: its quota, its number D
--       of candidate days, its number P of time patterns, the P patterns (times joined by ","),
--       then per candidate day: its ISO date and its pattern number
local applicants = tonumber(ARGV[1])
local found = {}
local key_at, arg_at = 1, 3

local function first_open(closures_key, quota, days, patterns, day_args)
  local limit = quota - applicants
  local closed = {}
  for _, day in ipairs(redis.call('SMEMBERS', closures_key)) do closed[day] = true end
  for d = 1, days do
    if not closed[ARGV[day_args + 2 * (d - 1)]] then
      local times = patterns[tonumber(ARGV[day_args + 2 * (d - 1) + 1])]
      local used = redis.call('HMGET', KEYS[key_at + d], unpack(times))
      for j = 1, #times do
        if tonumber(used[j] or '0') <= limit then return d, times[j] end
      end
    end
  end
  return 0, ''
end

for _ = 1, tonumber(ARGV[2]) do
  local quota, days, pattern_count = tonumber(ARGV[arg_at]), tonumber(ARGV[arg_at + 1]), tonumber(ARGV[arg_at + 2])
  local patterns = {}
  for p = 1, pattern_count do
    local times = {}
    for time in string.gmatch(ARGV[arg_at + 2 + p], '[^,]+') do times[#times + 1] = time end
    patterns[p] = times
  end
  local position, time = first_open(KEYS[key_at], quota, days, patterns, arg_at + 3 + pattern_count)
  found[#found + 1] = position
  found[#found + 1] = time
  key_at = key_at + 1 + days
  arg_at = arg_at + 3 + pattern_count + 2 * days
end
return found
