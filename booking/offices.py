"""The office catalogue: load ``data/offices.json``, validate it loudly, build frozen objects.

Every error names the office and the field, so a bad edit to the data file stops start-up
with a message a clerk can act on.
"""
import datetime as dt
import json
import logging
import re
from pathlib import Path

from booking.errors import CatalogueError
from booking.model import APPLICATION_TYPES
from booking.office_model import Catalogue, Office
from booking.schedule import MON_FRI, SATURDAY, DateRange, HoursPeriod, Localized, Span, minutes_of
from languages import LINE

__all__ = ["Catalogue", "Office", "DEFAULT_FILE", "load_catalogue", "catalogue_from_dict"]

log = logging.getLogger(__name__)

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "offices.json"
CODE = re.compile(r"[A-Z]{2,5}")
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def load_catalogue(path: str | Path | None = None, languages: tuple[str, ...] = LINE.codes) -> Catalogue:
    """The validated catalogue from ``path`` (default: ``data/offices.json``), texts in ``languages``."""
    path = Path(path) if path else DEFAULT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CatalogueError(f"{path}: cannot read the office catalogue: {error}") from error
    catalogue = catalogue_from_dict(data, languages)
    log.info("loaded %d offices from %s", len(catalogue.offices), path)
    return catalogue


def catalogue_from_dict(data: dict, languages: tuple[str, ...] = LINE.codes) -> Catalogue:
    """The validated catalogue from already-parsed data (the file's JSON object)."""
    entries = data.get("offices") if isinstance(data, dict) else None
    if not entries or not isinstance(entries, list):
        raise CatalogueError("the catalogue has no 'offices' list")
    offices = tuple(_office(entry, index, languages) for index, entry in enumerate(entries))
    codes = [office.code for office in offices]
    duplicated = sorted({code for code in codes if codes.count(code) > 1})
    if duplicated:
        raise CatalogueError(f"office code(s) used twice: {', '.join(duplicated)}")
    return Catalogue(offices, languages, tuple(data.get("_assumptions", ())))


class _Reader:
    """Reads one office entry, naming the office and field in every complaint."""

    def __init__(self, entry, index: int, languages: tuple[str, ...]):
        if not isinstance(entry, dict):
            raise CatalogueError(f"office #{index}: not an object")
        self.entry, self.languages = entry, languages
        self.code = entry.get("code")
        if not isinstance(self.code, str) or not CODE.fullmatch(self.code):
            raise CatalogueError(f"office #{index}: code must be 2-5 capital letters")

    def fail(self, field: str, problem: str):
        """Raise a ``CatalogueError`` about ``field`` of this office."""
        raise CatalogueError(f"office {self.code}: {field}: {problem}")

    def require(self, field: str):
        """The field's value, which must be present."""
        if field not in self.entry:
            self.fail(field, "missing")
        return self.entry[field]

    def localized(self, field: str) -> Localized:
        """A text given in every language of the line."""
        texts = self.require(field)
        if not isinstance(texts, dict) or any(not texts.get(lang) for lang in self.languages):
            self.fail(field, f"needs a non-empty text for each of {', '.join(self.languages)}")
        return Localized(tuple((lang, texts[lang]) for lang in self.languages))

    def date(self, field: str, value) -> dt.date | None:
        """An ISO date or None."""
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(field, f"{value!r} is not an ISO date")

    def date_range(self, field: str, raw: dict, start: str = "from",
                   end: str = "until") -> DateRange:
        """A date range whose start is not after its end."""
        if not isinstance(raw, dict):
            self.fail(field, "each entry must be an object")
        result = DateRange(self.date(field, raw.get(start)), self.date(field, raw.get(end)))
        if result.start and result.end and result.start > result.end:
            self.fail(field, f"starts {result.start} after it ends {result.end}")
        return result

    def positive_int(self, field: str, upper: int) -> int:
        """An integer from 1 to ``upper``."""
        value = self.require(field)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= upper:
            self.fail(field, f"must be an integer from 1 to {upper}")
        return value

    def types(self, field: str, raw, allow_empty: bool) -> frozenset[str]:
        """A set of known application types."""
        if not isinstance(raw, list) or (not raw and not allow_empty):
            self.fail(field, "must be a non-empty list of application types")
        unknown = sorted(set(raw) - set(APPLICATION_TYPES))
        if unknown:
            self.fail(field, f"unknown application type(s) {', '.join(map(str, unknown))}")
        return frozenset(raw)

    def span(self, field: str, raw, weekdays: tuple[int, ...], slot: int) -> Span | None:
        """Opening and closing "HH:MM" times, at least one slot apart (None: closed)."""
        if raw is None:
            return None
        pair = isinstance(raw, list) and len(raw) == 2
        if not (pair and all(isinstance(t, str) and TIME.fullmatch(t) for t in raw)):
            self.fail(field, f"{raw!r} is not a pair of HH:MM times")
        if minutes_of(raw[1]) - minutes_of(raw[0]) < slot:
            self.fail(field, f"{raw[0]}-{raw[1]} is shorter than one {slot}-minute slot")
        return Span(weekdays, raw[0], raw[1])

    def periods(self, field: str, slot: int, with_types: bool) -> tuple[HoursPeriod, ...]:
        """Hours periods that never overlap one another."""
        raw = self.require(field)
        if not isinstance(raw, list):
            self.fail(field, "must be a list")
        result = tuple(self._period(field, item, slot, with_types) for item in raw)
        for i, first in enumerate(result):
            if any(first.valid.overlaps(later.valid) for later in result[i + 1:]):
                self.fail(field, "periods overlap")
        return result

    def _period(self, field: str, raw, slot: int, with_types: bool) -> HoursPeriod:
        valid = self.date_range(field, raw)
        spans = (self.span(f"{field}.mon_fri", raw.get("mon_fri"), MON_FRI, slot),
                 self.span(f"{field}.sat", raw.get("sat"), SATURDAY, slot))
        types = self.types(f"{field}.types", raw.get("types"), False) if with_types else frozenset()
        return HoursPeriod(valid, tuple(s for s in spans if s), types)


