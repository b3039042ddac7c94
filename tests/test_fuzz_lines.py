"""A mutation fuzzer over the JSONL lines: valid histories' lines changed in the ways hostile or careless
input changes them (values of the wrong JSON type, dates at the edges of the calendar and of the window
the library accepts, text that is not Unicode or hides control and bidirectional characters, member
names given twice, deep nesting, lines and numbers of every size, lines dropped, repeated, swapped or
cut), read through the Python API and through the command line.

Every case is either accepted and assessed, or refused with one of the library's typed errors in one
line (on the command line: exit 2 and one line on standard error). No traceback, no untyped exception.

The examples are drawn from a fixed seed, so a run in continuous integration always tries the same
cases; ``LEAVINGCARE_SOAK=1`` (``make soak``) tries ten times as many, at random, and adds what was
tried (accepted, refused by error code, by mutation) to ``.soak/counts.jsonl``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, seed
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import cli
from leavingcare import events as ev
from leavingcare.events.base import FIRST_DATE, LAST_DATE
from leavingcare.events.codec import MAX_LINE_BYTES, encode_envelope
from leavingcare.report import kinds
from leavingcare.testing import histories, property_settings
from soak import SCALE, SOAK

_counts: Counter[str] = Counter()
SEED = 56
"""The fixed seed of the examples in a quick run (D56 is the reading these cases test most)."""

F = TypeVar("F", bound=Callable[..., Any])


def fixed(test: F) -> F:
    """The test with the fixed seed, except in a soak run, which explores at random."""
    return test if SOAK else seed(SEED)(test)


# What the mutations draw from ------------------------------------------------------------------------------
EDGE_DATES = (
    "0001-01-01", "1753-01-01", "1899-12-30", "1899-12-31", "1900-01-01", "1970-01-01", "2199-12-31", "2200-01-01",
    "9974-12-31", "9975-01-01", "9999-12-30", "9999-12-31", "2024-02-29", "2023-02-29", "2024-04-31", "0000-01-01",
    "10000-01-01", "+2024-01-01", "2024-1-1", " 2024-01-01", "2024-01-01T00:00", "20240101", "",
)  # fmt: skip
EDGE_STAMPS = (
    "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59+00:00", "2024-01-01T00:00:00",
    "2024-01-01T00:00:00Z", "2024-13-01T00:00:00Z", "1900-01-01T00:00:00+14:00",
)  # fmt: skip
NASTY_TEXT = (
    "\ud800", "\udfff", "a\ud83d", "\x1b[31mred", "\x1b]0;title\x07", "abc\u202edef", "\u2066x\u2069", "tab\there",
    "new\nline", "\x00", "\u200b", "\ufeff", "\u00a0", "rene\u0301e", "ren\u00e9e", "\U0001f600", "名前", " ", "",
    "x" * 201, "\u2028", "\x85", "\ue000",
)  # fmt: skip
PERSONAL_KEYS = ("Jo Bloggs", "PR1 2AB", "07700 900123", "\x1b[2J", "postcode", "nhs_number", "on ", "On", "")
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(EDGE_DATES + NASTY_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
MUTATIONS = (
    "type", "date_edge", "stamp_edge", "unicode_value", "unicode_raw", "personal_key", "duplicate_key",
    "duplicate_nested", "nesting", "long_value", "line_at_limit", "big_number", "padding", "bom", "drop_field",
    "other_type", "drop_line", "repeat_line", "swap_lines", "cut_line", "junk_bytes", "blank_lines", "nfd_person",
)  # fmt: skip
DATE_FIELDS = ("on", "homeless_by", "notice_expires")


def _line_text(line: str | bytes) -> str:
    return line if isinstance(line, str) else line.decode("utf-8", "replace")


def _mutate(data: st.DataObject, objects: list[dict[str, Any]]) -> tuple[list[str | bytes], list[str]]:
    """One to three mutations of the lines of ``objects`` (now and then none); returns the lines and the
    mutations made."""
    lines: list[str | bytes] = [json.dumps(o) for o in objects]
    made: list[str] = []
    for _ in range(data.draw(st.sampled_from((1, 1, 2, 2, 3, 0)), label="mutations")):
        kind = data.draw(st.sampled_from(MUTATIONS), label="mutation")
        if not lines:
            break
        n = data.draw(st.integers(0, len(lines) - 1), label="line")
        text = _line_text(lines[n])
        try:
            obj = json.loads(text)
        except ValueError:
            obj = None
        if not isinstance(obj, dict) or not obj:
            obj = None
        made.append(kind)
        if kind == "type" and obj:
            obj[data.draw(st.sampled_from(sorted(obj)))] = data.draw(JSON_VALUES)
            lines[n] = json.dumps(obj)
        elif kind == "date_edge" and obj:
            field = data.draw(st.sampled_from(DATE_FIELDS))
            obj[field] = data.draw(st.sampled_from(EDGE_DATES) | st.dates().map(dt.date.isoformat))
            lines[n] = json.dumps(obj)
        elif kind == "stamp_edge" and obj:
            obj["recorded_at"] = data.draw(st.sampled_from(EDGE_STAMPS))
            lines[n] = json.dumps(obj)
        elif kind in ("unicode_value", "unicode_raw") and obj:
            key = data.draw(st.sampled_from(sorted({*obj, "id", "recorded_by", "person", "application"})))
            obj[key] = data.draw(st.sampled_from(NASTY_TEXT) | st.text(max_size=8))
            if kind == "unicode_value":
                lines[n] = json.dumps(obj)  # escaped: a lone surrogate reaches the parser as \\ud800
            else:
                raw = json.dumps(obj, ensure_ascii=False)  # unescaped: as text, or as bytes
                lines[n] = raw if data.draw(st.booleans()) else raw.encode("utf-8", "surrogatepass")
        elif kind == "personal_key" and obj:
            obj[data.draw(st.sampled_from(PERSONAL_KEYS) | st.text(max_size=10))] = data.draw(JSON_VALUES)
            lines[n] = json.dumps(obj)
        elif kind == "duplicate_key" and obj:
            key = data.draw(st.sampled_from(sorted(obj)))
            value = data.draw(st.sampled_from((obj[key], "2005-01-01")) | JSON_VALUES)
            lines[n] = "{" + json.dumps(key) + ": " + json.dumps(value) + ", " + json.dumps(obj)[1:]
        elif kind == "duplicate_nested" and obj:
            lines[n] = json.dumps(obj)[:-1] + ', "extra": {"a": 1, "a": 2}}'
        elif kind == "nesting" and obj:
            depth = data.draw(st.sampled_from((1, 10, 500, 990, 1000, 5000, 30000)) | st.integers(1, 2000))
            inner = data.draw(st.sampled_from(('"\\ud800"', '"x"', "1", "")))
            opening, closing = ("[", "]") if data.draw(st.booleans()) else ('{"k": ', "}")
            nested = opening * depth + (inner or ("null" if opening != "[" else "")) + closing * depth
            key = data.draw(st.sampled_from(sorted({*obj, "extra"})))
            lines[n] = json.dumps({k: v for k, v in obj.items() if k != key})[:-1] + f', "{key}": {nested}}}'
        elif kind == "long_value" and obj:
            size = data.draw(st.sampled_from((200, 201, MAX_LINE_BYTES - 200, MAX_LINE_BYTES, 3 * MAX_LINE_BYTES)))
            obj[data.draw(st.sampled_from(sorted({*obj, "id", "recorded_by"})))] = "x" * size
            lines[n] = json.dumps(obj)
        elif kind == "line_at_limit":
            room = MAX_LINE_BYTES - len(text.encode("utf-8", "surrogatepass")) - 1 + data.draw(st.integers(-1, 1))
            lines[n] = text + " " * max(0, room) + "\n"
        elif kind == "big_number" and obj:
            digits = data.draw(st.sampled_from((19, 309, 4300, 4301, 20000)))
            number = "9" * digits + data.draw(st.sampled_from(("", ".5", "e999", "e-999")))
            lines[n] = json.dumps(obj)[:-1] + f', "{data.draw(st.sampled_from(sorted(obj)))}": {number}}}'
        elif kind == "padding":
            lines[n] = (
                data.draw(st.sampled_from((" ", "\t", "\r", "  \t")))
                + text
                + data.draw(st.sampled_from(("", " ", "\r\n")))
            )
        elif kind == "bom":
            lines[n] = (
                "\ufeff" + text if data.draw(st.booleans()) else b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
            )
        elif kind == "drop_field" and obj:
            del obj[data.draw(st.sampled_from(sorted(obj)))]
            lines[n] = json.dumps(obj)
        elif kind == "other_type" and obj:
            obj["type"] = data.draw(st.sampled_from(sorted(ev.EVENT_TYPES)) | st.text(max_size=8))
            lines[n] = json.dumps(obj)
        elif kind == "drop_line":
            del lines[n]
        elif kind == "repeat_line":
            lines.insert(data.draw(st.integers(0, len(lines))), lines[n])
        elif kind == "swap_lines":
            m = data.draw(st.integers(0, len(lines) - 1))
            lines[n], lines[m] = lines[m], lines[n]
        elif kind == "cut_line":
            lines[n] = text[: data.draw(st.integers(0, len(text)))]
        elif kind == "junk_bytes":
            encoded = text.encode("utf-8", "surrogatepass")
            at = data.draw(st.integers(0, len(encoded)))
            lines[n] = encoded[:at] + data.draw(st.binary(min_size=1, max_size=4)) + encoded[at:]
        elif kind == "blank_lines":
            lines.insert(n, data.draw(st.sampled_from(("", " ", "\n", "\r\n", "\t"))))
        elif kind == "nfd_person" and obj:
            obj["person"] = unicodedata.normalize(data.draw(st.sampled_from(("NFC", "NFD"))), "Ren\u00e9e")
            lines[n] = json.dumps(obj)
        else:
            made[-1] = f"{kind} (no object)"
    return lines, made


def _objects(history: lc.History, data: st.DataObject, people: bool) -> list[dict[str, Any]]:
    """The history's lines as JSON objects, ids left out or kept; with ``people``, split between two."""
    objects = [encode_envelope(e) for e in history.envelopes]
    if data.draw(st.booleans(), label="without ids"):
        for obj in objects:
            obj.pop("id", None)
    if people:
        split = data.draw(st.integers(1, len(objects)), label="split")
        objects = [{"person": "p0" if i < split else "p1", **obj} for i, obj in enumerate(objects)]
    return objects


