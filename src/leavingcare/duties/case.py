"""The case a rule reads: the facts, the law, and the ages and periods several rules share.

``Stint`` is a period during which one authority is responsible, with the reasons it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar, cast

from attrs import evolve, field, frozen

from leavingcare import calendar
from leavingcare.duties.findings import Reason, reasons
from leavingcare.duties.once import once
from leavingcare.events import codes
from leavingcare.facts import CareSegment, Facts
from leavingcare.law import Law
from leavingcare.periods import Period, difference, intersect, normalise, union

Date = dt.date
T = TypeVar("T")


@frozen
class Stint:
    """``authority`` is responsible during ``period``, for the reasons given."""

    period: Period
    authority: str | None
    because: tuple[Reason, ...] = field(converter=reasons, default=())

    def over(self, period: Period) -> Stint:
        """The same authority and reasons over another period."""
        return Stint(period, self.authority, self.because)

    def within(self, window: Sequence[Period]) -> list[Stint]:
        """This stint cut to each piece of ``window``."""
        return [self.over(p) for p in intersect([self.period], window)]


def exclusive(routes: Sequence[tuple[str, Stint]]) -> list[tuple[str, Stint]]:
    """Each (provision, stint) route keeps only the days no earlier route covers, so findings of one
    kind never overlap; the first applicable provision is the one cited."""
    out: list[tuple[str, Stint]] = []
    taken: list[Period] = []
    for provision, stint in routes:
        for period in difference([stint.period], taken):
            out.append((provision, stint.over(period)))
        taken = union(taken, [stint.period])
    return out


def stints_within(stints: Iterable[Stint], window: Sequence[Period]) -> list[Stint]:
    return [piece for s in stints for piece in s.within(window)]


def stints_minus(stints: Iterable[Stint], taken: Sequence[Period]) -> list[Stint]:
    """The stints with the days of ``taken`` removed."""
    return [s.over(p) for s in stints for p in difference([s.period], taken)]


def periods_of(stints: Iterable[Stint]) -> list[Period]:
    return normalise(s.period for s in stints)


def stint_on(stints: Iterable[Stint], day: Date) -> Stint | None:
    return next((s for s in stints if day in s.period), None)


def join(stints: Iterable[Stint]) -> list[Stint]:
    """Adjacent stints of the same authority joined into one, their reasons combined (each reason once,
    in order: a run of many placements is joined in one pass)."""
    runs: list[tuple[Stint, Date | None, list[Reason], set[Reason]]] = []
    for s in sorted(stints, key=lambda s: s.period.key):
        if runs and runs[-1][0].authority == s.authority and runs[-1][1] == s.period.since:
            first, _, reasons, seen = runs[-1]
            fresh = [r for r in s.because if r not in seen]
            reasons += fresh
            seen.update(fresh)
            runs[-1] = (first, s.period.until, reasons, seen)
        else:
            runs.append((s, s.period.until, list(s.because), set(s.because)))
    return [
        first if until == first.period.until else Stint(Period(first.period.since, until), first.authority, reasons)
        for first, until, reasons, _ in runs
    ]


class Case:
    """One young person's facts read under one law table."""

    def __init__(self, facts: Facts, law: Law) -> None:
        self.facts = facts
        self.law = law
        self._memo: dict[str, object] = {}
        self.tested: dict[object, list[Period]] = {}
        """The periods of each statutory test and limb evaluated on this context, by test."""

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A value computed once per case (the periods of each statutory test and limb)."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    # Ages -------------------------------------------------------------------------------------
    def birthday(self, parameter: str) -> Date:
        """The birthday at the age the law table sets under ``parameter``, the age read on the day it is
        reached: where the age changed, the first value whose birthday falls while that value is in force
        (or, when the age fell below one already passed, the day the lower age took effect)."""
        dated = self.law.dated(parameter)
        if len(dated) == 1:
            return calendar.birthday(self.facts.born, dated[0][1])
        for period, age in dated:
            day = max(calendar.birthday(self.facts.born, age), period.since)
            if day in period:
                return day
        return calendar.birthday(self.facts.born, dated[-1][1])

    @once
    def bday14(self) -> Date:
        return self.birthday("age.eligible_count_from")

    @once
    def bday16(self) -> Date:
        return self.birthday("age.sixteen")

    @once
    def bday18(self) -> Date:
        return self.birthday("age.adult")

    @once
    def bday21(self) -> Date:
        return self.birthday("age.core_leaving_care_end")

    @once
    def bday25(self) -> Date:
        return self.birthday("age.upper")

    def aged(self, lower: Date | None, upper: Date | None) -> list[Period]:
        """The days from birthday ``lower`` (inclusive) to birthday ``upper`` (exclusive)."""
        since = lower or self.facts.born
        if upper is not None and upper <= since:
            return []
        return [Period(since, upper)]

    def age_reason(self, text: str) -> Reason:
        return Reason(text, (self.facts.born_event,))

    def in_force(self, key: str) -> list[Period]:
        return self.law.in_force(key)

    # Looked after ----------------------------------------------------------------------------
    @once
    def custody(self) -> list[Period]:
        return normalise(c.period for c in self.facts.custody)

    @once
    def looked_after(self) -> list[CareSegment]:
        """Care segments during which the child was looked after (s22(1)). A remand (J1) is looked after
        wherever the child was held from the commencement of LASPO 2012 s104 (D8); before it, a remand
        to local authority accommodation under CYPA 1969 s23(1) was (s21(2)(c), s22(1)(b)), but not a
        remand to a young offender institution (PLACE R5) nor days recorded as custody (D33)."""
        laspo = self.law.in_force("LASPO2012.s104")
        local_authority = union(laspo, difference(self.law.in_force("CYPA1969.s23(1)"), self.custody))
        out: list[CareSegment] = []
        for segment in self.facts.segments:
            if segment.legal_status in codes.REMAND:
                days = laspo if segment.placement in codes.CUSTODIAL_PLACEMENTS else local_authority
                out.extend(evolve(segment, period=p) for p in intersect([segment.period], days))
            else:
                out.append(segment)
        return out

    @once
    def looked_after_periods(self) -> list[Period]:
        return normalise(s.period for s in self.looked_after)

    @once
    def countable(self) -> list[CareSegment]:
        """Looked-after segments that count towards the 13 weeks: not short breaks (D7)."""
        return [s for s in self.looked_after if not s.short_break]

    def segment_on(self, day: Date) -> CareSegment | None:
        return next((s for s in self.looked_after if day in s.period), None)

    def last_looked_after_before(self, day: Date) -> CareSegment | None:
        """The looked-after segment that ended last on or before ``day`` (s23A(4): "last looked after")."""
        ended = [s for s in self.looked_after if s.period.until is not None and s.period.until <= day]
        return max(ended, key=lambda s: s.period.until or day, default=None)
