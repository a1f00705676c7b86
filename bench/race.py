"""Callers that key a whole booking, wait for each other at a barrier, then all confirm at once."""
import multiprocessing
import threading
from typing import NamedTuple

from bench import callers
from bench.transport import TimedTransport
from phone import Call, PhoneError

BOOKED, TAKEN, WRONG = "told booked", "told the slot was taken", "went wrong"
OUTCOMES = (BOOKED, TAKEN, WRONG)
BARRIER_SECONDS = 300
_barrier = None  # shared by inheritance: each pool process gets it from its initializer


class Result(NamedTuple):
    """How one caller's race went; its confirmation's send and answer times (monotonic s)."""

    outcome: str
    confirm_ms: float | None = None
    sent: float = float("inf")
    answered: float = float("-inf")


class ConfirmTogether:
    """A booking's keys up to its summary, then the confirmation (and the silence after the
    read-back) once every caller is ready to confirm; ``confirm_at`` is the confirmation's sample."""

    def __init__(self, keys: list[str], samples: list):
        self.keys, self.samples = keys, samples
        self.reached, self.confirm_at = False, None

    def __iter__(self):
        yield from self.keys[:-2]
        self.reached = True
        try:
            _barrier.wait(BARRIER_SECONDS)
        except threading.BrokenBarrierError:
            return  # someone's call went wrong: hang up rather than wait for ever
        self.confirm_at = len(self.samples)
        yield from self.keys[-2:]


def run(base_url: str, token: str, caller_count: int, processes: int) -> list[Result]:
    """Race ``caller_count`` callers, spread over ``processes``; every caller's result."""
    context = multiprocessing.get_context("fork")
    shares = [range(first, caller_count, processes) for first in range(processes)]
    with context.Pool(processes, initializer=_share, initargs=(context.Barrier(caller_count),)) as pool:
        parts = pool.starmap(_race, [(base_url, token, share) for share in shares if share])
    return [result for part in parts for result in part]


def _share(barrier) -> None:
    global _barrier
    _barrier = barrier


def _race(base_url: str, token: str, indexes: range) -> list[Result]:
    results = []
    threads = [threading.Thread(target=_caller, args=(base_url, token, i, results)) for i in indexes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _caller(base_url: str, token: str, index: int, results: list) -> None:
    """One caller: book the first office's earliest slot, confirming with everyone else."""
    script, samples = callers.booking(callers.Documents(index).draw()), []
    keys = ConfirmTogether(script.keys, samples)
    try:
        call = Call(TimedTransport(base_url, samples), from_number=script.caller, auth_token=token,
                    base_url=base_url)
        transcript = call.run(keys)
    except PhoneError:
        transcript = None
    if not keys.reached:
        _barrier.abort()
    results.append(_result(script, transcript, keys))


def _result(script: callers.Script, transcript, keys: ConfirmTogether) -> Result:
    """Booked (the line read it back and hung up), told the slot was taken (asked for another time), or wrong."""
    if transcript is None or len(transcript.turns) != len(script.keys) or keys.confirm_at is None:
        return Result(WRONG)
    confirm = keys.samples[keys.confirm_at]
    booked = script.went_as_planned(transcript)
    taken = transcript.ended_by == callers.CALLER_HANGS_UP
    outcome = BOOKED if booked else TAKEN if taken else WRONG
    return Result(outcome, confirm.seconds * 1000, confirm.ended - confirm.seconds, confirm.ended)
