"""Duties owed by a council that was abolished pass to its successor from the day after the abolished
council's last day (DECISIONS D11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TypeVar

from attrs import evolve

from leavingcare import geography
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode
from leavingcare.facts import Facts
from leavingcare.law import Law
from leavingcare.periods import Period


class SuccessionConcern(ConcernCode):
    """Concerns about a duty handed to a successor council."""

    SUCCESSOR_UNCLEAR = (
        "successor_unclear",
        "(the finding's kind)",
        "The responsible authority was abolished with several successors and the young person's last "
        "known area does not decide which one carries the duty (D11). The finding is reported with no "
        "authority.",
    )


Date = dt.date
F = TypeVar("F", Finding, Concern)


def pass_to_successors(findings: list[Finding], facts: Facts, law: Law) -> tuple[list[Finding], list[Concern]]:
    """Split each finding at the abolition of its authority and hand each piece to the successor
    whose area contains the young person's last known area (D11)."""
    out: list[Finding] = []
    concerns: list[Concern] = []
    for finding in findings:
        pieces = list(successor_pieces(finding, facts))
        for piece, unclear in pieces:
            out.append(piece)
            if unclear:
                concerns.append(
                    Concern(
                        code=SuccessionConcern.SUCCESSOR_UNCLEAR,
                        kind=finding.kind,
                        by=None,
                        to=finding.to,
                        citation=law.cite("CA1989.s23A(4)"),
                        since=piece.since,
                        until=piece.until,
                        because=(
                            Reason(
                                f"{finding.by} was abolished with several successors ({', '.join(unclear)}) and the "
                                "young person's last known area does not decide which carries the duty",
                                finding.events,
                            ),
                        ),
                    )
                )
    return out, concerns


def handover(
    code: str | None, period: Period, area_on: Callable[[Date], str | None]
) -> list[tuple[Period, str | None, list[str]]]:
    """``period`` split at each abolition of ``code`` and of the successors after it: each piece with
    the authority carrying the functions then (D11), and the candidates when that cannot be decided."""
    out: list[tuple[Period, str | None, list[str]]] = []
    current, since = code, period.since
    while True:
        held = geography.lookup(current) if current else None
        end = held.valid.until if held else None
        if held is None or end is None or (period.until is not None and period.until <= end):
            out.append((Period(since, period.until), current, []))
            return out
        if since < end:
            out.append((Period(since, end), current, []))
            since = end
        successor, candidates = geography.successor_on(held.code, end, area_on(end))
        if successor is None:
            out.append((Period(since, period.until), None, candidates))
            return out
        current = successor


def successor_pieces(finding: F, facts: Facts) -> Iterator[tuple[F, list[str]]]:
    held = geography.lookup(finding.by) if finding.by else None
    if held is None or held.valid.until is None:
        yield finding, []  # never abolished: nothing to hand over
        return
    pieces = handover(finding.by, finding.period, facts.area_on)
    for period, authority, candidates in pieces:
        piece = evolve(finding, since=period.since, until=period.until)
        if authority != finding.by:
            piece = _handed(piece, authority, period.since)
        yield piece, candidates


def _handed(finding: F, successor: str | None, day: Date) -> F:
    """The piece from ``day`` on, owed by the successor, saying why."""
    text = (
        f"{finding.by} was abolished; {successor} carries its duties from {day.isoformat()} (D11)"
        if successor
        else f"{finding.by} was abolished on {day.isoformat()}"
    )
    return evolve(finding, by=successor, because=(*finding.because, Reason(text, ())))
