"""Each dated fact of data/offices.json, checked on its dates, and a source for every office
(SPEC §3). ``docs/OFFICES_ON_DATES.md`` holds ``offices list --on`` for the dates the issue names."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from booking.model import APPLICATION_TYPES
from booking.offices import DEFAULT_FILE, load_catalogue

DOC = Path(__file__).resolve().parents[2] / "docs" / "OFFICES_ON_DATES.md"
D = dt.date
CATALOGUE = load_catalogue()
PERMANENT = ("HKO", "KO", "TKO", "TMO", "YLO")


def by_phone(code: str, day: dt.date, app_type: str = "old_card") -> bool:
    return CATALOGUE.office(code).phone_bookable_on(day, app_type)


def test_every_office_names_publisher_title_and_date_of_its_sources():
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    for office in data["offices"]:
        assert office["sources"], office["code"]
        for source in office["sources"]:
            assert {"fact", "publisher", "title", "date"} <= set(source), (office["code"], source)
    assert data["enquiry_hotline"]["source"]["publisher"] == "Immigration Department"


@pytest.mark.parametrize("day, expected", [
    (D(2023, 10, 31), {"HKO", "KO", "KTO", "TMO"}),   # before 1 Nov 2023 (press release 30 Oct 2023)
    (D(2024, 12, 31), set()),                           # since then Kwun Tong (Temporary) and extended hours
    (D(2025, 1, 2), set()),                             # only Kwun Tong (Temporary), never by phone
    (D(2025, 10, 11), set()),                           # its last day (press release 18 Jun 2025)
    (D(2025, 10, 13), {"HKO", "KO", "TKO", "TMO", "YLO"}),  # the permanent offices again
])
def test_old_card_replacement_by_phone_on_each_date(day, expected):
    assert {o.code for o in CATALOGUE.offices if by_phone(o.code, day)} == expected


@pytest.mark.parametrize("day, app_type, expected", [
    (D(2023, 10, 31), "replacement_11_18", {"HKO", "KO", "KTO", "TMO", "YLO"}),
    (D(2023, 11, 1), "replacement_11_18", {"YLO"}),        # press release 30 Oct 2023
    (D(2023, 11, 1), "immigration_status", {"YLO"}),
    (D(2023, 11, 1), "first_registration", {"HKO", "KO", "KTO", "TMO", "YLO"}),
    (D(2024, 9, 2), "replacement_11_18", {"YLO"}),         # Tseung Kwan O as a designated office
    (D(2025, 1, 2), "replacement_11_18", {"HKO", "KO", "TKO", "TMO", "YLO"}),  # press release 4 Sep 2024
])
def test_general_hours_types_from_1_november_2023(day, app_type, expected):
    assert {o.code for o in CATALOGUE.offices if by_phone(o.code, day, app_type)} == expected


def test_yuen_long_and_fo_tan_took_no_replacement_exercise_cards_from_6_march_2023():
    assert by_phone("YLO", D(2023, 3, 4)) and not by_phone("YLO", D(2023, 3, 6))
    assert "old_card" not in CATALOGUE.office("FTO").types_on(D(2023, 3, 6))


def test_other_types_stay_bookable_at_the_permanent_offices_on_2_january_2025():
    for code in PERMANENT:
        assert all(by_phone(code, D(2025, 1, 2), t) for t in APPLICATION_TYPES if t != "old_card")


def test_kwun_tong_temporary_serves_1_nov_2023_to_11_oct_2025_and_never_by_phone():
    office = CATALOGUE.office("KTT")
    assert not office.is_open(D(2023, 10, 31)) and office.is_open(D(2023, 11, 1))
    assert office.is_open(D(2025, 10, 11)) and not office.is_open(D(2025, 10, 13))
    assert not any(by_phone("KTT", D(2025, 1, 2), t) for t in APPLICATION_TYPES)


def test_kwun_tong_closes_before_tseung_kwan_o_opens():
    assert CATALOGUE.office("KTO").is_open(D(2024, 6, 8)) and not CATALOGUE.office("KTO").is_open(D(2024, 6, 10))
    assert not CATALOGUE.office("TKO").is_open(D(2024, 6, 10)) and CATALOGUE.office("TKO").is_open(D(2024, 6, 11))


def test_fo_tan_is_in_the_catalogue_but_out_of_every_phone_menu_until_its_address_is_sourced():
    office = CATALOGUE.office("FTO")
    assert office.name["en-GB"] == "Fo Tan Office" and not office.listed
    assert not any(by_phone("FTO", D(2026, 12, 1), t) for t in APPLICATION_TYPES)


def test_the_hotline_hours_spoken_are_the_booking_page_hours(app):
    prompts = app.extensions["line"].prompts
    said = prompts.render("common.goodbye_tries", "en-GB", {})
    assert "Monday to Friday from eight forty-five a.m. to five fifteen p.m., and Saturday from nine a.m. " \
           "to twelve noon, except public holidays" in said
    assert "下午五時十五分" in prompts.render("common.goodbye_tries", "zh-HK", {})
    assert "下午五点十五分" in prompts.render("common.goodbye_tries", "zh-CN", {})


def test_the_offices_on_dates_page_is_what_the_command_prints(runner):
    sections = re.findall(r"^## offices list --on (\S+)\n\n```\n(.*?)```", DOC.read_text(encoding="utf-8"),
                          re.S | re.M)
    assert [day for day, _ in sections] == ["2023-11-01", "2024-06-10", "2025-01-02", "2025-10-12", "2026-11-30"]
    for day, printed in sections:
        assert runner.invoke(args=["offices", "list", "--on", day]).output == printed, day


def test_offices_list_without_a_date_prints_hong_kong_today(runner, clock):
    """The page's last section is "today" as it was written: ``offices list`` with no ``--on``
    prints it on that day, reckoned in Hong Kong (half past midnight there is still the UTC eve)."""
    sections = dict(re.findall(r"^## offices list --on (\S+)\n\n```\n(.*?)```", DOC.read_text(encoding="utf-8"),
                               re.S | re.M))
    clock.now = dt.datetime(2026, 11, 29, 16, 30, tzinfo=dt.timezone.utc)  # 00:30 on 30 Nov in Hong Kong
    assert runner.invoke(args=["offices", "list"]).output == sections["2026-11-30"]
