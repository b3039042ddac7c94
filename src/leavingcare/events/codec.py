"""The JSONL interchange format (DESIGN section 5): one JSON object per line,
``{"type": "CareStarted", "on": "2017-01-09", ...fields}`` with optional ``id``, ``recorded_at``
(ISO 8601 with a zone) and ``recorded_by``.

One cattrs converter reads and writes it, strictly: no coercion of strings to booleans or numbers
to strings, no unknown fields, dates as ``YYYY-MM-DD``. This is the strict reader, whose messages say
what is wrong with a line; files are read through ``events.decoder``, whose fast path reads the lines it
can vouch for and leaves every other line to this reader (D59).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import re
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs
import cattrs
from attrs import frozen
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from leavingcare.canonical import canonical
from leavingcare.errors import InvalidEvent
from leavingcare.events.base import EVENT_TYPES, FAMILIES, ID_SCHEMA, SCHEMAS, Event, check_id, unicode_text

MAX_LINE_BYTES = 64 * 1024
"""A line longer than this is rejected before parsing (no event needs more than a few hundred bytes)."""

ENVELOPE_KEYS = frozenset({"type", "id", "recorded_at", "recorded_by", "person"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _envelope_id(instance: Envelope, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An envelope's id, or its recorder, when given (an empty id is given one from the event's content)."""
    if value not in ("", None):
        check_id(value, "envelope", attribute.name)


@frozen
class Envelope:
    """An event as recorded: its id, when the system learned it, who recorded it, where it was read.
    The id and the recorder are identifiers (``events.base.id_problem``)."""

    id: str = attrs.field(validator=_envelope_id)
    """Empty when the history is to give it one from the event's content."""
    event: Event
    recorded_at: dt.datetime | None = None
    recorded_by: str | None = attrs.field(default=None, validator=_envelope_id)
    line: int | None = None

    @property
    def where(self) -> str:
        """How messages refer to this event: by line when read from a file, else by id."""
        name = type(self.event).__name__
        return f"line {self.line} ({name})" if self.line is not None else f"event {self.id} ({name})"


def _structure_date(value: Any, _: type) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a real calendar date") from None


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def parse_timestamp(value: Any) -> dt.datetime:
    """An ISO 8601 timestamp that carries its zone."""
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 timestamp with a zone")
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("must be an ISO 8601 timestamp with a zone") from None
    if stamp.tzinfo is None:
        raise ValueError("must carry a time zone")
    try:
        stamp.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("is outside the range of dates that can be converted to UTC") from None
    return stamp


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(str, _structure_str)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    return converter


converter = _make_converter()


