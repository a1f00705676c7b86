"""gunicorn settings for the webhook server (override with GUNICORN_CMD_ARGS)."""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# One single-threaded (sync) worker per core and one more: a webhook is CPU work in Python, so
# threads in one process only queue for its GIL (2 workers x 4 threads answered with a p99 of
# 27.5 ms at 50 paced callers on 2 cores, 3 x 1 with 15.7 ms: docs/PERFORMANCE.md), and the
# extra worker computes while another waits on Redis. Sync workers expect a load balancer
# in front to buffer slow clients, as the line is deployed (docs/SCALING.md).
workers = int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# The app (and the embedded Redis, when no REDIS_URL is set) is created once, before forking,
# so every worker talks to the same Redis server.
preload_app = True
timeout = 30
accesslog = "-"
