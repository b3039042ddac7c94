"""Part 7 for an application made on or after the Homelessness Reduction Act 2017 commenced (D18-D21):

    application → inquiries (s184), interim accommodation (s188)
      ├─ threatened + eligible → prevention (s195), assessment and plan (s189A)
      └─ homeless + eligible  → relief (s189B) for 56 days beginning with the day satisfied
            └─ at its end: main duty (s193) | s190(2) if intentionally homeless | s193C(4) after a
               s193B notice | nothing after a refused final offer (s193A)

A referral (s198) hands relief (s199A, with a new 56 days) or the main duty (s200) to the authority
referred to.
"""

from __future__ import annotations

import datetime as dt

from leavingcare import calendar
from leavingcare.duties.findings import Reason
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7 import decided, steps
from leavingcare.duties.part7.circumstances import Circumstances
from leavingcare.duties.part7.facts import Application
from leavingcare.duties.part7.outcome import (
    NO_FURTHER_DUTY,
    AfterRelief,
    Ending,
    Ground,
    HandedOn,
    Outcome,
    Regime,
    Relief,
    Tested,
    earliest,
)
from leavingcare.duties.part7.steps import FINAL_OFFERS, Ledger, Threatened
from leavingcare.duties.part7.warnings import (
    Part7Concern,
    barred_ground,
    priority_need_after_day_56,
    priority_need_lapses,
)
from leavingcare.periods import Period, union

Date = dt.date
DAY = dt.timedelta(days=1)


def from_hra_2017(app: Application, ctx: Circumstances) -> Outcome:
    """The duties owed on an application made from 2018-04-03."""
    ledger = Ledger(ctx.law, steps.withdrawn(app, app.applied))
    homeless = app.found_homeless
    threat = steps.threat(app, ctx.law, notices_count=True)
    prevention_end = None
    if threat is not None and (homeless is None or threat.start < homeless.on):
        prevention_end = _prevention(app, ctx, ledger, threat)
    referrals: list[HandedOn] = []
    reliefs: tuple[Relief, ...] = ()
    relief_end, relief_authority = None, app.authority
    if homeless is not None:
        reliefs, relief_end, relief_authority = _relief(app, ctx, ledger, homeless.on, referrals)
    after = _after_relief(app, ctx, ledger, relief_end, relief_authority, prevention_end, referrals)
    _interim(app, ctx, ledger, referrals)
    _assessment(ledger)
    steps.inquiries(app, ledger, _decided(app, ledger), referrals)
    return Outcome(
        application=app,
        regime=Regime.FROM_HRA_2017,
        duties=tuple(ledger.duties),
        concerns=tuple(ledger.concerns),
        prevention_end=prevention_end,
        reliefs=reliefs,
        relief_end=relief_end,
        after_relief=after,
        referrals=tuple(referrals),
        withdrawal=ledger.withdrawal,
        threatened=threat.start if threat else None,
    )


def _prevention(app: Application, ctx: Circumstances, ledger: Ledger, threat: Threatened) -> Ending | None:
    """s195(2): from the day satisfied threatened and eligible; ends only by notice, a decision that the
    applicant is homeless, a s193B notice or withdrawal (D21). Returns how it ended."""
    start = ctx.first_eligible(threat.start)
    if start is None:
        return None
    homeless = app.found_homeless
    became_homeless = (
        Ending(homeless.on, Ground.BECAME_HOMELESS, "the applicant became homeless (s195(8)(c))", (homeless.event,))
        if homeless is not None
        else None
    )
    end = earliest(
        steps.notice(app, Kind.PREVENTION, start),
        became_homeless,
        steps.non_cooperation(app, start),
        steps.withdrawn(app, start),
    )
    eligible = Reason("eligible for assistance", (app.event,))
    ledger.add(Kind.PREVENTION, "HA1996.s195(2)", start, end, app.authority, [threat.reason, eligible])
    if end is not None and end.ground is Ground.DAYS_ELAPSED:
        barred_ground(app, ledger, start, end)
    return end


