"""The store port: what the rest of the library and its callers may rely on, whatever the backend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, Self

from attrs import frozen

from leavingcare.duties.findings import Timeline
from leavingcare.events.base import Event
from leavingcare.events.codec import Envelope
from leavingcare.history import History
from leavingcare.law import Law
from leavingcare.store.errors import Failed


@frozen
class Batch:
    """Events recorded together: one ``store.record`` with this time (None: now) and recorder."""

    at: dt.datetime | None
    by: str
    envelopes: tuple[Envelope, ...]


class HistoryStore(Protocol):
    """An append-only store of young people's histories, one stream per person.

    ``record`` validates the whole resulting history before it appends a batch, and appends all of
    it or nothing; ``history`` replays a person's stream as it stood at ``known_at``; ``people`` and
    ``histories`` stream the whole store one person at a time; ``timelines`` streams what
    ``lc.timeline`` makes of them, reusing what it computed before for people unchanged since.
    """

    def record(
        self,
        person: str,
        events: Iterable[Event | Envelope],
        *,
        recorded_by: str,
        recorded_at: dt.datetime | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Append ``events`` to the person's stream; returns the new version (events recorded)."""
        ...

    def record_new(self, people: Sequence[tuple[str, Sequence[Batch]]], *, checked: bool = False) -> list[int]:
        """Record people who have nothing recorded yet, each in their batches, all in one transaction;
        returns each person's version. ``ConcurrencyError``, recording nobody, when one of them has.
        ``checked``: the caller has validated the history after each batch (as ``bulk.plan`` does)."""
        ...

    def version(self, person: str) -> int:
        """How many events are recorded for the person (0 for a person never recorded)."""
        ...

    def history(self, person: str, known_at: dt.datetime | None = None) -> History:
        """The person's history with the events recorded by ``known_at`` (None: all)."""
        ...

    def people(self) -> Iterator[str]:
        """Every person id in the store, in the order they were first recorded."""
        ...

    def histories(
        self, known_at: dt.datetime | None = None, *, failed: Failed | None = None
    ) -> Iterator[tuple[str, History]]:
        """Each person with their history, one at a time (people with nothing known yet are skipped).
        A person whose stored events do not make a valid history raises a typed error naming them, or,
        with ``failed``, is handed to it and left out, and the others follow."""
        ...

    def timelines(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None, failed: Failed | None = None
    ) -> Iterator[tuple[str, Timeline]]:
        """Each person with ``lc.timeline`` of their history as ``histories(known_at)`` gives it; with
        everything recorded, a timeline already computed from the same stream may be read back."""
        ...

    def timelines_with_births(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None, failed: Failed | None = None
    ) -> Iterator[tuple[str, Timeline, dt.date | None]]:
        """``timelines``, each with the person's date of birth."""
        ...

    def timeline(self, person: str, known_at: dt.datetime | None = None, *, law: Law | None = None) -> Timeline:
        """``lc.timeline`` of the person's history as ``history(person, known_at)`` gives it."""
        ...

    def close(self) -> None:
        """Release the connections."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...
