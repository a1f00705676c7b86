-- Read-only: the position (1-based) of the first candidate day with a slot whose remaining
-- quota covers every applicant, and that slot's time; or 0. One round trip for the whole
-- booking window.
-- KEYS: 1 office closures, 2.. slot usage of each candidate day, in day order
-- ARGV: 1 quota, 2 applicants, 3 number P of time patterns, 4..3+P patterns (times joined
--       by ","), then per candidate day: its ISO date and its pattern number
local limit = tonumber(ARGV[1]) - tonumber(ARGV[2])
local pattern_count = tonumber(ARGV[3])
local patterns = {}
for p = 1, pattern_count do
  local times = {}
  for time in string.gmatch(ARGV[3 + p], '[^,]+') do times[#times + 1] = time end
  patterns[p] = times
end
local closed = {}
for _, day in ipairs(redis.call('SMEMBERS', KEYS[1])) do closed[day] = true end
local base = 3 + pattern_count
for i = 2, #KEYS do
  local at = base + 2 * (i - 2)
  if not closed[ARGV[at + 1]] then
    local times = patterns[tonumber(ARGV[at + 2])]
    local used = redis.call('HMGET', KEYS[i], unpack(times))
    for j = 1, #times do
      if tonumber(used[j] or '0') <= limit then return {i - 1, times[j]} end
    end
  end
end
return {0}
