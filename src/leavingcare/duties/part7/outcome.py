"""What Part 7 gives on one application, as a typed value: each stretch of each duty with who owed it, the
endings (a ``Ground`` with its provision), the referrals that took effect and what was decided when relief
ended. Rules, the H-CLIC export and explanations read this, never the regime's working."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from attrs import field, frozen

from leavingcare.duties.findings import Concern, Reason, reasons
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7.facts import Application
from leavingcare.periods import Period

Date = dt.date


class Regime(StrEnum):
    """The rules an application is decided under, chosen by the date it was made (D18)."""

    provision: str

    def __new__(cls, value: str, provision: str = "") -> Regime:
        member = str.__new__(cls, value)
        member._value_ = value
        member.provision = provision
        return member

    BEFORE_HRA_2017 = "before_hra_2017", "HA1996.s195.old"
    """Made before the Homelessness Reduction Act 2017 commenced: no relief stage; s193 on the s184 decision."""
    FROM_HRA_2017 = "from_hra_2017", "HRA2017"
    """Made on or after its commencement: prevention, relief for 56 days, then s193, s190 or s193C."""


class Ground(StrEnum):
    """Why a Part 7 duty ended, with the provision that ends it (a law-table key). The codes of a
    ``DutyEnded`` notice are members too, so a notice's reason is read as a ground."""

    provision: str

    def __new__(cls, value: str, provision: str = "") -> Ground:
        member = str.__new__(cls, value)
        member._value_ = value
        member.provision = provision
        return member

    # Computed from the history.
    AUTOMATIC = "automatic", "HA1996.s189B(4)"
    REFERRAL = "referral", "HA1996.s198"
    ACCEPTED_OFFER = "accepted_offer", "HA1996.s193(5)"
    ACCOMMODATION_ENDED = "accommodation_ended", "HA1996.s190(2)"
    RELIEF_ENDED = "relief_ended", "HA1996.s188(1ZA)"
    NOT_HOMELESS = "not_homeless", "HA1996.s188(1ZA)"
    NO_PRIORITY_NEED = "no_priority_need", "HA1996.s188(1ZA)"
    DECIDED = "decided", "HA1996.s184"
    DECISION = "decision", "HA1996.s184"
    REVIEWED = "reviewed", "HA1996.s189A"
    # Notices (``DutyEnded``), some of which are also computed.
    ACCOMMODATION_SECURED = "accommodation_secured", "HA1996.s189B(7)"
    BECAME_HOMELESS = "became_homeless", "HA1996.s195(8)"
    DAYS_ELAPSED = "days_elapsed", "HA1996.s189B(7)"
    REFUSED_OFFER = "refused_offer", "HA1996.s189B(7)"
    REFUSED_FINAL_OFFER = "refused_final_offer", "HA1996.s193A"
    INTENTIONALLY_HOMELESS_FROM_ACCOMMODATION = "intentionally_homeless_from_accommodation", "HA1996.s189B(7)"
    INELIGIBLE = "ineligible", "HA1996.s193(5)"
    WITHDRAWN = "withdrawn", "HA1996.s189B(7)"
    NON_COOPERATION = "non_cooperation", "HA1996.s193B"
    CONTACT_LOST = "contact_lost", "HA1996.s189B(7)"
    REFERRAL_ACCEPTED = "referral_accepted", "HA1996.s198"


NO_FURTHER_DUTY = frozenset(
    {
        Ground.ACCOMMODATION_SECURED,
        Ground.INELIGIBLE,
        Ground.WITHDRAWN,
        Ground.CONTACT_LOST,
        Ground.REFERRAL_ACCEPTED,
        Ground.REFUSED_FINAL_OFFER,
        Ground.REFERRAL,
    }
)
"""Relief endings after which no duty under s193, s190 or s193C follows."""


@frozen
class Ending:
    """What ended a duty: the day, the ground, the words, and the events."""

    on: Date
    ground: Ground
    text: str
    events: tuple[str, ...]

    @property
    def reason(self) -> Reason:
        return Reason(f"ended on {self.on.isoformat()}: {self.text}", self.events)


def earliest(*endings: Ending | None) -> Ending | None:
    """The first ending to fall; on a tie, the first named."""
    present = [e for e in endings if e is not None]
    return min(present, key=lambda e: e.on, default=None)


@frozen
class Duty:
    """One stretch of one Part 7 duty on one application, owed by ``authority``."""

    kind: Kind
    provision: str
    period: Period
    authority: str
    because: tuple[Reason, ...] = field(converter=reasons)
    due: Date | None = None
    to: str | None = None


@frozen
class HandedOn:
    """A referral that took effect: relief passes under s199A, the main duty under s200."""

    ending: Ending
    to: str


@frozen
class Tested:
    """Whether something held on the day it was tested, and why."""

    holds: bool
    reason: Reason | None


@frozen
class Relief:
    """One relief stint (s189B(2)): its day 56 and what held then, which decides whether it ends by itself."""

    authority: str
    since: Date
    day56: Date
    priority_need: Tested
    intentional: Tested
    end: Ending | None


@frozen
class AfterRelief:
    """What was decided when relief ended (before the HRA 2017: at the s184 decision): the day tested and
    what held then, and the duty that followed (None: none)."""

    ending: Ending
    authority: str
    tested: Date
    eligible: bool
    priority_need: Tested
    intentional: Tested
    barred_by: Ending | None
    """A s193B notice given during prevention by the same authority (s193(1A)(b), D39)."""
    duty: Kind | None


@frozen
class Outcome:
    """Everything Part 7 gives on one application."""

    application: Application
    regime: Regime
    duties: tuple[Duty, ...]
    concerns: tuple[Concern, ...]
    prevention_end: Ending | None = None
    """How prevention ended (from the HRA 2017; before it, None)."""
    reliefs: tuple[Relief, ...] = ()
    relief_end: Ending | None = None
    after_relief: AfterRelief | None = None
    referrals: tuple[HandedOn, ...] = ()
    withdrawal: Ending | None = None
    threatened: Date | None = None
    """The first day the applicant was threatened with homelessness within the regime's window (s175(4)-(5))."""

    @property
    def id(self) -> str:
        return self.application.id

    @property
    def authority(self) -> str:
        return self.application.authority

    @property
    def applied(self) -> Date:
        return self.application.applied

    @property
    def homeless_on(self) -> Date | None:
        found = self.application.found_homeless
        return None if found is None else found.on

    def of_kind(self, kind: Kind) -> tuple[Duty, ...]:
        return tuple(d for d in self.duties if d.kind == kind)

    @property
    def closed(self) -> Date | None:
        """The day every duty on the application had ended (None while any is open)."""
        untils = [d.period.until for d in self.duties]
        if not untils or any(u is None for u in untils):
            return None
        return max(u for u in untils if u is not None)

    def authority_on(self, day: Date) -> str:
        """The housing authority dealing with the application on ``day`` (after a referral, the new one)."""
        current = self.authority
        for handed in self.referrals:
            if handed.ending.on <= day:
                current = handed.to
        return current

    def notice_during_prevention(self, authority: str) -> Ending | None:
        """The s193B notice that ended prevention, if ``authority`` gave it: s193 then never applies to that
        authority (s193(1A)(b)), and s193C(4) takes its place once relief ends (D39)."""
        end = self.prevention_end
        if end is not None and end.ground is Ground.NON_COOPERATION and authority == self.authority:
            return end
        return None
