"""Any time of a day is at most three keys away in the time menu (issue 16): from the date offered,
``2`` (another time), the hour, the time. Checked by trying every sequence of up to three keys at
every office the line books, on a weekday and on a Saturday, against every time the ledger has free."""
import datetime as dt

import pytest

from booking.extensions import ledger_of
from booking.identity import encode_keypad as keypad
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE

KEYS = "0123456789*#"
APP_TYPE_KEY, APP_TYPE = "6", "old_card"
OFFICES = ["HKO", "KO", "TKO", "TMO", "YLO"]  # the office menu's keys 1 to 5 for this type


def at_the_offer(app, office_key: str, weekday: int):
    """An engine, and a call at the first date offered at the office that falls on ``weekday``."""
    line = app.extensions["line"]
    engine = line.engine.serving(line.services)
    state, turn = engine.start({"sid": "CA" + "7" * 32, "from": HK_MOBILE})
    for key in ["3", "1", "1", keypad(hkid(880001)), "05", "1985", "1", APP_TYPE_KEY, office_key]:
        state, turn = engine.handle(state, key)
    while dt.date.fromisoformat(state.data["day"]).weekday() != weekday:
        state, turn = engine.handle(state, "3")  # the next date
    assert turn.step in ("booking.date_offer", "booking.next_offer")
    return engine, state


def reachable(engine, offer) -> dict[str, str]:
    """Every time a sequence of at most three keys from the offer leads to, with the shortest keys."""
    found = {}
    frontier = [("", offer)]
    for _ in range(3):
        following = []
        for keys, state in frontier:
            for key in KEYS:
                after, turn = engine.handle(state, key)
                if turn.step == "booking.time_confirm":
                    found.setdefault(after.data["time"], keys + key)
                elif turn.step in ("booking.hours", "booking.times"):
                    following.append((keys + key, after))
        frontier = following
    return found


@pytest.mark.parametrize("weekday", [1, 5], ids=["weekday", "saturday"])
@pytest.mark.parametrize("office_key", ["1", "2", "3", "4", "5"])
def test_every_time_of_the_day_is_at_most_three_keys_away(app, office_key, weekday):
    engine, offer = at_the_offer(app, office_key, weekday)
    office, day = offer.data["office"], dt.date.fromisoformat(offer.data["day"])
    assert office == OFFICES[int(office_key) - 1]
    free = ledger_of(app).available_times(office, day, APP_TYPE, 1)
    assert len(free) >= (10 if weekday == 1 else 3)  # a whole day: 31 times a weekday, 10 on a Saturday
    found = reachable(engine, offer)
    assert sorted(found) == free
    assert all(keys.startswith("2") and len(keys) <= 3 for keys in found.values())
