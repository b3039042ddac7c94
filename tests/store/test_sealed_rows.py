"""What a keyed store's rows give away, and what a writer below the store can do with them (SECURITY.md,
"What is and is not protected"), on every backend: in memory where the case needs no SQL, an SQLite
file, and PostgreSQL at 127.0.0.1:5432 (a schema of its own per case).

- The stored type name of every event row is one constant; the real one is sealed inside the row, so
  the database alone does not show that a young person was remanded or applied as homeless.
- A row is bound to its table, stream, version and stored type name (AES-GCM associated data): moved
  into another person's stream, swapped, or overwritten with another row, it is refused with a typed
  error naming the person, never read as theirs. A kept timeline is reused only for the exact rows it
  was computed from (a digest of their bytes), so ``assess --all`` and ``assess --person`` agree.
- Sealed rows are padded: an event row's size tells neither its type nor the value of a closed list.
- Ids the store gives are keyed (with a key) or random (without), never derived from content alone.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent
from psycopg import sql

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.events import EVENT_TYPES
from leavingcare.events.codec import content_id
from leavingcare.events.codes import ARRANGEMENTS
from leavingcare.store import KEY_VARIABLE, STORE_VARIABLE, HistoryStore, Schema, Upcaster, new_key, open_store
from leavingcare.store.errors import RowOutOfPlace, UnknownPerson
from leavingcare.store.schema import SEALED

KEY = new_key()
CASEWORKER = "caseworker-jd"
T1 = dt.datetime(2022, 6, 1, 9, 0, tzinfo=dt.UTC)
LA, AREA, OTHER_AREA = "E10000017", "E07000123", "E07000117"
Opener = Callable[..., HistoryStore]


def remanded_and_homeless(born: str = "2004-03-15") -> list[ev.Envelope]:
    """Born, in care, remanded, then homeless in a bed and breakfast: every row a type a reader of the
    database must not learn."""
    lines = [
        {"id": "b", "type": "Born", "on": born},
        {"id": "c", "type": "CareStarted", "on": "2019-06-01", "authority": LA, "legal_status": "V2",
         "placement": "U4", "area": AREA},
        {"id": "e", "type": "CareEnded", "on": "2022-03-15", "reason": "E5"},
        {"id": "r", "type": "CustodyStarted", "on": "2022-03-20", "remand": True},
        {"id": "f", "type": "CustodyEnded", "on": "2022-04-20"},
        {"id": "m", "type": "Moved", "on": "2022-04-21", "area": OTHER_AREA, "arrangement": "bed_and_breakfast"},
        {"id": "h", "type": "HomelessnessApplication", "on": "2022-05-01", "application": "A1",
         "authority": OTHER_AREA, "appears_homeless": True},
    ]  # fmt: skip
    return list(lc.History.from_jsonl([json.dumps(line) for line in lines]).envelopes)


@pytest.fixture(autouse=True)
def no_store_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(STORE_VARIABLE, raising=False)


class SealedRowsContract:
    """Subclasses give ``url`` and, where the backend has SQL, ``database_bytes`` and ``overwrite``."""

    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def open_at(self, url: str) -> Iterator[Opener]:
        opened: list[HistoryStore] = []

        def opener(**options: Any) -> HistoryStore:
            opened.append(open_store(url, **options))
            return opened[-1]

        yield opener
        for store in opened:
            store.close()

    # 6. type names -------------------------------------------------------------------------------
    def test_a_sealed_row_of_an_old_type_name_is_upcast(self, open_at: Opener) -> None:
        """Upcasting keeps working: the old type name is sealed inside the row and read through the
        schema's upcaster."""
        renamed = Upcaster("EpisodeEnded/1", "CareEnded/1", lambda body: {"on": body["on"], "reason": body["rec"]})
        store = open_at(key=KEY, schema=Schema([renamed]))
        store.record("p-1", remanded_and_homeless()[:2], recorded_by=CASEWORKER, recorded_at=T1)
        payload = {
            "id": "old",
            "recorded_at": T1.isoformat(),
            "recorded_by": "old",
            "event": {"on": "2022-03-15", "rec": "E5"},
        }
        app, stream = store._app, store._streams.of("p-1")  # type: ignore[attr-defined]
        row = app.records.row(stream, 4, "EpisodeEnded/1", payload)
        assert row.topic == SEALED
        app.recorder.insert_events([row])
        assert store.history("p-1").events[-1] == ev.CareEnded(on=dt.date(2022, 3, 15), reason="E5")

    # 7. rows bound to their place ----------------------------------------------------------------
    def test_a_custody_row_copied_into_another_persons_stream_is_refused_naming_them(self, open_at: Opener) -> None:
        """A ``CustodyStarted`` row of p-1 copied into p-2's stream is not read as p-2's: reading p-2
        raises ``RowOutOfPlace`` naming p-2, a bulk read reports p-2 and goes on, and p-1 is unharmed."""
        store = open_at(key=KEY)
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        store.record("p-2", remanded_and_homeless("2005-01-01")[:3], recorded_by=CASEWORKER, recorded_at=T1)
        recorder, streams = store._app.recorder, store._streams  # type: ignore[attr-defined]
        custody = recorder.select_events(streams.of("p-1"))[4]
        assert store.history("p-1").events[3] == ev.CustodyStarted(on=dt.date(2022, 3, 20), remand=True)
        recorder.insert_events([StoredEvent(streams.of("p-2"), 5, custody.topic, custody.state)])
        with pytest.raises(RowOutOfPlace, match=r"^person p-2, stream .* version 5: does not open where it is stored"):
            store.history("p-2")
        read = dict(store.each_history())
        assert isinstance(read["p-2"], RowOutOfPlace) and "person p-2" in str(read["p-2"])
        assert isinstance(read["p-1"], lc.History) and len(read["p-1"]) == 7
        timelines = {person: timeline for person, timeline, _ in store.each_timeline()}
        assert isinstance(timelines["p-2"], RowOutOfPlace) and isinstance(timelines["p-1"], lc.Timeline)

    def test_the_same_row_at_its_own_place_is_read(self, open_at: Opener) -> None:
        """The boundary: a row written again at the place it was sealed for reads as it did."""
        store = open_at(key=KEY)
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        recorder, stream = store._app.recorder, store._streams.of("p-1")  # type: ignore[attr-defined]
        before = store.history("p-1").envelopes
        rows = recorder.select_events(stream)
        store.close()
        fresh = open_at(key=KEY)
        assert [r.state for r in fresh._app.recorder.select_events(stream)] == [r.state for r in rows]  # type: ignore[attr-defined]
        assert fresh.history("p-1").envelopes == before

    def test_a_kept_timeline_moved_to_another_person_is_not_read(self, open_at: Opener) -> None:
        """A snapshot row of p-2 copied into p-1's snapshots does not open there: p-1's timeline is
        computed again, never p-2's given."""
        store = open_at(key=KEY)
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        store.record("p-2", remanded_and_homeless("2005-01-01"), recorded_by=CASEWORKER, recorded_at=T1)
        expected = dict(store.timelines())
        snapshots, streams = store._app.snapshot_recorder, store._streams  # type: ignore[attr-defined]
        theirs = snapshots.select_events(streams.of("p-2"))[-1]
        snapshots.insert_events([StoredEvent(streams.of("p-1"), 2, theirs.topic, theirs.state)])
        assert store.timeline("p-1") == expected["p-1"] != expected["p-2"]

    # 8. sizes ------------------------------------------------------------------------------------
    def test_moved_rows_of_every_arrangement_have_one_size(self, open_at: Opener) -> None:
        """With ids of one length, a ``Moved`` row is as long whatever the arrangement (without padding,
        8 of the 12 had a size of their own: bed and breakfast was 216 bytes), and as long as a row of
        any other type with no identifier among its fields."""
        store = open_at(key=KEY)
        sizes: dict[str, int] = {}
        for n, arrangement in enumerate(sorted(ARRANGEMENTS)):
            born = ev.Envelope(f"b{n:02}", ev.Born(on=dt.date(2004, 3, 15)))
            moved = ev.Envelope(f"m{n:02}", ev.Moved(on=dt.date(2022, 4, 1), area=OTHER_AREA, arrangement=arrangement))
            store.record(f"p-{n:02}", [born, moved], recorded_by=CASEWORKER, recorded_at=T1)
            rows = store._app.recorder.select_events(store._streams.of(f"p-{n:02}"))  # type: ignore[attr-defined]
            sizes[arrangement] = len(rows[2].state)
            sizes[f"Born of {arrangement}"] = len(rows[1].state)
        assert len(ARRANGEMENTS) == 12 and len(set(sizes.values())) == 1, sizes
        other = [
            ev.CustodyStarted(on=dt.date(2022, 3, 20), remand=True),
            ev.EducationStarted(on=dt.date(2022, 9, 1), level="higher", full_time=True, in_pathway_plan=True,
                                term_time_accommodation=False),
        ]  # fmt: skip
        for n, event in enumerate(other):
            store.record("p-00", [ev.Envelope(f"x{n:02}", event)], recorded_by=CASEWORKER, recorded_at=T1)
        rows = store._app.recorder.select_events(store._streams.of("p-00"))  # type: ignore[attr-defined]
        assert {len(row.state) for row in rows[1:]} == set(sizes.values())

    def test_without_a_key_sizes_tell_the_arrangement(self, open_at: Opener) -> None:
        """The boundary: an unkeyed row is its plain JSON, as long as its values."""
        store = open_at()
        for name, arrangement in (("p-a", "parent"), ("p-b", "bed_and_breakfast")):
            moved = ev.Envelope("m1", ev.Moved(on=dt.date(2022, 4, 1), area=OTHER_AREA, arrangement=arrangement))
            store.record(name, [ev.Envelope("b1", ev.Born(on=dt.date(2004, 3, 15))), moved], recorded_by=CASEWORKER)
        lengths = [len(store._app.recorder.select_events(store._streams.of(p))[2].state) for p in ("p-a", "p-b")]  # type: ignore[attr-defined]
        assert lengths[1] - lengths[0] == len("bed_and_breakfast") - len("parent")

    # 9. ids the store gives ----------------------------------------------------------------------
    def test_keyed_ids_are_a_keyed_hash_never_the_content_id(self, open_at: Opener) -> None:
        """With a key, an event without an id gets ``k-`` and a keyed hash of the person and the event:
        the same for the same event of the same person under the same key, another for another person,
        and never the content id (which trying every date reverses)."""
        store = open_at(key=KEY)
        born = ev.Born(on=dt.date(2004, 3, 15))
        for person in ("p-1", "p-2"):
            store.record(person, [born], recorded_by=CASEWORKER)
        ids = [store.history(person).envelopes[0].id for person in ("p-1", "p-2")]
        assert all(ident.startswith("k-") and len(ident) == 18 for ident in ids)
        assert ids[0] != ids[1] and content_id(born) not in ids
        assert ids[0] == store.event_ids.keyed_id("p-1", born, 1)

    def test_an_import_run_again_adds_nothing_whatever_the_ids_given(self, open_at: Opener, tmp_path: Path) -> None:
        """Lines without ids are recorded under the store's ids (random without a key); the same file
        imported again is matched line by line on content and adds nothing, and a later file adds
        only what is new."""
        from leavingcare.store.bulk import import_people

        for key in (None, KEY):
            store = open_at(key=key) if key is None else open_store("memory://", key=key)
            lines = [ev.Envelope("", e.event) for e in remanded_and_homeless()]
            first = import_people(store, [("p-1", lines[:5])], recorded_by=CASEWORKER)
            again = import_people(store, [("p-1", lines[:5])], recorded_by=CASEWORKER)
            later = import_people(store, [("p-1", lines)], recorded_by=CASEWORKER)
            assert (first.added, again.added, again.already, later.added, later.already) == (5, 0, 5, 2, 5)
            assert store.history("p-1").events == tuple(e.event for e in lines)
            store.close()


