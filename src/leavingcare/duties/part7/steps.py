"""What both regimes share: the events that can end a duty (each read as an ``Ending`` with its ``Ground``),
the tests made on a day (priority need, intentionality), the threat, interim accommodation's start, and the
ledger a regime writes its duties and concerns into."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from attrs import frozen

from leavingcare.duties.findings import Concern, Reason
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.part7.circumstances import Circumstances
from leavingcare.duties.part7.facts import Application, OfferEvent, first, latest
from leavingcare.duties.part7.outcome import Duty, Ending, Ground, HandedOn, Tested, earliest
from leavingcare.law import Law
from leavingcare.periods import Period

Date = dt.date
DAY = dt.timedelta(days=1)

FINAL_OFFERS = frozenset({"final_accommodation", "final_part6"})
MAIN_DUTY_ENDING_ACCEPTANCES = frozenset({"part6", "final_part6", "private_rented_sector"})
MAIN_DUTY_ENDING_REFUSALS = frozenset({"final_part6", "private_rented_sector"})


class Ledger:
    """The duties and concerns one regime finds on one application, in the order it finds them."""

    def __init__(self, law: Law, withdrawal: Ending | None) -> None:
        self.law = law
        self.withdrawal = withdrawal
        self.duties: list[Duty] = []
        self.concerns: list[Concern] = []

    def add(
        self,
        kind: Kind,
        provision: str,
        since: Date,
        end: Ending | None,
        authority: str,
        because: Sequence[Reason],
        due: Date | None = None,
    ) -> Period | None:
        """A stretch of ``kind`` from ``since`` until ``end``; nothing when it would end before it begins or
        begin once the application has been withdrawn."""
        until = end.on if end else None
        if until is not None and until <= since:
            return None
        if self.withdrawal is not None and since >= self.withdrawal.on:
            return None  # nothing is owed on an application once it has been withdrawn
        period = Period(since, until)
        extra = [end.reason] if end else []
        self.duties.append(Duty(kind, provision, period, authority, (*because, *extra), due))
        return period

    def concern(
        self, code: ConcernCode, kind: Kind, authority: str, provision: str, period: Period, because: Reason
    ) -> None:
        self.concerns.append(
            Concern(
                code=code,
                kind=kind,
                by=authority,
                to=None,
                citation=self.law.cite(provision),
                since=period.since,
                until=period.until,
                because=(because,),
            )
        )

    def of_kind(self, kind: Kind, authority: str | None = None) -> list[Duty]:
        return [d for d in self.duties if d.kind == kind and (authority is None or d.authority == authority)]


# endings -------------------------------------------------------------------------------------------


def notice(app: Application, duty: str, after: Date) -> Ending | None:
    """Notice that ``duty`` ended (``DutyEnded``), on or after ``after``."""
    found = first(app.notices, after, lambda n: n.duty == duty)
    if found is None:
        return None
    text = f"notice that the duty ended ({found.reason.replace('_', ' ')})"
    return Ending(found.on, Ground(found.reason), text, (found.event,))


def withdrawn(app: Application, after: Date) -> Ending | None:
    found = first(app.withdrawals, after)
    return Ending(found.on, Ground.WITHDRAWN, "the application was withdrawn", (found.event,)) if found else None


def non_cooperation(app: Application, after: Date) -> Ending | None:
    found = first(app.non_cooperation, after)
    if found is None:
        return None
    text = "a s193B notice of deliberate and unreasonable refusal to co-operate"
    return Ending(found.on, Ground.NON_COOPERATION, text, (found.event,))


def referral(app: Application, after: Date, used: frozenset[str] = frozenset()) -> HandedOn | None:
    """The first referral (s198) on or after ``after`` not already used."""
    found = first(app.referrals, after, lambda r: r.event not in used)
    if found is None:
        return None
    ending = Ending(found.on, Ground.REFERRAL, f"the case was referred to {found.to} (s198)", (found.event,))
    return HandedOn(ending, found.to)


def referred(referrals: Sequence[HandedOn], after: Date) -> Ending | None:
    """The first referral that took effect on or after ``after``."""
    return next((handed.ending for handed in referrals if handed.ending.on >= after), None)


def offer(
    app: Application, events: Sequence[OfferEvent], kinds: frozenset[str], after: Date, text: str, ground: Ground
) -> Ending | None:
    """The first of ``events`` (offers accepted or refused) of an offer of one of ``kinds``."""
    found = first(events, after, lambda o: app.offer_kind(o.offer) in kinds)
    return Ending(found.on, ground, text, (found.event,)) if found else None


def ineligible(ctx: Circumstances, after: Date) -> Ending | None:
    """The first day on or after ``after`` the applicant ceased to be eligible."""
    for period, ids in ctx.ineligible():
        if period.since >= after:
            return Ending(period.since, Ground.INELIGIBLE, "ceased to be eligible for assistance (s193(6)(a))", ids)
    return None


def not_homeless(app: Application, after: Date, text: str) -> Ending | None:
    """The first decision on or after ``after`` that the applicant is threatened with homelessness, made
    before any decision that they are homeless: no relief duty is owed (D40)."""
    homeless = app.found_homeless
    found = first(app.threats, after, lambda t: homeless is None or t.on < homeless.on)
    return Ending(found.on, Ground.NOT_HOMELESS, text, (found.event,)) if found else None


# tests on a day ------------------------------------------------------------------------------------


def priority_need(app: Application, ctx: Circumstances, day: Date) -> Tested:
    return ctx.priority_need(app.id, day)


def intentional(app: Application, ctx: Circumstances, day: Date) -> Tested:
    """The latest intentionality decision on or before ``day``, unless CWSA 2026 s9 bars it."""
    decided = latest(app.intentionality, day)
    if decided is None or not decided.holds or ctx.barred_by_cwsa(decided.on):
        return Tested(False, None)
    return Tested(True, Reason("decided that the applicant became homeless intentionally (s191)", (decided.event,)))


def homeless_reason(app: Application) -> Reason | None:
    found = app.found_homeless
    return None if found is None else Reason("the authority is satisfied the applicant is homeless", (found.event,))


@frozen
class Threatened:
    """The first day the applicant is threatened within the window of the application's regime, and why."""

    start: Date
    reason: Reason


