"""Kill -9 Redis under booking calls, start it again from its AOF, count what survived.

A booking is acknowledged when its caller heard the reference read back; every acknowledged
booking must be in the ledger after the restart. Bookings found but never acknowledged are
those committed just before the crash, whose caller heard the apology instead.
"""
import itertools
import random
import threading
import time
from dataclasses import dataclass, field

from phone import FlaskTransport
from tests.documents import hkid
from tests.reliability.caller import Outcome, book_by_ear
from tests.reliability.invariants import active_references, ledger_problems

SERIALS = itertools.count(200000)


@dataclass
class Tally:
    """What the callers heard over all crash cycles, and what the ledger held afterwards."""

    outcomes: list[Outcome] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    crashes: int = 0

    @property
    def acknowledged(self) -> set[str]:
        """References the callers heard."""
        return {outcome.reference for outcome in self.outcomes if outcome.kind == "booked"}

    @property
    def lost(self) -> set[str]:
        """Acknowledged bookings the ledger no longer has."""
        return self.acknowledged - self.found

    def count(self, kind: str) -> int:
        """How many calls ended as ``kind``."""
        return sum(outcome.kind == kind for outcome in self.outcomes)


def keep_calling(app, stop: threading.Event, outcomes: list) -> None:
    """Book by ear, one call after another, until told to stop."""
    transport = FlaskTransport(app.test_client())
    while not stop.is_set():
        outcomes.append(book_by_ear(transport, hkid(next(SERIALS))))


def crash_cycle(app, server, tally: Tally, callers: int, seconds: float, rng: random.Random,
                booked_first: int = 0, patience: float = 120.0) -> None:
    """Callers book for a random part of ``seconds`` (and until ``booked_first`` bookings of this
    cycle were heard, for at most ``patience`` s); Redis is killed under them, then restarted."""
    stop, threads = threading.Event(), []
    heard_before = tally.count("booked")
    for _ in range(callers):
        threads.append(threading.Thread(target=keep_calling, args=(app, stop, tally.outcomes)))
        threads[-1].start()
    time.sleep(rng.uniform(seconds / 2, seconds))
    # On a busy machine the calls go slowly: wait for bookings rather than kill an idle line.
    deadline = time.monotonic() + patience
    while tally.count("booked") - heard_before < booked_first and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()
    tally.crashes += 1
    stop.set()
    for thread in threads:
        thread.join()
    server.start()
    client = server.client()
    tally.found = active_references(client)
    tally.problems += ledger_problems(client)
