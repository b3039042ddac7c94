"""Store faults (DESIGN sections 5 and 7): an import killed part-way, writers racing for one stream.

- A bulk import (``leavingcare.store.bulk.import_people``) killed with SIGKILL at a random moment leaves
  every person recorded whole (their lines, in file order) or not at all, people recorded in file
  order, and running the import again completes it with every event recorded once.
- Eight processes appending to the same people at once, each retrying on ``ConcurrencyError``, lose
  nothing and duplicate nothing, on SQLite and on PostgreSQL.
- The import's own rules: what it skips, what it appends, and which people it reports and passes over.
- Several processes opening one PostgreSQL store at once (a known defect: expected to fail now and then).

Quick by default; ``LEAVINGCARE_SOAK=1`` (``make soak``) runs ten times as many kills and appends and
adds the counts to ``.soak/counts.jsonl``. PostgreSQL cases skip when the server cannot be reached,
unless ``LEAVINGCARE_REQUIRE_POSTGRES=1``, when they fail.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg
import pytest
from faults_worker import BORN as BIRTHDAY
from faults_worker import event_id, shared_person
from psycopg import sql

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.store import KEY_VARIABLE, HistoryStore, new_key, open_store
from leavingcare.store.bulk import import_people
from leavingcare.store.recording import KNOWN_FROM_THE_START
from recorded_ids import same_lines
from soak import SCALE

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).resolve().parent / "faults_worker.py"

_counts: Counter[str] = Counter()

KILLS = 20 * SCALE
LANES = 4
PEOPLE = 40
WRITERS = 8
APPENDS = 20 * SCALE
SHARED_PEOPLE = 4
T1 = dt.datetime(2021, 6, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2022, 6, 1, 9, 0, tzinfo=dt.UTC)
BORN = ev.Born(on=BIRTHDAY)


def tally(name: str, n: int = 1) -> None:
    _counts[name] += n


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)


def _population() -> ModuleType:
    spec = importlib.util.spec_from_file_location("population", ROOT / "benchmarks" / "population.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("population", module)
    spec.loader.exec_module(module)
    return module


Lines = tuple[ev.Envelope, ...]


def write_people(path: Path, people: int, seed: int) -> dict[str, Lines]:
    """A generated multi-person file (every third person without event ids, so that content-derived
    ids are exercised too); returns each person's lines, with their ids."""
    population = _population()
    with path.open("w", encoding="utf-8") as out:
        for n, lines in enumerate(population.population(people, seed=seed)):
            for line in lines:
                if n % 3 == 2:
                    line = {k: v for k, v in line.items() if k != "id"}
                out.write(json.dumps(line) + "\n")
    return {person: history.envelopes for person, history in lc.read_people(path)}


# What the store holds after a kill --------------------------------------------------------------------


def stored_streams(url: str) -> dict[str, list[ev.Envelope]]:
    with open_store(url) as store:
        return {person: list(history.envelopes) for person, history in store.histories()}


def recorded_whole(person: str, stored: list[ev.Envelope], lines: Lines) -> bool:
    """Whether the person is recorded (their lines, whole and in order, each with its own
    ``recorded_at`` or the import's, by the importer), asserting they are that or absent."""
    if not stored:
        return False
    assert same_lines(stored, list(lines)), f"person {person}: not whole"
    for got, line in zip(stored, lines, strict=True):
        assert line.recorded_at is None or got.recorded_at == line.recorded_at, f"person {person}: {line.id} time"
    assert {e.recorded_by for e in stored} == {"bulk-import"}, f"person {person}: recorder"
    return True


def check_whole(url: str, planned: dict[str, Lines]) -> int:
    """Every person is recorded whole or not at all, and people are recorded in file order; returns
    how many people are recorded."""
    streams = stored_streams(url)
    assert set(streams) <= set(planned), "a person not in the file"
    states = [recorded_whole(person, streams.get(person, []), lines) for person, lines in planned.items()]
    complete = states.count(True)
    assert all(states[:complete]) and not any(states[complete:]), "people were imported out of file order"
    return complete


