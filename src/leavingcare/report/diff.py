"""What changed between two views of one person, and why.

Two views are two assessments of one history: on one date as known at two times (``known_at``), on two
dates, or the answer a receipt records beside the answer now. A finding or concern *appeared*, *ended*
or *changed* (its authority, whom it concerns, its period, its due date or its provision). Each change
names the events recorded, retracted or changed in between that caused it:

- ``named``: the finding's own reasons name the event;
- ``alone``: recording (or retracting) that event alone, on the earlier view, makes the change;
- ``in_between``: neither singles one out, so every event in between is named;
- ``dates``: nothing was recorded in between; the later date falls outside (or inside) its period.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence

from attrs import frozen

from leavingcare import api
from leavingcare.duties.findings import Assessment, Concern, Finding
from leavingcare.errors import LeavingCareError
from leavingcare.events.codec import Envelope
from leavingcare.events.housing import Retracted
from leavingcare.history import History
from leavingcare.law import Law
from leavingcare.provenance import SCHEMA_VERSION, EventDigest, event_digest

Item = Finding | Concern
FIELDS = ("by", "to", "since", "until", "due", "citation")
"""What a change of a finding may be in (its kind, and a concern's code, say which it is)."""
MOST_TRIED = 40
"""The most events tried one at a time to find which caused a change; with more, causes not named by
the findings' reasons are given as every event in between."""


class EventChangeKind(enum.StrEnum):
    """How one event differs between the earlier view and the later."""

    RECORDED = "recorded"
    """Stands in the later view, not in the earlier."""
    RETRACTED = "retracted"
    """Stood in the earlier view and was retracted since."""
    CHANGED = "changed"
    """The same id with other content."""
    REMOVED = "removed"
    """Stood in the earlier view and is no longer in the history at all (not retracted: the source was edited)."""


class ChangeKind(enum.StrEnum):
    APPEARED = "appeared"
    ENDED = "ended"
    CHANGED = "changed"


class Cause(enum.StrEnum):
    """How the events of a change were found (see the module's docstring)."""

    NAMED = "named"
    ALONE = "alone"
    IN_BETWEEN = "in_between"
    DATES = "dates"


@frozen
class EventChange:
    """One event recorded, retracted, changed or removed between the views, with its type and date when
    the history still holds it."""

    id: str
    change: EventChangeKind
    type: str | None
    on: dt.date | None

    def describe(self) -> str:
        about = f" ({self.type}, {self.on.isoformat()})" if self.type and self.on else ""
        return f"{self.id}{about}"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "change": self.change.value,
            "type": self.type,
            "on": None if self.on is None else self.on.isoformat(),
        }


@frozen
class Change:
    """One finding or concern that appeared, ended or changed, and the events that caused it."""

    change: ChangeKind
    before: Item | None
    after: Item | None
    fields: tuple[str, ...]
    events: tuple[EventChange, ...]
    cause: Cause

    @property
    def item(self) -> Item:
        found = self.after or self.before
        assert found is not None
        return found

    def to_dict(self) -> dict[str, object]:
        item = self.item
        return {
            "change": self.change.value,
            "kind": item.kind,
            "code": item.code if isinstance(item, Concern) else None,
            "fields": list(self.fields),
            "before": None if self.before is None else self.before.to_dict(),
            "after": None if self.after is None else self.after.to_dict(),
            "cause": self.cause.value,
            "events": [e.to_dict() for e in self.events],
        }


