"""Concerns a Part 7 regime raises about how a duty ended or continued, declared with their meanings."""

from __future__ import annotations

import datetime as dt

from leavingcare.duties.findings import Reason
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.part7 import steps
from leavingcare.duties.part7.circumstances import Circumstances
from leavingcare.duties.part7.facts import Application
from leavingcare.duties.part7.outcome import Ending
from leavingcare.duties.part7.steps import Ledger
from leavingcare.periods import Period

Date = dt.date
DAY = dt.timedelta(days=1)


class Part7Concern(ConcernCode):
    """Concerns about how a Part 7 duty ended or continued."""

    ENDED_ON_BARRED_GROUND = (
        "ended_on_barred_ground",
        "prevention, relief",
        "A duty was ended on the 56-day ground when that ground was not available: prevention before day "
        "57 or while a possession notice expires within 56 days or has expired (s195(6), D21); relief on "
        "or before day 56 (s189B(7)). The duty still ends. Reported on the day it ended.",
    )
    PRIORITY_NEED_ENDS_DURING_RELIEF = (
        "priority_need_ends_during_relief",
        "relief",
        "A care-leaver priority need ground (for example art 4, which ends at 21) lapses within the 56 "
        "days of relief, which decides whether relief ends automatically and what follows; check.",
    )
    PRIORITY_NEED_AFTER_DAY_56 = (
        "priority_need_after_day_56",
        "relief",
        "Priority need was established only after day 56 of relief. Relief did not end by itself "
        "(s189B(4) looks at the end of the 56 days) and continues until notice under s189B(7)(b); the "
        "authority should decide whether to end relief and which duty follows. Stands from that day while "
        "relief is owed.",
    )


def barred_ground(app: Application, ledger: Ledger, start: Date, end: Ending) -> None:
    """D21: the 56-day ground before day 57, or while a possession notice expires within 56 days or has
    expired (s195(6)), still ends prevention but raises a Concern. Every notice recorded by the day
    prevention ended counts, not only the one that first made the applicant threatened."""
    days = ledger.law.value("days.prevention", app.applied)
    early = end.on < start + days * DAY
    expiries = [t.notice_expires for t in app.threats if t.notice_expires is not None and t.on <= end.on]
    notice = any(expires <= end.on + days * DAY for expires in expiries)
    if not (early or notice):
        return
    why = f"before day {days + 1}" if early else f"while a possession notice expires within {days} days or has expired"
    ledger.concern(
        Part7Concern.ENDED_ON_BARRED_GROUND,
        Kind.PREVENTION,
        app.authority,
        "HA1996.s195(6)",
        Period(end.on, end.on + DAY),
        Reason(f"prevention ended on the {days}-day ground {why}", end.events),
    )


def priority_need_lapses(
    app: Application, ctx: Circumstances, ledger: Ledger, start: Date, day56: Date, end: Ending | None, authority: str
) -> None:
    """housing.md example 9: a care-leaver priority need ground that ends inside the relief window (a 21st
    birthday) while relief is still owed decides whether relief ends automatically; flag it for a person to
    check. A relief duty that ended before the ground lapsed raises nothing."""
    last = day56 if end is None else min(day56, end.on - DAY)
    if last < start:
        return
    had = steps.priority_need(app, ctx, start)
    if had.holds and not steps.priority_need(app, ctx, last).holds:
        assert had.reason is not None
        ledger.concern(
            Part7Concern.PRIORITY_NEED_ENDS_DURING_RELIEF,
            Kind.RELIEF,
            authority,
            "HA1996.s189B(4)",
            Period(start, last + DAY),
            Reason(f"{had.reason.text}, but it no longer holds on day 56", had.reason.events),
        )


def priority_need_after_day_56(
    app: Application, ctx: Circumstances, ledger: Ledger, day56: Date, end: Ending | None, authority: str
) -> None:
    """D43: priority need established only after day 56 does not end relief by itself (s189B(4) looks at the
    end of the 56 days); relief continues until notice under s189B(7)(b), and a Concern asks the authority
    to decide. Priority need can begin only where a ground begins or a decision or finding is recorded, so
    only those days are tested."""
    last = None if end is None else end.on - DAY
    days = sorted(d for d in ctx.may_begin if d > day56 and (last is None or d <= last))
    for day in days:
        found = steps.priority_need(app, ctx, day)
        if not found.holds:
            continue
        assert found.reason is not None
        ledger.concern(
            Part7Concern.PRIORITY_NEED_AFTER_DAY_56,
            Kind.RELIEF,
            authority,
            "HA1996.s189B(7)",
            Period(day, None if end is None else end.on),
            Reason(
                f"{found.reason.text}, established on {day.isoformat()}, after day 56 of relief "
                f"({day56.isoformat()}): relief does not end by itself and continues until notice "
                "under s189B(7)(b); the authority should decide whether to end it and which duty follows",
                found.reason.events,
            ),
        )
        return
