"""Accommodation, maintenance and education help (children.md sections 5, 6 and 9)."""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare.duties.case import Stint, join, periods_of, stints_within
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import Kind
from leavingcare.duties.leaving_care import (
    ACCOMMODATION_AND_MAINTENANCE,
    STAYING_PUT,
    foster_home_after_care,
    qualifying_course,
    within_s24b_age_limit,
)
from leavingcare.duties.personal_adviser import AdviceConcern, _exclusive, _programme_stints
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.periods import Period, difference, intersect


@rule(Kind.ACCOMMODATION_AND_MAINTENANCE, cites=("CA1989.s23B(8)",))
def accommodation_and_maintenance(run: Run) -> Iterator[Finding | Concern]:
    """s23B(8): the responsible authority must maintain a relevant child and provide or maintain
    suitable accommodation, unless satisfied the child's welfare does not require it. A relevant child
    in custody is owed it on release; meanwhile the pathway plan prepares for it (children.md 11.2)."""
    for stint in stints_within(run.status.relevant, ACCOMMODATION_AND_MAINTENANCE.periods(run.case)):
        yield run.finding(Kind.ACCOMMODATION_AND_MAINTENANCE, stint, "CA1989.s23B(8)")


@rule(Kind.EDUCATION_TRAINING_ASSISTANCE, cites=("CA1989.s23C(4)(b)", "CA1989.s23C(7)", "CA1989.s23CA"))
def education_training_assistance(run: Run) -> Iterator[Finding | Concern]:
    """s23C(4)(b): help with education and training expenses to the extent welfare and educational
    needs require, from 18 to 21; s23C(7) while a planned programme continues; s23CA(4)-(5)."""
    routes = [("CA1989.s23C(4)(b)", s) for s in run.status.core]
    routes += _programme_stints(run, Kind.EDUCATION_TRAINING_ASSISTANCE)
    for provision, stint in _exclusive(routes):
        yield run.finding(Kind.EDUCATION_TRAINING_ASSISTANCE, stint, provision)


_APPLIED_BY = {
    "CA1989.s23C(7)": "pursuing a programme set out in the pathway plan past 21 (s23C(7)), to whom s23C(9) applies "
    "s24B(5) without its age condition",
    "CA1989.s23CA": "pursuing a programme under s23CA, which applies s24B(5) without its age condition",
}
"""Why vacation accommodation is owed on a programme route beyond the s24B(3) age limit (D32)."""


@rule(Kind.VACATION_ACCOMMODATION, cites=("CA1989.s24B(5)",))
def vacation_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """s24B(5) (and s23C(9), s23CA): a former relevant child or a qualifying person looked after by an
    authority, under 24 (25 from 2010-01-01), in full-time higher or further education whose term-time
    accommodation is not available in the vacation (D16). s23C(9) and s23CA apply s24B(5) to a former
    relevant child pursuing an s23C(7) or s23CA programme without the s24B(3) age condition, so on those
    routes the duty lasts while the programme does, past 25 with a concern (D32)."""
    since = run.status.care_leaver_since
    if since is None:
        return
    in_force = run.case.in_force("CA1989.s24B(5)")
    windows = intersect(within_s24b_age_limit.periods(run.case), in_force)
    programmes = [*run.status.extension, *run.status.returning_to_education]
    frc = run.status.former_relevant
    for education in run.facts.education:
        if not qualifying_course(education):
            continue
        course = Reason(f"in full-time {education.level} education with term-time accommodation", education.events)
        by_age = [
            Stint(
                period,
                run.status.authority_on(period.since),
                (
                    course,
                    Reason("a care leaver within s24B(3), under the age limit then in force", (run.facts.born_event,)),
                ),
            )
            for period in intersect([education.period], windows)
        ]
        beyond: list[Stint] = []
        for programme in programmes:
            if programme.education != education or frc is None:
                continue
            route = Reason(_APPLIED_BY[programme.provision], (*education.events, *run.status.frc_reason.events))
            for period in difference(intersect([programme.period], in_force), periods_of(by_age)):
                beyond.append(Stint(period, frc.authority, (course, route)))
        for stint in join(by_age + beyond):
            yield run.finding(Kind.VACATION_ACCOMMODATION, stint, "CA1989.s24B(5)")
        for stint in beyond:
            for period in intersect([stint.period], [Period(run.case.bday25)]):
                yield run.concern(
                    AdviceConcern.CONTINUES_PAST_25,
                    Kind.VACATION_ACCOMMODATION,
                    period,
                    "CA1989.s24B(5)",
                    (
                        Reason(
                            "a programme of education or training continues past the 25th birthday; no upper age is "
                            "applied to vacation accommodation through s23C(9) or s23CA, but the reading is "
                            "UNVERIFIED (D32): the words applying s24B(5) to these routes were not found",
                            education.events,
                        ),
                    ),
                    by=stint.authority,
                )


@rule(Kind.STAYING_PUT, cites=("CA1989.s23CZA",))
def staying_put(run: Run) -> Iterator[Finding | Concern]:
    """s23CZA (from 2014-05-13): a former relevant child under s23C(1)(b) who stays living with the
    local authority foster parent they were placed with when they ceased to be looked after (care ended
    with REC E17), until 21 or until they move (D15)."""
    frc = run.status.former_relevant
    window = STAYING_PUT.periods(run.case)
    if frc is None or not window:
        return
    stayed = "stayed with their local authority foster carer after care ended at 18 (REC E17)"
    for residence, ids in foster_home_after_care(run.case):
        for period in intersect([residence], window):
            because = (Reason(stayed, ids), run.status.frc_reason)
            yield run.finding(Kind.STAYING_PUT, Stint(period, frc.authority, because), "CA1989.s23CZA")
