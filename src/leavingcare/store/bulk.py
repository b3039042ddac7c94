"""Bulk import: many people's histories recorded in the store, safe to run again after a crash.

    summary = import_people(store, lc.read_people("people.jsonl"), recorded_by="import-2025-06")
    for failed in summary.failures:
        print(failed.error)                        # names the person and the line or event id only

Each person's events are recorded in the batches ``plan`` gives, in order. People new to the store
are recorded a group at a time (``GROUP_PEOPLE``), every batch of everyone in the group in one
transaction (``store.record_new``), without reading their streams first. When a group cannot be
recorded whole, its people are imported one by one, each batch all or nothing (one ``store.record``).
A person already in the store is resumed: when what the store holds for them is the start of their
plan, the batches not yet recorded are appended, and nothing is recorded twice. So an import killed
at any point leaves every person's stream a prefix of its batches, and running the same import again
completes it. When the store holds events the plan does not start with (a later
file that adds to histories recorded before), only the events it does not hold are appended, after
what it holds. An event id the store holds for other content is refused.

A person whose events are refused (an invalid history, a conflicting id, a rejected batch, a lost
race) is reported and the import goes on with the next person; ``StoreUnavailable`` stops it, since
every later person would fail the same way. Reports name people, lines and event ids, never what an
event says.

How a person's events are planned (``plan``), from the ``recorded_at`` each line of the interchange
format may carry:

- no event carries one: a single batch, recorded now (runs of different ``recorded_by`` are
  separate batches);
- otherwise an event without one was known from the start (DESIGN section 5) and is recorded at
  ``KNOWN_FROM_THE_START``, the others at their own time; when the events known from the start do not
  hold together on their own (their ``Born`` was recorded later), they are recorded with the first
  batch after which they do. Batches group the events recorded at the same time by the same recorder,
  earliest first, each in input order. When the history as it stood after some batch would still not
  hold together, an event without a time is taken as recorded with the event before it in the input.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence

from attrs import evolve, frozen

from leavingcare.errors import ConcurrencyError, InvalidEvent, InvalidHistory, LeavingCareError, StoreUnavailable
from leavingcare.events.codec import Envelope
from leavingcare.history import History
from leavingcare.store.port import Batch, HistoryStore

KNOWN_FROM_THE_START = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""When an event without ``recorded_at`` was recorded, in an input where other events carry one."""

__all__ = [
    "KNOWN_FROM_THE_START",
    "Batch",
    "Outcome",
    "Summary",
    "import_people",
    "import_person",
    "imports",
    "plan",
]


@frozen
class Outcome:
    """What importing one person did: events added now, events the store held already, the version
    after, and the error when the person's events (or the rest of them) were refused."""

    person: str
    added: int
    already: int
    version: int
    error: LeavingCareError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@frozen
