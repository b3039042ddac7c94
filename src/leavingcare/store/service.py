"""The store: record a batch of events for a person after validating their whole history, replay a
person's history as known at a date, and stream every person's history."""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import Self
from uuid import UUID

from attrs import evolve
from eventsourcing.persistence import StoredEvent

from leavingcare.duties.findings import Timeline
from leavingcare.errors import ConcurrencyError, InvalidEvent, InvalidHistory, InvalidId, StoreUnavailable
from leavingcare.events import base
from leavingcare.events.base import Event, id_problem
from leavingcare.events.codec import Envelope
from leavingcare.history import History
from leavingcare.law import Law, default_law
from leavingcare.store import tables
from leavingcare.store.application import LeavingCareApplication
from leavingcare.store.cache import cache_key, compute
from leavingcare.store.config import Location, cipher_settings, key_bytes
from leavingcare.store.errors import Failed, UnknownPerson, for_person, named
from leavingcare.store.port import Batch
from leavingcare.store.records import FIRST_EVENT, Computed, Recorded, Registered, StreamIds
from leavingcare.store.schema import REGISTRATION, Schema
from leavingcare.store.translation import opening, using

PAGE = 200
"""People read per query when streaming the whole store."""
ROWS_PER_QUERY = 20_000
"""About how many event rows ``histories`` reads a query: a page of people with long histories is read
in parts, so that memory stays bounded by this rather than by the page's longest histories."""
FIRST_GUESS = 400
"""Rows a person assumed before the first query (so that it reads at most 50 people)."""

MAX_ID_LENGTH = base.MAX_ID_LENGTH


