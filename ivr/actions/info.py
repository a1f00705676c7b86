"""Hooks of the information menus: offices (5) and other information (6)."""
import datetime as dt

from booking import calendar
from ivr.registry import Context, Item, Registry
from ivr.speech import Address, Hours, Money

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them

# Schedule 1 of the HKSAR Passports Ordinance (Cap. 539), in Hong Kong dollars.
PASSPORT_FEES = {
    "adult_32": 370,
    "adult_48": 460,
    "child_32": 185,
    "child_48": 230,
    "amendment": 84,
    "cross_link": 170,
}
PASSPORT_VALIDITY_YEARS = {"child_years": 5, "adult_years": 10}
HOURS_PROMPTS = {(0, 1, 2, 3, 4): "info.hours_weekdays", (5,): "info.hours_saturday"}
HOOKS.speaks(
    "info.office_detail", "info.office_unsourced", "info.hours_closed", "info.closed_today", "info.office_phone_yes", "info.office_phone_no",
    "info.office_extended", *HOURS_PROMPTS.values(),
)


@HOOKS.param("passport_fees")
def passport_fees(context: Context) -> dict:
    """Passport fees as money, and validity in years."""
    return {**{name: Money(fee) for name, fee in PASSPORT_FEES.items()}, **PASSPORT_VALIDITY_YEARS}


@HOOKS.option("offices_today")
def offices_today(context: Context) -> list[Item]:
    """Every office of the catalogue in service today (bookable by phone or not, sourced or not), in catalogue order."""
    today = context.services.today()
    return [
        Item(office.code, {"name": office.name[context.language]})
        for office in context.services.catalogue.offices
        if today in office.service
    ]


@HOOKS.action("describe_office", ("done",))
def describe_office(context: Context) -> str:
    """Speak the chosen office's address, general hours and whether the line can book it."""
    services, language = context.services, context.language
    office, today = services.catalogue.office(context.data["info_office"]), services.today()
    if office.listed:
        context.say("info.office_detail", name=office.name[language], address=Address(office.address[language]))
        for span in office.general_hours_on(today):
            context.say(HOURS_PROMPTS[span.weekdays], hours=Hours(_clock(span.opens), _clock(span.closes)))
        context.say("info.hours_closed")
    else:
        # No published source gives its address or hours (data/offices.json): named, never guessed.
        context.say("info.office_unsourced", name=office.name[language])
    if services.ledger.is_closed(office.code, today) or not calendar.is_working_day(today):
        # The hours above are for the other days: a caller about to set out must hear this one.
        context.say("info.closed_today")
    bookable = office.listed and any(today in period for period in office.phone_bookable)
    context.say("info.office_phone_yes" if bookable else "info.office_phone_no")
    if office.extended_hours_on(today):
        context.say("info.office_extended")
    return "done"


def _clock(hhmm: str) -> dt.time:
    return dt.time.fromisoformat(hhmm)
