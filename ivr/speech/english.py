"""English (en-GB) words for numbers, dates, times and characters, through num2words."""
import datetime
import re

from num2words import num2words

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Spelled and digit-by-digit readings pause between characters so the caller can follow.
CHARACTER_SEPARATOR = ", "


def cardinal(number: int) -> str:
    """The cardinal: 105 -> "one hundred and five", 2500 -> "two thousand five hundred".

    num2words writes "two thousand, five hundred"; said aloud the comma is a pause that
    splits one number in two, so it is dropped.
    """
    return num2words(number, lang="en").replace(",", "")


def count(number: int) -> str:
    """A quantity of things; English has no measure-word form, so the cardinal."""
    return cardinal(number)


def year(number: int) -> str:
    """A calendar year: 1985 -> "nineteen eighty-five"."""
    return num2words(number, lang="en", to="year")


def day_of_month(day: int) -> str:
    """A day of the month: 5 -> "the fifth"."""
    return "the " + num2words(day, lang="en", to="ordinal")


def money(dollars: int) -> str:
    """Whole Hong Kong dollars: 370 -> "three hundred and seventy dollars"."""
    return cardinal(dollars) + (" dollar" if dollars == 1 else " dollars")


def date(day: datetime.date) -> str:
    """A date without its year: "Monday the twenty-fourth of November"."""
    return f"{WEEKDAYS[day.weekday()]} {day_of_month(day.day)} of {MONTHS[day.month - 1]}"


def time(moment: datetime.time) -> str:
    """A clock time to the minute, 12-hour: "nine thirty a.m.", "twelve noon"."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "twelve midnight" if moment.hour == 0 else "twelve noon"
    hour = cardinal(moment.hour % 12 or 12)
    suffix = "a.m." if moment.hour < 12 else "p.m."
    if moment.minute == 0:
        return f"{hour} {suffix}"
    # 9:05 is said "nine oh five": the "oh" keeps it from sounding like 9:50.
    minute = cardinal(moment.minute) if moment.minute >= 10 else "oh " + cardinal(moment.minute)
    return f"{hour} {minute} {suffix}"


def hours(opens: datetime.time, closes: datetime.time) -> str:
    """Opening hours: "nine to eleven thirty a.m.", "eight forty-five a.m. to four thirty p.m."."""
    first, last = time(opens), time(closes)
    for suffix in (" a.m.", " p.m."):
        if first.endswith(suffix) and last.endswith(suffix):
            first = first.removesuffix(suffix)
    return f"{first} to {last}"


FLOOR = re.compile(r"\b(\d+)/F\b")
RANGE = re.compile(r"\b(\d+)-(\d+)\b")


def address(text: str) -> str:
    """An address as said: "8/F" -> "eighth floor", "G/F" -> "ground floor", "223-231" -> "223 to 231"."""
    text = FLOOR.sub(lambda match: num2words(int(match[1]), lang="en", to="ordinal") + " floor", text)
    return RANGE.sub(r"\1 to \2", text.replace("G/F", "ground floor"))


def _character(character: str) -> str:
    """A digit as its word; a letter stays a capital, which voices say by its name."""
    return cardinal(int(character)) if character.isdigit() else character


def spelled(text: str, bracket_last: bool) -> str:
    """Character by character; a bracketed check character is announced as such."""
    said = [_character(character) for character in text]
    if bracket_last:
        said[-1] = "bracket " + said[-1]
    return CHARACTER_SEPARATOR.join(said)


def digits(text: str) -> str:
    """Digit by digit: "2026" -> "two, zero, two, six"."""
    return CHARACTER_SEPARATOR.join(_character(digit) for digit in text)
