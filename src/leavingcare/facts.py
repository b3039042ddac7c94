"""Dated facts folded from a history: the periods the rules intersect and cut.

Every fact keeps the ids of the events that made it, so a finding can say which events decided it.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from leavingcare.events import codes
from leavingcare.events.codec import Envelope
from leavingcare.periods import Period, normalise

Date = dt.date
Ids = tuple[str, ...]


@frozen
class CareSegment:
    """Part of a care episode with one legal status, placement and area."""

    period: Period
    authority: str
    legal_status: str
    placement: str
    area: str
    events: Ids

    @property
    def short_break(self) -> bool:
        return self.legal_status in codes.SHORT_BREAKS

    @property
    def care_order(self) -> bool:
        return self.legal_status in codes.CARE_ORDERS


@frozen
class Episode:
    """A care episode, from ``CareStarted`` to ``CareEnded`` (open while ``reason`` is None)."""

    period: Period
    authority: str
    reason: str | None
    segments: tuple[CareSegment, ...]
    events: Ids


@frozen
class Custody:
    period: Period
    remand: bool
    events: Ids


@frozen
class Spell:
    """A plain dated spell: a hospital stay."""

    period: Period
    events: Ids


@frozen
class Residence:
    """Where the young person lives outside care, from a ``Moved`` (or a return home)."""

    period: Period
    area: str | None
    arrangement: str
    events: Ids


@frozen
class Education:
    period: Period
    level: str
    full_time: bool
    in_pathway_plan: bool
    term_time_accommodation: bool
    events: Ids


@frozen
class Dated:
    """A one-day fact: an assessment, a plan review or a request for advice and support."""

    on: Date
    event: str


@frozen
class SupportSpell:
    """Advice and support asked for, from the first request until declined (``SupportDeclined``).
    ``requests`` holds every request made in the spell, the first included: a request made before
    s23CZB came into force engages nothing, so a later one in the same spell may be the one that does
    (DECISIONS D29)."""

    period: Period
    requests: tuple[Dated, ...]
    events: Ids


@frozen
class Facts:
    """What the history says, as periods. Built in one pass by ``History.facts``."""

    born: Date
    born_event: str
    episodes: tuple[Episode, ...]
    custody: tuple[Custody, ...]
    hospital: tuple[Spell, ...]
    residence: tuple[Residence, ...]
    education: tuple[Education, ...]
    support: tuple[SupportSpell, ...]
    assessments: tuple[Dated, ...]
    reviews: tuple[Dated, ...]
    housing: tuple[Envelope, ...]
    envelopes: tuple[Envelope, ...]
    incomplete: tuple[Dated, ...] = ()
    """Where the record says it is incomplete from a date (``HistoryIncomplete``)."""

    @property
    def segments(self) -> tuple[CareSegment, ...]:
        return tuple(s for e in self.episodes for s in e.segments)

    def area_on(self, day: Date) -> str | None:
        """The last known area where the young person lived or was placed, on or before ``day``."""
        best: tuple[Date, str] | None = None
        for segment in self.segments:
            if segment.period.since <= day and (best is None or segment.period.since >= best[0]):
                best = (segment.period.since, segment.area)
        for residence in self.residence:
            if residence.area and residence.period.since <= day and (best is None or residence.period.since >= best[0]):
                best = (residence.period.since, residence.area)
        return None if best is None else best[1]

    def with_parent(self) -> list[tuple[Period, Ids]]:
        """Periods living with a parent or person with parental responsibility (DECISIONS D10, D36, D37):
        a placement P1 while looked after, care ending to live with one (REC E4A/E4B, a lives-with order
        E41, a special guardianship order E45-E48, adoption E11/E12) or a ``Moved`` to a parent.
        Adjacent periods are joined, keeping the events of each."""
        pieces: list[tuple[Period, Ids]] = [
            (s.period, s.events) for s in self.segments if s.placement in codes.WITH_PARENT_PLACEMENTS
        ]
        pieces += [(r.period, r.events) for r in self.residence if r.arrangement == codes.Arrangement.PARENT]
        pieces.sort(key=lambda p: p[0])
        joined: list[tuple[Period, Ids]] = []
        for period, ids in pieces:
            if joined:
                last, last_ids = joined[-1]
                if last.until is None or period.since <= last.until:
                    merged = normalise([last, period])[0]
                    joined[-1] = (merged, last_ids + tuple(i for i in ids if i not in last_ids))
                    continue
            joined.append((period, ids))
        return joined
