"""Hypothesis strategies for property tests of the library and of code built on it.

This module needs ``hypothesis`` (a development dependency: ``pip install 'leavingcare[dev]'``); it
imports it at module level, so importing ``leavingcare.testing`` without it raises ``ImportError``.
Nothing else in the library imports this module.

- ``histories()`` draws a *valid* ``History``: a ``Born`` event, then non-overlapping care episodes
  (``CareStarted`` / ``CareChanged`` / ``CareEnded`` with SSDA903 codes and authorities and areas in
  force on every date drawn), custody and hospital spells, moves, requests for and refusals of support,
  needs assessments and plan reviews, and education or training programmes, optionally stamped with
  ``recorded_at``.
- ``envelope_lists()`` draws the same events as a list of ``Envelope`` values before a ``History`` is
  built from them, for tests that reorder, extend or retract them.
- ``leavingcare.testing_defects`` has ``histories_with_defect()``: JSONL lines with exactly one defect
  injected into an otherwise valid history, together with the type of error reading them must raise;
  ``defects()`` draws the same with a ``Defect`` that also names the defect and the line holding it.
- ``births()``, ``childrens_authorities()``, ``areas()``, ``legal_statuses()``, ``placements()`` and
  ``reasons_ended()`` draw the values the histories are made of.
- ``property_settings()`` gives the ``hypothesis.settings`` the project's property tests use; the
  ``LEAVINGCARE_HYPOTHESIS_PROFILE`` environment variable chooses ``fast`` (the default: few examples,
  a failure reported as found, without shrinking, so a failing suite still finishes quickly) or
  ``thorough`` (twenty times as many examples, and a failure shrunk to a minimal history).

Only authorities in force throughout the dataset (no ``valid_from`` and no ``valid_to`` in
``authorities.csv``) are drawn for valid histories, so every code is valid on every generated date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from attrs import frozen
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from leavingcare import calendar, geography
from leavingcare.events import care, codes, support
from leavingcare.events.base import Event
from leavingcare.events.codec import Envelope
from leavingcare.history import History

__all__ = [
    "areas",
    "births",
    "childrens_authorities",
    "envelope_lists",
    "histories",
    "legal_statuses",
    "placements",
    "property_settings",
    "reasons_ended",
]

Date = dt.date
Lines = list[str | bytes]

PROFILE_VARIABLE = "LEAVINGCARE_HYPOTHESIS_PROFILE"
_PROFILE_SCALE = {"fast": 1, "thorough": 20}
_NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)

EARLIEST_BIRTH = Date(1983, 1, 1)
LATEST_BIRTH = Date(2010, 12, 31)
"""Births drawn span the 2001 leaving-care regime, the 2011 regulations and the 2018 s23CZB duty."""

_ZONES = (dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5)))
LATEST_RECORDED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""No ``recorded_at`` drawn is later (the store refuses one in the future): an event dated after it
was recorded when it was planned."""


def property_settings(max_examples: int = 50, **overrides: Any) -> settings:
    """Settings for a property test: ``max_examples`` under the ``fast`` profile, without shrinking a
    failure (shrinking a history can take minutes) but printing the blob that reproduces it; twenty
    times as many, with shrinking, under ``LEAVINGCARE_HYPOTHESIS_PROFILE=thorough``. No deadline, and
    no health check for slow data generation (a history takes a few dozen draws)."""
    profile = os.environ.get(PROFILE_VARIABLE, "fast")
    if profile not in _PROFILE_SCALE:
        raise ValueError(f"{PROFILE_VARIABLE} must be one of {', '.join(sorted(_PROFILE_SCALE))}")
    options: dict[str, Any] = {
        "max_examples": max_examples * _PROFILE_SCALE[profile],
        "deadline": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
        "print_blob": True,
    }
    if profile == "fast":
        options["phases"] = _NO_SHRINK
    options.update(overrides)
    return settings(**options)


# Codes valid throughout ---------------------------------------------------------------------------
@cache
def _always_valid(kinds: frozenset[str]) -> tuple[str, ...]:
    """Codes of ``kinds`` in force on every date: neither a start nor an end in the dataset."""
    return tuple(
        sorted(
            a.code
            for a in geography.authorities().values()
            if a.kind in kinds and a.valid.since == Date.min and a.valid.until is None
        )
    )


def childrens_authorities() -> st.SearchStrategy[str]:
    """GSS codes of children's services authorities in force on every date (counties, unitaries,
    metropolitan districts, London boroughs)."""
    return st.sampled_from(_always_valid(geography.CHILDRENS_KINDS))


