"""Ages, birthdays and statutory counting of days and months (DECISIONS D1, D3, D5)."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from leavingcare.calendar import (
    add_days,
    add_months,
    age_on,
    age_window,
    birthday,
    days_beginning_with,
    is_leap_day,
    last_day_of,
)
from leavingcare.periods import Period
from leavingcare.testing import births, property_settings

D = dt.date


# D1: birthdays -------------------------------------------------------------------------------------
def test_d1_born_29_february_attains_18_on_1_march_in_a_common_year() -> None:
    """Family Law Reform Act 1969 s9 and DECISIONS D1: 2004-02-29 + 18 years falls in 2022 (common)."""
    assert birthday(D(2004, 2, 29), 18) == D(2022, 3, 1)
    assert age_on(D(2004, 2, 29), D(2022, 2, 28)) == 17
    assert age_on(D(2004, 2, 29), D(2022, 3, 1)) == 18


def test_d1_born_29_february_keeps_29_february_in_a_leap_year() -> None:
    assert birthday(D(2004, 2, 29), 16) == D(2020, 2, 29)
    assert age_on(D(2004, 2, 29), D(2020, 2, 28)) == 15
    assert age_on(D(2004, 2, 29), D(2020, 2, 29)) == 16


def test_d1_age_is_attained_at_the_start_of_the_anniversary() -> None:
    """The day before the 21st birthday the person is 20; on it, 21 ("under 21" ends on the birthday)."""
    born = D(2003, 5, 10)
    assert age_on(born, D(2024, 5, 9)) == 20
    assert age_on(born, D(2024, 5, 10)) == 21
    assert birthday(born, 21) == D(2024, 5, 10)


def test_is_leap_day() -> None:
    assert is_leap_day(D(2004, 2, 29))
    assert not is_leap_day(D(2004, 2, 28))
    assert not is_leap_day(D(2004, 3, 1))


def test_age_window_is_half_open_between_birthdays() -> None:
    """Aged 21 to 24 = [21st birthday, 25th birthday)."""
    window = age_window(D(2000, 1, 31), 21, 25)
    assert window == Period(D(2021, 1, 31), D(2025, 1, 31))
    assert age_window(D(2000, 1, 31), None, 16) == Period(D(2000, 1, 31), D(2016, 1, 31))
    assert age_window(D(2000, 1, 31), 18, None) == Period(D(2018, 1, 31))


@property_settings(100)
@given(births(), st.integers(1, 30))
def test_age_reached_on_the_birthday_and_not_the_day_before(born: D, age: int) -> None:
    day = birthday(born, age)
    assert age_on(born, day) == age
    assert age_on(born, day - dt.timedelta(days=1)) == age - 1
    assert day.year == born.year + age
    if is_leap_day(born):
        expected = D(day.year, 2, 29) if stdlib_calendar.isleap(day.year) else D(day.year, 3, 1)
    else:
        expected = born.replace(year=born.year + age)
    assert day == expected


@property_settings(100)
@given(births(), st.integers(0, 40 * 366))
def test_age_on_counts_birthdays_passed(born: D, offset: int) -> None:
    day = born + dt.timedelta(days=offset)
    age = age_on(born, day)
    assert birthday(born, age) <= day < birthday(born, age + 1)


# D3: periods of N days beginning with a day ---------------------------------------------------------
def test_d3_56_days_beginning_with_the_application_day() -> None:
    """HA 1996 s189B(4): 56 days beginning with 3 April 2018 run to the end of 28 May 2018; the next
    stage starts on 29 May 2018."""
    period = days_beginning_with(D(2018, 4, 3), 56)
    assert period == Period(D(2018, 4, 3), D(2018, 5, 29))
    assert D(2018, 5, 28) in period
    assert D(2018, 5, 29) not in period
    assert last_day_of(D(2018, 4, 3), 56) == D(2018, 5, 28)


def test_d3_one_day_beginning_with_a_day_is_that_day() -> None:
    assert days_beginning_with(D(2020, 2, 28), 1) == Period(D(2020, 2, 28), D(2020, 2, 29))
    assert last_day_of(D(2020, 2, 28), 1) == D(2020, 2, 28)


def test_d3_s208_notice_day_14() -> None:
    """DECISIONS D25: the s208 notice is due on day 14 = made available + 13."""
    assert last_day_of(D(2024, 1, 1), 14) == D(2024, 1, 14)


@property_settings(100)
@given(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.integers(1, 400))
def test_d3_n_days_beginning_with_cover_exactly_n_days(day: D, n: int) -> None:
    period = days_beginning_with(day, n)
    assert period.days() == n
    assert day in period
    assert last_day_of(day, n) in period
    assert add_days(last_day_of(day, n), 1) not in period
    assert period.until == add_days(day, n)


# D5: calendar months --------------------------------------------------------------------------------
def test_d5_adding_a_month_to_31_january_clips_to_the_end_of_february() -> None:
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_d5_six_months_from_31_august_is_28_february() -> None:
    """A pathway plan reviewed on 31 August must be reviewed again by the end of February (CLR 2010 reg 7)."""
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2022, 8, 31), 6) == D(2023, 2, 28)


def test_d5_three_months_crossing_a_year() -> None:
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert add_months(D(2023, 12, 15), 3) == D(2024, 3, 15)
    assert add_months(D(2023, 10, 31), 1) == D(2023, 11, 30)


def test_d5_months_can_be_subtracted() -> None:
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert add_months(D(2024, 1, 15), -1) == D(2023, 12, 15)


@property_settings(100)
@given(st.dates(D(1990, 1, 1), D(2040, 12, 31)), st.integers(-60, 60))
def test_d5_add_months_moves_by_calendar_months_and_clips(day: D, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = stdlib_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@property_settings(100)
@given(st.dates(D(1990, 1, 1), D(2040, 12, 31)), st.integers(0, 24), st.integers(0, 24))
def test_d5_add_months_is_monotone(day: D, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert add_months(day, low) <= add_months(day, high)
