"""Opening a store: URLs, the LEAVINGCARE_STORE and LEAVINGCARE_KEY variables, and the errors raised
when a store cannot be opened."""

from __future__ import annotations

import base64
import datetime as dt
import multiprocessing
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.errors import StoreUnavailable
from leavingcare.store import DEFAULT_URL, KEY_VARIABLE, STORE_VARIABLE, new_key, open_store
from leavingcare.store.config import locate, resolve_key

BORN = ev.Born(on=dt.date(2004, 3, 15))


@pytest.fixture(autouse=True)
def no_store_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STORE_VARIABLE, raising=False)
    monkeypatch.delenv(KEY_VARIABLE, raising=False)


def test_the_default_store_is_leavingcare_sqlite_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert DEFAULT_URL == "sqlite:///leavingcare.sqlite"
    with lc.open_store() as store:
        store.record("p", [BORN], recorded_by="cw")
    assert (tmp_path / "leavingcare.sqlite").is_file()


def test_leavingcare_store_names_another_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_VARIABLE, f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    with lc.open_store() as store:
        store.record("p", [BORN], recorded_by="cw")
    assert (tmp_path / "elsewhere.sqlite").is_file()


def test_a_bare_path_is_an_sqlite_file(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "bare.sqlite")) as store:
        store.record("p", [BORN], recorded_by="cw")
    assert (tmp_path / "bare.sqlite").is_file()


def test_sqlite_urls_follow_the_three_slash_convention() -> None:
    assert locate("sqlite:///data/lc.sqlite").settings["SQLITE_DBNAME"] == "data/lc.sqlite"
    assert locate("sqlite:////var/lib/lc.sqlite").settings["SQLITE_DBNAME"] == "/var/lib/lc.sqlite"


