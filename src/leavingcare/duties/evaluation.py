"""One person's history evaluated once under one law: the facts, the statutory tests with their conditions,
the findings and concerns, and the outcome of each homelessness application. Every view (``assess``,
``timeline``, ``explain``, the text and HTML reports, the worklist, the exports and the store's kept
timeline) is a projection of one ``Evaluation``; none runs the rules again."""

from __future__ import annotations

import datetime as dt

from leavingcare.duties.engine import run_rules
from leavingcare.duties.findings import Assessment, Concern, Finding, Timeline
from leavingcare.duties.part7 import Circumstances, Outcome, outcomes
from leavingcare.duties.run import Run
from leavingcare.facts import Facts
from leavingcare.history import History
from leavingcare.law import Law
from leavingcare.provenance import Receipt, receipt

Date = dt.date


class Evaluation:
    """What the rules found for one person, and the working they found it from."""

    __slots__ = ("concerns", "findings", "known_at", "law", "run", "timeline")

    def __init__(
        self,
        run: Run | None,
        law: Law,
        findings: tuple[Finding, ...],
        concerns: tuple[Concern, ...],
        known_at: dt.datetime | None,
        sealed: Receipt | None = None,
    ) -> None:
        self.run = run
        """The rules' working (None when nothing was known): the case, statuses, tests and Part 7 outcomes."""
        self.law = law
        self.findings = findings
        self.concerns = concerns
        self.known_at = known_at
        self.timeline = Timeline(findings, concerns, known_at, sealed)
        """The named projection the store keeps and ``lc.timeline`` returns: every finding and concern,
        with the receipt of what it was computed from."""

    @property
    def facts(self) -> Facts | None:
        return None if self.run is None else self.run.facts

    @property
    def born(self) -> Date | None:
        return None if self.run is None else self.run.facts.born

    def at(self, day: Date) -> Assessment:
        """The assessment on ``day``: the findings and concerns whose period contains it."""
        return self.timeline.at(day)

    @property
    def applications(self) -> tuple[Outcome, ...]:
        """The outcome of each homelessness application, in the order made."""
        return () if self.run is None else outcomes(self.run)

    @property
    def circumstances(self) -> Circumstances | None:
        """The person's side of every application (eligibility, priority need on a day)."""
        return None if self.run is None else Circumstances(self.run, held=True)


def evaluate_facts(
    facts: Facts, law: Law, known_at: dt.datetime | None = None, sealed: Receipt | None = None
) -> Evaluation:
    run = Run(facts, law)
    findings, concerns = run_rules(run)
    return Evaluation(run, law, findings, concerns, known_at, sealed)


def evaluate_history(history: History, law: Law, known_at: dt.datetime | None = None) -> Evaluation:
    """The evaluation of the events known at ``known_at`` (None: everything recorded). Before anything was
    recorded there is nothing to find."""
    if history.nothing_known_at(known_at):
        return Evaluation(None, law, (), (), known_at, receipt(None, law, known_at))
    view = history.known_at(known_at)
    return evaluate_facts(view.facts, law, known_at, receipt(view, law, known_at))