_OUTSIDE_ENGLAND = ("W06000015", "S12000036", "N09000003")


def areas(*, outside_england: bool = True) -> st.SearchStrategy[str]:
    """GSS codes of areas (districts and unitary-type authorities) in force on every date; with
    ``outside_england``, now and then a Welsh, Scottish or Northern Irish council area."""
    english = st.sampled_from(_always_valid(geography.HOUSING_KINDS))
    if not outside_england:
        return english
    return st.tuples(st.integers(0, 9), english, st.sampled_from(_OUTSIDE_ENGLAND)).map(
        lambda drawn: drawn[2] if drawn[0] == 9 else drawn[1]
    )


def births() -> st.SearchStrategy[Date]:
    """Dates of birth from 1983 to 2010, with 29 February drawn now and then (DECISIONS D1)."""
    leap_days = [Date(y, 2, 29) for y in range(EARLIEST_BIRTH.year, LATEST_BIRTH.year + 1) if y % 4 == 0]
    return st.tuples(st.integers(0, 9), st.dates(EARLIEST_BIRTH, LATEST_BIRTH), st.sampled_from(leap_days)).map(
        lambda drawn: drawn[2] if drawn[0] == 9 else drawn[1]
    )


def _favouring(codes_: frozenset[str], favourites: Sequence[str]) -> st.SearchStrategy[str]:
    """Any code of the list, the ones that decide most (``favourites``) about half the time."""
    return st.one_of(st.sampled_from(sorted(codes_)), st.sampled_from(favourites))


def legal_statuses() -> st.SearchStrategy[str]:
    """SSDA903 legal status codes; care orders, s20 (V2), short breaks (V3/V4) and remand (J1) favoured."""
    return _favouring(codes.LEGAL_STATUS, ("C2", "V2", "V3", "J1"))


def placements() -> st.SearchStrategy[str]:
    """SSDA903 placement codes; foster placements (U1-U6) and placement with parents (P1) favoured."""
    return _favouring(codes.PLACEMENT, ("U1", "U4", "P1"))


def reasons_ended() -> st.SearchStrategy[str]:
    """SSDA903 reasons an episode ceased; return home (E4A), special guardianship (E45), Staying Put
    (E17) and moving to independent living (E8) favoured."""
    return _favouring(codes.REASON_ENDED, ("E4A", "E45", "E17", "E8"))


# Drawing offsets ----------------------------------------------------------------------------------
class _Days:
    """Day offsets from birth already taken, so that dates can be kept distinct when asked."""

    def __init__(self, draw: st.DrawFn, born: Date, distinct: bool) -> None:
        self.draw = draw
        self.born = born
        self.distinct = distinct
        self.taken: set[int] = {0}

    def age(self, years: int) -> int:
        """The offset of the birthday at ``years`` (29 February births: 1 March, D1)."""
        return (calendar.birthday(self.born, years) - self.born).days

    def element(self, lo: int, hi: int, specials: Sequence[int], *, reuse: bool) -> st.SearchStrategy[int]:
        choices: list[st.SearchStrategy[int]] = [st.integers(lo, hi)]
        near = sorted({s for s in specials if lo <= s <= hi})
        if near:
            choices.append(st.sampled_from(near))
        if reuse and not self.distinct:
            same_day = sorted(d for d in self.taken if lo <= d <= hi)
            if same_day:
                choices.append(st.sampled_from(same_day))
        element = st.one_of(*choices)
        if self.distinct:
            taken = self.taken
            element = element.filter(lambda d: d not in taken)
        return element

    def offsets(self, lo: int, hi: int, size: int, specials: Sequence[int] = (), *, reuse: bool = False) -> list[int]:
        """``size`` different offsets in ``[lo, hi]``, sorted (fewer when the range is too short)."""
        if hi < lo:
            return []
        size = min(size, hi - lo + 1 - (len(self.taken) if self.distinct else 0))
        if size <= 0:
            return []
        element = self.element(lo, hi, specials, reuse=reuse)
        values = self.draw(st.lists(element, min_size=size, max_size=size, unique=True))
        self.taken.update(values)
        return sorted(values)

    def date(self, offset: int) -> Date:
        return self.born + dt.timedelta(days=offset)


@frozen
class _Drawn:
    """An event before it is stamped: ``family`` events must be recorded in order; free ones need not."""

    event: Event
    family: str | None