def _relief(
    app: Application, ctx: Circumstances, ledger: Ledger, satisfied: Date, referrals: list[HandedOn]
) -> tuple[tuple[Relief, ...], Ending | None, str]:
    """s189B(2): 56 days beginning with the day satisfied homeless and eligible; ends automatically at the
    end of day 56 when priority need is established and no intentionality decision stands (s189B(4), D20),
    otherwise only by notice, a final offer refused (s193A), a s193B notice, withdrawal or a referral
    (s199A, which starts a new 56 days with the authority referred to). Returns each stint, how the last
    ended and who owed it then; referrals that took effect are added to ``referrals``."""
    days = ctx.law.value("days.relief", app.applied)
    start = ctx.first_eligible(satisfied)
    authority, provision = app.authority, "HA1996.s189B(2)"
    used: frozenset[str] = frozenset()
    stints: list[Relief] = []
    end: Ending | None = None
    ended_with = app.authority
    while start is not None:
        day56 = calendar.last_day_of(start, days)
        pn = steps.priority_need(app, ctx, day56)
        ih = steps.intentional(app, ctx, day56)
        assert pn.reason is not None
        automatic = (
            Ending(
                day56 + DAY,
                Ground.AUTOMATIC,
                f"the end of day {days} with priority need and no intentionality decision (s189B(4))",
                pn.reason.events,
            )
            if pn.holds and not ih.holds
            else None
        )
        handed = steps.referral(app, start, used)
        ending = earliest(
            steps.notice(app, Kind.RELIEF, start),
            steps.non_cooperation(app, start),
            steps.withdrawn(app, start),
            steps.offer(
                app, app.refused, FINAL_OFFERS, start, "refused a final offer (s193A)", Ground.REFUSED_FINAL_OFFER
            ),
            handed.ending if handed else None,
            automatic,
        )
        because = [
            steps.homeless_reason(app) or Reason("homeless", ()),
            Reason("eligible for assistance", (app.event,)),
        ]
        if ledger.withdrawal is not None and start >= ledger.withdrawal.on:
            break
        if ledger.add(Kind.RELIEF, provision, start, ending, authority, because, due=day56) is not None:
            stints.append(Relief(authority, start, day56, pn, ih, ending))
            priority_need_lapses(app, ctx, ledger, start, day56, ending, authority)
            if not pn.holds:
                priority_need_after_day_56(app, ctx, ledger, day56, ending, authority)
            if ending is not None and ending.ground is Ground.DAYS_ELAPSED and ending.on <= day56:
                ledger.concern(
                    Part7Concern.ENDED_ON_BARRED_GROUND,
                    Kind.RELIEF,
                    authority,
                    "HA1996.s189B(7)",
                    Period(ending.on, ending.on + DAY),
                    Reason(f"relief ended on the {days}-day ground before day {days + 1}", ending.events),
                )
        end, ended_with = ending, authority
        if ending is None or handed is None or ending is not handed.ending:
            break
        referrals.append(handed)
        start, authority, provision = ending.on, handed.to, "HA1996.s199A"
        used = used | set(ending.events)
    return tuple(stints), end, ended_with


def _after_relief(
    app: Application,
    ctx: Circumstances,
    ledger: Ledger,
    end: Ending | None,
    authority: str,
    prevention_end: Ending | None,
    referrals: list[HandedOn],
) -> AfterRelief | None:
    """s193(1)-(2), s190(2), s193C(4): what follows the end of relief, tested on its last day when it ended
    by itself and on the day it ended otherwise."""
    if end is None:
        return None
    tested = end.on - DAY if end.ground is Ground.AUTOMATIC else end.on
    eligible = ctx.eligible_on(tested)
    pn = steps.priority_need(app, ctx, tested)
    ih = steps.intentional(app, ctx, tested)
    if end.ground is Ground.INTENTIONALLY_HOMELESS_FROM_ACCOMMODATION and not ih.holds:
        ih = Tested(True, end.reason)
    barred = _notice_during_prevention(app, prevention_end, authority)

    def record(duty: Kind | None) -> AfterRelief:
        return AfterRelief(end, authority, tested, eligible, pn, ih, barred, duty)

    if end.ground is Ground.NON_COOPERATION:
        arose = decided.non_cooperation(app, ctx, ledger, end, authority, end.on, end.on, [])
        return record(Kind.NON_COOPERATION_ACCOMMODATION if arose else None)
    if end.ground in NO_FURTHER_DUTY or not eligible or not pn.holds:
        return record(None)
    assert pn.reason is not None
    relief_ended = Reason(f"the relief duty ended on {end.on.isoformat()}", end.events)
    if ih.holds:
        decided.intentionally_homeless(
            app, ledger, end.on, authority, [relief_ended, pn.reason, ih.reason or end.reason]
        )
        return record(Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION)
    if barred is not None:
        arose = decided.non_cooperation(app, ctx, ledger, barred, authority, end.on, tested, [relief_ended])
        return record(Kind.NON_COOPERATION_ACCOMMODATION if arose else None)
    because = [relief_ended, pn.reason, Reason("not found intentionally homeless", ())]
    decided.main_duty(app, ctx, ledger, referrals, end.on, authority, because)
    return record(Kind.MAIN_HOUSING_DUTY)


