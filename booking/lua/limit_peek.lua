-- Whether a request would pass a limit per calling number, without counting it (so a caller
-- over the limit hears so before keying a whole booking).
-- KEYS: 1 the calling number's count, 2 this call's count
-- ARGV: 1.. the limit's rule (``caller_refusal`` in common.lua)
-- Returns {'caller_limited', until}, {'call_limited'} or {'ok'}.
return caller_refusal({KEYS[1], KEYS[2]}, limit_rule(1)) or {'ok'}
