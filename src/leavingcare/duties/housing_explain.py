"""Plain-language conditions behind the Part 7 duties, for explanations: what decides whether the main
duty is owed on a date, and whether a referral to another authority under s198 is possible."""

from __future__ import annotations

import datetime as dt

from leavingcare.duties.findings import Reason
from leavingcare.duties.kinds import Kind
from leavingcare.duties.local_connection import connections
from leavingcare.duties.part7 import Circumstances, Outcome, circumstances, outcomes, steps
from leavingcare.duties.part7.outcome import Ground, Regime
from leavingcare.duties.run import Run

Date = dt.date


def _iso(day: Date | None) -> str:
    return "open" if day is None else day.isoformat()


def _relevant_pipelines(run: Run, day: Date) -> list[Outcome]:
    return [p for p in outcomes(run) if p.applied <= day]


def main_duty_conditions(run: Run, day: Date) -> list[str]:
    """Why the main housing duty (s193(2)) does not hold on ``day``, application by application."""
    found = _relevant_pipelines(run, day)
    if not found:
        return ["no homelessness application is recorded on or before this date"]
    ctx = circumstances(run)
    return [line for pipeline in found for line in _main_duty(pipeline, ctx, day)]


def _main_duty(p: Outcome, ctx: Circumstances, day: Date) -> list[str]:
    name = f"application {p.id} to {p.authority}"
    main = list(p.of_kind(Kind.MAIN_HOUSING_DUTY))
    if any(day in x.period for x in main):
        return []
    ended = [x for x in main if x.period.until is not None and x.period.until <= day]
    if ended:
        return [f"{name}: the main duty ended on {_iso(ended[-1].period.until)} ({ended[-1].because[-1].text})"]
    if main:
        return [f"{name}: the main duty starts on {main[0].period.since.isoformat()}"]
    if p.homeless_on is None or p.homeless_on > day:
        return [f"{name}: the authority has not recorded that it is satisfied the applicant is homeless"]
    if p.regime is Regime.BEFORE_HRA_2017:
        return [f"{name} was made before the Homelessness Reduction Act 2017 commenced: {_pre_hra(p, ctx, day)}"]
    relief = list(p.of_kind(Kind.RELIEF))
    running = next((x for x in relief if day in x.period), None)
    if running is not None:
        line = f"{name}: relief is still running (day 56 is {_iso(running.due)})"
        return [line, *_at_day_56(p, ctx, running.due, running.authority)] if running.due else [line]
    last = relief[-1] if relief else None
    if last is None:
        return [f"{name}: no relief duty arose (the applicant was not eligible when found homeless)"]
    end = last.because[-1].text if last.period.until is not None else "not ended"
    lines = [f"{name}: relief ended on {_iso(last.period.until)} ({end})"]
    test_day = last.period.until or day
    if not ctx.eligible_on(test_day):
        lines.append("the applicant was not eligible for assistance when relief ended (s185)")
    pn, pn_reason = _pn(p, ctx, test_day)
    if not pn:
        lines.append(f"no priority need when relief ended: {pn_reason.text}{_lost_at_21(ctx, test_day)}")
    ih, ih_reason = _ih(p, ctx, test_day)
    if ih and ih_reason is not None:
        lines.append(f"an intentionality decision stands ({ih_reason.text}); s190(2) applies instead")
    if p.relief_end is not None and p.relief_end.ground is Ground.REFUSED_FINAL_OFFER:
        lines.append("a final offer was refused, so s193 does not apply (s193A(3))")
    if p.relief_end is not None and p.relief_end.ground is Ground.NON_COOPERATION:
        lines.append("a s193B notice was given, so s193 does not apply; s193C(4) may apply instead")
    elif p.notice_during_prevention(last.authority) is not None:
        lines.append(_PREVENTION_NOTICE)
    return lines


_PREVENTION_NOTICE = (
    "a s193B notice was given during prevention, so s193 does not apply (s193(1A)(b)); s193C(4) may apply instead"
)


def _at_day_56(p: Outcome, ctx: Circumstances, day56: Date, authority: str) -> list[str]:
    pn, pn_reason = _pn(p, ctx, day56)
    ih, ih_reason = _ih(p, ctx, day56)
    if ih and ih_reason is not None:
        return [f"an intentionality decision stands ({ih_reason.text}): relief will not end automatically"]
    if not pn:
        return [f"no priority need on day 56 ({pn_reason.text}){_lost_at_21(ctx, day56)}: relief ends only by notice"]
    if p.notice_during_prevention(authority) is not None:
        return [f"priority need is established: relief ends automatically after day 56; {_PREVENTION_NOTICE}"]
    return ["priority need is established: relief ends automatically after day 56 and the main duty follows"]


def _lost_at_21(ctx: Circumstances, day: Date) -> str:
    b21 = ctx.run.case.bday21
    return f"; art 4 priority need ended on the 21st birthday, {b21.isoformat()}" if b21 <= day else ""


def _pre_hra(p: Outcome, ctx: Circumstances, day: Date) -> str:
    pn, pn_reason = _pn(p, ctx, day)
    ih, _ = _ih(p, ctx, day)
    if not pn:
        return f"no priority need ({pn_reason.text})"
    if ih:
        return "found intentionally homeless"
    return "the s184 decision is not yet recorded"


def referral_possible(run: Run, day: Date) -> list[str]:
    """Whether the s198(2) conditions can be met on ``day`` for each open application: no local
    connection with the district applied to, and a connection with another (relief stage: in England)."""
    held = sorted({area for area, _, stint in connections(run) if day in stint.period})
    lines = []
    for pipeline in _relevant_pipelines(run, day):
        authority = pipeline.authority_on(day)
        others = [a for a in held if a != authority]
        if authority in held:
            lines.append(f"referral not possible for application {pipeline.id}: a local connection with {authority}")
        elif others:
            lines.append(
                f"referral possible for application {pipeline.id} (s198(2), (A1)): no local connection "
                f"with {authority}; connections with {', '.join(others)}"
            )
        else:
            lines.append(
                f"referral not possible for application {pipeline.id}: no local connection with any other district"
            )
    return lines


def _pn(p: Outcome, ctx: Circumstances, day: Date) -> tuple[bool, Reason]:
    tested = ctx.priority_need(p.id, day)
    assert tested.reason is not None
    return tested.holds, tested.reason


def _ih(p: Outcome, ctx: Circumstances, day: Date) -> tuple[bool, Reason | None]:
    tested = steps.intentional(p.application, ctx, day)
    return tested.holds, tested.reason
