"""The store's kept timelines: a ``Computed`` record as the snapshot table holds it (``Timeline/2``),
the kept form of ``leavingcare.kept`` with the stream it belongs to.

The store reuses a kept timeline only when it was computed from exactly the rows now recorded (a
digest of every event row's bytes, ``leavingcare.store.tables.rows_digest``) and under the same
``leavingcare.kept.cache_key``. A snapshot is read back still packed (``Entry``): its digest and key
are compared first, then its timeline is built whole (``timeline_of``), or only as far as a date
(``assessment_of``, ``kept.Entry.at``), as for a file's cache directory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from leavingcare.duties.findings import Assessment, Timeline
from leavingcare.kept import Entry, Kept, kept_to_json, read_entry
from leavingcare.store.records import Computed

__all__ = ["Held", "assessment_of", "built", "computed_to_json", "entry_from_text", "timeline_of"]

Held = Entry | Computed
"""A person's timeline as the store's warm pass has it: read back still packed, or just computed."""


def computed_to_json(record: Computed) -> dict[str, Any]:
    kept = Kept(record.digest, record.key, record.born, record.timeline)
    return {"stream": str(record.originator_id), **kept_to_json(kept)}


def entry_from_text(stream: UUID, text: bytes) -> Entry:
    """A stored timeline from its JSON text (as the transcoder wrote it: plain JSON), still packed;
    ``ValueError`` when it does not belong to ``stream`` or is malformed."""
    entry = read_entry(text)
    if entry.stream != str(stream):
        raise ValueError("stored timeline belongs to another stream")
    return entry


def timeline_of(held: Held) -> Timeline:
    """The whole timeline."""
    return held.kept().timeline if isinstance(held, Entry) else held.timeline


def assessment_of(held: Held, on: dt.date) -> Assessment:
    """``timeline_of(held).at(on)``; from a kept snapshot, only what holds on ``on`` is built."""
    return held.at(on) if isinstance(held, Entry) else held.timeline.at(on)


_T = TypeVar("_T")


def built(build: Callable[[Held], _T], entry: Entry) -> _T | None:
    """What ``build`` makes of a kept entry whose digest and key matched; None when it cannot be built
    (positions that do not hold): the timeline is then computed again."""
    try:
        return build(entry)
    except Exception:
        return None
