-- Mark one booking hit by an office closure and drop its SMS reminder: a reminder to come to a
-- closed office must never be sent (the closure SMS notice replaces it).
-- KEYS: 1 booking record, 2 reminders due
-- ARGV: 1 reference, 2 office, 3 day, 4 closure mark
-- Only while the booking is still active on that office and day: one moved meanwhile keeps its reminder.
-- Whether the reminder was on is kept ('reminder_held'), so a reopening can give it back.
local record = redis.call('HMGET', KEYS[1], 'status', 'office', 'day', 'reminder', 'closed')
if record[1] ~= 'active' or record[2] ~= ARGV[2] or record[3] ~= ARGV[3] then return 0 end
if record[5] == ARGV[4] then return 1 end  -- closed again: what the first closure kept stays
redis.call('HSET', KEYS[1], 'closed', ARGV[4], 'reminder', '0', 'reminder_held', record[4] or '0')
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
