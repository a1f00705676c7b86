"""An office and the catalogue of offices, date-effective (SPEC §3).

Only general-hours slots exist for the phone channel: extended hours are described for the
information menu and never turned into slots here.
"""
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from booking.calendar import is_working_day, working_days_between
from booking.errors import UnknownOffice
from booking.schedule import DateRange, HoursPeriod, Localized, Span, slot_starts


@dataclass(frozen=True, eq=False)
class Office:
    """One ROP office as the catalogue describes it (compared by identity: hashing is cheap)."""

    code: str
    name: Localized
    address: Localized
    district: Localized
    service: DateRange
    general_hours: tuple[HoursPeriod, ...]
    extended_hours: tuple[HoursPeriod, ...]
    slot_minutes: int
    quota: int
    general_types: frozenset[str]
    phone_bookable: tuple[DateRange, ...]
    notes: str = field(default="", compare=False)
    # Types the office did not take during a period (e.g. old-card replacement only at one office).
    types_withheld: tuple[tuple[DateRange, frozenset[str]], ...] = ()
    # False until staff fill in a fact no published source gives: never offered for booking, and
    # office information names it without address or hours.
    listed: bool = True

    def types_on(self, day: dt.date) -> frozenset[str]:
        """The application types the office takes on ``day``."""
        withheld = frozenset().union(*(types for period, types in self.types_withheld if day in period))
        return self.general_types - withheld

    def is_open(self, day: dt.date) -> bool:
        """True when the office serves the public on ``day`` (staff closures aside)."""
        return day in self.service and is_working_day(day)

    def general_span(self, day: dt.date) -> Span | None:
        """The general hours on ``day``, or None when the office is not open."""
        if not self.is_open(day):
            return None
        return next(filter(None, (period.span_on(day) for period in self.general_hours)), None)

    def general_times(self, day: dt.date) -> list[str]:
        """Start times ("HH:MM") of the general-hours slots on ``day``; empty when closed."""
        return list(_general_times(self, day))

    def phone_bookable_on(self, day: dt.date, app_type: str) -> bool:
        """True when the phone line may book ``app_type`` at this office for ``day``."""
        return (
            self.listed
            and app_type in self.types_on(day)
            and any(day in period for period in self.phone_bookable)
            and self.general_span(day) is not None
        )

    def phone_times(self, day: dt.date, app_type: str) -> tuple[str, ...]:
        """The general-hours slot times the phone line may offer on ``day`` for ``app_type``."""
        return _phone_times(self, day, app_type)

    def general_hours_on(self, day: dt.date) -> tuple[Span, ...]:
        """The general hours in force on ``day`` (Mon-Fri and Saturday spans) for speaking."""
        period = next((p for p in self.general_hours if day in p.valid), None)
        return period.spans if period and day in self.service else ()

    def extended_hours_on(self, day: dt.date) -> HoursPeriod | None:
        """The extended-hours period in force on ``day`` (never bookable by phone), if any."""
        if day not in self.service:
            return None
        return next((p for p in self.extended_hours if day in p.valid), None)


# Offices are frozen and hashable, so their per-day answers can be memoised: the earliest-slot
# search asks about every day of the 96-working-day window on each call.
@lru_cache(maxsize=16384)
def _general_times(office: Office, day: dt.date) -> tuple[str, ...]:
    span = office.general_span(day)
    return slot_starts(span.opens, span.closes, office.slot_minutes) if span else ()


@lru_cache(maxsize=65536)
def _phone_times(office: Office, day: dt.date, app_type: str) -> tuple[str, ...]:
    return _general_times(office, day) if office.phone_bookable_on(day, app_type) else ()


@dataclass(frozen=True)
class Catalogue:
    """Every office, in catalogue order, plus the data file's stated assumptions."""

    offices: tuple[Office, ...]
    languages: tuple[str, ...]  # every text is given in each of them; a booking is in one
    assumptions: tuple[str, ...] = field(default=(), compare=False)

    def office(self, code: str) -> Office:
        """The office with ``code``, or ``UnknownOffice``."""
        for office in self.offices:
            if office.code == code:
                return office
        raise UnknownOffice(code)

    def phone_offices(self, on_day: dt.date, app_type: str) -> tuple[Office, ...]:
        """Offices the phone line may book on ``on_day`` for ``app_type``, in catalogue order."""
        return tuple(o for o in self.offices if o.phone_bookable_on(on_day, app_type))

    def phone_offices_between(self, first: dt.date, last: dt.date,
                              app_type: str) -> tuple[Office, ...]:
        """Offices bookable by phone for ``app_type`` on at least one day of ``first``..``last``."""
        days = list(working_days_between(first, last))
        return tuple(
            office for office in self.offices
            if any(office.phone_times(day, app_type) for day in days)  # memoised per day
        )
