"""What children's services owe a care leaver, as statutory tests over the statuses (children.md sections 7-9).

Where several provisions give the same duty, the routes are listed in order of precedence: a finding cites the
first that applies (s23D(4): one personal adviser discharges every duty to provide one).
"""

from __future__ import annotations

import datetime as dt

from leavingcare import calendar
from leavingcare.duties.aftercare import (
    CORE,
    FORMER_RELEVANT_CHILD,
    ON_REQUEST,
    QUALIFYING_PERSON,
    QUALIFYING_S24_1A_1B,
    extension,
    looked_after_at_18_having_been_eligible,
    programme_after_s23c_duties,
    programme_in_plan_past_21,
    returning_to_education,
    under_21,
)
from leavingcare.duties.case import Case
from leavingcare.duties.conditions import all_of, any_of, condition, in_force, unless
from leavingcare.duties.statuses import ELIGIBLE_CHILD, RELEVANT_CHILD, Periods
from leavingcare.events import codes
from leavingcare.facts import Education
from leavingcare.periods import Period, intersect, normalise, union

Date = dt.date

PERSONAL_ADVISER = any_of(
    "personal_adviser",
    "CA1989.sch2.para19C",
    ELIGIBLE_CHILD,
    RELEVANT_CHILD,
    CORE,
    programme_in_plan_past_21,
    programme_after_s23c_duties,
    ON_REQUEST,
)
"""Sch 2 para 19C (an eligible child); s23B(2) (relevant); s23C(3)(a) to 21 and s23C(7) while a planned programme
continues; s23CA on a return to education under 25; s23CZB(3) on request from 21 to 25. The pathway plan
(para 19B(4), s23B(3), s23C(3)(b), s23C(7), s23CA, s23CZB(4)) is owed on the same routes."""

KEEP_IN_TOUCH = any_of(
    "keep_in_touch",
    "CA1989.s23B(1)",
    RELEVANT_CHILD,
    CORE,
    programme_in_plan_past_21,
    QUALIFYING_S24_1A_1B,
)
"""s23B(1) (relevant); s23C(2) to 21 and while an s23C(7) programme continues; s24(4): a qualifying person the
authority last looked after (s24(1A) or (1B))."""


@condition("CA1989.s23B(8)")
def in_custody(case: Case) -> Periods:
    """Detained. A relevant child in custody is owed accommodation and maintenance on release, for which the
    pathway plan prepares (children.md 11.2)."""
    return case.custody


ACCOMMODATION_AND_MAINTENANCE = all_of(
    "accommodation_and_maintenance",
    "CA1989.s23B(8)",
    RELEVANT_CHILD,
    unless(in_custody, "Not detained. s23B(8) is owed on release (children.md 11.2)"),
)
"""s23B(8): a relevant child, while not detained."""

EDUCATION_TRAINING_ASSISTANCE = any_of(
    "education_training_assistance",
    "CA1989.s23C(4)(b)",
    CORE,
    programme_in_plan_past_21,
    programme_after_s23c_duties,
)
"""s23C(4)(b) to 21; s23C(7) while a planned programme continues; s23CA(4)-(5)."""


def qualifying_course(education: Education) -> bool:
    """Full-time higher or further education with term-time accommodation (s24B(5); CLR 2010 reg 9(4))."""
    return education.full_time and education.term_time_accommodation and education.level in ("higher", "further")


@condition("CA1989.s24B(5)")
def in_full_time_course_with_term_time_accommodation(case: Case) -> Periods:
    """In a full-time course with term-time accommodation. s24B(5): full-time higher or further education whose
    term-time accommodation is not available in the vacation (D16)."""
    return normalise(e.period for e in case.facts.education if qualifying_course(e))


@in_full_time_course_with_term_time_accommodation.explained
def _(case: Case, day: Date) -> str:
    running = [e for e in case.facts.education if day in e.period]
    if not running:
        return "no programme of education is under way on this date"
    return "the programme under way is not full-time higher or further education with term-time accommodation"


def care_leaver_since(case: Case) -> Date | None:
    """The first day someone was a former relevant child or a qualifying person by reason of care."""
    periods = union(FORMER_RELEVANT_CHILD.periods(case), QUALIFYING_PERSON.periods(case))
    return periods[0].since if periods else None


@condition("CA1989.s24B(5)")
def within_s24b_age_limit(case: Case) -> Periods:
    """A care leaver under the s24B(3) age limit. s24B(3): a former relevant child or qualifying person under the
    age limit then in force (24; 25 from 2010-01-01)."""
    since = care_leaver_since(case)
    if since is None:
        return []
    windows: list[Period] = []
    for dated, limit in case.law.dated("age.s24B_limit"):
        windows += intersect([dated], case.aged(since, calendar.birthday(case.facts.born, limit)))
    return normalise(windows)


@condition("CA1989.s23C(9)")
def pursuing_programme_course(case: Case) -> Periods:
    """On an s23C(7) or s23CA programme that is such a course. s23C(9) and s23CA apply s24B(5) without its age
    condition (D32)."""
    if care_leaver_since(case) is None:
        return []
    programmes = [*extension(case), *returning_to_education(case)]
    return normalise(p.period for p in programmes if qualifying_course(p.education))


VACATION_ACCOMMODATION = all_of(
    "vacation_accommodation",
    "CA1989.s24B(5)",
    in_full_time_course_with_term_time_accommodation,
    in_force("CA1989.s24B(5)"),
    any_of("under the age limit or on a programme", "CA1989.s24B(5)", within_s24b_age_limit, pursuing_programme_course),
)
"""s24B(5) (and s23C(9), s23CA): a care leaver within s24B(3), or on an s23C(7) or s23CA programme, in a
full-time course with term-time accommodation."""


def foster_home_after_care(case: Case) -> list[tuple[Period, tuple[str, ...]]]:
    """Each stretch living with the local authority foster carer they were placed with when care ended at 18
    (REC E17), with the events that show it."""
    out = []
    for residence in case.facts.residence:
        if residence.arrangement != codes.Arrangement.FORMER_FOSTER_CARER:
            continue
        episode = next((e for e in case.facts.episodes if e.period.until == residence.period.since), None)
        if episode is None or episode.reason not in codes.STAYED_WITH_CARERS:
            continue
        out.append((residence.period, tuple(dict.fromkeys(episode.events[-1:] + residence.events))))
    return out


@condition("CA1989.s23CZA")
def living_with_former_foster_carer(case: Case) -> Periods:
    """Still living with the former foster carer. s23CZA(1): with the local authority foster parent they were
    placed with immediately before they ceased to be looked after (care ended with REC E17) (D15)."""
    return normalise(period for period, _ in foster_home_after_care(case))


@living_with_former_foster_carer.explained
def _(case: Case, day: Date) -> str:
    last = next((e for e in reversed(case.facts.episodes) if e.period.until is not None), None)
    if last is None or last.reason not in codes.STAYED_WITH_CARERS:
        return "care did not end with the young person staying with their carers (REC E17)"
    if last.segments and last.segments[-1].placement not in codes.FOSTER_PLACEMENTS:
        return "the placement when care ended was not a foster placement (U1-U6)"
    return "not living with the former foster carer on this date (Moved)"


STAYING_PUT = all_of(
    "staying_put",
    "CA1989.s23CZA",
    living_with_former_foster_carer,
    looked_after_at_18_having_been_eligible,
    under_21,
    in_force("CA1989.s23CZA"),
)
"""s23CZA (from 2014-05-13): a former relevant child under s23C(1)(b), under 21, still living with the foster
carer they were placed with when care ended at 18 (D15)."""
