"""Local connection (Housing Act 1996 s199; housing.md section 2; DECISIONS D23-D24).

Findings name the district or unitary area in ``to``. Routes, in the order cited where they overlap:
- s199(8): while a local authority in England owes s23C duties (including the s23C(7) extension, not
  s23CZB or s23CA), a connection with its own area, or with every district of a county council's area
  as of the day;
- s199(10)-(11): two continuous years placed in one district under a care order (CA 1989 s22A
  accommodation), beginning before 16, give a connection with that district until 21;
- s199(1)(a): normal residence of one's own choice, by the Local Authorities' Agreement working tests
  (guidance), leaving out residence while detained (s199(3)(b));
- s199(1)(b)-(d): a connection the authority has found (``LocalConnectionDecided``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence

from leavingcare import calendar, geography
from leavingcare.duties.case import Stint, exclusive
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import Kind
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.duties.succession import handover
from leavingcare.events import codes
from leavingcare.events import housing as hx
from leavingcare.facts import Facts
from leavingcare.law import Law
from leavingcare.periods import Period, difference, intersect, normalise

Date = dt.date
DAY = dt.timedelta(days=1)
DAYS_PER_MONTH = 365.25 / 12
"""The residence working tests are counted in days: a month is taken as 365.25 / 12 days."""


def sustained(periods: Sequence[Period], window: int, needed: int) -> list[Period]:
    """The days D on which ``periods`` cover at least ``needed`` of the ``window`` days before D.

    The covered count f(D) changes from one day to the next by (spans covering D) - (spans covering
    D - window), so it is linear between the days a span starts or ends and ``window`` days after
    those; one sweep over those days finds where f reaches ``needed``. Days are counted as ordinals."""
    if needed <= 0:
        return [Period(Date.min)]
    spans = normalise(periods)
    if not spans:
        return []
    changes: dict[int, int] = {}
    for span in spans:
        since = span.since.toordinal()
        changes[since] = changes.get(since, 0) + 1
        changes[since + window] = changes.get(since + window, 0) - 1
        if span.until is not None:
            until = span.until.toordinal()
            changes[until] = changes.get(until, 0) - 1
            changes[until + window] = changes.get(until + window, 0) + 1
    out: list[tuple[int, int | None]] = []
    count = slope = 0
    points = sorted(changes)
    for left, right in itertools.pairwise(points):
        slope += changes[left]
        if slope == 0:
            if count >= needed:
                out.append((left, right))
        elif slope > 0:
            first = left + max(0, -(-(needed - count) // slope))
            if first < right:
                out.append((first, right))
        elif count >= needed:
            out.append((left, min(right, left + (count - needed) // -slope + 1)))
        count += slope * (right - left)
    if count >= needed:
        out.append((points[-1], None))
    day = Date.fromordinal
    return normalise([Period(day(since), None if until is None else day(until)) for since, until in out])


def _months(run: Run, key: str, on: Date) -> int:
    return round(run.law.value(key, on) * DAYS_PER_MONTH)


def _care_leaver_routes(run: Run) -> Iterator[tuple[str, str, Stint]]:
    """s199(8): (to, provision, stint) for each area connected while s23C duties are owed."""
    frc = run.status.former_relevant
    if frc is None:
        return
    owed = run.status.core_and_extension
    in_force = run.case.in_force("HA1996.s199(8)(a)")
    for span in intersect(owed, in_force):
        for piece, authority, _ in handover(frc.authority, span, run.facts.area_on):
            held = geography.lookup(authority) if authority else None
            if held is None:
                continue
            because = (Reason(f"{authority} owes duties under CA 1989 s23C", run.status.frc_reason.events),)
            if held.kind == "county":
                for district in geography.members(held.code):
                    for p in intersect([piece], [district.valid]):
                        yield (
                            district.code,
                            "HA1996.s199(8)(b)",
                            Stint(
                                p,
                                None,
                                (
                                    *because,
                                    Reason(f"{district.code} is a district of the county council {held.code}", ()),
                                ),
                            ),
                        )
            elif held.housing:
                yield held.code, "HA1996.s199(8)(a)", Stint(piece, None, because)


SECTION_20 = frozenset({"V2"})
"""Accommodated under CA 1989 s20 (SSDA903 legal status V2): not s22A accommodation (D23)."""

Placement = tuple[Period, str, tuple[str, ...]]
"""A continuous placement in one area: its period, the area and the events that record it."""


def _placements(run: Run, statuses: frozenset[str]) -> list[Placement]:
    """Looked-after segments with one of ``statuses``, joined while they follow on in the same area."""
    out: list[Placement] = []
    for segment in run.case.looked_after:
        if segment.legal_status not in statuses:
            continue
        if out and out[-1][1] == segment.area and out[-1][0].until == segment.period.since:
            period, area, ids = out[-1]
            out[-1] = (Period(period.since, segment.period.until), area, ids + segment.events)
        else:
            out.append((segment.period, segment.area, segment.events))
    return out


def _placement_window(run: Run, placement: Placement) -> list[Period]:
    """s199(10)-(11): from the day two continuous years are complete until 21, if they began before 16
    in a district in England; otherwise no days."""
    period, area, _ = placement
    if geography.lookup(area) is None:
        return []  # s199(10) needs a district of a local housing authority in England
    complete = calendar.add_months(period.since, run.law.value("months.placement_residence", period.since))
    if period.since >= run.case.bday16 or (period.until is not None and complete > period.until):
        return []
    return intersect(run.case.aged(complete, run.case.bday21), run.case.in_force("HA1996.s199(10)"))


def _placement_routes(run: Run) -> Iterator[tuple[str, str, Stint]]:
    """s199(10)-(11): two continuous years placed in one district under a care order (s22A), beginning
    before 16, give a connection with the district from when the two years are complete until 21. A
    placement outside England (or in no district of the dataset) gives none."""
    for placement in _placements(run, codes.CARE_ORDERS):
        period, area, ids = placement
        because = Reason(
            f"placed under a care order in {area} for two continuous years from {period.since.isoformat()}, "
            "beginning before the 16th birthday; lasts until 21",
            ids,
        )
        for span in _placement_window(run, placement):
            for piece, current, _ in handover(area, span, run.facts.area_on):
                if current is not None:
                    yield current, "HA1996.s199(10)", Stint(piece, None, (because,))


def section_20_placements(facts: Facts, law: Law, day: Date) -> list[str]:
    """``section_20_lines`` of a case's facts."""
    return section_20_lines(Run(facts, law), day)


