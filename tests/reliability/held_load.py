"""Concurrent scripted callers held for a while against a real HTTP server on loopback.

Shared by the CI test (``test_load.py``) and the long run (``bench/soak.py``).
"""
import itertools
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from werkzeug.serving import WSGIRequestHandler, make_server

from phone import HttpTransport
from tests.documents import hkid
from tests.reliability.caller import Outcome, book_by_ear
from tests.reliability.together import run_together

SERIALS = itertools.count(400000)


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without the access log (thousands of lines would bury the figures)."""

    def log_request(self, *args) -> None:
        """Log nothing."""


@contextmanager
def serving(app):
    """``app`` behind a threaded werkzeug HTTP server on a free loopback port; yields its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


class TimedTransport(HttpTransport):
    """An HTTP transport that notes how long each webhook took to answer."""

    def __init__(self, base_url: str, seconds: list[float]):
        super().__init__(base_url)
        self.seconds = seconds

    def post(self, path, form, headers):
        """POST and note the time to the answer."""
        started = time.perf_counter()
        try:
            return super().post(path, form, headers)
        finally:
            self.seconds.append(time.perf_counter() - started)


@dataclass
class LoadResult:
    """What N callers did in M seconds."""

    callers: int
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    webhook_seconds: list[float] = field(default_factory=list)

    @property
    def errors(self) -> list[Outcome]:
        """Calls that did not end with a booking read back."""
        return [outcome for outcome in self.outcomes if outcome.kind != "booked"]

    @property
    def acknowledged(self) -> set[str]:
        """References the callers heard."""
        return {outcome.reference for outcome in self.outcomes if outcome.kind == "booked"}

    def percentile(self, share: float) -> float:
        """A webhook answer time (s) at ``share`` (0-1) of the distribution."""
        return statistics.quantiles(self.webhook_seconds, n=100)[round(share * 100) - 1]

    def summary(self) -> str:
        """One line of figures."""
        return (f"{self.callers} callers x {self.seconds:.0f} s: {len(self.outcomes)} calls, "
                f"{len(self.webhook_seconds)} webhooks, {len(self.errors)} errors; webhook answer "
                f"p50 {self.percentile(.5) * 1000:.0f} ms, p95 {self.percentile(.95) * 1000:.0f} ms, "
                f"max {max(self.webhook_seconds) * 1000:.0f} ms")


def hold_load(base_url: str, callers: int, seconds: float) -> LoadResult:
    """``callers`` threads each booking by ear, call after call, for ``seconds``."""
    result, deadline = LoadResult(callers, seconds), time.monotonic() + seconds

    def caller(_) -> None:
        transport = TimedTransport(base_url, result.webhook_seconds)
        while time.monotonic() < deadline:
            result.outcomes.append(book_by_ear(transport, hkid(next(SERIALS))))

    run_together(caller, callers)
    return result