ON = st.sampled_from((dt.date.min, FIRST_DATE, LAST_DATE, dt.date.max)) | st.dates(
    dt.date(2000, 1, 1), dt.date(2040, 12, 31)
)


# The API -------------------------------------------------------------------------------------------------
def _tried(made: list[str]) -> None:
    _counts["cases tried"] += 1
    _counts["bad inputs tried"] += 1
    for kind in made or ["none"]:
        _counts[f"mutation {kind}"] += 1


def _typed(exc: BaseException) -> None:
    """A refusal as the library promises it: typed, one line, printable, saying where."""
    if not isinstance(exc, lc.LeavingCareError):
        _counts["untyped exceptions"] += 1
        raise exc
    message = str(exc)
    assert "\n" not in message and "\r" not in message, message
    message.encode("utf-8")  # a message can always be printed
    assert message.startswith(("line ", "history", "person ", "input")), message
    _counts[f"refused: {getattr(exc, 'code', 'error')}"] += 1
    _counts["refused with a typed error"] += 1


def _assessed(history: lc.History, on: dt.date) -> None:
    timeline = lc.timeline(history)
    assert timeline.at(on) == lc.assess(history, on=on)


@property_settings(300 * SCALE)
@fixed
@given(histories(), st.data())
def test_mutated_lines_are_assessed_or_refused_with_a_typed_error(history: lc.History, data: st.DataObject) -> None:
    """Through ``History.from_jsonl`` (one person) and ``read_people`` (two)."""
    people = data.draw(st.booleans(), label="people")
    lines, made = _mutate(data, _objects(history, data, people))
    on = data.draw(ON, label="on")
    _tried(made)
    try:
        if people:
            for _, one in list(lc.read_people(lines)):
                _assessed(one, on)
        else:
            _assessed(lc.History.from_jsonl(lines), on)
    except Exception as exc:
        _typed(exc)
        return
    _counts["accepted and assessed"] += 1


