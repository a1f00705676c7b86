"""The line's app as gunicorn serves it, answering each request with its Redis round trips.

Every round trip to Redis is one ``send_packed_command`` on a connection (a pipeline sends
all its commands at once), so counting those calls per request thread counts round trips.
The count goes back in a response header the load benchmark reads; nothing else changes.
"""
import threading

from redis.connection import AbstractConnection

from app import create_app

HEADER = "X-Redis-Round-Trips"
_requests = threading.local()
_send = AbstractConnection.send_packed_command


def _counted_send(connection, *args, **kwargs):
    _requests.round_trips = getattr(_requests, "round_trips", 0) + 1
    return _send(connection, *args, **kwargs)


AbstractConnection.send_packed_command = _counted_send


class RoundTrips:
    """WSGI middleware adding the request's Redis round trips as a header."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        _requests.round_trips = 0

        def counted_start_response(status, headers, exc_info=None):
            headers.append((HEADER, str(_requests.round_trips)))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, counted_start_response)


app = RoundTrips(create_app())
