"""Timelines kept for files (``assess --all FILE --cache DIR``, ``lc.read_timelines(..., cache=DIR)``):
an answer read back is the answer computed, receipt and all (but when it was made); a changed line, law
table, authorities table or release computes again, and only what changed; a damaged entry is computed
again, never read; a directory that cannot be used is one typed error; entries name nobody."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from caseload import caseload_lines, count_evaluations, write_caseload
from leavingcare import cachedir, kept, people
from leavingcare.cli import main
from leavingcare.store.bulk import import_people
from leavingcare.testing import histories, property_settings
from recorded_ids import in_file_ids

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
ON = "2025-06-01"


def person_lines(history: lc.History, person: str) -> list[str]:
    return [json.dumps({"person": person, **json.loads(line)}) for line in history.to_jsonl().splitlines()]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def caseload(tmp_path: Path) -> Path:
    """Every example in one multi-person file, each person named by the example's file stem."""
    return write_caseload(tmp_path / "caseload.jsonl")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "kept"
    made.mkdir()
    return made


def same(got: list[tuple[str, lc.Timeline]], expected: list[tuple[str, lc.Timeline]]) -> None:
    """The same people, timelines and receipts, ``made_at`` aside."""
    assert [person for person, _ in got] == [person for person, _ in expected]
    for (person, mine), (_, theirs) in zip(got, expected, strict=True):
        assert mine == theirs, person
        assert mine.receipt is not None and theirs.receipt is not None
        assert mine.receipt.same_inputs(theirs.receipt), person


# read back equals computed -------------------------------------------------------------------------


@given(drawn=st.lists(histories(), min_size=1, max_size=3))
@property_settings(max_examples=15)
def test_a_kept_timeline_is_the_computed_one_from_a_file_or_the_store(drawn: list[lc.History]) -> None:
    """Cold, warm, without a cache and from the store's kept timelines: one answer."""
    people = [f"p-{n}" for n in range(len(drawn))]
    with tempfile.TemporaryDirectory() as scratch:
        lines = [line for history, person in zip(drawn, people, strict=True) for line in person_lines(history, person)]
        path = write(Path(scratch, "people.jsonl"), lines)
        folder = Path(scratch, "kept")
        folder.mkdir()
        computed = list(lc.read_timelines(path))
        assert [t for _, t in computed] == [lc.timeline(h) for h in drawn]
        cold = list(lc.read_timelines(path, cache=folder))
        warm = list(lc.read_timelines(path, cache=folder))
        same(cold, computed)
        same(warm, computed)
        with lc.open_store(f"sqlite:///{Path(scratch, 'store.sqlite')}") as store:
            import_people(store, lc.read_people(path), recorded_by="test", known_from_the_start=True)
            for _ in range(2):  # computed and kept, then read back
                for (person, stored), (_, from_file), history in zip(store.timelines(), warm, drawn, strict=True):
                    assert in_file_ids(stored, store.history(person).envelopes, history.envelopes) == from_file