def check_complete(url: str, planned: dict[str, Lines]) -> None:
    streams = stored_streams(url)
    assert list(streams) == list(planned)
    for person, lines in planned.items():
        ids = [e.id for e in streams[person]]
        assert len(ids) == len(set(ids)), f"person {person}: an event recorded twice"
        assert same_lines(streams[person], list(lines)), f"person {person}: events lost"


def start_import(url: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), "import", url, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        _, err = process.communicate(timeout=60)
        pytest.fail(f"the import did not start: {err}")


def reap(process: subprocess.Popen[str]) -> None:
    process.wait(60)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def collect(process: subprocess.Popen[str]) -> dict[str, Any]:
    """The report of an import that was waited ready for (``communicate`` would miss what
    ``readline`` buffered)."""
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    assert process.wait(300) == 0, err
    report: dict[str, Any] = json.loads(out.splitlines()[-1])
    assert report["failures"] == []
    return report


def finish_import(url: str, path: Path) -> dict[str, Any]:
    process = start_import(url, path)
    wait_ready(process)
    return collect(process)


class Lane:
    """One store that imports are started on, killed, checked and resumed, until it is complete."""

    def __init__(self, folder: Path, planned: dict[str, Lines]) -> None:
        self.folder, self.planned = folder, planned
        self.stores = 0
        self.complete = len(planned)
        self.url = ""

    def next_store_if_complete(self) -> None:
        if self.complete == len(self.planned):
            self.stores += 1
            self.url = f"sqlite:///{self.folder / f'store-{self.stores}.sqlite'}"
            self.complete = 0

    @property
    def left(self) -> float:
        return 1 - self.complete / len(self.planned)


def test_an_import_killed_at_random_moments_leaves_prefixes_and_a_rerun_completes_it(tmp_path: Path) -> None:
    """SIGKILL between, during or after any transaction: each person is recorded whole or not at all
    (a person's lines are written in one transaction, a group of people in one), and the same import
    run again records the rest, once. Imports run on ``LANES`` stores side by side, each killed
    after its own random delay."""
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    path = tmp_path / "people.jsonl"
    planned = write_people(path, PEOPLE, seed=seed % 1000)
    total = sum(len(lines) for lines in planned.values())
    first = finish_import(f"sqlite:///{tmp_path / 'timing.sqlite'}", path)
    assert (first["people"], first["added"]) == (len(planned), total)
    duration = float(first["seconds"])
    lanes = [Lane(tmp_path, planned) for _ in range(LANES)]
    for n, lane in enumerate(lanes):
        lane.folder = tmp_path / f"lane-{n}"
        lane.folder.mkdir()
    kills = 0
    while kills < KILLS:
        for lane in lanes:
            lane.next_store_if_complete()
        running = [(lane, start_import(lane.url, path)) for lane in lanes]
        for _, process in running:
            wait_ready(process)
        started = time.monotonic()
        deadlines = sorted(
            ((rng.uniform(0, duration * lane.left * 1.2), n) for n, lane in enumerate(lanes)), key=lambda d: d[0]
        )
        for delay, n in deadlines:
            time.sleep(max(0.0, started + delay - time.monotonic()))
            running[n][1].send_signal(signal.SIGKILL)
        for lane, process in running:
            reap(process)
            killed = process.returncode == -signal.SIGKILL
            lane.complete = check_whole(lane.url, planned)
            kills += killed
            tally("kills between people", killed and 0 < lane.complete < len(planned))
    finishing = [start_import(lane.url, path) for lane in lanes]
    for lane, process in zip(lanes, finishing, strict=True):
        wait_ready(process)
        report = collect(process)
        assert (report["people"], report["added"] + report["already"]) == (len(planned), total), f"seed {seed}"
        check_complete(lane.url, planned)
    again = finish_import(lanes[0].url, path)
    assert (again["added"], again["already"]) == (0, total), f"seed {seed}"
    tally("kills survived", kills)
    tally("events lost", 0)


# The import's rules ---------------------------------------------------------------------------------


def born_and_care() -> list[ev.Event]:
    return [
        BORN,
        ev.CareStarted(
            on=dt.date(2019, 6, 1), authority="E10000017", legal_status="V2", placement="U4", area="E07000123"
        ),
    ]


