"""The date-effective office catalogue and what it lets the phone line offer (SPEC §3)."""
import copy
import datetime as dt
import json

import pytest

from booking.calendar import is_working_day
from booking.errors import CatalogueError, UnknownOffice
from booking.model import APPLICATION_TYPES
from booking.offices import DEFAULT_FILE, catalogue_from_dict, load_catalogue
from booking.schedule import minutes_of

D = dt.date
ALL_DAYS = [D(2023, 1, 1) + dt.timedelta(days=n) for n in range((D(2027, 12, 31) - D(2023, 1, 1)).days + 1)]


def codes(offices):
    return [office.code for office in offices]


def test_catalogue_order_and_languages(catalogue):
    assert codes(catalogue.offices) == ["HKO", "KO", "KTO", "TKO", "TMO", "YLO", "FTO", "KTT"]
    hko = catalogue.office("HKO")
    assert (hko.name["zh-HK"], hko.name["zh-CN"], hko.name["en-GB"]) == ("香港辦事處", "香港办事处", "Hong Kong Office")
    assert catalogue.office("TKO").address["en-GB"].startswith("Immigration Headquarters, 61 Po Yap Road")
    assert catalogue.office("KTT").name["zh-HK"] == "觀塘(臨時)辦事處"
    assert any("assumption" in line for line in catalogue.assumptions)


def test_unknown_office(catalogue):
    with pytest.raises(UnknownOffice):
        catalogue.office("XYZ")


def test_general_times_on_weekday_saturday_sunday_and_holiday(catalogue):
    hko, ylo = catalogue.office("HKO"), catalogue.office("YLO")
    weekday = hko.general_times(D(2025, 3, 10))
    assert (len(weekday), weekday[0], weekday[1], weekday[-1]) == (31, "08:45", "09:00", "16:15")
    assert hko.general_times(D(2025, 3, 8)) == [
        "09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15"]
    assert ylo.general_times(D(2025, 3, 8)) == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    assert hko.general_times(D(2025, 3, 9)) == []        # Sunday
    assert hko.general_times(D(2025, 4, 18)) == []       # Good Friday


def test_structured_general_hours(catalogue):
    spans = catalogue.office("KO").general_hours_on(D(2025, 3, 10))
    assert [(s.weekdays, s.opens, s.closes) for s in spans] == [
        ((0, 1, 2, 3, 4), "08:45", "16:30"), ((5,), "09:00", "11:30")]
    extended = catalogue.office("KO").extended_hours_on(D(2024, 5, 2))
    assert [(s.opens, s.closes) for s in extended.spans] == [("16:30", "22:00"), ("12:30", "22:00")]
    assert extended.types == {"replacement_11_18", "immigration_status", "old_card"}
    assert catalogue.office("KO").extended_hours_on(D(2025, 1, 2)) is None
    assert catalogue.office("YLO").extended_hours_on(D(2024, 5, 2)) is None


@pytest.mark.parametrize("day, expected", [
    (D(2024, 6, 4), ["HKO", "KO", "KTO", "TMO", "YLO"]),   # before Tseung Kwan O opened
    (D(2024, 6, 8), ["HKO", "KO", "KTO", "TMO", "YLO"]),   # Kwun Tong's last day
    (D(2024, 6, 11), ["HKO", "KO", "TMO", "YLO"]),         # TKO open, phone switched off
    (D(2024, 9, 2), ["HKO", "KO", "TKO", "TMO", "YLO"]),   # TKO phone switch on
    (D(2024, 9, 8), []),                                   # a Sunday
])
def test_phone_offices_follow_the_dates(catalogue, day, expected):
    assert codes(catalogue.phone_offices(day, "amendment")) == expected


def test_phone_offices_between_lists_an_office_bookable_on_some_day(catalogue):
    offices = catalogue.phone_offices_between(D(2024, 8, 30), D(2024, 9, 3), "amendment")
    assert codes(offices) == ["HKO", "KO", "TKO", "TMO", "YLO"]


def test_offices_are_never_offered_outside_their_dates(catalogue):
    for office in catalogue.offices:
        for day in ALL_DAYS:
            if day not in office.service:
                assert office.general_times(day) == [], (office.code, day)
                assert not any(office.phone_times(day, t) for t in APPLICATION_TYPES), (office.code, day)
    assert catalogue.office("KTO").general_times(D(2024, 6, 8)) != []
    assert catalogue.office("KTO").general_times(D(2024, 6, 10)) == []
    assert catalogue.office("TKO").general_times(D(2024, 6, 11)) != []
    assert catalogue.office("TKO").general_times(D(2024, 6, 8)) == []


def test_temporary_office_and_extended_hours_never_reach_the_phone(catalogue):
    ktt = catalogue.office("KTT")
    for day in ALL_DAYS:
        assert not any(ktt.phone_times(day, t) for t in APPLICATION_TYPES), day
        for office in catalogue.offices:
            general = office.general_span(day)
            extended = office.extended_hours_on(day)
            extended_spans = [s for s in (extended.spans if extended else ()) if day.weekday() in s.weekdays]
            for app_type in APPLICATION_TYPES:
                for time in office.phone_times(day, app_type):
                    start, end = minutes_of(time), minutes_of(time) + office.slot_minutes
                    assert minutes_of(general.opens) <= start and end <= minutes_of(general.closes)
                    assert all(end <= minutes_of(s.opens) for s in extended_spans), (office.code, day, time)
    assert sum(1 for day in ALL_DAYS if ktt.general_times(day)) > 500  # it did open, just not by phone


def test_phone_offers_only_working_days(catalogue):
    for day in ALL_DAYS:
        if not is_working_day(day):
            assert catalogue.phone_offices(day, "first_registration") == (), day


def _data():
    return json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def _broken(edit):
    data = copy.deepcopy(_data())
    edit(data["offices"][1])  # the Kowloon Office
    return data


@pytest.mark.parametrize("edit, message", [
    (lambda o: o["name"].pop("zh-CN"), "office KO: name"),
    (lambda o: o.update(open_from="2024-13-01"), "office KO: open_from/open_until"),
    (lambda o: o.update(quota_per_slot=0), "office KO: quota_per_slot"),
    (lambda o: o.update(general_types=["first_registration", "passport"]), "office KO: general_types"),
    (lambda o: o["general_hours"][0].update(mon_fri=["08:45", "25:00"]), "office KO: general_hours.mon_fri"),
    (lambda o: o["extended_hours"][0].update(mon_fri=["16:00", "22:00"]), "office KO: extended_hours"),
    (lambda o: o["phone_bookable"].append({"from": "2025-01-02", "until": "2025-01-01"}), "office KO: phone_bookable"),
    (lambda o: o.update(code="HKO"), "office code(s) used twice: HKO"),
    (lambda o: o.pop("slot_minutes"), "office KO: slot_minutes"),
])
def test_bad_data_fails_loudly_naming_the_office(edit, message):
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_dict(_broken(edit))
    assert message in str(caught.value)


def test_load_from_a_file_path(tmp_path):
    path = tmp_path / "offices.json"
    data = _data()
    data["offices"] = data["offices"][:2]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert codes(load_catalogue(path).offices) == ["HKO", "KO"]
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(path)
