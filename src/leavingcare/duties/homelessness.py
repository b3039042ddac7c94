"""Housing Act 1996 Part 7 duties as findings: each rule reads the outcome of every application
(``duties.part7``), computed once per evaluation by the regime in force when the application was made."""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare.duties.findings import Concern, Finding
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7 import outcomes
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run


def _findings(run: Run, kind: Kind) -> Iterator[Finding | Concern]:
    for outcome in outcomes(run):
        for duty in outcome.of_kind(kind):
            yield Finding(
                kind=kind,
                by=duty.authority,
                to=duty.to,
                citation=run.law.cite(duty.provision),
                since=duty.period.since,
                until=duty.period.until,
                due=duty.due,
                because=duty.because,
            )
        for concern in outcome.concerns:
            if concern.kind == kind:
                yield concern


@rule(Kind.HOMELESSNESS_INQUIRIES, cites=("HA1996.s184",))
def homelessness_inquiries(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s184(1): inquiries into eligibility and the duty owed, from the application."""
    yield from _findings(run, Kind.HOMELESSNESS_INQUIRIES)


@rule(Kind.INTERIM_ACCOMMODATION, cites=("HA1996.s188", "HA1996.s188(1ZA)"))
def interim_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s188(1): interim accommodation while there is reason to believe the applicant may be
    homeless, eligible and in priority need; ends as s188(1ZA)-(1ZB) set out (D19), including on a
    decision that the applicant is threatened, not homeless, so that no relief duty is owed (D40);
    before the HRA 2017 when the s184 decision is notified (s188(3) as then in force)."""
    yield from _findings(run, Kind.INTERIM_ACCOMMODATION)


@rule(Kind.ASSESSMENT_AND_PLAN, cites=("HA1996.s189A",))
def assessment_and_plan(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s189A: assessment and personalised housing plan, reviewed while prevention or relief is owed."""
    yield from _findings(run, Kind.ASSESSMENT_AND_PLAN)


@rule(Kind.PREVENTION, cites=("HA1996.s195(2)", "HA1996.s195.old", "HA1996.s195(6)"))
def prevention(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s195(2): prevention from satisfaction of threat and eligibility, ending only by notice
    (s195(8)), a homelessness decision or a s193B notice (D21); before the HRA 2017 the old s195(2)."""
    yield from _findings(run, Kind.PREVENTION)


@rule(Kind.RELIEF, cites=("HA1996.s189B(2)", "HA1996.s189B(4)", "HA1996.s189B(7)", "HA1996.s199A"))
def relief(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s189B(2): relief for 56 days beginning with the day satisfied homeless and eligible
    (``due`` is day 56); the automatic end of s189B(4) (D20); notices under s189B(5)-(7), a notice on
    the 56-day ground before day 57 raising a Concern; s193A. Priority need established only after day
    56 leaves relief running until notice, with a Concern (D43)."""
    yield from _findings(run, Kind.RELIEF)


@rule(Kind.MAIN_HOUSING_DUTY, cites=("HA1996.s193(2)", "HA1996.s200"))
def main_housing_duty(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s193(2): when relief ends, for an eligible applicant in priority need not found
    intentionally homeless, until an ending event of s193(5)-(7AA); before the HRA on the s184 decision.
    Never after a s193B notice by the same authority, at relief or prevention stage (s193(1A)(b), D39)."""
    yield from _findings(run, Kind.MAIN_HOUSING_DUTY)


@rule(Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, cites=("HA1996.s190(2)",))
def intentionally_homeless_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s190(2)(a): accommodation for a reasonable period for an applicant in priority need
    found intentionally homeless."""
    yield from _findings(run, Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION)


@rule(Kind.NON_COOPERATION_ACCOMMODATION, cites=("HA1996.s193C(4)",))
def non_cooperation_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s193C(4): accommodation after a s193B notice for an applicant homeless, eligible, in
    priority need and not intentionally homeless: from a notice given at relief stage, or when relief
    ends after a notice given during prevention (D39)."""
    yield from _findings(run, Kind.NON_COOPERATION_ACCOMMODATION)
