"""Opening a store: URLs, the LEAVINGCARE_STORE and LEAVINGCARE_KEY variables, and the errors raised
when a store cannot be opened."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest

import leavingcare as lc
from leavingcare import events as ev
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
