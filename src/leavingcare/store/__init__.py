"""The persistent store (DESIGN section 7): one append-only stream of events per young person, on
eventsourcing, in memory, in an SQLite file or in PostgreSQL, encrypted at rest when keyed.

This package is the only part of the library that imports eventsourcing, and it does so only when a
store is opened, so ``import leavingcare`` stays light.

    store = lc.open_store("sqlite:///leavingcare.sqlite")
    version = store.record("person-1", events, recorded_by="caseworker-7")
    history = store.history("person-1", known_at=when)
    for person, history in store.histories():
        ...
"""

from __future__ import annotations

from leavingcare.provenance import read_the_code_now
from leavingcare.store.config import (
    DEFAULT_URL,
    KEY_VARIABLE,
    NEW_KEY_VARIABLE,
    STORE_VARIABLE,
    locate,
    new_key,
    resolve_key,
)
from leavingcare.store.errors import UnknownPerson
from leavingcare.store.port import HistoryStore
from leavingcare.store.schema import UPCASTERS, VERSIONS, Schema, Upcaster

__all__ = [
    "DEFAULT_URL",
    "KEY_VARIABLE",
    "NEW_KEY_VARIABLE",
    "STORE_VARIABLE",
    "UPCASTERS",
    "VERSIONS",
    "HistoryStore",
    "Schema",
    "UnknownPerson",
    "Upcaster",
    "new_key",
    "open_store",
]


read_the_code_now()


def open_store(
    url: str | None = None, *, key: str | None = None, schema: Schema | None = None, create: bool = True
) -> HistoryStore:
    """Open (creating when needed) the store at ``url``: ``sqlite:///path``, ``postgresql://user@host:port/db``
    or ``memory://``; without a URL, ``LEAVINGCARE_STORE``, else ``./leavingcare.sqlite``.

    With ``key`` (else ``LEAVINGCARE_KEY``), a base64 AES key of 16, 24 or 32 bytes, every stored row is
    sealed with AES-GCM, bound to its place (``leavingcare.store.sealing``). ``schema`` reads rows
    stored under older type names (its default holds the project's own upcasters). With
    ``create=False`` nothing is created: a store that is not there (no SQLite file, no PostgreSQL
    schema holding the store's tables) is ``StoreUnavailable``. Raises ``StoreUnavailable`` when the
    database cannot be opened or reached, or the key is malformed.
    """
    from leavingcare.store.service import Store

    return Store(locate(url), key=resolve_key(key), schema=schema, create=create)
