"""The store's kept timelines: a ``Computed`` record as the snapshot table holds it (``Timeline/2``),
the kept form of ``leavingcare.kept`` with the stream it belongs to.

The store reuses a kept timeline only when it was computed from exactly the rows now recorded (a
digest of every event row's bytes, ``leavingcare.store.tables.rows_digest``) and under the same
``leavingcare.kept.cache_key``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from leavingcare.kept import Kept, kept_to_json, read_entry
from leavingcare.store.records import Computed

__all__ = ["computed_from_text", "computed_to_json"]


def computed_to_json(record: Computed) -> dict[str, Any]:
    kept = Kept(record.digest, record.key, record.born, record.timeline)
    return {"stream": str(record.originator_id), **kept_to_json(kept)}


def computed_from_text(stream: UUID, version: int, text: bytes) -> Computed:
    """A stored timeline from its JSON text (as the transcoder wrote it: plain JSON); ``ValueError`` when
    it does not belong to ``stream`` or is malformed."""
    entry = read_entry(text)
    if entry.stream != str(stream):
        raise ValueError("stored timeline belongs to another stream")
    kept = entry.kept()
    return Computed(stream, version, kept.digest, kept.key, kept.born, kept.timeline)
