"""Reading JSONL lines into envelopes (DECISIONS D59): a fast path for the lines it can vouch for, and the
strict reader (``codec.read_line``, ``codec.envelope_from``) for every other line, for its event or for
its error.

The fast path decodes a line with msgspec straight into a typed value made, at import, from each event
class's own attrs fields (one definition per event type: the class), with the envelope's members beside
them. msgspec checks the JSON, the event type, the members (no unknown one, none missing) and their JSON
types and dates; the event class is then built, which runs its validators (codes, GSS codes as of ``on``,
the dates accepted), and the envelope's id, ``recorded_at`` and ``recorded_by`` are checked as the strict
reader checks them. A line the fast path is not certain of is left to the strict reader: any line holding
a backslash (an escape may hide a lone surrogate or a quote), one that names a member twice (msgspec
would keep the last), one longer than ``MAX_LINE_BYTES``, one that is not valid UTF-8, and any line
msgspec or a validator refuses. So the fast path never accepts a line the strict reader refuses, gives
the same envelope for every line it accepts, and every message stays the strict reader's
(``tests/test_decoding_paths.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Union

import attrs
import msgspec
from msgspec import UNSET, UnsetType

from leavingcare.events.base import EVENT_TYPES, Event
from leavingcare.events.codec import (
    ENVELOPE_KEYS,
    MAX_LINE_BYTES,
    Envelope,
    bounded,
    envelope_from,
    parse_timestamp,
    read_line,
    without_bom,
)

ABSENT: Any = UNSET
"""The ``person`` of a line that has no ``person`` member (one given as ``null`` is None)."""

_ENVELOPE_FIELDS = ("id", "recorded_at", "recorded_by", "person")
assert frozenset(_ENVELOPE_FIELDS) | {"type"} == ENVELOPE_KEYS
_MEMBER_END = re.compile(rb'"[ \t\r\n]*:')
_MEMBER_END_TEXT = re.compile(r'"[ \t\r\n]*:')
_SPACED = re.compile(rb'"[ \t\r\n]+:')
_SPACED_TEXT = re.compile(r'"[ \t\r\n]+:')


class Line(NamedTuple):
    """One line read: its number, its ``person`` member as given (``ABSENT`` when it has none), and its
    event, read already (``envelope``, by the fast path) or still to be read from its JSON object
    (``obj``, by the strict reader)."""

    number: int
    person: Any
    envelope: Envelope | None
    obj: dict[str, Any] | None

    def read(self) -> Envelope:
        """The line's envelope; ``InvalidEvent`` naming the line when its event cannot be read."""
        if self.envelope is not None:
            return self.envelope
        assert self.obj is not None
        return envelope_from(self.obj, self.number, f"line {self.number}")


def _typed(cls: type[Event]) -> tuple[type[msgspec.Struct], tuple[str, ...]]:
    """The msgspec type of the lines of one event class: its fields, then the envelope's members, all
    left out when absent (``UNSET``) except the required ones; ``type`` is the tag."""
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for attribute in attrs.fields(cls):
        if attribute.default is attrs.NOTHING:
            fields.append((attribute.name, attribute.type))
        else:
            fields.append((attribute.name, Union[attribute.type, UnsetType], UNSET))  # noqa: UP007
    fields.extend((name, Union[str, None, UnsetType], UNSET) for name in _ENVELOPE_FIELDS)  # noqa: UP007
    struct = msgspec.defstruct(
        cls.__name__, fields, tag_field="type", tag=cls.__name__, forbid_unknown_fields=True, kw_only=True
    )
    return struct, tuple(attribute.name for attribute in attrs.fields(cls))


_TYPED = {struct: (cls, names) for cls in EVENT_TYPES.values() for struct, names in [_typed(cls)]}
_DECODER: msgspec.json.Decoder[Any] = msgspec.json.Decoder(Union[tuple(_TYPED)])  # noqa: UP007


def fast(raw: str | bytes, number: int) -> Line | None:
    """Line ``number`` read by the fast path, or None when the fast path cannot vouch for it (the
    strict reader then reads it: it may be blank, or refused)."""
    if isinstance(raw, bytes):
        if b"\\" in raw or len(raw) > MAX_LINE_BYTES:
            return None
        if not raw.isascii():
            try:
                return _vouched(raw.decode("utf-8"), number, _MEMBER_END_TEXT)
            except UnicodeDecodeError:
                return None
        return _vouched(raw, number, _MEMBER_END)
    if "\\" in raw or len(raw) * 4 > MAX_LINE_BYTES:
        return None  # a long line of text is measured, and refused when too long, by the strict reader
    return _vouched(raw, number, _MEMBER_END_TEXT)