def threat(app: Application, law: Law, notices_count: bool) -> Threatened | None:
    """s175(4): threatened within 28 days, 56 from 2018-04-03 (the window of the application's date); from
    the HRA 2017 a possession notice expiring within it counts too (s175(5)) and is named."""
    window = law.value("days.threat_window", app.applied)
    best: Threatened | None = None
    for found in app.threats:
        dates = [d for d in (found.homeless_by, found.notice_expires) if d is not None]
        deadline = min(dates, default=None)
        start = found.on if deadline is None or deadline <= found.on + window * DAY else deadline - window * DAY
        text = f"threatened with homelessness within {window} days"
        if found.notice_expires is not None and notices_count:
            text += " (a possession notice expiring within the period, s175(5))"
        if best is None or start < best.start:
            best = Threatened(start, Reason(text, (found.event,)))
    return best


# interim accommodation -----------------------------------------------------------------------------


def interim_start(app: Application, ctx: Circumstances, closing: Callable[[Date], Ending | None]) -> Date | None:
    """s188(1): the first day the authority has reason to believe the applicant may be homeless, eligible
    and in priority need (D19): the application where the applicant appeared homeless, or the day found
    homeless; or, where priority need or eligibility is shown only later, that day, if it comes before the
    duty could end (``closing`` the first day), and, until found homeless, before a decision that the
    applicant is only threatened (D44). Those are the only days it can begin, so only they are tested."""
    homeless = app.found_homeless
    homeless_on = None if homeless is None else homeless.on
    start = app.applied if app.appears_homeless else homeless_on
    if start is None:
        return None
    closed = closing(start)
    threatened = not_homeless(app, start, "")
    for day in sorted({start} | {d for d in ctx.may_begin if d > start}):
        if closed is not None and day >= closed.on:
            return None
        still_threatened = threatened is not None and threatened.on <= day
        if still_threatened and (homeless_on is None or day < homeless_on):
            continue
        if priority_need(app, ctx, day).holds and ctx.eligible_on(day):
            return day
    return None


def interim_again(app: Application, ctx: Circumstances, ended: Ending) -> Date | None:
    """After interim accommodation ended on a decision that the applicant was not homeless, the day they are
    found homeless, if there is reason to believe they may be eligible and in priority need."""
    homeless = app.found_homeless
    if homeless is None or homeless.on < ended.on:
        return None
    if not priority_need(app, ctx, homeless.on).holds or not ctx.eligible_on(homeless.on):
        return None
    return homeless.on


def interim_reasons(app: Application, ctx: Circumstances, start: Date) -> list[Reason]:
    pn = priority_need(app, ctx, start).reason
    assert pn is not None
    homeless = app.found_homeless
    appeared = app.appears_homeless and (homeless is None or start < homeless.on)
    shown = (
        Reason("the applicant appeared homeless when applying", (app.event,))
        if appeared
        else (homeless_reason(app) or Reason("homeless", ()))
    )
    return [shown, Reason(f"may be in priority need: {pn.text}", pn.events)]


def inquiries(app: Application, ledger: Ledger, decided: Ending | None, referrals: Sequence[HandedOn]) -> None:
    """s184(1): inquiries from the application into eligibility and the duty owed, until ``decided``."""
    end = earliest(decided, withdrawn(app, app.applied), referred(referrals, app.applied))
    ledger.add(
        Kind.HOMELESSNESS_INQUIRIES,
        "HA1996.s184",
        app.applied,
        end,
        app.authority,
        [Reason(f"applied to {app.authority} for homelessness assistance", (app.event,))],
    )
