"""The facts of one homelessness application: every Part 7 event recorded against it, folded once into a
frozen value (one registered case per event type). The regimes read these, never the events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, singledispatch
from typing import Any, Protocol, TypeVar

from attrs import frozen

from leavingcare.events import housing as hx
from leavingcare.events.base import Event
from leavingcare.events.codec import Envelope

Date = dt.date


class Dated(Protocol):
    @property
    def on(self) -> Date: ...


D = TypeVar("D", bound=Dated)


@frozen
class Mark:
    """A one-day fact of the application (a finding of homelessness, a notice, a withdrawal)."""

    on: Date
    event: str


@frozen
class Threat:
    """The authority found the applicant threatened with homelessness (s175(4)-(5))."""

    on: Date
    homeless_by: Date | None
    notice_expires: Date | None
    event: str


@frozen
class Decision:
    """A decision on priority need or intentionality: whether it holds, and the ground named."""

    on: Date
    holds: bool
    event: str
    ground: str | None = None


@frozen
class Notice:
    """Notice that a duty ended (``DutyEnded``): the duty named and the reason given."""

    on: Date
    duty: str
    reason: str
    event: str


@frozen
class OfferEvent:
    """An offer made (with its kind), accepted or refused."""

    on: Date
    offer: str
    event: str
    kind: str | None = None


@frozen
class Referral:
    """The case referred to another housing authority (s198)."""

    on: Date
    to: str
    event: str


@frozen
class Secured:
    """Accommodation secured for the applicant: where, under which provision and of what kind."""

    on: Date
    area: str
    under: str
    kind: str
    event: str


@frozen
class SignedOff:
    """A sign-off of an intentionality decision by a service of an authority, in a role."""

    on: Date
    service: str
    authority: str
    role: str
    event: str


@frozen
class NoticeSent:
    """A s208 notice sent to the housing authority (or Welsh council) ``to``."""

    on: Date
    to: str
    event: str


@frozen
class Application:
    """One application for homelessness assistance and what was recorded against it, each in history order."""

    id: str
    authority: str
    applied: Date
    appears_homeless: bool
    event: str
    threats: tuple[Threat, ...] = ()
    homeless: tuple[Mark, ...] = ()
    priority_need: tuple[Decision, ...] = ()
    intentionality: tuple[Decision, ...] = ()
    notices: tuple[Notice, ...] = ()
    non_cooperation: tuple[Mark, ...] = ()
    withdrawals: tuple[Mark, ...] = ()
    referrals: tuple[Referral, ...] = ()
    offers: tuple[OfferEvent, ...] = ()
    accepted: tuple[OfferEvent, ...] = ()
    refused: tuple[OfferEvent, ...] = ()
    secured: tuple[Secured, ...] = ()
    accommodation_ended: tuple[Mark, ...] = ()
    sign_offs: tuple[SignedOff, ...] = ()
    s208_notices: tuple[NoticeSent, ...] = ()

    @cached_property
    def found_homeless(self) -> Mark | None:
        """The first finding that the applicant is homeless, on or after the application."""
        return first(self.homeless, self.applied)

    def offer_kind(self, offer: str) -> str | None:
        """The kind of the offer with this id, as last made."""
        kind = None
        for made in self.offers:
            if made.offer == offer:
                kind = made.kind
        return kind


def first(items: Sequence[D], after: Date, test: Callable[[D], bool] = lambda _: True) -> D | None:
    """The first item, in history order, dated on or after ``after`` that passes ``test``."""
    return next((item for item in items if item.on >= after and test(item)), None)


def latest(items: Sequence[D], by: Date) -> D | None:
    """The last item, in history order, dated on or before ``by``."""
    found = None
    for item in items:
        if item.on <= by:
            found = item
    return found


# the fold ------------------------------------------------------------------------------------------

Draft = dict[str, list[Any]]


@singledispatch
def _take(event: Event, ident: str, draft: Draft) -> None:
    """An event that records nothing about an application."""


@_take.register
def _(event: hx.ThreatenedWithHomelessness, ident: str, draft: Draft) -> None:
    draft["threats"].append(Threat(event.on, event.homeless_by, event.notice_expires, ident))


@_take.register
def _(event: hx.Homeless, ident: str, draft: Draft) -> None:
    draft["homeless"].append(Mark(event.on, ident))


@_take.register
def _(event: hx.PriorityNeedDecided, ident: str, draft: Draft) -> None:
    draft["priority_need"].append(Decision(event.on, event.priority_need, ident, event.ground))


@_take.register
def _(event: hx.IntentionalityDecided, ident: str, draft: Draft) -> None:
    draft["intentionality"].append(Decision(event.on, event.intentional, ident))


@_take.register
def _(event: hx.DutyEnded, ident: str, draft: Draft) -> None:
    draft["notices"].append(Notice(event.on, event.duty, event.reason, ident))


@_take.register
def _(event: hx.NonCooperationNotice, ident: str, draft: Draft) -> None:
    draft["non_cooperation"].append(Mark(event.on, ident))


@_take.register
def _(event: hx.ApplicationWithdrawn, ident: str, draft: Draft) -> None:
    draft["withdrawals"].append(Mark(event.on, ident))


@_take.register
def _(event: hx.ApplicationReferred, ident: str, draft: Draft) -> None:
    draft["referrals"].append(Referral(event.on, event.to, ident))


@_take.register
def _(event: hx.OfferMade, ident: str, draft: Draft) -> None:
    draft["offers"].append(OfferEvent(event.on, event.offer, ident, event.kind))


@_take.register
def _(event: hx.OfferAccepted, ident: str, draft: Draft) -> None:
    draft["accepted"].append(OfferEvent(event.on, event.offer, ident))


@_take.register
def _(event: hx.OfferRefused, ident: str, draft: Draft) -> None:
    draft["refused"].append(OfferEvent(event.on, event.offer, ident))


@_take.register
def _(event: hx.AccommodationSecured, ident: str, draft: Draft) -> None:
    draft["secured"].append(Secured(event.on, event.area, event.under, event.kind, ident))


@_take.register
def _(event: hx.AccommodationEnded, ident: str, draft: Draft) -> None:
    draft["accommodation_ended"].append(Mark(event.on, ident))


@_take.register
def _(event: hx.SignedOff, ident: str, draft: Draft) -> None:
    draft["sign_offs"].append(SignedOff(event.on, event.service, event.authority, event.role, ident))


@_take.register
def _(event: hx.Section208NoticeSent, ident: str, draft: Draft) -> None:
    draft["s208_notices"].append(NoticeSent(event.on, event.to, ident))


_FIELDS = (
    "threats",
    "homeless",
    "priority_need",
    "intentionality",
    "notices",
    "non_cooperation",
    "withdrawals",
    "referrals",
    "offers",
    "accepted",
    "refused",
    "secured",
    "accommodation_ended",
    "sign_offs",
    "s208_notices",
)


def applications(housing: Iterable[Envelope]) -> tuple[Application, ...]:
    """Every application in the order made, with what was recorded against it."""
    made: dict[str, hx.HomelessnessApplication] = {}
    ids: dict[str, str] = {}
    drafts: dict[str, Draft] = {}
    for envelope in housing:
        event = envelope.event
        if isinstance(event, hx.HomelessnessApplication):
            made[event.application], ids[event.application] = event, envelope.id
            drafts[event.application] = {name: [] for name in _FIELDS}
            continue
        application = hx.application_of(event)
        if application is not None and application in drafts:
            _take(event, envelope.id, drafts[application])
    return tuple(
        Application(
            key,
            event.authority,
            event.on,
            event.appears_homeless,
            ids[key],
            *(tuple(drafts[key][name]) for name in _FIELDS),
        )
        for key, event in made.items()
    )
