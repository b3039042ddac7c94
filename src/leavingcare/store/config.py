"""Where the store lives and how it is keyed: store URLs, the ``LEAVINGCARE_STORE`` and
``LEAVINGCARE_KEY`` environment variables, and the eventsourcing settings they become.

- ``sqlite:///relative/path.sqlite`` or ``sqlite:////absolute/path.sqlite`` (a bare path means the
  same): the embedded store, one file.
- ``postgresql://user[:password]@host[:port]/database[?schema=name&connect_timeout=seconds
  &pool_size=n&max_overflow=n]``: the shared store (``postgres://`` is accepted too).
- ``memory://``: nothing is kept once the store is closed (for tests).

Only these settings reach eventsourcing: the process environment never configures it directly, so
an ``eventsourcing`` variable set for another application cannot redirect or unkey this store.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from attrs import frozen

from leavingcare.errors import StoreUnavailable

STORE_VARIABLE = "LEAVINGCARE_STORE"
KEY_VARIABLE = "LEAVINGCARE_KEY"
DEFAULT_URL = "sqlite:///leavingcare.sqlite"
"""The embedded store in the working directory, unless ``LEAVINGCARE_STORE`` names another."""

KEY_SIZES = (16, 24, 32)
NEW_KEY_VARIABLE = "LEAVINGCARE_NEW_KEY"
"""The key ``leavingcare rekey`` copies a store under."""

MAX_SCHEMA_NAME = 40
"""The longest schema name a URL may give (PostgreSQL's names are at most 63 bytes; ``rekey`` adds a
suffix of its own to name where it stages a copy)."""
_POSTGRES_OPTIONS = {
    "schema": "POSTGRES_SCHEMA",
    "connect_timeout": "POSTGRES_CONNECT_TIMEOUT",
    "pool_size": "POSTGRES_POOL_SIZE",
    "max_overflow": "POSTGRES_MAX_OVERFLOW",
}
_POSTGRES_DEFAULTS = {
    "POSTGRES_CONNECT_TIMEOUT": "5",
    "POSTGRES_POOL_SIZE": "1",
    "POSTGRES_MAX_OVERFLOW": "9",
    "POSTGRES_PRE_PING": "y",
}
"""Fail within seconds when the server is down; hold one connection, open up to ten under load."""
_POSTGRES_LIMITS = {
    "connect_timeout": (1, 300),
    "pool_size": (1, 100),
    "max_overflow": (0, 100),
}
"""What each whole-number URL parameter may be: PostgreSQL's default ``max_connections`` is 100, so a
larger pool is a typo, and a pool of none, or a timeout of none, would wait for ever."""


@frozen
class Location:
    """A parsed store URL: the backend, its eventsourcing settings, and how messages show it."""

    kind: str
    settings: Mapping[str, str]
    shown: str


def locate(url: str | None = None) -> Location:
    """The store named by ``url``, else by ``LEAVINGCARE_STORE``, else ``./leavingcare.sqlite``."""
    if url is None:
        url = os.environ.get(STORE_VARIABLE) or DEFAULT_URL
    if "://" not in url:
        return _sqlite(url, url)
    scheme = url.split("://", 1)[0].lower()
    if scheme == "memory":
        return Location("memory", {"PERSISTENCE_MODULE": "eventsourcing.popo"}, "memory://")
    if scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.lower().startswith("sqlite:///") else ""
        return _sqlite(path, url)
    if scheme in ("postgresql", "postgres"):
        return _postgres(url)
    raise StoreUnavailable(f"store URL scheme '{scheme}' is not one of memory, sqlite, postgresql")


def _sqlite(path: str, shown: str) -> Location:
    if not path:
        raise StoreUnavailable(f"{shown}: no database file named (write sqlite:///path/to/file.sqlite)")
    name = str(Path(path).expanduser())
    return Location("sqlite", {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": name}, shown)


def _postgres(url: str) -> Location:
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    try:
        port = str(parts.port or 5432)
    except ValueError:
        raise StoreUnavailable("postgresql store URL: the port is not a number") from None
    user = unquote(parts.username) if parts.username else getpass.getuser()
    database = unquote(parts.path.lstrip("/"))
    shown = f"postgresql://{user}@{host}:{port}/{database}"
    if not database:
        raise StoreUnavailable(f"{shown}: no database named")
    settings = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": port,
        "POSTGRES_USER": user,
        "POSTGRES_PASSWORD": unquote(parts.password) if parts.password else "",
        "POSTGRES_DBNAME": database,
        **_POSTGRES_DEFAULTS,
    }
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        variable = _POSTGRES_OPTIONS.get(name)
        if variable is None:
            raise StoreUnavailable(f"{shown}: unknown URL parameter '{name}'")
        if name != "schema":
            low, high = _POSTGRES_LIMITS[name]
            if not value.isdigit() or not low <= int(value) <= high:
                raise StoreUnavailable(f"{shown}: URL parameter '{name}' must be a whole number from {low} to {high}")
            value = str(int(value))
        elif not value or len(value) > MAX_SCHEMA_NAME:
            raise StoreUnavailable(
                f"{shown}: URL parameter 'schema' must name a schema of 1 to {MAX_SCHEMA_NAME} characters"
            )
        settings[variable] = value
    schema = settings.get("POSTGRES_SCHEMA", "")
    if schema:
        shown += f"?schema={schema}"
    return Location("postgresql", settings, shown)


def resolve_key(key: str | None) -> str | None:
    """The encryption key: ``key`` when given, else ``LEAVINGCARE_KEY``; None (or empty) means the
    store is not encrypted. Raises ``StoreUnavailable`` (never showing the key) when it is malformed."""
    if key is None:
        key = os.environ.get(KEY_VARIABLE)
    if not key:
        return None
    try:
        raw = base64.b64decode(key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) not in KEY_SIZES:
        raise StoreUnavailable(f"{KEY_VARIABLE} must be 16, 24 or 32 bytes written in base64 (see new_key())")
    return key.strip()


def key_bytes(key: str) -> bytes:
    return base64.b64decode(key)


def new_key() -> str:
    """A fresh 256-bit key for ``LEAVINGCARE_KEY``, written in base64."""
    return base64.b64encode(os.urandom(32)).decode("ascii")
