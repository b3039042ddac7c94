"""What the Part 7 regimes read about the person rather than the application: eligibility (s185), priority
need on a day (s189(1)), whether CWSA 2026 s9 bars an intentionality decision, and the days on which
priority need or eligibility may begin."""

from __future__ import annotations

import datetime as dt
import weakref

from leavingcare.duties import eligibility, grounds
from leavingcare.duties.once import once
from leavingcare.duties.part7.outcome import Tested
from leavingcare.duties.run import Run
from leavingcare.law import Law
from leavingcare.periods import Period

Date = dt.date


class Circumstances:
    """The person's side of every application, computed once per evaluation and shared."""

    def __init__(self, run: Run, *, held: bool = False) -> None:
        # The run keeps its own ``Circumstances`` in its memo; a strong reference back would make a cycle that
        # only the cyclic collector frees, keeping every person's working alive until it runs. So that one
        # refers to the run by a proxy; one handed out (``held``) keeps the run alive itself.
        self.run: Run = run if held else weakref.proxy(run)
        self.law: Law = run.law

    def ineligible(self) -> list[tuple[Period, tuple[str, ...]]]:
        return eligibility.ineligible_periods(self.run)

    def eligible_on(self, day: Date) -> bool:
        return eligibility.eligible_on(self.run, day)

    def first_eligible(self, day: Date) -> Date | None:
        return eligibility.first_eligible(self.run, day)

    def priority_need(self, application: str, day: Date) -> Tested:
        """Whether the applicant has priority need on ``day`` for ``application``, and why (D22, D45)."""
        held, reason = grounds.priority_need_on(self.run, application, day)
        return Tested(held, reason)

    def care_leaver_ground(self, day: Date) -> str | None:
        """The law-table key of the care-leaver ground (arts 3, 4, 5(1)) that holds on ``day``, if any."""
        return next((key for key, stint in grounds.care_leaver_grounds(self.run) if day in stint.period), None)

    def barred_by_cwsa(self, decided: Date) -> bool:
        """CWSA 2026 s9 (prospective): once commenced, a relevant child or a former relevant child under
        25 does not become homeless intentionally (new s191(1ZA)-(1C)); it applies to applications made
        from commencement and to earlier ones not yet decided under s184 by then (s9(2))."""
        commenced = self.law.commenced("CWSA2026.s9")
        if commenced is None or decided < commenced:
            return False
        status, case = self.run.status, self.run.case
        relevant = any(decided in s.period for s in status.relevant)
        former = status.former_relevant is not None and case.bday18 <= decided < case.bday25
        return relevant or former

    @once
    def may_begin(self) -> frozenset[Date]:
        """The days priority need or eligibility can begin: where a computed ground begins or a housing
        event (a finding, a decision, a change of eligibility) is recorded."""
        starts = {stint.period.since for _, stint in grounds.care_leaver_grounds(self.run)}
        return frozenset(starts | {e.event.on for e in self.run.facts.housing})
