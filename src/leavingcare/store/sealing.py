"""How a keyed store seals its rows: AES-GCM bound to the row's place, padded to hide sizes.

With a key, every stored row's bytes are ``nonce (12) | tag (16) | ciphertext``, as eventsourcing's
``AESCipher`` writes them, with three differences that eventsourcing's cipher cannot make:

- **Bound to its place.** The row's table, stream id, version and stored type name are the AES-GCM
  associated data: a row moved to another stream, swapped with another row, copied from the snapshot
  table into the events table or given another stored type name does not open there (``place``).
- **Padded.** The plaintext is padded (ISO/IEC 7816-4: a ``0x80`` byte, then zeros) to a multiple of
  ``BUCKET`` bytes, from a length in which every value that is not an identifier counts as the longest
  it may be: its event type's name, its ``recorded_at``, its date fields, flags, codes of closed lists,
  authority and area codes, and the fields another event type has and it has not (``Sizes``). So two
  event rows with ids, ``recorded_by`` and application or offer ids of the same lengths have the same
  size, whatever their type and values (a ``Moved`` to bed and breakfast as a ``Born``).
- **Its type inside.** The stored type name is one constant (``schema.SEALED``) and the real one,
  ``CareStarted/1``, is a member of the sealed payload (``leavingcare.store.mapper``).

Rows written by a release before these (plain type names, no associated data, no padding) open only
with ``open_legacy``, which the store uses for copying an old store into a new one (``rekey``).
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import typing
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from leavingcare.events import EVENT_TYPES
from leavingcare.events import base as event_base
from leavingcare.events.base import Event

BUCKET = 64
"""Sealed plaintexts are padded to a multiple of this many bytes."""
NONCE, TAG = 12, 16
_PAD = b"\x80"
_LABEL = b"leavingcare row"


class Table:
    """Which table a row is bound to (part of its associated data)."""

    EVENTS = b"events"
    SNAPSHOTS = b"snapshots"


def place(table: bytes, stream: UUID, version: int, topic: str) -> bytes:
    """The associated data binding a row to its table, stream and version, and to its stored type name."""
    return b"\x00".join((_LABEL, table, stream.bytes + version.to_bytes(8, "big", signed=True), topic.encode("utf-8")))


def pad(plain: bytes, counted: int) -> bytes:
    """``plain`` padded to the multiple of ``BUCKET`` that holds ``counted`` bytes (at least its own
    length) and the padding's first byte."""
    size = max(counted, len(plain)) + 1
    size += -size % BUCKET
    return plain + _PAD + b"\x00" * (size - len(plain) - 1)


def unpad(padded: bytes) -> bytes:
    """The plaintext inside ``pad``'s output; ``ValueError`` when it is not padded so."""
    plain = padded.rstrip(b"\x00")
    if not plain.endswith(_PAD):
        raise ValueError("sealed row is not padded")
    return plain[:-1]


