"""Several young people in one JSONL file, and recording imported histories in a store.

A multi-person file is the interchange format of DESIGN section 5 with ``"person"`` on every line,
each person's lines together; ``leavingcare worklist`` and ``export-cases`` read it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Protocol

from attrs import frozen

from leavingcare.errors import LeavingCareError
from leavingcare.events.base import Event
from leavingcare.events.codec import Envelope, encode_envelope
from leavingcare.history import History


def person_lines(people: Iterable[tuple[str, History]]) -> Iterator[str]:
    """The multi-person JSONL lines of ``people``, ``"person"`` first on each."""
    for person, history in people:
        for envelope in history.envelopes:
            yield json.dumps({"person": person, **encode_envelope(envelope)}) + "\n"


class Recorder(Protocol):
    """The part of the store (``lc.open_store``) an import needs."""

    def record(
        self,
        person: str,
        events: Iterable[Event | Envelope],
        *,
        recorded_by: str,
        recorded_at: dt.datetime | None = None,
        expected_version: int | None = None,
    ) -> int: ...

    def version(self, person: str) -> int: ...

    def history(self, person: str, known_at: dt.datetime | None = None) -> History: ...


@frozen
class Recorded:
    """What recording one person did: events added, events already there, or why nothing was."""

    person: str
    added: int
    already: int
    error: str | None = None


def record_people(store: Recorder, people: Iterable[tuple[str, History]], *, recorded_by: str) -> list[Recorded]:
    """Append each person's events that the store does not already hold (by event id: an import's ids
    derive from the events' content, so importing the same rows again adds nothing, and a later file
    adds only what is new, such as the end of an episode that was open). One person's batch is all or
    nothing; a person whose batch is refused (say, a resubmission that changed an episode already
    recorded, which overlaps it) is reported with the reason and the others are recorded."""
    out: list[Recorded] = []
    for person, history in people:
        try:
            version = store.version(person)
            held = {e.id for e in store.history(person).envelopes} if version else set()
            new = [Envelope(e.id, e.event) for e in history.envelopes if e.id not in held]
            if new:
                store.record(person, new, recorded_by=recorded_by, expected_version=version)
            out.append(Recorded(person, len(new), len(history) - len(new)))
        except (LeavingCareError, ValueError) as exc:
            out.append(Recorded(person, 0, 0, str(exc)))
    return out