def care_ended() -> ev.CareEnded:
    return ev.CareEnded(on=dt.date(2022, 3, 15), reason="E5")


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with open_store("memory://") as opened:
        yield opened


def test_running_an_import_again_adds_nothing(store: HistoryStore) -> None:
    people = [("p1", lc.History.of(born_and_care())), ("p2", lc.History.of([BORN]))]
    first = import_people(store, people, recorded_by="importer")
    assert (first.people, first.added, first.already, first.ok) == (2, 3, 0, True)
    second = import_people(store, people, recorded_by="importer")
    assert (second.people, second.added, second.already, second.ok) == (2, 0, 3, True)
    assert store.history("p1").events == tuple(born_and_care())


def test_lines_without_recorded_at_are_known_from_the_start_when_told_so(store: HistoryStore) -> None:
    """DESIGN section 5: told the lines were known from the start, the store stamps a line without
    ``recorded_at`` as known before any ``known_at``; the late line keeps its own time."""
    late = ev.Envelope("late", care_ended(), recorded_at=T2)
    history = lc.History([*(ev.Envelope("", e) for e in born_and_care()), late])
    import_people(store, [("p1", history)], recorded_by="importer", known_from_the_start=True)
    assert [e.recorded_at for e in store.history("p1")] == [KNOWN_FROM_THE_START, KNOWN_FROM_THE_START, T2]
    assert store.history("p1", known_at=T1).events == tuple(born_and_care())
    assert store.history("p1").events == (*born_and_care(), care_ended())


def test_lines_without_recorded_at_are_otherwise_learned_when_recorded(store: HistoryStore) -> None:
    """The store records when it learned something: a line without ``recorded_at`` is stamped with
    the time of recording, whether or not other lines carry one."""
    before = dt.datetime.now(dt.UTC)
    late = ev.Envelope("late", care_ended(), recorded_at=T2)
    import_people(store, [("p1", lc.History([*(ev.Envelope("", e) for e in born_and_care()), late]))],
                  recorded_by="importer")  # fmt: skip
    stamps = [e.recorded_at for e in store.history("p1")]
    assert stamps[2] == T2 and stamps[0] == stamps[1] and stamps[0] is not None and before <= stamps[0]


def test_lines_are_recorded_in_their_order_whatever_their_recorded_at(store: HistoryStore) -> None:
    """Born recorded at T1, an assessment known from the start: the stream is the lines in their order,
    no line is moved to make an earlier view hold together. The view before T1 (an assessment and
    no Born) is refused from the store as it is from the lines themselves."""
    assessed, reviewed = ev.NeedsAssessed(on=dt.date(2020, 1, 10)), ev.PathwayPlanReviewed(on=dt.date(2021, 1, 10))
    history = lc.History([ev.Envelope("", BORN, T1), ev.Envelope("", assessed), ev.Envelope("", reviewed, T2)])
    summary = import_people(store, [("p1", history)], recorded_by="importer", known_from_the_start=True)
    assert summary.ok
    assert same_lines(store.history("p1").envelopes, history.envelopes)
    assert store.history("p1", known_at=T1).events == (BORN, assessed)
    before = T1 - dt.timedelta(days=1)
    with pytest.raises(lc.InvalidHistory, match="no Born event"):
        history.known_at(before)
    with pytest.raises(lc.InvalidHistory, match="no Born event"):
        store.history("p1", known_at=before)


def test_a_later_file_that_restates_recording_times_still_adds_what_is_new(store: HistoryStore) -> None:
    """The store holds the start of care; a later file repeats it (ids kept) with other recording
    times, and adds the end of care: only the event the store lacks is appended, stamped now."""
    start = [ev.Envelope("b", BORN), ev.Envelope("c", born_and_care()[1])]
    store.record("p1", start, recorded_by="caseworker", recorded_at=T1)
    later = lc.History([ev.Envelope("b", BORN, T2), ev.Envelope("c", born_and_care()[1], T1),
                        ev.Envelope("e", care_ended())])  # fmt: skip
    summary = import_people(store, [("p1", later)], recorded_by="importer")
    assert (summary.added, summary.already, summary.ok) == (1, 2, True)
    assert [e.id for e in store.history("p1")] == ["b", "c", "e"]