@frozen
class Diff:
    """The changes from the earlier view to the later, with every event that differs between them."""

    before: Assessment
    after: Assessment
    events: tuple[EventChange, ...]
    changes: tuple[Change, ...]

    @property
    def unchanged(self) -> bool:
        return not self.changes and not self.events

    def to_dict(self) -> dict[str, object]:
        """The diff document (``leavingcare schema --output diff``)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "before": _view(self.before),
            "after": _view(self.after),
            "events": [e.to_dict() for e in self.events],
            "changes": [c.to_dict() for c in ordered(self.changes)],
        }


def _view(assessment: Assessment) -> dict[str, object]:
    receipt = assessment.receipt
    return {
        "on": assessment.on.isoformat(),
        "known_at": None if assessment.known_at is None else assessment.known_at.isoformat(),
        "history": None if receipt is None else receipt.history,
    }


# the events between two views ----------------------------------------------------------------------


def event_changes(before: Sequence[EventDigest], after: Sequence[EventDigest], history: History) -> list[EventChange]:
    """The events that differ between two views' event lists, in the later view's order then the earlier's."""
    held = {e.id: e for e in history.envelopes}
    retracted = {e.event.target for e in history.envelopes if isinstance(e.event, Retracted)}
    then = {e.id: e.digest for e in before}
    now = {e.id: e.digest for e in after}

    def change(ident: str, kind: EventChangeKind) -> EventChange:
        envelope = held.get(ident)
        return EventChange(
            ident,
            kind,
            None if envelope is None else type(envelope.event).__name__,
            None if envelope is None else envelope.event.on,
        )

    out = []
    for ident, digest in now.items():
        if ident not in then:
            out.append(change(ident, EventChangeKind.RECORDED))
        elif then[ident] != digest:
            out.append(change(ident, EventChangeKind.CHANGED))
    for ident in then:
        if ident not in now:
            gone = EventChangeKind.RETRACTED if ident in retracted else EventChangeKind.REMOVED
            out.append(change(ident, gone))
    return out


def standing(history: History, events: Sequence[EventDigest]) -> list[Envelope]:
    """The envelopes of ``history`` that are the events listed, with the same content, in recording order."""
    wanted = {e.id: e.digest for e in events}
    return [
        e
        for e in history.envelopes
        if e.id in wanted and not isinstance(e.event, Retracted) and event_digest(e) == wanted[e.id]
    ]


# the findings that changed ------------------------------------------------------------------------


def _key(item: Item) -> tuple[str, str, str]:
    return (item.kind, item.code if isinstance(item, Concern) else "", item.to or "")


def _shown(item: Item) -> tuple[object, ...]:
    """What a person relies on: which finding it is, and its authority, period, due date and provision."""
    return (_key(item), item.by, item.since, item.until, item.due, item.citation)


def field_of(item: Item, name: str) -> object:
    """One of ``FIELDS`` of a finding or concern, read by its name."""
    fields: dict[str, object] = {
        "by": item.by,
        "to": item.to,
        "since": item.since,
        "until": item.until,
        "due": item.due,
        "citation": item.citation,
    }
    return fields[name]


def _fields(before: Item, after: Item) -> tuple[str, ...]:
    return tuple(name for name in FIELDS if field_of(before, name) != field_of(after, name))


def compare(before: Sequence[Item], after: Sequence[Item]) -> list[tuple[ChangeKind, Item | None, Item | None]]:
    """Pair the items of two views: the same items are unchanged; items of one kind (and code, and
    ``to``) are paired in date order as changed; the rest appeared or ended."""
    after_left = list(after)
    before_left = []
    for item in before:
        same = next((a for a in after_left if _shown(a) == _shown(item)), None)
        if same is None:
            before_left.append(item)
        else:
            after_left.remove(same)
    out: list[tuple[ChangeKind, Item | None, Item | None]] = []
    for item in sorted(before_left, key=lambda i: (_key(i), i.since)):
        partner = next((a for a in sorted(after_left, key=lambda a: a.since) if _key(a) == _key(item)), None)
        if partner is None:
            out.append((ChangeKind.ENDED, item, None))
        else:
            after_left.remove(partner)
            out.append((ChangeKind.CHANGED, item, partner))
    out += [(ChangeKind.APPEARED, None, item) for item in after_left]
    return out


def _items(assessment: Assessment) -> list[Item]:
    return [*assessment.findings, *assessment.concerns]


def _reproduced(change: ChangeKind, before: Item | None, after: Item | None, result: Assessment) -> bool:
    """Whether ``result`` shows the change: the later item is there, the earlier is gone."""
    shown = {_shown(i) for i in _items(result)}
    if after is not None and _shown(after) not in shown:
        return False
    return not (change is ChangeKind.ENDED and before is not None and _shown(before) in shown)


