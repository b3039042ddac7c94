"""The store: record a person's events after validating their whole history (``recording`` plans
them, ``Store.write`` appends them), replay a person's history as known at a date, and stream every
person's history and timeline."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Self, TypeVar
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from leavingcare.duties.findings import Assessment, Timeline
from leavingcare.errors import ConcurrencyError, InvalidEvent, InvalidHistory, LeavingCareError, StoreUnavailable
from leavingcare.events.base import Event
from leavingcare.events.codec import Envelope
from leavingcare.history import History
from leavingcare.kept import Entry, cache_key, compute
from leavingcare.law import Law, default_law
from leavingcare.store import recording, tables
from leavingcare.store.application import open_application
from leavingcare.store.cache import Held, assessment_of, built, timeline_of
from leavingcare.store.config import NEW_KEY_VARIABLE, Location, key_bytes
from leavingcare.store.errors import UnknownPerson, internal_error, named
from leavingcare.store.ids import EventIds
from leavingcare.store.mapper import stored_row
from leavingcare.store.port import Plan, Rekeyed
from leavingcare.store.recording import Again, Recording, check_id
from leavingcare.store.records import FIRST_EVENT, Computed, Registered, StreamIds
from leavingcare.store.rekey import rekey
from leavingcare.store.schema import REGISTRATION, Schema
from leavingcare.store.translation import using

_T = TypeVar("_T")

PAGE = 200
"""People read per query when streaming the whole store."""
ROWS_PER_QUERY = 20_000
"""About how many event rows ``histories`` reads a query: a page of people with long histories is read
in parts, so that memory stays bounded by this rather than by the page's longest histories."""
FIRST_GUESS = 400
"""Rows a person assumed before the first query (so that it reads at most 50 people)."""


