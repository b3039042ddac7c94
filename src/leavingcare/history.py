"""A young person's history: the envelopes of their events in the order they were recorded, the
``known_at`` view an auditor replays, validation of the whole stream, and the single pass that folds
events into ``Facts``.

One order, whatever the path (DESIGN section 1): the fold takes events by ``on``, then by phase (birth,
endings, beginnings, the rest), then by position in the order they were recorded (line order in a
file, stream position in the store). ``recorded_at`` never reorders events; it only decides what a
``known_at`` view keeps."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path

from attrs import evolve

from leavingcare.errors import InvalidEvent, InvalidHistory
from leavingcare.events import decoder, housing
from leavingcare.events.base import Event
from leavingcare.events.codec import (
    Envelope,
    EventDigest,
    content_id,
    encode_envelope,
    event_digest,
    history_digest,
)
from leavingcare.facts import (
    Facts,
)
from leavingcare.fold import canonical, fold

Date = dt.date


def _utc(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


class History:
    """The events of one young person, each in an envelope with its id and when it was recorded.

    Build one with ``History.of(events)`` or ``History.from_jsonl(path_or_lines)``; both validate
    the whole stream and raise ``InvalidEvent`` or ``InvalidHistory`` naming the line or event id.
    """

    __slots__ = ("__dict__", "_digested", "envelopes")

    def __init__(self, envelopes: Iterable[Envelope]) -> None:
        self.envelopes: tuple[Envelope, ...] = identify(envelopes)
        self._digested: dict[str, EventDigest] = {}
        """Each event's digest once computed, by id (shared with the ``known_at`` views taken of this
        history, which hold the same envelopes under the same ids)."""
        check_references(self.envelopes)
        self.facts  # noqa: B018 - validate the whole stream now, not at first use

    @classmethod
    def of(cls, events: Iterable[Event | Envelope]) -> History:
        """A history from event values (or envelopes); ids are derived from content when absent."""
        envelopes = []
        for item in events:
            if isinstance(item, Envelope):
                envelopes.append(item)
            elif isinstance(item, Event):
                envelopes.append(Envelope("", item))
            else:
                raise InvalidEvent("input", f"expected an event, not {type(item).__name__}")
        return cls(envelopes)

    @classmethod
    def from_jsonl(cls, source: str | os.PathLike[str] | Iterable[str | bytes]) -> History:
        """A history from the JSONL interchange format: a file path or an iterable of lines."""
        if isinstance(source, str | os.PathLike):
            with Path(source).open("rb") as handle:
                return cls(_parse(handle))
        return cls(_parse(source))

    def known_at(self, when: dt.datetime | None) -> History:
        """The history as it stood at ``when``: events recorded later are left out (None: all)."""
        if when is None:
            return self
        cutoff = _utc(when)
        view = History(e for e in self.envelopes if e.recorded_at is None or e.recorded_at <= cutoff)
        view._digested = self._digested
        return view

    def nothing_known_at(self, when: dt.datetime | None) -> bool:
        """Whether no event had been recorded by ``when`` (an auditor's view before the first record)."""
        if when is None:
            return not self.envelopes
        cutoff = _utc(when)
        return all(e.recorded_at is not None and e.recorded_at > cutoff for e in self.envelopes)

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(e.event for e in self.envelopes)

    def canonical(self) -> list[Envelope]:
        """The events that stand (neither retracted nor retractions) in the one order the fold reads them:
        by ``on``, then the same-day phase, then recording order."""
        return canonical(self.envelopes)

    @cached_property
    def digests(self) -> tuple[EventDigest, ...]:
        """The events that stand, in canonical order, each with its digest (``codec.event_digest``): what
        a receipt lists. Each event is digested once, whichever view of the history asks."""
        held = self._digested
        out = []
        for envelope in self.canonical():
            found = held.get(envelope.id)
            if found is None:
                found = held[envelope.id] = EventDigest(envelope.id, event_digest(envelope))
            out.append(found)
        return tuple(out)

    @cached_property
    def history_digest(self) -> str:
        """The digest of the history as known (``codec.history_digest`` of ``digests``): what a receipt
        names it by, taken once whichever answers are asked of it."""
        return history_digest(self.digests)

    @cached_property
    def facts(self) -> Facts:
        """The events folded into dated facts (one pass over the ordered, un-retracted events)."""
        return fold(self.envelopes)

    def to_jsonl(self) -> str:
        import json

        return "".join(json.dumps(encode_envelope(e)) + "\n" for e in self.envelopes)

    def __len__(self) -> int:
        return len(self.envelopes)

    def __iter__(self) -> Iterator[Envelope]:
        return iter(self.envelopes)

    def __repr__(self) -> str:
        return f"History({len(self.envelopes)} events)"


def _parse(lines: Iterable[str | bytes]) -> Iterator[Envelope]:
    for line in decoder.lines(lines):
        yield line.read()


def identify(envelopes: Iterable[Envelope], taken: Mapping[str, Envelope] | None = None) -> tuple[Envelope, ...]:
    """Each envelope with its id: its own, else one derived from its content (``-2``, ``-3`` ... after
    the first event of the same content, or an id ``taken`` already); ``InvalidHistory`` when an
    envelope carries an id given before or ``taken``."""
    out: list[Envelope] = []
    seen: dict[str, Envelope] = dict(taken or {})
    for envelope in envelopes:
        if not envelope.id:
            base = content_id(envelope.event)
            ident, n = base, 1
            while ident in seen:
                n += 1
                ident = f"{base}-{n}"
            envelope = evolve(envelope, id=ident)
        elif envelope.id in seen:
            raise InvalidHistory(envelope.where, f"repeats the id of {seen[envelope.id].where}")
        seen[envelope.id] = envelope
        out.append(envelope)
    return tuple(out)


def check_references(envelopes: Sequence[Envelope]) -> None:
    """Each ``Retracted`` names an event of the history, not a retraction, recorded no later than
    itself (so every ``known_at`` view holding the retraction holds its target). The only check
    that reads ``recorded_at``: a history stamped again needs only this one."""
    ids = {e.id: e for e in envelopes}
    for envelope in envelopes:
        event = envelope.event
        if isinstance(event, housing.Retracted):
            target = ids.get(event.target)
            if target is None:
                raise InvalidHistory(envelope.where, "retracts an event id that is not in the history")
            if isinstance(target.event, housing.Retracted):
                raise InvalidHistory(envelope.where, "retracts a retraction; record the event again instead")
            if _recorded_before(envelope, target):
                raise InvalidHistory(envelope.where, f"is recorded before the event it retracts ({target.where})")


def _recorded_before(first: Envelope, second: Envelope) -> bool:
    """Whether ``first`` was recorded before ``second`` (no ``recorded_at``: known from the start), so
    that a ``known_at`` view could hold ``first`` without ``second``."""
    if second.recorded_at is None:
        return False
    return first.recorded_at is None or _utc(first.recorded_at) < _utc(second.recorded_at)
