"""Runs every registered rule over one case and returns its timeline.

After the rules, a duty owed by an authority that was later abolished passes to its successor from
the day after the abolished council's last day (DECISIONS D11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import TypeVar, cast

from attrs import evolve

from leavingcare import geography
from leavingcare.duties.case import Case, Stint
from leavingcare.duties.findings import Concern, Finding, Reason, ordered, ordered_concerns
from leavingcare.duties.registry import RULES
from leavingcare.duties.status import Status
from leavingcare.facts import Facts
from leavingcare.law import Law
from leavingcare.periods import Period, difference, union

Date = dt.date
T = TypeVar("T")
F = TypeVar("F", Finding, Concern)


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


class Run:
    """What a rule reads: the case, its statuses, and helpers that build findings and concerns."""

    def __init__(self, facts: Facts, law: Law) -> None:
        self.case = Case(facts, law)
        self.facts = facts
        self.law = law
        self._memo: dict[str, object] = {}

    @cached_property
    def status(self) -> Status:
        return Status(self.case)

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A value computed once per run and shared by the rules that need it."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    def finding(
        self,
        kind: str,
        stint: Stint,
        provision: str,
        *,
        due: Date | None = None,
        to: str | None = None,
        extra: Iterable[Reason] = (),
    ) -> Finding:
        return Finding(
            kind=kind,
            by=stint.authority,
            to=to,
            citation=self.law.cite(provision),
            since=stint.period.since,
            until=stint.period.until,
            due=due,
            because=(*stint.because, *extra),
        )

    def concern(
        self,
        code: str,
        kind: str,
        period: Period,
        provision: str,
        because: Iterable[Reason],
        *,
        by: str | None = None,
        to: str | None = None,
        due: Date | None = None,
    ) -> Concern:
        return Concern(
            code=code,
            kind=kind,
            by=by,
            to=to,
            citation=self.law.cite(provision),
            since=period.since,
            until=period.until,
            due=due,
            because=tuple(because),
        )


def evaluate(facts: Facts, law: Law) -> tuple[tuple[Finding, ...], tuple[Concern, ...]]:
    """Every finding and concern of the case, ordered by kind, authority and date."""
    run = Run(facts, law)
    findings: list[Finding] = []
    concerns: list[Concern] = []
    for rule in RULES:
        for item in rule.fn(run):
            if isinstance(item, Concern):
                concerns.append(item)
            else:
                findings.append(item)
    passed, unclear = _pass_to_successors(findings, facts, law)
    handed = [piece for concern in concerns for piece, _ in _successor_pieces(concern, facts)]
    return ordered(passed), ordered_concerns(handed + unclear)


def _pass_to_successors(findings: list[Finding], facts: Facts, law: Law) -> tuple[list[Finding], list[Concern]]:
    """Split each finding at the abolition of its authority and hand each piece to the successor
    whose area contains the young person's last known area (D11)."""
    out: list[Finding] = []
    concerns: list[Concern] = []
    for finding in findings:
        pieces = list(_successor_pieces(finding, facts))
        for piece, unclear in pieces:
            out.append(piece)
            if unclear:
                concerns.append(
                    Concern(
                        code="successor_unclear",
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


def _successor_pieces(finding: F, facts: Facts) -> Iterator[tuple[F, list[str]]]:
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