# The command line ------------------------------------------------------------------------------------------
COMMANDS = ("assess", "assess --all", "timeline", "worklist", "explain", "report")


@property_settings(80 * SCALE)
@fixed
@given(histories(), st.data())
def test_mutated_files_exit_0_or_2_with_one_line_never_a_traceback(history: lc.History, data: st.DataObject) -> None:
    """The lines written to a file and given to a command: exit 0 with its output, or exit 2 with one line
    on standard error naming what is wrong (never an internal error); ``assess --all`` writes a typed
    error record for each person it cannot read and exits 1."""
    command = data.draw(st.sampled_from(COMMANDS), label="command")
    people = command == "assess --all" and data.draw(st.booleans(), label="people")
    lines, made = _mutate(data, _objects(history, data, people))
    on = data.draw(ON, label="on").isoformat()
    kind = data.draw(st.sampled_from(kinds.known()), label="kind")
    _tried(made)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.jsonl"
        path.write_bytes(
            b"".join(
                (line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")) + b"\n" for line in lines
            )
        )
        argv = {
            "assess": ["assess", str(path), "--on", on],
            "assess --all": ["assess", "--all", str(path), "--on", on],
            "timeline": ["timeline", str(path)],
            "worklist": ["worklist", str(path), "--on", on],
            "explain": ["explain", str(path), "--on", on, kind],
            "report": ["report", str(path), "--on", on, "--html", "-"],
        }[command]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(argv)
    said = err.getvalue()
    _counts[f"command {command} exit {status}"] += 1
    assert "Traceback" not in said and "internal error" not in said, said
    if status == 0:
        assert said == "", said
        _counts["accepted and assessed"] += 1
    elif command == "assess --all" and status == 1:
        # a person who cannot be read or assessed is one typed error record, and the others go on
        records = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
        failed = [r for r in records if "error" in r]
        assert failed and all(set(r["error"]) == {"type", "where", "reason"} for r in failed), records
        assert all(r["error"]["type"] != "AssessmentFailed" for r in failed), failed
        _counts["refused with a typed error"] += 1
    else:
        assert status == 2 and said.count("\n") == 1 and said.startswith("leavingcare: "), (status, said)
        _counts["refused with a typed error"] += 1


def test_the_fuzzer_met_no_untyped_exception() -> None:
    """What the fuzzers above counted (when they ran first in this process): cases both accepted and
    refused, and not one untyped exception."""
    if not _counts["cases tried"]:
        pytest.skip("the fuzzers did not run in this process")
    print("\n" + "\n".join(f"{name}: {count}" for name, count in sorted(_counts.items())))
    assert _counts["untyped exceptions"] == 0
    assert _counts["accepted and assessed"] and _counts["refused with a typed error"]
