"""Recording: the one way events reach the store.

``Store.record``, ``bulk.import_people`` (and so ``import-903``) and the ``record`` and ``import``
commands all come here. ``plan`` turns one person's lines into what is appended to their stream, and
``HistoryStore.write`` appends the plans of one person or of many in one transaction. The commands
parse their input and print what came back; nothing else decides what is recorded.

What a plan is, whatever the path:

- **Order.** The lines not recorded yet are appended in the order given (line order in a file),
  whatever their ``recorded_at``, after what the stream holds. So the stream of a person recorded
  from a file is that file, and the fold, which takes events by ``on``, then phase, then position
  as recorded, orders them as it orders the file (DESIGN section 1). ``recorded_at`` never reorders
  events: it only decides what a ``known_at`` view keeps.
- **Stamps.** A line keeps its own ``recorded_at`` and ``recorded_by``. A line without
  ``recorded_at`` is stamped with the time of recording (``Recording.at``, else now, never earlier
  than what the stream holds), or, when the caller says the lines were known from the start, with
  ``KNOWN_FROM_THE_START``, earlier than any ``known_at``: for migrating histories whose knowledge
  time is unknown. A ``recorded_at`` in the future, or earlier than what the stream already holds
  (a past view would change), is refused.
- **Checks, after stamping.** The whole history the stream would hold (what it holds, then the new
  lines) is validated once, so a retraction of a stored event records, and nothing is checked twice:
  planning is linear in the events. A ``known_at`` view is not checked: it holds together when the
  history was learned in an order that held together (a view that does not is the typed error its
  reading raises, as it is when the file is read directly).
- **Ids.** A line keeps an id of its own. A line without one (or with a name derived from its
  content, as a ``History`` gives one) is given the store's id (``leavingcare.store.ids``: a keyed
  hash with a key, random without), never a content name, which would give away what it hashes; a
  ``Retracted`` naming an event by its content name is given that event's id.
- **Lines recorded before.** With ``Again.SKIP`` (importing), a line whose id the stream holds for
  the same event, or, without an id of its own, whose content name within the lines names an event
  the stream holds (the k-th line of the same content matches the k-th such event), is left alone,
  so recording a file twice adds nothing; an id held for another event is refused. With
  ``Again.REFUSE`` (``Store.record``), every event given is new, and an id the stream holds is
  refused.

Nothing of a refused person is written: a person's events from one call are one transaction.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Iterable, Sequence

from attrs import frozen

from leavingcare.errors import ConcurrencyError, InvalidEvent, InvalidHistory, InvalidId
from leavingcare.events.base import Event, id_problem
from leavingcare.events.codec import Envelope
from leavingcare.history import History, check_references, identify
from leavingcare.store.ids import EventIds, content_names, give_ids, is_content_name, named
from leavingcare.store.port import HistoryStore, Plan

KNOWN_FROM_THE_START = dt.datetime.min.replace(tzinfo=dt.UTC)
"""The ``recorded_at`` of a line known from the start (``0001-01-01T00:00:00Z``): no ``known_at`` is
earlier, so every view holds it, as every view of the file holds a line without ``recorded_at``."""

"""The longest person id or ``recorded_by`` the store takes."""


class Again(enum.Enum):
    """What recording does with a line whose id the stream already holds."""

    SKIP = "skip"
    """Left alone when the stream holds the same event under that id (an import run again); refused
    when it holds another."""
    REFUSE = "refuse"
    """Refused: every event given is new (``Store.record``)."""


@frozen
class Recording:
    """How one call records: who records (a line's own ``recorded_by`` wins), when lines without a
    ``recorded_at`` were learned (``at``, None for now; or from the start), and what a line recorded
    before does (``again``)."""

    recorded_by: str
    known_from_the_start: bool = False
    at: dt.datetime | None = None
    again: Again = Again.SKIP


def check_id(value: object, what: str) -> str:
    """A person id (in Unicode NFC) or ``recorded_by`` the store takes; ``InvalidId`` (a ``ValueError``)
    otherwise (``events.base.id_problem``)."""
    problem = id_problem(value)
    if problem is not None:
        raise InvalidId(what, problem, field=what)
    assert isinstance(value, str)
    return unicodedata.normalize("NFC", value) if what == "person" else value


def plan(
    person: str,
    lines: Iterable[Event | Envelope],
    stored: Sequence[Envelope],
    recording: Recording,
    *,
    now: dt.datetime | None = None,
    ids: EventIds | None = None,
) -> Plan:
    """What recording ``lines`` appends to a stream holding ``stored`` (see the module's docstring);
    ``ids`` gives the new events theirs (``leavingcare.store.ids``; random ones when not given).

    Raises ``InvalidEvent`` or ``InvalidHistory`` naming the line or event id, and ``ValueError`` for
    a person id or recorder the store does not take. ``lines`` given as a ``History`` are validated
    already: into an empty stream, only what stamping can change is checked again."""
    person = check_id(person, "person")
    check_id(recording.recorded_by, "recorded_by")
    trusted = isinstance(lines, History) and not stored
    envelopes = [_enveloped(item, person) for item in lines]
    names = dict(zip(content_names(e.event for e in stored), stored, strict=True)) if stored else {}
    renamed: dict[str, str] = {}
    if recording.again is Again.REFUSE:
        new, already = named(envelopes, stored, names), 0
    else:
        new, renamed, already = _not_held(envelopes if trusted else identify(envelopes), stored, names)
    new = _given_ids(new, person, stored, names, renamed, ids or EventIds())
    stamped = _stamped(new, stored, recording, person, now or dt.datetime.now(dt.UTC))
    if trusted:
        check_references(stamped)
    elif stamped:
        History([*stored, *stamped])
    return Plan(person, len(stored), tuple(stamped), already)


def record(
    store: HistoryStore,
    person: str,
    lines: Iterable[Event | Envelope],
    recording: Recording,
    *,
    expected_version: int | None = None,
) -> Plan:
    """Plan the person's lines against their stream as read now and write them, all or nothing;
    returns what was written. ``ConcurrencyError`` when ``expected_version`` is not the stream's
    version, or another writer appends between the read and the write."""
    person = check_id(person, "person")
    stored = store.recorded(person)
    if expected_version is not None and expected_version != len(stored):
        raise ConcurrencyError(
            f"person {person}: expected version {expected_version} but {len(stored)} events are recorded"
        )
    planned = plan(person, lines, stored, recording, ids=store.event_ids)
    if planned.envelopes:
        store.write([planned])
    return planned


def _enveloped(item: Event | Envelope, person: str) -> Envelope:
    if isinstance(item, Envelope):
        return item
    if isinstance(item, Event):
        return Envelope("", item)
    raise InvalidEvent(f"person {person}", f"expected an event, not {type(item).__name__}")


def _not_held(
    envelopes: Sequence[Envelope], stored: Sequence[Envelope], names: dict[str, Envelope]
) -> tuple[list[Envelope], dict[str, str], int]:
    """The envelopes the stream does not hold, the stored id of each content name it holds, and how
    many it holds. A line is held when the stream holds its id, or the event its id names by content
    (a line named by its content, matched by content and repeat); an id the stream holds, or that
    names by content a stored event, for another event is refused."""
    if not stored:
        return list(envelopes), {}, 0
    held = {e.id: e for e in stored}
    new: list[Envelope] = []
    renamed: dict[str, str] = {}
    for envelope in envelopes:
        found = held.get(envelope.id) or names.get(envelope.id)
        if found is None:
            new.append(envelope)
        elif found.event != envelope.event:
            reason = f"has the id {envelope.id} of an event already recorded for this person, which says otherwise"
            raise InvalidHistory(envelope.where, reason)
        elif found.id != envelope.id:
            renamed[envelope.id] = found.id
    return new, renamed, len(envelopes) - len(new)


def _given_ids(
    new: Sequence[Envelope],
    person: str,
    stored: Sequence[Envelope],
    names: dict[str, Envelope],
    renamed: dict[str, str],
    ids: EventIds,
) -> list[Envelope]:
    """The new envelopes with the store's id in place of each content name, and each retraction's
    target that names an event by its content given that event's id (an event of these lines first,
    else a stored one)."""
    renew = [is_content_name(e.id, e.event) for e in new]
    taken = {e.id for e in stored} | {e.id for e, again in zip(new, renew, strict=True) if not again}
    renamed = dict(renamed)
    held = {e.id for e in stored}
    for name, envelope in names.items():
        if name not in held:
            renamed.setdefault(name, envelope.id)
    if not any(renew) and not renamed:
        return list(new)
    return give_ids(new, renew, person, ids, taken, renamed)


def _utc(when: dt.datetime, where: str, what: str) -> dt.datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidEvent(where, f"{what} must carry a time zone")
    try:
        return when.astimezone(dt.UTC)
    except OverflowError:
        raise InvalidEvent(where, f"{what} is outside the range of dates that can be converted to UTC") from None


def _stamped(
    envelopes: Sequence[Envelope], stored: Sequence[Envelope], recording: Recording, person: str, now: dt.datetime
) -> list[Envelope]:
    """Each envelope with its recording time and recorder (see the module's docstring)."""
    if not envelopes:
        return []
    where = f"person {person}"
    last = max((e.recorded_at for e in stored if e.recorded_at is not None), default=None)
    if recording.known_from_the_start:
        if recording.at is not None:
            raise ValueError("lines known from the start have no time of recording: give one or the other")
        default = KNOWN_FROM_THE_START
    elif recording.at is not None:
        default = _utc(recording.at, where, "recorded_at")
        if default > now:
            raise InvalidEvent(where, "recorded_at is in the future")
    else:
        default = now if last is None else max(now, last)
    if last is not None and default < last and any(e.recorded_at is None for e in envelopes):
        known = " (lines known from the start are recorded before anything learned later)"
        raise InvalidHistory(where, _EARLIER + (known if recording.known_from_the_start else ""))
    out: list[Envelope] = []
    for envelope in envelopes:
        by = envelope.recorded_by if envelope.recorded_by is not None else recording.recorded_by
        if by is not recording.recorded_by:
            try:
                check_id(by, "recorded_by")
            except ValueError as exc:
                raise InvalidEvent(envelope.where, str(exc)) from None
        if envelope.recorded_at is None:
            at = default
        else:
            at = _utc(envelope.recorded_at, envelope.where, "field 'recorded_at'")
            if at > now:
                raise InvalidEvent(envelope.where, "field 'recorded_at' is in the future")
            if last is not None and at < last:
                raise InvalidHistory(envelope.where, _EARLIER)
        out.append(Envelope(envelope.id, envelope.event, at, by, envelope.line))
    return out


_EARLIER = "recorded_at is earlier than events already recorded for this person"
