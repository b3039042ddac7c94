"""Input an attacker or a careless import would give, each case reproducing a failure once seen:
far-future dates that crashed every command (DECISIONS D56), text that is not Unicode or that hides
control and bidirectional characters in identifiers, duplicate JSON keys, a byte order mark, a line too
long to read whole, field names that carry personal data, and ``--jobs`` without bounds. A store that
already holds a date now refused answers for everyone else.

Boundaries come in pairs: the last day accepted and the first refused.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from eventsourcing.persistence import StoredEvent
from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import api, calendar, cli, cli_bulk, cli_input
from leavingcare import events as ev
from leavingcare.errors import AssessmentFailed, InvalidEvent, InvalidId, LeavingCareError
from leavingcare.events.base import FIRST_DATE, LAST_DATE
from leavingcare.events.codec import MAX_LINE_BYTES, Envelope
from leavingcare.people import person_chunks
from leavingcare.periods import Period, day_reaching
from leavingcare.report import explain, html, worklist
from leavingcare.store import HistoryStore, Schema, Upcaster, open_store
from leavingcare.testing import histories, property_settings

ROOT = Path(__file__).resolve().parents[1]
W01 = ROOT / "examples" / "w01_turning_21.jsonl"
W07 = ROOT / "examples" / "w07_two_authorities.jsonl"
D = dt.date
LA, AREA = "E10000017", "E07000123"
BORN = {"type": "Born", "on": "2004-03-15"}
CARE = {
    "type": "CareStarted",
    "on": "2019-06-01",
    "authority": LA,
    "legal_status": "V2",
    "placement": "U4",
    "area": AREA,
}
ENDED = {"type": "CareEnded", "on": "2022-03-15", "reason": "E5"}
START = [BORN, CARE, ENDED]


def lines(*objects: dict[str, Any] | str) -> list[str]:
    return [o if isinstance(o, str) else json.dumps(o) for o in objects]


def refused(source: list[str] | list[bytes] | Path, error: type[LeavingCareError] = InvalidEvent) -> LeavingCareError:
    with pytest.raises(LeavingCareError) as caught:
        lc.History.from_jsonl(source)  # type: ignore[arg-type]
    assert type(caught.value) is error, caught.value
    return caught.value


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def write(path: Path, objects: list[dict[str, Any]] | list[str]) -> Path:
    path.write_text("".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objects), encoding="utf-8")
    return path


def moved(on: str, **fields: Any) -> dict[str, Any]:
    return {"type": "Moved", "on": on, "area": AREA, "arrangement": "supported", **fields}


# 1. Dates: the window (D56) -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (moved("9999-12-31"), "on"),
        ({"type": "PathwayPlanReviewed", "on": "9999-12-30"}, "on"),
        ({**CARE, "on": "9999-12-30"}, "on"),
        (
            {"type": "HomelessnessRiskIdentified", "on": "2022-04-01", "by": LA, "homeless_by": "9999-12-31"},
            "homeless_by",
        ),
    ],
    ids=["Moved on 9999-12-31", "PathwayPlanReviewed on 9999-12-30", "CareStarted on 9999-12-30", "homeless_by"],
)
def test_d56_an_open_ended_sentinel_date_is_refused_at_read(extra: dict[str, Any], field: str) -> None:
    """DECISIONS D56: 9999-12-31 (an export's "open-ended") was accepted, then every command crashed on
    ``year 10000 is out of range``. It is now an ``InvalidEvent`` naming the line and the field."""
    error = refused(lines(*START, extra))
    assert error.code == "date_out_of_range" and error.field == field
    assert str(error).startswith("line 4 (") and "outside the dates accepted (from 1900-01-01 to 2199-12-31)" in str(
        error
    )
    assert "9999" not in str(error)


def test_d56_born_in_9975_is_refused() -> None:
    """Born in 9975: the 25th birthday is past the last date a date can hold (once a crash)."""
    assert refused(lines({"type": "Born", "on": "9975-03-15"})).code == "date_out_of_range"


@pytest.mark.parametrize(
    ("on", "accepted"),
    [
        (LAST_DATE, True),
        (LAST_DATE + dt.timedelta(days=1), False),
        (FIRST_DATE, True),
        (FIRST_DATE - dt.timedelta(days=1), False),
    ],
    ids=["last day", "the day after", "first day", "the day before"],
)
def test_d56_the_window_boundaries(on: D, accepted: bool) -> None:
    """The last and first days accepted, and the days either side, by the reader and by the Python API."""
    line = lines({"type": "Born", "on": on.isoformat()})
    if accepted:
        assert lc.History.from_jsonl(line).facts.born == on
        assert ev.Born(on=on).on == on
    else:
        refused(line)
        with pytest.raises(InvalidEvent, match="outside the dates accepted"):
            ev.Born(on=on)


def test_a_datetime_is_not_a_date() -> None:
    """``date < datetime`` raises TypeError: a datetime given as ``on`` would crash the fold."""
    with pytest.raises(InvalidEvent, match="must be a date"):
        ev.Born(on=dt.datetime(2004, 3, 15, 10, 0))  # type: ignore[arg-type]


def test_d56_the_command_line_refuses_the_sentinel_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``assess``, ``timeline``, ``explain`` and ``report`` ended in a traceback (exit 1); now exit 2, one line."""
    path = write(tmp_path / "p.jsonl", [*START, moved("9999-12-31")])
    for argv in (
        ("assess", path, "--on", "2024-01-01"),
        ("timeline", path),
        ("explain", path, "--on", "2024-01-01", "personal_adviser"),
        ("report", path, "--on", "2024-01-01", "--html", "-"),
    ):
        status, out, err = run(capsys, *argv)
        assert (status, out) == (2, ""), argv
        assert (
            err
            == "leavingcare: line 4 (Moved): field 'on' is outside the dates accepted (from 1900-01-01 to 2199-12-31)\n"
        )


# 1. Dates: every computation total ----------------------------------------------------------------------
def test_d56_a_birthday_past_the_last_date_is_never_not_a_crash() -> None:
    """D1 with D56: born 9974-12-31 reaches 25 on 9999-12-31 (the day of); born 9975-01-01 never does
    within the calendar (it raised ``ValueError: year 10000 is out of range``)."""
    assert calendar.birthday(D(9974, 12, 31), 25) == D(9999, 12, 31)
    assert calendar.birthday(D(9975, 1, 1), 25) == calendar.NEVER
    assert calendar.age_window(D(9975, 1, 1), 18, 25) == Period(D(9993, 1, 1), None)
    assert calendar.age_window(D(9974, 12, 30), 18, 25) == Period(D(9992, 12, 30), D(9999, 12, 30))


def test_d56_a_due_date_past_the_last_date_is_an_open_end() -> None:
    """D3 and D5 at the edge: months, days and working days past ``date.max`` give ``NEVER``, a period
    of days beginning with a day near it is open-ended, and a count never reached is None."""
    assert calendar.add_months(D(9999, 6, 30), 6) == D(9999, 12, 30)
    assert calendar.add_months(D(9999, 7, 1), 6) == calendar.NEVER
    assert calendar.add_months(D(1, 6, 1), -6) == D.min
    assert calendar.add_days(D.max, 1) == calendar.NEVER and calendar.add_days(D.min, -1) == D.min
    assert calendar.add_days(D(2024, 1, 1), 10**12) == calendar.NEVER
    assert calendar.last_day_of(D(9999, 12, 18), 14) == D(9999, 12, 31)
    assert calendar.last_day_of(D(9999, 12, 19), 14) == calendar.NEVER
    assert calendar.days_beginning_with(D(9999, 12, 30), 28) == Period(D(9999, 12, 30), None)
    assert calendar.add_working_days(D(9999, 12, 29), 10) == calendar.NEVER
    assert day_reaching([Period(D(9999, 12, 1))], 40) is None
    assert day_reaching([Period(D(9999, 12, 1))], 31) == D(9999, 12, 31)


@pytest.mark.parametrize("on", [D.min, FIRST_DATE, LAST_DATE, D.max], ids=str)
def test_d56_any_assessment_date_is_answered(on: D) -> None:
    """``assess``, ``explain``, the HTML report and the worklist on any date a caller may give (the
    report's axis ended in ``year 10000``; the worklist's window past ``date.max`` overflowed)."""
    history = lc.History.from_jsonl(W01)
    lc.assess(history, on=on)
    explain.explain(history, on, "personal_adviser")
    assert "<svg" in html.render_report(history, on, person="w01")
    for days in (28, 10**12):
        worklist.render(worklist.worklist([("w01", history)], on, days), on, days)


def _shifted(history: lc.History, days: int) -> lc.History:
    """The same history with every date moved by ``days``."""

    def moved_event(event: ev.Event) -> ev.Event:
        dates = {k: v + dt.timedelta(days=days) for k, v in vars_of(event).items() if isinstance(v, D)}
        return evolve(event, **dates)

    return lc.History([evolve(e, event=moved_event(e.event)) for e in history.envelopes])


def vars_of(event: ev.Event) -> dict[str, Any]:
    import attrs

    return attrs.asdict(event, recurse=False)


@property_settings(30)
@given(histories(), st.booleans())
def test_d56_histories_at_the_edges_of_the_window_are_assessed(history: lc.History, late: bool) -> None:
    """A valid history moved so that its last event falls on the last day accepted (or its birth on the
    first) gives every finding, an explanation of each kind and the report without error: rules that
    add weeks, months and years to accepted dates stay within the calendar."""
    dates = [e.event.on for e in history.envelopes]
    days = (LAST_DATE - max(dates)).days if late else (FIRST_DATE - min(dates)).days
    edge = _shifted(history, days)
    on = LAST_DATE if late else FIRST_DATE
    timeline = lc.timeline(edge)
    assert timeline.at(on) == lc.assess(edge, on=on)
    for kind in {f.kind for f in timeline.findings} or {"personal_adviser"}:
        explain.explain(edge, on, kind)
    html.render_report(edge, on, person="p")


# 1. A store already holding such a date ------------------------------------------------------------------
def _sealed_row(store: HistoryStore, person: str, version: int, topic: str, body: dict[str, Any]) -> None:
    """A row written below the store's validation (as another program, or an older release, might)."""
    payload = {"id": f"row-{version}", "recorded_at": "2024-01-01T00:00:00+00:00", "recorded_by": "x", "event": body}
    app = store._app  # type: ignore[attr-defined]
    stream = store._streams.of(person)  # type: ignore[attr-defined]
    app.recorder.insert_events([StoredEvent(stream, version, topic, app.records.seal(payload))])


def _store_with_a_bad_person(url: str, schema: Schema | None = None, topic: str = "Moved/1") -> None:
    """w01 and w07 recorded properly; p-bad recorded, then given a ``Moved`` on 9999-12-31."""
    with open_store(url, schema=schema) as store:
        for person, path in (("w01", W01), ("p-bad", W01), ("w07", W07)):
            store.record(person, [e.event for e in lc.History.from_jsonl(path).envelopes], recorded_by="test")
        version = store.version("p-bad")
        _sealed_row(store, "p-bad", version + 2, topic, {"on": "9999-12-31", "area": AREA, "arrangement": "hostel"})


def test_d56_recording_the_sentinel_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The date is refused at recording: ``record`` exits 2 naming the line, and nothing is stored."""
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    path = write(tmp_path / "p.jsonl", [*START, moved("9999-12-31")])
    status, _, err = run(capsys, "record", "p1", path, "--store", url)
    assert status == 2 and "line 4 (Moved): field 'on' is outside the dates accepted" in err
    with open_store(url) as store:
        assert store.version("p1") == 0


def test_d56_worklist_over_a_store_holding_the_sentinel_answers_for_everyone_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store holding, for one person, a row dated 9999-12-31 (written before the window, or below
    the store): ``worklist`` once crashed for everyone on reaching that person. Now it lists the others
    and names that person on one line of standard error, exiting 1."""
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    _store_with_a_bad_person(url)
    files = [tmp_path / "w01.jsonl", tmp_path / "w07.jsonl"]
    for source, copy in zip((W01, W07), files, strict=True):
        copy.write_bytes(source.read_bytes())
    expected = run(capsys, "worklist", *files, "--on", "2025-03-01")[1]
    for _ in range(2):  # computed, then read back from the kept timelines
        status, out, err = run(capsys, "worklist", "--on", "2025-03-01", "--store", url)
        assert status == 1
        assert out == expected and "w01" in out and "p-bad" not in out
        assert err.count("\n") == 1 and err.startswith("leavingcare: worklist: left out person p-bad, stream ")
        assert "(Moved): field 'on' is outside the dates accepted" in err


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_d56_a_row_read_through_an_older_schema_is_one_persons_error(tmp_path: Path, kind: str) -> None:
    """A row stored under an older type name, brought up to date by an upcaster, that carries the
    sentinel: the store's bulk reads give that person's typed error in their place and everyone else."""
    url = "memory://" if kind == "memory" else f"sqlite:///{tmp_path / 's.sqlite'}"
    schema = Schema(upcasters=[Upcaster("Relocated/1", "Moved/1")])
    with open_store(url, schema=schema) as store:
        for person in ("w01", "p-bad", "w07"):
            store.record(person, [e.event for e in lc.History.from_jsonl(W01).envelopes], recorded_by="test")
        _sealed_row(store, "p-bad", store.version("p-bad") + 2, "Relocated/1", moved("9999-12-31"))
        read = list(store.each_history())
        computed = [(p, t) for p, t, _ in store.each_timeline()]
        people = [p for p, h in read if not isinstance(h, LeavingCareError)]
        timelines = [p for p, t in computed if not isinstance(t, LeavingCareError)]
        failures = [(p, e) for p, e in [*read, *computed] if isinstance(e, LeavingCareError)]
        assert people == timelines == ["w01", "w07"]
        assert [p for p, _ in failures] == ["p-bad", "p-bad"]
        assert all(e.code == "date_out_of_range" and str(e).startswith("person p-bad, ") for _, e in failures)
        with pytest.raises(InvalidEvent, match=r"^person p-bad, "):
            list(store.histories())


def test_d56_assess_all_over_a_store_holding_the_sentinel_answers_for_everyone_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store holding the sentinel for one person: ``assess --all`` writes one error record for that
    person, answers for everyone else and exits 1."""
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    _store_with_a_bad_person(url)
    status, out, err = run(capsys, "assess", "--all", "--on", "2025-03-01", "--store", url)
    assert status == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["person"] for r in records if "error" not in r] == ["w01", "w07"]
    errors = [r for r in records if "error" in r]
    assert [e["person"] for e in errors] == ["p-bad"] and errors[0]["error"]["type"] == "InvalidEvent"
    assert "p-bad" not in err and "Traceback" not in err


# 2. Text that is not Unicode, and identifiers that hide characters ----------------------------------------
@pytest.mark.parametrize("field", ["id", "recorded_by"])
def test_a_lone_surrogate_in_an_envelope_field_is_refused(field: str) -> None:
    """``"\\ud800"`` was accepted, then crashed every command printing it (UnicodeEncodeError)."""
    line = json.dumps({"type": "NeedsAssessed", "on": "2020-01-10", field: "\ud800"})
    error = refused(lines(*START, line))
    assert error.code == "invalid_text" and str(error).startswith("line 4: ")


def test_an_escaped_surrogate_pair_is_text() -> None:
    """The pair's other half: an escaped pair is one character (here an emoji), accepted."""
    line = json.dumps({"type": "NeedsAssessed", "on": "2020-01-10", "id": "ok-\U0001f600"})
    assert "\\ud83d\\ude00" in line
    assert lc.History.from_jsonl(lines(*START, line)).envelopes[3].id == "ok-\U0001f600"


def test_a_lone_surrogate_person_is_refused_in_a_file_of_people() -> None:
    line = json.dumps({"person": "\udc00", **BORN})
    with pytest.raises(InvalidEvent, match=r"^line 1: "):
        list(lc.read_people([line]))


@pytest.mark.parametrize(
    "ident",
    ["a\x1b[31mred", "abc\u202edef", "tab\there", "new\nline", "bell\x07", "zero\u200bwidth", "iso\u2066late"],
    ids=["escape", "right-to-left override", "tab", "newline", "bell", "zero width space", "isolate"],
)
def test_control_and_bidirectional_characters_in_ids_are_refused(ident: str) -> None:
    line = json.dumps({"type": "NeedsAssessed", "on": "2020-01-10", "id": ident})
    error = refused(lines(*START, line), InvalidId)
    assert error.field == "id" and "control, bidirectional or other invisible formatting characters" in str(error)
    with pytest.raises(InvalidId):
        Envelope(ident, ev.NeedsAssessed(on=D(2020, 1, 10)))
    with pytest.raises(InvalidId):
        ev.Homeless(on=D(2020, 1, 10), application=ident)


@pytest.mark.parametrize("ident", ["événement ✓ 1", "a b", "名前-1", "ok-\U0001f600"])
def test_printable_ids_in_any_script_are_accepted(ident: str) -> None:
    line = json.dumps({"type": "NeedsAssessed", "on": "2020-01-10", "id": ident})
    assert lc.History.from_jsonl(lines(*START, line)).envelopes[3].id == ident


def test_the_store_refuses_ids_that_are_not_text(tmp_path: Path) -> None:
    """Through the Python API: a person id or recorder with a lone surrogate or an escape sequence."""
    with open_store("memory://") as store:
        for person in ("\ud800", "p\x1b[2J"):
            with pytest.raises(InvalidId) as caught:
                store.record(person, [ev.Born(on=D(2004, 3, 15))], recorded_by="test")
            assert isinstance(caught.value, ValueError) and caught.value.field == "person"
        with pytest.raises(InvalidId):
            store.record("p1", [ev.Born(on=D(2004, 3, 15))], recorded_by="jd\ud800")


def test_a_person_id_is_one_person_whatever_its_unicode_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``é`` (one code point) and ``e`` + combining acute were two people; now both are ``é`` (NFC)."""
    composed, decomposed = "ren\u00e9e", "rene\u0301e"
    file = lines(json.dumps({"person": decomposed, **BORN}), json.dumps({"person": composed, **CARE}))
    assert [p for p, _ in lc.read_people(file)] == [composed]
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    with open_store(url) as store:
        store.record(decomposed, [ev.Born(on=D(2004, 3, 15))], recorded_by="test")
        store.record(composed, [ev.NeedsAssessed(on=D(2020, 1, 10))], recorded_by="test")
        assert list(store.people()) == [composed] and len(store.history(decomposed)) == 2
    assert run(capsys, "timeline", "--person", decomposed, "--store", url)[0] == 0


def test_a_message_shows_control_characters_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file name carrying a terminal escape is shown escaped in the one line of the error."""
    status, _, err = run(capsys, "assess", tmp_path / "x\x1b[2Jy.jsonl", "--on", "2024-01-01")
    assert status == 2 and "\x1b" not in err and "x\\x1b[2Jy.jsonl" in err


# 3. Duplicate keys, a byte order mark, and lines too long to read whole ----------------------------------
def test_a_field_given_twice_is_refused_not_read_last_wins() -> None:
    """``"on"`` twice was read as the last; now refused, naming the field (a field name) and the line."""
    error = refused(['{"type": "Born", "on": "2004-03-15", "on": "2005-01-01"}'])
    assert (str(error), error.code, error.field) == ("line 1: gives the field 'on' twice", "duplicate_field", "on")


def test_a_field_given_twice_in_a_nested_object_or_under_a_strange_name_is_refused() -> None:
    assert str(refused(lines(BORN, '{"type": "NeedsAssessed", "on": "2020-01-10", "x": {"a": 1, "a": 2}}'))) == (
        "line 2: gives the field 'a' twice"
    )
    error = refused(lines(BORN, '{"type": "NeedsAssessed", "on": "2020-01-10", "Jo Bloggs": 1, "Jo Bloggs": 2}'))
    assert str(error) == "line 2: gives a field twice"


def _made_at_aside(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """A command's status and output with the time each receipt was made left out."""
    status, out, err = result
    return status, re.sub(r'"made_at": ?"[^"]*"', '"made_at": ""', out), err


def test_a_byte_order_mark_opening_a_file_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Windows exports begin with one; it was refused as invalid JSON. On line 1 it is skipped, by every
    reader (one person, people, the worker processes of ``--jobs``); on line 2 it is still refused."""
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + W01.read_bytes())
    assert len(lc.History.from_jsonl(path)) == len(lc.History.from_jsonl(W01))
    assert lc.History.from_jsonl(["\ufeff" + json.dumps(BORN)]).facts.born == D(2004, 3, 15)
    people = tmp_path / "people.jsonl"
    people.write_bytes(
        b"\xef\xbb\xbf" + "".join(json.dumps({"person": f"p{n}", **BORN}) + "\n" for n in (1, 2)).encode()
    )
    assert [p for p, _ in lc.read_people(people)] == ["p1", "p2"]
    single = _made_at_aside(run(capsys, "assess", "--all", people, "--on", "2024-01-01"))
    jobs = _made_at_aside(run(capsys, "assess", "--all", people, "--on", "2024-01-01", "--jobs", "2"))
    assert single[0] == 0 and jobs == single
    assert refused(lines(BORN, "\ufeff" + json.dumps(CARE))).where == "line 2"


def test_line_numbers_in_worker_processes_count_a_blank_first_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The chunks handed to worker processes numbered a file's lines from 0 when it began with a blank line."""
    path = write(
        tmp_path / "c.jsonl",
        ["", json.dumps({"person": "p1", **BORN}), json.dumps({"person": "p1", "type": "X", "on": "2020-01-01"})],
    )
    one = run(capsys, "assess", "--all", path, "--on", "2024-01-01")
    two = run(capsys, "assess", "--all", path, "--on", "2024-01-01", "--jobs", "2")
    assert one == two and one[0] == 1
    record = json.loads(one[1].splitlines()[-1])
    assert record["person"] == "p1" and record["error"]["where"] == "line 3"


def test_a_line_with_no_end_is_refused_without_reading_it_whole() -> None:
    """``assess /dev/zero`` read without end until ``MemoryError`` (a 300 MB line took 624 MB); now the
    first ``MAX_LINE_BYTES + 1`` bytes are read and refused, by both readers and the worker chunks."""
    tracemalloc.start()
    try:
        assert refused(Path("/dev/zero")).code == "line_too_long"
        with pytest.raises(InvalidEvent, match=r"^line 1: longer than"):
            list(lc.read_people("/dev/zero"))
        chunks = list(person_chunks("/dev/zero", 64))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MAX_LINE_BYTES
    assert [len(b) for _, batch in chunks for b in batch] == [MAX_LINE_BYTES + 1]


@pytest.mark.parametrize(("size", "accepted"), [(MAX_LINE_BYTES, True), (MAX_LINE_BYTES + 1, False)])
def test_the_longest_line_accepted(tmp_path: Path, size: int, accepted: bool) -> None:
    """A line of ``MAX_LINE_BYTES`` bytes with its line end is read; one byte more is refused."""
    text = json.dumps(BORN)
    line = text + " " * (size - len(text) - 1) + "\n"
    path = tmp_path / "p.jsonl"
    path.write_text(line, encoding="utf-8")
    if accepted:
        assert lc.History.from_jsonl(path).facts.born == D(2004, 3, 15)
    else:
        assert str(refused(path)) == f"line 1: longer than {MAX_LINE_BYTES} bytes"


# 4. Unknown field names: counted, named only when they look like field names ------------------------------
def test_unknown_fields_are_counted_and_only_field_like_names_shown() -> None:
    """A key holding personal data or an escape sequence was echoed into the message."""
    obj = {"type": "NeedsAssessed", "on": "2020-01-10", "Jo Bloggs 12/03/2004": 1, "\x1b]0;owned\x07": 2, "postcode": 3}
    message = str(refused(lines(BORN, json.dumps(obj))))
    assert message == (
        "line 2 (NeedsAssessed): 3 unknown field(s): postcode, and 2 whose names are not shown (not a field name)"
    )
    only_strange = {"type": "NeedsAssessed", "on": "2020-01-10", "PR1 2AB": 1}
    assert str(refused(lines(BORN, json.dumps(only_strange)))).endswith(
        "1 unknown field(s), 1 whose name is not shown (not a field name)"
    )
    with_newline = {"type": "NeedsAssessed", "on": "2020-01-10", "postcode\n": 1}
    assert str(refused(lines(BORN, json.dumps(with_newline)))).endswith(
        "1 unknown field(s), 1 whose name is not shown (not a field name)"
    )
    assert str(refused(lines(BORN, json.dumps({**only_strange, "pr1_2ab": 1})))).endswith(
        "2 unknown field(s): pr1_2ab, and 1 whose name is not shown (not a field name)"
    )


# 5. --jobs --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["0", "-1", "two", "1.5"])
def test_jobs_below_one_is_refused(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "assess", "--all", W01, "--on", "2024-01-01", "--jobs", jobs)
    assert (
        status == 2 and err == "leavingcare: argument --jobs: must be a whole number of worker processes, at least 1\n"
    )


def test_jobs_is_capped_at_the_number_of_cpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A huge N started as many interpreters; now at most one per CPU, as ``--help`` says."""
    started: list[int] = []

    def assessments(
        path: str, on: D, known_at: dt.datetime | None, fmt: str | None, jobs: int, cache: str | None
    ) -> cli_bulk.Report:
        started.append(jobs)
        return cli_bulk.Report([])

    monkeypatch.setattr(cli_input, "cpus", lambda: 3)
    monkeypatch.setattr(cli_bulk, "file_assessments", assessments)
    for jobs, used in (("1000000", 3), ("3", 3), ("2", 2)):
        assert run(capsys, "assess", "--all", W01, "--on", "2024-01-01", "--jobs", jobs)[0] == 0
        assert started.pop() == used
    assert "at most the number of CPUs" in " ".join(run(capsys, "assess", "--help")[1].split())


@pytest.mark.parametrize(
    "argv",
    [
        ("assess", "--all", "--on", "2024-01-01", "--store", "memory://"),
        ("assess", str(W01), "--on", "2024-01-01"),
    ],
    ids=["the store", "one person"],
)
def test_jobs_where_it_cannot_be_used_is_refused_not_ignored(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, *argv, "--jobs", "2")
    assert (status, out) == (2, "") and err.startswith("leavingcare: --jobs applies to ")
    assert run(capsys, *argv, "--jobs", "1")[0] == 0


# Errors: typed, one line, whatever happens ---------------------------------------------------------------
def test_errors_carry_their_code_and_field_across_processes() -> None:
    error = refused(lines(*START, moved("9999-12-31")))
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.code, again.field) == (InvalidEvent, str(error), "date_out_of_range", "on")


def _fails_for(person_born: D) -> Callable[..., Any]:
    real = lc.timeline

    def timeline(history: lc.History, **options: Any) -> lc.Timeline:
        if history.facts.born == person_born:
            raise OverflowError("date value out of range")
        return real(history, **options)

    return timeline


def test_an_unexpected_failure_for_one_person_is_one_typed_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A defect reached while assessing one person printed a traceback (exit 1); now one line, exit 2,
    naming the file and the kind of failure, never its text."""
    monkeypatch.setattr(lc, "assess", lambda *a, **k: _fails_for(D(2004, 3, 15))(*a))
    status, out, err = run(capsys, "assess", W01, "--on", "2024-01-01")
    assert (status, out) == (2, "")
    assert err == f"leavingcare: {W01}: cannot be assessed (internal error: OverflowError); please report it\n"
    assert isinstance(AssessmentFailed("x", "y"), LeavingCareError)


def test_worklist_leaves_out_one_person_whose_assessment_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One person's failure no longer ends the worklist for everyone: the others are listed, that person
    is named on standard error, and the command exits 1."""
    born_w01 = lc.History.from_jsonl(W01).facts.born
    monkeypatch.setattr(api, "timeline", _fails_for(born_w01))
    status, out, err = run(capsys, "worklist", W01, W07, "--on", "2025-03-01")
    assert status == 1 and "w01_turning_21" not in out and out.startswith("Worklist for the 28 days")
    assert err == (
        "leavingcare: worklist: left out person w01_turning_21: cannot be assessed "
        "(internal error: OverflowError); please report it\n"
    )


def test_a_person_recorded_under_a_decomposed_id_before_nfc_is_still_read_by_the_bulk_reads() -> None:
    """SECURITY.md: a stream a release before NFC wrote under ``e`` + combining accent is still listed
    and assessed by the bulk reads (its stream id was derived from that spelling)."""
    decomposed = "rene\u0301e"
    with open_store("memory://") as store:
        app, streams = store._app, store._streams  # type: ignore[attr-defined]
        stream = streams.of(decomposed)
        rows = [app.records.stored(stream, 1, decomposed)]
        for n, envelope in enumerate(lc.History.from_jsonl(W01).envelopes):
            stamped = Envelope(envelope.id, envelope.event, dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "test")
            rows.append(app.records.stored(stream, 2 + n, stamped))
        app.recorder.insert_events(rows)
        assert list(store.people()) == [decomposed]
        assert [p for p, _ in store.histories()] == [p for p, _, _ in store.timelines_with_births()] == [decomposed]
