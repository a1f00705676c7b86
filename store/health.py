"""``/healthz`` for both servers: Redis answers and takes a write (a full memory refuses every booking)."""
import logging

import redis
from flask import Blueprint, current_app, jsonify

from store import keys
from store.connection import redis_of

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
PROBE_SECONDS = 60


@bp.get("/healthz")
def healthz():
    """200 when Redis takes a write; 503 when it is unreachable or refuses writes."""
    try:
        redis_of(current_app).set(keys.health_probe(), "1", ex=PROBE_SECONDS)
    except (redis.ConnectionError, redis.TimeoutError):
        return jsonify(redis="unreachable"), 503
    except redis.RedisError as error:
        log.error("health check: Redis refuses writes: %s", error)
        return jsonify(redis="refusing writes"), 503
    return jsonify(redis="ok")
