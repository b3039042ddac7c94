"""Several young people in one JSONL file, and recording imported histories in a store.

A multi-person file is the interchange format of DESIGN section 5 with ``"person"`` on every line,
each person's lines together; ``leavingcare worklist`` and ``export-cases`` read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from attrs import frozen

from leavingcare.events.codec import encode_envelope
from leavingcare.history import History
from leavingcare.store.bulk import imports
from leavingcare.store.port import HistoryStore


def person_lines(people: Iterable[tuple[str, History]]) -> Iterator[str]:
    """The multi-person JSONL lines of ``people``, ``"person"`` first on each."""
    for person, history in people:
        for envelope in history.envelopes:
            yield json.dumps({"person": person, **encode_envelope(envelope)}) + "\n"


@frozen
class Recorded:
    """What recording one person did: events added, events already there, or why nothing was."""

    person: str
    added: int
    already: int
    error: str | None = None


def record_people(store: HistoryStore, people: Iterable[tuple[str, History]], *, recorded_by: str) -> list[Recorded]:
    """Append each person's events that the store does not already hold, with the store's bulk import
    (``leavingcare.store.bulk``): an import's ids derive from the events' content, so importing the same
    rows again adds nothing, and a later file adds only what is new, such as the end of an episode that
    was open. A person whose events are refused (say, a resubmission that changed an episode already
    recorded) is reported with the reason, naming the person, and the others are recorded."""
    return [
        Recorded(o.person, o.added, o.already, None if o.ok else str(o.error))
        for o in imports(store, people, recorded_by=recorded_by)
    ]
