"""gunicorn settings for the webhook server (override with GUNICORN_CMD_ARGS)."""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# The app (and the embedded Redis, when no REDIS_URL is set) is created once, before forking,
# so every worker talks to the same Redis server.
preload_app = True
timeout = 30
accesslog = "-"
