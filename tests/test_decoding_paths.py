"""The two ways a JSONL line is read (``events.decoder``, D59): the fast path never accepts a line the
strict reader refuses, gives the same envelope (event, id, ``recorded_at``, ``recorded_by``, line) and the
same ``person`` for every line it accepts, and a line it does not accept is read by the strict reader, so
that every refusal keeps the strict reader's message. Checked on valid lines written every way JSON
allows, on the mutated lines of the line fuzzer, on the lines of histories with one defect, on arbitrary
JSON objects made of the format's own member names and values, and on arbitrary text and bytes."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.errors import LeavingCareError
from leavingcare.events import decoder
from leavingcare.events.codec import ENVELOPE_KEYS, encode_envelope, envelope_from, read_line
from leavingcare.testing import histories, property_settings
from leavingcare.testing_defects import defects
from test_fuzz_lines import EDGE_DATES, EDGE_STAMPS, JSON_VALUES, NASTY_TEXT, _mutate, _objects

Outcome = tuple[Any, ...]


def _seen(envelope: lc.Envelope) -> Outcome:
    """Everything of an envelope a reader relies on, the zone of ``recorded_at`` included."""
    stamp = envelope.recorded_at
    return (envelope.id, type(envelope.event), envelope.event, stamp, None if stamp is None else stamp.isoformat(),
            envelope.recorded_by, envelope.line)  # fmt: skip


def _refused(exc: LeavingCareError) -> Outcome:
    return ("refused", type(exc), str(exc), exc.code, exc.field)


def _strict(raw: str | bytes, number: int) -> Outcome:
    """What the strict reader makes of a line: blank, refused (with its message), or read."""
    try:
        obj = read_line(raw, number)
        if obj is None:
            return ("blank",)
        envelope = envelope_from(obj, number, f"line {number}")
    except LeavingCareError as exc:
        return _refused(exc)
    return ("read", _seen(envelope), obj.get("person", decoder.ABSENT))


def _read(raw: str | bytes, number: int) -> Outcome:
    """What ``decoder.line`` and ``Line.read`` make of it, the fast path first."""
    try:
        line = decoder.line(raw, number)
        if line is None:
            return ("blank",)
        envelope = line.read()
    except LeavingCareError as exc:
        return _refused(exc)
    return ("read", _seen(envelope), line.person)


def _same_both_ways(raw: str | bytes, number: int = 2) -> bool:
    """The property, for one line; returns whether the fast path took it."""
    strict = _strict(raw, number)
    fast = decoder.fast(raw, number)
    if fast is not None:
        assert strict[0] == "read", (raw, strict)
        assert fast.envelope is not None and (_seen(fast.envelope), fast.person) == strict[1:], (raw, strict)
        assert (fast.person is decoder.ABSENT) == (strict[2] is decoder.ABSENT)
    assert _read(raw, number) == strict, raw
    _person_vouched_alike(raw, number, fast is not None)
    return fast is not None


def _person_vouched_alike(raw: str | bytes, number: int, fast: bool) -> None:
    """``person_of`` (a line read only as far as its person) vouches for every line the fast path
    takes, and only for lines whose JSON the strict reader reads, giving their ``person``."""
    person = decoder.person_of(raw)
    if fast:
        assert person is not decoder.NOT_VOUCHED, raw
    if person is not decoder.NOT_VOUCHED:
        obj = read_line(raw, number)  # raises, failing the test, if the strict reader refuses the JSON
        assert obj is not None, raw
        given = obj.get("person", decoder.ABSENT)
        assert (person is decoder.ABSENT) == (given is decoder.ABSENT) and person == given, raw


def _written(obj: dict[str, Any], style: int, as_bytes: bool) -> str | bytes:
    text = (
        json.dumps(obj),
        json.dumps(obj, ensure_ascii=False),
        json.dumps(obj, separators=(",", ":"), ensure_ascii=False),
        json.dumps(obj, indent=None, separators=(" , ", " : "), ensure_ascii=False) + " \r\n",
    )[style]
    return text.encode("utf-8", "surrogatepass") if as_bytes else text


@property_settings(150)
@given(histories(), st.data())
def test_every_valid_line_is_read_alike_and_the_fast_path_takes_those_without_escapes(
    history: lc.History, data: st.DataObject
) -> None:
    """The lines of valid histories, with or without ids and a ``person``, written compactly or spaced,
    escaped or not, as text or bytes: read alike both ways, and the fast path reads every one that holds
    no backslash."""
    without_ids = data.draw(st.booleans(), label="without ids")
    person = data.draw(st.sampled_from((None, "p1", "Ren\u00e9e", "")), label="person")
    for envelope in history.envelopes:
        obj = encode_envelope(envelope)
        if without_ids:
            del obj["id"]
        if person is not None:
            obj = {"person": person, **obj}
        raw = _written(obj, data.draw(st.integers(0, 3)), data.draw(st.booleans()))
        took = _same_both_ways(raw)
        assert took or "\\" in (raw if isinstance(raw, str) else raw.decode("utf-8")), raw


@property_settings(300)
@given(histories(), st.data())
def test_mutated_lines_are_read_alike(history: lc.History, data: st.DataObject) -> None:
    """The line fuzzer's mutations (wrong JSON types, dates at every edge, lone surrogates, members given
    twice, deep nesting, long lines and numbers, padding, byte order marks, cut lines, junk bytes)."""
    lines, _ = _mutate(data, _objects(history, data, data.draw(st.booleans(), label="people")))
    for raw in lines:
        _same_both_ways(raw)
    _persons_read_together_alike(lines)


def _persons_read_together_alike(lines: list[Any]) -> None:
    """Lines read together as far as their persons (as ``people.runs`` reads a file) are read as each
    on its own: as bytes with and without their line ends, and as text."""
    for batch in (
        [line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line for line in lines],
        [(line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")) + b"\n" for line in lines],
        lines,
    ):
        together = decoder.persons_of(batch)
        alone = [decoder.person_of(raw) for raw in batch]
        assert [(p is decoder.NOT_VOUCHED, p is decoder.ABSENT, p) for p in together] == [
            (p is decoder.NOT_VOUCHED, p is decoder.ABSENT, p) for p in alone
        ], batch


@property_settings(200)
@given(defects())
def test_the_lines_of_histories_with_one_defect_are_read_alike(drawn: Any) -> None:
    lines, _ = drawn
    for raw in lines:
        _same_both_ways(raw)


MEMBER_NAMES = st.sampled_from(
    sorted({a.name for cls in ev.EVENT_TYPES.values() for a in attrs.fields(cls)} | ENVELOPE_KEYS - {"type"})
)
VALUES = (
    JSON_VALUES
    | st.sampled_from(EDGE_DATES + EDGE_STAMPS + NASTY_TEXT)
    | st.sampled_from(("E06000001", "E09000033", "W06000015", "S12000033", "C2", "V3", "U1", "E4A", "parent"))
    | st.dates().map(lambda day: day.isoformat())
    | st.booleans()
)


@property_settings(400)
@given(
    st.sampled_from(sorted(ev.EVENT_TYPES)) | JSON_VALUES,
    st.dictionaries(MEMBER_NAMES | st.text(max_size=6), VALUES, max_size=8),
    st.lists(st.tuples(MEMBER_NAMES, VALUES), max_size=2),
    st.integers(0, 3),
    st.booleans(),
)
def test_arbitrary_objects_of_the_formats_members_are_read_alike(
    kind: Any, members: dict[str, Any], again: list[tuple[str, Any]], style: int, as_bytes: bool
) -> None:
    """Any event type (or any JSON value as the type), any of the format's member names with its own
    kinds of value or any JSON, some members given twice."""
    raw = _written({"type": kind, **members}, style, as_bytes)
    _same_both_ways(raw)
    if again:
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "surrogatepass")
        repeated = "".join(f"{json.dumps(name)}: {json.dumps(value)}, " for name, value in again)
        _same_both_ways("{" + repeated + text.lstrip()[1:])


@property_settings(300)
@given(st.text(max_size=80) | st.binary(max_size=80))
def test_arbitrary_text_and_bytes_are_read_alike(raw: str | bytes) -> None:
    _same_both_ways(raw)


ENVELOPE_VALUES = (
    "", " ", "\t", None, "x", "e-1", 1, True, [], {}, "\x00", "a\u202eb", "x" * 201, "x" * 200,
    "2024-01-01T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01", "9999-12-31T23:59:59-23:59",
)  # fmt: skip


@pytest.mark.parametrize("member", sorted(ENVELOPE_KEYS - {"type"}))
@pytest.mark.parametrize("value", ENVELOPE_VALUES, ids=repr)
def test_each_envelope_member_at_its_edges_is_read_alike(member: str, value: Any) -> None:
    """Empty, blank, null, wrongly typed, invisible and overlong ids, recorders and persons, and
    timestamps with and without a zone, beside a valid event."""
    for style in range(4):
        _same_both_ways(_written({"type": "Born", "on": "2001-02-03", member: value}, style, False))
