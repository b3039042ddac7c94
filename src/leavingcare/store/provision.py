"""Making a store's place in its database, or finding it there: the PostgreSQL schema (created under an
advisory lock, so that processes opening one new schema at once do not collide), and the check that a
store opened only to be read is there already.

PostgreSQL does not serialise ``CREATE SCHEMA IF NOT EXISTS``, ``CREATE TABLE IF NOT EXISTS`` or
``CREATE TYPE`` between sessions: two sessions creating the same table at once can both find it
missing, and one fails on a duplicate key in ``pg_type``. Every opening of a PostgreSQL store first
takes a session advisory lock named after its schema, on a connection of its own, and holds it until
the tables exist; openings of one schema then create it one after the other (the second finds it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from leavingcare.errors import StoreUnavailable
from leavingcare.store.config import Location

EVENTS_TABLE = "leavingcare_events"
LOCK_WAIT_SECONDS = 60
"""How long an opening waits for another process creating the same schema."""
_LOCK_LABEL = b"leavingcare schema\x00"


def lock_id(schema: str) -> int:
    """The advisory lock (a signed 64-bit number) of a schema's creation."""
    digest = hashlib.sha256(_LOCK_LABEL + schema.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def schema_of(settings: Mapping[str, str]) -> str:
    return settings.get("POSTGRES_SCHEMA") or "public"


def _connect(settings: Mapping[str, str]) -> Any:
    import psycopg

    options: dict[str, Any] = {
        "host": settings["POSTGRES_HOST"],
        "port": settings["POSTGRES_PORT"],
        "user": settings["POSTGRES_USER"],
        "dbname": settings["POSTGRES_DBNAME"],
        "connect_timeout": int(settings.get("POSTGRES_CONNECT_TIMEOUT") or "5"),
        "autocommit": True,
    }
    if settings.get("POSTGRES_PASSWORD"):
        options["password"] = settings["POSTGRES_PASSWORD"]
    return psycopg.connect(**options)


@contextmanager
def opening(location: Location, *, create: bool) -> Iterator[None]:
    """Around opening the store at ``location``: for PostgreSQL, hold the schema's creation lock (and,
    when ``create`` is False, first check that the store's tables are there); for an SQLite file not
    to be created, check that it is there. ``StoreUnavailable`` when it is not, or the database cannot
    be reached."""
    if location.kind == "sqlite" and not create:
        name = location.settings["SQLITE_DBNAME"]
        if _in_memory(name) or not Path(name).is_file():
            raise StoreUnavailable(f"{location.shown}: there is no store there yet (record or import histories first)")
    if location.kind != "postgresql":
        yield
        return
    import psycopg

    schema = schema_of(location.settings)
    try:
        conn = _connect(location.settings)
    except psycopg.Error as exc:
        text = str(exc).strip()
        detail = text.splitlines()[0] if text else type(exc).__name__
        raise StoreUnavailable(f"{location.shown}: cannot be opened ({detail})") from None
    try:
        if not create:
            found = conn.execute("SELECT to_regclass(%s)", [f'"{_quoted(schema)}"."{EVENTS_TABLE}"']).fetchone()
            if found is None or found[0] is None:
                raise StoreUnavailable(
                    f"{location.shown}: there is no store there (schema '{schema}' holds no {EVENTS_TABLE} table)"
                )
        conn.execute(f"SET statement_timeout = {LOCK_WAIT_SECONDS * 1000}")
        conn.execute("SELECT pg_advisory_lock(%s)", [lock_id(schema)])
        yield
    except psycopg.Error as exc:
        raise StoreUnavailable(f"{location.shown}: cannot be opened ({type(exc).__name__})") from None
    finally:
        conn.close()  # the session's advisory lock goes with it


def _quoted(identifier: str) -> str:
    return identifier.replace('"', '""')


def _in_memory(name: str) -> bool:
    return name == ":memory:" or name.startswith("file::memory:") or "mode=memory" in name


def records_nothing_durable(location: Location) -> bool:
    """Whether a store at ``location`` is lost when it is closed (``memory://``, SQLite ``:memory:``)."""
    return location.kind == "memory" or (location.kind == "sqlite" and _in_memory(location.settings["SQLITE_DBNAME"]))


def schema_exists(location: Location) -> bool:
    """Whether the PostgreSQL schema ``location`` names exists."""
    with _connected(location) as conn:
        found = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_of(location.settings)]).fetchone()
    return found is not None


def rename_schema(location: Location, name: str) -> None:
    """Rename the schema ``location`` names to ``name``, in one statement (it fails if ``name`` exists)."""
    from psycopg.sql import SQL, Identifier

    with _connected(location) as conn:
        conn.execute(
            SQL("ALTER SCHEMA {} RENAME TO {}").format(Identifier(schema_of(location.settings)), Identifier(name))
        )


def drop_schema(location: Location) -> None:
    """Drop the schema ``location`` names, and everything in it."""
    from psycopg.sql import SQL, Identifier

    with _connected(location) as conn:
        conn.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(schema_of(location.settings))))


@contextmanager
def _connected(location: Location) -> Iterator[Any]:
    import psycopg

    try:
        with _connect(location.settings) as conn:
            yield conn
    except psycopg.Error as exc:
        text = str(exc).strip()
        detail = text.splitlines()[0] if text else type(exc).__name__
        raise StoreUnavailable(f"{location.shown}: {detail}") from None
