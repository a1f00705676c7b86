"""What the phone line may offer: general-hours slots with quota left for every applicant.

Calendar and catalogue rules are checked in Python (they need no Redis); the quota is read
in one round trip per day, and in one script call for the whole window (of every office asked
about) when searching the earliest day.
"""
import datetime as dt
from functools import lru_cache

from booking import calendar
from booking.errors import SlotUnavailable
from booking.office_model import Office
from booking.requests import check_applicant_count
from store import keys


class Availability:
    """Read side of the ledger: offered days and times, with live quota."""

    def __init__(self, redis, catalogue, clock, scripts):
        self.redis = redis
        self.catalogue = catalogue
        self.clock = clock
        self.scripts = scripts

    def today(self) -> dt.date:
        """Today in Hong Kong by the ledger's clock."""
        return calendar.hk_today(self.clock())

    def window(self, change: bool = False) -> tuple[dt.date, dt.date]:
        """First and last day a booking (or, with ``change``, a change) may take today."""
        today = self.today()
        first, last = calendar.booking_window(today)
        return (calendar.earliest_change_date(today) if change else first), last

    def offered_times(self, office: Office, day: dt.date, app_type: str,
                      change: bool = False) -> tuple[str, ...]:
        """The times the phone line may offer on ``day`` before quota and closures."""
        first, last = self.window(change)
        if not first <= day <= last:
            return ()
        return office.phone_times(day, app_type)

    def require_offered(self, office: Office, day: dt.date, time: str, app_type: str,
                        change: bool = False) -> None:
        """Raise ``SlotUnavailable`` unless the phone line may offer this slot today."""
        if time not in self.offered_times(office, day, app_type, change):
            raise SlotUnavailable(f"{office.code} {day.isoformat()} {time} is not offered by phone")

    def available_times(self, office_code: str, day: dt.date, app_type: str, applicants: int,
                        *, change: bool = False) -> list[str]:
        """The offered times on ``day`` whose remaining quota covers every applicant."""
        check_applicant_count(applicants)
        office = self.catalogue.office(office_code)
        times = self.offered_times(office, day, app_type, change)
        if not times:
            return []
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.sismember(keys.office_closures(office.code), day.isoformat())
            pipe.hmget(keys.slot_usage(office.code, day.isoformat()), list(times))
            closed, used = pipe.execute()
        if closed:
            return []
        room = office.quota - applicants
        return [time for time, taken in zip(times, used) if int(taken or 0) <= room]

    def earliest_available_day(self, office_code: str, app_type: str, applicants: int,
                               after: dt.date | None = None, *,
                               change: bool = False) -> dt.date | None:
        """The first day in the window (after ``after``) with a slot for all applicants."""
        slot = self.earliest_available_slot(office_code, app_type, applicants, after, change=change)
        return slot[0] if slot else None

    def earliest_available_slot(self, office_code: str, app_type: str, applicants: int,
                                after: dt.date | None = None, *,
                                change: bool = False) -> tuple[dt.date, str] | None:
        """The first day in the window (after ``after``) with a slot for all applicants, and that slot's time."""
        return self._first_open_slots([office_code], app_type, applicants, after, change)[office_code]

    def offices_with_places(self, office_codes: list[str], app_type: str, applicants: int, *,
                            change: bool = False) -> set[str]:
        """The offices among ``office_codes`` with a slot for every applicant in the window, in one round trip."""
        slots = self._first_open_slots(office_codes, app_type, applicants, None, change)
        return {code for code, slot in slots.items() if slot}

    def _first_open_slots(self, office_codes: list[str], app_type: str, applicants: int,
                          after: dt.date | None, change: bool) -> dict[str, tuple[dt.date, str] | None]:
        """Each office's first slot (after ``after``) with room for all applicants, or None."""
        check_applicant_count(applicants)
        first, last = self.window(change)
        offices = [self.catalogue.office(code) for code in office_codes]
        plans = {office.code: _search_plan(office, app_type, first, last, after) for office in offices}
        searched = [office for office in offices if plans[office.code][0]]
        slots = dict.fromkeys(office_codes)
        if not searched:
            return slots
        script_keys, script_args = [], [applicants, len(searched)]
        for office in searched:
            days, office_keys, office_args = plans[office.code]
            script_keys += office_keys
            script_args += [office.quota, len(days), *office_args]
        found = self.scripts.first_open_day(keys=script_keys, args=script_args)
        for office, position, time in zip(searched, found[::2], found[1::2]):
            slots[office.code] = (plans[office.code][0][position - 1], time) if position else None
        return slots


@lru_cache(maxsize=512)
def _search_plan(office: Office, app_type: str, first: dt.date, last: dt.date,
                 after: dt.date | None):
    # The candidate days, keys and time patterns depend only on the calendar and the
    # catalogue, so they are built once per office, type and day; only quota is read live.
    candidates = [
        (day, office.phone_times(day, app_type))
        for day in calendar.working_days_between(first, last)
        if after is None or day > after
    ]
    candidates = [(day, times) for day, times in candidates if times]
    patterns = list(dict.fromkeys(times for _, times in candidates))
    script_keys = [keys.office_closures(office.code)]
    per_day = []
    for day, times in candidates:
        script_keys.append(keys.slot_usage(office.code, day.isoformat()))
        per_day += [day.isoformat(), patterns.index(times) + 1]
    script_args = [len(patterns), *(",".join(p) for p in patterns), *per_day]
    return tuple(day for day, _ in candidates), tuple(script_keys), tuple(script_args)