def section_20_lines(run: Run, day: Date) -> list[str]:
    """For explanations (D23): placements that would give a s199(10) connection on ``day`` if time
    accommodated under CA 1989 s20 (legal status V2) counted, in an area where placement under a care
    order gives none. s199(10) turns on accommodation under s22A, for children in care, so it does not."""

    def qualifies(placement: Placement) -> bool:
        return any(day in p for p in _placement_window(run, placement))

    held = {placement[1] for placement in _placements(run, codes.CARE_ORDERS) if qualifies(placement)}
    out: list[str] = []
    for placement in _placements(run, codes.CARE_ORDERS | SECTION_20):
        period, area, _ = placement
        if area in held or not qualifies(placement):
            continue
        until = "open" if period.last_day is None else period.last_day.isoformat()
        out.append(
            f"placed in {area} from {period.since.isoformat()} to {until}, accommodated under CA 1989 s20 for some "
            "of that time: only placement under a care order (s22A accommodation) counts towards the two "
            "continuous years of HA 1996 s199(10), so no connection arises from it (D23)"
        )
    return out


def _residence_routes(run: Run) -> Iterator[tuple[str, str, Stint]]:
    """s199(1)(a): normal residence of one's own choice, by the working tests of the Local Authorities'
    Agreement (guidance); residence while detained is not of one's own choice (s199(3)(b), D24)."""
    detained = normalise(c.period for c in run.facts.custody)
    by_area: dict[str, list[tuple[Period, tuple[str, ...]]]] = {}
    for residence in run.facts.residence:
        if residence.area is None or geography.is_outside_england(residence.area):
            continue
        for piece in difference([residence.period], detained):
            by_area.setdefault(residence.area, []).append((piece, residence.events))
    for area, pieces in by_area.items():
        periods = [p for p, _ in pieces]
        first = min(p.since for p in periods)  # the working tests as the guidance set them when residence began
        tests = [
            (
                _months(run, "months.residence_recent_window", first),
                _months(run, "months.residence_recent_needed", first),
            ),
            (_months(run, "months.residence_long_window", first), _months(run, "months.residence_long_needed", first)),
        ]
        held = normalise(p for window, needed in tests for p in sustained(periods, window, needed))
        longest = max(window for window, _ in tests)
        for span in held:
            ids = _deciding(pieces, span.since, longest)
            for piece, current, _ in handover(area, span, run.facts.area_on):
                if current is not None:
                    yield (
                        current,
                        "HA1996.s199(1)(a)",
                        Stint(
                            piece,
                            None,
                            (
                                Reason(
                                    f"normally resident in {area} by choice for 6 of the last 12 months or 3 of the "
                                    "last 5 years (Local Authorities' Agreement working tests, guidance)",
                                    ids,
                                ),
                            ),
                        ),
                    )


