"""Homelessness: risk, referrals, applications, decisions, offers, accommodation and notices."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from leavingcare.events import codes
from leavingcare.events.base import (
    Event,
    bounded_text,
    event,
    flag,
    housing_authority,
    local_housing_authority,
    one_of,
    optional_date,
    public_authority,
    text,
)
from leavingcare.events.base import (
    area as area_code,
)


@event("housing")
@frozen
class EligibilityChanged(Event):
    """Eligibility for homelessness assistance (assumed eligible until told otherwise)."""

    eligible: bool = field(validator=flag)


@event("housing")
@frozen
class VulnerabilityAssessed(Event):
    """A finding on vulnerability and its cause."""

    vulnerable: bool = field(validator=flag)
    cause: str = field(validator=one_of(codes.VULNERABILITY_CAUSES, "vulnerability cause"))


@event("housing")
@frozen
class HomelessnessRiskIdentified(Event):
    """A public authority considers the young person may be homeless or threatened with it."""

    by: str = field(validator=public_authority)
    homeless_by: dt.date | None = field(default=None, validator=optional_date)


@event("housing")
@frozen
class ReferralMade(Event):
    """A referral under s213B from ``by`` to the housing authority ``to``."""

    by: str = field(validator=public_authority)
    to: str = field(validator=housing_authority)


@event("housing")
@frozen
class ReferralConsentRefused(Event):
    """The young person does not consent to a referral."""


@event("housing")
@frozen
class HomelessnessApplication(Event):
    """An application for homelessness assistance to ``authority``."""

    application: str = field(validator=text)
    authority: str = field(validator=housing_authority)
    appears_homeless: bool = field(validator=flag)


@event("housing")
@frozen
class ThreatenedWithHomelessness(Event):
    """The authority is satisfied the applicant is threatened with homelessness."""

    application: str = field(validator=text)
    homeless_by: dt.date | None = field(default=None, validator=optional_date)
    notice_expires: dt.date | None = field(default=None, validator=optional_date)


@event("housing")
@frozen
class Homeless(Event):
    """The authority is satisfied the applicant is homeless."""

    application: str = field(validator=text)


@event("housing")
@frozen
class PriorityNeedDecided(Event):
    """A decision on priority need on a ground other than the computed care-leaver ones."""

    application: str = field(validator=text)
    priority_need: bool = field(validator=flag)
    ground: str | None = field(default=None, validator=text)


@event("housing")
@frozen
class IntentionalityDecided(Event):
    """A decision whether the applicant became homeless intentionally."""

    application: str = field(validator=text)
    intentional: bool = field(validator=flag)


@event("housing")
@frozen
class SignedOff(Event):
    """A sign-off of an intentionality decision by one service, with the role of the person who gave it
    (any role a protocol records; the rule decides which roles meet the Code's senior level)."""

    application: str = field(validator=text)
    service: str = field(validator=one_of(codes.SERVICES, "service"))
    authority: str = field(validator=public_authority)
    role: str = field(
        validator=bounded_text(codes.ROLE_MAX_LENGTH),
        metadata={"schema": {"minLength": 1, "maxLength": codes.ROLE_MAX_LENGTH}},
    )


@event("housing")
@frozen
class OfferMade(Event):
    """An offer of accommodation."""

    application: str = field(validator=text)
    offer: str = field(validator=text)
    kind: str = field(validator=one_of(codes.OFFER_KINDS, "offer kind"))


@event("housing")
@frozen
class OfferAccepted(Event):
    application: str = field(validator=text)
    offer: str = field(validator=text)


@event("housing")
@frozen
class OfferRefused(Event):
    application: str = field(validator=text)
    offer: str = field(validator=text)


@event("housing")
@frozen
class NonCooperationNotice(Event):
    """A notice under s193B that the applicant has deliberately and unreasonably refused to co-operate."""

    application: str = field(validator=text)


@event("housing")
@frozen
class DutyEnded(Event):
    """The authority gives notice that a duty has ended, and why."""

    application: str = field(validator=text)
    duty: str = field(validator=text)
    reason: str = field(validator=one_of(codes.DUTY_END_REASONS, "reason a duty ended"))


@event("housing")
@frozen
class AccommodationSecured(Event):
    """Accommodation made available in ``area`` under the named provision."""

    application: str = field(validator=text)
    area: str = field(validator=area_code)
    under: str = field(validator=one_of(codes.ACCOMMODATION_UNDER, "provision accommodation is secured under"))
    kind: str = field(validator=one_of(codes.ACCOMMODATION_KINDS, "kind of accommodation"))


@event("housing")
@frozen
class AccommodationEnded(Event):
    application: str = field(validator=text)


@event("housing")
@frozen
class Section208NoticeSent(Event):
    """Notice under s208 to the local housing authority of the area where the applicant is placed: a
    housing authority in England, or a council in Wales (Housing Act 1985 s1)."""

    application: str = field(validator=text)
    to: str = field(validator=local_housing_authority)


@event("housing")
@frozen
class ApplicationReferred(Event):
    """The case is referred to another housing authority under s198."""

    application: str = field(validator=text)
    to: str = field(validator=housing_authority)


@event("housing")
@frozen
class LocalConnectionDecided(Event):
    """The authority's finding on a s199(1) ground the history cannot show."""

    application: str = field(validator=text)
    area: str = field(validator=area_code)
    ground: str = field(validator=one_of(codes.LOCAL_CONNECTION_GROUNDS, "local connection ground"))
    connected: bool = field(validator=flag)


@event("housing")
@frozen
class ApplicationWithdrawn(Event):
    application: str = field(validator=text)


@event("correction")
@frozen
class Retracted(Event):
    """Withdraws an event recorded in error (the stream is append-only: nothing is deleted)."""

    target: str = field(validator=text)


def application_of(event: Event) -> str | None:
    """The application an event is made or recorded against, if any."""
    if isinstance(
        event,
        HomelessnessApplication
        | ThreatenedWithHomelessness
        | Homeless
        | PriorityNeedDecided
        | IntentionalityDecided
        | SignedOff
        | OfferMade
        | OfferAccepted
        | OfferRefused
        | NonCooperationNotice
        | DutyEnded
        | AccommodationSecured
        | AccommodationEnded
        | Section208NoticeSent
        | ApplicationReferred
        | LocalConnectionDecided
        | ApplicationWithdrawn,
    ):
        return event.application
    return None