Trial = Callable[[EventChange], Assessment | None]


def _trial(history: History, earlier: Sequence[Envelope], on: dt.date, law: Law | None) -> Trial:
    """The assessment on ``on`` of the earlier view with one event recorded or retracted (None when that
    makes no valid history); each computed once."""
    order = {e.id: n for n, e in enumerate(history.envelopes)}
    held = {e.id: e for e in history.envelopes}
    done: dict[str, Assessment | None] = {}

    def run(event: EventChange) -> Assessment | None:
        if event.id in done:
            return done[event.id]
        envelopes = [e for e in earlier if e.id != event.id]
        if event.change in (EventChangeKind.RECORDED, EventChangeKind.CHANGED) and event.id in held:
            envelopes = sorted([*envelopes, held[event.id]], key=lambda e: order[e.id])
        try:
            result: Assessment | None = api.timeline(History(envelopes), law=law).at(on)
        except LeavingCareError:
            result = None
        done[event.id] = result
        return result

    return run


def changes(
    before: Assessment, after: Assessment, events: Sequence[EventChange], trial: Trial | None
) -> tuple[Change, ...]:
    """Each change between the two assessments, with the events that caused it."""
    out = []
    for kind, old, new in compare(_items(before), _items(after)):
        fields = _fields(old, new) if old is not None and new is not None else ()
        if not events:
            out.append(Change(kind, old, new, fields, (), Cause.DATES))
            continue
        named_ids = {i for item in (old, new) if item is not None for i in item.events}
        named = tuple(e for e in events if e.id in named_ids)
        if named:
            out.append(Change(kind, old, new, fields, named, Cause.NAMED))
            continue
        alone: tuple[EventChange, ...] = ()
        if trial is not None and len(events) <= MOST_TRIED:
            alone = tuple(e for e in events if (r := trial(e)) is not None and _reproduced(kind, old, new, r))
        cause = Cause.ALONE if alone else Cause.IN_BETWEEN
        out.append(Change(kind, old, new, fields, alone or tuple(events), cause))
    return tuple(out)


def _receipt_events(assessment: Assessment) -> tuple[EventDigest, ...]:
    return () if assessment.receipt is None else assessment.receipt.events


def between(
    history: History,
    on: dt.date,
    *,
    known_at: tuple[dt.datetime | None, dt.datetime | None] = (None, None),
    on_after: dt.date | None = None,
    law: Law | None = None,
) -> Diff:
    """The changes from the assessment on ``on`` as known at ``known_at[0]`` to the one on ``on_after``
    (default ``on``) as known at ``known_at[1]`` (None: everything recorded)."""
    first, second = known_at
    earlier = api.timeline(history, known_at=first, law=law)
    later = api.timeline(history, known_at=second, law=law)
    before, after = earlier.at(on), later.at(on_after or on)
    events = event_changes(_receipt_events(before), _receipt_events(after), history)
    view = standing(history, _receipt_events(before))
    return Diff(
        before, after, tuple(events), changes(before, after, events, _trial(history, view, on_after or on, law))
    )


def against(
    recorded: Assessment, history: History, *, known_at: dt.datetime | None = None, law: Law | None = None
) -> Diff:
    """The changes from an answer recorded with its receipt to the answer now (as known at ``known_at``),
    on the recorded date."""
    assert recorded.receipt is not None and recorded.receipt.on is not None
    on = recorded.receipt.on
    after = api.timeline(history, known_at=known_at, law=law).at(on)
    events = event_changes(recorded.receipt.events, _receipt_events(after), history)
    view = standing(history, recorded.receipt.events)
    return Diff(recorded, after, tuple(events), changes(recorded, after, events, _trial(history, view, on, law)))


def ordered(items: Iterable[Change]) -> list[Change]:
    rank = {ChangeKind.APPEARED: 0, ChangeKind.ENDED: 1, ChangeKind.CHANGED: 2}
    return sorted(items, key=lambda c: (rank[c.change], c.item.kind, c.item.since))