def _care(days: _Days, draw: st.DrawFn) -> list[_Drawn]:
    """Zero to three non-overlapping care episodes, each begun before the 18th birthday; the last
    may stay open. Episodes end by the 18th birthday (D11a), and one may begin the day another ends."""
    d14, d16, d18 = days.age(14), days.age(16), days.age(18)
    specials = (d14, d16 - 91, d16 - 1, d16, d18 - 1, d18)
    count = draw(st.integers(0, 3))
    lo = 1 if days.distinct else 0
    points = days.offsets(lo, d18, 2 * count, specials)
    if len(points) < 2:
        return []
    pairs = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
    if not days.distinct:
        for i in range(1, len(pairs)):
            if draw(st.booleans()):
                pairs[i] = (pairs[i - 1][1], pairs[i][1])
    open_last = draw(st.integers(0, 4)) == 0
    start, end = pairs[-1]
    if end != d18 and (not days.distinct or d18 not in days.taken) and draw(st.integers(0, 2)) == 0:
        days.taken.add(d18)
        pairs[-1] = (start, d18)  # leaves care on the 18th birthday, as SSDA903 records it (D11a)
    out: list[_Drawn] = []
    for n, (start, end) in enumerate(pairs):
        last = n == len(pairs) - 1
        ends = not (last and open_last)
        authority = draw(childrens_authorities())
        out.append(
            _Drawn(
                care.CareStarted(
                    on=days.date(start),
                    authority=authority,
                    legal_status=draw(legal_statuses()),
                    placement=draw(placements()),
                    area=draw(areas()),
                ),
                "care",
            )
        )
        upper = end - 1 if ends else d18 + 365
        for change in days.offsets(start + 1, upper, draw(st.integers(0, 3)), (d14, d16, d16 - 91)):
            out.append(_Drawn(_care_change(draw, days.date(change)), "care"))
        if ends:
            reason = draw(reasons_ended() if end != d18 else st.sampled_from(("E17", "E8", "E4A")) | reasons_ended())
            out.append(_Drawn(care.CareEnded(on=days.date(end), reason=reason), "care"))
    return out


def _care_change(draw: st.DrawFn, on: Date) -> care.CareChanged:
    legal_status, placement, area = draw(
        st.tuples(
            st.none() | legal_statuses(),
            st.none() | placements(),
            st.none() | areas(),
        ).filter(lambda fields: any(f is not None for f in fields))
    )
    return care.CareChanged(on=on, legal_status=legal_status, placement=placement, area=area)


def _spells(
    days: _Days,
    draw: st.DrawFn,
    family: str,
    lo: int,
    hi: int,
    most: int,
    start: Callable[[Date], Event],
    end: Callable[[Date], Event],
    specials: Sequence[int] = (),
) -> list[_Drawn]:
    """Non-overlapping spells ``[start, end)`` in ``[lo, hi]``; the last may stay open."""
    count = draw(st.integers(0, most))
    points = days.offsets(lo, hi, 2 * count, specials)
    out: list[_Drawn] = []
    pairs = [points[i : i + 2] for i in range(0, len(points), 2)]
    for n, pair in enumerate(pairs):
        out.append(_Drawn(start(days.date(pair[0])), family))
        open_last = n == len(pairs) - 1 and draw(st.integers(0, 3)) == 0
        if len(pair) == 2 and not open_last:
            out.append(_Drawn(end(days.date(pair[1])), family))
    return out


def _education(draw: st.DrawFn) -> Callable[[Date], Event]:
    level = draw(st.sampled_from(sorted(codes.EDUCATION_LEVELS)))
    full_time, term_time = draw(st.tuples(st.booleans(), st.booleans()))
    in_plan = draw(st.integers(0, 3)) > 0
    return lambda on: support.EducationStarted(
        on=on, level=level, full_time=full_time, in_pathway_plan=in_plan, term_time_accommodation=term_time
    )


