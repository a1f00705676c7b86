"""Settings, read from the environment with defaults that run on a laptop."""
import os

DEFAULTS = {
    "REDIS_URL": None,
    # Without REDIS_URL: the folder of the embedded Redis's data (unset: the app's instance/ folder).
    "EMBEDDED_REDIS_DIR": None,
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_ACCOUNT_SID": None,
    "TWILIO_FROM_NUMBER": None,
    # Where the reminder worker reaches Twilio's REST API (unset: api.twilio.com; tests: a stand-in).
    "TWILIO_API_BASE_URL": None,
    # The reminder worker: seconds between looks at the due set, how long a claim on one
    # reminder lasts before another worker may take it over, the wait before the first retry
    # (doubled after each failure up to the longest wait), attempts before giving up, and how
    # long a send waits for Twilio's answer.
    "REMINDER_POLL_SECONDS": 30,
    "REMINDER_CLAIM_SECONDS": 300,
    "REMINDER_RETRY_SECONDS": 300,
    "REMINDER_MAX_RETRY_SECONDS": 3600,
    "REMINDER_MAX_ATTEMPTS": 6,
    "TWILIO_HTTP_TIMEOUT_SECONDS": 30,
    "SECRET_KEY": None,
    # Keys SECRET_KEY replaced, newest first: what they sealed or hashed is still read
    # (``flask secrets rotate``, docs/RELIABILITY.md).
    "SECRET_KEY_PREVIOUS": None,
    # Appointments one calling number may make by phone in 24 hours (SPEC §2).
    "BOOKINGS_PER_NUMBER": 4,
    # Number of proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
    "PROXY_FIX_X_FOR": 0,
    "PROXY_FIX_X_PROTO": 0,
    "PROXY_FIX_X_HOST": 0,
    "PROXY_FIX_X_PORT": 0,
    "CALL_STATE_TTL_SECONDS": 4 * 3600,
    "CALL_LOG_RETENTION_DAYS": 90,
    "LANGUAGE_MEMORY_DAYS": 180,  # a calling number's language is remembered this long (0: never)
    # The supervisor page: login attempts allowed per name from one address and per address
    # (any names) in a sliding window, counted before the password is hashed; how long a
    # login lasts at most and without a request; how long the audit trail is kept.
    "SUPERVISOR_LOGINS_PER_NAME": 5,
    "SUPERVISOR_LOGINS_PER_ADDRESS": 30,
    "SUPERVISOR_LOGIN_WINDOW_MINUTES": 15,
    "SUPERVISOR_SESSION_HOURS": 12,
    "SUPERVISOR_IDLE_MINUTES": 30,
    # The supervisor's session cookie; SESSION_COOKIE_SECURE unset means on in production
    # (TWILIO_AUTH_TOKEN set) and off on a laptop's plain http.
    "SESSION_COOKIE_SECURE": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SUPERVISOR_AUDIT_RETENTION_DAYS": 365,
    "GATHER_TIMEOUT_SECONDS": 6,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # The table of languages (unset: data/languages.json): prompt files, menu keys, Twilio voices.
    "LANGUAGES_FILE": None,
    "AUDIO_BASE_URL": "/audio",
    "OFFICES_FILE": None,
}

BOOLEAN_SETTINGS = {"SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY"}
INTEGER_SETTINGS = {name for name, value in DEFAULTS.items()
                    if isinstance(value, int) and name not in BOOLEAN_SETTINGS}
# Whole numbers are at least 1 (a limit of 0 would refuse everyone, a time of 0 end everything
# at once) but for these, where 0 says "none" or "never".
ZERO_ALLOWED = {"LANGUAGE_MEMORY_DAYS", "PROXY_FIX_X_FOR", "PROXY_FIX_X_PROTO", "PROXY_FIX_X_HOST", "PROXY_FIX_X_PORT"}
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# Settings that take one of a few words (any case): a typo is refused at start-up, not met as a
# 500 on every page that sets the cookie.
CHOICE_SETTINGS = {"SESSION_COOKIE_SAMESITE": ("Strict", "Lax", "None")}


def from_environment(environ=os.environ) -> dict:
    """The settings, each from the environment variable of the same name when set."""
    settings = dict(DEFAULTS)
    for name in DEFAULTS:
        if environ.get(name):
            settings[name] = _parsed(name, environ[name])
    return settings


def is_production(config) -> bool:
    """Whether the app runs for real callers: Twilio's auth token is set."""
    return bool(config.get("TWILIO_AUTH_TOKEN"))


def _parsed(name: str, raw: str):
    if name in INTEGER_SETTINGS:
        least, digits = (0 if name in ZERO_ALLOWED else 1), raw.strip()
        if not (digits.isascii() and digits.isdigit()) or int(digits) < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {raw!r}")
        return int(digits)
    if name in BOOLEAN_SETTINGS:
        if raw.lower() not in TRUE + FALSE:
            raise ValueError(f"{name} must be one of {', '.join(TRUE + FALSE)}, not {raw!r}")
        return raw.lower() in TRUE
    if name in CHOICE_SETTINGS:
        choices = {choice.lower(): choice for choice in CHOICE_SETTINGS[name]}
        if raw.lower() not in choices:
            raise ValueError(f"{name} must be one of {', '.join(CHOICE_SETTINGS[name])}, not {raw!r}")
        return choices[raw.lower()]
    return raw
