"""The half-open period algebra (DESIGN section 6; DECISIONS D2): unit cases, and properties that the
operations agree with plain sets of days over a small range."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leavingcare.periods import (
    Period,
    clip,
    covering,
    day_reaching,
    difference,
    intersect,
    intersection,
    normalise,
    total_days,
    union,
)
from leavingcare.testing import property_settings

D = dt.date
BASE = D(2020, 1, 1)
HORIZON = 80
"""Days from ``BASE`` compared as sets; open periods and periods drawn stay well inside the range."""


def day(n: int) -> D:
    return BASE + dt.timedelta(days=n)


def days_of(periods: list[Period] | Period | None) -> set[int]:
    """The offsets from ``BASE`` covered within the horizon."""
    if periods is None:
        return set()
    if isinstance(periods, Period):
        periods = [periods]
    return {n for n in range(HORIZON) for p in periods if day(n) in p}


@st.composite
def periods(draw: st.DrawFn) -> Period:
    since = draw(st.integers(0, 40))
    if draw(st.integers(0, 5)) == 0:
        return Period(day(since))
    return Period(day(since), day(since + draw(st.integers(0, 15))))


def period_lists(max_size: int = 5) -> st.SearchStrategy[list[Period]]:
    return st.lists(periods(), max_size=max_size)


def is_normal(items: list[Period]) -> bool:
    """Sorted, non-empty, and each ends strictly before the next begins (no overlap, no adjacency)."""
    if any(p.empty for p in items):
        return False
    return all(a.until is not None and a.until < b.since for a, b in pairwise(items))


# Unit cases ---------------------------------------------------------------------------------------
def test_until_is_the_first_day_not_covered() -> None:
    """D2: ``[since, until)``: the last day covered is the day before ``until``."""
    period = Period(D(2021, 5, 10), D(2024, 5, 10))
    assert D(2024, 5, 9) in period
    assert D(2024, 5, 10) not in period
    assert D(2021, 5, 10) in period
    assert D(2021, 5, 9) not in period
    assert period.last_day == D(2024, 5, 9)
    assert period.days() == 1096


def test_open_period_covers_every_later_day() -> None:
    period = Period(D(2021, 5, 10))
    assert D(9999, 12, 31) in period
    assert period.last_day is None
    assert period.days() is None
    assert not period.empty


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Period(D(2021, 5, 10), D(2021, 5, 9))


def test_a_period_ending_where_it_starts_is_empty() -> None:
    assert Period(D(2021, 5, 10), D(2021, 5, 10)).empty
    assert normalise([Period(D(2021, 5, 10), D(2021, 5, 10))]) == []


def test_adjacent_periods_are_joined() -> None:
    """[1, 5) and [5, 9) cover every day from 1 to 8: one period."""
    assert union([Period(day(1), day(5))], [Period(day(5), day(9))]) == [Period(day(1), day(9))]


def test_periods_with_a_one_day_gap_stay_apart() -> None:
    assert union([Period(day(1), day(5)), Period(day(6), day(9))]) == [
        Period(day(1), day(5)),
        Period(day(6), day(9)),
    ]


def test_intersection_of_touching_periods_is_none() -> None:
    assert intersection(Period(day(1), day(5)), Period(day(5), day(9))) is None
    assert intersection(Period(day(1), day(6)), Period(day(5), day(9))) == Period(day(5), day(6))
    assert intersection(Period(day(1)), Period(day(5))) == Period(day(5))


def test_difference_cuts_a_hole() -> None:
    assert difference([Period(day(0))], [Period(day(3), day(5))]) == [Period(day(0), day(3)), Period(day(5))]
    assert difference([Period(day(0), day(10))], [Period(day(0))]) == []


def test_clip_to_no_window_is_nothing() -> None:
    assert clip([Period(day(0))], None) == []
    assert clip([Period(day(0))], Period(day(2), day(4))) == [Period(day(2), day(4))]


def test_period_clip() -> None:
    assert Period(day(0), day(10)).clip(since=day(3)) == Period(day(3), day(10))
    assert Period(day(0), day(10)).clip(until=day(3)) == Period(day(0), day(3))
    assert Period(day(0), day(10)).clip(since=day(10)) is None


def test_day_reaching_counts_across_gaps() -> None:
    """D6: the 91st day looked after, counting the first day as day 1, across two spells of 50 and
    41 days."""
    spells = [Period(day(0), day(50)), Period(day(60), day(101))]
    assert day_reaching(spells, 50) == day(49)
    assert day_reaching(spells, 51) == day(60)
    assert day_reaching(spells, 91) == day(100)
    assert day_reaching(spells, 92) is None
    assert day_reaching(spells[:1], 51) is None
    with pytest.raises(ValueError):
        day_reaching(spells, 0)


def test_covering_finds_the_period_of_a_day() -> None:
    spells = [Period(day(0), day(5)), Period(day(10))]
    assert covering(spells, day(4)) == spells[0]
    assert covering(spells, day(5)) is None
    assert covering(spells, day(500)) == spells[1]


def test_total_days_ignores_open_periods() -> None:
    assert total_days([Period(day(0), day(5)), Period(day(10), day(12)), Period(day(20))]) == 7


def test_str_shows_open_end() -> None:
    assert str(Period(D(2021, 5, 10))) == "[2021-05-10, …)"
    assert str(Period(D(2021, 5, 10), D(2022, 1, 1))) == "[2021-05-10, 2022-01-01)"


# Properties against sets of days ------------------------------------------------------------------
@property_settings(100)
@given(period_lists())
def test_normalise_keeps_the_days_and_makes_the_list_normal(items: list[Period]) -> None:
    normal = normalise(items)
    assert is_normal(normal)
    assert days_of(normal) == days_of(items)
    assert normalise(normal) == normal


@property_settings(100)
@given(period_lists(), period_lists())
def test_union_is_set_union(a: list[Period], b: list[Period]) -> None:
    result = union(a, b)
    assert is_normal(result)
    assert days_of(result) == days_of(a) | days_of(b)
    assert result == union(b, a)


@property_settings(100)
@given(period_lists(), period_lists())
def test_intersect_is_set_intersection(a: list[Period], b: list[Period]) -> None:
    result = intersect(normalise(a), normalise(b))
    assert is_normal(result)
    assert days_of(result) == days_of(a) & days_of(b)
    assert result == intersect(normalise(b), normalise(a))


@property_settings(100)
@given(period_lists(), period_lists())
def test_difference_is_set_difference(a: list[Period], b: list[Period]) -> None:
    result = difference(normalise(a), normalise(b))
    assert is_normal(result)
    assert days_of(result) == days_of(a) - days_of(b)


@property_settings(100)
@given(period_lists(), period_lists())
def test_open_ends_survive_exactly_when_the_set_is_unbounded(a: list[Period], b: list[Period]) -> None:
    """An open-ended result arises only from open-ended operands (checked beyond the horizon)."""
    far = D(9999, 1, 1)
    na, nb = normalise(a), normalise(b)
    assert any(far in p for p in union(na, nb)) == (any(far in p for p in na) or any(far in p for p in nb))
    assert any(far in p for p in intersect(na, nb)) == (any(far in p for p in na) and any(far in p for p in nb))
    assert any(far in p for p in difference(na, nb)) == (any(far in p for p in na) and not any(far in p for p in nb))


@property_settings(100)
@given(periods(), periods())
def test_intersection_of_two_periods_is_set_intersection(a: Period, b: Period) -> None:
    both = intersection(a, b)
    assert days_of(both) == days_of(a) & days_of(b)
    assert both is None or not both.empty
    assert (a & b) == both
    assert a.overlaps(b) == b.overlaps(a) == bool(days_of(a) & days_of(b))


@property_settings(100)
@given(periods(), periods())
def test_periods_sort_by_start_then_end_an_open_end_last(a: Period, b: Period) -> None:
    assert (a < b, a <= b, a > b, a >= b) == (a.key < b.key, a.key <= b.key, a.key > b.key, a.key >= b.key)


@property_settings(100)
@given(period_lists(), periods())
def test_clip_is_intersection_with_the_window(a: list[Period], window: Period) -> None:
    assert days_of(clip(normalise(a), window)) == days_of(a) & days_of(window)


@property_settings(100)
@given(period_lists(), st.integers(0, HORIZON - 1))
def test_covering_agrees_with_membership(a: list[Period], n: int) -> None:
    normal = normalise(a)
    found = covering(normal, day(n))
    assert (found is not None) == (n in days_of(normal))
    assert found is None or day(n) in found


@property_settings(100)
@given(period_lists(), st.integers(1, 60))
def test_day_reaching_is_the_nth_covered_day(a: list[Period], count: int) -> None:
    normal = normalise(a)
    covered = sorted(days_of(normal))
    reached = day_reaching(normal, count)
    if count <= len(covered):
        assert reached == day(covered[count - 1])
    elif any(p.until is None for p in normal):
        assert reached is not None and reached > day(HORIZON - 1)
    else:
        assert reached is None