def _reason(exc: BaseException) -> str:
    """A one-line reason from a cattrs error tree, naming fields, never values."""
    if isinstance(exc, InvalidEvent):
        return _field_reason(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return unknown_fields(exc.extra_fields)
    if isinstance(exc, ClassValidationError | IterableValidationError):
        reasons = []
        for sub in exc.exceptions:
            note = next((n for n in getattr(sub, "__notes__", []) if "@ attribute" in str(n)), None)
            field_name = str(note).rsplit("@ attribute ", 1)[-1] if note else None
            if isinstance(sub, KeyError):
                reasons.append(f"missing field '{field_name}'" if field_name else "missing field")
            elif field_name:
                reasons.append(f"field '{field_name}' {_reason(sub)}")
            else:
                reasons.append(_reason(sub))
        return "; ".join(reasons)
    if isinstance(exc, ValueError | TypeError):
        message = str(exc)
        return message if message and len(message) < 120 else "has an invalid value"
    return "is malformed"


def unknown_fields(names: Iterable[str]) -> str:
    """How many unknown fields a line has, naming only those that look like field names."""
    every = set(names)
    shown = sorted(name for name in every if looks_like_field_name(name))
    hidden = len(every) - len(shown)
    head = f"{len(every)} unknown field(s)"
    if not hidden:
        return f"{head}: {', '.join(shown)}"
    unnamed = f"{hidden} whose name{' is' if hidden == 1 else 's are'} not shown (not a field name)"
    return f"{head}: {', '.join(shown)}, and {unnamed}" if shown else f"{head}, {unnamed}"


def decode(obj: Any, where: str) -> tuple[Event, dict[str, Any]]:
    """One event from a decoded JSON object; returns the event and the envelope keys found."""
    if not isinstance(obj, dict):
        raise InvalidEvent(where, "must be a JSON object")
    kind = obj.get("type")
    if not isinstance(kind, str):
        raise InvalidEvent(where, "missing field 'type'")
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise InvalidEvent(where, "unknown event type")
    body = dict(obj)
    meta = {key: body.pop(key) for key in ENVELOPE_KEYS.intersection(obj)}
    try:
        event = converter.structure(body, cls)
    except InvalidEvent as exc:
        raise exc.relocated(f"{where} ({kind})", _field_reason(exc)) from None
    except (ClassValidationError, ValueError, TypeError, KeyError) as exc:
        leaf = _first_event_error(exc)
        if leaf is not None:
            raise leaf.relocated(f"{where} ({kind})", _field_reason(leaf)) from None
        raise InvalidEvent(f"{where} ({kind})", _reason(exc)) from None
    return event, meta


def _field_reason(exc: InvalidEvent) -> str:
    """A validator's reason, prefixed with the field it names (its ``where`` is ``Class.field``)."""
    field_name = exc.where.rsplit(".", 1)[-1] if "." in exc.where else None
    return f"field '{field_name}' {exc.reason}" if field_name else exc.reason


def _first_event_error(exc: BaseException) -> InvalidEvent | None:
    if isinstance(exc, InvalidEvent):
        return exc
    for sub in getattr(exc, "exceptions", ()):
        found = _first_event_error(sub)
        if found is not None:
            return found
    return None


_Plan = tuple[str, Callable[[Event], tuple[Any, ...]], tuple[tuple[str, bool], ...]]
_PLANS: dict[type[Event], _Plan] = {}


def _plan(cls: type[Event]) -> _Plan:
    """How an event of ``cls`` is written: its type's name, a reader of its fields' values in the order
    attrs declares them, and each field's name with whether it holds a date."""
    names = [attribute.name for attribute in attrs.fields(cls)]
    dated = [attribute.type in (dt.date, dt.date | None) for attribute in attrs.fields(cls)]
    read = operator.attrgetter(*names)
    reader = (lambda event: (read(event),)) if len(names) == 1 else read
    plan = (cls.__name__, reader, tuple(zip(names, dated, strict=True)))
    _PLANS[cls] = plan
    return plan


def encode(event: Event) -> dict[str, Any]:
    """The JSON object of an event, ``type`` first, optional fields left out when empty: dates as
    ``YYYY-MM-DD``, strings and booleans as they are (what the converter's unstructuring gives, read
    through a plan made once per event type: every receipt encodes every event)."""
    name, read, fields = _PLANS.get(type(event)) or _plan(type(event))
    out: dict[str, Any] = {"type": name}
    for (field_name, dated), value in zip(fields, read(event), strict=True):
        if value is not None:
            out[field_name] = value.isoformat() if dated else value
    return out


def encode_envelope(envelope: Envelope) -> dict[str, Any]:
    out = {"id": envelope.id, **encode(envelope.event)}
    if envelope.recorded_at is not None:
        out["recorded_at"] = envelope.recorded_at.isoformat()
    if envelope.recorded_by is not None:
        out["recorded_by"] = envelope.recorded_by
    return out


def content_id(event: Event) -> str:
    """A stable id derived from the event's content, so ids do not depend on line order: the SHA-256 of
    its JSON with keys sorted, no space and text escaped to ASCII (as ids were first derived, and
    are stored). That is its canonical JSON whenever the canonical JSON is ASCII without DEL, which
    the standard library escaped too; other text takes the standard library's escapes."""
    body = encode(event)
    text = canonical(body)
    if not text.isascii() or b"\x7f" in text:
        text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return "e-" + hashlib.sha256(text).hexdigest()[:16]


@frozen
class EventDigest:
    """One event of a history as known: its id and its digest (``event_digest``)."""

    id: str
    digest: str


def event_digest(envelope: Envelope) -> str:
    """The digest of one event as the rules read it: its id, type, ``on`` and fields. When and by whom it
    was recorded decide only whether a ``known_at`` view holds it, so they are not part of it."""
    body = encode(envelope.event)
    body["id"] = envelope.id  # a fresh dict, and no event has a field named id: keys sort, order is moot
    return hashlib.sha256(canonical(body)).hexdigest()


def history_digest(events: Iterable[EventDigest]) -> str:
    """The digest of a history as known: its events' ids and digests, in canonical order."""
    return hashlib.sha256(canonical([[e.id, e.digest] for e in events])).hexdigest()


def _byte_length(raw: str | bytes) -> int:
    """The UTF-8 length of a line (a character takes up to four bytes; count exactly only when close)."""
    if isinstance(raw, bytes) or len(raw) * 4 <= MAX_LINE_BYTES:
        return len(raw)
    return len(raw.encode("utf-8", errors="surrogatepass"))


BOM = "\ufeff"
"""The UTF-8 byte order mark: accepted at the start of a file (Windows programs write one), nowhere else."""
_BOM_BYTES = BOM.encode("utf-8")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape that may decode to half of a surrogate pair (a lone one is not Unicode text)."""
_MEMBER_END = re.compile(r'"[ \t\r\n]*:')
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


def looks_like_field_name(name: str) -> bool:
    """Whether ``name`` looks like a field name (lower-case letters, digits and underscores), so that a
    message may repeat it: a key that does not may be personal data typed in the wrong place, or
    terminal escape sequences."""
    return _FIELD_NAME.fullmatch(name) is not None


class _RepeatedField(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object from its members, refusing a name given twice (JSON itself would keep the last)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _RepeatedField(name)
            seen.add(name)
    return obj


def _strings(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON value, member names included (iteratively: a value may be nested
    nearly as deep as the parser allows)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _may_repeat(raw: str, obj: dict[str, Any]) -> bool:
    """Whether a line's text may give a member twice, which the parser would keep the last of; such
    lines are parsed again with ``_object``, which refuses repeats (a quick check on every line, the
    slower parse on few). Without a backslash (no escaped name, no quote inside a string) every ``"``
    followed by ``:`` ends the name of a member, at the top or nested, so more of them than the top
    level's members means a name given twice, or a nested object to look into."""
    return "\\" in raw or len(_MEMBER_END.findall(raw)) != len(obj)


def bounded(lines: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The lines of a file read at most ``MAX_LINE_BYTES + 1`` at a time, so that a line too long to
    accept (or a file with no line ends, such as ``/dev/zero``) is never read whole: its first part
    is given as the line, and the reader refuses it. Other iterables are given as they are."""
    readline = getattr(lines, "readline", None)
    if readline is None:
        yield from lines
        return
    while True:
        raw = readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        yield raw
        if _byte_length(raw) > MAX_LINE_BYTES:
            return  # the reader refuses this line: nothing after it is read


def without_bom(raw: str | bytes) -> str | bytes:
    """A file's first line without its byte order mark."""
    if isinstance(raw, bytes):
        return raw[len(_BOM_BYTES) :] if raw.startswith(_BOM_BYTES) else raw
    return raw[1:] if raw.startswith(BOM) else raw


def read_line(raw: str | bytes, number: int) -> dict[str, Any] | None:
    """The JSON object of one line (None when it is blank); ``InvalidEvent`` naming line ``number``
    when it cannot be read as one. A member named twice, and text that is not valid Unicode (a lone
    surrogate, escaped), are refused."""
    if _byte_length(raw) > MAX_LINE_BYTES:
        raise InvalidEvent(f"line {number}", f"longer than {MAX_LINE_BYTES} bytes", code="line_too_long")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidEvent(f"line {number}", "is not valid UTF-8", code="invalid_text") from None
    elif not raw.isascii() and not unicode_text(raw):
        raise InvalidEvent(
            f"line {number}", "is not valid Unicode text (it holds a lone surrogate)", code="invalid_text"
        )
    if not raw.strip():
        return None
    obj = _loads(raw, number)
    escaped = "\\" in raw and _ESCAPED_SURROGATE.search(raw)
    if escaped and not all(unicode_text(text) for text in _strings(obj)):
        reason = "holds an escaped lone surrogate, which is not Unicode text"
        raise InvalidEvent(f"line {number}", reason, code="invalid_text")
    return obj


def _loads(raw: str, number: int) -> dict[str, Any]:
    """One line's JSON object."""
    where = f"line {number}"
    try:
        obj = json.loads(raw)
        if isinstance(obj, dict) and _may_repeat(raw, obj):
            obj = json.loads(raw, object_pairs_hook=_object)
    except _RepeatedField as exc:
        if looks_like_field_name(exc.name):
            reason = f"gives the field '{exc.name}' twice"
            raise InvalidEvent(where, reason, code="duplicate_field", field=exc.name) from None
        raise InvalidEvent(where, "gives a field twice", code="duplicate_field") from None
    except json.JSONDecodeError as exc:
        if raw.startswith(BOM):
            reason = "starts with a byte order mark, which only the first line of a file may carry"
            raise InvalidEvent(where, reason, code="invalid_json") from None
        raise InvalidEvent(where, f"is not valid JSON ({exc.msg} at column {exc.colno})", code="invalid_json") from None
    except RecursionError:
        raise InvalidEvent(where, "is nested too deeply", code="invalid_json") from None
    except ValueError:
        raise InvalidEvent(where, "holds a number too long to read", code="invalid_json") from None
    if not isinstance(obj, dict):
        raise InvalidEvent(where, "must be a JSON object", code="invalid_json")
    return obj


def envelope_from(obj: dict[str, Any], line: int | None, where: str) -> Envelope:
    """An envelope from one decoded line: the event plus its id, recorded_at and recorded_by."""
    event, meta = decode(obj, where)
    named = f"{where} ({type(event).__name__})"
    ident = meta.get("id")
    if ident is not None:
        check_id(ident, named, "id")
    recorded_at = None
    if meta.get("recorded_at") is not None:
        try:
            recorded_at = parse_timestamp(meta["recorded_at"])
        except ValueError as exc:
            raise InvalidEvent(named, f"field 'recorded_at' {exc}") from None
    recorded_by = meta.get("recorded_by")
    if recorded_by is not None:
        check_id(recorded_by, named, "recorded_by")
    return Envelope(ident or "", event, recorded_at, recorded_by, line)


_JSON_TYPES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    dt.date: {"type": "string", "format": "date"},
}


def _field_schema(annotation: Any) -> tuple[dict[str, Any], bool]:
    """The JSON Schema of one field's type, and whether it may be left out."""
    options = typing.get_args(annotation) or (annotation,)
    optional = type(None) in options
    for option in options:
        if option in _JSON_TYPES:
            return dict(_JSON_TYPES[option]), optional
    return {}, optional


TIMESTAMP_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$"
"""An ISO 8601 timestamp that carries its zone (``recorded_at``)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one line of the interchange format."""
    variants = []
    for name, cls in sorted(EVENT_TYPES.items()):
        properties: dict[str, Any] = {
            "type": {"const": name},
            "id": {"type": "string", **ID_SCHEMA},
            "recorded_at": {"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN},
            "recorded_by": {"type": "string", **ID_SCHEMA},
            "person": {"type": "string", **ID_SCHEMA},
        }
        required = ["type"]
        for attribute in attrs.fields(cls):
            schema, optional = _field_schema(attribute.type)
            keywords = SCHEMAS.get(attribute.validator)
            schema.update(keywords() if keywords is not None else {})
            properties[attribute.name] = {**schema, **attribute.metadata.get("schema", {})}
            if attribute.default is attrs.NOTHING and not optional:
                required.append(attribute.name)
        variants.append(
            {
                "title": name,
                "description": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else name,
                "x-family": FAMILIES[name],
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://leavingcare.example/schema/event.json",
        "title": "leavingcare event (one JSONL line)",
        "oneOf": variants,
    }
