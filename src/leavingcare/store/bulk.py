"""Bulk import: many people's histories recorded in the store, safe to run again after a crash.

    summary = import_people(store, lc.read_people("people.jsonl"), recorded_by="import-2025-06")
    for failed in summary.failures:
        print(failed.error)                        # names the person and the line or event id only

Each person's lines are planned and written by the recording service (``leavingcare.store.recording``),
as ``Store.record`` and the ``record`` command record them: in the order given, whatever their
``recorded_at``, all of a person's new lines in one transaction or none. A line without
``recorded_at`` is stamped with the time of recording, or, with ``known_from_the_start=True``, as
known from the start (for histories whose knowledge time is unknown).

People new to the store are recorded a group at a time (``GROUP_PEOPLE``, ``GROUP_EVENTS``),
everyone in the group in one transaction, without reading their streams first. When a group cannot
be recorded whole (one of its people is in the store already, or cannot be written), its people are
recorded one by one, each reading their stream first: a line the stream holds for the same event is
left alone, the others are appended after what it holds. So an import killed at any point leaves
every person either recorded whole or not at all (as far as this import goes), and running the same
import again completes it, recording nothing twice.

A person whose lines are refused (an invalid history, a conflicting id, a bad recorder, a lost race)
is reported and the import goes on with the next person, leaving that person's stream as it was;
``StoreUnavailable`` stops it, since every later person would fail the same way. Reports name
people, lines and event ids, never what an event says.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from attrs import frozen

from leavingcare.errors import ConcurrencyError, InvalidEvent, InvalidHistory, LeavingCareError, StoreUnavailable
from leavingcare.events.codec import Envelope
from leavingcare.history import History
from leavingcare.store import recording
from leavingcare.store.port import HistoryStore, Plan
from leavingcare.store.recording import KNOWN_FROM_THE_START, Recording

__all__ = [
    "KNOWN_FROM_THE_START",
    "Outcome",
    "Summary",
    "import_people",
    "import_person",
    "imports",
]

Lines = History | Iterable[Envelope]
"""A person's lines: a ``History``, or envelopes that may only hold together with what is stored."""


@frozen
class Outcome:
    """What importing one person did: events added now, events the store held already, the version
    after, and the error when the person's events were refused (then nothing of theirs was added)."""

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


def import_person(
    store: HistoryStore, person: str, source: Lines, *, recorded_by: str, known_from_the_start: bool = False
) -> Outcome:
    """Record the person's lines the store does not hold yet, after what it holds, all or nothing.

    Returns the outcome, with the error when the lines were refused; raises ``StoreUnavailable`` when
    the store cannot be reached or read."""
    how = Recording(recorded_by, known_from_the_start)
    try:
        planned = recording.record(store, person, _lines(source), how)
    except StoreUnavailable:
        raise
    except (LeavingCareError, ValueError) as exc:
        return _refused(store, person, exc)
    return Outcome(person, len(planned.envelopes), planned.already, planned.after)


def _lines(source: Lines) -> Sequence[Envelope] | History:
    return source if isinstance(source, History) else list(source)


def _refused(store: HistoryStore, person: str, exc: LeavingCareError | ValueError) -> Outcome:
    """The outcome of a person whose lines were refused: nothing added, the version as it stands."""
    try:
        version = store.version(person)
    except (LeavingCareError, ValueError):
        version = 0
    return Outcome(person, 0, 0, version, _naming(person, exc))


def _naming(person: str, exc: LeavingCareError | ValueError) -> LeavingCareError:
    """The error with the person's id in front, as a report of many people needs it; an id the store
    refuses (``ValueError``) becomes an ``InvalidEvent``."""
    if isinstance(exc, ValueError):
        return InvalidEvent("import", str(exc))
    if str(exc).startswith(f"person {person}"):
        return exc
    if isinstance(exc, InvalidEvent | InvalidHistory):
        return type(exc)(f"person {person}, {exc.where}", exc.reason)
    if isinstance(exc, ConcurrencyError):
        return ConcurrencyError(f"person {person}: {exc}")
    return exc


