"""Random book/change/cancel/close sequences against a real Redis, checked after every step.

A plain-Python model predicts each outcome; the invariants read Redis itself: the places
taken in every slot equal the applicants of its active bookings and never exceed the quota,
and every document is in at most one active booking.
"""
import copy
import json
from collections import Counter

from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from booking import identity
from booking.errors import (
    DocumentAlreadyBooked, DuplicateDocument, NotActive, SlotFull, SlotUnavailable,
)
from booking.ledger import Ledger
from booking.model import Applicant
from booking.offices import DEFAULT_FILE, catalogue_from_dict
from store import keys
from tests.booking.conftest import DAY, LETTER, SECRET, START, request
from tests.documents import hkid
from tests.conftest import Clock

QUOTA = 4
SLOTS = [(office, day, time) for office in ("HKO", "KO")
         for day in (DAY, DAY.replace(day=11)) for time in ("09:00", "09:15")]
PEOPLE = [Applicant("hkid", hkid(700000 + n, LETTER), 1, 1990) for n in range(8)]
FAILURES = (DuplicateDocument, DocumentAlreadyBooked, SlotFull, SlotUnavailable, NotActive)


def small_catalogue():
    """Hong Kong and Kowloon offices only, with 4 places per slot so slots fill up."""
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    offices = [copy.deepcopy(o) for o in data["offices"] if o["code"] in ("HKO", "KO")]
    for office in offices:
        office["quota_per_slot"] = QUOTA
    return catalogue_from_dict({"offices": offices})


def outcome(call):
    """The name of what ``call()`` did: "ok" or the exception class."""
    try:
        call()
    except FAILURES as error:
        return type(error).__name__
    return "ok"


def test_ledger_state_machine(redis_client):
    catalogue = small_catalogue()

    class LedgerMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            redis_client.flushdb()
            self.ledger = Ledger(redis_client, SECRET, catalogue, Clock(START))
            self.bookings = {}     # reference -> [slot, people indexes, active]
            self.closed = set()    # (office, day)
            self.calls = 0

        def used(self, slot):
            return sum(len(p) for s, p, active in self.bookings.values() if active and s == slot)

        def holders(self, person):
            return [r for r, (_, p, active) in self.bookings.items() if active and person in p]

        @rule(slot=st.sampled_from(SLOTS), people=st.lists(st.integers(0, len(PEOPLE) - 1), min_size=1, max_size=4))
        def book(self, slot, people):
            if len(set(people)) < len(people):
                expected = "DuplicateDocument"
            elif slot[:2] in self.closed:
                expected = "OfficeClosed"
            elif any(self.holders(p) for p in people):
                expected = "DocumentAlreadyBooked"
            else:
                expected = "SlotFull" if self.used(slot) + len(people) > QUOTA else "ok"
            self.calls += 1
            office, day, time = slot
            made = []
            the_request = request(tuple(PEOPLE[p] for p in people), office=office, day=day, time=time)
            assert outcome(lambda: made.append(self.ledger.book(the_request, f"call{self.calls}"))) == expected
            if made:
                self.bookings[made[0]] = [slot, people, True]

        @rule(pick=st.integers(0, 99), slot=st.sampled_from(SLOTS))
        def change(self, pick, slot):
            if not self.bookings:
                return
            reference = sorted(self.bookings)[pick % len(self.bookings)]
            old, people, active = self.bookings[reference]
            if not active:
                expected = "NotActive"
            elif slot == old:
                expected = "ok"
            elif slot[:2] in self.closed:
                expected = "OfficeClosed"
            else:
                expected = "SlotFull" if self.used(slot) + len(people) > QUOTA else "ok"
            assert outcome(lambda: self.ledger.change(reference, *slot)) == expected
            if expected == "ok":
                self.bookings[reference][0] = slot

        @rule(pick=st.integers(0, 99))
        def cancel(self, pick):
            if not self.bookings:
                return
            reference = sorted(self.bookings)[pick % len(self.bookings)]
            expected = "ok" if self.bookings[reference][2] else "NotActive"
            assert outcome(lambda: self.ledger.cancel(reference)) == expected
            self.bookings[reference][2] = False

        @rule(slot=st.sampled_from(SLOTS))
        def close(self, slot):
            office, day, _ = slot
            affected = {b.reference for b in self.ledger.close_office(office, day)}
            assert affected == {r for r, (s, _, active) in self.bookings.items() if active and s[:2] == (office, day)}
            self.closed.add((office, day))

        @invariant()
        def places_taken_match_active_bookings(self):
            stored = [self.ledger.get(reference) for reference in self.bookings]
            taken = Counter()
            for booking in stored:
                if booking.active:
                    taken[(booking.office, booking.day, booking.time)] += booking.applicants
            for office, day, time in SLOTS:
                used = int(redis_client.hget(keys.slot_usage(office, day.isoformat()), time) or 0)
                assert used == taken[(office, day, time)] == self.used((office, day, time)) <= QUOTA

        @invariant()
        def each_document_in_at_most_one_active_booking(self):
            active = [redis_client.hgetall(keys.booking(r)) for r in self.bookings]
            counts = Counter(d for record in active if record["status"] == "active"
                             for d in json.loads(record["documents"]))
            assert all(count == 1 for count in counts.values())
            for person in PEOPLE:
                document = identity.document_hash(SECRET, "hkid", person.number)
                holder = redis_client.get(keys.document_active(document))
                expected = self.holders(PEOPLE.index(person))
                assert (holder.split("|")[0] if holder else None) == (expected[0] if expected else None)

    run_state_machine_as_test(
        LedgerMachine, settings=settings(max_examples=25, stateful_step_count=20, deadline=None))