def _office(entry, index: int, languages: tuple[str, ...]) -> Office:
    reader = _Reader(entry, index, languages)
    slot = reader.positive_int("slot_minutes", 240)
    listed = entry.get("listed", True)
    if not isinstance(listed, bool):
        reader.fail("listed", "must be true or false")
    if not isinstance(entry.get("sources"), list) or not entry["sources"]:
        reader.fail("sources", "every office names the published sources of its facts")
    # An office whose address no source gives stays unlisted (out of the phone menus) until staff add it.
    address = (reader.localized("address") if listed or entry.get("address")
               else Localized(tuple((language, "") for language in reader.languages)))
    office = Office(
        code=reader.code,
        name=reader.localized("name"),
        address=address,
        district=reader.localized("district"),
        service=reader.date_range("open_from/open_until", entry, "open_from", "open_until"),
        general_hours=reader.periods("general_hours", slot, with_types=False),
        extended_hours=reader.periods("extended_hours", slot, with_types=True),
        slot_minutes=slot,
        quota=reader.positive_int("quota_per_slot", 1000),
        general_types=reader.types("general_types", reader.require("general_types"), False),
        phone_bookable=tuple(
            reader.date_range("phone_bookable", r) for r in reader.require("phone_bookable")),
        notes=str(entry.get("notes", "")),
        types_withheld=tuple(
            (reader.date_range("types_withheld", r), reader.types("types_withheld.types", r.get("types"), False))
            for r in entry.get("types_withheld", [])),
        listed=listed,
    )
    _check_extended_apart(reader, office)
    return office


def _check_extended_apart(reader: _Reader, office: Office) -> None:
    # Extended hours must never share minutes with general hours: the phone line offers every
    # general-hours slot, so an overlap would sell extended-hours capacity by phone.
    for general in office.general_hours:
        for extended in office.extended_hours:
            if general.valid.overlaps(extended.valid) and any(
                g.overlaps(e) for g in general.spans for e in extended.spans
            ):
                reader.fail("extended_hours", "overlaps the general hours")
