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

    def to_domain_event(self, stored_event: StoredEvent) -> StreamRecord:
        stream = stored_event.originator_id
        if not isinstance(stream, UUID):
            stream = UUID(str(stream))
        payload = self.unseal(stored_event.state, f"stream {stream} version {stored_event.originator_version}")
        return self.load(stream, stored_event.originator_version, stored_event.topic, payload)

    def to_computed(self, stored_event: StoredEvent) -> Computed:
        """A snapshot row read back; ``ValueError`` (or the unsealing's error) when it is not one."""
        stream = stored_event.originator_id
        if not isinstance(stream, UUID):
            stream = UUID(str(stream))
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

    def unseal(self, state: bytes, where: str) -> dict[str, Any]:
        try:
            if self.cipher:
                state = self.cipher.decrypt(state)
            if self.compressor:
                state = self.compressor.decompress(state)
            payload = self.transcoder.decode(state)
        except Exception:
            hint = "the key is wrong" if self.cipher else "it may be encrypted: set LEAVINGCARE_KEY"
            raise StoreUnavailable(f"{where}: cannot be read ({hint})") from None
        if not isinstance(payload, dict):
            raise InvalidEvent(where, "stored state is not a JSON object")
        return payload

    # records ------------------------------------------------------------------------------------
    def dump(self, record: StreamRecord) -> tuple[str, dict[str, Any]]:
        """The stable type name and JSON payload of a record."""
        if isinstance(record, Registered):
            return REGISTRATION, {"person": record.person}
        envelope = record.envelope
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

    def load(self, stream: UUID, version: int, topic: str, payload: dict[str, Any]) -> StreamRecord:
        """A record from its stored type name and payload, upcast to the current event classes."""
        where = f"stream {stream} version {version}"
        if topic == REGISTRATION:
            person = payload.get("person")
            if not isinstance(person, str):
                raise InvalidEvent(where, "stored person row has no person id")
            return Registered(stream, version, person)
        body = payload.get("event")
        ident, recorded_by = payload.get("id"), payload.get("recorded_by")
        if not isinstance(body, dict) or not isinstance(ident, str) or not isinstance(recorded_by, str):
            raise InvalidEvent(where, "stored row lacks its event, id or recorded_by")
        name, body = self.schema.current_form(topic, body, where)
        event, _ = decode({**body, "type": name}, where)
        try:
            recorded_at = parse_timestamp(payload.get("recorded_at"))
        except ValueError as exc:
            raise InvalidEvent(where, f"stored recorded_at {exc}") from None
        return Recorded(stream, version, Envelope(ident, event, recorded_at, recorded_by))