class DatabaseContract(SealedRowsContract):
    """What a store in a database adds: its bytes can be read, and its rows overwritten, below the
    store. Subclasses give ``database_bytes`` and ``overwrite``."""

    def database_bytes(self, url: str) -> bytes:
        """Everything the database holds of the store's rows, as a reader of its files would see it."""
        raise NotImplementedError

    def overwrite(self, url: str, stream: uuid.UUID, version: int, state: bytes) -> None:
        """Overwrite one event row's stored bytes in place, below the store."""
        raise NotImplementedError

    # 6. type names -------------------------------------------------------------------------------
    def test_an_encrypted_stores_rows_hold_no_type_name(self, open_at: Opener, url: str) -> None:
        """SECURITY.md: with a key, no event type name is stored, in the events or the kept timelines;
        every event row is stored as ``Sealed/1``. Without a key, the type names are there to read."""
        store = open_at(key=KEY)
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        assert dict(store.timelines())["p-1"].findings
        rows = store._app.recorder.select_notifications(None, 100)  # type: ignore[attr-defined]
        assert {row.topic for row in rows} == {"Person/1", SEALED}
        stored = self.database_bytes(url)
        assert [name for name in EVENT_TYPES if name.encode() in stored] == []
        assert store.history("p-1").events == tuple(e.event for e in remanded_and_homeless())

    def test_without_a_key_the_type_names_are_in_clear(self, open_at: Opener, url: str) -> None:
        """The boundary: an unkeyed store hides nothing, its type names included (SECURITY.md)."""
        store = open_at()
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        stored = self.database_bytes(url)
        assert b"CustodyStarted/1" in stored and b"HomelessnessApplication/1" in stored

    # 7. rows bound to their place ----------------------------------------------------------------
    def test_swapped_rows_are_refused(self, open_at: Opener, url: str) -> None:
        """Two rows of one person swapped in place (the custody start and end): refused, not read in
        each other's place."""
        store = open_at(key=KEY)
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        stream = store._streams.of("p-1")  # type: ignore[attr-defined]
        rows = store._app.recorder.select_events(stream)  # type: ignore[attr-defined]
        self.overwrite(url, stream, 5, rows[5].state)
        self.overwrite(url, stream, 6, rows[4].state)
        with pytest.raises(RowOutOfPlace, match=r"person p-1, stream .* version 5"):
            store.history("p-1")

    def test_a_born_row_overwritten_with_another_persons_is_refused_by_every_command(
        self, open_at: Opener, url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """p-1's ``Born`` row overwritten in place with p-2's: it would give p-1 p-2's date of birth.
        Keyed, it is refused alike by ``assess --person`` and ``assess --all`` (which had kept p-1's
        timeline from before)."""
        store = open_at(key=KEY)
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        store.record("p-2", remanded_and_homeless("2005-01-01"), recorded_by=CASEWORKER, recorded_at=T1)
        assert len(list(store.timelines())) == 2  # both kept
        streams = store._streams  # type: ignore[attr-defined]
        born_of_p2 = store._app.recorder.select_events(streams.of("p-2"))[1]  # type: ignore[attr-defined]
        self.overwrite(url, streams.of("p-1"), 2, born_of_p2.state)
        monkeypatch.setenv(KEY_VARIABLE, KEY)
        assert main(["assess", "--person", "p-1", "--on", "2024-01-01", "--store", url]) == 2
        _, err = capsys.readouterr()
        assert "person p-1, stream" in err and "does not open where it is stored" in err
        assert main(["assess", "--all", "--on", "2024-01-01", "--store", url]) == 1
        out, _ = capsys.readouterr()
        records = {record["person"]: record for record in map(json.loads, out.splitlines())}
        assert records["p-1"]["error"]["type"] == "RowOutOfPlace" and "findings" in records["p-2"]

    def test_without_a_key_an_overwritten_row_is_read_but_the_kept_timeline_is_not_stale(
        self, open_at: Opener, url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Unkeyed, an overwritten row cannot be told from a recorded one (SECURITY.md); but the kept
        timeline is keyed on a digest of the rows, so ``assess --all`` computes it again and agrees
        with ``assess --person`` (keyed on the last version and row count, it used to give the
        timeline of the date of birth as recorded)."""
        store = open_at()
        store.record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        store.record("p-2", remanded_and_homeless("2003-01-01"), recorded_by=CASEWORKER, recorded_at=T1)
        assert len(list(store.timelines())) == 2
        streams = store._streams  # type: ignore[attr-defined]
        born_of_p2 = store._app.recorder.select_events(streams.of("p-2"))[1]  # type: ignore[attr-defined]
        self.overwrite(url, streams.of("p-1"), 2, born_of_p2.state)
        argv = ["--on", "2024-03-20", "--store", url]
        assert main(["assess", "--person", "p-1", "--format", "json", *argv]) == 0
        alone = json.loads(capsys.readouterr()[0])
        assert main(["assess", "--all", *argv]) == 0
        everyone = {record.pop("person"): record for record in map(json.loads, capsys.readouterr()[0].splitlines())}
        for answer in (alone, everyone["p-1"]):  # when each answer was made is all that may differ
            answer["receipt"].pop("made_at")
        assert everyone["p-1"] == alone
        assert store.timeline("p-1") == lc.timeline(store.history("p-1")) == store.timeline("p-2")

    # 11. the wrong key ---------------------------------------------------------------------------
    def test_the_wrong_key_is_said_rather_than_no_events_recorded(self, open_at: Opener, url: str) -> None:
        """With the wrong key (or none), a person's stream is not found under the ids that key derives:
        the store says the key is wrong, not that nothing is recorded. With the right key, a person
        never recorded is ``UnknownPerson``."""
        open_at(key=KEY).record("p-1", remanded_and_homeless(), recorded_by=CASEWORKER, recorded_at=T1)
        for key in (new_key(), None):
            with pytest.raises(lc.StoreUnavailable, match="cannot be read"):
                open_at(key=key).history("p-1")
            with pytest.raises(lc.StoreUnavailable, match="cannot be read"):
                open_at(key=key).timeline("p-1")
        with pytest.raises(UnknownPerson):
            open_at(key=KEY).history("p-9")


class TestMemory(SealedRowsContract):
    @pytest.fixture
    def url(self) -> str:
        return "memory://"

    @pytest.fixture
    def open_at(self) -> Iterator[Opener]:  # type: ignore[override]
        """Memory is private to its handle: each case works in one."""
        held: dict[str, HistoryStore] = {}

        def opener(**options: Any) -> HistoryStore:
            key = options.get("key")
            if key not in held or "schema" in options:
                held[key] = open_store("memory://", **options)
            return held[key]

        yield opener
        for store in held.values():
            store.close()


class TestSQLite(DatabaseContract):
    @pytest.fixture
    def url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'store.sqlite'}"

    def database_bytes(self, url: str) -> bytes:
        folder = Path(url.removeprefix("sqlite:///")).parent
        return b"".join(path.read_bytes() for path in sorted(folder.iterdir()) if path.name.startswith("store."))

    def overwrite(self, url: str, stream: uuid.UUID, version: int, state: bytes) -> None:
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            db.execute(
                "UPDATE stored_events SET state = ? WHERE originator_id = ? AND originator_version = ?",
                (state, stream.hex, version),
            )


@pytest.mark.postgres
class TestPostgres(DatabaseContract):
    @pytest.fixture
    def url(self, postgres_server: str) -> Iterator[str]:
        schema = f"lc_sealed_{uuid.uuid4().hex[:12]}"
        yield f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

    def _schema(self, url: str) -> sql.Identifier:
        return sql.Identifier(url.rsplit("schema=", 1)[1])

    def database_bytes(self, url: str) -> bytes:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test") as conn:
            rows = []
            for table in ("leavingcare_events", "leavingcare_snapshots"):
                query = sql.SQL("SELECT topic, state FROM {}.{}").format(self._schema(url), sql.Identifier(table))
                rows += conn.execute(query).fetchall()
        return b"".join(topic.encode() + bytes(state) for topic, state in rows)

    def overwrite(self, url: str, stream: uuid.UUID, version: int, state: bytes) -> None:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as conn:
            query = sql.SQL(
                "UPDATE {}.leavingcare_events SET state = %s WHERE originator_id = %s AND originator_version = %s"
            ).format(self._schema(url))
            conn.execute(query, [state, stream, version])
