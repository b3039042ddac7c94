"""What a stream holds: its first row names the person, each later row is one recorded event; and
what the snapshot store keeps for a stream: the timeline last computed from it.

Stream ids are derived from the caller's person id, so finding a person's stream needs no lookup:
``uuid5`` of the id in the project's namespace, or, when the store is encrypted, a keyed hash of it,
so that the database alone cannot confirm whether a given person id is in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from uuid import UUID

from attrs import frozen

from leavingcare.duties.findings import Timeline
from leavingcare.events.codec import Envelope

PERSON_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "leavingcare:person")
"""Fixed for ever: a different namespace would put every person in a new, empty stream."""
_SUBKEY_LABEL = b"leavingcare stream ids\x00"

FIRST_EVENT = 2
"""Stream version of the first event: version 1 is the row naming the person."""


@frozen
class Registered:
    """The first row of a stream: the person id it belongs to (encrypted with the events)."""

    originator_id: UUID
    originator_version: int
    person: str


@frozen
class Recorded:
    """One event as recorded: the envelope with its id, ``recorded_at`` and ``recorded_by``."""

    originator_id: UUID
    originator_version: int
    envelope: Envelope


StreamRecord = Registered | Recorded


@frozen
class Computed:
    """A person's timeline as computed from the event rows of their stream whose digest is ``digest``
    (``leavingcare.store.tables.rows_digest``), under ``key``; kept as snapshot number
    ``originator_version`` of the stream."""

    originator_id: UUID
    originator_version: int
    digest: str
    key: str
    born: dt.date | None
    timeline: Timeline


class StreamIds:
    """Derives a person's stream id: ``uuid5`` without a key, a keyed hash with one."""

    def __init__(self, key: bytes | None = None) -> None:
        self._subkey = hashlib.sha256(_SUBKEY_LABEL + key).digest() if key is not None else None

    def of(self, person: str) -> UUID:
        if self._subkey is None:
            return uuid.uuid5(PERSON_NAMESPACE, person)
        digest = hmac.new(self._subkey, person.encode("utf-8"), hashlib.sha256).digest()
        return UUID(bytes=digest[:16], version=5)