def test_a_history_with_no_recording_times_is_recorded_now(store: HistoryStore) -> None:
    before = dt.datetime.now(dt.UTC)
    import_people(store, [("p1", lc.History.of(born_and_care()))], recorded_by="importer")
    stamps = {e.recorded_at for e in store.history("p1")}
    assert len(stamps) == 1 and before <= min(s for s in stamps if s is not None)
    assert {e.recorded_by for e in store.history("p1")} == {"importer"}


def test_recorded_by_on_a_line_is_kept(store: HistoryStore) -> None:
    envelopes = [ev.Envelope("", BORN, T1, "caseworker-a"), ev.Envelope("", care_ended(), T2)]
    lines = lc.History([envelopes[0], ev.Envelope("", born_and_care()[1], T1, "caseworker-a"), envelopes[1]])
    import_people(store, [("p1", lines)], recorded_by="importer")
    assert [e.recorded_by for e in store.history("p1")] == ["caseworker-a", "caseworker-a", "importer"]


def test_a_later_file_adds_only_what_is_new(store: HistoryStore) -> None:
    """Histories recorded before, then a file with more events: only the new ones are appended, after
    what the store holds, even when the file puts them elsewhere."""
    store.record("p1", born_and_care(), recorded_by="caseworker", recorded_at=T1)
    assessed = ev.NeedsAssessed(on=dt.date(2020, 1, 10))
    later = lc.History.of([born_and_care()[0], assessed, born_and_care()[1], care_ended()])
    summary = import_people(store, [("p1", later)], recorded_by="importer")
    assert (summary.added, summary.already, summary.ok) == (2, 2, True)
    assert store.history("p1").events == (*born_and_care(), assessed, care_ended())


def test_refused_people_are_reported_and_the_others_imported(store: HistoryStore) -> None:
    store.record("clash", [ev.Envelope("e1", BORN)], recorded_by="caseworker", recorded_at=T1)
    people: list[tuple[str, Any]] = [
        ("first", lc.History.of([BORN])),
        ("clash", [ev.Envelope("e1", ev.Born(on=dt.date(2005, 1, 1)))]),
        ("no-birth", [ev.Envelope("c1", care_ended())]),
        ("", lc.History.of([BORN])),
        ("last", lc.History.of(born_and_care())),
    ]
    summary = import_people(store, people, recorded_by="importer")
    assert (summary.people, summary.added) == (5, 3)
    failed = {f.person: f.error for f in summary.failures}
    assert set(failed) == {"clash", "no-birth", ""}
    assert isinstance(failed["clash"], lc.InvalidHistory) and "id e1" in str(failed["clash"])
    assert isinstance(failed["no-birth"], lc.InvalidHistory) and "person no-birth" in str(failed["no-birth"])
    assert isinstance(failed[""], lc.InvalidEvent)
    for error in failed.values():
        assert "2005-01-01" not in str(error) and "2022-03-15" not in str(error)
    assert list(store.people()) == ["clash", "first", "last"]


def test_a_store_that_cannot_be_read_stops_the_import(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'keyed.sqlite'}"
    with open_store(url, key=new_key()) as keyed:
        keyed.record("p1", [BORN], recorded_by="caseworker")
    with open_store(url, key=new_key()) as wrong, pytest.raises(lc.StoreUnavailable, match="cannot be read"):
        import_people(wrong, [("p1", lc.History.of([BORN]))], recorded_by="importer")


