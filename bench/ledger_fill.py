"""Places taken in the ledger, written straight into the usage hashes the line reads.

``booking/availability.py`` reads one hash per office day (``store.keys.slot_usage``): slot
time -> places taken. Writing those hashes fills months of ledger in a second.
"""
import random
from typing import Callable

from store import keys

APP_TYPE = "old_card"  # bookable at every phone office: the widest set of slots

# (position of the day in the window, position of the slot in the day, quota, rng) -> places
Taken = Callable[[int, int, int, random.Random], int]


def fill(client, offices, days, taken: Taken, seed: int = 8) -> int:
    """Write every office day's usage hash with ``taken`` places per slot; the places written."""
    rng, written = random.Random(seed), 0
    with client.pipeline(transaction=False) as pipe:
        for office in offices:
            for position, day in enumerate(days):
                times = office.phone_times(day, APP_TYPE)
                usage = {time: taken(position, slot, office.quota, rng) for slot, time in enumerate(times)}
                usage = {time: places for time, places in usage.items() if places}
                if usage:
                    pipe.hset(keys.slot_usage(office.code, day.isoformat()), mapping=usage)
                    written += sum(usage.values())
        pipe.execute()
    return written
