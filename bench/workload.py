"""Simulated callers: threads in worker processes, each making whole calls until a deadline.

The generator shares the machine with the server, so it runs as separate processes (one
Python process cannot drive 50 callers without its own GIL adding to their latency).
"""
import multiprocessing
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Callable, TypeVar

from bench import callers
from bench.transport import TimedTransport
from phone import Call, PhoneError

T = TypeVar("T")
OFFICES, TIMES = 5, 4  # spread bookings over the offices and first times the line offers
AS_PLANNED, OTHERWISE, CUT_SHORT, FAILED = "as planned", "otherwise", "cut by the deadline", "failed"
OUTCOMES = (AS_PLANNED, OTHERWISE, CUT_SHORT, FAILED)


@dataclass(frozen=True)
class Plan:
    """What every caller does: where, how long (monotonic instants), how fast."""

    base_url: str
    auth_token: str
    start: float
    deadline: float
    think_seconds: float
    first_caller: int = 0  # callers are numbered from here: each number has its own documents
    jitter: float = 0.5  # each pause is the thinking time times 1 +/- this


def drive(plan: Plan, caller_count: int, processes: int, meanwhile: Callable[[], T]) -> tuple[list, Counter, T]:
    """Run ``caller_count`` callers over ``processes`` while this process runs ``meanwhile``.

    Returns every sample, the calls' outcomes and what ``meanwhile`` returned.
    """
    last = plan.first_caller + caller_count
    shares = [range(plan.first_caller + first, last, processes) for first in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending = pool.starmap_async(run_callers, [(plan, share) for share in shares if share])
        observed = meanwhile()
        results = pending.get()
    samples, outcomes = [], Counter()
    for process_samples, process_outcomes in results:
        samples += process_samples
        outcomes += process_outcomes
    return samples, outcomes, observed


def run_callers(plan: Plan, indexes: range) -> tuple[list, Counter]:
    """One process's callers, each in a thread; their samples and call outcomes."""
    samples, outcomes = [], Counter()
    threads = [threading.Thread(target=_caller, args=(plan, i, samples, outcomes)) for i in indexes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, outcomes


def _caller(plan: Plan, index: int, samples: list, outcomes: Counter) -> None:
    """Call again and again until the deadline: book, enquire about it, ask for information."""
    documents, transport = callers.Documents(index), TimedTransport(plan.base_url, samples)
    # Callers that started together and paused alike would keep arriving in bursts: start
    # each at its own moment within one pause.
    time.sleep(max(plan.start - time.monotonic(), 0) + random.uniform(0, plan.think_seconds))
    calls = 0
    while time.monotonic() < plan.deadline:
        booked = documents.draw()
        booking = callers.booking(booked, 1 + (index + calls) % OFFICES, 1 + calls % TIMES)
        booking_went = _call(plan, transport, booking)
        outcomes[(booking.kind, booking_went)] += 1
        # A caller enquires about the booking just made, if it was made.
        follow_ups = [callers.enquiry(booked)] if booking_went == AS_PLANNED else []
        for script in follow_ups + [callers.information(documents.new_phone())]:
            outcomes[(script.kind, _call(plan, transport, script))] += 1
        calls += 1


def _call(plan: Plan, transport: TimedTransport, script: callers.Script) -> str:
    """Make one call; how it went: as planned, otherwise, cut short by the deadline, or failed."""
    call = Call(transport, from_number=script.caller, auth_token=plan.auth_token, base_url=plan.base_url)
    transport.start_call(script.kind)
    try:
        transcript = call.run(_paced(plan, script.keys))
    except PhoneError:
        return FAILED
    if script.went_as_planned(transcript):
        return AS_PLANNED
    return CUT_SHORT if time.monotonic() >= plan.deadline else OTHERWISE


def _paced(plan: Plan, keys: list[str]):
    """The keys, each after a pause of the thinking time +/- its jitter; none after the deadline."""
    for key in keys:
        time.sleep(plan.think_seconds * random.uniform(1 - plan.jitter, 1 + plan.jitter))
        if time.monotonic() >= plan.deadline:
            return
        yield key
