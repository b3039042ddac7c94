"""Key rotation (``Store.rekey``, ``leavingcare rekey --to URL``; SECURITY.md, "Changing the key"), on
SQLite and PostgreSQL at 127.0.0.1:5432, and from a store in memory: every stream copied under the new
key into a new store, every person read back the same through the new key before the copy is put in
place, and never a half-rotated store. An encrypted store an earlier release wrote (type names in
clear, rows not bound to their place, content-derived ids) is refused by everything but ``rekey``,
which copies it into this release's format."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from attrs import evolve
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import StoredEvent
from psycopg import sql

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.events.codec import content_id, encode
from leavingcare.store import KEY_VARIABLE, NEW_KEY_VARIABLE, STORE_VARIABLE, HistoryStore, new_key, open_store
from leavingcare.store import rekey as rekeying
from leavingcare.store.errors import EarlierFormat
from leavingcare.store.ids import is_content_name, timeline_with_ids
from leavingcare.store.rekey import RekeyFailed
from leavingcare.store.schema import SEALED

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
CASEWORKER = "caseworker-jd"
T1 = dt.datetime(2021, 6, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2022, 6, 1, 9, 0, tzinfo=dt.UTC)
OLD_KEY, NEW_KEY = new_key(), new_key()


@pytest.fixture(autouse=True)
def no_store_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (KEY_VARIABLE, NEW_KEY_VARIABLE, STORE_VARIABLE):
        monkeypatch.delenv(name, raising=False)


def born() -> ev.Born:
    return ev.Born(on=dt.date(2004, 3, 15))


def started() -> ev.CareStarted:
    return ev.CareStarted(on=dt.date(2019, 6, 1), authority="E10000017", legal_status="V2", placement="U4",
                          area="E07000123")  # fmt: skip


def fill(store: HistoryStore) -> None:
    """The examples (ids of their own), a person recorded without ids, and one whose wrong care end
    was retracted by its content name."""
    for path in EXAMPLES:
        store.record(path.stem, lc.History.from_jsonl(path).envelopes, recorded_by=CASEWORKER, recorded_at=T1)
    store.record("no-ids", [born(), started()], recorded_by=CASEWORKER, recorded_at=T1)
    wrong = ev.CareEnded(on=dt.date(2021, 3, 15), reason="E5")
    store.record("corrected", [born(), started(), wrong], recorded_by=CASEWORKER, recorded_at=T1)
    fix = ev.Retracted(on=dt.date(2022, 4, 1), target=content_id(wrong))
    store.record("corrected", [fix, ev.CareEnded(on=dt.date(2022, 3, 15), reason="E5")], recorded_by="cw-2",
                 recorded_at=T2)  # fmt: skip


def same_people(old: HistoryStore, new: HistoryStore) -> dict[str, dict[str, str]]:
    """Asserts the copy holds every person of the old store, in order, with the same events, times and
    recorders, and the same timeline once its ids are read as the old store's; returns those ids."""
    names: dict[str, dict[str, str]] = {}
    pairs = list(zip(old.histories(), new.histories(), strict=True))
    for (person, was), (again, now) in pairs:
        assert person == again
        assert [(e.recorded_at, e.recorded_by) for e in now] == [(e.recorded_at, e.recorded_by) for e in was]
        names[person] = {n.id: w.id for w, n in zip(was, now, strict=True)}
        back = [evolve(e, id=names[person][e.id], event=_retargeted(e.event, names[person])) for e in now.envelopes]
        assert [(e.id, e.event) for e in back] == [(e.id, e.event) for e in was]
        assert timeline_with_ids(lc.timeline(now), names[person]) == lc.timeline(was)
    return names


def _retargeted(event: ev.Event, names: dict[str, str]) -> ev.Event:
    if isinstance(event, ev.Retracted) and event.target in names:
        return evolve(event, target=names[event.target])
    return event


