"""The duties that follow a decision on the application, under either regime: the main housing duty
(s193(2), handed on by a referral under s200), accommodation for the intentionally homeless (s190(2)(a))
and accommodation after a s193B notice (s193C(4))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from leavingcare.duties.findings import Reason
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7 import steps
from leavingcare.duties.part7.circumstances import Circumstances
from leavingcare.duties.part7.facts import Application, first
from leavingcare.duties.part7.outcome import Ending, Ground, HandedOn, earliest
from leavingcare.duties.part7.steps import FINAL_OFFERS, MAIN_DUTY_ENDING_ACCEPTANCES, MAIN_DUTY_ENDING_REFUSALS, Ledger

Date = dt.date


def main_duty(
    app: Application,
    ctx: Circumstances,
    ledger: Ledger,
    referrals: list[HandedOn],
    start: Date,
    authority: str,
    because: Sequence[Reason],
) -> None:
    """s193(2) from ``start`` until an ending event (s193(5)-(7AA)); a referral hands it on (s200), and the
    referral is added to ``referrals``."""
    provision = "HA1996.s193(2)"
    used: frozenset[str] = frozenset()
    while True:
        handed = steps.referral(app, start, used)
        end = earliest(
            steps.notice(app, Kind.MAIN_HOUSING_DUTY, start),
            steps.withdrawn(app, start),
            steps.ineligible(ctx, start),
            steps.offer(
                app,
                app.accepted,
                MAIN_DUTY_ENDING_ACCEPTANCES,
                start,
                "accepted an offer that ends the duty (s193(6)(c), (7AA))",
                Ground.ACCEPTED_OFFER,
            ),
            steps.offer(
                app,
                app.refused,
                MAIN_DUTY_ENDING_REFUSALS,
                start,
                "refused a final Part 6 or private rented sector offer (s193(7), (7AA))",
                Ground.REFUSED_FINAL_OFFER,
            ),
            handed.ending if handed else None,
        )
        if ledger.withdrawal is not None and start >= ledger.withdrawal.on:
            return
        ledger.add(Kind.MAIN_HOUSING_DUTY, provision, start, end, authority, because)
        if end is None or handed is None or end is not handed.ending:
            return
        referrals.append(handed)
        start, authority, provision = end.on, handed.to, "HA1996.s200"
        because = [*because, Reason(f"referred by {app.authority}; the duty passes (s200(4))", end.events)]
        used = used | set(end.events)


def intentionally_homeless(
    app: Application, ledger: Ledger, start: Date, authority: str, because: Sequence[Reason]
) -> None:
    """s190(2)(a): accommodation for a reasonable opportunity to find somewhere, for an applicant in priority
    need found intentionally homeless; ends by notice, withdrawal or the accommodation ending."""
    ended = first(app.accommodation_ended, start)
    accommodation = (
        Ending(ended.on, Ground.ACCOMMODATION_ENDED, "the s190 accommodation ended", (ended.event,)) if ended else None
    )
    end = earliest(
        steps.notice(app, Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, start), steps.withdrawn(app, start), accommodation
    )
    ledger.add(Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, "HA1996.s190(2)", start, end, authority, because)


def non_cooperation(
    app: Application,
    ctx: Circumstances,
    ledger: Ledger,
    notice: Ending,
    authority: str,
    start: Date,
    test_day: Date,
    lead: Sequence[Reason],
) -> bool:
    """s193C(4): after a s193B notice, accommodation from ``start`` if, on ``test_day``, homeless, eligible, in
    priority need and not intentionally homeless; never s193 (s193(1A)(b)). A notice given at relief stage
    starts it that day; one given during prevention, when relief later ends (D39). Whether it arose."""
    homeless = app.found_homeless
    if homeless is None or homeless.on > test_day or not ctx.eligible_on(test_day):
        return False
    pn = steps.priority_need(app, ctx, test_day)
    if not pn.holds or steps.intentional(app, ctx, test_day).holds:
        return False
    assert pn.reason is not None
    end = earliest(
        steps.notice(app, Kind.NON_COOPERATION_ACCOMMODATION, start),
        steps.withdrawn(app, start),
        steps.ineligible(ctx, start),
        steps.offer(
            app,
            app.accepted,
            MAIN_DUTY_ENDING_ACCEPTANCES | FINAL_OFFERS,
            start,
            "accepted an offer (s193C(5))",
            Ground.ACCEPTED_OFFER,
        ),
        steps.offer(
            app, app.refused, FINAL_OFFERS, start, "refused a final offer (s193C(6))", Ground.REFUSED_FINAL_OFFER
        ),
    )
    given = (
        notice.reason
        if not lead
        else Reason(
            f"a s193B notice was given during prevention on {notice.on.isoformat()}, so s193 does not apply "
            "(s193(1A)(b)); s193C(4) is taken to apply when relief ends (reading D39)",
            notice.events,
        )
    )
    ledger.add(
        Kind.NON_COOPERATION_ACCOMMODATION,
        "HA1996.s193C(4)",
        start,
        end,
        authority,
        [*lead, given, pn.reason, Reason("homeless, eligible and not intentionally homeless", ())],
    )
    return True
