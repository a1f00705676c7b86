"""Hooks that choose the office, the date and the time (SPEC §4.3.4-3.6, also used by a change)."""
import datetime as dt

from booking import calendar
from ivr.registry import Context, Invalid, Item, Registry

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them

HOOKS.speaks(
    "booking.bad_date", "booking.date_outside_window", "booking.date_not_working_day", "booking.date_full",
    "booking.date_office_closed",
)


def _is_change(context: Context) -> bool:
    return context.data.get("purpose") == "change"


def _window(context: Context) -> tuple[dt.date, dt.date]:
    today = context.services.today()
    first, last = calendar.booking_window(today)
    return (calendar.earliest_change_date(today) if _is_change(context) else first), last


def _applicants(context: Context) -> int:
    return context.data["applicant_count"]


def _phone_offices(context: Context) -> list:
    """Offices the line can book for this application type within the window, in catalogue order."""
    first, last = _window(context)
    return context.services.catalogue.phone_offices_between(first, last, context.data["app_type"])


@HOOKS.option("phone_offices")
def phone_offices(context: Context) -> list[Item]:
    """The offices the line can book, but those it found full for these applicants during this call."""
    full = set(context.data.get("full_offices", ()))
    return [Item(office.code, {"name": office.name[context.language]})
            for office in _phone_offices(context) if office.code not in full]


def _find_day(context: Context, after: dt.date | None) -> str:
    """Offer the first day (after ``after``) with a slot for every applicant, at its first such time."""
    data = context.data
    slot = context.services.ledger.earliest_available_slot(
        data["office"], data["app_type"], _applicants(context), after, change=_is_change(context)
    )
    if slot is None:
        return "none"
    data.update(day=slot[0].isoformat(), time=slot[1])
    return "found"


@HOOKS.action("earliest_date", ("found", "none"))
def earliest_date(context: Context) -> str:
    """Offer the earliest day of the window with a slot for every applicant."""
    return _find_day(context, None)


@HOOKS.action("next_date", ("found", "none"))
def next_date(context: Context) -> str:
    """Offer the next available day after the one offered."""
    return _find_day(context, dt.date.fromisoformat(context.data["day"]))


# After a loss (another caller took the last places at the chosen time, the chosen day filled up,
# the chosen office has no day left) the line looks for the nearest choice that still has places:
# another time that day, else the earliest date at this office, else another office, else none.
# Each flow state speaks one apology for what it found, so the caller hears only what is true.
@HOOKS.action("places_after_time_taken", ("times", "date", "office", "none"))
def places_after_time_taken(context: Context) -> str:
    """After the chosen time was taken: another time that day, or what ``places_after_day_filled`` finds."""
    return "times" if _free_times(context) else places_after_day_filled(context)


@HOOKS.action("places_after_day_filled", ("date", "office", "none"))
def places_after_day_filled(context: Context) -> str:
    """After the chosen day filled up: the earliest date with places here (on offer), or another office."""
    return "date" if _find_day(context, None) == "found" else places_after_office_filled(context)


@HOOKS.action("places_after_office_filled", ("office", "none"))
def places_after_office_filled(context: Context) -> str:
    """After the chosen office filled up: whether another office still has places; the full ones
    are no longer offered in this call (asked of every office at once, only after such a loss,
    so the office menu itself costs no look-up)."""
    codes = [office.code for office in _phone_offices(context)]
    with_places = context.services.ledger.offices_with_places(
        codes, context.data["app_type"], _applicants(context), change=_is_change(context))
    context.data["full_offices"] = [code for code in codes if code not in with_places]
    return "office" if with_places else "none"


@HOOKS.param("offered_date")
def offered_date(context: Context) -> dict:
    """The day on offer, and the office."""
    office = context.services.catalogue.office(context.data["office"])
    return {"date": dt.date.fromisoformat(context.data["day"]), "office": office.name[context.language]}


@HOOKS.param("offered_slot")
def offered_slot(context: Context) -> dict:
    """The day and time on offer, and the office."""
    return {**offered_date(context), "time": dt.time.fromisoformat(context.data["time"])}


@HOOKS.validator("chosen_date")
def chosen_date(keys: str, context: Context) -> str:
    """A ``DDMM`` date inside the window, on a working day, with a slot for every applicant."""
    first, last = _window(context)
    day = _date_from_ddmm(keys, first, last)
    if day is None:
        raise Invalid("booking.bad_date")
    # A date keyed right that cannot be booked is a choice refused, not a failed try: the caller
    # hears why, and the step's own prompt says how to key another (no format help).
    if not first <= day <= last:
        raise Invalid("booking.date_outside_window", counts=False, first=first, last=last)
    if not calendar.is_working_day(day):
        raise Invalid("booking.date_not_working_day", counts=False, date=day)
    if not _times(context, day):
        office = context.data["office"]
        if context.services.ledger.is_closed(office, day):
            # Staff closed the office that day: "no places left" would be the wrong reason.
            name = context.services.catalogue.office(office).name[context.language]
            raise Invalid("booking.date_office_closed", counts=False, date=day, office=name)
        raise Invalid("booking.date_full", counts=False, date=day)
    return day.isoformat()


def _date_from_ddmm(keys: str, first: dt.date, last: dt.date) -> dt.date | None:
    """The date meant by ``DDMM``: in the window's first year, or the next when that is past."""
    if len(keys) != 4 or not keys.isdigit():
        return None
    for year in (first.year, last.year):
        try:
            day = dt.date(year, int(keys[2:]), int(keys[:2]))
        except ValueError:
            return None
        if day >= first:
            return day
    return day


def _times(context: Context, day: dt.date) -> list[str]:
    data = context.data
    return context.services.ledger.available_times(
        data["office"], day, data["app_type"], _applicants(context), change=_is_change(context)
    )


def _free_times(context: Context) -> list[str]:
    return _times(context, dt.date.fromisoformat(context.data["day"]))


@HOOKS.option("free_hours")
def free_hours(context: Context) -> list[Item]:
    """The hours of the chosen day with a free time, each said by its first free time.

    Choosing the hour first, then the time, reaches any time of a day in two keys (three
    when the day has more hours than a page), where pages of four times took up to eight.
    """
    first_of_hour: dict[str, str] = {}
    for time in _free_times(context):
        first_of_hour.setdefault(time[:2], time)
    return [Item(hour, {"time": dt.time.fromisoformat(time)}) for hour, time in first_of_hour.items()]


@HOOKS.option("free_times")
def free_times(context: Context) -> list[Item]:
    """The general-hours times of the chosen hour with room for every applicant."""
    times = [time for time in _free_times(context) if time[:2] == context.data["hour"]]
    return [Item(time, {"time": dt.time.fromisoformat(time)}) for time in times]


@HOOKS.action("route_by_purpose", ("book", "retry", "change", "unchanged"))
def route_by_purpose(context: Context) -> str:
    """After the time: a new booking asks for the enquiry code, a change goes to its summary.

    A booking whose time was taken by another caller at the last moment already has its code:
    it goes straight back to the summary. A change to the very office, date and time it has is
    no change: the caller hears so and chooses again or keeps it.
    """
    data = context.data
    purpose = data["purpose"]
    if purpose == "change":
        booking = context.services.booking(data["reference"])
        if (booking.office, booking.day.isoformat(), booking.time) == (data["office"], data["day"], data["time"]):
            return "unchanged"
    return "retry" if purpose == "book" and "code" in data else purpose
