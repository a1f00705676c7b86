"""The telephone keypad: the keys a Twilio <Gather> reports, for the flows, engine and phone."""

KEYPAD = frozenset("0123456789*#")
UNIVERSAL_KEYS = frozenset("*#")  # repeat and back, at every step: never a menu choice
