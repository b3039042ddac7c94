"""The store port: what the rest of the library and its callers may rely on, whatever the backend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, Self

from attrs import frozen

from leavingcare.duties.findings import Assessment, Timeline
from leavingcare.errors import LeavingCareError
from leavingcare.events.base import Event
from leavingcare.events.codec import Envelope
from leavingcare.history import History
from leavingcare.law import Law
from leavingcare.store.ids import EventIds


@frozen
class Plan:
    """What recording one person's lines appends (``leavingcare.store.recording.plan``): after the
    ``version`` events the stream held when it was planned, ``envelopes``, each with its id,
    ``recorded_at`` and ``recorded_by``, in the order of the lines; ``already`` lines were held."""

    person: str
    version: int
    envelopes: tuple[Envelope, ...]
    already: int = 0

    @property
    def after(self) -> int:
        """The stream's version once the plan is written."""
        return self.version + len(self.envelopes)


@frozen
class Rekeyed:
    """What a key rotation copied: the people and events, into the store at ``to``."""

    people: int
    events: int
    to: str


class HistoryStore(Protocol):
    """An append-only store of young people's histories, one stream per person.

    ``record`` validates the whole resulting history before it appends a person's events, and appends
    all of them or nothing (``write`` appends planned events of several people in one transaction);
    ``history`` replays a person's stream as it stood at ``known_at``; ``people`` and
    ``histories`` stream the whole store one person at a time; ``timelines`` streams what
    ``lc.timeline`` makes of them, reusing what it computed before for people unchanged since.
    ``event_ids`` gives new events the store's ids (keyed with a key, random without).
    """

    event_ids: EventIds

    def record(
        self,
        person: str,
        events: Iterable[Event | Envelope],
        *,
        recorded_by: str,
        recorded_at: dt.datetime | None = None,
        expected_version: int | None = None,
        known_from_the_start: bool = False,
    ) -> int:
        """Append ``events`` to the person's stream; returns the new version (events recorded)."""
        ...

    def write(self, plans: Sequence[Plan]) -> None:
        """Append each plan's envelopes after the version it was planned at, all in one transaction;
        ``ConcurrencyError``, writing nothing, when a stream has moved on since (or, planned at
        version 0, exists)."""
        ...

    def recorded(self, person: str) -> list[Envelope]:
        """The person's envelopes in stream order, as recorded, without validating them ([] for nobody)."""
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

    def histories(self, known_at: dt.datetime | None = None) -> Iterator[tuple[str, History]]:
        """Each person with their history, one at a time (people with nothing known yet are skipped).
        A person whose stored events do not make a valid history raises a typed error naming them
        (``each_history`` reports them and goes on)."""
        ...

    def each_history(self, known_at: dt.datetime | None = None) -> Iterator[tuple[str, History | LeavingCareError]]:
        """``histories``, with the error in place of the history of a person whose stream cannot be read
        or does not hold together, and on to the next person (``StoreUnavailable`` still stops it)."""
        ...

    def timelines(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None
    ) -> Iterator[tuple[str, Timeline]]:
        """Each person with ``lc.timeline`` of their history as ``histories(known_at)`` gives it; with
        everything recorded, a timeline already computed from the same stream may be read back."""
        ...

    def timelines_with_births(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None
    ) -> Iterator[tuple[str, Timeline, dt.date | None]]:
        """``timelines``, each with the person's date of birth."""
        ...

    def each_timeline(
        self, known_at: dt.datetime | None = None, *, law: Law | None = None
    ) -> Iterator[tuple[str, Timeline | LeavingCareError, dt.date | None]]:
        """``timelines_with_births``, with the error in place of the timeline of a person who cannot be
        assessed, and on to the next person (``StoreUnavailable`` still stops it)."""
        ...

    def each_assessment(
        self, on: dt.date, *, law: Law | None = None
    ) -> Iterator[tuple[str, Assessment | LeavingCareError, dt.date | None]]:
        """``each_timeline()``, each timeline taken on ``on`` (a kept one built only as far as ``on``)."""
        ...

    def timeline(self, person: str, known_at: dt.datetime | None = None, *, law: Law | None = None) -> Timeline:
        """``lc.timeline`` of the person's history as ``history(person, known_at)`` gives it."""
        ...

    def rekey(self, to: str, *, key: str | None = None) -> Rekeyed:
        """Copy every stream under ``key`` (else ``LEAVINGCARE_NEW_KEY``) into a new store at ``to``,
        checked person by person before it is put in place (``leavingcare.store.rekey``)."""
        ...

    def close(self) -> None:
        """Release the connections."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...
