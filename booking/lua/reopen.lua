-- Lift one booking's closure mark when its office reopens that day, and give back the SMS
-- reminder the closure took, if its sending moment is still ahead.
-- KEYS: 1 booking record, 2 reminders due
-- ARGV: 1 reference, 2 closure mark, 3 reminder due score or "" (its moment has passed)
-- Returns 0: not marked by this closure; 1: mark lifted; 2: mark lifted and reminder given back.
local record = redis.call('HMGET', KEYS[1], 'status', 'closed', 'reminder_held')
if record[2] ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], 'closed', 'reminder_held')
if record[1] ~= 'active' or record[3] ~= '1' or ARGV[3] == '' then return 1 end
redis.call('HSET', KEYS[1], 'reminder', '1')
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 2
