"""The command over the store: ``record``, ``import``, ``people``, ``--person`` on ``assess``,
``timeline``, ``explain`` and ``report``, ``worklist`` over everyone, and ``assess --all`` over the store
or a multi-person file. Each runs against an SQLite store in a temporary directory."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

import leavingcare as lc
from leavingcare.cli import main
from leavingcare.store.recording import KNOWN_FROM_THE_START

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
W01 = ROOT / "examples" / "w01_turning_21.jsonl"
W03 = ROOT / "examples" / "w03_detained_on_16th_birthday.jsonl"
W07 = ROOT / "examples" / "w07_two_authorities.jsonl"
UTC = dt.UTC

BORN = {"type": "Born", "on": "2004-03-15"}
STARTED = {
    "type": "CareStarted",
    "on": "2019-06-01",
    "authority": "E10000017",
    "legal_status": "V2",
    "placement": "U4",
    "area": "E07000123",
}
ENDED = {"type": "CareEnded", "on": "2022-03-15", "reason": "E8"}


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


def lines_of(path: Path, person: str) -> list[str]:
    """A single-person file's lines with ``"person"`` added."""
    return [json.dumps({"person": person, **json.loads(line)}) for line in path.read_text().splitlines() if line]


def write(path: Path, lines: list[str] | list[dict[str, object]]) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


@pytest.fixture
def caseload(tmp_path: Path) -> Path:
    """Every example in one multi-person file, each person named by the example's file stem."""
    return write(tmp_path / "caseload.jsonl", [line for path in EXAMPLES for line in lines_of(path, path.stem)])


def stored(url: str, person: str) -> lc.History:
    with lc.open_store(url) as store:
        return store.history(person)


# record -------------------------------------------------------------------------------------------


def test_record_then_assess_equals_assess_from_the_file(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "record", "w01", W01, "--store", url, "--by", "caseworker-jd")
    assert (status, err) == (0, "")
    assert out == "person w01: recorded 15 new events; version 15\n"
    for fmt in ("text", "json"):
        for on in ("2025-03-14", "2025-03-15"):
            from_file = run(capsys, "assess", W01, "--on", on, "--format", fmt)
            from_store = run(capsys, "assess", "--person", "w01", "--on", on, "--format", fmt, "--store", url)
            assert _made_at_aside_of(from_store) == _made_at_aside_of(from_file)
            assert from_store[0] == 0


