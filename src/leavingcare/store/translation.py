"""eventsourcing's errors as the library's typed errors.

Messages name the store (its URL without any password), person ids and stream ids, never the fields
of an event; database messages, which may quote data, are not passed on once the store is open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import InfrastructureFactoryError, IntegrityError, PersistenceError

from leavingcare.errors import ConcurrencyError, StoreUnavailable


@contextmanager
def opening(shown: str) -> Iterator[None]:
    """Opening a store: any failure to reach or set up the database is ``StoreUnavailable``."""
    try:
        yield
    except (PersistenceError, InfrastructureFactoryError, OSError, sqlite3.Error) as exc:
        text = str(exc).strip()
        detail = text.splitlines()[0] if text else type(exc).__name__
        raise StoreUnavailable(f"{shown}: cannot be opened ({detail})") from exc


@contextmanager
def using(shown: str, person: str | None = None) -> Iterator[None]:
    """Reading or writing: losing a race to append is a ``ConcurrencyError``; any other database
    failure is ``StoreUnavailable``, naming only the kind of failure."""
    try:
        yield
    except IntegrityError:
        raise ConcurrencyError(
            f"person {person}: another writer recorded events first; read the history again and retry"
        ) from None
    except (PersistenceError, OSError, sqlite3.Error) as exc:
        raise StoreUnavailable(f"{shown}: cannot be reached ({type(exc).__name__})") from None
