"""The cattrs mapper: stream records to eventsourcing's stored rows and back.

A row's ``state`` is JSON; its ``topic`` a stable type name, never a module path:

- ``Person/1``: ``{"person": id}``, the first row of a stream;
- an event: ``{"id", "recorded_at", "recorded_by", "event": {fields as in the JSONL format}}`` under
  its type name (``"CareStarted/1"``);
- ``Timeline/2`` (in the snapshot table): ``{"stream", "digest", "key", "born", "timeline"}``, a
  computed timeline (``leavingcare.store.cache``, in the kept form of ``leavingcare.kept``).

With a key every row is sealed (``leavingcare.store.sealing``): AES-GCM bound to the row's table,
stream and version, padded, and an event row's type name is sealed inside it (a ``"type"`` member)
while the stored one is ``Sealed/1`` for every event. A row that does not open where it lies is a
``RowOutOfPlace`` error, never read as the person's; rows an earlier release sealed (its type name in
clear, no binding) are ``EarlierFormat`` unless the mapper is told to read them (``legacy``), which
only copying a store into a new one does.

Events are written and read with the codec's converter, so a stored event is validated exactly as a
JSONL line is; rows stored under an old name are brought up to date by the schema's upcasters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder

from leavingcare.errors import InvalidEvent, StoreUnavailable
from leavingcare.events.codec import Envelope, decode, encode, parse_timestamp
from leavingcare.kept import Entry
from leavingcare.store.cache import computed_to_json, entry_from_text
from leavingcare.store.errors import EarlierFormat, RowOutOfPlace
from leavingcare.store.records import Computed, Recorded, Registered, StreamRecord
from leavingcare.store.schema import REGISTRATION, SEALED, TIMELINE, Schema
from leavingcare.store.sealing import Sealer, Sizes, Table, place


@cache
def _sizes() -> Sizes:
    return Sizes()


class RecordMapper(Mapper[UUID]):
    """Maps ``Registered``, ``Recorded`` and ``Computed`` values to stored rows with stable type names,
    sealed when ``key`` is given."""

    def __init__(self, schema: Schema, transcoder: Transcoder, key: bytes | None = None) -> None:
        super().__init__(transcoder=transcoder)
        self.schema = schema
        self.sealer = Sealer(key) if key is not None else None
        self.legacy = False
        """Whether rows an earlier release sealed are read (only to copy them into a new store)."""
        self._stamps: dict[str, dt.datetime] = {}

    # writing ------------------------------------------------------------------------------------
    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        if isinstance(domain_event, Computed):
            return self.snapshot_row(domain_event)
        if isinstance(domain_event, Registered):
            return self.stored(domain_event.originator_id, domain_event.originator_version, domain_event.person)
        if isinstance(domain_event, Recorded):
            return self.stored(domain_event.originator_id, domain_event.originator_version, domain_event.envelope)
        raise TypeError(f"cannot store a {type(domain_event).__name__}")

    def stored(self, stream: UUID, version: int, item: str | Envelope) -> StoredEvent:
        """The row of a stream's person (``item``: their id) or of one recorded event."""
        if isinstance(item, str):
            return self.row(stream, version, REGISTRATION, {"person": item})
        topic, payload = self.dump(item)
        return self.row(stream, version, topic, payload)

    def row(self, stream: UUID, version: int, topic: str, payload: dict[str, Any]) -> StoredEvent:
        """The events-table row this release writes for a person row (``Person/1``) or an event row
        under the type name ``topic`` (which may be an old one, for rows an upcaster reads)."""
        if self.sealer is None:
            return StoredEvent(stream, version, topic, self.transcoder.encode(payload))
        if topic == REGISTRATION:
            where = place(Table.EVENTS, stream, version, REGISTRATION)
            return StoredEvent(stream, version, REGISTRATION, self.sealer.seal(self.transcoder.encode(payload), where))
        typed = {"type": topic, **payload}
        plain = self.transcoder.encode(typed)
        body = payload.get("event")
        counted = _sizes().counted(
            len(plain),
            topic.rpartition("/")[0],
            topic,
            str(payload.get("recorded_at")),
            body if isinstance(body, dict) else {},
        )
        sealed = self.sealer.seal(plain, place(Table.EVENTS, stream, version, SEALED), counted)
        return StoredEvent(stream, version, SEALED, sealed)

    def snapshot_row(self, computed: Computed) -> StoredEvent:
        """The snapshot-table row of a computed timeline."""
        stream, number = computed.originator_id, computed.originator_version
        plain = self.transcoder.encode(computed_to_json(computed))
        if self.sealer is not None:
            plain = self.sealer.seal(plain, place(Table.SNAPSHOTS, stream, number, TIMELINE))
        return StoredEvent(stream, number, TIMELINE, plain)

    def seal(self, payload: dict[str, Any]) -> bytes:
        """The stored bytes of a payload in a store without a key (a keyed row is sealed at its place:
        ``row``)."""
        if self.sealer is not None:
            raise TypeError("a keyed store seals a row at its place: use row()")
        return self.transcoder.encode(payload)

    # reading ------------------------------------------------------------------------------------
    def to_domain_event(self, stored_event: StoredEvent) -> StreamRecord:
        stream = _stream_of(stored_event)
        version = stored_event.originator_version
        where = _where(stream, version)
        topic, payload = self.opened(stream, version, stored_event.topic, stored_event.state, where)
        return self.load(stream, version, topic, payload, where)

    def person(self, stored_event: StoredEvent) -> Registered | None:
        """The person row of a stream, or None when it does not open where it lies (in a keyed store:
        another place's row, or another key's)."""
        stream = _stream_of(stored_event)
        where = _where(stream, stored_event.originator_version)
        try:
            record = self.to_domain_event(stored_event)
        except RowOutOfPlace:
            return None
        if not isinstance(record, Registered):
            raise InvalidEvent(where, "is not a person row")
        return record

    def envelopes(self, stream: UUID, rows: Iterable[tuple[int, str, bytes]]) -> list[Envelope]:
        """The recorded events of one stream from its event rows (version, topic, state), in the order
        given, each opened and decoded; a person row among them is checked and left out."""
        shown = f"stream {stream}"
        out: list[Envelope] = []
        for version, topic, state in rows:
            where = f"{shown} version {version}"
            real, payload = self.opened(stream, version, topic, state, where)
            if real == REGISTRATION:
                self.load(stream, version, real, payload, where)
                continue
            out.append(self._envelope(real, payload, where))
        return out

    def to_entry(self, stored_event: StoredEvent) -> Entry:
        """A snapshot row read back, still packed; ``ValueError`` when it is not one that opens where it lies."""
        stream = _stream_of(stored_event)
        number = stored_event.originator_version
        if stored_event.topic != TIMELINE:
            raise ValueError(f"snapshot of type '{stored_event.topic}' is not '{TIMELINE}'")
        state = stored_event.state
        if self.sealer is not None:
            opened = self.sealer.open(state, place(Table.SNAPSHOTS, stream, number, TIMELINE))
            if opened is None:
                raise ValueError("snapshot does not open where it lies")
            state = opened
        return entry_from_text(stream, state)

    def opened(
        self, stream: UUID, version: int, topic: str, state: bytes, where: str | Callable[[], str]
    ) -> tuple[str, dict[str, Any]]:
        """An events-table row's type name and payload, opened at its place when the store is keyed."""
        if self.sealer is None:
            if topic == SEALED:
                raise StoreUnavailable(f"{_shown(where)}: cannot be read (it is encrypted: set LEAVINGCARE_KEY)")
            return topic, self._decoded(state, where)
        plain = self.sealer.open(state, place(Table.EVENTS, stream, version, topic))
        if plain is None:
            earlier = topic != SEALED and self.sealer.open_legacy(state)
            if not earlier:
                raise RowOutOfPlace(_shown(where))
            if not self.legacy:
                raise EarlierFormat(_shown(where))
            return topic, self._decoded(earlier, where)
        payload = self._decoded(plain, where)
        if topic == REGISTRATION:
            return topic, payload
        real = payload.pop("type", None)
        if not isinstance(real, str) or real == REGISTRATION:
            raise InvalidEvent(_shown(where), "sealed row names no event type")
        return real, payload

    def _decoded(self, state: bytes, where: str | Callable[[], str]) -> dict[str, Any]:
        try:
            payload = self.transcoder.decode(state)
        except Exception:
            hint = "it is damaged" if self.sealer else "it may be encrypted: set LEAVINGCARE_KEY"
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
        """A record from its type name and payload, upcast to the current event classes; ``where``
        names the row in errors (default: its stream and version)."""
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


def stored_row(mapper: RecordMapper, stream: UUID, version: int, item: str | Envelope, where: str) -> StoredEvent:
    """The stored row of a person id or an envelope; text that cannot be stored (not valid Unicode) is
    refused naming the event, before anything is written."""
    try:
        return mapper.stored(stream, version, item)
    except UnicodeError:
        raise InvalidEvent(where, "holds text that cannot be stored (it is not valid Unicode)") from None
