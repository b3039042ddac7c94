"""Housing Act 1996 Part 7, one application at a time (housing.md section 1; DECISIONS D18-D21).

The regime is chosen by the application date: an application made before the Homelessness
Reduction Act 2017 commenced runs under the earlier rules for its whole life (D18). After it:

    application → inquiries (s184), interim accommodation (s188)
      ├─ threatened + eligible → prevention (s195), assessment and plan (s189A)
      └─ homeless + eligible  → relief (s189B) for 56 days beginning with the day satisfied
            └─ at its end: main duty (s193) | s190(2) if intentionally homeless | s193C(4) after a
               s193B notice | nothing after a refused final offer (s193A)

Each duty is a period; the events that end it are the notices and decisions recorded against the
application. A referral (s198) hands relief (s199A, with a new 56 days) or the main duty (s200) to
the authority referred to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from attrs import field, frozen

from leavingcare import calendar
from leavingcare.duties.findings import Concern, Finding, Reason, reasons
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.priority_need import care_leaver_grounds, eligible_on, first_eligible, priority_need_on
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.events import housing as hx
from leavingcare.events.codec import Envelope
from leavingcare.periods import Period, union


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


Date = dt.date
DAY = dt.timedelta(days=1)

FINAL_OFFERS = frozenset({"final_accommodation", "final_part6"})
MAIN_DUTY_ENDING_ACCEPTANCES = frozenset({"part6", "final_part6", "private_rented_sector"})
MAIN_DUTY_ENDING_REFUSALS = frozenset({"final_part6", "private_rented_sector"})
NO_FURTHER_DUTY = frozenset({"accommodation_secured", "ineligible", "withdrawn", "contact_lost", "referral_accepted"})


@frozen
class Piece:
    """One stretch of one Part 7 duty on one application, owed by ``authority``."""

    kind: str
    provision: str
    period: Period
    authority: str
    because: tuple[Reason, ...] = field(converter=reasons)
    due: Date | None = None
    to: str | None = None


@frozen
class Ending:
    """What ended a duty: the day, why, and the events."""

    on: Date
    text: str
    events: tuple[str, ...]
    code: str

    @property
    def reason(self) -> Reason:
        return Reason(f"ended on {self.on.isoformat()}: {self.text}", self.events)


def _earliest(*endings: Ending | None) -> Ending | None:
    present = [e for e in endings if e is not None]
    return min(present, key=lambda e: e.on, default=None)


class Pipeline:
    """The duties owed on one application, computed once."""

    def __init__(self, run: Run, application: Envelope) -> None:
        event = application.event
        assert isinstance(event, hx.HomelessnessApplication)
        self.run = run
        self.law = run.law
        self.id = event.application
        self.applied = event.on
        self.authority = event.authority
        self.appears_homeless = event.appears_homeless
        self.application_event = application.id
        self.events = [e for e in run.facts.housing if getattr(e.event, "application", None) == self.id]
        self.post_hra = self.applied >= (self.law.commenced("HRA2017") or Date.max)
        self.pieces: list[Piece] = []
        self.concerns: list[Concern] = []
        self.offers = {e.event.offer: e.event.kind for e in self.events if isinstance(e.event, hx.OfferMade)}
        self.withdrawal = self._withdrawn(self.applied)
        # Referrals that took effect (s198(A1) at relief stage, s198(1) at main-duty stage), with the
        # authority referred to. A referral recorded at prevention stage hands nothing on (Code 12.5).
        self.referrals: list[tuple[Ending, str]] = []
        self._build()

    # Event lookups --------------------------------------------------------------------------
    def _first(self, cls: type, after: Date, test: Callable[[Envelope], bool] = lambda e: True) -> Envelope | None:
        return next((e for e in self.events if isinstance(e.event, cls) and e.event.on >= after and test(e)), None)

    def _notice(self, duty: str, after: Date) -> Ending | None:
        found = self._first(hx.DutyEnded, after, lambda e: getattr(e.event, "duty", None) == duty)
        if found is None:
            return None
        assert isinstance(found.event, hx.DutyEnded)
        reason = found.event.reason
        return Ending(found.event.on, f"notice that the duty ended ({reason.replace('_', ' ')})", (found.id,), reason)

    def _withdrawn(self, after: Date) -> Ending | None:
        found = self._first(hx.ApplicationWithdrawn, after)
        return Ending(found.event.on, "the application was withdrawn", (found.id,), "withdrawn") if found else None

    def _non_cooperation(self, after: Date) -> Ending | None:
        found = self._first(hx.NonCooperationNotice, after)
        return (
            Ending(
                found.event.on,
                "a s193B notice of deliberate and unreasonable refusal to co-operate",
                (found.id,),
                "non_cooperation",
            )
            if found
            else None
        )

    def _referral(self, after: Date, used: frozenset[str] = frozenset()) -> tuple[Ending, str] | None:
        found = self._first(hx.ApplicationReferred, after, lambda e: e.id not in used)
        if found is None:
            return None
        assert isinstance(found.event, hx.ApplicationReferred)
        return Ending(
            found.event.on, f"the case was referred to {found.event.to} (s198)", (found.id,), "referral"
        ), found.event.to

    def _referred(self, after: Date) -> Ending | None:
        """The first referral on or after ``after`` that took effect (built by the relief and main duty)."""
        return next((ending for ending, _ in self.referrals if ending.on >= after), None)

    def _offer(self, cls: type, kinds: frozenset[str], after: Date, text: str, code: str) -> Ending | None:
        found = self._first(cls, after, lambda e: self.offers.get(getattr(e.event, "offer", "")) in kinds)
        return Ending(found.event.on, text, (found.id,), code) if found else None

    def _ineligible(self, after: Date) -> Ending | None:
        from leavingcare.duties.priority_need import ineligible_periods

        for period, ids in ineligible_periods(self.run):
            if period.since >= after:
                return Ending(period.since, "ceased to be eligible for assistance (s193(6)(a))", ids, "ineligible")
        return None

    def intentional(self, day: Date) -> tuple[bool, Reason | None]:
        """The latest intentionality decision on or before ``day``, unless CWSA 2026 s9 bars it."""
        latest = None
        for envelope in self.events:
            if isinstance(envelope.event, hx.IntentionalityDecided) and envelope.event.on <= day:
                latest = envelope
        if latest is None or not isinstance(latest.event, hx.IntentionalityDecided) or not latest.event.intentional:
            return False, None
        if self.barred_by_cwsa(latest.event.on):
            return False, None
        return True, Reason("decided that the applicant became homeless intentionally (s191)", (latest.id,))

    def barred_by_cwsa(self, decided: Date) -> bool:
        """CWSA 2026 s9 (prospective): once commenced, a relevant child or a former relevant child under
        25 does not become homeless intentionally (new s191(1ZA)-(1C)); it applies to applications made
        from commencement and to earlier ones not yet decided under s184 by then (s9(2))."""
        commenced = self.law.commenced("CWSA2026.s9")
        if commenced is None or decided < commenced:
            return False
        status, case = self.run.status, self.run.case
        relevant = any(decided in s.period for s in status.relevant)
        former = status.former_relevant is not None and case.bday18 <= decided < case.bday25
        return relevant or former

    def pn(self, day: Date) -> tuple[bool, Reason]:
        return priority_need_on(self.run, self.id, day)

    # Building -------------------------------------------------------------------------------
    def _add(
        self,
        kind: str,
        provision: str,
        since: Date,
        end: Ending | None,
        authority: str,
        because: list[Reason],
        due: Date | None = None,
    ) -> Period | None:
        until = end.on if end else None
        if until is not None and until <= since:
            return None
        if self.withdrawal is not None and since >= self.withdrawal.on:
            return None  # nothing is owed on an application once it has been withdrawn
        period = Period(since, until)
        extra = [end.reason] if end else []
        self.pieces.append(Piece(kind, provision, period, authority, (*because, *extra), due))
        return period

    def _threat(self) -> tuple[Date, Reason] | None:
        """The first day the applicant is threatened within the window of the application's regime
        (s175(4): 28 days, 56 from 2018-04-03; s175(5) notices), and why."""
        window = self.law.value("days.threat_window", self.applied)
        best: tuple[Date, Reason] | None = None
        for envelope in self.events:
            event = envelope.event
            if not isinstance(event, hx.ThreatenedWithHomelessness):
                continue
            dates = [d for d in (event.homeless_by, event.notice_expires) if d is not None]
            deadline = min(dates, default=None)
            start = event.on if deadline is None or deadline <= event.on + window * DAY else deadline - window * DAY
            text = f"threatened with homelessness within {window} days"
            if event.notice_expires is not None and self.post_hra:
                text += " (a possession notice expiring within the period, s175(5))"
            if best is None or start < best[0]:
                best = (start, Reason(text, (envelope.id,)))
        return best

    def _build(self) -> None:
        homeless = self._first(hx.Homeless, self.applied)
        self.homeless_on = homeless.event.on if homeless else None
        self.homeless_reason = (
            Reason("the authority is satisfied the applicant is homeless", (homeless.id,)) if homeless else None
        )
        if self.post_hra:
            self._build_post_hra()
        else:
            self._build_pre_hra()
        self._inquiries()

    def _build_post_hra(self) -> None:
        threat = self._threat()
        self.prevention_end: Ending | None = None
        if threat is not None and (self.homeless_on is None or threat[0] < self.homeless_on):
            self._prevention(threat)
        self.relief_end: Ending | None = None
        self.relief_authority = self.authority
        if self.homeless_on is not None:
            self._relief(self.homeless_on)
        self._interim_post_hra()
        self._assessment()

    def _prevention(self, threat: tuple[Date, Reason]) -> None:
        """s195(2): from the day satisfied threatened and eligible; ends only by notice, a decision
        that the applicant is homeless, a s193B notice or withdrawal (D21)."""
        start = first_eligible(self.run, threat[0])
        if start is None:
            return
        became_homeless = (
            Ending(
                self.homeless_on,
                "the applicant became homeless (s195(8)(c))",
                self.homeless_reason.events,
                "became_homeless",
            )
            if self.homeless_on is not None and self.homeless_reason is not None
            else None
        )
        end = _earliest(
            self._notice(Kind.PREVENTION, start), became_homeless, self._non_cooperation(start), self._withdrawn(start)
        )
        self._add(
            Kind.PREVENTION,
            "HA1996.s195(2)",
            start,
            end,
            self.authority,
            [threat[1], Reason("eligible for assistance", (self.application_event,))],
        )
        self.prevention_end = end
        if end is not None and end.code == "days_elapsed":
            self._barred_ground(start, end)

    def _barred_ground(self, start: Date, end: Ending) -> None:
        """D21: the 56-day ground before day 57, or while a possession notice expires within 56 days or
        has expired (s195(6)), still ends prevention but raises a Concern. Every notice recorded by the
        day prevention ended counts, not only the one that first made the applicant threatened."""
        days = self.law.value("days.prevention", self.applied)
        early = end.on < start + days * DAY
        expiries = [
            e.event.notice_expires
            for e in self.events
            if isinstance(e.event, hx.ThreatenedWithHomelessness)
            and e.event.notice_expires is not None
            and e.event.on <= end.on
        ]
        notice = any(expires <= end.on + days * DAY for expires in expiries)
        if not (early or notice):
            return
        why = "before day 57" if early else "while a possession notice expires within 56 days or has expired"
        self.concerns.append(
            Concern(
                code=Part7Concern.ENDED_ON_BARRED_GROUND,
                kind=Kind.PREVENTION,
                by=self.authority,
                to=None,
                citation=self.law.cite("HA1996.s195(6)"),
                since=end.on,
                until=end.on + DAY,
                because=(Reason(f"prevention ended on the 56-day ground {why}", end.events),),
            )
        )

    def _relief(self, satisfied: Date) -> None:
        """s189B(2): 56 days beginning with the day satisfied homeless and eligible; ends automatically
        at the end of day 56 when priority need is established and no intentionality decision stands
        (s189B(4), D20), otherwise only by notice, a final offer refused (s193A), a s193B notice,
        withdrawal or a referral (s199A, which starts a new 56 days with the authority referred to)."""
        days = self.law.value("days.relief", self.applied)
        start = first_eligible(self.run, satisfied)
        authority = self.authority
        provision = "HA1996.s189B(2)"
        used: frozenset[str] = frozenset()
        while start is not None:
            day56 = calendar.last_day_of(start, days)
            pn, pn_reason = self.pn(day56)
            ih, _ = self.intentional(day56)
            automatic = (
                Ending(
                    day56 + DAY,
                    "the end of day 56 with priority need and no intentionality decision (s189B(4))",
                    pn_reason.events,
                    "automatic",
                )
                if pn and not ih
                else None
            )
            referral = self._referral(start, used)
            end = _earliest(
                self._notice(Kind.RELIEF, start),
                self._non_cooperation(start),
                self._withdrawn(start),
                self._offer(
                    hx.OfferRefused, FINAL_OFFERS, start, "refused a final offer (s193A)", "refused_final_offer"
                ),
                referral[0] if referral else None,
                automatic,
            )
            because = [
                self.homeless_reason or Reason("homeless", ()),
                Reason("eligible for assistance", (self.application_event,)),
            ]
            if self.withdrawal is not None and start >= self.withdrawal.on:
                break
            if self._add(Kind.RELIEF, provision, start, end, authority, because, due=day56) is not None:
                self._priority_need_lapses(start, day56, end, authority)
                if not pn:
                    self._priority_need_after_day_56(day56, end, authority)
                if end is not None and end.code == "days_elapsed" and end.on <= day56:
                    self._relief_ended_early(end, authority)
            self.relief_end, self.relief_authority = end, authority
            if end is not None and referral is not None and end is referral[0]:
                self.referrals.append(referral)
                start, authority, provision = end.on, referral[1], "HA1996.s199A"
                used = used | set(end.events)
                continue
            break
        self._after_relief()

    def _relief_ended_early(self, end: Ending, authority: str) -> None:
        """s189B(7)(b): the 56-day ground is available only once the 56 days beginning with the day the
        authority was first satisfied have ended; a notice on day 56 or before still ends relief but
        raises a Concern, as D21 does for prevention."""
        self.concerns.append(
            Concern(
                code=Part7Concern.ENDED_ON_BARRED_GROUND,
                kind=Kind.RELIEF,
                by=authority,
                to=None,
                citation=self.law.cite("HA1996.s189B(7)"),
                since=end.on,
                until=end.on + DAY,
                because=(Reason("relief ended on the 56-day ground before day 57", end.events),),
            )
        )

    def _priority_need_lapses(self, start: Date, day56: Date, end: Ending | None, authority: str) -> None:
        """housing.md example 9: a care-leaver priority need ground that ends inside the relief window
        (a 21st birthday) while relief is still owed decides whether relief ends automatically; flag it
        for a person to check. A relief duty that ended before the ground lapsed raises nothing."""
        last = day56 if end is None else min(day56, end.on - DAY)
        if last < start:
            return
        had, reason = self.pn(start)
        has, _ = self.pn(last)
        if had and not has:
            self.concerns.append(
                Concern(
                    code=Part7Concern.PRIORITY_NEED_ENDS_DURING_RELIEF,
                    kind=Kind.RELIEF,
                    by=authority,
                    to=None,
                    citation=self.law.cite("HA1996.s189B(4)"),
                    since=start,
                    until=last + DAY,
                    because=(Reason(f"{reason.text}, but it no longer holds on day 56", reason.events),),
                )
            )

    def _priority_need_after_day_56(self, day56: Date, end: Ending | None, authority: str) -> None:
        """D43: priority need established only after day 56 does not end relief by itself (s189B(4)
        looks at the end of the 56 days); relief continues until notice under s189B(7)(b), and a Concern
        asks the authority to decide. Priority need can begin only where a ground begins or a decision
        or finding is recorded, so only those days are tested."""
        last = None if end is None else end.on - DAY
        starts = self._days_priority_need_may_begin()
        days = sorted(d for d in starts if d > day56 and (last is None or d <= last))
        found = next(((d, self.pn(d)[1]) for d in days if self.pn(d)[0]), None)
        if found is None:
            return
        day, reason = found
        self.concerns.append(
            Concern(
                code=Part7Concern.PRIORITY_NEED_AFTER_DAY_56,
                kind=Kind.RELIEF,
                by=authority,
                to=None,
                citation=self.law.cite("HA1996.s189B(7)"),
                since=day,
                until=None if end is None else end.on,
                because=(
                    Reason(
                        f"{reason.text}, established on {day.isoformat()}, after day 56 of relief "
                        f"({day56.isoformat()}): relief does not end by itself and continues until notice "
                        "under s189B(7)(b); the authority should decide whether to end it and which duty follows",
                        reason.events,
                    ),
                ),
            )
        )

    def _after_relief(self) -> None:
        """s193(1)-(2), s190(2), s193C(4): what follows the end of relief."""
        end = self.relief_end
        if end is None:
            return
        authority = self.relief_authority
        test_day = end.on - DAY if end.code == "automatic" else end.on
        if end.code == "non_cooperation":
            self._non_cooperation_duty(end, authority, end.on, end.on, [])
            return
        if end.code in NO_FURTHER_DUTY or end.code in ("withdrawn", "refused_final_offer", "referral"):
            return
        if not eligible_on(self.run, test_day):
            return
        pn, pn_reason = self.pn(test_day)
        ih, ih_reason = self.intentional(test_day)
        if end.code == "intentionally_homeless_from_accommodation" and not ih:
            ih, ih_reason = True, end.reason
        if not pn:
            return
        relief_ended = Reason(f"the relief duty ended on {end.on.isoformat()}", end.events)
        barred = self.notice_during_prevention(authority)
        if ih:
            self._s190(end.on, authority, [relief_ended, pn_reason, ih_reason or end.reason])
        elif barred is not None:
            self._non_cooperation_duty(barred, authority, end.on, test_day, [relief_ended])
        else:
            self._main(
                end.on,
                authority,
                "HA1996.s193(2)",
                [relief_ended, pn_reason, Reason("not found intentionally homeless", ())],
            )

    def _main(self, start: Date, authority: str, provision: str, because: list[Reason]) -> None:
        """s193(2) until an ending event (s193(5)-(7AA)); a referral hands it on (s200)."""
        used: frozenset[str] = frozenset()
        while True:
            referral = self._referral(start, used)
            end = _earliest(
                self._notice(Kind.MAIN_HOUSING_DUTY, start),
                self._withdrawn(start),
                self._ineligible(start),
                self._offer(
                    hx.OfferAccepted,
                    MAIN_DUTY_ENDING_ACCEPTANCES,
                    start,
                    "accepted an offer that ends the duty (s193(6)(c), (7AA))",
                    "accepted_offer",
                ),
                self._offer(
                    hx.OfferRefused,
                    MAIN_DUTY_ENDING_REFUSALS,
                    start,
                    "refused a final Part 6 or private rented sector offer (s193(7), (7AA))",
                    "refused_final_offer",
                ),
                referral[0] if referral else None,
            )
            if self.withdrawal is not None and start >= self.withdrawal.on:
                return
            self._add(Kind.MAIN_HOUSING_DUTY, provision, start, end, authority, because)
            if end is not None and referral is not None and end is referral[0]:
                self.referrals.append(referral)
                start, authority, provision = end.on, referral[1], "HA1996.s200"
                because = [*because, Reason(f"referred by {self.authority}; the duty passes (s200(4))", end.events)]
                used = used | set(end.events)
                continue
            return

    def _s190(self, start: Date, authority: str, because: list[Reason]) -> None:
        """s190(2)(a): accommodation for a reasonable opportunity to find somewhere, for an applicant in
        priority need found intentionally homeless; ends by notice, withdrawal or the accommodation ending."""
        ended = self._first(hx.AccommodationEnded, start)
        accommodation = (
            Ending(ended.event.on, "the s190 accommodation ended", (ended.id,), "accommodation_ended")
            if ended
            else None
        )
        end = _earliest(
            self._notice(Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, start), self._withdrawn(start), accommodation
        )
        self._add(Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, "HA1996.s190(2)", start, end, authority, because)

    def notice_during_prevention(self, authority: str) -> Ending | None:
        """The s193B notice that ended prevention, if ``authority`` gave it: s193 then never applies to
        that authority (s193(1A)(b)), and s193C(4) takes its place once relief ends (D39)."""
        end = self.prevention_end if self.post_hra else None
        return end if end is not None and end.code == "non_cooperation" and authority == self.authority else None

    def _non_cooperation_duty(
        self, notice: Ending, authority: str, start: Date, test_day: Date, lead: list[Reason]
    ) -> None:
        """s193C(4): after a s193B notice, accommodation from ``start`` if, on ``test_day``, homeless,
        eligible, in priority need and not intentionally homeless; never s193 (s193(1A)(b)). A notice
        given at relief stage starts it that day; one given during prevention, when relief later ends
        (D39)."""
        if self.homeless_on is None or self.homeless_on > test_day or not eligible_on(self.run, test_day):
            return
        pn, pn_reason = self.pn(test_day)
        ih, _ = self.intentional(test_day)
        if not pn or ih:
            return
        end = _earliest(
            self._notice(Kind.NON_COOPERATION_ACCOMMODATION, start),
            self._withdrawn(start),
            self._ineligible(start),
            self._offer(
                hx.OfferAccepted,
                MAIN_DUTY_ENDING_ACCEPTANCES | FINAL_OFFERS,
                start,
                "accepted an offer (s193C(5))",
                "accepted_offer",
            ),
            self._offer(
                hx.OfferRefused, FINAL_OFFERS, start, "refused a final offer (s193C(6))", "refused_final_offer"
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
        self._add(
            Kind.NON_COOPERATION_ACCOMMODATION,
            "HA1996.s193C(4)",
            start,
            end,
            authority,
            [*lead, given, pn_reason, Reason("homeless, eligible and not intentionally homeless", ())],
        )

    def _not_homeless(self, after: Date, text: str) -> Ending | None:
        """The first decision on or after ``after`` that the applicant is threatened with homelessness,
        made before any decision that they are homeless: the authority has decided the applicant is not
        homeless, so no relief duty is owed (D40)."""
        found = self._first(
            hx.ThreatenedWithHomelessness,
            after,
            lambda e: self.homeless_on is None or e.event.on < self.homeless_on,
        )
        return Ending(found.event.on, text, (found.id,), "not_homeless") if found else None

    def _interim_post_hra(self) -> None:
        """s188(1): from the application when the applicant appears homeless and may be in priority
        need, else from the day satisfied homeless (D19); ends at the end of relief, on notice that no
        relief duty is owed (a decision that the applicant is threatened, not homeless: s188(1ZB)(a),
        D40), on a decision of no priority need where no relief is owed (s188(1ZA)), on referral (s199A)
        or withdrawal. An applicant found threatened who later becomes homeless is owed it again from
        then if they may be in priority need."""
        start = self._interim_start()
        if start is None:
            return
        end = self._interim_post_hra_from(start)
        if end is not None and end.code == "not_homeless":
            again = self._interim_again(end)
            if again is not None:
                self._interim_post_hra_from(again)

    def _interim_again(self, ended: Ending) -> Date | None:
        """After interim accommodation ended on a decision that the applicant was not homeless, the day
        they are found homeless, if there is reason to believe they may be eligible and in priority need."""
        day = self.homeless_on
        if day is None or day < ended.on or not self.pn(day)[0] or not eligible_on(self.run, day):
            return None
        return day

    def _interim_post_hra_from(self, start: Date) -> Ending | None:
        negative = self._first(hx.PriorityNeedDecided, start, lambda e: not getattr(e.event, "priority_need", True))
        no_pn = (
            Ending(
                negative.event.on,
                "decided not in priority need, with no relief duty (s188(1ZA)(a))",
                (negative.id,),
                "no_priority_need",
            )
            if negative and self.homeless_on is None and not self.pn(negative.event.on)[0]
            else None
        )
        relief_end = self._first_relief_end()
        end = _earliest(
            relief_end,
            no_pn,
            self._not_homeless(
                start, "decided the applicant is threatened with homelessness, not homeless: no relief duty (s188(1ZB))"
            ),
            self._referred(start),
            self._withdrawn(start),
            self._notice(Kind.INTERIM_ACCOMMODATION, start),
        )
        self._add(Kind.INTERIM_ACCOMMODATION, "HA1996.s188", start, end, self.authority, self._interim_reasons(start))
        return end

    def _first_relief_end(self) -> Ending | None:
        relief = [p for p in self.pieces if p.kind == Kind.RELIEF and p.authority == self.authority]
        if not relief or relief[0].period.until is None:
            return None
        return Ending(
            relief[0].period.until,
            "the relief duty ended and the next duty was decided (s188(1ZB))",
            (),
            "relief_ended",
        )

    def _interim_start(self) -> Date | None:
        """s188(1): the first day the authority has reason to believe the applicant may be homeless,
        eligible and in priority need (D19): the application where the applicant appeared homeless, or
        the day found homeless; or, where priority need or eligibility is shown only later (a
        vulnerability finding, a decision, a ground that begins), that day, if it comes before the duty
        could end: before relief ends (or, before 3 April 2018, the s184 decision), the application is
        referred or withdrawn, and, until found homeless, before a decision that the applicant is only
        threatened (D44). Those are the only days it can begin, so only they are tested."""
        first = self.applied if self.appears_homeless else self.homeless_on
        if first is None:
            return None
        closed = _earliest(
            self._first_relief_end() if self.post_hra else self._decision_pre_hra(),
            self._referred(first),
            self._withdrawn(first),
        )
        threatened = self._not_homeless(first, "")
        days = sorted({first} | {d for d in self._days_priority_need_may_begin() if d > first})
        for day in days:
            if closed is not None and day >= closed.on:
                return None
            still_threatened = threatened is not None and threatened.on <= day
            if still_threatened and (self.homeless_on is None or day < self.homeless_on):
                continue
            if self.pn(day)[0] and eligible_on(self.run, day):
                return day
        return None

    def _days_priority_need_may_begin(self) -> set[Date]:
        """The days priority need or eligibility can begin: where a computed ground begins or a housing
        event (a finding, a decision, a change of eligibility) is recorded."""
        starts = {stint.period.since for _, stint in care_leaver_grounds(self.run)}
        return starts | {e.event.on for e in self.run.facts.housing}

    def _interim_reasons(self, start: Date) -> list[Reason]:
        pn = self.pn(start)[1]
        appeared = self.appears_homeless and (self.homeless_on is None or start < self.homeless_on)
        shown = (
            Reason("the applicant appeared homeless when applying", (self.application_event,))
            if appeared
            else (self.homeless_reason or Reason("homeless", ()))
        )
        return [shown, Reason(f"may be in priority need: {pn.text}", pn.events)]

    def _assessment(self) -> None:
        """s189A: assess and agree a plan once satisfied the applicant is homeless or threatened and
        eligible; kept under review until no prevention or relief duty is owed."""
        by_authority: dict[str, list[Piece]] = {}
        for piece in self.pieces:
            if piece.kind in (Kind.PREVENTION, Kind.RELIEF):
                by_authority.setdefault(piece.authority, []).append(piece)
        for authority, pieces in by_authority.items():
            ids = tuple(dict.fromkeys(i for p in pieces for r in p.because[:1] for i in r.events))
            for period in union(p.period for p in pieces):
                end = (
                    Ending(period.until, "no prevention or relief duty is owed any longer", (), "reviewed")
                    if period.until
                    else None
                )
                self._add(
                    Kind.ASSESSMENT_AND_PLAN,
                    "HA1996.s189A",
                    period.since,
                    end,
                    authority,
                    [
                        Reason(
                            "owed prevention or relief: assess, agree a personalised housing plan and keep it "
                            "under review",
                            ids,
                        )
                    ],
                )

    def _build_pre_hra(self) -> None:
        """Before the HRA 2017 (D18): the old s195(2) prevention needs priority need and a 28-day
        threat; s193 arises on the s184 decision, without a relief stage."""
        self.relief_end = None
        threat = self._threat()
        if threat is not None and (self.homeless_on is None or threat[0] < self.homeless_on):
            start = threat[0]
            pn, pn_reason = self.pn(start)
            if pn and eligible_on(self.run, start) and not self.intentional(start)[0]:
                became = (
                    Ending(
                        self.homeless_on,
                        "the applicant became homeless",
                        self.homeless_reason.events if self.homeless_reason else (),
                        "became_homeless",
                    )
                    if self.homeless_on
                    else None
                )
                end = _earliest(self._notice(Kind.PREVENTION, start), became, self._withdrawn(start))
                self._add(Kind.PREVENTION, "HA1996.s195.old", start, end, self.authority, [threat[1], pn_reason])
        decision = self._decision_pre_hra()
        interim = self._interim_start()
        while interim is not None:
            end = _earliest(
                decision,
                self._threat_decision_pre_hra(interim),
                self._withdrawn(interim),
                self._notice(Kind.INTERIM_ACCOMMODATION, interim),
            )
            self._add(
                Kind.INTERIM_ACCOMMODATION, "HA1996.s188", interim, end, self.authority, self._interim_reasons(interim)
            )
            interim = self._interim_again(end) if end is not None and end.code == "not_homeless" else None
        if decision is None or not eligible_on(self.run, decision.on):
            return
        pn, pn_reason = self.pn(decision.on)
        ih, ih_reason = self.intentional(decision.on)
        if not pn:
            return
        if ih:
            self._s190(decision.on, self.authority, [decision.reason, pn_reason, ih_reason or decision.reason])
        else:
            self._main(
                decision.on,
                self.authority,
                "HA1996.s193(2)",
                [decision.reason, pn_reason, Reason("not found intentionally homeless", ())],
            )

    def _decision_pre_hra(self) -> Ending | None:
        """The s184 decision: the later of the homelessness finding and the first decisions recorded on
        priority need and intentionality."""
        if self.homeless_on is None:
            return None
        dates = [self.homeless_on]
        ids = list(self.homeless_reason.events if self.homeless_reason else ())
        for cls in (hx.PriorityNeedDecided, hx.IntentionalityDecided):
            found = self._first(cls, self.applied)
            if found is not None:
                dates.append(found.event.on)
                ids.append(found.id)
        return Ending(max(dates), "the s184 decision on the duty owed", tuple(ids), "decision")

    def _threat_decision_pre_hra(self, after: Date) -> Ending | None:
        """Before the HRA 2017, the s184 decision on an applicant found threatened, not homeless (D40):
        the later of that finding and the first priority need and intentionality decisions recorded
        before any finding that the applicant is homeless. Its notification ends s188 (s188(3) as it
        then stood)."""
        found = self._not_homeless(after, "")
        if found is None:
            return None
        dates, ids = [found.on], list(found.events)
        homeless = self.homeless_on
        for cls in (hx.PriorityNeedDecided, hx.IntentionalityDecided):
            decided = self._first(cls, self.applied, lambda e: homeless is None or e.event.on < homeless)
            if decided is not None:
                dates.append(decided.event.on)
                ids.append(decided.id)
        text = "the s184 decision was notified: threatened with homelessness, not homeless (s188(3))"
        return Ending(max(dates), text, tuple(ids), "not_homeless")

    def _inquiries(self) -> None:
        """s184(1): inquiries from the application into eligibility and the duty owed, until the duty
        owed after relief (or, before the HRA 2017, under s184) is decided."""
        relief = [p for p in self.pieces if p.kind == Kind.RELIEF and p.authority == self.authority]
        prevention = [p for p in self.pieces if p.kind == Kind.PREVENTION]
        decided: Ending | None = None
        if relief and relief[0].period.until is not None:
            decided = Ending(relief[0].period.until, "the duty owed after relief was decided", (), "decided")
        elif not self.post_hra:
            decided = self._decision_pre_hra() or self._threat_decision_pre_hra(self.applied)
        elif not relief and prevention and prevention[0].period.until is not None and self.homeless_on is None:
            decided = Ending(prevention[0].period.until, "prevention ended with no homelessness", (), "decided")
        end = _earliest(decided, self._withdrawn(self.applied), self._referred(self.applied))
        self._add(
            Kind.HOMELESSNESS_INQUIRIES,
            "HA1996.s184",
            self.applied,
            end,
            self.authority,
            [Reason(f"applied to {self.authority} for homelessness assistance", (self.application_event,))],
        )

    @property
    def closed(self) -> Date | None:
        """The day every duty on the application had ended (None while any is open)."""
        untils = [p.period.until for p in self.pieces]
        if not untils or any(u is None for u in untils):
            return None
        return max(u for u in untils if u is not None)

    def authority_on(self, day: Date) -> str:
        """The housing authority dealing with the application on ``day`` (after a referral, the new one)."""
        current = self.authority
        for ending, to in self.referrals:
            if ending.on <= day:
                current = to
        return current


def pipelines(run: Run) -> dict[str, Pipeline]:
    """Every application's pipeline, built once per run."""

    def build() -> dict[str, Pipeline]:
        out = {}
        for envelope in run.facts.housing:
            if isinstance(envelope.event, hx.HomelessnessApplication):
                out[envelope.event.application] = Pipeline(run, envelope)
        return out

    return run.memo("homelessness.pipelines", build)


