"""The telephone keypad: the keys a Twilio <Gather> reports, for the flows, engine, phone and replay."""

LAYOUT = ("123", "456", "789", "*0#")  # row by row, as on the phone (a key's tone pairs its row's and column's)
KEYPAD = frozenset("".join(LAYOUT))
UNIVERSAL_KEYS = frozenset("*#")  # repeat and back, at every step: never a menu choice