def test_assess_all_with_a_cache_prints_what_it_prints_without(
    caseload: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every format, cold and warm: the same lines (a receipt's ``made_at`` aside)."""
    for fmt in ("json", "text", "csv"):
        outputs = []
        for cache in ([], ["--cache", folder], ["--cache", folder]):
            status = main(["assess", "--all", str(caseload), "--on", ON, "--format", fmt, *map(str, cache)])
            out, err = capsys.readouterr()
            assert (status, err) == (0, "")
            outputs.append(without_made_at(out))
        assert outputs[0] == outputs[1] == outputs[2], fmt
        assert outputs[0].count("w01_turning_21") >= 1


def without_made_at(out: str) -> str:
    lines = []
    for line in out.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            data.get("receipt", {}).pop("made_at", None)
            line = json.dumps(data)
        lines.append(" ".join(w for w in line.split() if not w.startswith("made")))
    return "\n".join(lines)


def test_jobs_2_with_a_cache_prints_what_one_process_prints(
    caseload: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Worker processes keep and read back the same entries as this process does."""
    outputs = []
    for jobs in ("2", "1", "2"):
        status = main(["assess", "--all", str(caseload), "--on", ON, "--cache", str(folder), "--jobs", jobs])
        out, err = capsys.readouterr()
        assert (status, err) == (0, "")
        outputs.append(without_made_at(out))
    main(["assess", "--all", str(caseload), "--on", ON])
    assert outputs == [without_made_at(capsys.readouterr().out)] * 3


def test_a_single_person_file_is_kept_under_its_name(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for _ in range(2):
        assert main(["assess", "--all", str(EXAMPLES[0]), "--on", ON, "--cache", str(folder)]) == 0
        outputs.append(without_made_at(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["person"] == EXAMPLES[0].stem
    assert len(list(folder.glob("*.timeline"))) == 1


# what is computed again ----------------------------------------------------------------------------


def test_a_changed_line_computes_that_person_only(
    caseload: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_evaluations(monkeypatch)
    list(lc.read_timelines(caseload, cache=folder))
    assert len(calls) == len(EXAMPLES)
    calls.clear()
    list(lc.read_timelines(caseload, cache=folder))
    assert calls == []
    lines = caseload.read_text(encoding="utf-8").splitlines()
    changed = next(i for i, line in enumerate(lines) if '"Moved"' in line)
    person = json.loads(lines[changed])["person"]
    lines[changed] = lines[changed].replace('"Moved"', '"Moved" ', 1)  # the same event, other bytes
    write(caseload, lines)
    answers = dict(lc.read_timelines(caseload, cache=folder))
    assert len(calls) == 1
    assert answers == dict(lc.read_timelines(caseload))
    calls.clear()
    lines.insert(changed + 1, json.dumps({"person": person, "type": "SupportRequested", "on": "2025-01-06"}))
    write(caseload, lines)
    answers = dict(lc.read_timelines(caseload, cache=folder))
    assert len(calls) == 1
    assert answers == dict(lc.read_timelines(caseload))


@pytest.mark.parametrize("part", ["library_version", "source_digest", "authorities_digest"])
def test_a_new_release_or_authorities_table_computes_everyone(
    caseload: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    list(lc.read_timelines(caseload, cache=folder))
    calls = count_evaluations(monkeypatch)
    monkeypatch.setattr(kept, part, lambda: "something else")
    list(lc.read_timelines(caseload, cache=folder))
    assert len(calls) == len(EXAMPLES)


def test_another_law_table_computes_everyone_under_it(
    caseload: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    list(lc.read_timelines(caseload, cache=folder))
    calls = count_evaluations(monkeypatch)
    law = lc.default_law().with_commencement("CA1989.sch2.para19B", None)
    answers = list(lc.read_timelines(caseload, cache=folder, law=law))
    assert len(calls) == len(EXAMPLES)
    same(answers, list(lc.read_timelines(caseload, law=law)))


def test_a_known_at_view_is_neither_read_back_nor_kept(
    caseload: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    list(lc.read_timelines(caseload, cache=folder))
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    calls = count_evaluations(monkeypatch)
    when = dt.datetime(2024, 1, 31, tzinfo=dt.UTC)
    answers = list(lc.read_timelines(caseload, cache=folder, known_at=when))
    assert len(calls) == len(EXAMPLES)
    same(answers, [(p, lc.timeline(h, known_at=when)) for p, h in lc.read_people(caseload)])
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


# damaged entries -----------------------------------------------------------------------------------


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def a_year_changed(data: bytes) -> bytes:
    """The year of a date of the packed timeline changed: still valid JSON, still a timeline."""
    at = data.index(b'"dates":["') + len(b'"dates":["')
    while data[at + 4 : at + 10] == b"-02-29":
        at = data.index(b'"', data.index(b'"', at) + 1) + 1
    digit = data[at + 3 : at + 4]
    return data[: at + 3] + (b"1" if digit != b"1" else b"2") + data[at + 4 :]


@pytest.mark.parametrize(
    "damage",
    [truncated, a_year_changed, lambda data: b"", lambda data: b"\x00" * 40, lambda data: data + b"]"],
    ids=["truncated", "a year changed", "empty", "zeros", "trailing byte"],
)
def test_a_damaged_entry_is_computed_again(
    caseload: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]
) -> None:
    expected = list(lc.read_timelines(caseload, cache=folder))
    entries = sorted(folder.glob("*.timeline"))
    entries[0].write_bytes(damage(entries[0].read_bytes()))
    calls = count_evaluations(monkeypatch)
    same(list(lc.read_timelines(caseload, cache=folder)), expected)
    assert len(calls) == 1
    calls.clear()
    same(list(lc.read_timelines(caseload, cache=folder)), expected)  # and kept again
    assert calls == []


def test_a_damaged_marker_starts_the_cache_again(caseload: Path, folder: Path) -> None:
    expected = list(lc.read_timelines(caseload, cache=folder))
    (folder / cachedir.MARKER).write_text("{not json")
    same(list(lc.read_timelines(caseload, cache=folder)), expected)
    same(list(lc.read_timelines(caseload, cache=folder)), expected)


# the directory -------------------------------------------------------------------------------------


def refused(capsys: pytest.CaptureFixture[str], caseload: Path, folder: Path | str) -> str:
    status = main(["assess", "--all", str(caseload), "--on", ON, "--cache", str(folder)])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1
    return err


def test_a_missing_directory_is_refused_at_once(
    caseload: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(lc.CacheUnavailable, match="does not exist") as raised:
        lc.read_timelines(caseload, cache=missing)
    assert raised.value.code == "cache_unavailable"
    assert "does not exist" in refused(capsys, caseload, missing)
    assert not missing.exists()


def test_a_file_or_a_directory_of_other_things_is_refused(
    caseload: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "not a directory" in refused(capsys, caseload, caseload)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert "not empty" in refused(capsys, caseload, other)
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]


def test_a_directory_this_process_cannot_write_is_refused(
    caseload: Path, folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    list(lc.read_timelines(caseload, cache=folder))
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # as root: permissions do not stop this process, so stop it here

            def denied(path: Path, data: bytes) -> None:
                raise PermissionError(13, "Permission denied", str(path))

            monkeypatch.setattr(cachedir, "_write_new", denied)
        assert "cannot be read and written" in refused(capsys, caseload, folder)
        with pytest.raises(lc.CacheUnavailable):
            lc.read_timelines(caseload, cache=folder)
    finally:
        folder.chmod(0o700)


def test_cache_is_refused_without_all_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["assess", str(EXAMPLES[0])], ["assess", "--all", "--store", "memory://"]):
        assert main([*argv, "--on", ON, "--cache", str(folder)]) == 2
        assert "--cache applies to assess --all FILE" in capsys.readouterr().err


def test_entries_name_nobody(caseload: Path, folder: Path, tmp_path: Path) -> None:
    """Neither a person id nor its plain hash is in a name, and one person is named differently in
    two directories; the files are their owner's only."""
    list(lc.read_timelines(caseload, cache=folder))
    names = {path.name for path in folder.iterdir()}
    assert cachedir.MARKER in names and len(names) == len(EXAMPLES) + 1
    for path in EXAMPLES:
        plain = hashlib.sha256(path.stem.encode()).hexdigest()
        assert not any(path.stem in name or plain[:16] in name for name in names)
    other = tmp_path / "other"
    other.mkdir()
    list(lc.read_timelines(caseload, cache=other))
    assert names & {path.name for path in other.iterdir()} == {cachedir.MARKER}
    assert {path.stat().st_mode & 0o777 for path in folder.iterdir()} == {0o600}


def test_read_timelines_raises_at_a_person_who_cannot_be_read(folder: Path, tmp_path: Path) -> None:
    good = person_lines(lc.History.from_jsonl(EXAMPLES[0]), "a")
    path = write(tmp_path / "bad.jsonl", [*good, json.dumps({"person": "b", "type": "Born"})])
    found = lc.read_timelines(path, cache=folder)
    assert next(found)[0] == "a"
    with pytest.raises(lc.InvalidEvent):
        next(found)
    with pytest.raises(lc.InvalidEvent):
        list(lc.read_timelines(path))


@pytest.mark.parametrize(
    "bad",
    ['{"person": "w99", "person": "w99", "type": "SupportRequested", "on": "2025-01-06"}', '{"person": "w99", "type":'],
    ids=["a member given twice", "not JSON"],
)
def test_a_bad_line_after_a_kept_person_is_theirs_as_without_a_cache(
    caseload: Path, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    """A line that cannot be read is the person's it follows, whose lines were kept unchanged: the
    cache reads a line no further than its person, and still reports that person as without it."""
    main(["assess", "--all", str(caseload), "--on", ON, "--cache", str(folder)])
    capsys.readouterr()
    lines = caseload.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])["person"]
    at = next(n for n, line in enumerate(lines) if json.loads(line)["person"] != first)
    broken = write(tmp_path / "broken.jsonl", [*lines[:at], bad, *lines[at:]])
    outputs = []
    for cache in ([], ["--cache", str(folder)]):
        status = main(["assess", "--all", str(broken), "--on", ON, *cache])
        outputs.append((status, without_made_at(capsys.readouterr().out)))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and f'"person":"{first}","error"' in outputs[0][1].replace(" ", "")


def test_an_entry_of_another_form_is_computed_again(
    caseload: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry whose check holds but whose form is not this release's (``Timeline/1``) is not read."""
    expected = list(lc.read_timelines(caseload, cache=folder))
    entry = sorted(folder.glob("*.timeline"))[0]
    body = json.loads(entry.read_bytes().partition(b"\n")[2])
    old = json.dumps({**body, "format": "Timeline/1"}).encode()
    entry.write_bytes(b"%08x\n" % zlib.crc32(old) + old)
    calls = count_evaluations(monkeypatch)
    same(list(lc.read_timelines(caseload, cache=folder)), expected)
    assert len(calls) == 1


def test_reading_lines_lazily_or_at_once_gives_the_same_people_and_errors() -> None:
    """``people.runs(lazily=True)`` (for a pass that may read kept timelines) reads a line only as far as
    its person; read at once or lazily, the people, their histories and their errors are the same,
    whatever is wrong with a line."""
    lines = caseload_lines()
    broken = [
        "not json",
        lines[3].replace('"person": ', '"person": "x", "person": ', 1),
        lines[40].replace('"on": "', '"on": "20x', 1),
        lines[60].replace("{", '{"extra": 1, ', 1),
        '{"type": "Born", "on": "2000-01-01"}',
        lines[80].replace('"type": "', '"type": "Nope', 1),
    ]
    for at, bad in zip((2, 20, 41, 61, 81, 100), broken, strict=True):
        lines.insert(at, bad)
    text = [(line + "\n").encode("utf-8") for line in lines]

    def read(lazily: bool) -> list[tuple[str | None, str, Any]]:
        out: list[tuple[str | None, str, Any]] = []
        for run in people.runs(text, lazily=lazily):
            try:
                found: Any = run.history().envelopes
            except lc.LeavingCareError as exc:
                found = str(exc)
            out.append((run.person, run.digest, found))
        return out

    at_once = read(False)
    assert sum(isinstance(found, str) for _, _, found in at_once) >= 4
    assert read(True) == at_once
