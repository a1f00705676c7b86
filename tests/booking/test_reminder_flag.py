"""A booking's reminder flag is true exactly when its reminder is scheduled (SPEC §2).

Hypothesis runs random book / change / cancel / reminder-switch / office close and reopen (which gives
back the reminders the closure took, as does a move off the closed day) sequences at random times of
day against the real ledger and Redis; after every step the flag, the reminder queue and a
plain-Python model must agree.
"""
import datetime as dt
import itertools
from collections import Counter

from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from booking.errors import BookingError
from booking.ledger import Ledger
from booking.model import Applicant
from booking.reminder_schedule import reminder_changeable, reminder_due
from store import keys
from tests.booking.conftest import LETTER, SECRET, START, request
from tests.documents import hkid
from tests.conftest import Clock

PHONE = "+85291234567"
# Working days from the day after START (Mon 2025-03-03) to the week after: near and far days.
DAYS = [dt.date(2025, 3, d) for d in (4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21)]
TIMES = ["08:45", "09:00", "11:00"]


def test_reminder_flag_is_true_exactly_when_scheduled(redis_client, catalogue):
    serials = itertools.count(800000)
    done = Counter()  # successful steps by kind, so the run is known to have exercised each

    class ReminderMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            redis_client.flushdb()
            self.clock = Clock(START.replace(hour=0))
            self.ledger = Ledger(redis_client, SECRET, catalogue, self.clock)
            self.expected = {}  # reference -> (day, reminder expected)
            self.closed = set()  # days staff closed the office
            self.held = set()  # bookings whose reminder a closure took, to give back on reopening

        def pick(self, index):
            return sorted(self.expected)[index % len(self.expected)] if self.expected else None

        @rule(hours=st.integers(0, 6), minutes=st.integers(0, 59))
        def time_passes(self, hours, minutes):
            self.clock.advance(hours=hours, minutes=minutes)

        @rule(day=st.sampled_from(DAYS), time=st.sampled_from(TIMES), wants=st.booleans())
        def book(self, day, time, wants):
            person = Applicant("hkid", hkid(next(serials), LETTER), 1, 1990)
            the_request = request((person,), day=day, time=time, phone=PHONE if wants else None)
            try:
                reference = self.ledger.book(the_request, f"k{person.number}")
            except BookingError:
                return
            self.expected[reference] = (day, wants and reminder_due(day) > self.clock.now)
            done["book with reminder" if self.expected[reference][1] else "book without"] += 1

        @rule(index=st.integers(0, 99), day=st.sampled_from(DAYS), time=st.sampled_from(TIMES))
        def change(self, index, day, time):
            self.move(self.pick(index), day, time)

        @rule(index=st.integers(0, 99), day=st.sampled_from(DAYS), time=st.sampled_from(TIMES))
        def move_off_a_closed_day(self, index, day, time):
            # What an affected caller does at the closure menu: move a booking its office's closure hit.
            affected = sorted(reference for reference, (booked_day, _) in self.expected.items()
                              if booked_day in self.closed and self.ledger.get(reference).active)
            if affected:
                self.move(affected[index % len(affected)], day, time)

        def move(self, reference, day, time):
            if reference is None:
                return
            before = self.ledger.get(reference)
            try:
                after = self.ledger.change(reference, "HKO", day, time)
            except BookingError:
                return
            moved = (before.day, before.time) != (day, time)
            reminder = self.expected[reference][1]
            assert before.reminder_held is (reference in self.held)
            if not moved:  # its own slot: no change at all, a held reminder stays held
                done["change to its own slot"] += 1
                return
            # Moved off a closed day, the reminder the closure held goes with it, as one that is on
            # does: scheduled for the new day while its moment is still ahead.
            held = reference in self.held
            self.held.discard(reference)
            self.expected[reference] = (day, (reminder or held) and reminder_due(day) > self.clock.now)
            assert after.day == day and not after.office_closed and not after.reminder_held
            if held:
                done["change giving a held reminder back" if self.expected[reference][1] else
                     "change off a closed day too near for the held reminder"] += 1
            else:
                done["change dropping it" if reminder and not self.expected[reference][1] else "change"] += 1

        @rule(index=st.integers(0, 99))
        def cancel(self, index):
            reference = self.pick(index)
            if reference is None:
                return
            try:
                self.ledger.cancel(reference)
            except BookingError:
                return
            self.expected[reference] = (self.expected[reference][0], False)
            self.held.discard(reference)
            done["cancel"] += 1

        @rule(index=st.integers(0, 99))
        def close(self, index):
            # The day of a booking, so that closures hit bookings (and their reminders) often.
            reference = self.pick(index)
            day = self.expected[reference][0] if reference else DAYS[0]
            try:
                self.ledger.close_office("HKO", day)
            except BookingError:
                return
            # Closing drops the reminders of the day: nobody is reminded to come to a closed office.
            for reference, (booked_day, reminder) in self.expected.items():
                if booked_day == day and self.ledger.get(reference).active and day not in self.closed:
                    self.held.discard(reference)
                    if reminder:
                        self.held.add(reference)
                    self.expected[reference] = (day, False)
            self.closed.add(day)
            done["close"] += 1

        @rule(index=st.integers(0, 99))
        def reopen(self, index):
            # Reopening gives back the reminders the closure took, when their moment is still ahead.
            day = sorted(self.closed)[index % len(self.closed)] if self.closed else DAYS[0]
            if self.ledger.reopen_office("HKO", day) is None:
                return
            self.closed.discard(day)
            for reference in sorted(self.held):
                if self.expected[reference][0] == day:
                    self.held.discard(reference)
                    self.expected[reference] = (day, reminder_due(day) > self.clock.now)
                    done["reopen giving a reminder back" if self.expected[reference][1] else "reopen"] += 1

        @rule(index=st.integers(0, 99), on=st.booleans())
        def switch(self, index, on):
            reference = self.pick(index)
            if reference is None:
                return
            booking = self.ledger.get(reference)
            allowed = booking.active and reminder_changeable(booking.day, self.clock.now.date()) and not (
                on and booking.day in self.closed)
            try:
                self.ledger.set_reminder(reference, on, PHONE)
            except BookingError:
                assert not allowed
                return
            assert allowed
            self.expected[reference] = (booking.day, on)
            if not on:
                self.held.discard(reference)
            done["switch"] += 1

        @invariant()
        def flag_matches_the_queue_and_the_model(self):
            for reference, (day, reminder) in self.expected.items():
                booking = self.ledger.get(reference)
                score = redis_client.zscore(keys.reminders_due(), reference)
                assert booking.reminder is reminder, (reference, booking, self.clock.now)
                assert (score is not None) is booking.reminder
                if score is not None:
                    assert score == reminder_due(booking.day).timestamp() == reminder_due(day).timestamp()

    # Derandomized: the same 100 programs every run, so the coverage check below cannot fail by
    # the luck of one run's draw (it did once in a few hundred runs).
    run_state_machine_as_test(ReminderMachine, settings=settings(
        max_examples=100, stateful_step_count=25, deadline=None, derandomize=True, database=None))
    # A change that drops the reminder is a rarer path; tests/ivr/test_reminder_calls.py walks it by phone, and
    # tests/ivr/test_closures.py a move off a closed day too near for the held reminder.
    assert set(done) >= {"book with reminder", "book without", "change", "cancel", "switch", "close",
                         "reopen giving a reminder back", "change giving a held reminder back"}, done