def test_a_key_rotation_copies_every_history_with_its_recording_times(tmp_path: Path) -> None:
    """SECURITY.md, key rotation: every history read with the old key and imported into a new store
    keyed with the new one, ids, ``recorded_at`` and ``recorded_by`` kept."""
    old_url, new_url = f"sqlite:///{tmp_path / 'old.sqlite'}", f"sqlite:///{tmp_path / 'new.sqlite'}"
    old_key, new_key_ = new_key(), new_key()
    with open_store(old_url, key=old_key) as old:
        old.record("p1", born_and_care(), recorded_by="caseworker-a", recorded_at=T1)
        old.record("p1", [care_ended()], recorded_by="caseworker-b", recorded_at=T2)
        old.record("p2", [BORN], recorded_by="caseworker-a", recorded_at=T2)
    with open_store(old_url, key=old_key) as old, open_store(new_url, key=new_key_) as new:
        summary = import_people(new, old.histories(), recorded_by="key-rotation")
        assert (summary.people, summary.added, summary.ok) == (2, 4, True)
        for person, history in old.histories():
            copied = new.history(person)
            assert [(e.id, e.event, e.recorded_at, e.recorded_by) for e in copied] == [
                (e.id, e.event, e.recorded_at, e.recorded_by) for e in history
            ]


# Concurrent writers ---------------------------------------------------------------------------------


def say(process: subprocess.Popen[str], line: str) -> None:
    if line:
        assert process.stdin is not None
        process.stdin.write(line + "\n")
        process.stdin.flush()


def race(url: str) -> None:
    """``WRITERS`` processes append ``APPENDS`` events each to ``SHARED_PEOPLE`` people, all at once."""
    with open_store(url) as store:
        for n in range(SHARED_PEOPLE):
            store.record(shared_person(n), [BORN], recorded_by="setup")
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "append", url, str(writer), str(APPENDS), str(SHARED_PEOPLE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for writer in range(WRITERS)
    ]
    for word in ("loaded", "ready"):
        for process in processes:
            # One at a time: opening a PostgreSQL store from several processes at once can fail.
            say(process, "open" if word == "ready" else "")
            assert process.stdout is not None
            if process.stdout.readline().strip() != word:
                _, err = process.communicate(timeout=60)
                pytest.fail(f"a writer did not start: {err}")
    for process in processes:
        say(process, "go")
    reports = []
    for process in processes:
        assert process.stdout is not None and process.stderr is not None
        out, err = process.stdout.read(), process.stderr.read()
        assert process.wait(600) == 0, err
        reports.append(json.loads(out.splitlines()[-1]))
    expected: dict[str, list[str]] = {shared_person(n): [] for n in range(SHARED_PEOPLE)}
    for writer in range(WRITERS):
        for n in range(APPENDS):
            expected[shared_person((writer + n) % SHARED_PEOPLE)].append(event_id(writer, n))
    lost = 0
    with open_store(url) as store:
        for person, ids in expected.items():
            stored = [e.id for e in store.history(person)][1:]
            assert len(stored) == len(set(stored)), f"{person}: an append recorded twice"
            lost += len(set(ids) - set(stored))
            assert set(stored) == set(ids), f"{person}: appends lost or foreign"
            for writer in range(WRITERS):
                mine = [i for i in stored if i.startswith(f"w{writer}-")]
                assert mine == [i for i in ids if i.startswith(f"w{writer}-")], f"{person}: writer {writer} order"
    assert sum(len(r["appended"]) for r in reports) == WRITERS * APPENDS
    tally("appends made", WRITERS * APPENDS)
    tally("concurrency retries", sum(r["retries"] for r in reports))
    tally("events lost", lost)


def test_concurrent_writers_on_sqlite_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    race(f"sqlite:///{tmp_path / 'race.sqlite'}")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    schema = f"lc_faults_{uuid.uuid4().hex[:12]}"
    yield f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.mark.postgres
def test_concurrent_writers_on_postgres_lose_and_duplicate_nothing(postgres_url: str) -> None:
    race(postgres_url)


@pytest.mark.postgres
def test_several_processes_can_open_one_postgres_store_at_once(postgres_url: str) -> None:
    """Services start several workers together; each must be able to open the store."""
    open_store(postgres_url).close()
    processes = [
        subprocess.Popen([sys.executable, str(WORKER), "open", postgres_url], stderr=subprocess.PIPE, text=True)
        for _ in range(WRITERS)
    ]
    failed = [err for process in processes for _, err in [process.communicate(timeout=120)] if process.returncode]
    assert failed == [], failed[0].strip().splitlines()[-1]
