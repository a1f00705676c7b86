"""Fixtures of the booking-domain tests: the real catalogue, a movable clock, a real ledger."""
import datetime as dt
import itertools

import pytest

from tests.conftest import Clock
from tests.documents import hkid

from booking.calendar import HK_TZ
from booking.ledger import Ledger
from booking.model import Applicant, BookingRequest
from booking.offices import load_catalogue
from store import keys

SECRET = "test-secret"
# A Monday: the window runs from Tue 2025-03-04; 2025-03-10 is a Monday with 31 HKO slots.
START = dt.datetime(2025, 3, 3, 10, 0, tzinfo=HK_TZ)
DAY = dt.date(2025, 3, 10)
LETTER = "Z"  # the first letter of the domain tests' HKID numbers


_serials = itertools.count(100000)


def applicants(count: int) -> tuple[Applicant, ...]:
    """``count`` applicants with fresh, valid HKID numbers."""
    return tuple(Applicant("hkid", hkid(next(_serials), LETTER), 5, 1980) for _ in range(count))


def request(people=None, *, office="HKO", day=DAY, time="09:00", app_type="lost_damaged",
            code="2468", phone=None, language="en-GB") -> BookingRequest:
    """A booking request with sensible defaults (one fresh applicant)."""
    people = applicants(1) if people is None else people
    return BookingRequest(tuple(people), office, day, time, app_type, code, phone, language)


def used(redis_client, office, day, time) -> int:
    """Places taken in one slot, as the ledger's usage hash counts them."""
    return int(redis_client.hget(keys.slot_usage(office, day.isoformat()), time) or 0)


@pytest.fixture(scope="session")
def catalogue():
    """The catalogue of ``data/offices.json``."""
    return load_catalogue()


@pytest.fixture
def clock():
    """A clock at Monday 2025-03-03 10:00 in Hong Kong."""
    return Clock(START)


@pytest.fixture
def ledger(redis_client, catalogue, clock):
    """A ledger over the clean test Redis."""
    return Ledger(redis_client, SECRET, catalogue, clock)
