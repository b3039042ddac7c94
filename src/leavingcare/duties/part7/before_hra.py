"""Part 7 for an application made before the Homelessness Reduction Act 2017 commenced (D18): it runs under
the earlier rules for its whole life. The old s195(2) prevention needs priority need and a 28-day threat;
s193 arises on the s184 decision, without a relief stage; interim accommodation (s188) ends when the s184
decision is notified (s188(3) as it then stood)."""

from __future__ import annotations

import datetime as dt

from leavingcare.duties.findings import Reason
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7 import decided, steps
from leavingcare.duties.part7.circumstances import Circumstances
from leavingcare.duties.part7.facts import Application, first
from leavingcare.duties.part7.outcome import AfterRelief, Ending, Ground, HandedOn, Outcome, Regime, earliest
from leavingcare.duties.part7.steps import Ledger

Date = dt.date


def before_hra_2017(app: Application, ctx: Circumstances) -> Outcome:
    """The duties owed on an application made before 2018-04-03."""
    ledger = Ledger(ctx.law, steps.withdrawn(app, app.applied))
    homeless = app.found_homeless
    threat = steps.threat(app, ctx.law, notices_count=False)
    if threat is not None and (homeless is None or threat.start < homeless.on):
        start = threat.start
        pn = steps.priority_need(app, ctx, start)
        if pn.holds and ctx.eligible_on(start) and not steps.intentional(app, ctx, start).holds:
            assert pn.reason is not None
            became = (
                Ending(homeless.on, Ground.BECAME_HOMELESS, "the applicant became homeless", (homeless.event,))
                if homeless is not None
                else None
            )
            end = earliest(steps.notice(app, Kind.PREVENTION, start), became, steps.withdrawn(app, start))
            ledger.add(Kind.PREVENTION, "HA1996.s195.old", start, end, app.authority, [threat.reason, pn.reason])
    decision = s184_decision(app)
    _interim(app, ctx, ledger, decision)
    referrals: list[HandedOn] = []
    after = _after_decision(app, ctx, ledger, decision, referrals)
    steps.inquiries(app, ledger, decision or threatened_decision(app, app.applied), referrals)
    return Outcome(
        application=app,
        regime=Regime.BEFORE_HRA_2017,
        duties=tuple(ledger.duties),
        concerns=tuple(ledger.concerns),
        after_relief=after,
        referrals=tuple(referrals),
        withdrawal=ledger.withdrawal,
        threatened=threat.start if threat else None,
    )


def s184_decision(app: Application) -> Ending | None:
    """The s184 decision: the later of the homelessness finding and the first decisions recorded on priority
    need and intentionality."""
    homeless = app.found_homeless
    if homeless is None:
        return None
    dates, ids = [homeless.on], [homeless.event]
    for decisions in (app.priority_need, app.intentionality):
        found = first(decisions, app.applied)
        if found is not None:
            dates.append(found.on)
            ids.append(found.event)
    return Ending(max(dates), Ground.DECISION, "the s184 decision on the duty owed", tuple(ids))


def threatened_decision(app: Application, after: Date) -> Ending | None:
    """The s184 decision on an applicant found threatened, not homeless (D40): the later of that finding and
    the first priority need and intentionality decisions recorded before any finding that the applicant is
    homeless. Its notification ends s188 (s188(3) as it then stood)."""
    found = steps.not_homeless(app, after, "")
    if found is None:
        return None
    homeless = app.found_homeless
    dates, ids = [found.on], list(found.events)
    for decisions in (app.priority_need, app.intentionality):
        made = first(decisions, app.applied, lambda d: homeless is None or d.on < homeless.on)
        if made is not None:
            dates.append(made.on)
            ids.append(made.event)
    text = "the s184 decision was notified: threatened with homelessness, not homeless (s188(3))"
    return Ending(max(dates), Ground.NOT_HOMELESS, text, tuple(ids))


def _interim(app: Application, ctx: Circumstances, ledger: Ledger, decision: Ending | None) -> None:
    """s188(1) from when there is reason to believe the applicant may be homeless, eligible and in priority
    need (D19) until the s184 decision is notified; again once found homeless after a decision that the
    applicant was only threatened."""

    def closing(start: Date) -> Ending | None:
        return earliest(decision, steps.withdrawn(app, start))

    interim = steps.interim_start(app, ctx, closing)
    while interim is not None:
        end = earliest(
            decision,
            threatened_decision(app, interim),
            steps.withdrawn(app, interim),
            steps.notice(app, Kind.INTERIM_ACCOMMODATION, interim),
        )
        reasons = steps.interim_reasons(app, ctx, interim)
        ledger.add(Kind.INTERIM_ACCOMMODATION, "HA1996.s188", interim, end, app.authority, reasons)
        interim = steps.interim_again(app, ctx, end) if end is not None and end.ground is Ground.NOT_HOMELESS else None


def _after_decision(
    app: Application, ctx: Circumstances, ledger: Ledger, decision: Ending | None, referrals: list[HandedOn]
) -> AfterRelief | None:
    """s193(2) on the s184 decision for an eligible applicant in priority need not found intentionally
    homeless; s190(2) if found intentionally homeless."""
    if decision is None:
        return None
    eligible = ctx.eligible_on(decision.on)
    pn = steps.priority_need(app, ctx, decision.on)
    ih = steps.intentional(app, ctx, decision.on)

    def record(duty: Kind | None) -> AfterRelief:
        return AfterRelief(decision, app.authority, decision.on, eligible, pn, ih, None, duty)

    if not eligible or not pn.holds:
        return record(None)
    assert pn.reason is not None
    if ih.holds:
        because = [decision.reason, pn.reason, ih.reason or decision.reason]
        decided.intentionally_homeless(app, ledger, decision.on, app.authority, because)
        return record(Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION)
    because = [decision.reason, pn.reason, Reason("not found intentionally homeless", ())]
    decided.main_duty(app, ctx, ledger, referrals, decision.on, app.authority, because)
    return record(Kind.MAIN_HOUSING_DUTY)