class RekeyContract:
    """Subclasses give ``source`` and ``target`` URLs (the target a place no store is at yet)."""

    @pytest.fixture
    def source(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def target(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def old(self, source: str) -> Iterator[HistoryStore]:
        with open_store(source, key=OLD_KEY) as store:
            fill(store)
            yield store

    def test_rekey_copies_every_person_under_the_new_key(self, old: HistoryStore, target: str) -> None:
        """Every person, in order, with the same events, recording times, recorders and timeline; ids
        given by the caller kept, ids keyed under the old key derived again under the new one, the
        retraction following its target. The new key reads the copy, the old key does not."""
        before = [(p, h.envelopes) for p, h in old.histories()]
        done = old.rekey(target, key=NEW_KEY)
        assert (done.people, done.events) == (len(EXAMPLES) + 2, sum(len(h) for _, h in before))
        with open_store(target, key=NEW_KEY, create=False) as new:
            names = same_people(old, new)
            rows = new._app.recorder.select_notifications(None, 10_000)  # type: ignore[attr-defined]
            assert {row.topic for row in rows} == {"Person/1", SEALED}
        assert [(p, h.envelopes) for p, h in old.histories()] == before  # the old store is not written
        example = EXAMPLES[0].stem
        assert all(new_id == old_id for new_id, old_id in names[example].items())
        for person in ("no-ids", "corrected"):
            assert all(new_id.startswith("k-") and new_id != old_id for new_id, old_id in names[person].items())
        with open_store(target, key=OLD_KEY, create=False) as wrong, pytest.raises(lc.StoreUnavailable):
            list(wrong.people())

    def test_a_target_where_a_store_is_already_is_refused_and_left_alone(self, old: HistoryStore, target: str) -> None:
        with open_store(target, key=NEW_KEY) as there:
            there.record("someone", [born()], recorded_by=CASEWORKER)
        with pytest.raises(RekeyFailed, match=r"exists already|there already"):
            old.rekey(target, key=NEW_KEY)
        with open_store(target, key=NEW_KEY) as there:
            assert list(there.people()) == ["someone"]

    def test_a_copy_that_fails_part_way_leaves_nothing_at_the_target(
        self, old: HistoryStore, target: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure after some people were copied (here the database going away) puts nothing in place
        and removes the staged copy; the old store is read as before, and a second run completes."""
        monkeypatch.setattr(rekeying, "GROUP_PEOPLE", 3)
        writes: list[int] = []

        def failing(store: HistoryStore, plans: Any) -> None:
            writes.append(1)
            if len(writes) == 2:
                raise lc.StoreUnavailable("the database went away")
            type(store).write(store, plans)  # type: ignore[attr-defined]

        monkeypatch.setattr("leavingcare.store.service.Store.write", failing)
        with pytest.raises(lc.StoreUnavailable, match="went away"):
            old.rekey(target, key=NEW_KEY)
        monkeypatch.undo()
        assert not self.present(target)
        assert len(list(old.histories())) == len(EXAMPLES) + 2
        old.rekey(target, key=NEW_KEY)
        assert self.present(target)

    def test_a_person_recorded_during_the_copy_fails_the_check(
        self, old: HistoryStore, target: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A writer that records while the copy is made: the copy no longer reads back what the old
        store holds, so it is not put in place (stop the writers first, SECURITY.md)."""
        verify = rekeying._verify

        def written_meanwhile(source: Any, copy: Any) -> None:
            source.record("no-ids", [ev.NeedsAssessed(on=dt.date(2020, 1, 10))], recorded_by=CASEWORKER)
            verify(source, copy)

        monkeypatch.setattr(rekeying, "_verify", written_meanwhile)
        with pytest.raises(RekeyFailed, match="person no-ids: the copy holds 2 events, the old store 3"):
            old.rekey(target, key=NEW_KEY)
        assert not self.present(target)

    def test_the_new_key_is_needed(self, old: HistoryStore, target: str) -> None:
        with pytest.raises(RekeyFailed, match="needs the new key"):
            old.rekey(target)
        assert not self.present(target)

    def present(self, target: str) -> bool:
        """Whether a store is at ``target``, and no staged copy beside it."""
        raise NotImplementedError


class TestSQLite(RekeyContract):
    @pytest.fixture
    def source(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'old.sqlite'}"

    @pytest.fixture
    def target(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'new.sqlite'}"

    def present(self, target: str) -> bool:
        path = Path(target.removeprefix("sqlite:///"))
        assert not list(path.parent.glob(f".{path.name}.rekey-*")), "a staged copy was left"
        return path.exists()

    def test_a_copy_killed_part_way_leaves_no_store_at_the_target(self, tmp_path: Path) -> None:
        """``leavingcare rekey`` killed while it copies: nothing at the target, only its staged copy
        under its own name (to be removed), and the old store as it was."""
        source, target = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
        people = tmp_path / "people.jsonl"
        lines = [{"person": f"p{n}", "type": "Born", "on": "2004-03-15", "id": "b"} for n in range(3000)]
        people.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        env = {**os.environ, KEY_VARIABLE: OLD_KEY, NEW_KEY_VARIABLE: NEW_KEY}
        cli = [str(Path(sys.executable).parent / "leavingcare")]
        subprocess.run([*cli, "import", str(people), "--store", f"sqlite:///{source}"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        rekey = subprocess.Popen([*cli, "rekey", "--to", f"sqlite:///{target}", "--store", f"sqlite:///{source}"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".new.sqlite.rekey-*")) and rekey.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        rekey.send_signal(signal.SIGKILL)
        rekey.wait()
        assert rekey.returncode == -signal.SIGKILL, "the copy finished before it could be killed"
        assert not target.exists()
        with open_store(f"sqlite:///{source}", key=OLD_KEY) as old:
            assert len(list(old.people())) == 3000

    def test_the_command_copies_under_leavingcare_new_key(
        self, old: HistoryStore, source: str, target: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        """``leavingcare rekey --to URL`` reads with ``LEAVINGCARE_KEY`` and writes with
        ``LEAVINGCARE_NEW_KEY`` (keys never on the command line); without the new key it refuses."""
        monkeypatch.setenv(KEY_VARIABLE, OLD_KEY)
        assert main(["rekey", "--to", target, "--store", source]) == 2
        assert "rekey needs the new key (LEAVINGCARE_NEW_KEY)" in capsys.readouterr()[1]
        monkeypatch.setenv(NEW_KEY_VARIABLE, NEW_KEY)
        assert main(["rekey", "--to", target, "--store", source]) == 0
        out = capsys.readouterr()[0]
        assert out.startswith(f"copied {len(EXAMPLES) + 2} people (") and "reads back the same" in out
        monkeypatch.setenv(KEY_VARIABLE, NEW_KEY)
        assert main(["people", "--store", target]) == 0
        assert capsys.readouterr()[0].splitlines() == [p for p in old.people()]


class TestFromMemory(RekeyContract):
    """A store in memory copied into a file (the copy never goes through the memory backend)."""

    @pytest.fixture
    def source(self) -> str:
        return "memory://"

    @pytest.fixture
    def target(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'new.sqlite'}"

    present = TestSQLite.present

    def test_a_target_that_vanishes_is_refused(self, old: HistoryStore) -> None:
        for target in ("memory://", "sqlite:///:memory:"):
            with pytest.raises(RekeyFailed, match="lost when it is closed"):
                old.rekey(target, key=NEW_KEY)


@pytest.mark.postgres
class TestPostgres(RekeyContract):
    @pytest.fixture
    def schemas(self, postgres_server: str) -> Iterator[list[str]]:
        made: list[str] = []
        yield made
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            for (name,) in conn.execute("SELECT nspname FROM pg_namespace").fetchall():
                if any(name.startswith(schema) for schema in made):
                    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))

    def _url(self, schemas: list[str], what: str) -> str:
        schemas.append(f"lc_{what}_{uuid.uuid4().hex[:10]}")
        return f"postgresql://postgres@127.0.0.1:5432/test?schema={schemas[-1]}"

    @pytest.fixture
    def source(self, schemas: list[str]) -> str:
        return self._url(schemas, "old")

    @pytest.fixture
    def target(self, schemas: list[str]) -> str:
        return self._url(schemas, "new")

    def present(self, target: str) -> bool:
        schema = target.rsplit("schema=", 1)[1]
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test") as conn:
            found = [n for (n,) in conn.execute("SELECT nspname FROM pg_namespace").fetchall() if n.startswith(schema)]
        assert set(found) <= {schema}, "a staged copy was left"
        return found == [schema]

    def test_a_target_without_a_schema_of_its_own_is_refused(self, old: HistoryStore) -> None:
        with pytest.raises(RekeyFailed, match=r"name a schema of its own"):
            old.rekey("postgresql://postgres@127.0.0.1:5432/test", key=NEW_KEY)


# An encrypted store an earlier release wrote --------------------------------------------------------------


def earlier_release_rows(store: HistoryStore, key: str, person: str, history: lc.History) -> None:
    """Write a person's stream as releases before rows were bound wrote it: plain type names, AES-GCM
    with no associated data and no padding, ids derived from content."""
    aead = AESGCM(base64.b64decode(key))

    def sealed(payload: dict[str, Any]) -> bytes:
        nonce = os.urandom(12)
        out = aead.encrypt(nonce, json.dumps(payload, separators=(",", ":")).encode(), None)
        return nonce + out[-16:] + out[:-16]

    stream = store._streams.of(person)  # type: ignore[attr-defined]
    rows = [StoredEvent(stream, 1, "Person/1", sealed({"person": person}))]
    for n, envelope in enumerate(history.envelopes, start=2):
        body = encode(envelope.event)
        topic = f"{body.pop('type')}/1"
        payload = {"id": envelope.id, "recorded_at": T1.isoformat(), "recorded_by": CASEWORKER, "event": body}
        rows.append(StoredEvent(stream, n, topic, sealed(payload)))
    store._app.recorder.insert_events(rows)  # type: ignore[attr-defined]


@pytest.fixture
def earlier(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'earlier.sqlite'}"
    with open_store(url, key=OLD_KEY) as store:
        earlier_release_rows(store, OLD_KEY, "p-1", lc.History.of([born(), started()]))
        wrong = ev.CareEnded(on=dt.date(2021, 3, 15), reason="E5")
        fix = ev.Retracted(on=dt.date(2022, 4, 1), target=content_id(wrong))
        earlier_release_rows(store, OLD_KEY, "p-2", lc.History.of([born(), started(), wrong, fix]))
    return url


def test_an_earlier_releases_encrypted_store_is_refused_naming_rekey(earlier: str) -> None:
    """Every read and write of such a store is ``EarlierFormat`` (a ``StoreUnavailable``), saying to
    copy it with ``rekey``: its rows could be moved between people unseen."""
    with open_store(earlier, key=OLD_KEY) as store:
        for attempt in (
            lambda: list(store.people()),
            lambda: store.history("p-1"),
            lambda: list(store.timelines()),
            lambda: store.record("p-3", [born()], recorded_by=CASEWORKER),
            lambda: store.record("p-1", [ev.NeedsAssessed(on=dt.date(2020, 1, 10))], recorded_by=CASEWORKER),
        ):
            with pytest.raises(EarlierFormat, match=r"written by an earlier release .* 'leavingcare rekey --to URL'"):
                attempt()


def test_rekey_brings_an_earlier_releases_store_to_this_format(earlier: str, tmp_path: Path) -> None:
    """The copy holds the same people, events and timelines; its rows are sealed with their type inside
    and bound to their place; the content-derived ids are replaced by keyed ones (the retraction
    following), so nothing in the copy gives away what it hashes."""
    target = f"sqlite:///{tmp_path / 'new.sqlite'}"
    with open_store(earlier, key=OLD_KEY) as store:
        store.rekey(target, key=NEW_KEY)
    with open_store(target, key=NEW_KEY) as new:
        histories = dict(new.histories())
        assert list(histories) == ["p-1", "p-2"]
        fixed = histories["p-2"]
        assert fixed.events[:3] == (born(), started(), ev.CareEnded(on=dt.date(2021, 3, 15), reason="E5"))
        assert isinstance(fixed.events[3], ev.Retracted) and fixed.events[3].target == fixed.envelopes[2].id
        assert not any(is_content_name(e.id, e.event) for h in histories.values() for e in h)
        assert all(e.id.startswith("k-") for h in histories.values() for e in h)
        assert [e.period for e in fixed.facts.episodes] == [
            e.period for e in lc.History.of([born(), started()]).facts.episodes
        ]
        rows = new._app.recorder.select_notifications(None, 100)  # type: ignore[attr-defined]
        assert {row.topic for row in rows} == {"Person/1", SEALED}


def test_an_unencrypted_store_is_encrypted_by_rekey(tmp_path: Path) -> None:
    """Without a key before: the copy is sealed under the new key; the random ids kept."""
    source, target = f"sqlite:///{tmp_path / 'plain.sqlite'}", f"sqlite:///{tmp_path / 'sealed.sqlite'}"
    with open_store(source) as plain:
        fill(plain)
        ids = {p: [e.id for e in h] for p, h in plain.histories()}
        plain.rekey(target, key=NEW_KEY)
    with open_store(target, key=NEW_KEY) as sealed:
        assert {p: [e.id for e in h] for p, h in sealed.histories()} == ids
        assert all(i.startswith("r-") for i in ids["no-ids"])
    with open_store(target) as unkeyed, pytest.raises(lc.StoreUnavailable):
        list(unkeyed.people())