class Sealer:
    """AES-GCM under the store's key, each row bound to its place."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plain: bytes, where: bytes, counted: int = 0) -> bytes:
        """The stored bytes of ``plain`` at place ``where``, padded as if ``counted`` bytes long."""
        nonce = os.urandom(NONCE)
        sealed = self._aead.encrypt(nonce, pad(plain, counted), where)
        return nonce + sealed[-TAG:] + sealed[:-TAG]

    def open(self, state: bytes, where: bytes) -> bytes | None:
        """The plaintext of a row sealed at ``where``; None when it was not (another place, another key,
        damaged, or a row of an earlier release)."""
        opened = self._open(state, where)
        if opened is None:
            return None
        try:
            return unpad(opened)
        except ValueError:
            return None

    def open_legacy(self, state: bytes) -> bytes | None:
        """The plaintext of a row an earlier release sealed (no associated data, no padding); None
        when it was not sealed so under this key."""
        return self._open(state, None)

    def _open(self, state: bytes, where: bytes | None) -> bytes | None:
        if len(state) < NONCE + TAG:
            return None
        nonce, tag, body = state[:NONCE], state[NONCE : NONCE + TAG], state[NONCE + TAG :]
        try:
            return self._aead.decrypt(nonce, body + tag, where)
        except InvalidTag:
            return None


# sizes -------------------------------------------------------------------------------------------

_LONGEST_STAMP = len(json.dumps("0001-01-01T00:00:00.000000+00:00"))
"""``recorded_at`` as stored, at its longest (with microseconds and an offset)."""
_AUTHORITY_CODE = len(json.dumps("E00000000"))
"""A GSS code: nine characters."""
_AUTHORITY_VALIDATORS = (
    event_base.childrens_authority,
    event_base.housing_authority,
    event_base.public_authority,
    event_base.local_housing_authority,
    event_base.area,
)


def _member(name: str, value_length: int) -> int:
    """The bytes one member takes in compact JSON (``"name":value,``)."""
    return len(json.dumps(name)) + 1 + value_length + 1


def _closed_set(validator: Any) -> Any:
    """The codes a ``one_of`` validator accepts, or None for any other validator."""
    if not getattr(validator, "__qualname__", "").startswith("one_of."):
        return None
    return inspect.getclosurevars(validator).nonlocals.get("codes")


def longest_value(cls: type[Event], attribute: attrs.Attribute[Any]) -> int | None:
    """The longest a field's JSON value can be when that is bounded by what the field means (a date,
    a flag, a code of a closed list, a GSS code); None for identifiers and free text, which count at
    their own length."""
    kinds = typing.get_args(attribute.type) or (attribute.type,)
    if bool in kinds:
        return len("false")
    if dt.date in kinds:
        return len(json.dumps("2000-01-01"))
    if attribute.validator in _AUTHORITY_VALIDATORS:
        return _AUTHORITY_CODE
    codes = _closed_set(attribute.validator)
    if codes:
        return max(len(json.dumps(code, ensure_ascii=False).encode("utf-8")) for code in codes)
    return None


class Sizes:
    """How long a sealed event row counts as before padding: its own length, with the parts that tell
    its type or a value (the type name, ``recorded_at``, and every bounded field) counted at the
    longest any event row's can be."""

    def __init__(self, types: Mapping[str, type[Event]] = EVENT_TYPES) -> None:
        self.bounded: dict[str, dict[str, int]] = {
            name: {
                a.name: _member(a.name, longest)
                for a in attrs.fields(cls)
                if (longest := longest_value(cls, a)) is not None
            }
            for name, cls in types.items()
        }
        self._fields: dict[str, tuple[tuple[str, int], ...]] = {
            name: tuple((field, _member(field, 0)) for field in fields) for name, fields in self.bounded.items()
        }
        """Each type's bounded fields, with the bytes a member takes besides its value."""
        self.body_floor = max(sum(fields.values()) for fields in self.bounded.values())
        self.topic_floor = max(len(json.dumps(f"{name}/999")) for name in types)

    def counted(self, length: int, name: str, topic: str, stamp: str, body: Mapping[str, Any]) -> int:
        """The length a row of ``length`` bytes counts as: its event type ``name`` stored as ``topic``,
        its ``recorded_at`` written ``stamp``, its fields ``body`` (as JSON values)."""
        held = 0
        for field, besides in self._fields.get(name, ()):
            value = body.get(field)
            if value is not None:
                held += besides + _value_length(value)
        return (
            length
            + (self.topic_floor - _value_length(topic))
            + (_LONGEST_STAMP - _value_length(stamp))
            + (self.body_floor - held)
        )


def _value_length(value: object) -> int:
    """The bytes a JSON value takes as the store's transcoder writes it. The values counted are
    validated dates, codes, flags and type names, plain ASCII text needing no escape; anything else
    is measured by writing it."""
    if value is True:
        return 4
    if value is False:
        return 5
    if isinstance(value, str) and value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return len(value) + 2
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
