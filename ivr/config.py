"""Settings, read from the environment with defaults that run on a laptop."""
import os

DEFAULTS = {
    "REDIS_URL": None,
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_ACCOUNT_SID": None,
    "TWILIO_FROM_NUMBER": None,
    # Where the reminder worker reaches Twilio's REST API (unset: api.twilio.com; tests: a stand-in).
    "TWILIO_API_BASE_URL": None,
    # The reminder worker: seconds between looks at the due set, how long a claim on one
    # reminder lasts before another worker may take it over, and the wait before a retry.
    "REMINDER_POLL_SECONDS": 30,
    "REMINDER_CLAIM_SECONDS": 300,
    "REMINDER_RETRY_SECONDS": 300,
    "SECRET_KEY": None,
    # Number of proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
    "PROXY_FIX_X_FOR": 0,
    "PROXY_FIX_X_PROTO": 0,
    "PROXY_FIX_X_HOST": 0,
    "PROXY_FIX_X_PORT": 0,
    "CALL_STATE_TTL_SECONDS": 4 * 3600,
    "CALL_LOG_RETENTION_DAYS": 90,
    # The supervisor page: consecutive wrong passwords before an account locks, for how long,
    # how long a login lasts, and how long the audit trail of supervisors' actions is kept.
    "SUPERVISOR_MAX_FAILED_LOGINS": 5,
    "SUPERVISOR_LOCKOUT_MINUTES": 15,
    "SUPERVISOR_SESSION_HOURS": 12,
    "SUPERVISOR_AUDIT_RETENTION_DAYS": 365,
    "GATHER_TIMEOUT_SECONDS": 6,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # The table of languages (unset: data/languages.json): prompt files, menu keys, Twilio voices.
    "LANGUAGES_FILE": None,
    "AUDIO_BASE_URL": "/audio",
    "OFFICES_FILE": None,
}

INTEGER_SETTINGS = {name for name, value in DEFAULTS.items() if isinstance(value, int)}


def from_environment(environ=os.environ) -> dict:
    """The settings, each from the environment variable of the same name when set."""
    settings = dict(DEFAULTS)
    for name in DEFAULTS:
        if environ.get(name):
            raw = environ[name]
            settings[name] = int(raw) if name in INTEGER_SETTINGS else raw
    return settings