GROUP_PEOPLE = 200
"""At most this many people new to the store are recorded in one transaction..."""
GROUP_EVENTS = 5000
"""... holding at most about this many events (a person with more is a group of their own)."""


@frozen
class _New:
    """A person planned as new to the store: their lines and what recording them into an empty
    stream appends."""

    source: Lines
    planned: Plan


def imports(
    store: HistoryStore,
    people: Iterable[tuple[str, Lines | LeavingCareError]],
    *,
    recorded_by: str,
    known_from_the_start: bool = False,
) -> Iterator[Outcome]:
    """Each person's outcome as they are imported, in input order (for progress reports).

    ``people`` pairs a person with their lines, or with the error that stopped them being read (it
    is reported in its turn). People are taken to be new to the store and recorded in groups, up to
    ``GROUP_PEOPLE`` people (``GROUP_EVENTS`` events) a transaction, without reading their streams
    first. When a group cannot be recorded whole, its people are imported one by one, as
    ``import_person`` does, in order; so is a person whose lines cannot be planned into an empty
    stream (a retraction of a stored event, say), after the group before them. So people are
    recorded in input order, and every person is recorded whole or not at all.

    Before anything is written, the first person row of the store is read: a store opened with the
    wrong key raises ``StoreUnavailable`` then, rather than accepting rows no other reader can use."""
    for _ in itertools.islice(store.people(), 1):
        pass
    how = Recording(recorded_by, known_from_the_start)
    group: list[_New | Outcome] = []  # in input order, with the outcomes of people refused already
    named: set[str] = set()
    events = 0
    for person, source in people:
        if isinstance(source, LeavingCareError):
            group.append(Outcome(person, 0, 0, 0, _naming(person, source)))
            continue
        lines = _lines(source)
        try:
            planned: Plan | None = recording.plan(person, lines, (), how, ids=store.event_ids)
        except (LeavingCareError, ValueError):
            planned = None  # not into an empty stream: perhaps the store holds what it needs
        if planned is None or person in named:
            yield from _record_group(store, group, how)
            group, named, events = [], set(), 0
            yield import_person(
                store, person, lines, recorded_by=recorded_by, known_from_the_start=known_from_the_start
            )
            continue
        if named and (len(named) >= GROUP_PEOPLE or events + len(planned.envelopes) > GROUP_EVENTS):
            yield from _record_group(store, group, how)
            group, named, events = [], set(), 0
        group.append(_New(lines, planned))
        named.add(person)
        events += len(planned.envelopes)
    yield from _record_group(store, group, how)


def _record_group(store: HistoryStore, group: Sequence[_New | Outcome], how: Recording) -> Iterator[Outcome]:
    """Record the people of a group planned as new in one transaction; failing that, one by one."""
    plans = [item.planned for item in group if isinstance(item, _New)]
    together = True
    try:
        store.write(plans)
    except StoreUnavailable:
        raise
    except (LeavingCareError, ValueError):
        together = False
    for item in group:
        if isinstance(item, Outcome):
            yield item
        elif together:
            yield Outcome(item.planned.person, len(item.planned.envelopes), 0, item.planned.after)
        else:
            yield import_person(
                store,
                item.planned.person,
                item.source,
                recorded_by=how.recorded_by,
                known_from_the_start=how.known_from_the_start,
            )


def import_people(
    store: HistoryStore,
    people: Iterable[tuple[str, Lines | LeavingCareError]],
    *,
    recorded_by: str,
    known_from_the_start: bool = False,
) -> Summary:
    """Import everyone in ``people`` (``(person, History or envelopes)`` pairs, e.g. from
    ``lc.read_people``); a person whose events are refused is reported in ``failures``, nothing of
    theirs recorded, and the others are imported. ``StoreUnavailable`` stops the import: run it again
    once the store is back. ``known_from_the_start``: lines without ``recorded_at`` were known from
    the start, rather than learned now."""
    count = added = already = 0
    failures: list[Outcome] = []
    for outcome in imports(store, people, recorded_by=recorded_by, known_from_the_start=known_from_the_start):
        count += 1
        added += outcome.added
        already += outcome.already
        if outcome.error is not None:
            failures.append(outcome)
    return Summary(count, added, already, tuple(failures))