def _deciding(pieces: Sequence[tuple[Period, tuple[str, ...]]], day: Date, window: int) -> tuple[str, ...]:
    """The events that decide a working test met on ``day``: those of the first residence counted in the window
    before it and of the last (not every residence in the area, so a reason keeps its size however long the
    history)."""
    since = day - dt.timedelta(days=window)
    counted = [(p, ids) for p, ids in pieces if p.since < day and (p.until is None or p.until > since)]
    if not counted:
        return ()
    return tuple(dict.fromkeys((*counted[0][1], *counted[-1][1])))


def _decided_routes(run: Run) -> Iterator[tuple[str, str, Stint]]:
    """s199(1)(b)-(d): connections the authority found, from the decision until a later one says not; an
    area abolished meanwhile is carried by its successor (D11)."""
    decisions = [e for e in run.facts.housing if isinstance(e.event, hx.LocalConnectionDecided)]
    for i, envelope in enumerate(decisions):
        event = envelope.event
        assert isinstance(event, hx.LocalConnectionDecided)
        if not event.connected:
            continue
        later = next(
            (
                e
                for e in decisions[i + 1 :]
                if isinstance(e.event, hx.LocalConnectionDecided)
                and e.event.area == event.area
                and e.event.on > event.on
            ),
            None,
        )
        because = (Reason(f"the authority found a connection by {event.ground.replace('_', ' ')}", (envelope.id,)),)
        span = Period(event.on, later.event.on if later else None)
        for piece, current, _ in handover(event.area, span, run.facts.area_on):
            if current is not None:
                yield current, "HA1996.s199(1)", Stint(piece, None, because)


def connections(run: Run) -> list[tuple[str, str, Stint]]:
    """Every (area, provision, stint), one route per day and area (earlier routes take precedence)."""

    def build() -> list[tuple[str, str, Stint]]:
        grouped: dict[str, list[tuple[str, Stint]]] = {}
        for source in (_care_leaver_routes, _placement_routes, _residence_routes, _decided_routes):
            for area, provision, stint in source(run):
                grouped.setdefault(area, []).append((provision, stint))
        return [(area, provision, stint) for area, routes in grouped.items() for provision, stint in exclusive(routes)]

    return run.memo("local_connection.routes", build)


@rule(
    Kind.LOCAL_CONNECTION,
    cites=("HA1996.s199(8)(a)", "HA1996.s199(8)(b)", "HA1996.s199(10)", "HA1996.s199(1)(a)", "HA1996.s199(1)"),
)
def local_connection(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s199(8) while s23C duties are owed (a county gives each of its districts); s199(10)-(11)
    two years placed in one district under a care order, begun before 16, until 21; s199(1)(a) normal
    residence by the working tests; s199(1)(b)-(d) as found by the authority."""
    for area, provision, stint in connections(run):
        yield run.finding(Kind.LOCAL_CONNECTION, stint, provision, to=area)
