"""Digests are part of the audit contract: a receipt made by an earlier release must still verify, and
ids derived from content are stored. The canonical JSON, each event's JSON object, its digest and its
content id are held here to the forms they were first computed in (the standard library's encoder over
the cattrs converter's unstructuring), over generated histories and over every event type carrying
adversarial text."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare.canonical import canonical, digest
from leavingcare.events.base import EVENT_TYPES, Event
from leavingcare.events.codec import Envelope, content_id, converter, encode, event_digest
from leavingcare.testing import envelope_lists, histories, property_settings

_FIRST_FORM = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def first_canonical(value: object) -> bytes:
    return _FIRST_FORM.encode(value).encode("utf-8")


def first_encode(event: Event) -> dict[str, Any]:
    body: dict[str, Any] = converter.unstructure(event)
    return {"type": type(event).__name__, **{k: v for k, v in body.items() if v is not None}}


def first_event_digest(envelope: Envelope) -> str:
    return hashlib.sha256(first_canonical({"id": envelope.id, **first_encode(envelope.event)})).hexdigest()


def first_content_id(event: Event) -> str:
    text = json.dumps(first_encode(event), sort_keys=True, separators=(",", ":"))
    return "e-" + hashlib.sha256(text.encode()).hexdigest()[:16]


ADVERSARIAL = [
    "",
    'quote " and backslash \\ and slash /',
    "\\u0041 written out",
    "".join(chr(c) for c in range(0x20)) + "\x7f\x80\x9f\xa0",
    "line\u2028and paragraph\u2029separators",
    "é, ß, Ω, 中文, \U0001f600, \ufeff, \u200b\u202e\u2066",
    "\ud7ff\ue000\uffff\U0010ffff",
    "e-0123456789abcdef",
]
"""Text JSON encoders are known to disagree on: the characters JSON must escape, DEL and C1 controls,
the line and paragraph separators JavaScript once refused, characters outside the Basic Multilingual
Plane, byte order marks and invisible formatting, the edges of the surrogate range."""

texts = st.one_of(
    st.sampled_from(ADVERSARIAL),
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters(max_codepoint=0x7F), max_size=40),
)
"""Any Unicode text (a lone surrogate is not: it cannot be written as UTF-8)."""

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-(2**80), 2**80) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)
"""The values digests are taken of: objects with string keys, lists, text, integers, booleans, None."""


@property_settings(max_examples=300)
@given(json_values)
def test_the_canonical_json_is_byte_for_byte_the_first_form(value: object) -> None:
    assert canonical(value) == first_canonical(value)
    assert digest(value) == hashlib.sha256(first_canonical(value)).hexdigest()


def test_a_tuple_is_written_as_the_list_it_was() -> None:
    assert canonical((["a", 1], ("b", True))) == first_canonical([["a", 1], ["b", True]])


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb"])
def test_text_with_a_lone_surrogate_has_no_canonical_json(text: str) -> None:
    with pytest.raises(UnicodeEncodeError):
        first_canonical(text)
    with pytest.raises(UnicodeEncodeError):
        canonical({"id": text})


@property_settings(max_examples=40)
@given(envelope_lists())
def test_every_event_of_a_history_is_encoded_and_digested_as_it_was(envelopes: list[Envelope]) -> None:
    history = lc.History.of(envelopes)
    for envelope in history:
        assert encode(envelope.event) == first_encode(envelope.event)
        assert list(encode(envelope.event)) == list(first_encode(envelope.event))
        assert content_id(envelope.event) == first_content_id(envelope.event)
        assert event_digest(envelope) == first_event_digest(envelope)
    expected = [first_event_digest(e) for e in history.canonical()]
    assert [e.digest for e in lc.timeline(history).receipt.events] == expected


def _arbitrary(draw: st.DrawFn, cls: type[Event]) -> Event:
    """An event of ``cls`` whose text fields hold any text (the validators would refuse much of it: the
    encoders must agree even on values no valid event holds)."""
    values: dict[str, Any] = {}
    for attribute in attrs.fields(cls):
        optional = attribute.type in (dt.date | None, str | None)
        if optional and draw(st.booleans()):
            values[attribute.name] = None
        elif attribute.type in (dt.date, dt.date | None):
            values[attribute.name] = draw(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)))
        elif attribute.type is bool:
            values[attribute.name] = draw(st.booleans())
        else:
            values[attribute.name] = draw(texts)
    with attrs.validators.disabled():
        return cls(**values)


@property_settings(max_examples=300)
@given(st.data(), st.sampled_from(sorted(EVENT_TYPES)), texts)
def test_any_event_with_any_text_is_encoded_and_digested_as_it_was(data: st.DataObject, name: str, ident: str) -> None:
    event = _arbitrary(data.draw, EVENT_TYPES[name])
    with attrs.validators.disabled():
        envelope = Envelope(ident, event)
    assert encode(event) == first_encode(event)
    assert content_id(event) == first_content_id(event)
    assert event_digest(envelope) == first_event_digest(envelope)


_WITH_FREE_TEXT = next(cls for cls in EVENT_TYPES.values() if "role" in attrs.fields_dict(cls))


@pytest.mark.parametrize("role", ["Support worker", "Travailleur social — Genève", "DEL\x7f", "tab\there"])
def test_content_ids_of_ascii_and_of_other_text_are_as_they_were(role: str) -> None:
    values = {a.name: role if a.name == "role" else _plain(a) for a in attrs.fields(_WITH_FREE_TEXT)}
    with attrs.validators.disabled():
        event = _WITH_FREE_TEXT(**values)
    assert content_id(event) == first_content_id(event)


def _plain(attribute: attrs.Attribute[Any]) -> Any:
    if attribute.type in (dt.date, dt.date | None):
        return dt.date(2020, 1, 1)
    return True if attribute.type is bool else "E06000001"


@property_settings(max_examples=40)
@given(histories(recorded=True), st.data())
def test_a_known_at_view_lists_the_digests_a_history_of_its_events_alone_would(
    history: lc.History, data: st.DataObject
) -> None:
    stamps = sorted(e.recorded_at for e in history if e.recorded_at is not None)
    if not stamps:
        return
    when = data.draw(st.sampled_from(stamps))
    lc.timeline(history)  # the whole history's events digested first
    view = history.known_at(when)
    alone = lc.History(list(view))
    assert view.digests == alone.digests
    assert lc.timeline(history, known_at=when).receipt.events == alone.digests
