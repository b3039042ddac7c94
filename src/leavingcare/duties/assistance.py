"""Accommodation, maintenance and education help (children.md sections 5, 6 and 9)."""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.case import Stint, stints_minus
from leavingcare.duties.engine import Run
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.personal_adviser import _exclusive, _programme_stints
from leavingcare.duties.registry import rule
from leavingcare.events import codes
from leavingcare.periods import Period, intersect, normalise


@rule("accommodation_and_maintenance", cites=("CA1989.s23B(8)",))
def accommodation_and_maintenance(run: Run) -> Iterator[Finding | Concern]:
    """s23B(8): the responsible authority must maintain a relevant child and provide or maintain
    suitable accommodation, unless satisfied the child's welfare does not require it. A relevant child
    in custody is owed it on release; meanwhile the pathway plan prepares for it (children.md 11.2)."""
    detained = normalise(c.period for c in run.facts.custody)
    for stint in stints_minus(run.status.relevant, detained):
        yield run.finding("accommodation_and_maintenance", stint, "CA1989.s23B(8)")


@rule("education_training_assistance", cites=("CA1989.s23C(4)(b)", "CA1989.s23C(7)", "CA1989.s23CA"))
def education_training_assistance(run: Run) -> Iterator[Finding | Concern]:
    """s23C(4)(b): help with education and training expenses to the extent welfare and educational
    needs require, from 18 to 21; s23C(7) while a planned programme continues; s23CA(4)-(5)."""
    routes = [("CA1989.s23C(4)(b)", s) for s in run.status.core]
    routes += _programme_stints(run, "education_training_assistance")
    for provision, stint in _exclusive(routes):
        yield run.finding("education_training_assistance", stint, provision)


@rule("vacation_accommodation", cites=("CA1989.s24B(5)",))
def vacation_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """s24B(5) (and s23C(9), s23CA): a former relevant child or a qualifying person looked after by an
    authority, under 24 (25 from 2010-01-01), in full-time higher or further education whose term-time
    accommodation is not available in the vacation (D16)."""
    since = run.status.care_leaver_since
    if since is None:
        return
    windows: list[Period] = []
    for dated, limit in run.law.dated("age.s24B_limit"):
        windows += intersect([dated], run.case.aged(since, calendar.birthday(run.facts.born, limit)))
    windows = intersect(windows, run.case.in_force("CA1989.s24B(5)"))
    for education in run.facts.education:
        if not (education.full_time and education.term_time_accommodation and education.level in ("higher", "further")):
            continue
        for period in intersect([education.period], windows):
            authority = run.status.authority_on(period.since)
            yield run.finding(
                "vacation_accommodation",
                Stint(
                    period,
                    authority,
                    (
                        Reason(
                            f"in full-time {education.level} education with term-time accommodation",
                            education.events,
                        ),
                        Reason(
                            "a care leaver within s24B(3), under the age limit then in force",
                            (run.facts.born_event,),
                        ),
                    ),
                ),
                "CA1989.s24B(5)",
            )


@rule("staying_put", cites=("CA1989.s23CZA",))
def staying_put(run: Run) -> Iterator[Finding | Concern]:
    """s23CZA (from 2014-05-13): a former relevant child under s23C(1)(b) who stays living with the
    local authority foster parent they were placed with when they ceased to be looked after (care ended
    with REC E17), until 21 or until they move (D15)."""
    frc = run.status.former_relevant
    if frc is None or frc.route != "s23C(1)(b)":
        return
    window = intersect(run.case.aged(run.case.bday18, run.case.bday21), run.case.in_force("CA1989.s23CZA"))
    for residence in run.facts.residence:
        if residence.arrangement != "former_foster_carer":
            continue
        episode = next((e for e in run.facts.episodes if e.period.until == residence.period.since), None)
        if episode is None or episode.reason not in codes.STAYED_WITH_CARERS:
            continue
        for period in intersect([residence.period], window):
            yield run.finding(
                "staying_put",
                Stint(
                    period,
                    frc.authority,
                    (
                        Reason(
                            "stayed with their local authority foster carer after care ended at 18 (REC E17)",
                            tuple(dict.fromkeys(episode.events[-1:] + residence.events)),
                        ),
                        run.status.frc_reason,
                    ),
                ),
                "CA1989.s23CZA",
            )