def _notice_during_prevention(app: Application, prevention_end: Ending | None, authority: str) -> Ending | None:
    if prevention_end is not None and prevention_end.ground is Ground.NON_COOPERATION and authority == app.authority:
        return prevention_end
    return None


def _first_relief_end(app: Application, ledger: Ledger) -> Ending | None:
    relief = ledger.of_kind(Kind.RELIEF, app.authority)
    if not relief or relief[0].period.until is None:
        return None
    text = "the relief duty ended and the next duty was decided (s188(1ZB))"
    return Ending(relief[0].period.until, Ground.RELIEF_ENDED, text, ())


def _interim(app: Application, ctx: Circumstances, ledger: Ledger, referrals: list[HandedOn]) -> None:
    """s188(1): from the application when the applicant appears homeless and may be in priority need, else
    from the day satisfied homeless (D19); ends at the end of relief, on notice that no relief duty is owed
    (a decision that the applicant is threatened, not homeless: s188(1ZB)(a), D40), on a decision of no
    priority need where no relief is owed (s188(1ZA)), on referral (s199A) or withdrawal. An applicant
    found threatened who later becomes homeless is owed it again from then if they may be in priority need."""
    relief_end = _first_relief_end(app, ledger)

    def closing(first: Date) -> Ending | None:
        return earliest(relief_end, steps.referred(referrals, first), steps.withdrawn(app, first))

    start = steps.interim_start(app, ctx, closing)
    if start is None:
        return
    end = _interim_from(app, ctx, ledger, referrals, relief_end, start)
    if end is not None and end.ground is Ground.NOT_HOMELESS:
        again = steps.interim_again(app, ctx, end)
        if again is not None:
            _interim_from(app, ctx, ledger, referrals, relief_end, again)


def _interim_from(
    app: Application,
    ctx: Circumstances,
    ledger: Ledger,
    referrals: list[HandedOn],
    relief_end: Ending | None,
    start: Date,
) -> Ending | None:
    homeless = app.found_homeless
    negative = next((d for d in app.priority_need if d.on >= start and not d.holds), None)
    no_pn = (
        Ending(
            negative.on,
            Ground.NO_PRIORITY_NEED,
            "decided not in priority need, with no relief duty (s188(1ZA)(a))",
            (negative.event,),
        )
        if negative and homeless is None and not steps.priority_need(app, ctx, negative.on).holds
        else None
    )
    end = earliest(
        relief_end,
        no_pn,
        steps.not_homeless(
            app,
            start,
            "decided the applicant is threatened with homelessness, not homeless: no relief duty (s188(1ZB))",
        ),
        steps.referred(referrals, start),
        steps.withdrawn(app, start),
        steps.notice(app, Kind.INTERIM_ACCOMMODATION, start),
    )
    reasons = steps.interim_reasons(app, ctx, start)
    ledger.add(Kind.INTERIM_ACCOMMODATION, "HA1996.s188", start, end, app.authority, reasons)
    return end


def _assessment(ledger: Ledger) -> None:
    """s189A: assess and agree a plan once satisfied the applicant is homeless or threatened and eligible;
    kept under review until no prevention or relief duty is owed."""
    by_authority: dict[str, list[Period]] = {}
    ids: dict[str, dict[str, None]] = {}
    for duty in ledger.duties:
        if duty.kind in (Kind.PREVENTION, Kind.RELIEF):
            by_authority.setdefault(duty.authority, []).append(duty.period)
            ids.setdefault(duty.authority, {}).update(dict.fromkeys(i for r in duty.because[:1] for i in r.events))
    for authority, periods in by_authority.items():
        because = Reason(
            "owed prevention or relief: assess, agree a personalised housing plan and keep it under review",
            tuple(ids[authority]),
        )
        for period in union(periods):
            end = (
                Ending(period.until, Ground.REVIEWED, "no prevention or relief duty is owed any longer", ())
                if period.until
                else None
            )
            ledger.add(Kind.ASSESSMENT_AND_PLAN, "HA1996.s189A", period.since, end, authority, [because])


def _decided(app: Application, ledger: Ledger) -> Ending | None:
    """When s184 inquiries end: once the duty owed after relief is decided, or when prevention ended with
    no homelessness."""
    relief = ledger.of_kind(Kind.RELIEF, app.authority)
    prevention = ledger.of_kind(Kind.PREVENTION)
    if relief and relief[0].period.until is not None:
        return Ending(relief[0].period.until, Ground.DECIDED, "the duty owed after relief was decided", ())
    if not relief and prevention and prevention[0].period.until is not None and app.found_homeless is None:
        return Ending(prevention[0].period.until, Ground.DECIDED, "prevention ended with no homelessness", ())
    return None
