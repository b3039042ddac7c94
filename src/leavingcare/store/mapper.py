"""The cattrs mapper: stream records to eventsourcing's stored rows and back.

A row's ``topic`` is the stable type name (``"CareStarted/1"``, or ``"Person/1"`` for the row naming
the person), never a module path. Its ``state`` is JSON, encrypted when the store has a key:

- ``Person/1``: ``{"person": id}``
- an event: ``{"id", "recorded_at", "recorded_by", "event": {fields as in the JSONL format}}``
- ``Timeline/1`` (in the snapshot table): ``{"stream", "stream_version", "rows", "key", "born",
  "timeline"}``, a computed timeline (``leavingcare.store.cache``)

Events are written and read with the codec's converter, so a stored event is validated exactly as a
JSONL line is; rows stored under an old name are brought up to date by the schema's upcasters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder

from leavingcare.errors import InvalidEvent, StoreUnavailable
from leavingcare.events.codec import Envelope, decode, encode, parse_timestamp
from leavingcare.store.cache import computed_from_json, computed_to_json
from leavingcare.store.records import Computed, Recorded, Registered, StreamRecord
from leavingcare.store.schema import REGISTRATION, TIMELINE, Schema


class RecordMapper(Mapper[UUID]):
    """Maps ``Registered`` and ``Recorded`` values to stored rows with stable type names."""

    def __init__(
        self,
        schema: Schema,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder=transcoder, compressor=compressor, cipher=cipher)
        self.schema = schema
        self._stamps: dict[str, dt.datetime] = {}

    # eventsourcing's side -----------------------------------------------------------------------
    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        if isinstance(domain_event, Computed):
            topic, payload = TIMELINE, computed_to_json(domain_event)
        elif isinstance(domain_event, Registered | Recorded):
            topic, payload = self.dump(domain_event)
        else:
            raise TypeError(f"cannot store a {type(domain_event).__name__}")
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=self.seal(payload),
        )

    def stored(self, stream: UUID, version: int, item: str | Envelope) -> StoredEvent:
        """The row of a stream's person (``item``: their id) or of one recorded event, as
        ``to_stored_event`` writes it, without building the record first."""
        topic, payload = self.dump(Registered(stream, version, item) if isinstance(item, str) else item)
        return StoredEvent(originator_id=stream, originator_version=version, topic=topic, state=self.seal(payload))

    def to_domain_event(self, stored_event: StoredEvent) -> StreamRecord:
        stream = _stream_of(stored_event)
        version = stored_event.originator_version
        payload = self.unseal(stored_event.state, lambda: _where(stream, version))
        return self.load(stream, version, stored_event.topic, payload)

    def envelopes(self, stream: UUID, rows: Iterable[tuple[int, str, bytes]]) -> list[Envelope]:
        """The recorded events of one stream from its rows (version, topic, state), in the order given;
        each row is opened and decoded as ``to_domain_event`` does, the person row left out."""
        shown = f"stream {stream}"
        out: list[Envelope] = []
        for version, topic, state in rows:
            where = f"{shown} version {version}"
            payload = self.unseal(state, where)
            if topic == REGISTRATION:
                self.load(stream, version, topic, payload, where)  # checked, as when read one stream at a time
                continue
            out.append(self._envelope(topic, payload, where))
        return out

    def to_computed(self, stored_event: StoredEvent) -> Computed:
        """A snapshot row read back; ``ValueError`` (or the unsealing's error) when it is not one."""
        stream = _stream_of(stored_event)
        if stored_event.topic != TIMELINE:
            raise ValueError(f"snapshot of type '{stored_event.topic}' is not '{TIMELINE}'")
        payload = self.unseal(stored_event.state, f"stream {stream} snapshot {stored_event.originator_version}")
        return computed_from_json(stream, stored_event.originator_version, payload)

    # bytes --------------------------------------------------------------------------------------
    def seal(self, payload: dict[str, Any]) -> bytes:
        """The stored bytes of a payload: JSON, compressed and encrypted when so configured."""
        state = self.transcoder.encode(payload)
        if self.compressor:
            state = self.compressor.compress(state)
        if self.cipher:
            state = self.cipher.encrypt(state)
        return state

    def unseal(self, state: bytes, where: str | Callable[[], str]) -> dict[str, Any]:
        """The payload of stored bytes; ``where`` (or what it returns) names the row in errors."""
        try:
            if self.cipher:
                state = self.cipher.decrypt(state)
            if self.compressor:
                state = self.compressor.decompress(state)
            payload = self.transcoder.decode(state)
        except Exception:
            hint = "the key is wrong" if self.cipher else "it may be encrypted: set LEAVINGCARE_KEY"
            raise StoreUnavailable(f"{_shown(where)}: cannot be read ({hint})") from None
        if not isinstance(payload, dict):
            raise InvalidEvent(_shown(where), "stored state is not a JSON object")
        return payload

    # records ------------------------------------------------------------------------------------
    def dump(self, record: StreamRecord | Envelope) -> tuple[str, dict[str, Any]]:
        """The stable type name and JSON payload of a record (or of a recorded envelope)."""
        if isinstance(record, Registered):
            return REGISTRATION, {"person": record.person}
        envelope = record if isinstance(record, Envelope) else record.envelope
        if envelope.recorded_at is None or envelope.recorded_by is None:
            raise ValueError("a recorded envelope carries recorded_at and recorded_by")
        body = encode(envelope.event)
        del body["type"]
        payload = {
            "id": envelope.id,
            "recorded_at": envelope.recorded_at.isoformat(),
            "recorded_by": envelope.recorded_by,
            "event": body,
        }
        return self.schema.topic_of(envelope.event), payload

    def load(
        self, stream: UUID, version: int, topic: str, payload: dict[str, Any], where: str | None = None
    ) -> StreamRecord:
        """A record from its stored type name and payload, upcast to the current event classes;
        ``where`` names the row in errors (default: its stream and version)."""
        if where is None:
            where = _where(stream, version)
        if topic == REGISTRATION:
            person = payload.get("person")
            if not isinstance(person, str):
                raise InvalidEvent(where, "stored person row has no person id")
            return Registered(stream, version, person)
        return Recorded(stream, version, self._envelope(topic, payload, where))

    def _envelope(self, topic: str, payload: dict[str, Any], where: str) -> Envelope:
        body = payload.get("event")
        ident, recorded_by = payload.get("id"), payload.get("recorded_by")
        if not isinstance(body, dict) or not isinstance(ident, str) or not isinstance(recorded_by, str):
            raise InvalidEvent(where, "stored row lacks its event, id or recorded_by")
        name, body = self.schema.current_form(topic, body, where)
        event, _ = decode({**body, "type": name}, where)
        return Envelope(ident, event, self._stamp(payload.get("recorded_at"), where), recorded_by)

    def _stamp(self, value: object, where: str) -> dt.datetime:
        """A stored ``recorded_at``, parsed once for the many rows of a batch that share it."""
        if isinstance(value, str):
            known = self._stamps.get(value)
            if known is not None:
                return known
        try:
            stamp = parse_timestamp(value)
        except ValueError as exc:
            raise InvalidEvent(where, f"stored recorded_at {exc}") from None
        if len(self._stamps) >= STAMPS_KEPT:
            self._stamps.clear()
        self._stamps[str(value)] = stamp
        return stamp


STAMPS_KEPT = 4096
"""Parsed ``recorded_at`` strings kept by a mapper (cleared when full)."""


def _stream_of(stored_event: StoredEvent) -> UUID:
    stream = stored_event.originator_id
    return stream if isinstance(stream, UUID) else UUID(str(stream))


def _where(stream: UUID, version: int) -> str:
    return f"stream {stream} version {version}"


def _shown(where: str | Callable[[], str]) -> str:
    return where if isinstance(where, str) else where()
