"""The store's kept timelines: a ``Computed`` record as the snapshot table holds it (``Timeline/2``),
the kept form of ``leavingcare.kept`` with the stream it belongs to.

The store reuses a kept timeline only when it was computed from exactly the rows now recorded (a
digest of every event row's bytes, ``leavingcare.store.tables.rows_digest``) and under the same
``leavingcare.kept.cache_key``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from leavingcare.kept import Kept, kept_from_json, kept_to_json
from leavingcare.store.records import Computed

__all__ = ["computed_from_json", "computed_to_json"]


def computed_to_json(record: Computed) -> dict[str, Any]:
    kept = Kept(record.digest, record.key, record.born, record.timeline)
    return {"stream": str(record.originator_id), **kept_to_json(kept)}


def computed_from_json(stream: UUID, version: int, data: dict[str, Any]) -> Computed:
    """A stored timeline; ``ValueError`` when it does not belong to ``stream`` or is malformed."""
    if data.get("stream") != str(stream):
        raise ValueError("stored timeline belongs to another stream")
    kept = kept_from_json(data)
    return Computed(stream, version, kept.digest, kept.key, kept.born, kept.timeline)