def test_eventsourcing_variables_in_the_environment_do_not_configure_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the store URL and key configure it: PERSISTENCE_MODULE set for another application cannot
    turn this store into a memory store, nor CIPHER_KEY change its encryption."""
    monkeypatch.setenv("PERSISTENCE_MODULE", "eventsourcing.popo")
    monkeypatch.setenv("CIPHER_KEY", new_key())
    url = f"sqlite:///{tmp_path / 'lc.sqlite'}"
    with open_store(url) as store:
        store.record("p", [BORN], recorded_by="cw")
    monkeypatch.delenv("PERSISTENCE_MODULE")
    monkeypatch.delenv("CIPHER_KEY")
    with open_store(url) as store:
        assert store.history("p").events == (BORN,)


def test_postgresql_urls() -> None:
    location = locate("postgresql://lc:s3cret@db.example:6543/cases?schema=leaving&connect_timeout=2&pool_size=3")
    assert location.kind == "postgresql"
    assert {k: v for k, v in location.settings.items() if k != "POSTGRES_PASSWORD"} == {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_HOST": "db.example",
        "POSTGRES_PORT": "6543",
        "POSTGRES_USER": "lc",
        "POSTGRES_DBNAME": "cases",
        "POSTGRES_SCHEMA": "leaving",
        "POSTGRES_CONNECT_TIMEOUT": "2",
        "POSTGRES_POOL_SIZE": "3",
        "POSTGRES_MAX_OVERFLOW": "9",
        "POSTGRES_PRE_PING": "y",
    }
    assert location.settings["POSTGRES_PASSWORD"] == "s3cret"
    assert "s3cret" not in location.shown
    assert locate("postgres://postgres@127.0.0.1/test").settings["POSTGRES_PORT"] == "5432"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://db/cases", "scheme 'mysql' is not one of"),
        ("sqlite:///", "no database file named"),
        ("postgresql://u@host:5432/", "no database named"),
        ("postgresql://u@host:5432/db?sslmode=require", "unknown URL parameter 'sslmode'"),
        ("postgresql://u@host:5432/db?pool_size=many", "must be a whole number"),
    ],
)
def test_a_malformed_url_is_store_unavailable(url: str, reason: str) -> None:
    with pytest.raises(StoreUnavailable, match=reason):
        open_store(url)


def test_an_unreachable_postgresql_server_is_store_unavailable() -> None:
    with pytest.raises(StoreUnavailable, match=r"postgresql://postgres@127.0.0.1:1/test: cannot be opened") as caught:
        open_store("postgresql://postgres:hunter2@127.0.0.1:1/test?connect_timeout=1")
    assert "hunter2" not in str(caught.value)


def test_keys_are_base64_aes_keys_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_key()
    assert len(base64.b64decode(key)) == 32
    assert resolve_key(key) == key
    assert resolve_key(None) is None
    monkeypatch.setenv(KEY_VARIABLE, key)
    assert resolve_key(None) == key
    for bad in ("not base64!", base64.b64encode(b"too short").decode()):
        with pytest.raises(StoreUnavailable, match="16, 24 or 32 bytes") as caught:
            open_store("memory://", key=bad)
        assert bad not in str(caught.value)


# Opening a store safely (the store's hardening, SECURITY.md) ----------------------------------------------


def _open_and_list(url: str, barrier: Any, results: Any) -> None:
    """In a worker process: wait for the others, open the store, read it."""
    barrier.wait()
    try:
        with open_store(url) as store:
            list(store.people())
        results.put("ok")
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(f"{type(exc).__name__}: {exc}")


OPENERS = 24


@pytest.mark.postgres
def test_many_processes_opening_one_new_postgresql_schema_at_once_all_succeed(postgres_server: str) -> None:
    """24 processes opening one new schema at the same moment: every opening succeeds (without a lock
    around the schema's creation, 7 of 24 failed on a duplicate key in pg_type or pg_namespace)."""
    ctx = multiprocessing.get_context("fork")
    for _ in range(2):
        schema = f"lc_open_{uuid.uuid4().hex[:10]}"
        url = f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
        barrier, results = ctx.Barrier(OPENERS), ctx.Queue()
        workers = [ctx.Process(target=_open_and_list, args=(url, barrier, results)) for _ in range(OPENERS)]
        try:
            for worker in workers:
                worker.start()
            said = [results.get(timeout=120) for _ in workers]
            for worker in workers:
                worker.join(timeout=60)
        finally:
            with psycopg.connect(postgres_server, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        assert [s for s in said if s != "ok"] == []


READING = [
    ["people"],
    ["worklist", "--on", "2024-06-01"],
    ["assess", "--all", "--on", "2024-06-01"],
    ["assess", "--person", "p", "--on", "2024-06-01"],
]


@pytest.mark.postgres
@pytest.mark.parametrize("argv", READING, ids=lambda argv: " ".join(argv[:2]))
def test_a_reading_command_never_creates_a_schema(
    argv: list[str], postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped ``?schema=`` is an error naming the schema (status 2), and no schema is created;
    the right schema is read."""
    schema = f"lc_read_{uuid.uuid4().hex[:10]}"
    typo = f"{schema}_typo"
    try:
        with open_store(f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}") as store:
            store.record("p", [BORN], recorded_by="cw")
        status = main([*argv, "--store", f"postgresql://postgres@127.0.0.1:5432/test?schema={typo}"])
        _, err = capsys.readouterr()
        assert status == 2 and f"there is no store there (schema '{typo}'" in err, err
        with psycopg.connect(postgres_server) as conn:
            found = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [f"{schema}%"]).fetchall()
        assert found == [(schema,)]
        assert main([*argv, "--store", f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"]) == 0
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            for name in (schema, typo):
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def test_with_the_wrong_key_a_persons_command_says_the_key_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``assess --person`` under the wrong key used to say "no events recorded" (the stream ids the
    wrong key derives are empty); it says the key is wrong. Under the right key, a person never
    recorded is still "no events recorded"."""
    url, key = f"sqlite:///{tmp_path / 'lc.sqlite'}", new_key()
    with open_store(url, key=key) as store:
        store.record("p", [BORN], recorded_by="cw")
    for used, said in ((new_key(), "cannot be read (the key is wrong)"), (key, "person q: no events recorded")):
        monkeypatch.setenv(KEY_VARIABLE, used)
        person = "p" if used != key else "q"
        assert main(["assess", "--person", person, "--on", "2024-06-01", "--store", url]) == 2
        assert said in capsys.readouterr()[1]


SSDA903_HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1001,1,15/03/2004,WBRI,,,\n"
SSDA903_EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    "1001,01/06/2019,S,C2,N1,U4,PR1,15/03/2022,E5,,,,\n"
)


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "memory://"])
def test_a_command_that_records_refuses_a_store_that_vanishes(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``record``, ``import`` and ``import-903 --store`` into a store lost when the command ends would
    report success and keep nothing: refused (status 2), naming the store. A file records."""
    person = tmp_path / "p.jsonl"
    person.write_text('{"type": "Born", "on": "2004-03-15"}\n', encoding="utf-8")
    people = tmp_path / "people.jsonl"
    people.write_text('{"person": "p", "type": "Born", "on": "2004-03-15"}\n', encoding="utf-8")
    header, episodes = tmp_path / "header.csv", tmp_path / "episodes.csv"
    header.write_text(SSDA903_HEADER, encoding="utf-8")
    episodes.write_text(SSDA903_EPISODES, encoding="utf-8")
    commands = [
        ["record", "p", str(person)],
        ["import", str(people)],
        ["import-903", "--header", str(header), "--episodes", str(episodes), "--authority", "E10000017"],
    ]  # fmt: skip
    for argv in commands:
        assert main([*argv, "--store", url]) == 2, argv
        assert "is lost when the command ends" in capsys.readouterr()[1]
    for n, argv in enumerate(commands):
        assert main([*argv, "--store", f"sqlite:///{tmp_path / f'{n}.sqlite'}"]) in (0, 1), argv


@pytest.mark.parametrize(
    ("parameter", "refused", "taken"),
    [("pool_size", ["0", "101", "1000000"], ["1", "100"]), ("max_overflow", ["101", "99999999"], ["0", "100"]),
     ("connect_timeout", ["0", "301"], ["1", "300"])],
)  # fmt: skip
def test_an_absurd_pool_setting_is_refused(parameter: str, refused: list[str], taken: list[str]) -> None:
    """A pool of no connection waits for ever; one of a million exhausts the server (PostgreSQL allows
    100 connections unless told otherwise): refused, naming the bounds. The bounds themselves are taken."""
    base = "postgresql://postgres@127.0.0.1:5432/test"
    for value in refused:
        with pytest.raises(StoreUnavailable, match=rf"URL parameter '{parameter}' must be a whole number from"):
            locate(f"{base}?{parameter}={value}")
    for value in taken:
        assert locate(f"{base}?{parameter}={value}").kind == "postgresql"