class Store:
    """A ``HistoryStore`` on eventsourcing: memory, SQLite or PostgreSQL, encrypted when keyed."""

    def __init__(self, location: Location, *, key: str | None = None, schema: Schema | None = None) -> None:
        self.location = location
        self.encrypted = key is not None
        self._streams = StreamIds(key_bytes(key) if key is not None else None)
        settings = {**location.settings, **cipher_settings(key)}
        self._app = _open(location.shown, settings, schema or Schema())
        self._key_checked = False
        self._scan = tables.reader(self._app.recorder)
        self._rows_per_person = FIRST_GUESS  # until a query tells
        self._insert = tables.writer(self._app.recorder)
        self._caching = schema is None
        """Computed timelines are kept only under the project's own upcasters: another schema's
        upcasters are code the cache key cannot see."""

    def __repr__(self) -> str:
        return f"Store({self.location.shown!r}{', encrypted' if self.encrypted else ''})"

    # writing ------------------------------------------------------------------------------------
    def record(
        self,
        person: str,
        events: Iterable[Event | Envelope],
        *,
        recorded_by: str,
        recorded_at: dt.datetime | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Append ``events`` to the person's stream as one batch, all or nothing; returns the new version.

        The whole resulting history is validated first (``InvalidEvent``, ``InvalidHistory``). Every
        event of the batch is stamped with ``recorded_at`` (default: now; never earlier than what is
        already recorded, so a past ``known_at`` view never changes) and ``recorded_by``. An envelope
        keeps its id. ``expected_version`` (the version read before deciding to write) guards against
        another writer having appended since: a stale one raises ``ConcurrencyError``, as does a
        writer that loses a race to append.
        """
        person = _check_id(person, "person")
        _check_id(recorded_by, "recorded_by")
        batch = list(events)
        stream = self._streams.of(person)
        existing = self._read(stream, person)
        version = len(existing)
        if expected_version is not None and expected_version != version:
            raise ConcurrencyError(
                f"person {person}: expected version {expected_version} but {version} events are recorded"
            )
        if not batch:
            return version
        if version == 0:
            self._check_key()
        when = _recording_time(recorded_at, existing, person)
        added = [_stamp(item, when, recorded_by, person) for item in batch]
        stamped = History([*existing, *added]).envelopes[version:]
        mapper = self._app.records
        rows = [mapper.stored(stream, FIRST_EVENT + version + n, envelope) for n, envelope in enumerate(stamped)]
        if version == 0:
            rows.insert(0, mapper.stored(stream, FIRST_EVENT - 1, person))
        with using(self.location.shown, person):
            self._insert(rows)
        return version + len(stamped)

    def record_new(self, people: Sequence[tuple[str, Sequence[Batch]]], *, checked: bool = False) -> list[int]:
        """Record people who have nothing recorded yet, all in one transaction; returns each one's version.

        Each person's batches are taken in order, as ``record`` would take them one after another into
        an empty stream: every event of a batch is stamped with the batch's time (None: now) and
        recorder, in place of any it carries; times never go back; the history after each batch is
        validated (``InvalidEvent``, ``InvalidHistory``) before anything is written. Nothing is read
        back: when one of the people already has a stream (or wins a race to get one), the whole
        transaction fails with ``ConcurrencyError`` and nobody is recorded.

        ``checked`` says the caller has validated each person's history after each batch already, and
        given every event its id (``bulk.plan`` does both): their histories are not built again."""
        if not people:
            return []
        now = dt.datetime.now(dt.UTC)
        seen: set[str] = set()
        mapper = self._app.records
        rows: list[StoredEvent] = []
        versions: list[int] = []
        for person, batches in people:
            person = _check_id(person, "person")
            if person in seen:
                raise ValueError(f"person {person} is named twice in one transaction")
            seen.add(person)
            stamped: list[Envelope] = []
            steps: list[int] = []
            last: dt.datetime | None = None
            for batch in batches:
                _check_id(batch.by, "recorded_by")
                when = _recording_time(batch.at, (), person) if batch.at is not None else max(now, last or now)
                if last is not None and when < last:
                    raise InvalidHistory(
                        f"person {person}", "recorded_at is earlier than events already recorded for this person"
                    )
                last = when
                for item in batch.envelopes:
                    if not isinstance(item, Envelope):
                        raise InvalidEvent(f"person {person}", f"batch: expected an event, not {type(item).__name__}")
                    stamped.append(Envelope(item.id, item.event, when, batch.by))
                if batch.envelopes:
                    steps.append(len(stamped))
            if not stamped:
                versions.append(0)
                continue
            if checked:
                if not all(envelope.id for envelope in stamped):
                    raise ValueError(f"person {person}: a checked batch holds an event without an id")
                envelopes: Sequence[Envelope] = stamped
            else:
                for end in steps[:-1]:
                    History(stamped[:end])
                envelopes = History(stamped).envelopes
            stream = self._streams.of(person)
            rows.append(mapper.stored(stream, FIRST_EVENT - 1, person))
            rows += [mapper.stored(stream, FIRST_EVENT + n, envelope) for n, envelope in enumerate(envelopes)]
            versions.append(len(envelopes))
        if not rows:
            return versions
        self._check_key()
        try:
            with using(self.location.shown, people[0][0]):
                self._insert(rows)
        except ConcurrencyError:
            named = people[0][0] if len(people) == 1 else f"{people[0][0]} to {people[-1][0]}"
            raise ConcurrencyError(
                f"people {named}: one of them has events recorded already; record them one at a time"
            ) from None
        return versions

    # reading ------------------------------------------------------------------------------------
    def version(self, person: str) -> int:
        person = _check_id(person, "person")
        with using(self.location.shown, person):
            last = self._app.recorder.select_events(self._streams.of(person), desc=True, limit=1)
        return max(0, last[0].originator_version - FIRST_EVENT + 1) if last else 0

    def history(self, person: str, known_at: dt.datetime | None = None) -> History:
        """The person's history with the events recorded by ``known_at`` (None: all);
        ``UnknownPerson`` when nothing was recorded for them by then."""
        person = _check_id(person, "person")
        try:
            envelopes = self._read(self._streams.of(person), person)
            if not envelopes:
                raise UnknownPerson(person)
            if known_at is not None:
                cutoff = _utc(known_at)
                envelopes = [e for e in envelopes if e.recorded_at is None or e.recorded_at <= cutoff]
                if not envelopes:
                    raise UnknownPerson(person, by_then=True)
            return History(envelopes)
        except (InvalidEvent, InvalidHistory) as exc:
            raise named(person, exc) from None

    def people(self) -> Iterator[str]:
        """Every person id, in the order first recorded, read a page at a time."""
        for page in self._pages():
            for registered in page:
                yield registered.person

    def histories(
        self, known_at: dt.datetime | None = None, *, failed: Failed | None = None
    ) -> Iterator[tuple[str, History]]:
        """Each person with their history as known at ``known_at``, one person at a time.

        On SQLite and PostgreSQL the streams of a page of people are read in one query (in several
        when their histories are long: about ``ROWS_PER_QUERY`` rows a query); each person's rows are
        decoded when their turn comes, so errors surface at that person, as when reading one stream
        at a time. A person whose stored events do not make a valid history (a row written by other
        means, or valid only under an older release) raises ``InvalidEvent`` or ``InvalidHistory``
        naming the person; with ``failed``, the error is handed to it instead and the others follow."""
        cutoff = _utc(known_at) if known_at is not None else None
        for page in self._pages():
            if self._scan is None:
                for registered in page:
                    person, stream = registered.person, registered.originator_id
                    found = for_person(person, failed, partial(self._history, stream, person, cutoff))
                    if found is not None:
                        yield person, found
                continue
            people = {registered.originator_id: registered.person for registered in page}
            for rows in self._parts(list(people)):
                for stream, rows_of in rows.items():
                    person = people[stream]
                    found = for_person(person, failed, partial(self._history, stream, person, cutoff, rows_of))
                    if found is not None:
                        yield person, found

    def _history(
        self,
        stream: UUID,
        person: str,
        cutoff: dt.datetime | None,
        rows: list[tables.Row] | None = None,
    ) -> History | None:
        """A person's history from their stream's ``rows`` (read now when None), as known at ``cutoff``;
        None when nothing was recorded by then."""
        if rows is None:
            envelopes = self._read(stream, person)
        else:
            with using(self.location.shown, person):
                envelopes = self._app.records.envelopes(stream, rows)
        if cutoff is not None:
            envelopes = [e for e in envelopes if e.recorded_at is None or e.recorded_at <= cutoff]
        return History(envelopes) if envelopes else None

    # lifecycle ----------------------------------------------------------------------------------
    def close(self) -> None:
        self._app.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # helpers ------------------------------------------------------------------------------------
    def _check_key(self) -> None:
        """Before the first new stream, read one recorded person back: a wrong key, or no key for an
        encrypted store, fails here instead of writing rows the rightful key cannot read."""
        if not self._key_checked:
            next(iter(self.people()), None)
            self._key_checked = True

    def _pages(self) -> Iterator[list[Registered]]:
        """The person rows of the store, a page at a time, in the order first recorded."""
        after: int | None = None
        while True:
            with using(self.location.shown):
                page = self._app.recorder.select_notifications(
                    after, PAGE, topics=[REGISTRATION], inclusive_of_start=False
                )
                records = [self._app.records.to_domain_event(row) for row in page]
            # A person row counts only in the stream derived from its person id: one copied into another
            # stream (the cipher does not bind a row to its stream) must not lend that stream a name.
            yield [
                record
                for record in records
                if isinstance(record, Registered) and record.originator_id == self._streams.of(record.person)
            ]
            if len(page) < PAGE:
                return
            after = page[-1].id

    def _parts(self, streams: list[UUID]) -> Iterator[tables.StreamRows]:
        """The event rows of ``streams``, in their order, a query for each part of about
        ``ROWS_PER_QUERY`` rows (each part's rows in the order of its streams)."""
        assert self._scan is not None
        while streams:
            size = max(1, ROWS_PER_QUERY // self._rows_per_person)
            chunk, streams = streams[:size], streams[size:]
            with using(self.location.shown):
                rows = self._scan(chunk)
            self._rows_per_person = max(1, -(-sum(len(found) for found in rows.values()) // len(chunk)))
            yield rows

    def _read(self, stream: UUID, person: str) -> list[Envelope]:
        with using(self.location.shown, person):
            records = list(self._app.events.get(stream))
        return [r.envelope for r in records if isinstance(r, Recorded)]

    # computed timelines -------------------------------------------------------------------------
    def timelines(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None, failed: Failed | None = None
    ) -> Iterator[tuple[str, Timeline]]:
        """Each person, in store order, with what ``lc.timeline(history, known_at=known_at, law=law)``
        gives for the histories ``histories(known_at)`` yields. With everything recorded (``known_at``
        None), a timeline computed before from exactly the stream now recorded, under the same library,
        source, law and authorities table, is read back instead of computed; any other is computed and
        kept for next time. An auditor's ``known_at`` view is always computed afresh. A person whose
        history cannot be read, or whose timeline cannot be computed, is handled as in ``histories``."""
        for person, timeline, _ in self.timelines_with_births(known_at, law=law, failed=failed):
            yield person, timeline

    def timelines_with_births(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None, failed: Failed | None = None
    ) -> Iterator[tuple[str, Timeline, dt.date | None]]:
        """``timelines``, each with the person's date of birth (kept with the timeline it was computed with)."""
        used = law or default_law()
        if known_at is not None or not self._caching:
            for person, history in self.histories(known_at, failed=failed):
                timeline = for_person(person, failed, partial(compute, history, known_at, used), computing=True)
                if timeline is not None:
                    yield person, timeline, history.facts.born
            return
        key = cache_key(used)
        for page in self._pages():
            streams = [registered.originator_id for registered in page]
            states, latest = self._stream_states(streams), self._latest_snapshots(streams)
            held = {stream: self._held(key, states.get(stream), latest.get(stream)) for stream in streams}
            missing = [stream for stream in streams if held[stream] is None and stream in states]
            parts = self._parts(missing) if self._scan is not None else None
            rows: tables.StreamRows = {}
            pending: list[Computed] = []
            for registered in page:
                stream, person = registered.originator_id, registered.person
                found = held[stream]
                if found is None:
                    if parts is not None and stream in states and stream not in rows:
                        rows = next(parts)  # the part holding this stream: parts follow the page's order
                    read = rows if parts is not None else None
                    snapshot = latest.get(stream)
                    compute_one = partial(self._computed, stream, person, key, used, snapshot, read, pending)
                    found = for_person(person, failed, compute_one, computing=True)
                if found is not None:
                    yield person, found.timeline, found.born
            self._keep(pending)

    def timeline(self, person: str, known_at: dt.datetime | None = None, *, law: Law | None = None) -> Timeline:
        """What ``lc.timeline(store.history(person, known_at), known_at=known_at, law=law)`` gives, read
        back when computed before as in ``timelines``; ``UnknownPerson`` when nothing was recorded."""
        person = _check_id(person, "person")
        used = law or default_law()
        if known_at is not None or not self._caching:
            return compute(self.history(person, known_at), known_at, used)
        stream, key = self._streams.of(person), cache_key(used)
        states, latest = self._stream_states([stream]), self._latest_snapshots([stream])
        pending: list[Computed] = []
        found = self._held(key, states.get(stream), latest.get(stream)) or self._computed(
            stream, person, key, used, latest.get(stream), None, pending
        )
        self._keep(pending)
        if found is None:
            raise UnknownPerson(person)
        return found.timeline

    def _stream_states(self, streams: Sequence[UUID]) -> dict[UUID, tables.StreamState]:
        with using(self.location.shown):
            return tables.stream_states(self._app.recorder, self.location.kind, streams)

    def _latest_snapshots(self, streams: Sequence[UUID]) -> dict[UUID, StoredEvent]:
        with using(self.location.shown):
            return tables.latest_snapshots(self._app.snapshot_recorder, self.location.kind, streams)

    def _held(self, key: str, state: tables.StreamState | None, snapshot: StoredEvent | None) -> Computed | None:
        """The timeline kept in ``snapshot`` when it was computed from the stream in ``state`` under ``key``."""
        if snapshot is None or state is None:
            return None
        try:
            held = self._app.records.to_computed(snapshot)
        except Exception:  # a snapshot that cannot be read is computed again
            return None
        return held if held.key == key and (held.stream_version, held.rows) == state else None

    def _computed(
        self,
        stream: UUID,
        person: str,
        key: str,
        law: Law,
        snapshot: StoredEvent | None,
        rows: tables.StreamRows | None,
        pending: list[Computed],
    ) -> Computed | None:
        """The person's timeline computed from their stream as read now (from ``rows`` when given, which
        leave out the person row), added to ``pending`` to be kept. None when no event is recorded."""
        if rows is not None:
            found = rows.get(stream, [])
            with using(self.location.shown, person):
                envelopes = self._app.records.envelopes(stream, found)
            last, count = (found[-1][0] if found else FIRST_EVENT - 1), len(found) + 1
        else:
            with using(self.location.shown, person):
                records = list(self._app.events.get(stream))
            envelopes = [record.envelope for record in records if isinstance(record, Recorded)]
            last, count = (records[-1].originator_version if records else 0), len(records)
        if not envelopes:
            return None
        history = History(envelopes)
        number = snapshot.originator_version + 1 if snapshot is not None else 1
        computed = Computed(stream, number, last, count, key, history.facts.born, compute(history, None, law))
        pending.append(computed)
        return computed

    def _keep(self, pending: Sequence[Computed]) -> None:
        """Write computed timelines to the snapshot store, best effort: a snapshot another process
        wrote first (or any other integrity error) is left as it is. A store this handle cannot write
        to (a reader's role, a read-only file) still answers: its timelines are computed and not kept;
        a store that cannot be read fails on the next read."""
        if not pending:
            return
        stored = [self._app.records.to_stored_event(computed) for computed in pending]
        recorder = self._app.snapshot_recorder
        batches = [stored] if len(stored) == 1 else [stored, *([one] for one in stored)]
        for batch in batches:
            try:
                with using(self.location.shown):
                    recorder.insert_events(batch)
            except ConcurrencyError:
                continue
            except StoreUnavailable:
                return  # not kept this time: computed again next time
            if batch is stored:
                return


OPEN_ATTEMPTS = 5
"""PostgreSQL does not serialise eventsourcing's CREATE OR REPLACE FUNCTION on opening, so workers opening
one store at once can collide ("tuple concurrently updated"); such an opening is tried again."""


def _open(shown: str, settings: dict[str, str], schema: Schema) -> LeavingCareApplication:
    for attempt in range(OPEN_ATTEMPTS):
        try:
            with opening(shown):
                return LeavingCareApplication(settings, schema)
        except StoreUnavailable as exc:
            if "concurrently" not in str(exc) or attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1) * (1 + random.random()))
    raise AssertionError("unreachable")


def _check_id(value: object, what: str) -> str:
    """The id, a person's in Unicode NFC; ``InvalidId`` (a ``ValueError``) when it cannot be one
    (``events.base.id_problem``)."""
    problem = id_problem(value)
    if problem is not None:
        raise InvalidId(what, problem, field=what)
    assert isinstance(value, str)
    return unicodedata.normalize("NFC", value) if what == "person" else value


def _utc(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _recording_time(recorded_at: dt.datetime | None, existing: Sequence[Envelope], person: str) -> dt.datetime:
    """When the batch is recorded: never before the last batch, so past views stay as they were."""
    where = f"person {person}"
    last = max((e.recorded_at for e in existing if e.recorded_at is not None), default=None)
    if recorded_at is None:
        now = dt.datetime.now(dt.UTC)
        return max(now, last) if last is not None else now
    if recorded_at.tzinfo is None:
        raise InvalidEvent(where, "recorded_at must carry a time zone")
    try:
        recorded_at = recorded_at.astimezone(dt.UTC)
    except OverflowError:
        raise InvalidEvent(where, "recorded_at is outside the range of dates that can be converted to UTC") from None
    if last is not None and recorded_at < last:
        raise InvalidHistory(where, "recorded_at is earlier than events already recorded for this person")
    return recorded_at


def _stamp(item: Event | Envelope, when: dt.datetime, recorded_by: str, person: str) -> Envelope:
    if isinstance(item, Event):
        return Envelope("", item, when, recorded_by)
    if not isinstance(item, Envelope):
        raise InvalidEvent(f"person {person}", f"batch: expected an event, not {type(item).__name__}")
    if item.recorded_at is not None and _utc(item.recorded_at) != when:
        raise InvalidEvent(item.where, "carries its own recorded_at; record each recording time as its own batch")
    if item.recorded_by is not None and item.recorded_by != recorded_by:
        raise InvalidEvent(item.where, "carries its own recorded_by; record it in a batch of its own")
    if type(item) is Envelope:
        return Envelope(item.id, item.event, when, recorded_by)
    return evolve(item, recorded_at=when, recorded_by=recorded_by, line=None)