class Summary:
    """A whole import: how many people and events, and the people whose events were refused."""

    people: int
    added: int
    already: int
    failures: tuple[Outcome, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def _utc(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC) if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _stamp_of(envelope: Envelope) -> dt.datetime | None:
    """An envelope's own recording time in UTC; a time that UTC cannot hold is refused."""
    if envelope.recorded_at is None:
        return None
    try:
        return _utc(envelope.recorded_at)
    except OverflowError:
        raise InvalidEvent(envelope.where, "field 'recorded_at' is outside the range of dates in UTC") from None


def _group(timed: Sequence[tuple[dt.datetime | None, Envelope]], recorded_by: str) -> list[Batch]:
    """Batches of consecutive events with the same time and recorder, after a stable sort by time."""
    order = sorted(timed, key=lambda item: item[0] or KNOWN_FROM_THE_START)
    batches: list[Batch] = []
    for (at, by), run in itertools.groupby(order, key=lambda item: (item[0], item[1].recorded_by or recorded_by)):
        batches.append(Batch(at, by, tuple(envelope for _, envelope in run)))
    return batches


def _first_invalid(before: Sequence[Envelope], batches: Sequence[Batch]) -> int | None:
    """The index of the first batch after which the history would not hold together (None: none).
    The last batch is not checked: the whole history is validated on its own."""
    so_far = list(before)
    for index, batch in enumerate(batches[:-1]):
        so_far += batch.envelopes
        try:
            History(so_far)
        except LeavingCareError:
            return index
    return None


def _check_steps(before: Sequence[Envelope], batches: Sequence[Batch]) -> None:
    """Raises the error of the first step that would not hold together (``InvalidEvent``/``InvalidHistory``)."""
    index = _first_invalid(before, batches)
    if index is not None:
        History([*before, *(e for batch in batches[: index + 1] for e in batch.envelopes)])


def plan(history: History, *, recorded_by: str) -> tuple[Batch, ...]:
    """The batches that record ``history`` in an empty stream, in order (see the module's docstring).

    Events without ``recorded_at`` are known from the start: recorded at ``KNOWN_FROM_THE_START``
    (or the earliest time stated, when that is earlier), or, when they would not hold together
    then (a history whose ``Born`` is recorded later), with the first batch after which they do.
    Failing that, each is taken as recorded with the event before it in the input.

    The plan depends only on the history, so an import run again plans the same batches. Raises
    ``InvalidHistory`` when no order of batches keeps every step a valid history."""
    envelopes = history.envelopes
    stamps = [_stamp_of(e) for e in envelopes]
    known = sorted({s for s in stamps if s is not None})
    if not known:
        return tuple(_group(list(zip(stamps, envelopes, strict=True)), recorded_by))
    for start in (min(KNOWN_FROM_THE_START, known[0]), *known):
        times = [stamp if stamp is not None else start for stamp in stamps]
        batches = _group(list(zip(times, envelopes, strict=True)), recorded_by)
        failed = _first_invalid((), batches)
        if failed is None:
            return tuple(batches)
        if batches[failed].at != start:
            break  # a later step fails, and recording the undated events later cannot mend it
    times = []
    at: dt.datetime | None = None
    for stamp in stamps:
        at = stamp if stamp is not None else at
        times.append(at if at is not None else min(KNOWN_FROM_THE_START, known[0]))
    batches = _group(list(zip(times, envelopes, strict=True)), recorded_by)
    _check_steps((), batches)
    return tuple(batches)


def _remaining(history: History, stored: Sequence[Envelope], recorded_by: str) -> tuple[list[Batch], int]:
    """The batches still to record after ``stored``, and how many of the history's events it holds."""
    held = {e.id: e for e in stored}
    for envelope in history.envelopes:
        found = held.get(envelope.id)
        if found is not None and found.event != envelope.event:
            reason = f"has the id {envelope.id} of an event already recorded for this person, which says otherwise"
            raise InvalidHistory(envelope.where, reason)
    already = sum(1 for e in history.envelopes if e.id in held)
    try:
        batches = list(plan(history, recorded_by=recorded_by))
    except LeavingCareError:
        if not stored:
            raise
        batches = []  # no plan from an empty stream; what the store lacks may still be appended below
    flat = [e.id for batch in batches for e in batch.envelopes]
    if batches and [e.id for e in stored] == flat[: len(stored)]:
        # Resuming this plan: skip what is recorded, batch by batch.
        left: list[Batch] = []
        count = len(stored)
        for batch in batches:
            if count >= len(batch.envelopes):
                count -= len(batch.envelopes)
                continue
            left.append(evolve(batch, envelopes=batch.envelopes[count:]))
            count = 0
        return left, already
    # The store holds other events too: append what it lacks, after what it holds.
    new = [e for e in history.envelopes if e.id not in held]
    stamps = [_stamp_of(e) for e in new]
    batches = _group(list(zip(stamps, new, strict=True)), recorded_by)
    undated = [b for b in batches if b.at is None]
    batches = [b for b in batches if b.at is not None] + undated  # now comes after any stated time
    _check_steps(stored, batches)
    return batches, already


def import_person(
    store: HistoryStore, person: str, source: History | Iterable[Envelope], *, recorded_by: str
) -> Outcome:
    """Record the person's events the store does not hold yet (see the module's docstring).

    Returns the outcome, with the error when the events (or some of them) were refused; raises
    ``StoreUnavailable`` when the store cannot be reached or read."""
    added = already = version = 0
    try:
        history = source if isinstance(source, History) else History(source)
        version = store.version(person)
        stored = list(store.history(person).envelopes) if version else []
        batches, already = _remaining(history, stored, recorded_by)
        for batch in batches:
            envelopes = [evolve(e, recorded_at=None, recorded_by=None, line=None) for e in batch.envelopes]
            version = store.record(
                person, envelopes, recorded_by=batch.by, recorded_at=batch.at, expected_version=version
            )
            added += len(envelopes)
    except StoreUnavailable:
        raise
    except ValueError as exc:  # an id the store refuses (empty, too long)
        return Outcome(person, added, already, version, InvalidEvent("import", str(exc)))
    except LeavingCareError as exc:
        return Outcome(person, added, already, version, _naming(person, exc))
    return Outcome(person, added, already, version)


def _naming(person: str, exc: LeavingCareError) -> LeavingCareError:
    """The error with the person's id in front, as a report of many people needs it."""
    message = str(exc)
    if message.startswith(f"person {person}"):
        return exc
    if isinstance(exc, InvalidEvent | InvalidHistory):
        return type(exc)(f"person {person}, {exc.where}", exc.reason)
    if isinstance(exc, ConcurrencyError):
        return ConcurrencyError(f"person {person}: {message}")
    return exc


GROUP_PEOPLE = 200
"""At most this many people new to the store are recorded in one transaction..."""
GROUP_EVENTS = 5000
"""... holding at most about this many events (a person with more is a group of their own)."""


@frozen
class _New:
    """A person planned as new to the store: their history and its batches."""

    person: str
    history: History
    batches: tuple[Batch, ...]

    @property
    def events(self) -> int:
        return len(self.history)


def imports(
    store: HistoryStore, people: Iterable[tuple[str, History | Iterable[Envelope]]], *, recorded_by: str
) -> Iterator[Outcome]:
    """Each person's outcome as they are imported, in input order (for progress reports).

    People are taken to be new to the store and recorded in groups, up to ``GROUP_PEOPLE`` people
    (``GROUP_EVENTS`` events) a transaction, each person's planned batches all at once, without
    reading their streams first. When a group cannot be recorded (one of its people has events in the
    store already, or is refused), its people are imported one by one, as ``import_person`` does, in
    order. A person whose events cannot be planned from an empty stream is imported on their own too,
    after the group before them. So people are recorded in input order, every stream is a prefix of
    its plan at any moment, and an import run again resumes where one was stopped.

    Before anything is written, the first person row of the store is read: a store opened with the
    wrong key raises ``StoreUnavailable`` then, rather than accepting rows no other reader can use."""
    for _ in itertools.islice(store.people(), 1):
        pass
    group: list[_New | Outcome] = []  # in input order, with the outcomes of people refused already
    named: set[str] = set()
    events = 0
    for person, source in people:
        try:
            history = source if isinstance(source, History) else History(source)
        except LeavingCareError as exc:
            group.append(Outcome(person, 0, 0, 0, _naming(person, exc)))
            continue
        try:
            batches = plan(history, recorded_by=recorded_by)
        except LeavingCareError:
            batches = None  # no plan from an empty stream: perhaps the store holds some of it already
        if batches is None or person in named:
            yield from _record_group(store, group, recorded_by)
            group, named, events = [], set(), 0
            yield import_person(store, person, history, recorded_by=recorded_by)
            continue
        if named and (len(named) >= GROUP_PEOPLE or events + len(history) > GROUP_EVENTS):
            yield from _record_group(store, group, recorded_by)
            group, named, events = [], set(), 0
        group.append(_New(person, history, batches))
        named.add(person)
        events += len(history)
    yield from _record_group(store, group, recorded_by)


def _record_group(store: HistoryStore, group: Sequence[_New | Outcome], recorded_by: str) -> Iterator[Outcome]:
    """Record the people of a group planned as new in one transaction; failing that, one by one."""
    new = [item for item in group if isinstance(item, _New)]
    try:
        versions = iter(store.record_new([(item.person, item.batches) for item in new], checked=True))
    except StoreUnavailable:
        raise
    except (LeavingCareError, ValueError):
        versions = None
    for item in group:
        if isinstance(item, Outcome):
            yield item
        elif versions is None:
            yield import_person(store, item.person, item.history, recorded_by=recorded_by)
        else:
            yield Outcome(item.person, item.events, 0, next(versions))


def import_people(
    store: HistoryStore, people: Iterable[tuple[str, History | Iterable[Envelope]]], *, recorded_by: str
) -> Summary:
    """Import everyone in ``people`` (``(person, History or envelopes)`` pairs, e.g. from
    ``lc.read_people``); a person whose events are refused is reported in ``failures`` and the
    others are imported. ``StoreUnavailable`` stops the import: run it again once the store is back."""
    count = added = already = 0
    failures: list[Outcome] = []
    for outcome in imports(store, people, recorded_by=recorded_by):
        count += 1
        added += outcome.added
        already += outcome.already
        if outcome.error is not None:
            failures.append(outcome)
    return Summary(count, added, already, tuple(failures))
