"""Ages, birthdays and statutory day and month counting (DECISIONS D1-D5).

- A person attains age N at the start of the Nth anniversary of birth (Family Law Reform Act 1969 s9);
  someone born on 29 February attains it on 1 March in a common year (D1).
- "A period of N days beginning with day D" covers D … D+N-1 (D3).
- Months are calendar months (Interpretation Act 1978 Sch 1); adding months clips to the end of a
  shorter month (D5).

Every function is total (D56): a day that would fall after the last date a ``datetime.date`` can hold
is ``NEVER`` (``date.max``), and a period ending then is open-ended; one before the first is
``date.min``. The dates the library accepts (``events.base.FIRST_DATE`` to ``LAST_DATE``) keep every
date the rules derive far from either edge, so these ends are only reached by a caller's own dates.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt

from leavingcare.periods import Period

Date = dt.date

NEVER = Date.max
"""What a birthday, a due date or a day count gives when it falls after the last date a date can hold:
no day of the calendar reaches it."""


def is_leap_day(born: Date) -> bool:
    return born.month == 2 and born.day == 29


def birthday(born: Date, age: int) -> Date:
    """The day a person born on ``born`` attains ``age`` (D1: 29 February → 1 March in common years);
    ``NEVER`` when that is after the last date a date can hold (``date.min`` before the first)."""
    year = born.year + age
    if year > dt.MAXYEAR:
        return NEVER
    if year < dt.MINYEAR:
        return Date.min
    if is_leap_day(born) and not _cal.isleap(year):
        return Date(year, 3, 1)
    return born.replace(year=year)


def age_on(born: Date, day: Date) -> int:
    """Whole years attained on ``day``."""
    years = day.year - born.year
    return years if day >= birthday(born, years) else years - 1


def _end(day: Date) -> Date | None:
    """A period's ``until``: None (open-ended) for ``NEVER``."""
    return None if day == NEVER else day


def age_window(born: Date, lower: int | None, upper: int | None) -> Period:
    """The days on which the person has reached ``lower`` but not ``upper`` (None: no bound)."""
    since = birthday(born, lower) if lower is not None else born
    until = _end(birthday(born, upper)) if upper is not None else None
    return Period(since, until)


def add_days(day: Date, days: int) -> Date:
    """``day`` plus ``days`` (which may be negative), ``NEVER`` past the last date (``date.min`` before the first)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return NEVER if days > 0 else Date.min


def add_months(day: Date, months: int) -> Date:
    """``day`` plus calendar months, clipped to the last day of a shorter month (D5); ``NEVER`` past the
    last date (``date.min`` before the first)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return NEVER
    if year < dt.MINYEAR:
        return Date.min
    if day.day <= 28:  # every month has the day: no need to know its length
        return Date(year, month + 1, day.day)
    last = _cal.monthrange(year, month + 1)[1]
    return Date(year, month + 1, min(day.day, last))


def days_beginning_with(day: Date, days: int) -> Period:
    """The period of ``days`` days beginning with ``day``: [day, day + days) (D3), open-ended when it
    would end after the last date."""
    return Period(day, _end(add_days(day, days)))


def last_day_of(day: Date, days: int) -> Date:
    """Day N of a period of N days beginning with ``day`` (D3): day + N - 1 (``NEVER`` past the last date)."""
    return add_days(day, days - 1)


def add_working_days(day: Date, days: int) -> Date:
    """The day after the last of ``days`` working days (Monday to Friday) beginning with ``day``;
    bank holidays are not modelled. Whole weeks are added at once; at most four days are stepped.
    ``NEVER`` when that is past the last date."""
    if days < 1:
        return day
    try:
        current = day
        while current.weekday() >= 5:
            current += dt.timedelta(days=1)
        weeks, rest = divmod(days - 1, 5)
        current += dt.timedelta(weeks=weeks)
        for _ in range(rest):
            current += dt.timedelta(days=1)
            while current.weekday() >= 5:
                current += dt.timedelta(days=1)
        return current + dt.timedelta(days=1)
    except OverflowError:
        return NEVER
