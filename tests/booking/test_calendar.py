"""The working-day calendar and the 96-working-day window (SPEC §2)."""
import datetime as dt

import pytest

from booking import calendar

D = dt.date


@pytest.mark.parametrize("call, first, last, not_last", [
    # ImmD press releases of 4 Sep 2024 and 18 Jun 2025.
    (D(2024, 9, 5), D(2024, 9, 6), D(2025, 1, 2), D(2025, 1, 3)),
    (D(2025, 6, 19), D(2025, 6, 20), D(2025, 10, 13), D(2025, 10, 14)),
])
def test_press_release_windows(call, first, last, not_last):
    assert calendar.booking_window(call) == (first, last)
    assert calendar.in_window(call, last)
    assert not calendar.in_window(call, not_last)
    assert not calendar.in_window(call, call)


def test_window_holds_exactly_96_working_days():
    days = calendar.window_days(D(2024, 9, 5))
    assert len(days) == 96
    assert list(days) == list(calendar.working_days_between(D(2024, 9, 6), D(2025, 1, 2)))


def test_sundays_and_general_holidays_are_never_working_days():
    day = D(2023, 1, 1)
    while day <= D(2027, 12, 31):
        if day.weekday() == 6 or calendar.is_general_holiday(day):
            assert not calendar.is_working_day(day), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("holiday", [
    D(2024, 3, 29),   # Good Friday: "optional" category only
    D(2024, 3, 30),   # the day following Good Friday, a Saturday
    D(2024, 12, 26),  # the first weekday after Christmas
    D(2025, 10, 7),   # the day following Mid-Autumn Festival
])
def test_general_holidays_of_the_optional_category_are_not_working_days(holiday):
    assert not calendar.is_working_day(holiday)


def test_saturdays_are_working_days():
    assert calendar.is_working_day(D(2025, 3, 8))


def test_earliest_change_date_skips_sunday_and_holidays():
    assert calendar.earliest_change_date(D(2024, 3, 28)) == D(2024, 4, 2)  # Easter
    assert calendar.earliest_change_date(D(2025, 3, 8)) == D(2025, 3, 10)


def test_hk_today_uses_hong_kong_time():
    late_utc = dt.datetime(2025, 3, 3, 17, 0, tzinfo=dt.timezone.utc)
    assert calendar.hk_today(late_utc) == D(2025, 3, 4)
    with pytest.raises(ValueError):
        calendar.hk_today(dt.datetime(2025, 3, 3, 17, 0))