def _free(days: _Days, draw: st.DrawFn) -> list[_Drawn]:
    """Events that never make a history invalid: moves, support, assessments and reviews."""
    d16, d18, d21, d25, d27 = days.age(16), days.age(18), days.age(21), days.age(25), days.age(27)
    out: list[_Drawn] = []
    for offset in days.offsets(max(1, d16 - 365), d27, draw(st.integers(0, 4)), (d16, d18, d21), reuse=True):
        arrangement = draw(st.sampled_from(sorted(codes.ARRANGEMENTS)))
        out.append(_Drawn(care.Moved(on=days.date(offset), area=draw(areas()), arrangement=arrangement), None))
    for offset in days.offsets(d18, d27, draw(st.integers(0, 3)), (d21 - 1, d21, d25 - 1, d25), reuse=True):
        kind = draw(st.sampled_from((support.SupportRequested, support.SupportRequested, support.SupportDeclined)))
        out.append(_Drawn(kind(on=days.date(offset)), None))
    for offset in days.offsets(d16, d25, draw(st.integers(0, 3)), (d16, d18, d21), reuse=True):
        kind = draw(st.sampled_from((support.NeedsAssessed, support.PathwayPlanReviewed)))
        out.append(_Drawn(kind(on=days.date(offset)), None))
    return out


def _stamp(draw: st.DrawFn, drawn: list[_Drawn], born_at: dt.datetime | None) -> list[dt.datetime | None]:
    """``recorded_at`` for each event. Events of one family (care, custody, hospital, education) are
    recorded in the order they happened, so the history as it stood at every moment was valid; free
    events may be recorded late, or be known from the start (None)."""
    floor = born_at or dt.datetime.combine(EARLIEST_BIRTH, dt.time(), dt.UTC)
    last: dict[str, dt.datetime] = {}
    out: list[dt.datetime | None] = []
    for item in drawn:
        if item.family is None and draw(st.integers(0, 4)) == 0:
            out.append(None)
            continue
        lag = dt.timedelta(days=draw(st.integers(0, 400)), seconds=draw(st.integers(0, 86399)))
        stamp = min(dt.datetime.combine(item.event.on, dt.time(), dt.UTC) + lag, LATEST_RECORDED)
        stamp = max(stamp, floor, last.get(item.family, floor) if item.family is not None else floor)
        if item.family is not None:
            last[item.family] = stamp
        out.append(stamp.astimezone(draw(st.sampled_from(_ZONES))))
    return out


@st.composite
def envelope_lists(draw: st.DrawFn, *, distinct_dates: bool = False, recorded: bool | None = None) -> list[Envelope]:
    """The envelopes of a valid history, in date order, without ids (``History`` derives them).

    ``distinct_dates``: no two events share a date (so input order cannot matter). ``recorded``: True,
    every event but possibly ``Born`` and some free events carries ``recorded_at``; False, none does;
    None, either.
    """
    born = draw(births())
    days = _Days(draw, born, distinct_dates)
    d10, d16, d27 = days.age(10), days.age(16), days.age(27)
    drawn = [_Drawn(care.Born(on=born), "born")]
    drawn += _care(days, draw)
    drawn += _spells(
        days,
        draw,
        "custody",
        d10,
        d27,
        2,
        lambda on: care.CustodyStarted(on=on, remand=draw(st.booleans())),
        lambda on: care.CustodyEnded(on=on),
        (d16 - 1, d16),
    )
    drawn += _spells(
        days,
        draw,
        "hospital",
        d10,
        d27,
        1,
        lambda on: care.HospitalAdmitted(on=on),
        lambda on: care.HospitalDischarged(on=on),
        (d16 - 1, d16),
    )
    drawn += _spells(
        days,
        draw,
        "education",
        d16,
        d27,
        2,
        lambda on: _education(draw)(on),
        lambda on: support.EducationEnded(on=on),
        (days.age(18), days.age(21) - 90, days.age(21) - 1, days.age(21), days.age(21) + 90, days.age(25)),
    )
    drawn += _free(days, draw)
    if recorded is None:
        recorded = draw(st.booleans())
    stamps: list[dt.datetime | None] = [None] * len(drawn)
    if recorded:
        born_at = None
        if draw(st.booleans()):
            born_at = dt.datetime.combine(born, dt.time(), dt.UTC) + dt.timedelta(days=draw(st.integers(0, 30)))
        stamps = _stamp(draw, drawn[1:], born_at)
        stamps.insert(0, born_at)
    order = sorted(range(len(drawn)), key=lambda i: (drawn[i].event.on, i))
    return [Envelope("", drawn[i].event, stamps[i]) for i in order]


def histories(*, distinct_dates: bool = False, recorded: bool | None = None) -> st.SearchStrategy[History]:
    """Valid histories (see ``envelope_lists`` for the options); ids are derived from content."""
    return envelope_lists(distinct_dates=distinct_dates, recorded=recorded).map(History.of)