class Store:
    """A ``HistoryStore`` on eventsourcing: memory, SQLite or PostgreSQL, encrypted when keyed."""

    def __init__(
        self, location: Location, *, key: str | None = None, schema: Schema | None = None, create: bool = True
    ) -> None:
        self.location = location
        self.encrypted = key is not None
        secret = key_bytes(key) if key is not None else None
        self._streams = StreamIds(secret)
        self.event_ids = EventIds(secret)
        """Gives new events the store's ids: keyed with a key, random without (``leavingcare.store.ids``)."""
        self._app = open_application(location, schema or Schema(), secret, create)
        self._key_checked = False
        self._key_proven = False
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
        known_from_the_start: bool = False,
    ) -> int:
        """Append ``events`` to the person's stream, all or nothing, in the order given; returns the new
        version (the number of events recorded for the person).

        The whole resulting history is validated first (``InvalidEvent``, ``InvalidHistory``). An
        event is stamped with ``recorded_by`` and with ``recorded_at`` (default: now; never in the
        future, never earlier than what is already recorded, so a past ``known_at`` view never
        changes), or, with ``known_from_the_start``, as known before any ``known_at``. An envelope
        keeps its id, and its own ``recorded_at`` and ``recorded_by`` when it carries them; an event
        without an id (or with a name derived from its content) gets the store's: a keyed hash with a key,
        random without (``leavingcare.store.ids``); an id already recorded is refused.
        ``expected_version`` (the version read before deciding to write) guards against another
        writer having appended since: a stale one raises ``ConcurrencyError``, as does a writer that
        loses a race to append. See ``leavingcare.store.recording``.
        """
        how = Recording(recorded_by, known_from_the_start, recorded_at, Again.REFUSE)
        return recording.record(self, person, events, how, expected_version=expected_version).after

    def write(self, plans: Sequence[Plan]) -> None:
        """Append each plan's envelopes to its person's stream after the version it was planned at, all
        in one transaction (a person new to the store gets their person row too). ``ConcurrencyError``,
        writing nothing, when a stream is not at that version any more; ``InvalidEvent`` naming the
        event, writing nothing, when one cannot be stored."""
        mapper = self._app.records
        rows: list[StoredEvent] = []
        seen: set[str] = set()
        new = False
        for planned in plans:
            if not planned.envelopes:
                continue
            check_id(planned.person, "person")
            if planned.person in seen:
                raise ValueError(f"person {planned.person} is named twice in one transaction")
            seen.add(planned.person)
            stream = self._streams.of(planned.person)
            if planned.version == 0:
                new = True
                rows.append(stored_row(mapper, stream, FIRST_EVENT - 1, planned.person, f"person {planned.person}"))
            first = FIRST_EVENT + planned.version
            rows += [stored_row(mapper, stream, first + n, e, e.where) for n, e in enumerate(planned.envelopes)]
        if not rows:
            return
        if new:
            self._check_key()
        named = [planned.person for planned in plans if planned.envelopes]
        try:
            with using(self.location.shown, named[0]):
                self._insert(rows)
        except ConcurrencyError:
            if len(named) == 1:
                raise
            raise ConcurrencyError(
                f"people {named[0]} to {named[-1]}: another writer recorded events for one of them first; "
                "record them one at a time"
            ) from None

    # reading ------------------------------------------------------------------------------------
    def version(self, person: str) -> int:
        person = check_id(person, "person")
        with using(self.location.shown, person):
            last = self._app.recorder.select_events(self._streams.of(person), desc=True, limit=1)
        return max(0, last[0].originator_version - FIRST_EVENT + 1) if last else 0

    def history(self, person: str, known_at: dt.datetime | None = None) -> History:
        """The person's history with the events recorded by ``known_at`` (None: all);
        ``UnknownPerson`` when nothing was recorded for them by then, ``StoreUnavailable`` when the
        store holds people but the key cannot read them (the wrong key, or none)."""
        person = check_id(person, "person")
        try:
            envelopes = self._read(self._streams.of(person), person)
            if not envelopes:
                self._check_key()
                raise UnknownPerson(person)
            if known_at is not None:
                cutoff = _utc(known_at)
                envelopes = [e for e in envelopes if e.recorded_at is None or e.recorded_at <= cutoff]
                if not envelopes:
                    raise UnknownPerson(person, by_then=True)
            return History(envelopes)
        except (InvalidEvent, InvalidHistory) as exc:
            raise named(person, exc) from None

    def recorded(self, person: str) -> list[Envelope]:
        """The person's envelopes in stream order, as recorded, not validated ([] for nobody)."""
        person = check_id(person, "person")
        return self._read(self._streams.of(person), person)

    def people(self) -> Iterator[str]:
        """Every person id, in the order first recorded, read a page at a time."""
        for page in self._pages():
            for registered in page:
                yield registered.person

    def histories(self, known_at: dt.datetime | None = None) -> Iterator[tuple[str, History]]:
        """Each person with their history as known at ``known_at``, one person at a time.

        On SQLite and PostgreSQL the streams of a page of people are read in one query (in several
        when their histories are long: about ``ROWS_PER_QUERY`` rows a query); each person's rows are
        decoded when their turn comes, so errors surface at that person, as when reading one stream
        at a time."""
        for person, history in self.each_history(known_at):
            if isinstance(history, LeavingCareError):
                raise history
            yield person, history

    def each_history(self, known_at: dt.datetime | None = None) -> Iterator[tuple[str, History | LeavingCareError]]:
        """``histories``, with the error (``InvalidEvent``, ``InvalidHistory``) in place of the history
        of a person whose rows cannot be read or whose history as known then does not hold together,
        and on to the next person. ``StoreUnavailable`` stops it: every later person would fail too."""
        cutoff = _utc(known_at) if known_at is not None else None
        for page in self._pages():
            if self._scan is None:
                for registered in page:
                    person = registered.person  # as recorded: a stream a release before NFC wrote is read too
                    found = _known(person, partial(self._read, registered.originator_id, person), cutoff)
                    if found is not None:
                        yield person, found
                continue
            people = {registered.originator_id: registered.person for registered in page}
            for rows in self._parts(list(people)):
                for stream, stored in rows.items():
                    person = people[stream]
                    found = _known(person, partial(self._decoded, stream, person, stored), cutoff)
                    if found is not None:
                        yield person, found

    def _decoded(self, stream: UUID, person: str, rows: list[tables.Row]) -> list[Envelope]:
        with using(self.location.shown, person):
            return self._app.records.envelopes(stream, rows)

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
        """The person rows of the store, a page at a time, in the order first recorded. With a key, a
        person row that does not open where it lies is nobody's (a row moved there), once some row has
        opened under the key; when none of a page opens, the key is wrong."""
        after: int | None = None
        while True:
            with using(self.location.shown):
                page = self._app.recorder.select_notifications(
                    after, PAGE, topics=[REGISTRATION], inclusive_of_start=False
                )
                records = [self._app.records.person(row) for row in page]
            if page and not self._key_proven:
                if all(record is None for record in records):
                    raise StoreUnavailable(
                        f"stream {page[0].originator_id} version 1: cannot be read (the key is wrong)"
                    )
                self._key_proven = True
            # A person row counts only in the stream derived from its person id: one copied into another
            # stream (which, without a key, opens anywhere) must not lend that stream a name.
            yield [
                record
                for record in records
                if record is not None and record.originator_id == self._streams.of(record.person)
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

    def _event_rows(self, streams: Sequence[UUID]) -> tables.StreamRows:
        """The event rows of ``streams`` (in one query where the backend allows)."""
        with using(self.location.shown):
            if self._scan is not None:
                return self._scan(streams)
            return {stream: tables.event_rows(self._app.recorder, stream) for stream in streams}

    def rekey(self, to: str, *, key: str | None = None) -> Rekeyed:
        """Copy every stream into a new store at ``to`` under ``key`` (else ``LEAVINGCARE_NEW_KEY``),
        check that every person reads back the same history and timeline through the new key, and only
        then put the copy at ``to`` (``leavingcare.store.rekey``). This store is not written."""
        return rekey(self, to, key or os.environ.get(NEW_KEY_VARIABLE), lambda at, new: Store(at, key=new))

    def _read(self, stream: UUID, person: str) -> list[Envelope]:
        with using(self.location.shown, person):
            rows = tables.event_rows(self._app.recorder, stream)
        return self._app.records.envelopes(stream, rows)

    # computed timelines -------------------------------------------------------------------------
    def timelines(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None
    ) -> Iterator[tuple[str, Timeline]]:
        """Each person, in store order, with what ``lc.timeline(history, known_at=known_at, law=law)``
        gives for the histories ``histories(known_at)`` yields. With everything recorded (``known_at``
        None), a timeline computed before from exactly the stream now recorded, under the same library,
        source, law and authorities table, is read back instead of computed; any other is computed and
        kept for next time. An auditor's ``known_at`` view is always computed afresh."""
        for person, timeline, _ in self.timelines_with_births(known_at, law=law):
            yield person, timeline

    def timelines_with_births(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None
    ) -> Iterator[tuple[str, Timeline, dt.date | None]]:
        """``timelines``, each with the person's date of birth (kept with the timeline it was computed with)."""
        for person, timeline, born in self.each_timeline(known_at, law=law):
            if isinstance(timeline, LeavingCareError):
                raise timeline
            yield person, timeline, born

    def each_timeline(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None
    ) -> Iterator[tuple[str, Timeline | LeavingCareError, dt.date | None]]:
        """``timelines_with_births``, with the error in place of the timeline of a person who cannot be
        assessed (rows that cannot be read, a history that does not hold together), and on to the
        next person. ``StoreUnavailable`` stops it: every later person would fail too."""
        used = law or default_law()
        if known_at is not None or not self._caching:
            for person, history in self.each_history(known_at):
                if isinstance(history, LeavingCareError):
                    yield person, history, None
                    continue
                try:
                    timeline = compute(history, known_at, used)
                except StoreUnavailable:
                    raise
                except LeavingCareError as exc:
                    yield person, exc, None
                    continue
                except Exception as exc:  # a defect for this person: the others are still answered
                    yield person, internal_error(person, exc), None
                    continue
                yield person, timeline, history.facts.born
            return
        yield from self._each_held(used, timeline_of)

    def each_assessment(
        self, on: dt.date, *, law: Law | None = None
    ) -> Iterator[tuple[str, Assessment | LeavingCareError, dt.date | None]]:
        """``each_timeline()``, each timeline taken on ``on``: from a timeline kept before, only what holds
        on ``on`` is built (``leavingcare.kept.Entry.at``)."""
        if not self._caching:
            for person, timeline, born in self.each_timeline(law=law):
                yield person, timeline if isinstance(timeline, LeavingCareError) else timeline.at(on), born
            return
        yield from self._each_held(law or default_law(), partial(assessment_of, on=on))

    def _each_held(
        self, used: Law, build: Callable[[Held], _T]
    ) -> Iterator[tuple[str, _T | LeavingCareError, dt.date | None]]:
        """Each person with what ``build`` makes of their timeline kept under the store's key (or computed
        now and kept), and their date of birth; or their error."""
        key = cache_key(used)
        for page in self._pages():
            streams = [registered.originator_id for registered in page]
            digests, latest = self._stream_digests(streams), self._latest_snapshots(streams)
            held = {stream: self._held(key, digests.get(stream), latest.get(stream)) for stream in streams}
            missing = [stream for stream in streams if held[stream] is None and stream in digests]
            parts = self._parts(missing) if self._scan is not None else None
            rows: tables.StreamRows = {}
            pending: list[Computed] = []
            for registered in page:
                stream, person = registered.originator_id, registered.person
                entry = held[stream]
                made = built(build, entry) if entry is not None else None
                if entry is not None and made is not None:
                    yield person, made, entry.born
                    continue
                found: Computed | LeavingCareError | None = None
                listed = entry is None and stream in digests  # in ``missing``: its rows come with the parts
                if parts is not None and listed and stream not in rows:
                    rows = next(parts)  # the part holding this stream: parts follow the page's order
                read = rows if parts is not None and listed else None
                try:
                    found = self._computed(stream, person, key, used, latest.get(stream), read, pending)
                except StoreUnavailable:
                    raise
                except (InvalidEvent, InvalidHistory) as exc:
                    found = named(person, exc)
                except LeavingCareError as exc:
                    found = exc
                except Exception as exc:  # a defect for this person: the others are still answered
                    found = internal_error(person, exc)
                if isinstance(found, LeavingCareError):
                    yield person, found, None
                elif found is not None:
                    yield person, build(found), found.born
            self._keep(pending)

    def timeline(self, person: str, known_at: dt.datetime | None = None, *, law: Law | None = None) -> Timeline:
        """What ``lc.timeline(store.history(person, known_at), known_at=known_at, law=law)`` gives, read
        back when computed before as in ``timelines``; ``UnknownPerson`` when nothing was recorded."""
        person = check_id(person, "person")
        used = law or default_law()
        if known_at is not None or not self._caching:
            return compute(self.history(person, known_at), known_at, used)
        stream, key = self._streams.of(person), cache_key(used)
        digests, latest = self._stream_digests([stream]), self._latest_snapshots([stream])
        entry = self._held(key, digests.get(stream), latest.get(stream))
        made = built(timeline_of, entry) if entry is not None else None
        if made is not None:
            return made
        pending: list[Computed] = []
        found = self._computed(stream, person, key, used, latest.get(stream), None, pending)
        self._keep(pending)
        if found is None:
            self._check_key()
            raise UnknownPerson(person)
        return timeline_of(found)

    def _stream_digests(self, streams: Sequence[UUID]) -> dict[UUID, str]:
        with using(self.location.shown):
            return tables.stream_digests(self._app.recorder, self.location.kind, streams)

    def _latest_snapshots(self, streams: Sequence[UUID]) -> dict[UUID, StoredEvent]:
        with using(self.location.shown):
            return tables.latest_snapshots(self._app.snapshot_recorder, self.location.kind, streams)

    def _held(self, key: str, digest: str | None, snapshot: StoredEvent | None) -> Entry | None:
        """The timeline kept in ``snapshot`` when it was computed, under ``key``, from the event rows
        whose digest is ``digest`` (the stream's now)."""
        if snapshot is None or digest is None:
            return None
        try:
            held = self._app.records.to_entry(snapshot)
        except Exception:  # a snapshot that cannot be read is computed again
            return None
        return held if held.key == key and held.digest == digest else None

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
        """The person's timeline computed from their stream's event rows as read now (from ``rows`` when
        given), with the digest of those rows, added to ``pending`` to be kept. None when no event is
        recorded."""
        with using(self.location.shown, person):
            found = rows.get(stream, []) if rows is not None else tables.event_rows(self._app.recorder, stream)
            envelopes = self._app.records.envelopes(stream, found)
        if not envelopes:
            return None
        history = History(envelopes)
        number = snapshot.originator_version + 1 if snapshot is not None else 1
        digest = tables.rows_digest(found)
        computed = Computed(stream, number, digest, key, history.facts.born, compute(history, None, law))
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


def _utc(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _known(
    person: str, read: Callable[[], list[Envelope]], cutoff: dt.datetime | None
) -> History | LeavingCareError | None:
    """The person's history from the envelopes ``read`` gives, as known at ``cutoff`` (None when nothing
    was known then), or the typed error naming them; ``StoreUnavailable`` is raised."""
    try:
        envelopes = [e for e in read() if cutoff is None or e.recorded_at is None or e.recorded_at <= cutoff]
        return History(envelopes) if envelopes else None
    except StoreUnavailable:
        raise
    except (InvalidEvent, InvalidHistory) as exc:
        return named(person, exc)
    except LeavingCareError as exc:
        return exc
