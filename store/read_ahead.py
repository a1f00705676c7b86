"""Values a webhook read ahead, in the round trip that claimed its turn: reading one again costs none."""
from collections.abc import Mapping


class ReadAhead:
    """``GET`` over ``redis``, answered from ``values`` for the keys read ahead."""

    def __init__(self, redis, values: Mapping[str, str | None]):
        self.redis, self.values = redis, values

    def get(self, key: str) -> str | None:
        """The value at ``key``: as read ahead (even when there was none), else from Redis."""
        return self.values[key] if key in self.values else self.redis.get(key)
