"""Personal adviser, pathway plan and keeping in touch, on every route (children.md section 7).

One personal adviser discharges every duty to provide one (s23D(4)), so where two provisions apply
at once the finding cites the first in the order below and the later one covers only the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.case import Stint, periods_of, stints_minus
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.facts import Dated
from leavingcare.periods import Period, union


class AdviceConcern(ConcernCode):
    """Concerns about the personal adviser, pathway plan and programmes past 25."""

    CONTINUES_PAST_25 = (
        "continues_past_25",
        "personal_adviser, vacation_accommodation",
        "A programme of education or training under s23C(7) or s23CA runs past the 25th birthday. No "
        "upper age is applied to the personal adviser (D12, D14) or to vacation accommodation reached "
        "through s23C(9) or s23CA (D32), but s23CA(1)(a) applies that section to a person under 25, so "
        "the reading should be confirmed for the case.",
    )
    PATHWAY_PLAN_OVERDUE = (
        "pathway_plan_overdue",
        "pathway_plan",
        "The needs assessment or pathway plan review was due and none is recorded: from the day after the "
        "`due` date until an assessment or review is recorded or the duty ends.",
    )
    ASSESSMENT_OUTSTANDING = (
        "assessment_outstanding",
        "pathway_plan",
        "On the s23CZB route (advice and support on request, 21 to 25) no needs assessment is recorded. "
        "No deadline is set (s23CZB(4)-(5) give none; CLR 2010 reg 5(2) covers only relevant children and "
        "s23CA); stands from the request until an assessment is recorded, and says so if the duty lapsed "
        "first.",
    )


Date = dt.date


def _programme_stints(run: Run, kind: Kind) -> list[tuple[str, Stint]]:
    """Stints for the s23C(7) extension and s23CA programmes, owed by the former relevant authority."""
    frc = run.status.former_relevant
    if frc is None:
        return []
    out = []
    for programme in [*run.status.extension, *run.status.returning_to_education]:
        text = (
            "pursuing a programme of education or training set out in the pathway plan, begun before 21"
            if programme.provision == "CA1989.s23C(7)"
            else "told the authority they are pursuing a programme of education or training after the s23C "
            "duties ended, under 25"
        )
        reasons = (Reason(text, programme.education.events), run.status.frc_reason)
        out.append((programme.provision, Stint(programme.period, frc.authority, reasons)))
    return out


def adviser_routes(run: Run) -> list[tuple[str, Stint]]:
    """(provision, stint) for each route to a personal adviser, in order of precedence."""
    status = run.status
    routes: list[tuple[str, Stint]] = [("CA1989.sch2.para19C", s) for s in status.eligible]
    routes += [("CA1989.s23B(2)", s) for s in status.relevant]
    routes += [("CA1989.s23C(3)(a)", s) for s in status.core]
    routes += _programme_stints(run, Kind.PERSONAL_ADVISER)
    routes += [("CA1989.s23CZB", s) for s in status.on_request]
    return routes


def _exclusive(routes: list[tuple[str, Stint]]) -> list[tuple[str, Stint]]:
    """Each route keeps only the days no earlier route covers (s23D(4): one adviser for all)."""
    out: list[tuple[str, Stint]] = []
    taken: list[Period] = []
    for provision, stint in routes:
        for piece in stints_minus([stint], taken):
            out.append((provision, piece))
        taken = union(taken, [stint.period])
    return out


def adviser_pieces(run: Run) -> list[tuple[str, Stint]]:
    """The routes to a personal adviser, each keeping only the days no earlier route covers; computed once per
    run for the personal adviser and the pathway plan, which is owed on the same routes."""
    return run.memo("personal_adviser.pieces", lambda: _exclusive(adviser_routes(run)))


def _past_25(run: Run, kind: Kind, pieces: list[tuple[str, Stint]]) -> Iterator[Concern]:
    """D12/D14: no upper age is applied to a continuing programme, but past 25 a person must check:
    s23CA(1)(a) applies that section to a person "under the age of twenty-five", and the England text of
    s23C(6)-(7) and of s23CA(6) (how long the duties subsist) was not found to settle the point."""
    b25 = run.case.bday25
    for provision, stint in pieces:
        if provision in ("CA1989.s23C(7)", "CA1989.s23CA"):
            for period in (
                stints_minus([stint], [Period(stint.period.since, b25)]) if stint.period.since < b25 else [stint]
            ):
                yield run.concern(
                    AdviceConcern.CONTINUES_PAST_25,
                    kind,
                    period.period,
                    provision,
                    (
                        Reason(
                            "a programme of education or training continues past the 25th birthday; no upper age "
                            "is applied, but the reading is UNVERIFIED (D12, D14): s23CA(1)(a) applies the section "
                            "to a person under 25, and the text of s23C(7) and s23CA(6) was not found",
                            stint.because[0].events,
                        ),
                    ),
                    by=stint.authority,
                )


@rule(
    Kind.PERSONAL_ADVISER,
    cites=(
        "CA1989.sch2.para19C",
        "CA1989.s23B(2)",
        "CA1989.s23C(3)(a)",
        "CA1989.s23C(7)",
        "CA1989.s23CA",
        "CA1989.s23CZB",
    ),
)
def personal_adviser(run: Run) -> Iterator[Finding | Concern]:
    """Sch 2 para 19C (eligible); s23B(2) (relevant); s23C(3)(a) to 21 and s23C(7) while a planned
    programme continues; s23CA on a return to education under 25; s23CZB(3) on request from 21 to 25."""
    pieces = adviser_pieces(run)
    for provision, stint in pieces:
        yield run.finding(Kind.PERSONAL_ADVISER, stint, provision)
    yield from _past_25(run, Kind.PERSONAL_ADVISER, pieces)


_PLAN_PROVISION = {
    "CA1989.sch2.para19C": "CA1989.sch2.para19B(4)",
    "CA1989.s23B(2)": "CA1989.s23B(3)",
    "CA1989.s23C(3)(a)": "CA1989.s23C(3)(b)",
    "CA1989.s23C(7)": "CA1989.s23C(7)",
    "CA1989.s23CA": "CA1989.s23CA",
    "CA1989.s23CZB": "CA1989.s23CZB(4)",
}
_FRESH_ASSESSMENT = {"CA1989.s23CA", "CA1989.s23CZB(4)"}
"""Routes that start with a new assessment whatever was assessed before (s23CA(3), s23CZB(4))."""
_OWN_DEADLINE = {"CA1989.s23B(3)"}
"""Routes whose assessment, when none is recorded yet, is due 3 months from their own start even straight
after another route: a relevant child with no pathway plan (CLR 2010 reg 5(2)(a); children.md W2b, W13)."""


_REVIEW = "pathway plan review at least every 6 months (CLR 2010 reg 7)"


def _first_due(run: Run, provision: str, since: Date, assessed_before: bool) -> tuple[Date | None, str]:
    """The assessment deadline a stint starts with, and the rule that sets it."""
    months = run.law.value("months.needs_assessment", since)
    if provision == "CA1989.sch2.para19B(4)":
        return calendar.add_months(
            since, months
        ), "needs assessment within 3 months of becoming eligible (CPPCR reg 42)"
    if provision == "CA1989.s23B(3)" and not assessed_before:
        return calendar.add_months(since, months), "needs assessment within 3 months of becoming relevant (CLR reg 5)"
    if provision == "CA1989.s23CA":
        return calendar.add_months(since, months), "needs assessment within 3 months of being told (CLR reg 5(2)(b))"
    return (
        None,
        "no statutory deadline for the needs assessment on this route (CLR 2010 reg 5(2) sets one only for a "
        "relevant child without a pathway plan and for s23CA)",
    )


def _review_due(run: Run, reviewed: Date) -> Date:
    """The next review after an assessment or review on ``reviewed`` (CLR 2010 reg 7)."""
    return calendar.add_months(reviewed, run.law.value("months.plan_review", reviewed))


def _plan_pieces(
    stint: Stint, marks: list[Dated], initial: tuple[Date | None, str, tuple[str, ...]], run: Run
) -> Iterator[tuple[Period, Date | None, Reason]]:
    """The stint cut at each assessment or review, each piece with its next due date."""
    due, why, basis = initial
    since = stint.period.since
    for mark in marks:
        if mark.on <= since or (stint.period.until is not None and mark.on >= stint.period.until):
            continue
        yield Period(since, mark.on), due, Reason(why, basis)
        since, due, why, basis = mark.on, _review_due(run, mark.on), _REVIEW, (mark.event,)
    yield Period(since, stint.period.until), due, Reason(why, basis)


@rule(Kind.PATHWAY_PLAN, cites=tuple(_PLAN_PROVISION.values()))
def pathway_plan(run: Run) -> Iterator[Finding | Concern]:
    """Para 19B(4)-(5), s23B(3), s23C(3)(b), s23C(7), s23CA and s23CZB(4): assess needs and keep a
    pathway plan under review. ``due``: the assessment within 3 months of becoming eligible or
    relevant (CPPCR reg 42; CLR 2010 reg 5), then a review at least every 6 months (CLR 2010 reg 7)."""
    clock = sorted([*run.facts.assessments, *run.facts.reviews], key=lambda d: d.on)
    carried: tuple[Date | None, str, tuple[str, ...]] | None = None
    carried_until: Date | None = None
    for adviser_provision, stint in sorted(adviser_pieces(run), key=lambda pair: pair[1].period.since):
        provision = _PLAN_PROVISION[adviser_provision]
        since = stint.period.since
        fresh = provision in _FRESH_ASSESSMENT
        marks = [d for d in clock if not fresh or d.on >= since]
        last = next((d for d in reversed(marks) if d.on <= since), None)
        initial: tuple[Date | None, str, tuple[str, ...]]
        if last is not None:
            initial = (_review_due(run, last.on), _REVIEW, (last.event,))
        elif carried is not None and carried_until == since and not fresh and provision not in _OWN_DEADLINE:
            initial = carried
        else:
            due, why = _first_due(run, provision, since, assessed_before=bool(marks and marks[0].on < since))
            initial = (due, why, stint.because[0].events)
        for period, due, reason in _plan_pieces(stint, marks, initial, run):
            piece = Stint(period, stint.authority, stint.because)
            yield run.finding(Kind.PATHWAY_PLAN, piece, provision, due=due, extra=(reason,))
            overdue = period.clip(since=due + dt.timedelta(days=1)) if due is not None else None
            if overdue is not None and due is not None:
                yield run.concern(
                    AdviceConcern.PATHWAY_PLAN_OVERDUE,
                    Kind.PATHWAY_PLAN,
                    overdue,
                    provision,
                    (Reason(f"due by {due.isoformat()} and not recorded: {reason.text}", reason.events),),
                    by=stint.authority,
                    due=due,
                )
            carried = (due, reason.text, reason.events)
        carried_until = stint.period.until
        if provision == "CA1989.s23CZB(4)":
            yield from _assessment_outstanding(run, stint, provision)


def _assessment_outstanding(run: Run, stint: Stint, provision: str) -> Iterator[Concern]:
    """s23CZB(4)-(5) set no deadline for the assessment, and CLR 2010 reg 5(2) sets one only for a relevant
    child without a pathway plan and for s23CA, so none is asserted; while none is recorded the assessment
    is reported outstanding, and the duty lapsing at 25 (or on being declined) before one is recorded is
    said so (W5)."""
    period = stint.period
    done = next((a.on for a in run.facts.assessments if a.on in period), None)
    if done == period.since:
        return
    if done is not None:
        text = (
            "needs assessment outstanding until it was recorded; no statutory deadline (s23CZB(4); CLR 2010 reg 5(2))"
        )
    elif period.until is not None:
        text = f"no needs assessment recorded before the s23CZB duties lapsed on {period.until.isoformat()}"
    else:
        text = "needs assessment outstanding; no statutory deadline (s23CZB(4); CLR 2010 reg 5(2))"
    yield run.concern(
        AdviceConcern.ASSESSMENT_OUTSTANDING,
        Kind.PATHWAY_PLAN,
        Period(period.since, done or period.until),
        provision,
        (Reason(text, stint.because[0].events),),
        by=stint.authority,
    )


@rule(Kind.KEEP_IN_TOUCH, cites=("CA1989.s23B(1)", "CA1989.s23C(2)", "CA1989.s24(4)"))
def keep_in_touch(run: Run) -> Iterator[Finding | Concern]:
    """s23B(1) (relevant); s23C(2) to 21 and while an s23C(7) programme continues; s24(4): the authority
    that last looked after a qualifying person must take the steps it thinks appropriate to contact them."""
    status = run.status
    routes: list[tuple[str, Stint]] = [("CA1989.s23B(1)", s) for s in status.relevant]
    routes += [("CA1989.s23C(2)", s) for s in status.core]
    routes += [(p, s) for p, s in _programme_stints(run, Kind.KEEP_IN_TOUCH) if p == "CA1989.s23C(7)"]
    routes += [("CA1989.s24(4)", s) for p, s in status.qualifying if p in ("CA1989.s24(1B)", "CA1989.s24(1A)")]
    for provision, stint in _exclusive(routes):
        yield run.finding(Kind.KEEP_IN_TOUCH, stint, provision)


__all__ = ["adviser_routes", "periods_of"]