def test_record_lines_without_recording_times_are_recorded_now_by_the_recorder(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dt.datetime.now(UTC)
    path = write(tmp_path / "p.jsonl", [BORN, STARTED, ENDED])
    assert run(capsys, "record", "p1", path, "--store", url, "--by", "caseworker-jd")[0] == 0
    envelopes = stored(url, "p1").envelopes
    assert {e.recorded_by for e in envelopes} == {"caseworker-jd"}
    assert len({e.recorded_at for e in envelopes}) == 1
    assert all(e.recorded_at is not None and before <= e.recorded_at <= dt.datetime.now(UTC) for e in envelopes)


def test_recording_the_same_file_again_adds_nothing(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "record", "w01", W01, "--store", url)
    status, out, _ = run(capsys, "record", "w01", W01, "--store", url)
    assert status == 0
    assert out == "person w01: recorded 0 new events (15 already recorded); version 15\n"


def test_record_appends_later_events_to_a_person(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "record", "p1", write(tmp_path / "a.jsonl", [BORN, STARTED]), "--store", url)
    status, out, _ = run(capsys, "record", "p1", write(tmp_path / "b.jsonl", [ENDED]), "--store", url)
    assert status == 0 and out.endswith("version 3\n")
    assert [type(e).__name__ for e in stored(url, "p1").events] == ["Born", "CareStarted", "CareEnded"]


def test_record_an_id_already_used_for_other_content_is_refused(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "record", "p1", write(tmp_path / "a.jsonl", [{"id": "b", **BORN}]), "--store", url)
    other = write(tmp_path / "b.jsonl", [{"id": "b", "type": "Born", "on": "2005-01-01"}])
    status, out, err = run(capsys, "record", "p1", other, "--store", url)
    assert (status, out) == (2, "")
    assert err.startswith("leavingcare: person p1: line 1 (Born): has the id b of an event already recorded")
    assert "2005" not in err


def test_record_known_from_the_start_answers_known_at_as_the_file(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """W7, migrated with ``--known-from-the-start``: the Southwark episode keeps its recording time
    of 15 February 2024, the lines without one are known before any ``known_at``, and the stream is
    the file, line for line, so the store answers --known-at as the file does."""
    assert run(capsys, "record", "w07", W07, "--store", url, "--known-from-the-start")[0] == 0
    history = stored(url, "w07")
    assert [e.id for e in history] == [e.id for e in lc.History.from_jsonl(W07)]
    times = {e.id: e.recorded_at for e in history}
    assert times["w07-born"] == times["w07-review-6"] == KNOWN_FROM_THE_START
    assert times["w07-southwark-start"] == dt.datetime(2024, 2, 15, 10, 0, tzinfo=UTC)
    assert times["w07-back-to-grandmother"] == dt.datetime(2024, 2, 15, 10, 6, tzinfo=UTC)
    for known_at in ("1900-01-01", "2024-01-31", "2024-02-15T10:05:00Z", "2025-01-01"):
        for on in ("2024-01-15", "2025-06-01"):
            argv = ("--on", on, "--known-at", known_at, "--format", "json")
            from_store = run(capsys, "assess", "--person", "w07", *argv, "--store", url)
            assert _made_at_aside_of(from_store) == _made_at_aside_of(run(capsys, "assess", W07, *argv))


def test_record_stamps_lines_without_recorded_at_with_the_time_of_recording(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """W7 recorded without ``--known-from-the-start``: the store learned the lines without
    ``recorded_at`` when it recorded them, so nothing was known to it in January 2024; from the
    recording on, it answers as the file does."""
    before = dt.datetime.now(UTC)
    assert run(capsys, "record", "w07", W07, "--store", url)[0] == 0
    times = {e.id: e.recorded_at for e in stored(url, "w07")}
    assert times["w07-southwark-start"] == dt.datetime(2024, 2, 15, 10, 0, tzinfo=UTC)
    assert before <= times["w07-born"] == times["w07-review-6"] <= dt.datetime.now(UTC)
    base = ("assess", "--person", "w07", "--on", "2024-01-15", "--format", "json", "--store", url)
    january = json.loads(run(capsys, *base, "--known-at", "2024-01-31")[1])
    assert (january["findings"], january["concerns"]) == ([], [])
    later = (dt.datetime.now(UTC) + dt.timedelta(minutes=1)).isoformat()
    argv = ("--on", "2025-06-01", "--known-at", later, "--format", "json")
    assert run(capsys, "assess", "--person", "w07", *argv, "--store", url) == run(capsys, "assess", W07, *argv)


def test_known_at_through_the_store_sees_what_was_recorded_by_then(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """s23A(4): in January 2024 only Nottinghamshire's episode was recorded; from 15 February, Southwark's."""
    run(capsys, "record", "w07", W07, "--store", url, "--known-from-the-start")
    base = ("assess", "--person", "w07", "--on", "2024-01-15", "--format", "json", "--store", url)
    january = json.loads(run(capsys, *base, "--known-at", "2024-01-31")[1])
    now = json.loads(run(capsys, *base)[1])
    assert january["known_at"] == "2024-01-31T00:00:00+00:00"
    assert {f["by"] for f in january["findings"] if f["kind"] == "relevant_child"} == {"E10000024"}
    assert {f["by"] for f in now["findings"] if f["kind"] == "relevant_child"} == {"E09000028"}


def test_record_keeps_the_lines_in_file_order_whatever_their_recorded_at(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """W3: the release from custody has no ``recorded_at`` and the sentence has one; neither moves.
    The stream is the file, the release is stamped with the time of recording, and the store
    assesses as the file does."""
    before = dt.datetime.now(UTC)
    assert run(capsys, "record", "w03", W03, "--store", url)[0] == 0
    history = stored(url, "w03")
    assert [e.id for e in history] == [e.id for e in lc.History.from_jsonl(W03)]
    times = {e.id: e.recorded_at for e in history}
    assert times["w03-sentenced"] == dt.datetime(2022, 12, 6, 9, 12, tzinfo=UTC)
    assert times["w03-review-7"] == dt.datetime(2026, 7, 24, 12, 0, tzinfo=UTC)
    assert before <= times["w03-released"] == times["w03-born"] <= dt.datetime.now(UTC)
    argv = ("--on", "2025-01-01", "--format", "json")
    from_store = run(capsys, "assess", "--person", "w03", *argv, "--store", url)
    assert _made_at_aside_of(from_store) == _made_at_aside_of(run(capsys, "assess", W03, *argv))


def test_record_a_bad_history_records_nothing_and_names_the_person_and_line(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "p.jsonl", [BORN, {"type": "SupportRequested", "on": "2025-04-01", "mood": "Anxious"}])
    status, out, err = run(capsys, "record", "p1", path, "--store", url)
    assert (status, out) == (2, "")
    assert err == "leavingcare: person p1: line 2 (SupportRequested): 1 unknown field(s): mood\n"
    assert run(capsys, "people", "--store", url)[1] == ""


def test_record_refuses_a_line_naming_another_person(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "p.jsonl", [{"person": "p1", **BORN}, {"person": "p2", **STARTED}])
    status, _, err = run(capsys, "record", "p1", path, "--store", url)
    assert status == 2
    assert err == "leavingcare: person p1: line 2: names a different person from the one being recorded\n"


def test_record_an_unreadable_file_exits_2(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "record", "p1", tmp_path / "absent.jsonl", "--store", url)
    assert status == 2 and err.startswith("leavingcare: cannot read ") and err.count("\n") == 1


def test_record_an_empty_person_id_exits_2(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "record", " ", W01, "--store", url)
    assert status == 2 and "person must be a non-empty string" in err and err.count("\n") == 1


# import -------------------------------------------------------------------------------------------


def test_import_records_everyone_and_prints_a_summary(
    url: str, caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "import", caseload, "--store", url, "--by", "import-job")
    assert (status, err) == (0, "")
    events = sum(len(path.read_text().splitlines()) for path in EXAMPLES)
    assert out == f"imported {len(EXAMPLES)} people: {events} new events (0 already in the store)\n"
    again = run(capsys, "import", caseload, "--store", url)
    assert again == (0, f"imported {len(EXAMPLES)} people: 0 new events ({events} already in the store)\n", "")


def test_import_skips_a_bad_person_and_records_the_others(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        *lines_of(W01, "p1"),
        json.dumps({"person": "p2", **BORN}),
        json.dumps({"person": "p2", **STARTED, "legal_status": "QQ7"}),
        *lines_of(W07, "p3"),
    ]
    path = write(tmp_path / "caseload.jsonl", lines)
    status, out, err = run(capsys, "import", path, "--store", url)
    assert status == 1
    assert err == (
        "leavingcare: import: skipped person p2: line 17 (CareStarted): "
        "field 'legal_status' is not a valid SSDA903 legal status (LS) code\n"
    )
    assert "QQ7" not in err
    assert out == "imported 2 of 3 people: 30 new events (0 already in the store); skipped 1 (reported above)\n"
    assert run(capsys, "people", "--store", url)[1] == "p1\np3\n"


def test_import_in_groups_records_what_one_person_at_a_time_would(
    url: str, tmp_path: Path, caseload: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """New people go in groups of a transaction each; a group holding someone the store has already,
    or someone refused, is recorded one by one. The output, the order of people and every stored
    event are those of recording each person with ``record``, in file order."""
    monkeypatch.setattr("leavingcare.store.bulk.GROUP_PEOPLE", 3)
    run(capsys, "record", "w03_detained_on_16th_birthday", W03, "--store", url, "--by", "import-job")
    lines = caseload.read_text().splitlines()
    first = len(EXAMPLES[0].read_text().splitlines())
    lines.insert(first, json.dumps({"person": "refused", **ENDED}))
    status, out, err = run(
        capsys, "import", write(tmp_path / "mixed.jsonl", lines), "--store", url, "--by", "import-job"
    )
    assert status == 1
    assert err.startswith("leavingcare: import: skipped person refused: ")
    assert err.count("\n") == 1
    already = len(W03.read_text().splitlines())
    events = sum(len(path.read_text().splitlines()) for path in EXAMPLES)
    assert out == (
        f"imported {len(EXAMPLES)} of {len(EXAMPLES) + 1} people: {events - already} new events "
        f"({already} already in the store); skipped 1 (reported above)\n"
    )
    one_by_one = f"sqlite:///{tmp_path / 'one-by-one.sqlite'}"
    run(capsys, "record", "w03_detained_on_16th_birthday", W03, "--store", one_by_one, "--by", "import-job")
    for path in EXAMPLES:
        run(capsys, "record", path.stem, path, "--store", one_by_one, "--by", "import-job")
    assert run(capsys, "people", "--store", url) == run(capsys, "people", "--store", one_by_one)
    for path in EXAMPLES:
        grouped, each = stored(url, path.stem), stored(one_by_one, path.stem)
        assert [(e.id, e.event, e.recorded_by) for e in grouped] == [(e.id, e.event, e.recorded_by) for e in each]
        dated = [e.recorded_at for e in each if e.recorded_at is not None and e.recorded_at.year < 2026]
        assert [e.recorded_at for e in grouped if e.recorded_at in dated] == dated


def test_import_skips_a_person_whose_history_does_not_hold_together(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps({"person": "p1", **BORN}), json.dumps({"person": "p1", **ENDED}), *lines_of(W01, "p2")]
    status, _, err = run(capsys, "import", write(tmp_path / "c.jsonl", lines), "--store", url)
    assert status == 1
    assert err.startswith("leavingcare: import: skipped person p1: line 2 (CareEnded): is outside any care episode")
    assert run(capsys, "people", "--store", url)[1] == "p2\n"


def test_import_skips_a_person_whose_lines_are_not_together(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps({"person": "p1", **BORN}), json.dumps({"person": "p2", **BORN}), json.dumps(
        {"person": "p1", **STARTED})]  # fmt: skip
    status, out, err = run(capsys, "import", write(tmp_path / "c.jsonl", lines), "--store", url)
    assert status == 1
    assert err == (
        "leavingcare: import: skipped person p1: line 3: reappears after other people's lines; "
        "keep each person's lines together\n"
    )
    assert out.startswith("imported 1 of 2 people")
    assert run(capsys, "people", "--store", url)[1] == "p2\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"person": "p2", "type": "Born", "on": ', "line 2: is not valid JSON"),
        ('{"type": "Born", "on": "2004-03-15"}', "line 2: names no person"),
    ],
)
def test_import_of_unreadable_input_exits_2_and_records_nobody(
    line: str, message: str, url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "c.jsonl", [json.dumps({"person": "p1", **BORN}), line])
    status, out, err = run(capsys, "import", path, "--store", url)
    assert (status, out) == (2, "")
    assert err.startswith(f"leavingcare: {message}") and err.count("\n") == 1
    assert run(capsys, "people", "--store", url)[1] == ""


def test_import_of_a_missing_file_exits_2(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "import", tmp_path / "absent.jsonl", "--store", url)
    assert status == 2 and err.startswith("leavingcare: cannot read ")


def test_import_shows_progress_only_when_asked_off_a_terminal(
    url: str, caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "import", caseload, "--store", url)[2] == ""
    _, _, err = run(capsys, "import", caseload, "--store", url, "--progress")
    assert re.search(rf"\] {len(EXAMPLES)}/{len(EXAMPLES)} people, \d+/s, 0:00 left\n$", err)
    assert "import [" + "#" * 30 + "]" in err


# people, and reading the store --------------------------------------------------------------------


def test_people_lists_everyone_in_the_order_first_recorded(
    url: str, caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", caseload, "--store", url)
    run(capsys, "record", "zz-late", W01, "--store", url)
    status, out, _ = run(capsys, "people", "--store", url)
    assert status == 0
    assert out.splitlines() == [path.stem for path in EXAMPLES] + ["zz-late"]


def test_the_store_comes_from_leavingcare_store_or_the_option_before_the_command(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEAVINGCARE_STORE", url)
    assert run(capsys, "record", "w01", W01)[0] == 0
    assert run(capsys, "people")[1] == "w01\n"
    monkeypatch.delenv("LEAVINGCARE_STORE")
    assert run(capsys, "--store", url, "people")[1] == "w01\n"


def test_reading_a_store_that_is_not_there_exits_2_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'absent.sqlite'}"
    for argv in (("people",), ("assess", "--person", "p1", "--on", "today"), ("worklist", "--on", "today")):
        status, out, err = run(capsys, *argv, "--store", url)
        assert (status, out) == (2, "")
        assert err == f"leavingcare: {url}: there is no store there yet (record or import histories first)\n"
    assert not (tmp_path / "absent.sqlite").exists()


def test_an_unknown_person_exits_2(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "record", "w01", W01, "--store", url)
    status, out, err = run(capsys, "timeline", "--person", "w99", "--store", url)
    assert (status, out, err) == (2, "", "leavingcare: person w99: no events recorded\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("assess", str(W01), "--person", "w01", "--on", "today"), "give a FILE or --person, not both"),
        (("timeline",), "give a FILE, or --person PERSON to read the store"),
        (("assess", "--all", "--person", "w01", "--on", "today"), "--all and --person cannot be used together"),
    ],
)
def test_a_file_and_a_person_are_one_or_the_other(
    argv: tuple[str, ...], message: str, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "record", "w01", W01, "--store", url)
    assert run(capsys, *argv, "--store", url) == (2, "", f"leavingcare: {message}\n")


def test_timeline_and_explain_of_a_stored_person_equal_those_of_the_file(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "record", "w07", W07, "--store", url, "--known-from-the-start")
    for fmt in ("text", "json"):
        from_store = run(capsys, "timeline", "--person", "w07", "--format", fmt, "--store", url)
        assert _made_at_aside_of(from_store) == _made_at_aside_of(run(capsys, "timeline", W07, "--format", fmt))
    kind = "relevant_child"
    for on in ("2024-01-15", "2026-01-15"):
        from_store = run(
            capsys, "explain", "--person", "w07", "--on", on, kind, "--known-at", "2024-01-31", "--store", url
        )
        from_file = run(capsys, "explain", W07, "--on", on, kind, "--known-at", "2024-01-31")
        assert _made_at_aside_of(from_store) == _made_at_aside_of(from_file)
        assert from_store[0] == 0


def test_report_of_a_stored_person_writes_the_page(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "record", "w07", W07, "--store", url)
    page = tmp_path / "report.html"
    assert run(capsys, "report", "--person", "w07", "--on", "2024-06-01", "--html", page, "--store", url) == (0, "", "")
    assert run(capsys, "report", W07, "--on", "2024-06-01", "--html", tmp_path / "file.html") == (0, "", "")
    from_file = (tmp_path / "file.html").read_text().replace("w07_two_authorities", "w07")
    assert _page_aside(page.read_text()) == _page_aside(from_file)


def _page_aside(page: str) -> str:
    """A page without its events table (the store says when and by whom it recorded each event, a file
    without recorded_at does not) and the time its receipt was made."""
    page = re.sub(r'<section id="events">.*?</section>', "", page, flags=re.DOTALL)
    return re.sub(r"<dt>Made at</dt><dd><code>[^<]*</code>", "", page)


def test_worklist_without_files_covers_everyone_in_the_store(
    url: str, caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", caseload, "--store", url)
    status, out, err = run(capsys, "worklist", "--on", "2025-03-01", "--days", "60", "--store", url)
    assert (status, err) == (0, "")
    assert out == run(capsys, "worklist", *EXAMPLES, "--on", "2025-03-01", "--days", "60")[1]
    assert "w01_turning_21" in out and "turns 21" in out
    assert run(capsys, "worklist", "--on", "2025-03-01", "--days", "60", "--store", url) == (0, out, "")


# assess --all -------------------------------------------------------------------------------------


def test_assess_all_over_the_store_and_over_the_file_give_the_same_json_per_person(
    url: str, caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", caseload, "--store", url, "--known-from-the-start")
    argv = ("assess", "--all", "--on", "2025-03-14", "--known-at", "2026-01-01")
    status, over_store, err = run(capsys, *argv, "--store", url)
    assert (status, err) == (0, "")
    status, over_file, err = run(capsys, *argv, caseload)
    assert (status, err) == (0, "")
    store_lines = [_made_at_aside(json.loads(line)) for line in over_store.splitlines()]
    assert store_lines == [_made_at_aside(json.loads(line)) for line in over_file.splitlines()]
    assert [line["person"] for line in store_lines] == [path.stem for path in EXAMPLES]
    for line in store_lines:
        assert list(line) == ["person", "schema_version", "on", "known_at", "findings", "concerns", "receipt"]
        assert (line["on"], line["known_at"]) == ("2025-03-14", "2026-01-01T00:00:00+00:00")
    w01 = next(line for line in store_lines if line["person"] == "w01_turning_21")
    single = json.loads(
        run(capsys, "assess", W01, "--on", "2025-03-14", "--known-at", "2026-01-01", "--format", "json")[1]
    )
    assert {k: v for k, v in w01.items() if k != "person"} == _made_at_aside(single)


def _made_at_aside_of(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """A command's status and output with the time each receipt was made left out."""
    status, out, err = result
    return status, re.sub(r'"made_at": ?"[^"]*"|made at +\S+', "made_at", out), err


def _made_at_aside(document: dict[str, Any]) -> dict[str, Any]:
    """A document with its receipt's ``made_at`` left out: everything else is the same on every run."""
    if "receipt" not in document:  # an error record
        return document
    return {**document, "receipt": {k: v for k, v in document["receipt"].items() if k != "made_at"}}


def test_assess_all_over_the_store_prints_what_the_file_gives_computed_or_read_back(
    url: str, caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --known-at the store's timelines are kept and read back the next time: both runs print
    what the same command prints over the file."""
    run(capsys, "import", caseload, "--store", url)
    for fmt in ("json", "text"):
        argv = ("assess", "--all", "--on", "2025-03-14", "--format", fmt)
        over_file = _made_at_aside_of(run(capsys, *argv, caseload))
        assert over_file[0] == 0 and over_file[1]
        assert _made_at_aside_of(run(capsys, *argv, "--store", url)) == over_file
        assert _made_at_aside_of(run(capsys, *argv, "--store", url)) == over_file


def test_assess_all_text_shows_one_line_per_finding_under_each_person(
    url: str, caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", caseload, "--store", url)
    status, out, _ = run(capsys, "assess", "--all", "--on", "2025-03-14", "--format", "text", "--store", url)
    assert status == 0
    assert out.startswith("On 2025-03-14, from everything recorded\n\nw01_turning_21 (aged 20)\n")
    block = out.split("\n\n")[1].splitlines()
    adviser = next(line for line in block if line.split()[0] == "personal_adviser")
    assert "E10000017 Lancashire (county)" in adviser and "to 2025-03-14" in adviser and "s23C(3)(a)" in adviser


BAD_PERSON = json.dumps({"person": "p2", "type": "Adopted", "on": "2020-01-01"})
UNKNOWN_TYPE = {"type": "InvalidEvent", "where": "line 16", "reason": "unknown event type"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_assess_all_over_a_file_reports_a_person_who_cannot_be_read_and_goes_on(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One JSON line with the person id and the typed error, the people after go on, exit 1."""
    path = write(tmp_path / "c.jsonl", [*lines_of(W01, "p1"), BAD_PERSON, *lines_of(W07, "p3")])
    status, out, err = run(capsys, "assess", "--all", path, "--on", "2025-01-01", "--jobs", jobs)
    assert (status, err) == (1, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert [record["person"] for record in records] == ["p1", "p2", "p3"]
    assert records[1] == {"person": "p2", "error": UNKNOWN_TYPE}
    assert "findings" in records[0] and "findings" in records[2]


def test_assess_all_text_reports_a_person_who_cannot_be_read_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "c.jsonl", [*lines_of(W01, "p1"), BAD_PERSON, *lines_of(W07, "p3")])
    status, out, _ = run(capsys, "assess", "--all", path, "--on", "2025-01-01", "--format", "text")
    assert status == 1
    assert "\np2: not assessed: line 16: unknown event type\n\np3 (aged 17)\n" in out


def test_assess_all_in_worker_processes_prints_the_same_lines_in_the_same_order(
    caseload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--jobs 2`` hands whole people to worker processes; the output is the one-process output."""
    argv = ("assess", "--all", caseload, "--on", "2025-03-14")
    status, one, err = _made_at_aside_of(run(capsys, *argv))
    assert (status, err) == (0, "")
    status, two, err = _made_at_aside_of(run(capsys, *argv, "--jobs", "2"))
    assert (status, err) == (0, "")
    assert two == one and one.count("\n") == len(EXAMPLES)


def test_assess_all_in_one_or_two_processes_prints_the_same_people_and_errors_in_the_same_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """People who cannot be read anywhere in the file (a bad line, lines that reappear, a line that is
    not JSON, a line before anyone is named): ``--jobs 1`` and ``--jobs 2`` print the same records
    in the same order, here in tasks of two people."""
    monkeypatch.setattr("leavingcare.cli_bulk.PEOPLE_PER_TASK", 2)
    lines = [
        '{"person": "p0", ',
        *lines_of(W01, "p1"),
        BAD_PERSON,
        *lines_of(W07, "p3"),
        json.dumps({"person": "p1", "type": "NeedsAssessed", "on": "2022-01-01"}),
        json.dumps({"person": "p4", **BORN}),
        '{"person": "p4", "type": ',
        *lines_of(W03, "p5"),
    ]
    path = write(tmp_path / "c.jsonl", lines)
    one = run(capsys, "assess", "--all", path, "--on", "2025-01-01")
    two = run(capsys, "assess", "--all", path, "--on", "2025-01-01", "--jobs", "2")
    records = [_made_at_aside(json.loads(line)) for line in one[1].splitlines()]
    assert records == [_made_at_aside(json.loads(line)) for line in two[1].splitlines()]
    assert one[0] == two[0] == 1 and one[2] == two[2]
    assert [
        (r["person"], r.get("error", {}).get("where"), r.get("error", {}).get("reason", "")[:22]) for r in records
    ] == [
        (None, "line 1", "is not valid JSON (Exp"),
        ("p1", None, ""),
        ("p2", "line 17", "unknown event type"),
        ("p3", None, ""),
        ("p1", "line 33", "has lines earlier in t"),
        ("p4", "line 35", "is not valid JSON (Exp"),
        ("p5", None, ""),
    ]


def test_assess_all_over_the_store_reports_a_person_who_cannot_be_read_and_goes_on(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stored row that no longer reads (a type no schema knows) is that person's error record,
    with everything recorded (timelines computed or read back) or with --known-at; the others are
    assessed."""
    for person in ("p1", "p2", "p3"):
        run(capsys, "record", person, W01, "--store", url)
    with lc.open_store(url) as store:
        app, stream = store._app, store._streams.of("p2")  # type: ignore[attr-defined]
        row = app.records.stored(stream, 99, store.recorded("p2")[0])
        app.recorder.insert_events([type(row)(stream, 99, "Adopted/1", row.state)])
    for extra in ((), ("--known-at", "2030-01-01")):
        status, out, err = run(capsys, "assess", "--all", "--on", "2025-01-01", "--store", url, *extra)
        assert (status, err) == (1, "")
        records = [json.loads(line) for line in out.splitlines()]
        assert [r["person"] for r in records] == ["p1", "p2", "p3"]
        assert records[1]["error"]["type"] == "InvalidEvent" and "Adopted/1" in records[1]["error"]["reason"]
