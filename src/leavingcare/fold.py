"""The single pass that folds a history's events into ``Facts``, in the one canonical order (DESIGN
section 1): by ``on``, then by phase (birth, endings, beginnings, the rest), then by position in the
order they were recorded. Retracted events and the retractions themselves are left out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from leavingcare.errors import InvalidHistory
from leavingcare.events import care, codes, housing, support
from leavingcare.events.base import EVENT_TYPES, Event
from leavingcare.events.codec import Envelope
from leavingcare.facts import (
    CareSegment,
    Custody,
    Dated,
    Education,
    Episode,
    Facts,
    Residence,
    Spell,
    SupportSpell,
)
from leavingcare.periods import Period

Date = dt.date

_ENDERS = (
    care.CareEnded,
    care.CustodyEnded,
    care.HospitalDischarged,
    support.EducationEnded,
    support.SupportDeclined,
)
_STARTERS = (care.CareStarted, housing.HomelessnessApplication)


def _phase_of(cls: type[Event]) -> int:
    if issubclass(cls, care.Born):
        return 0
    if issubclass(cls, _ENDERS):
        return 1
    if issubclass(cls, _STARTERS):
        return 2
    return 3


_PHASES = {cls: _phase_of(cls) for cls in EVENT_TYPES.values()}


def _phase(event: Event) -> int:
    """Same-day order: birth, then endings, then beginnings, then everything else."""
    phase = _PHASES.get(type(event))
    return _phase_of(type(event)) if phase is None else phase


def _visible(envelopes: tuple[Envelope, ...]) -> list[Envelope]:
    retracted = {e.event.target for e in envelopes if isinstance(e.event, housing.Retracted)}
    return [e for e in envelopes if e.id not in retracted and not isinstance(e.event, housing.Retracted)]


class _Fold:
    """The state of the single pass: what is open, what has closed."""

    def __init__(self, born: Envelope, care_starts: list[Envelope]) -> None:
        self.first_born = born
        self.care_starts = care_starts
        self.born: Envelope | None = None
        self.episodes: list[Episode] = []
        self.episode: dict[str, Any] | None = None
        self.custody: list[Custody] = []
        self.custody_open: tuple[Envelope, bool] | None = None
        self.hospital: list[Spell] = []
        self.hospital_open: Envelope | None = None
        self.residence: list[Residence] = []
        self.residence_open: tuple[Date, str | None, str, tuple[str, ...]] | None = None
        self.education: list[Education] = []
        self.education_open: tuple[Envelope, support.EducationStarted] | None = None
        self.support: list[SupportSpell] = []
        self.support_open: list[Envelope] = []
        self.assessments: list[Dated] = []
        self.reviews: list[Dated] = []
        self.incomplete: list[Dated] = []
        self.housing: list[Envelope] = []
        self.applications: set[str] = set()

    # residence -----------------------------------------------------------------------------
    def close_residence(self, day: Date, ids: tuple[str, ...] = ()) -> None:
        if self.residence_open is not None:
            since, area, arrangement, opened = self.residence_open
            if day > since:
                self.residence.append(Residence(Period(since, day), area, arrangement, opened + ids))
            self.residence_open = None

    def open_residence(self, day: Date, area: str | None, arrangement: str, ids: tuple[str, ...]) -> None:
        self.close_residence(day)
        self.residence_open = (day, area, arrangement, ids)

    # care ----------------------------------------------------------------------------------
    def close_segment(self, day: Date, ids: tuple[str, ...] = ()) -> None:
        assert self.episode is not None
        ep = self.episode
        if day > ep["since"]:
            ep["segments"].append(
                CareSegment(
                    Period(ep["since"], day),
                    ep["authority"],
                    ep["legal_status"],
                    ep["placement"],
                    ep["area"],
                    ep["ids"] + ids,
                )
            )

    def step(self, envelope: Envelope) -> None:
        event = envelope.event
        if self.born is None and not isinstance(event, care.Born):
            raise InvalidHistory(envelope.where, f"is dated before the Born event on {self.first_born.where}")
        handler = _STEPS.get(type(event))
        if handler is None:  # a class not in the table (a subclass, say): the step of the class it extends
            handler = next((h for cls, h in _STEPS.items() if isinstance(event, cls)), _Fold.step_housing)
        handler(self, envelope)

    def born_(self, envelope: Envelope) -> None:
        if self.born is not None:
            raise InvalidHistory(envelope.where, f"a second Born event (the first is {self.born.where})")
        self.born = envelope

    def care_started(self, envelope: Envelope) -> None:
        event = envelope.event
        assert isinstance(event, care.CareStarted)
        if self.episode is not None:
            raise InvalidHistory(
                envelope.where, f"starts a care episode while the one from {self.episode['where']} is still open"
            )
        day = event.on
        self.close_residence(day)
        self.episode = {
            "start": day,
            "since": day,
            "authority": event.authority,
            "legal_status": event.legal_status,
            "placement": event.placement,
            "area": event.area,
            "ids": (envelope.id,),
            "where": envelope.where,
            "segments": [],
            "all": [envelope.id],
        }

    def care_changed(self, envelope: Envelope) -> None:
        event = envelope.event
        assert isinstance(event, care.CareChanged)
        day = event.on
        if self.episode is None:
            raise InvalidHistory(envelope.where, self.outside_care(day, "changes"))
        self.close_segment(day)
        ep = self.episode
        ep["since"] = day
        ep["legal_status"] = event.legal_status or ep["legal_status"]
        ep["placement"] = event.placement or ep["placement"]
        ep["area"] = event.area or ep["area"]
        ep["ids"] = (envelope.id,)
        ep["all"].append(envelope.id)

    def care_ended(self, envelope: Envelope) -> None:
        event, ident = envelope.event, envelope.id
        assert isinstance(event, care.CareEnded)
        day = event.on
        if self.episode is None:
            raise InvalidHistory(envelope.where, self.outside_care(day, "ends"))
        ep = self.episode
        if day <= ep["start"]:
            raise InvalidHistory(envelope.where, f"ends the episode of {ep['where']} on the day it began (D9)")
        self.close_segment(day, (ident,))
        ep["all"].append(ident)
        self.episodes.append(
            Episode(
                Period(ep["start"], day),
                ep["authority"],
                event.reason,
                tuple(ep["segments"]),
                tuple(ep["all"]),
            )
        )
        if event.reason in codes.WITH_PARENTAL_RESPONSIBILITY:  # a parent or a person with parental responsibility
            self.open_residence(day, ep["area"], "parent", (ident,))
        elif event.reason in codes.STAYED_WITH_CARERS and ep["placement"] in codes.FOSTER_PLACEMENTS:
            self.open_residence(day, ep["area"], "former_foster_carer", (ident,))
        self.episode = None

    def custody_started(self, envelope: Envelope) -> None:
        event = envelope.event
        assert isinstance(event, care.CustodyStarted)
        if self.custody_open is not None:
            raise InvalidHistory(
                envelope.where, f"starts custody while the custody from {self.custody_open[0].where} is open"
            )
        self.custody_open = (envelope, event.remand)

    def custody_ended(self, envelope: Envelope) -> None:
        if self.custody_open is None:
            raise InvalidHistory(envelope.where, "ends custody that was never started")
        start, remand = self.custody_open
        self.custody.append(Custody(Period(start.event.on, envelope.event.on), remand, (start.id, envelope.id)))
        self.custody_open = None

    def hospital_admitted(self, envelope: Envelope) -> None:
        if self.hospital_open is not None:
            raise InvalidHistory(
                envelope.where, f"admits to hospital while the stay from {self.hospital_open.where} is open"
            )
        self.hospital_open = envelope

    def hospital_discharged(self, envelope: Envelope) -> None:
        start = self.hospital_open
        if start is None:
            raise InvalidHistory(envelope.where, "discharges from a hospital stay that was never started")
        self.hospital.append(Spell(Period(start.event.on, envelope.event.on), (start.id, envelope.id)))
        self.hospital_open = None

    def moved(self, envelope: Envelope) -> None:
        event = envelope.event
        assert isinstance(event, care.Moved)
        self.open_residence(event.on, event.area, event.arrangement, (envelope.id,))

    def education_started(self, envelope: Envelope) -> None:
        event = envelope.event
        assert isinstance(event, support.EducationStarted)
        if self.education_open is not None:
            raise InvalidHistory(
                envelope.where, f"starts a programme while the one from {self.education_open[0].where} is open"
            )
        self.education_open = (envelope, event)

    def education_ended(self, envelope: Envelope) -> None:
        if self.education_open is None:
            raise InvalidHistory(envelope.where, "ends a programme that was never started")
        self.close_education(envelope.event.on, (envelope.id,))

    def support_requested(self, envelope: Envelope) -> None:
        self.support_open.append(envelope)  # a repeat stays in the open spell: it may be the one that counts (D29)

    def support_declined(self, envelope: Envelope) -> None:
        if self.support_open:
            self.close_support(envelope.event.on, (envelope.id,))

    def close_support(self, day: Date | None, ids: tuple[str, ...]) -> None:
        requests = tuple(Dated(r.event.on, r.id) for r in self.support_open)
        self.support.append(SupportSpell(Period(requests[0].on, day), requests, (*(r.event for r in requests), *ids)))
        self.support_open = []

    def needs_assessed(self, envelope: Envelope) -> None:
        self.assessments.append(Dated(envelope.event.on, envelope.id))

    def plan_reviewed(self, envelope: Envelope) -> None:
        self.reviews.append(Dated(envelope.event.on, envelope.id))

    def history_incomplete(self, envelope: Envelope) -> None:
        self.incomplete.append(Dated(envelope.event.on, envelope.id))

    def outside_care(self, day: Date, verb: str) -> str:
        """Why a ``CareChanged`` or ``CareEnded`` with no episode open on its date is rejected, naming
        the episode it most likely belongs to: one that begins the same day (a zero-length episode,
        D9), one that ended that day, or the next one to begin (it is dated before its start)."""
        same_day = next((e for e in self.care_starts if e.event.on == day), None)
        if same_day is not None and verb == "ends":
            return f"ends the episode of {same_day.where} on the day it began (D9: an episode lasts over 24 hours)"
        if self.episodes and self.episodes[-1].period.until == day:
            return f"{verb} an episode on the day it ended (the day an episode ends, it is no longer open)"
        later = next((e for e in self.care_starts if e.event.on > day), None)
        if later is not None:
            return f"{verb} an episode before it started on {later.where} (no episode is open on its date)"
        return "is outside any care episode (no episode is open on its date)"

    def close_education(self, day: Date | None, ids: tuple[str, ...]) -> None:
        assert self.education_open is not None
        start, ev = self.education_open
        period = Period(ev.on, day)
        self.education.append(
            Education(
                period,
                ev.level,
                ev.full_time,
                ev.in_pathway_plan,
                ev.term_time_accommodation,
                (start.id, *ids),
            )
        )
        self.education_open = None

    def step_housing(self, envelope: Envelope) -> None:
        event = envelope.event
        if isinstance(event, housing.HomelessnessApplication):
            if event.application in self.applications:
                raise InvalidHistory(envelope.where, "repeats an application id already made")
            self.applications.add(event.application)
        elif (application := housing.application_of(event)) is not None and application not in self.applications:
            raise InvalidHistory(envelope.where, "refers to an application not made on or before its date")
        self.housing.append(envelope)

    def finish(self, envelopes: tuple[Envelope, ...]) -> Facts:
        if self.born is None:
            raise InvalidHistory("history", "has no Born event")
        if self.episode is not None:
            ep = self.episode
            self.episodes.append(
                Episode(
                    Period(ep["start"]),
                    ep["authority"],
                    None,
                    (
                        *ep["segments"],
                        CareSegment(
                            Period(ep["since"]),
                            ep["authority"],
                            ep["legal_status"],
                            ep["placement"],
                            ep["area"],
                            ep["ids"],
                        ),
                    ),
                    tuple(ep["all"]),
                )
            )
        if self.custody_open is not None:
            start, remand = self.custody_open
            self.custody.append(Custody(Period(start.event.on), remand, (start.id,)))
        if self.hospital_open is not None:
            self.hospital.append(Spell(Period(self.hospital_open.event.on), (self.hospital_open.id,)))
        if self.residence_open is not None:
            since, area, arrangement, ids = self.residence_open
            self.residence.append(Residence(Period(since), area, arrangement, ids))
        if self.education_open is not None:
            self.close_education(None, ())
        if self.support_open:
            self.close_support(None, ())
        return Facts(
            born=self.born.event.on,
            born_event=self.born.id,
            episodes=tuple(self.episodes),
            custody=tuple(self.custody),
            hospital=tuple(self.hospital),
            residence=tuple(self.residence),
            education=tuple(self.education),
            support=tuple(self.support),
            assessments=tuple(self.assessments),
            reviews=tuple(self.reviews),
            housing=tuple(self.housing),
            envelopes=envelopes,
            incomplete=tuple(self.incomplete),
        )


_STEPS: dict[type[Event], Callable[[_Fold, Envelope], None]] = {
    care.Born: _Fold.born_,
    care.CareStarted: _Fold.care_started,
    care.CareChanged: _Fold.care_changed,
    care.CareEnded: _Fold.care_ended,
    care.CustodyStarted: _Fold.custody_started,
    care.CustodyEnded: _Fold.custody_ended,
    care.HospitalAdmitted: _Fold.hospital_admitted,
    care.HospitalDischarged: _Fold.hospital_discharged,
    care.Moved: _Fold.moved,
    support.EducationStarted: _Fold.education_started,
    support.EducationEnded: _Fold.education_ended,
    support.SupportRequested: _Fold.support_requested,
    support.SupportDeclined: _Fold.support_declined,
    support.NeedsAssessed: _Fold.needs_assessed,
    support.PathwayPlanReviewed: _Fold.plan_reviewed,
    care.HistoryIncomplete: _Fold.history_incomplete,
}
"""How the fold takes each kind of event, looked up by class once an event; every other registered event
is a housing event."""
for _cls in EVENT_TYPES.values():
    _STEPS.setdefault(_cls, _Fold.step_housing)


def canonical(envelopes: tuple[Envelope, ...]) -> list[Envelope]:
    """The un-retracted events, taken by (``on``, phase, position as recorded)."""
    visible = _visible(envelopes)
    order = sorted(range(len(visible)), key=lambda i: (visible[i].event.on, _phase(visible[i].event), i))
    return [visible[i] for i in order]


def fold(envelopes: tuple[Envelope, ...]) -> Facts:
    """The facts of the events in canonical order."""
    ordered = canonical(envelopes)
    born = next((e for e in ordered if isinstance(e.event, care.Born)), None)
    if born is None:
        raise InvalidHistory("history", "has no Born event")
    starts = [e for e in ordered if isinstance(e.event, care.CareStarted)]
    state = _Fold(born, starts)
    for envelope in ordered:
        state.step(envelope)
    return state.finish(envelopes)
