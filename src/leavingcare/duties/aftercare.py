"""Former relevant children and qualifying persons as statutory tests, with the s23C duties and what outlasts
them: a planned programme past 21 (s23C(7)), a return to education (s23CA) and advice and support on request
(s23CZB) (children.md sections 5-7; DECISIONS D12-D14, D29-D31)."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from leavingcare.duties.case import Case
from leavingcare.duties.conditions import all_of, any_of, condition, in_force, unless
from leavingcare.duties.statuses import (
    DAY,
    ELIGIBLE_CHILD,
    RELEVANT_CHILD,
    Periods,
    age_detail,
    before,
    from_,
    looked_after,
    not_looked_after,
)
from leavingcare.events import codes
from leavingcare.facts import Education, Episode
from leavingcare.periods import Period, difference, intersect, union

Date = dt.date


# s23C: former relevant child ----------------------------------------------------------------------


@condition("CA1989.s23C(1)(b)")
def looked_after_at_18_having_been_eligible(case: Case) -> Periods:
    """Looked after at {age.adult}, an eligible child before. s23C(1)(b): looked after when they attained 18 and an
    eligible child immediately before ceasing to be (a care episode ending on the 18th birthday counts, D11a);
    from the 18th birthday on."""
    return from_(case.bday18) if ELIGIBLE_CHILD.holds_on(case, case.bday18 - DAY) else []


@condition("CA1989.s23C(1)(a)")
def relevant_at_18(case: Case) -> Periods:
    """A relevant child at {age.adult}. s23C(1)(a): status is judged when they attained 18 (D31); from the 18th
    birthday on."""
    return from_(case.bday18) if RELEVANT_CHILD.holds_on(case, case.bday18 - DAY) else []


FORMER_RELEVANT_AT_18 = any_of(
    "former relevant child at 18", "CA1989.s23C(1)(b)", looked_after_at_18_having_been_eligible, relevant_at_18
)


def is_former_relevant(case: Case) -> bool:
    return bool(FORMER_RELEVANT_AT_18.periods(case))


@condition("CA1989.s23C(2)")
def under_21(case: Case) -> Periods:
    """Under {age.core_leaving_care_end}. s23C(6): the s23C(2)-(4) duties last until the 21st birthday."""
    return before(case.bday21)


@under_21.explained
def _(case: Case, day: Date) -> str | None:
    return age_detail(case, day, None, case.bday21)


CORE = all_of("the s23C duties to 21", "CA1989.s23C(2)", FORMER_RELEVANT_AT_18, under_21, in_force("CA1989.s23C(2)"))
"""s23C(6): the s23C(2)-(4) duties, from 18 until 21."""


@frozen
class Programme:
    """An education or training programme that keeps duties alive, with the provision it engages."""

    education: Education
    period: Period
    provision: str


def extension(case: Case) -> list[Programme]:
    """s23C(7): a programme set out in the pathway plan, begun before 21 and continuing past it, keeps the
    s23C(2), (3) and (4)(b) duties while it lasts; no upper age (D12)."""

    def build() -> list[Programme]:
        if not is_former_relevant(case):
            return []
        b21 = case.bday21
        return [
            Programme(education, period, "CA1989.s23C(7)")
            for education in case.facts.education
            if education.in_pathway_plan and education.period.since < b21
            for period in intersect([education.period], [Period(b21)])
        ]

    return case.memo("extension", build)


@condition("CA1989.s23C(7)")
def programme_in_plan_past_21(case: Case) -> Periods:
    """On a planned programme past {age.core_leaving_care_end}. s23C(7): pursuing a programme of education or
    training set out in the pathway plan, begun before 21 and continuing past it: the duties continue while it
    lasts (D12)."""
    return [p.period for p in extension(case)]


@programme_in_plan_past_21.explained
def _(case: Case, day: Date) -> str:
    planned = [e for e in case.facts.education if e.in_pathway_plan and e.period.since < case.bday21]
    if not planned:
        return "no programme of education or training set out in the pathway plan began before 21 (s23C(7))"
    ended = max(planned, key=lambda e: e.period.until or day)
    if ended.period.until is not None and ended.period.until <= day:
        return f"the programme set out in the pathway plan ended; its last day was {ended.period.last_day}"
    return "no programme set out in the pathway plan continues past 21 on this date (s23C(7))"


def returning_to_education(case: Case) -> list[Programme]:
    """s23CA (from 2011-04-01): a former relevant child under 25 towards whom the s23C duties no longer subsist
    and who is pursuing a programme of education or training, while it lasts (D14). A programme under way when
    the s23C duties end engages it from that day (D30); one under way when the section came into force, from
    then; either only if they are still under 25."""

    def build() -> list[Programme]:
        owed = union(CORE.periods(case), programme_in_plan_past_21.periods(case))
        if not is_former_relevant(case) or not owed or owed[-1].until is None:
            return []
        after_s23c = intersect([Period(owed[-1].until)], case.in_force("CA1989.s23CA"))
        return [
            Programme(education, period, "CA1989.s23CA")
            for education in case.facts.education
            for period in intersect([education.period], after_s23c)
            if period.since < case.bday25
        ]

    return case.memo("returning_to_education", build)


@condition("CA1989.s23CA")
def programme_after_s23c_duties(case: Case) -> Periods:
    """Back in education or training under {age.upper}. s23CA: pursuing a programme after the s23C duties ended,
    having told the authority (D14, D30)."""
    return [p.period for p in returning_to_education(case)]


@programme_after_s23c_duties.explained
def _(case: Case, day: Date) -> str:
    return "no programme of education or training is under way on this date after the s23C duties ended (s23CA)"


@condition("CA1989.s23CZB")
def aged_21_to_24(case: Case) -> Periods:
    """Aged {age.core_leaving_care_end} to {age.upper-1}. s23CZB(1), (3)(a): {age.core_leaving_care_end} or over
    and under {age.upper}."""
    return case.aged(case.bday21, case.bday25)


@aged_21_to_24.explained
def _(case: Case, day: Date) -> str | None:
    return age_detail(case, day, case.bday21, case.bday25)


def support_requests(case: Case) -> list[tuple[Period, tuple[str, ...]]]:
    """Each request for advice and support made while s23CZB is in force, until declined, with its events. A
    request made before the section came into force is not one under it (children.md 7.2) and engages
    nothing; the first request made while it is in force does, even if an earlier one was never withdrawn
    (D29)."""

    def build() -> list[tuple[Period, tuple[str, ...]]]:
        in_force = case.in_force("CA1989.s23CZB")
        out = []
        for spell in case.facts.support:
            engaging = next((r for r in spell.requests if any(r.on in p for p in in_force)), None)
            if engaging is None:
                continue
            asked = {r.event for r in spell.requests}
            ids = (engaging.event, *(i for i in spell.events if i not in asked))
            out.append((Period(engaging.on, spell.period.until), ids))
        return out

    return case.memo("support_requests", build)


@condition("CA1989.s23CZB")
def asked_for_support(case: Case) -> Periods:
    """Asked for advice and support. s23CZB(1)(c), (3)(b): has told the authority they want advice and support
    from a personal adviser, and not that they no longer want it (D13, D29)."""
    return [period for period, _ in support_requests(case)]


@asked_for_support.explained
def _(case: Case, day: Date) -> str:
    commenced = case.law.commenced("CA1989.s23CZB")
    if not case.facts.support:
        return "no request for advice and support from a personal adviser is recorded (SupportRequested; s23CZB)"
    out = []
    for spell in case.facts.support:
        engaging = next((r.on for r in spell.requests if commenced is not None and r.on >= commenced), None)
        if spell.period.since > day:
            out.append(f"advice and support is asked for only later, on {spell.period.since.isoformat()}")
        elif engaging is None or engaging > day:
            later = "" if engaging is None else f"; asked again only later, on {engaging.isoformat()}"
            out.append(
                f"advice and support asked for on {spell.period.since.isoformat()}, before s23CZB came into force, "
                f"is no request under it (D29){later}"
            )
        elif spell.period.until is not None and spell.period.until <= day:
            out.append(
                f"advice and support asked for on {spell.period.since.isoformat()} was declined from "
                f"{spell.period.until.isoformat()} (SupportDeclined; s23CZB(3)(b))"
            )
    return "; ".join(out) or "no request for advice and support is open on this date"


ON_REQUEST = all_of(
    "advice and support on request",
    "CA1989.s23CZB",
    asked_for_support,
    FORMER_RELEVANT_AT_18,
    aged_21_to_24,
    in_force("CA1989.s23CZB"),
)
"""s23CZB (from 2018-04-01): aged 21 to 24, an authority in England had s23C duties, and they asked for advice
and support; until 25 or until they say they no longer want it (D13)."""


@condition("CA1989.s23C(1)(a)")
def under_25_or_programme(case: Case) -> Periods:
    """Under {age.upper}, or on a programme beyond it. How long a former relevant child is reported (s23CZB;
    corporate parenting): under 25, or while an s23C(7) or s23CA programme continues."""
    return union(
        case.aged(case.bday18, case.bday25),
        programme_in_plan_past_21.periods(case),
        programme_after_s23c_duties.periods(case),
    )


@under_25_or_programme.explained
def _(case: Case, day: Date) -> str | None:
    if day >= case.bday25:
        return f"aged 25 or over (from {case.bday25.isoformat()}) and no programme of education or training continues"
    return None


FORMER_RELEVANT_CHILD = all_of(
    "former_relevant_child",
    "CA1989.s23C(1)(a)",
    FORMER_RELEVANT_AT_18,
    under_25_or_programme,
    in_force("CA1989.s23C(1)(a)"),
)
"""s23C(1): looked after at 18 having been eligible, or a relevant child at 18; reported until 25, or longer
while an s23C(7) or s23CA programme continues."""


# s24: qualifying person ---------------------------------------------------------------------------


def first_left_after_16(case: Case) -> Date | None:
    """The first day, on or after the 16th birthday, they ceased to be looked after, having been looked after
    at some time after 16 while a child (looked after the day before the 16th birthday runs into it, D34)."""
    on_or_after_16 = case.aged(case.bday16 - DAY, case.bday18)
    if not intersect(case.looked_after_periods, on_or_after_16):
        return None
    return next((p.until for p in case.looked_after_periods if p.until and p.until >= case.bday16), None)


@condition("CA1989.s24(1B)")
def looked_after_after_16_no_longer(case: Case) -> Periods:
    """Looked after after {age.sixteen}, and no longer. s24(1B)(b), (2)(a): at any time after reaching 16 but while
    still a child, was, but is no longer, looked after; from the day they first left."""
    return from_(first_left_after_16(case))


@looked_after_after_16_no_longer.explained
def _(case: Case, day: Date) -> str:
    return "not looked after after the 16th birthday and then no longer, by this date"


@condition("CA1989.s24(1B)")
def qualifying_under_21(case: Case) -> Periods:
    """Under {age.core_leaving_care_end}. s24(1B)(a)."""
    return before(case.bday21)


@qualifying_under_21.explained
def _(case: Case, day: Date) -> str | None:
    return age_detail(case, day, None, case.bday21)


def special_guardianship(case: Case) -> list[tuple[Period, Episode]]:
    """s24(1A): 16 to 20, a special guardianship order made when looked after immediately before. A later
    order (after a return to care) supersedes an earlier one from the day it is made."""

    def build() -> list[tuple[Period, Episode]]:
        out: list[tuple[Period, Episode]] = []
        for episode in case.facts.episodes:
            if episode.reason not in codes.SPECIAL_GUARDIANSHIP or episode.period.until is None:
                continue
            since = max(case.bday16, episode.period.until)
            window = intersect(case.aged(since, case.bday21), case.in_force("CA1989.s24(1A)"))
            out += [(p, episode) for p in window]
        kept: list[tuple[Period, Episode]] = []
        taken: list[Period] = []
        for period, episode in reversed(out):
            kept += [(p, episode) for p in difference([period], taken)]
            taken = union(taken, [period])
        return sorted(kept, key=lambda pair: pair[0].since)

    return case.memo("special_guardianship", build)


@condition("CA1989.s24(1A)")
def under_special_guardianship_order(case: Case) -> Periods:
    """Under a special guardianship order, aged {age.sixteen} to {age.core_leaving_care_end-1}. s24(1A): made
    when they were looked after immediately before."""
    return [period for period, _ in special_guardianship(case)]


NOT_ANOTHER_CATEGORY = (
    unless(RELEVANT_CHILD, "Not a relevant child. Relevant status takes the place of qualifying status"),
    unless(FORMER_RELEVANT_CHILD, "Not a former relevant child. That status takes the place of qualifying status"),
    unless(looked_after, "Not looked after. s24(1B)(b): no longer looked after"),
)
LEFT_CARE_AFTER_16 = all_of(
    "left care after 16", "CA1989.s24(1B)", looked_after_after_16_no_longer, qualifying_under_21, not_looked_after
)
QUALIFYING_PERSON = all_of(
    "qualifying_person",
    "CA1989.s24(1B)",
    any_of(
        "qualifying person, either route",
        "CA1989.s24(1B)",
        under_special_guardianship_order,
        all_of(
            "qualifying person under s24(1B)",
            "CA1989.s24(1B)",
            LEFT_CARE_AFTER_16,
            any_of("s24 in force", "CA1989.s24(1B)", in_force("CA1989.s24.old"), in_force("CA1989.s24(1B)")),
        ),
    ),
    *NOT_ANOTHER_CATEGORY,
)
"""s24(1A)-(2): the residual category, for those in no other: a special guardianship order, or left care after
16 (the old s24 before 2001-10-01)."""
QUALIFYING_S24_1A_1B = all_of(
    "qualifying person under s24(1A) or (1B)",
    "CA1989.s24(1B)",
    any_of(
        "qualifying person under s24(1A) or (1B), either route",
        "CA1989.s24(1B)",
        under_special_guardianship_order,
        all_of(
            "qualifying person under s24(1B) as amended",
            "CA1989.s24(1B)",
            LEFT_CARE_AFTER_16,
            in_force("CA1989.s24(1B)"),
        ),
    ),
    *NOT_ANOTHER_CATEGORY,
)
"""Qualifying persons under s24(1A) or (1B), to whom s24(4) applies (not the old s24)."""
