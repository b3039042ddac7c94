"""The store contract (DESIGN section 7), one abstract class run against every backend: in memory,
an SQLite file, and PostgreSQL at 127.0.0.1:5432.

PostgreSQL cases skip when the server cannot be reached, unless LEAVINGCARE_REQUIRE_POSTGRES=1, when
they fail. Each PostgreSQL case works in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from pathlib import Path
from typing import Any

import psycopg
import pytest
from attrs import evolve
from eventsourcing.persistence import PersistenceError, StoredEvent
from hypothesis import HealthCheck, given
from psycopg import sql

import leavingcare as lc
from caseload import count_evaluations
from leavingcare import events as ev
from leavingcare import kept
from leavingcare.errors import ConcurrencyError, InvalidEvent, InvalidHistory, StoreUnavailable
from leavingcare.events.codec import content_id
from leavingcare.store import (
    KEY_VARIABLE,
    HistoryStore,
    Schema,
    UnknownPerson,
    Upcaster,
    new_key,
    open_store,
    recording,
)
from leavingcare.store.bulk import import_people
from leavingcare.store.recording import Recording, plan
from leavingcare.testing import histories, property_settings
from recorded_ids import in_file_ids, same_lines

Date = dt.date
Opener = Callable[..., HistoryStore]

KEY = new_key()
PERSON = "person-0042"
CASEWORKER = "caseworker-jd"
AUTHORITY, AREA = "E10000017", "E07000123"
T1 = dt.datetime(2019, 6, 3, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2022, 3, 16, 10, 0, tzinfo=dt.UTC)
T3 = dt.datetime(2022, 4, 1, 8, 0, tzinfo=dt.UTC)

PROPERTY_CHECKS_OFF = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.function_scoped_fixture,  # one store per test; each example records a new person in it
    HealthCheck.differing_executors,  # the same property, run once per backend
]


def born() -> ev.Born:
    return ev.Born(on=Date(2004, 3, 15))


def care_started() -> ev.CareStarted:
    return ev.CareStarted(on=Date(2019, 6, 1), authority=AUTHORITY, legal_status="V2", placement="U4", area=AREA)


LEFT_CARE = Date(2022, 3, 15)


def care_ended(on: Date = LEFT_CARE) -> ev.CareEnded:
    return ev.CareEnded(on=on, reason="E5")


def start_of_care() -> list[ev.Event]:
    return [born(), care_started()]


# A history recorded over three years, with a correction: the JSONL interchange form of it.
LATE_RECORDED: list[dict[str, Any]] = [
    {"id": "born", "type": "Born", "on": "2004-03-15", "recorded_at": "2019-06-03T09:00:00Z"},
    {
        "id": "care-start",
        "type": "CareStarted",
        "on": "2019-06-01",
        "authority": AUTHORITY,
        "legal_status": "V2",
        "placement": "U4",
        "area": AREA,
        "recorded_at": "2019-06-03T09:00:00Z",
    },
    {"id": "assessed", "type": "NeedsAssessed", "on": "2020-05-20", "recorded_at": "2020-05-21T14:30:00+01:00"},
    {
        "id": "ended-wrongly",
        "type": "CareEnded",
        "on": "2021-03-15",
        "reason": "E5",
        "recorded_at": "2022-03-16T10:00Z",
    },
    {
        "id": "moved",
        "type": "Moved",
        "on": "2022-03-15",
        "area": AREA,
        "arrangement": "supported",
        "recorded_at": "2022-03-16T10:00:00Z",
    },
    {
        "id": "correction",
        "type": "Retracted",
        "on": "2022-04-01",
        "target": "ended-wrongly",
        "recorded_at": "2022-04-01T08:00Z",
    },
    {"id": "ended", "type": "CareEnded", "on": "2022-03-15", "reason": "E5", "recorded_at": "2022-04-01T08:00:00Z"},
    {"id": "asked", "type": "SupportRequested", "on": "2025-04-01", "recorded_at": "2025-04-02T10:00:00Z"},
]


def _identified(events: list[ev.Event]) -> tuple[ev.Envelope, ...]:
    return tuple(ev.Envelope(content_id(e), e) for e in events)


def record_in_batches(store: HistoryStore, person: str, history: lc.History) -> None:
    """Record a history the way it was learned: one batch per recording time, in time order."""
    stamped = sorted(history.envelopes, key=lambda e: e.recorded_at or T1)
    for when, batch in groupby(stamped, key=lambda e: e.recorded_at or T1):
        store.record(person, list(batch), recorded_by="importer", recorded_at=when)


class StoreContract:
    """What every backend of the store must do. Subclasses provide ``url`` (and, where a store
    cannot be opened twice on the same data, ``second_handle``)."""

    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def open_at(self, url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Opener]:
        monkeypatch.delenv(KEY_VARIABLE, raising=False)
        opened: list[HistoryStore] = []

        def opener(**options: Any) -> HistoryStore:
            store = open_store(url, **options)
            opened.append(store)
            return store

        yield opener
        for store in opened:
            store.close()

    @pytest.fixture
    def store(self, open_at: Opener) -> HistoryStore:
        return open_at()

    @pytest.fixture
    def open_at_memory(self) -> Iterator[Callable[[], HistoryStore]]:
        """A store of another backend to compare with: in memory."""
        opened: list[HistoryStore] = []

        def opener() -> HistoryStore:
            opened.append(open_store("memory://"))
            return opened[-1]

        yield opener
        for store in opened:
            store.close()

    @pytest.fixture
    def second_handle(self, open_at: Opener, store: HistoryStore) -> HistoryStore:
        """Another writer on the same data."""
        return open_at()

    # recording and reading ------------------------------------------------------------------------
    def test_recorded_events_read_back_with_ids_and_stamps(self, store: HistoryStore) -> None:
        version = store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        history = store.history(PERSON)
        assert version == 2
        assert history.events == tuple(start_of_care())
        ids = [e.id for e in history]  # without a key, random (SECURITY.md), never derived from the content
        assert all(ident.startswith("r-") for ident in ids) and len(set(ids)) == 2
        assert not set(ids) & {content_id(e) for e in start_of_care()}
        assert {(e.recorded_at, e.recorded_by) for e in history} == {(T1, CASEWORKER)}

    def test_version_counts_the_events_recorded(self, store: HistoryStore) -> None:
        assert store.version(PERSON) == 0
        assert store.record(PERSON, start_of_care(), recorded_by=CASEWORKER) == 2
        assert store.record(PERSON, [care_ended()], recorded_by=CASEWORKER) == 3
        assert store.version(PERSON) == 3
        assert store.record(PERSON, [], recorded_by=CASEWORKER) == 3

    def test_recorded_at_defaults_to_now(self, store: HistoryStore) -> None:
        before = dt.datetime.now(dt.UTC)
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER)
        stamps = {e.recorded_at for e in store.history(PERSON)}
        assert len(stamps) == 1
        (stamp,) = stamps
        assert stamp is not None and before <= stamp <= dt.datetime.now(dt.UTC)

    def test_envelopes_keep_their_ids(self, store: HistoryStore) -> None:
        envelopes = [ev.Envelope(f"mine-{n}", event) for n, event in enumerate(start_of_care())]
        store.record(PERSON, envelopes, recorded_by=CASEWORKER)
        assert [e.id for e in store.history(PERSON)] == ["mine-0", "mine-1"]

    def test_unknown_person_has_no_history(self, store: HistoryStore) -> None:
        with pytest.raises(UnknownPerson, match="person nobody: no events recorded"):
            store.history("nobody")

    # all or nothing -------------------------------------------------------------------------------
    def test_a_batch_with_one_bad_event_stores_nothing(self, store: HistoryStore) -> None:
        """DESIGN section 5: nothing from a rejected batch is stored."""
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        bad_batch = [
            ev.NeedsAssessed(on=Date(2020, 5, 20)),
            ev.Born(on=Date(2004, 3, 16)),
            care_ended(),
        ]
        with pytest.raises(InvalidHistory, match="second Born"):
            store.record(PERSON, bad_batch, recorded_by=CASEWORKER, recorded_at=T2)
        assert store.version(PERSON) == 2
        assert store.history(PERSON).events == tuple(start_of_care())

    def test_a_first_batch_that_is_rejected_leaves_no_person(self, store: HistoryStore) -> None:
        with pytest.raises(InvalidHistory):
            store.record(PERSON, [care_started(), care_ended()], recorded_by=CASEWORKER)
        assert store.version(PERSON) == 0
        assert list(store.people()) == []

    def test_a_retraction_of_an_unknown_event_stores_nothing(self, store: HistoryStore) -> None:
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        batch = [care_ended(), ev.Retracted(on=Date(2022, 4, 1), target="no-such-event")]
        with pytest.raises(InvalidHistory, match="not in the history"):
            store.record(PERSON, batch, recorded_by=CASEWORKER, recorded_at=T2)
        assert store.version(PERSON) == 2

    def test_an_id_already_recorded_is_rejected(self, store: HistoryStore) -> None:
        store.record(PERSON, [ev.Envelope("same", born()), care_started()], recorded_by=CASEWORKER)
        with pytest.raises(InvalidHistory, match="repeats the id"):
            store.record(PERSON, [ev.Envelope("same", care_ended())], recorded_by=CASEWORKER)
        assert store.version(PERSON) == 2

    def test_rejections_name_ids_never_values(self, store: HistoryStore) -> None:
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        with pytest.raises(InvalidHistory) as caught:
            store.record(PERSON, [care_started()], recorded_by=CASEWORKER, recorded_at=T2)
        message = str(caught.value)
        assert store.history(PERSON).envelopes[1].id in message
        for value in (AUTHORITY, AREA, "2019-06-01", "V2", CASEWORKER):
            assert value not in message

    # concurrency ----------------------------------------------------------------------------------
    def test_a_stale_expected_version_is_a_concurrency_error(self, store: HistoryStore) -> None:
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, expected_version=0)
        with pytest.raises(ConcurrencyError, match="expected version 0 but 2"):
            store.record(PERSON, [care_ended()], recorded_by=CASEWORKER, expected_version=0)
        assert store.record(PERSON, [care_ended()], recorded_by=CASEWORKER, expected_version=2) == 3

    def test_two_writers_one_retries_and_nothing_is_lost(
        self, store: HistoryStore, second_handle: HistoryStore
    ) -> None:
        store.record(PERSON, start_of_care(), recorded_by="writer-a", recorded_at=T1)
        seen_by_a, seen_by_b = store.version(PERSON), second_handle.version(PERSON)
        assessed = ev.NeedsAssessed(on=Date(2020, 5, 20))
        store.record(PERSON, [assessed], recorded_by="writer-a", expected_version=seen_by_a)
        with pytest.raises(ConcurrencyError):
            second_handle.record(PERSON, [care_ended()], recorded_by="writer-b", expected_version=seen_by_b)
        retried = second_handle.version(PERSON)
        assert second_handle.record(PERSON, [care_ended()], recorded_by="writer-b", expected_version=retried) == 4
        for handle in (store, second_handle):
            history = handle.history(PERSON)
            assert history.events == (*start_of_care(), assessed, care_ended())
            assert [e.recorded_by for e in history][-2:] == ["writer-a", "writer-b"]

    def test_a_writer_that_loses_the_race_to_append_gets_a_concurrency_error(
        self, store: HistoryStore, second_handle: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without ``expected_version``: the other writer appends between this one's read and write."""
        store.record(PERSON, start_of_care(), recorded_by="writer-a", recorded_at=T1)
        assessed = ev.NeedsAssessed(on=Date(2020, 5, 20))
        read = second_handle._read
        raced: list[bool] = []

        def read_then_lose_the_race(stream: uuid.UUID, person: str) -> list[ev.Envelope]:
            envelopes: list[ev.Envelope] = read(stream, person)
            if not raced:
                raced.append(True)
                store.record(person, [assessed], recorded_by="writer-a")
            return envelopes

        monkeypatch.setattr(second_handle, "_read", read_then_lose_the_race)
        with pytest.raises(ConcurrencyError, match="another writer recorded events first"):
            second_handle.record(PERSON, [care_ended()], recorded_by="writer-b")
        assert second_handle.record(PERSON, [care_ended()], recorded_by="writer-b") == 4
        assert store.history(PERSON).events == (*start_of_care(), assessed, care_ended())

    def test_concurrent_writers_that_retry_lose_nothing(self, store: HistoryStore, second_handle: HistoryStore) -> None:
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        days = [Date(2019, 7, 1) + dt.timedelta(days=n) for n in range(8)]
        start = threading.Barrier(len(days))

        def write(n: int) -> int:
            handle = store if n % 2 else second_handle
            start.wait()
            for attempt in range(100):
                try:
                    handle.record(PERSON, [ev.NeedsAssessed(on=days[n])], recorded_by=f"writer-{n}")
                    return attempt
                except ConcurrencyError:
                    continue
            raise AssertionError(f"writer {n} never got its turn")

        with ThreadPoolExecutor(len(days)) as pool:
            list(pool.map(write, range(len(days))))
        history = store.history(PERSON)
        assert len(history) == 2 + len(days)
        assert sorted(e.on for e in history.events[2:]) == days

    # what was known when --------------------------------------------------------------------------
    def test_known_at_leaves_out_what_was_recorded_later(self, store: HistoryStore) -> None:
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        store.record(PERSON, [care_ended()], recorded_by=CASEWORKER, recorded_at=T2)
        assert store.history(PERSON, known_at=T2 - dt.timedelta(seconds=1)).events == tuple(start_of_care())
        assert store.history(PERSON, known_at=T2).events == (*start_of_care(), care_ended())
        with pytest.raises(UnknownPerson, match="by then"):
            store.history(PERSON, known_at=T1 - dt.timedelta(seconds=1))

    def test_a_batch_cannot_be_recorded_before_what_is_already_recorded(self, store: HistoryStore) -> None:
        """A past known_at view never changes: recorded_at only moves forward."""
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T2)
        with pytest.raises(InvalidHistory, match="earlier than events already recorded"):
            store.record(PERSON, [care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
        with pytest.raises(InvalidEvent, match="time zone"):
            store.record(PERSON, [care_ended()], recorded_by=CASEWORKER, recorded_at=dt.datetime(2030, 1, 1))

    def test_a_correction_is_a_retraction_never_a_delete(self, store: HistoryStore) -> None:
        """A retraction naming the wrong event by its content name retracts it, and is recorded naming
        the id the store gave it."""
        wrong = care_ended(Date(2021, 3, 15))
        store.record(PERSON, [*start_of_care(), wrong], recorded_by=CASEWORKER, recorded_at=T1)
        wrong_id = store.history(PERSON).envelopes[-1].id
        retraction = ev.Retracted(on=Date(2022, 4, 1), target=content_id(wrong))
        store.record(PERSON, [retraction, care_ended()], recorded_by=CASEWORKER, recorded_at=T3)
        corrected = store.history(PERSON)
        assert corrected.events == (*start_of_care(), wrong, evolve(retraction, target=wrong_id), care_ended())
        kept = [corrected.envelopes[n] for n in (0, 1, 4)]
        without = lc.History.of([*start_of_care(), care_ended()])
        assert in_file_ids(lc.timeline(corrected), kept, without.envelopes) == lc.timeline(without)
        assert store.history(PERSON, known_at=T2).events == (*start_of_care(), wrong)

    def test_assess_known_at_from_the_store_equals_the_file(self, store: HistoryStore, tmp_path: Path) -> None:
        """What the store says was known at T is what the JSONL file says was known at T."""
        path = tmp_path / "late_recorded.jsonl"
        path.write_text("".join(json.dumps(line) + "\n" for line in LATE_RECORDED), encoding="utf-8")
        from_file = lc.History.from_jsonl(path)
        record_in_batches(store, PERSON, from_file)
        recorded = sorted({e.recorded_at for e in from_file if e.recorded_at is not None})
        moments = [t + dt.timedelta(seconds=s) for t in recorded for s in (-1, 0)][1:]
        moments.append(T3 + dt.timedelta(days=9999))
        days = [Date(2021, 6, 1), Date(2022, 3, 20), Date(2022, 6, 1), Date(2025, 6, 1), Date(2026, 3, 15)]
        from_store = store.history(PERSON)
        for known_at in moments:
            as_known = store.history(PERSON, known_at=known_at)
            for day in days:
                expected = lc.assess(from_file, on=day, known_at=known_at)
                assert lc.assess(from_store, on=day, known_at=known_at) == expected, (known_at, day)
                replayed = lc.assess(as_known, on=day)
                assert (replayed.findings, replayed.concerns) == (expected.findings, expected.concerns)
        assert lc.assess(from_file, on=Date(2025, 6, 1), known_at=moments[-1]).owes("personal_adviser")

    @given(drawn=histories())
    @property_settings(max_examples=15, suppress_health_check=PROPERTY_CHECKS_OFF)
    def test_a_recorded_history_gives_the_same_timeline(self, store: HistoryStore, drawn: lc.History) -> None:
        """Any valid history, written by record and read back, has the timeline of the history in memory."""
        person = f"drawn-{uuid.uuid4()}"
        envelopes = [evolve(e, recorded_at=None, recorded_by=None) for e in drawn.envelopes]
        store.record(person, envelopes, recorded_by=CASEWORKER)
        read_back = store.history(person)
        assert same_lines(read_back.envelopes, drawn.envelopes)
        assert read_back.events == drawn.events
        assert in_file_ids(lc.timeline(read_back), read_back.envelopes, drawn.envelopes) == lc.timeline(drawn)

    # the whole store ------------------------------------------------------------------------------
    def test_people_and_histories_stream_one_person_at_a_time(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("leavingcare.store.service.PAGE", 2)
        people = [f"person-{n}" for n in range(5)]
        for n, person in enumerate(people):
            store.record(person, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1 + dt.timedelta(days=n))
        store.record(people[0], [care_ended()], recorded_by=CASEWORKER, recorded_at=T2)
        assert list(store.people()) == people
        streamed = store.histories()
        assert not isinstance(streamed, list | tuple)
        first, history = next(streamed)
        assert (first, len(history)) == ("person-0", 3)
        assert [(p, len(h)) for p, h in streamed] == [(p, 2) for p in people[1:]]
        assert [p for p, _ in store.histories(known_at=T1 + dt.timedelta(days=1))] == people[:2]

    @pytest.mark.parametrize("rows", [20_000, 5], ids=["a-page-a-query", "pages-in-parts"])
    @pytest.mark.parametrize("key", [None, KEY], ids=["plain", "encrypted"])
    def test_histories_over_several_pages_equal_each_persons_history(
        self, open_at: Opener, monkeypatch: pytest.MonkeyPatch, key: str | None, rows: int
    ) -> None:
        """The whole-store read (a page of streams a query, where the backend allows; in parts when
        they hold many rows) gives what ``history`` gives person by person, at every ``known_at``,
        in the order first recorded."""
        monkeypatch.setattr("leavingcare.store.service.PAGE", 3)
        monkeypatch.setattr("leavingcare.store.service.ROWS_PER_QUERY", rows)
        store = open_at(key=key)
        people = [f"person-{n}" for n in range(8)]
        for n, person in enumerate(people):
            store.record(person, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1 + dt.timedelta(days=n))
        for person in people[::2]:
            store.record(person, [care_ended()], recorded_by="caseworker-b", recorded_at=T2 + dt.timedelta(hours=1))
        store.record(people[3], [ev.NeedsAssessed(on=Date(2020, 5, 20))], recorded_by=CASEWORKER, recorded_at=T3)
        moments = [None, T1 - dt.timedelta(seconds=1), T1 + dt.timedelta(days=4), T2, T2 + dt.timedelta(days=1)]
        for known_at in moments:
            streamed = [
                (p, [(e.id, e.event, e.recorded_at, e.recorded_by) for e in h]) for p, h in store.histories(known_at)
            ]
            expected = []
            for person in people:
                try:
                    history = store.history(person, known_at)
                except UnknownPerson:
                    continue
                expected.append((person, [(e.id, e.event, e.recorded_at, e.recorded_by) for e in history]))
            assert streamed == expected, known_at
        assert [p for p, _ in store.histories(T1 + dt.timedelta(days=4))] == people[:5]
        assert [len(h) for _, h in store.histories()] == [3, 2, 3, 3, 3, 2, 3, 2]

    def test_histories_report_a_bad_row_at_its_person(self, open_at: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
        """A row that cannot be read is the same typed error as reading the person alone, raised
        when that person's turn comes: the people before them are streamed first."""
        monkeypatch.setattr("leavingcare.store.service.PAGE", 10)
        store = open_at(key=KEY)
        for person in ("first", PERSON, "last"):
            store.record(person, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        write_old_row(store, PERSON, version=4, topic="EpisodeEnded/1", body={"on": "2022-03-15", "rec": "E5"})
        with pytest.raises(InvalidEvent) as alone:
            store.history(PERSON)
        streamed = store.histories()
        assert next(streamed)[0] == "first"
        with pytest.raises(InvalidEvent) as caught:
            next(streamed)
        assert str(caught.value) == str(alone.value)
        assert "stored type 'EpisodeEnded/1' is neither current" in str(caught.value)

    # many people at once ---------------------------------------------------------------------------
    def test_write_appends_every_plan_in_one_transaction_as_recording_each_would(
        self, open_at: Opener, open_at_memory: Callable[[], HistoryStore]
    ) -> None:
        """``write`` takes plans made by the recording service (new people, and a person with events
        already) and appends them together, exactly as recording each person in turn does."""
        store, each = open_at(), open_at_memory()
        for handle in (store, each):
            handle.record("old", start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        late = ev.Envelope("late", care_ended(), T2, "caseworker-b")
        people: dict[str, list[ev.Envelope]] = {
            "new-1": [*(ev.Envelope("", e, T1) for e in start_of_care()), late],
            "new-2": [ev.Envelope("", born())],
            "old": [ev.Envelope("", care_ended(), T3)],
        }
        how = Recording("importer")
        plans = [plan(person, lines, store.recorded(person), how) for person, lines in people.items()]
        assert [(p.version, p.after) for p in plans] == [(0, 3), (0, 1), (2, 3)]
        store.write(plans)
        for person, lines in people.items():
            recording.record(each, person, lines, how)
        assert list(store.people()) == ["old", "new-1", "new-2"]
        for person in people:
            got = [(given(e.id), e.event, e.recorded_by) for e in store.history(person)]
            assert got == [(given(e.id), e.event, e.recorded_by) for e in each.history(person)]
        assert [e.recorded_at for e in store.history("new-1")] == [T1, T1, T2]
        assert store.history("new-1", known_at=T1).events == tuple(start_of_care())

    def test_write_records_nobody_when_one_stream_has_moved_on(self, store: HistoryStore) -> None:
        """A plan made for a new person who is recorded by the time it is written (or for a stream that
        has grown since) fails the whole transaction: nobody is recorded."""
        how = Recording("importer")
        plans = [plan(person, start_of_care(), (), how) for person in ("new-1", "old", "new-2")]
        store.record("old", start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        with pytest.raises(ConcurrencyError, match="people new-1 to new-2"):
            store.write(plans)
        assert list(store.people()) == ["old"]
        assert store.version("new-1") == 0 and store.version("old") == 2
        grown = plan("old", [care_ended()], store.recorded("old"), how)
        store.record("old", [ev.NeedsAssessed(on=Date(2020, 5, 20))], recorded_by=CASEWORKER)
        with pytest.raises(ConcurrencyError):
            store.write([grown])
        assert store.version("old") == 3

    def test_write_refuses_a_person_named_twice(self, store: HistoryStore) -> None:
        good = plan("good", start_of_care(), (), Recording("importer"))
        with pytest.raises(ValueError, match="named twice"):
            store.write([good, good])
        assert list(store.people()) == []
        store.write([good])
        assert store.version("good") == 2

    def test_a_bulk_import_records_the_rest_of_a_group_when_one_person_conflicts(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A group holding someone the store has already (here with an event id it holds for other
        content) is recorded one person at a time: the others are recorded, in order, the clash reported."""
        monkeypatch.setattr("leavingcare.store.bulk.GROUP_PEOPLE", 3)
        store.record("clash", [ev.Envelope("e1", born())], recorded_by=CASEWORKER, recorded_at=T1)
        people: list[tuple[str, Any]] = [
            (f"p{n}", lc.History([ev.Envelope("", born(), T1), ev.Envelope("", care_started(), T2)])) for n in range(7)
        ]
        people.insert(4, ("clash", [ev.Envelope("e1", ev.Born(on=Date(2005, 1, 1)))]))
        people.insert(2, ("no-birth", [ev.Envelope("c1", care_ended())]))
        summary = import_people(store, people, recorded_by="importer")
        assert (summary.people, summary.added) == (9, 14)
        assert {f.person for f in summary.failures} == {"clash", "no-birth"}
        assert list(store.people()) == ["clash", *(f"p{n}" for n in range(7))]
        for n in range(7):
            history = store.history(f"p{n}")
            assert [(e.recorded_at, e.recorded_by) for e in history] == [(T1, "importer"), (T2, "importer")]
            assert store.history(f"p{n}", known_at=T1).events == (born(),)
        again = import_people(store, people, recorded_by="importer")
        assert (again.added, again.already, len(again.failures)) == (0, 14, 2)

    # encryption -----------------------------------------------------------------------------------
    def test_an_encrypted_store_reads_back_what_it_wrote(self, open_at: Opener) -> None:
        store = open_at(key=KEY)
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        assert store.history(PERSON).events == tuple(start_of_care())
        assert list(store.people()) == [PERSON]

    def test_the_key_can_come_from_the_environment(self, open_at: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(KEY_VARIABLE, KEY)
        store = open_at()
        assert "encrypted" in repr(store)
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER)
        assert store.history(PERSON).events == tuple(start_of_care())

    # old rows -------------------------------------------------------------------------------------
    def test_a_renamed_event_class_still_reads_old_rows(self, open_at: Opener) -> None:
        """Rows written when CareEnded was called EpisodeEnded, with its reason in a field ``rec``,
        read as CareEnded through the upcaster table; no module path is stored to go stale."""
        renamed = Upcaster("EpisodeEnded/1", "CareEnded/1", lambda body: {"on": body["on"], "reason": body["rec"]})
        store = open_at(key=KEY, schema=Schema([renamed]))
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        write_old_row(store, PERSON, version=4, topic="EpisodeEnded/1", body={"on": "2022-03-15", "rec": "E5"})
        history = store.history(PERSON)
        assert history.events == (*start_of_care(), care_ended())
        assert history.envelopes[-1].id == "old-row"
        assert lc.timeline(history) == lc.timeline(
            lc.History.of([*history.envelopes[:2], ev.Envelope("old-row", care_ended())])
        )

    # computed timelines ---------------------------------------------------------------------------
    def test_timelines_are_computed_once_then_read_back_equal(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Cold (computed and kept), warm (read back) and ``lc.timeline`` agree for every person, and the
        warm pass computes nothing."""
        monkeypatch.setattr("leavingcare.store.service.PAGE", 3)
        record_people(store)
        calls = count_evaluations(monkeypatch)
        expected = [(person, lc.timeline(history)) for person, history in store.histories()]
        assert len(expected) == len(EXAMPLES) + 2 and calls == []
        assert list(store.timelines()) == expected
        assert len(calls) == len(expected)
        warm = store.timelines()
        assert not isinstance(warm, list | tuple)
        assert list(warm) == expected
        assert len(calls) == len(expected)
        for person, timeline in expected:
            assert store.timeline(person) == timeline
        with_births = list(store.timelines_with_births())
        assert [(p, t) for p, t, _ in with_births] == expected
        assert [born for _, _, born in with_births] == [h.facts.born for _, h in store.histories()]
        assert len(calls) == len(expected)
        with pytest.raises(UnknownPerson):
            store.timeline("nobody")

    def test_a_person_row_copied_into_another_stream_names_nobody(self, store: HistoryStore) -> None:
        """Rows copied below the store (the cipher does not bind a row to its stream): a stream holding
        P's person row and Q's events is not read as P's."""
        store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
        store.record("other", start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        recorder = store._app.recorder
        named, *_ = recorder.select_events(store._streams.of(PERSON))
        forged = uuid.uuid4()
        copied = [
            StoredEvent(forged, row.originator_version, row.topic, row.state)
            for row in recorder.select_events(store._streams.of("other"))[1:]
        ]
        recorder.insert_events([StoredEvent(forged, named.originator_version, named.topic, named.state), *copied])
        read = list(store.histories())
        assert [person for person, _ in read] == [PERSON, "other"]
        assert read[0][1].envelopes == store.history(PERSON).envelopes
        assert [person for person, _ in store.timelines()] == [PERSON, "other"]

    def test_a_store_that_cannot_keep_timelines_still_answers(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A reader who may not write (a read-only role or file) gets every timeline, computed each time."""
        record_people(store)
        expected = [(person, lc.timeline(history)) for person, history in store.histories()]
        refused: list[int] = []

        def read_only(*args: Any, **kwargs: Any) -> None:
            refused.append(1)
            raise PersistenceError("attempt to write a readonly database")

        monkeypatch.setattr(store._app.snapshot_recorder, "insert_events", read_only)
        calls = count_evaluations(monkeypatch)
        assert list(store.timelines()) == expected
        assert list(store.timelines()) == expected
        assert len(calls) == 2 * len(expected) and len(refused) == 2  # tried on each pass, refused each time

    def test_one_persons_timeline_is_kept_and_read_back(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
        calls = count_evaluations(monkeypatch)
        expected = lc.timeline(store.history(PERSON))
        assert store.timeline(PERSON) == expected and len(calls) == 1
        assert list(store.timelines()) == [(PERSON, expected)] and len(calls) == 1
        assert store.timeline(PERSON) == expected and len(calls) == 1

    def test_an_appended_event_makes_the_kept_timeline_stale(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        store.record("other", start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        calls = count_evaluations(monkeypatch)
        before = dict(store.timelines())
        store.record(PERSON, [care_ended()], recorded_by=CASEWORKER, recorded_at=T2)
        after = dict(store.timelines())
        assert after[PERSON] == lc.timeline(store.history(PERSON)) != before[PERSON]
        assert after["other"] == before["other"]
        assert len(calls) == 3  # both people, then only the one whose stream changed
        assert store.timeline(PERSON) == after[PERSON] and len(calls) == 3

    def test_another_law_is_never_given_the_default_laws_timeline(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
        history = store.history(PERSON)
        other = lc.default_law().with_commencement("CA1989.sch2.para19B", Date(2021, 1, 1))
        assert lc.timeline(history, law=other) != lc.timeline(history)
        calls = count_evaluations(monkeypatch)
        assert dict(store.timelines()) == {PERSON: lc.timeline(history)}
        assert dict(store.timelines(law=other)) == {PERSON: lc.timeline(history, law=other)}
        assert store.timeline(PERSON, law=other) == lc.timeline(history, law=other)
        assert len(calls) == 2  # the other law's timeline was computed, then read back
        same_again = lc.default_law().with_commencement("CA1989.sch2.para19B", Date(2021, 1, 1))
        assert store.timeline(PERSON, law=same_again) == lc.timeline(history, law=other)
        assert len(calls) == 2  # an equal law table has the same digest
        assert store.timeline(PERSON) == lc.timeline(history) and len(calls) == 3

    def test_known_at_is_always_computed_afresh(self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch) -> None:
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        store.record(PERSON, [care_ended()], recorded_by=CASEWORKER, recorded_at=T2)
        store.record("later", start_of_care(), recorded_by=CASEWORKER, recorded_at=T3)
        list(store.timelines())
        kept = snapshot_rows(store, PERSON)
        calls = count_evaluations(monkeypatch)
        for known_at in (T1, T2 - dt.timedelta(seconds=1), T2, T3 + dt.timedelta(days=1)):
            expected = [(p, lc.timeline(h, known_at=known_at)) for p, h in store.histories(known_at)]
            before = len(calls)
            assert list(store.timelines(known_at)) == expected
            assert len(calls) - before == len(expected)
            history = store.history(PERSON, known_at=known_at)
            assert store.timeline(PERSON, known_at=known_at) == lc.timeline(history, known_at=known_at)
        assert [p for p, _ in store.timelines(T2)] == [PERSON]
        with pytest.raises(UnknownPerson, match="by then"):
            store.timeline("later", known_at=T2)
        assert snapshot_rows(store, PERSON) == kept

    def test_an_unreadable_or_foreign_snapshot_is_computed_again(
        self, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
        store.record("other", start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        expected = lc.timeline(store.history(PERSON))
        list(store.timelines())
        calls = count_evaluations(monkeypatch)
        good = snapshot_rows(store, PERSON)[-1]
        stream = good.originator_id
        payload = json.loads(good.state)
        other_stream = store._streams.of("other")
        other_payload = json.loads(snapshot_rows(store, "other")[-1].state)
        wrong = evolve(expected, findings=expected.findings[1:])
        seal = store._app.records.seal
        bad: list[tuple[str, bytes]] = [
            ("Timeline/2", b"not a snapshot"),
            ("Timeline/2", good.state[:-1] + bytes([good.state[-1] ^ 1])),
            ("Timeline/2", seal({**payload, "key": "0" * 64})),
            ("Timeline/2", seal({**payload, "digest": "0" * 64})),
            ("Timeline/2", seal({**payload, "timeline": {"findings": 7}})),
            ("Timeline/1", seal({**payload, "timeline": kept.pack(wrong)})),
            ("Timeline/2", seal({**other_payload, "stream": str(stream)[::-1]})),
            ("Timeline/2", seal(other_payload)),  # moved from another person's stream
        ]
        for n, (topic, state) in enumerate(bad):
            version = snapshot_rows(store, PERSON)[-1].originator_version + 1
            store._app.snapshot_recorder.insert_events([StoredEvent(stream, version, topic, state)])
            assert store.timeline(PERSON) == expected, n
            assert len(calls) == n + 1, n
            assert store.timeline(PERSON) == expected and len(calls) == n + 1, n  # the recomputed one is kept
        assert other_stream != stream

    def test_a_snapshot_another_handle_kept_first_is_left_alone(
        self, store: HistoryStore, second_handle: HistoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        record_people(store)
        expected = [(person, lc.timeline(history)) for person, history in store.histories()]
        keep = store._keep
        raced: list[bool] = []

        def the_other_keeps_first(pending: list[Any]) -> None:
            if not raced:
                raced.append(True)
                list(second_handle.timelines())
            keep(pending)

        monkeypatch.setattr(store, "_keep", the_other_keeps_first)
        assert list(store.timelines()) == expected
        assert raced and list(store.timelines()) == expected
        assert [len(snapshot_rows(store, person)) for person, _ in expected] == [1] * len(expected)

    def test_an_encrypted_store_keeps_timelines_too(self, open_at: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
        store = open_at(key=KEY)
        record_people(store)
        calls = count_evaluations(monkeypatch)
        expected = [(person, lc.timeline(history)) for person, history in store.histories()]
        assert list(store.timelines()) == expected and len(calls) == len(expected)
        assert list(store.timelines()) == expected and len(calls) == len(expected)

    def test_a_store_with_its_own_upcasters_computes_every_time(
        self, open_at: Opener, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Another schema's upcasters are code the key cannot see: nothing is kept or read back."""
        renamed = Upcaster("EpisodeEnded/1", "CareEnded/1", lambda body: {"on": body["on"], "reason": body["rec"]})
        store = open_at(schema=Schema([renamed]))
        store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
        calls = count_evaluations(monkeypatch)
        expected = lc.timeline(store.history(PERSON))
        assert dict(store.timelines()) == {PERSON: expected}
        assert store.timeline(PERSON) == expected
        assert len(calls) == 2 and snapshot_rows(store, PERSON) == []


EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").glob("*.jsonl"))


def record_people(store: HistoryStore) -> None:
    """The examples (each named by its file, recorded now) and two people of the tests' own."""
    for path in EXAMPLES:
        history = lc.History.from_jsonl(path)
        envelopes = [evolve(e, recorded_at=None, recorded_by=None) for e in history.envelopes]
        store.record(path.stem, envelopes, recorded_by=CASEWORKER)
    store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
    wrong = care_ended(Date(2021, 3, 15))
    store.record("corrected", [*start_of_care(), wrong], recorded_by=CASEWORKER, recorded_at=T1)
    retraction = ev.Retracted(on=Date(2022, 4, 1), target=content_id(wrong))
    store.record("corrected", [retraction, care_ended()], recorded_by=CASEWORKER, recorded_at=T3)


def snapshot_rows(store: HistoryStore, person: str) -> list[StoredEvent]:
    rows: list[StoredEvent] = store._app.snapshot_recorder.select_events(store._streams.of(person))
    return rows


def write_old_row(store: HistoryStore, person: str, *, version: int, topic: str, body: dict[str, Any]) -> None:
    """Put a row in the database under an event type name of an older release, below the store's
    mapper (sealed at its place, as this release seals every row, when the store is keyed)."""
    app = store._app
    stream = store._streams.of(person)
    payload = {"id": "old-row", "recorded_at": T2.isoformat(), "recorded_by": "old-release", "event": body}
    app.recorder.insert_events([app.records.row(stream, version, topic, payload)])


def given(ident: str) -> str:
    """An id as the caller gave it, or the kind of id the store gave (its own, random or keyed)."""
    return ident[:2] if ident.startswith(("r-", "k-")) else ident


class TestMemoryStore(StoreContract):
    @pytest.fixture
    def url(self) -> str:
        return "memory://"

    @pytest.fixture
    def second_handle(self, open_at: Opener, store: HistoryStore) -> HistoryStore:
        """Memory is private to its handle, so the second writer shares it."""
        return store


class PersistentStoreContract(StoreContract):
    """What a store that outlives its handle adds: reopening, and keys that must match."""

    def test_what_is_recorded_survives_reopening(self, open_at: Opener) -> None:
        with open_at() as store:
            store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        reopened = open_at()
        assert reopened.history(PERSON).events == tuple(start_of_care())
        assert list(reopened.people()) == [PERSON]

    def test_an_encrypted_store_cannot_be_read_without_its_key(self, open_at: Opener) -> None:
        with open_at(key=KEY) as store:
            store.record(PERSON, start_of_care(), recorded_by=CASEWORKER)
        for key in (None, new_key()):
            with pytest.raises(StoreUnavailable, match="cannot be read") as caught:
                list(open_at(key=key).people())
            assert PERSON not in str(caught.value)
        assert open_at(key=KEY).history(PERSON).events == tuple(start_of_care())

    def test_old_rows_need_their_upcaster(self, open_at: Opener) -> None:
        with open_at() as store:
            store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
            write_old_row(store, PERSON, version=4, topic="EpisodeEnded/1", body={"on": "2022-03-15", "rec": "E5"})
        with pytest.raises(InvalidEvent, match=r"version 4: stored type 'EpisodeEnded/1' is neither current"):
            open_at().history(PERSON)


class TestSQLiteStore(PersistentStoreContract):
    @pytest.fixture
    def url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'leavingcare.sqlite'}"

    def test_the_encrypted_file_holds_no_plaintext(self, tmp_path: Path) -> None:
        """With a key, no code, date, person id or recorder can be read in the database files."""
        secrets = [
            AUTHORITY.encode(),
            AREA.encode(),
            b"2019-06-01",
            b"2004-03-15",
            PERSON.encode(),
            CASEWORKER.encode(),
        ]
        for key, folder in ((None, "plain"), (KEY, "encrypted")):
            (tmp_path / folder).mkdir()
            path = tmp_path / folder / "leavingcare.sqlite"
            with open_store(f"sqlite:///{path}", key=key) as store:
                store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
            stored = b"".join(p.read_bytes() for p in path.parent.iterdir())
            found = [s for s in secrets if s in stored]
            assert found == (secrets if key is None else []), folder
            assert (b"CareStarted/1" in stored) == (key is None), folder  # with a key, the type is sealed

    def test_kept_timelines_hold_no_plaintext_in_an_encrypted_file(self, tmp_path: Path) -> None:
        """Snapshots are sealed like the events: with a key, no finding, provision, date or authority of
        a kept timeline can be read in the database files."""
        secrets = [b"personal_adviser", b"s23C", b"legislation.gov.uk", AUTHORITY.encode(), b"2004-03-15"]
        for key, folder in ((None, "plain"), (KEY, "encrypted")):
            (tmp_path / folder).mkdir()
            path = tmp_path / folder / "leavingcare.sqlite"
            with open_store(f"sqlite:///{path}", key=key) as store:
                store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
                (_, timeline), *_ = store.timelines()
                assert timeline.of_kind("personal_adviser")
                assert len(snapshot_rows(store, PERSON)) == 1
            stored = b"".join(p.read_bytes() for p in path.parent.iterdir())
            found = [s for s in secrets if s in stored]
            assert found == (secrets if key is None else []), folder
            assert b"Timeline/2" in stored

    def test_a_file_that_cannot_be_opened_is_store_unavailable(self, tmp_path: Path) -> None:
        with pytest.raises(StoreUnavailable, match="cannot be opened"):
            open_store(f"sqlite:///{tmp_path / 'missing' / 'folder' / 'leavingcare.sqlite'}")


@pytest.mark.postgres
class TestPostgresStore(PersistentStoreContract):
    @pytest.fixture
    def url(self, postgres_server: str) -> Iterator[str]:
        schema = f"lc_test_{uuid.uuid4().hex[:12]}"
        yield f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

    def test_encrypted_rows_hold_no_plaintext(self, open_at: Opener, url: str, postgres_server: str) -> None:
        store = open_at(key=KEY)
        store.record(PERSON, start_of_care(), recorded_by=CASEWORKER, recorded_at=T1)
        schema = url.rsplit("schema=", 1)[1]
        with psycopg.connect(postgres_server) as conn:
            rows = conn.execute(
                sql.SQL("SELECT originator_id::text, topic, encode(state, 'escape') FROM {}.leavingcare_events").format(
                    sql.Identifier(schema)
                )
            ).fetchall()
        stored = " ".join(" ".join(row) for row in rows)
        assert len(rows) == 3
        for secret in (AUTHORITY, AREA, "2019-06-01", PERSON, CASEWORKER):
            assert secret not in stored

    def test_kept_timelines_hold_no_plaintext(self, open_at: Opener, url: str, postgres_server: str) -> None:
        store = open_at(key=KEY)
        store.record(PERSON, [*start_of_care(), care_ended()], recorded_by=CASEWORKER, recorded_at=T1)
        assert dict(store.timelines())[PERSON].of_kind("personal_adviser")
        schema = url.rsplit("schema=", 1)[1]
        with psycopg.connect(postgres_server) as conn:
            rows = conn.execute(
                sql.SQL("SELECT topic, encode(state, 'escape') FROM {}.leavingcare_snapshots").format(
                    sql.Identifier(schema)
                )
            ).fetchall()
        assert [topic for topic, _ in rows] == ["Timeline/2"]
        for secret in ("personal_adviser", "s23C", "legislation.gov.uk", AUTHORITY, "2004-03-15"):
            assert secret not in rows[0][1]