def _members(raw: Any, member_end: re.Pattern[Any]) -> int:
    """How many members a line without a backslash gives, nested ones included: each ``"`` followed by
    ``:`` ends the name of one (a string holds no ``"`` unescaped). Counted by ``count`` when no ``"`` is
    followed by white space and then ``:`` (as in every line a JSON library writes); else by the
    pattern."""
    quote, spaced = (b'":', _SPACED) if isinstance(raw, bytes) else ('":', _SPACED_TEXT)
    return raw.count(quote) if spaced.search(raw) is None else len(member_end.findall(raw))


def _vouched(raw: Any, number: int, member_end: re.Pattern[Any]) -> Line | None:
    try:
        value = _DECODER.decode(raw)
        cls, names = _TYPED[type(value)]
        given = msgspec.structs.astuple(value)
        if _members(raw, member_end) != 1 + len(given) - given.count(UNSET):
            return None  # a member given twice
        fields = given[: len(names)]
        if UNSET in fields:
            event = cls(**{name: item for name, item in zip(names, fields, strict=True) if item is not UNSET})
        else:
            event = cls(*fields)
        ident, stamp, recorder, person = given[len(names) :]
        if ident == "" or recorder == "":
            return None  # refused (an id to be derived from the content is left out, or null)
        recorded_at = None if stamp is UNSET or stamp is None else parse_timestamp(stamp)
        recorder = None if recorder is UNSET else recorder
        # the envelope checks the id and the recorder as identifiers
        return Line(number, person, Envelope(ident or "", event, recorded_at, recorder, number), None)
    except Exception:  # anything refused is read again by the strict reader, for its message
        return None


NOT_VOUCHED: Any = object()
"""What ``person_of`` gives for a line it cannot vouch for."""


def person_of(raw: str | bytes) -> Any:
    """The ``person`` member (``ABSENT`` when it has none) of a line that ``line`` would read without
    raising, its event still unread: the fast path's checks but for building the event (no backslash,
    not too long, UTF-8, a JSON object of an event type whose members have their JSON types, none given
    twice). ``NOT_VOUCHED`` for any other line, which ``line`` must read."""
    member_end: re.Pattern[Any] = _MEMBER_END_TEXT
    if isinstance(raw, bytes):
        if b"\\" in raw or len(raw) > MAX_LINE_BYTES:
            return NOT_VOUCHED
        if raw.isascii():
            member_end = _MEMBER_END
        else:
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                return NOT_VOUCHED
    elif "\\" in raw or len(raw) * 4 > MAX_LINE_BYTES:
        return NOT_VOUCHED
    try:
        given = msgspec.structs.astuple(_DECODER.decode(raw))
    except Exception:  # refused: the strict reader reads it, for its message
        return NOT_VOUCHED
    if _members(raw, member_end) != 1 + len(given) - given.count(UNSET):
        return NOT_VOUCHED  # a member given twice
    return given[-1]


def persons_of(raws: Sequence[str | bytes]) -> list[Any]:
    """``person_of`` of each line, the scans for backslashes, spaced member names and members given
    twice made once over the lines together when they are all ASCII bytes: the members named in their
    text together (a ``":`` a line's end and the next line's start made counts more, never fewer) equal
    to those decoded together means equal line by line, since a line never names fewer than it
    decodes. Otherwise, or for any line not decoded, each line on its own."""
    whole = [raw for raw in raws if isinstance(raw, bytes)]
    joined = b"".join(whole)
    if len(whole) != len(raws) or b"\\" in joined or not joined.isascii() or _SPACED.search(joined):
        return [person_of(raw) for raw in raws]
    persons: list[Any] = []
    members = 0
    try:
        for raw in raws:
            if len(raw) > MAX_LINE_BYTES:
                raise ValueError
            given = msgspec.structs.astuple(_DECODER.decode(raw))
            members += 1 + len(given) - given.count(UNSET)
            persons.append(given[-1])
    except Exception:  # a line refused: each read on its own
        return [person_of(raw) for raw in raws]
    if joined.count(b'":') != members:
        return [person_of(raw) for raw in raws]
    return persons


def line(raw: str | bytes, number: int) -> Line | None:
    """Line ``number`` (None when it is blank): by the fast path when it vouches for it, else by the
    strict reader, which raises ``InvalidEvent`` naming the line when it is not a JSON object (its event
    is read, and refused, by ``Line.read``)."""
    found = fast(raw, number)
    if found is not None:
        return found
    obj = read_line(raw, number)
    return None if obj is None else Line(number, obj.get("person", ABSENT), None, obj)


def lines(source: Iterable[str | bytes], *, first_line: int = 1) -> Iterator[Line]:
    """The lines of JSONL text (a file is read line by line, each at most ``MAX_LINE_BYTES``), skipping
    blank lines; raises on the first line that is not a JSON object. A byte order mark may open line 1."""
    for number, raw in enumerate(bounded(source), start=first_line):
        found = line(without_bom(raw) if number == 1 else raw, number)
        if found is not None:
            yield found