def _findings(run: Run, kind: str) -> Iterator[Finding | Concern]:
    for pipeline in pipelines(run).values():
        for piece in pipeline.pieces:
            if piece.kind == kind:
                yield Finding(
                    kind=kind,
                    by=piece.authority,
                    to=piece.to,
                    citation=run.law.cite(piece.provision),
                    since=piece.period.since,
                    until=piece.period.until,
                    due=piece.due,
                    because=piece.because,
                )
        for concern in pipeline.concerns:
            if concern.kind == kind:
                yield concern


@rule(Kind.HOMELESSNESS_INQUIRIES, cites=("HA1996.s184",))
def homelessness_inquiries(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s184(1): inquiries into eligibility and the duty owed, from the application."""
    yield from _findings(run, Kind.HOMELESSNESS_INQUIRIES)


@rule(Kind.INTERIM_ACCOMMODATION, cites=("HA1996.s188", "HA1996.s188(1ZA)"))
def interim_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s188(1): interim accommodation while there is reason to believe the applicant may be
    homeless, eligible and in priority need; ends as s188(1ZA)-(1ZB) set out (D19), including on a
    decision that the applicant is threatened, not homeless, so that no relief duty is owed (D40);
    before the HRA 2017 when the s184 decision is notified (s188(3) as then in force)."""
    yield from _findings(run, Kind.INTERIM_ACCOMMODATION)


@rule(Kind.ASSESSMENT_AND_PLAN, cites=("HA1996.s189A",))
def assessment_and_plan(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s189A: assessment and personalised housing plan, reviewed while prevention or relief is owed."""
    yield from _findings(run, Kind.ASSESSMENT_AND_PLAN)


@rule(Kind.PREVENTION, cites=("HA1996.s195(2)", "HA1996.s195.old", "HA1996.s195(6)"))
def prevention(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s195(2): prevention from satisfaction of threat and eligibility, ending only by notice
    (s195(8)), a homelessness decision or a s193B notice (D21); before the HRA 2017 the old s195(2)."""
    yield from _findings(run, Kind.PREVENTION)


@rule(Kind.RELIEF, cites=("HA1996.s189B(2)", "HA1996.s189B(4)", "HA1996.s189B(7)", "HA1996.s199A"))
def relief(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s189B(2): relief for 56 days beginning with the day satisfied homeless and eligible
    (``due`` is day 56); the automatic end of s189B(4) (D20); notices under s189B(5)-(7), a notice on
    the 56-day ground before day 57 raising a Concern; s193A. Priority need established only after day
    56 leaves relief running until notice, with a Concern (D43)."""
    yield from _findings(run, Kind.RELIEF)


@rule(Kind.MAIN_HOUSING_DUTY, cites=("HA1996.s193(2)", "HA1996.s200"))
def main_housing_duty(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s193(2): when relief ends, for an eligible applicant in priority need not found
    intentionally homeless, until an ending event of s193(5)-(7AA); before the HRA on the s184 decision.
    Never after a s193B notice by the same authority, at relief or prevention stage (s193(1A)(b), D39)."""
    yield from _findings(run, Kind.MAIN_HOUSING_DUTY)


@rule(Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, cites=("HA1996.s190(2)",))
def intentionally_homeless_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s190(2)(a): accommodation for a reasonable period for an applicant in priority need
    found intentionally homeless."""
    yield from _findings(run, Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION)


@rule(Kind.NON_COOPERATION_ACCOMMODATION, cites=("HA1996.s193C(4)",))
def non_cooperation_accommodation(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s193C(4): accommodation after a s193B notice for an applicant homeless, eligible, in
    priority need and not intentionally homeless: from a notice given at relief stage, or when relief
    ends after a notice given during prevention (D39)."""
    yield from _findings(run, Kind.NON_COOPERATION_ACCOMMODATION)
