"""The SSDA903 import keeps what the return says (docs/interop.md section 1): an episode with REC and a
blank DEC is open (the validator's rule 148); REC X1 never ends care; a child whose rows cannot be read
faithfully is left out, every reason listed, or with ``--partial`` imported up to its first problem and
marked incomplete, a concern every assessment shows. Children, dates and returns are invented."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tables903 import Ep, Tables

import leavingcare as lc
from leavingcare.cli import main
from leavingcare.events import care, housing
from leavingcare.events.codec import encode
from leavingcare.interop.model903 import Problem
from leavingcare.interop.people import person_lines, record_people
from leavingcare.interop.report903 import write_report
from leavingcare.interop.ssda903 import Import903, read_903

BRISTOL = "E06000023"
DOB = "10/05/2006"  # 16 on 2022-05-10, 18 on 2024-05-10
D = dt.date


def read(tables: Tables, *episodes: Ep, partial: bool = False) -> Import903:
    return read_903(tables.header(("1001", DOB)), tables.episodes(*episodes), BRISTOL, partial=partial)


def types(result: Import903) -> list[str]:
    (child,) = result.people
    return [type(e).__name__ for e in child.events]


def looked_after(history: lc.History, day: dt.date) -> bool:
    return any(day in episode.period for episode in history.facts.episodes)


def concern_codes(history: lc.History, day: dt.date) -> set[str]:
    return {c.code for c in lc.assess(history, on=day).concerns}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# REC with a blank DEC ------------------------------------------------------------------------------
def test_rule_148_rec_with_blank_dec_is_an_open_episode_and_care_does_not_end(tables: Tables) -> None:
    """CA 1989 Sch 2 para 19B: an eligible child is looked after. The last episode carries REC X1 but no
    DEC (rule 148): it is open, so the child is still looked after, and eligible, on the previous
    episode's DEC (the day the import used to end care with X1) and the day before; never relevant."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/12/2022", "X1"),
        Ep("1001", "01/12/2022", "P", "C2", "K2", "", "X1"),
    )
    assert result.rejected == () and result.complete
    assert types(result) == ["Born", "CareStarted", "CareChanged"]
    ((code, rule, column, line),) = [
        (n.code, n.rule, n.column, n.line) for n in result.notes if n.code != "area_assumed"
    ]
    assert (code, rule, column, line) == ("rec_without_dec", "148", "REC", 3)
    history = result.people[0].history
    for day in (D(2022, 11, 30), D(2022, 12, 1), D(2023, 3, 31)):
        assessment = lc.assess(history, on=day)
        assert assessment.owes("eligible_child", by=BRISTOL) and not assessment.owes("relevant_child")


def test_rule_148_rec_with_blank_dec_on_a_first_episode_imports_it_open(tables: Tables) -> None:
    """A single episode with REC E8 and no DEC: imported open, REC ignored, noted."""
    result = read(tables, Ep("1001", "01/09/2021", "S", "V2", "U4", "", "E8"))
    assert types(result) == ["Born", "CareStarted"]
    assert looked_after(result.people[0].history, D(2030, 1, 1))
    assert "rec_without_dec" in {n.code for n in result.notes}


# REC X1 --------------------------------------------------------------------------------------------
def test_x1_with_no_next_episode_in_the_files_keeps_the_period_of_care_open(tables: Tables) -> None:
    """Sch 2 para 19B: REC X1 says a new episode starts on DEC; with none in the files given, it is in a
    file not given, and care continues: looked after (eligible) the day before DEC and on DEC."""
    result = read(tables, Ep("1001", "01/09/2021", "S", "C2", "U4", "01/12/2022", "X1"))
    assert types(result) == ["Born", "CareStarted"]
    notes = [(n.code, n.rule) for n in result.notes if n.code != "area_assumed"]
    assert notes == [("continues_beyond_files", "388")]
    history = result.people[0].history
    assert lc.assess(history, on=D(2022, 11, 30)).owes("eligible_child")
    assert lc.assess(history, on=D(2022, 12, 1)).owes("eligible_child")
    assert not lc.assess(history, on=D(2022, 12, 1)).owes("relevant_child")


def test_x1_followed_by_a_later_episode_leaves_the_child_out(tables: Tables) -> None:
    """REC X1 on 2022-12-01 but the next episode starts on 2023-03-01: the episodes between are missing,
    and whether care ended in between cannot be read, so nothing of the child is imported."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/12/2022", "X1"),
        Ep("1001", "01/03/2023", "S", "C2", "K2"),
    )
    assert result.people == ()
    (out,) = result.left_out
    assert (out.child, out.person) == ("1001", f"{BRISTOL}-1001")
    assert [(p.line, p.code, p.rule, p.column) for p in out.problems] == [(2, Problem.X1_GAP, "388", "REC")]
    assert [(w.line, w.code) for w in result.withheld] == [(3, Problem.CHILD_LEFT_OUT)]
    assert not result.complete


def test_partial_x1_gap_imports_care_open_to_the_gap_with_incomplete_history(tables: Tables) -> None:
    """With --partial the rows before the gap are imported: care stays open (X1 never ends it) and the
    history is incomplete from DEC, a concern on every assessment, the day before DEC and the day of."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/12/2022", "X1"),
        Ep("1001", "01/03/2023", "S", "C2", "K2"),
        partial=True,
    )
    (child,) = result.people
    assert child.incomplete_from == D(2022, 12, 1)
    assert types(result) == ["Born", "CareStarted", "HistoryIncomplete"]
    assert encode(child.events[-1]) == {"type": "HistoryIncomplete", "on": "2022-12-01"}
    for day in (D(2006, 5, 10), D(2022, 11, 30), D(2022, 12, 1), D(2024, 6, 1)):
        assert "incomplete_history" in concern_codes(child.history, day)
    assert looked_after(child.history, D(2022, 12, 1))
    assert [(w.line, w.code) for w in result.withheld] == [(3, Problem.AFTER_FIRST_PROBLEM)]
    assert [r.code for r in result.rejected] == [Problem.X1_GAP]


# A row rejected in the middle of a period of care --------------------------------------------------
MIDDLE = (
    Ep("1001", "01/09/2021", "S", "C1", "U4", "01/12/2021", "X1"),
    Ep("1001", "01/12/2021", "P", "C2", "Q9", "01/06/2022", "X1"),
    Ep("1001", "01/06/2022", "P", "C2", "K2"),
)


def test_a_row_rejected_in_the_middle_of_a_period_of_care_leaves_the_child_out(tables: Tables) -> None:
    """The middle episode's PLACE is not a code: the import used to end care on 2021-12-01 with X1 and
    start a new period on 2022-06-01, a gap the return does not state. Now the child is left out, the
    rejected row listed with its column and rule and the readable rows withheld."""
    result = read(tables, *MIDDLE)
    assert result.people == ()
    (out,) = result.left_out
    assert [(p.line, p.column, p.rule, p.code) for p in out.problems] == [(3, "PLACE", "146", Problem.CODE_UNKNOWN)]
    assert [(w.line, w.code) for w in result.withheld] == [(2, Problem.CHILD_LEFT_OUT), (4, Problem.CHILD_LEFT_OUT)]


def test_partial_keeps_the_rows_before_the_first_problem_and_never_ends_care(tables: Tables) -> None:
    """--partial: the first episode is imported and stays open (its X1 continuation is the rejected
    row); no CareEnded, and incomplete_history from the rejected row's DECOM, the day before and of."""
    result = read(tables, *MIDDLE, partial=True)
    (child,) = result.people
    assert types(result) == ["Born", "CareStarted", "HistoryIncomplete"]
    assert child.incomplete_from == D(2021, 12, 1)
    assert [(p.line, p.code) for p in child.problems] == [(3, Problem.CODE_UNKNOWN)]
    for day in (D(2021, 11, 30), D(2021, 12, 1)):
        assert looked_after(child.history, day)
        assert "incomplete_history" in concern_codes(child.history, day)


def test_every_problem_of_a_child_left_out_is_listed(tables: Tables) -> None:
    """An overlap within one file, an unknown legal status and an unreadable DEC: all three listed."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/06/2022", "E8"),
        Ep("1001", "01/05/2022", "S", "C2", "U5", "01/08/2022", "E8"),
        Ep("1001", "01/09/2022", "S", "X9", "U4"),
        Ep("1001", "01/10/2022", "S", "C2", "U4", "31/02/2023", "E8"),
    )
    (out,) = result.left_out
    assert sorted((p.line, p.column, p.rule, p.code) for p in out.problems) == [
        (3, "DECOM", "501", Problem.OVERLAP),
        (4, "LS", "144", Problem.CODE_UNKNOWN),
        (5, "DEC", "147", Problem.DATE_NOT_REAL),
    ]


def test_an_unreadable_decom_leaves_the_child_out_even_with_partial(tables: Tables) -> None:
    """A DECOM that is not a date cannot be placed in time, so no rows can be said to come before it."""
    episodes = (Ep("1001", "01/09/2021", "S", "C2", "U4"), Ep("1001", "2022-01-01", "S", "C2", "K2"))
    for partial in (False, True):
        result = read(tables, *episodes, partial=partial)
        assert result.people == ()
        assert [(p.line, p.column, p.rule, p.code) for p in result.left_out[0].problems] == [
            (3, "DECOM", "141", Problem.DATE_FORMAT)
        ]


def test_a_header_row_rejected_leaves_the_child_out_with_its_rule(tables: Tables) -> None:
    header = tables.header(("1001", "31/02/2006"))
    result = read_903(header, tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4")), BRISTOL, partial=True)
    assert result.people == ()
    assert [(r.line, r.code, r.rule) for r in result.rejected] == [
        (2, Problem.DATE_NOT_REAL, "102"),
        (2, Problem.HEADER_REJECTED, "102"),
    ]


# The concern, from a file and from the store --------------------------------------------------------
def test_incomplete_history_is_a_concern_from_jsonl_and_from_the_store_until_retracted() -> None:
    """The mark is an event of the history, so a JSONL file and the store give the same concern, on
    every date from birth (the day before the mark and the day of); a Retracted event removes it."""
    lines = [
        '{"id": "b", "type": "Born", "on": "2006-05-10"}',
        '{"id": "c", "type": "CareStarted", "on": "2021-09-01", "authority": "E06000023", "legal_status": "C2", '
        '"placement": "U4", "area": "E06000023"}',
        '{"id": "m", "type": "HistoryIncomplete", "on": "2022-12-01"}',
    ]
    from_file = lc.History.from_jsonl(lines)
    (concern,) = [c for c in lc.timeline(from_file).concerns if c.code == "incomplete_history"]
    assert (concern.since, concern.until, concern.events) == (D(2006, 5, 10), None, ("m",))
    assert concern.citation.provision == "s22(1)-(2)"
    with lc.open_store("memory://") as store:
        store.record("p-1", from_file.events, recorded_by="test")
        stored = store.history("p-1")
        for day in (D(2022, 11, 30), D(2022, 12, 1)):
            assert "incomplete_history" in concern_codes(stored, day)
        (mark,) = [e for e in stored.envelopes if isinstance(e.event, care.HistoryIncomplete)]
        store.record("p-1", [housing.Retracted(on=D(2025, 1, 1), target=mark.id)], recorded_by="test")
        assert "incomplete_history" not in concern_codes(store.history("p-1"), D(2022, 12, 1))


def test_a_partial_import_recorded_in_the_store_carries_the_concern(tables: Tables) -> None:
    result = read(tables, *MIDDLE, partial=True)
    with lc.open_store("memory://") as store:
        (done,) = record_people(store, [(c.person, c.history) for c in result.people], recorded_by="test")
        assert done.error is None
        assert "incomplete_history" in concern_codes(store.history(f"{BRISTOL}-1001"), D(2023, 1, 1))


# Resubmissions -------------------------------------------------------------------------------------
def test_an_overlap_the_later_submission_resolves_is_replaced_not_a_problem(tables: Tables) -> None:
    """The later file dates the episode differently (a corrected DECOM): it replaces the earlier row,
    reported as replaced, and the child imports whole."""
    header = tables.header(("1001", DOB))
    old = tables.episodes(Ep("1001", "01/09/2022", "S", "C2", "U4"), name="old.csv")
    new = tables.episodes(Ep("1001", "05/09/2022", "S", "C2", "U4", "01/06/2023", "E8"), name="new.csv")
    result = read_903(header, [old, new], BRISTOL)
    assert result.complete and result.rejected == ()
    assert [(n.file, n.line, n.code) for n in result.replacements] == [(str(old), 2, "overlapped_by_later_submission")]


# The report ----------------------------------------------------------------------------------------
def test_report_csv_gives_file_line_child_column_rule_reason_and_counts(
    capsys: pytest.CaptureFixture[str], tables: Tables
) -> None:
    header = tables.header(("1001", DOB), ("1002", DOB))
    episodes = tables.episodes(
        *MIDDLE,
        Ep("1002", "01/09/2021", "S", "C2", "U4", "01/12/2022", "X1"),
        Ep("1002", "01/12/2022", "P", "C2", "K2", "", "X1"),
    )
    report = tables.root / "report.csv"
    argv = ["import-903", "--header", str(header), "--episodes", str(episodes), "--authority", BRISTOL]
    status, out, err = run(capsys, *argv, "--report", str(report))
    assert status == 1
    assert {json.loads(line)["person"] for line in out.splitlines()} == {f"{BRISTOL}-1002"}
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert rows[0] == {
        "status": "rejected",
        "file": str(episodes),
        "line": "3",
        "child": "1001",
        "column": "PLACE",
        "rule": "146",
        "code": "code_unknown",
        "reason": rows[0]["reason"],
        "count": "",
    }
    assert rows[0]["reason"].startswith("PLACE is not a placement code")
    assert [(r["status"], r["line"], r["code"]) for r in rows[1:3]] == [
        ("withheld", "2", "child_left_out"),
        ("withheld", "4", "child_left_out"),
    ]
    note = next(r for r in rows if r["code"] == "rec_without_dec")
    assert (note["status"], note["child"], note["rule"]) == ("note", "1002", "148")
    totals = {(r["code"], r["count"]) for r in rows if r["status"] == "total"}
    assert {("code_unknown", "1"), ("child_left_out", "2"), ("rec_without_dec", "1")} <= totals
    assert err.splitlines()[-2].endswith("imported 1 person (3 events); 1 row rejected; 1 child left out")
    assert err.splitlines()[-1] == f"leavingcare: import-903: every row is listed in {report}"


def test_report_json_and_a_clean_import_exit_0(capsys: pytest.CaptureFixture[str], tables: Tables) -> None:
    header = tables.header(("1001", DOB))
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4", "01/12/2022", "E8"))
    report = tables.root / "report.json"
    argv = ["import-903", "--header", str(header), "--episodes", str(episodes), "--authority", BRISTOL]
    status, _, _ = run(capsys, *argv, "--report", str(report))
    assert status == 0
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["summary"]["people"] == 1 and document["summary"]["children_left_out"] == 0
    assert document["counts"]["rejected"] == {} and document["counts"]["note"] == {"area_assumed": 1}
    assert document["rows"][0]["code"] == "area_assumed"
    assert document["left_out"] == [] and document["incomplete"] == []


def test_report_json_names_the_children_left_out_and_imported_in_part(tables: Tables) -> None:
    header = tables.header(("1001", DOB), ("1002", DOB))
    episodes = tables.episodes(
        *MIDDLE, Ep("1002", "01/09/2021", "S", "C2", "U4"), Ep("1002", "2022-01-01", "S", "C2", "K2")
    )
    report = tables.root / "report.json"
    write_report(read_903(header, episodes, BRISTOL, partial=True), str(report))
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["left_out"] == [{"child": "1002", "person": f"{BRISTOL}-1002", "problems": ["date_format"]}]
    assert document["incomplete"] == [{"child": "1001", "person": f"{BRISTOL}-1001"}]
    assert document["summary"]["people_incomplete"] == 1 and document["counts"]["withheld"] == {
        "after_first_problem": 1,
        "child_left_out": 1,
    }


def test_many_rejections_give_a_short_summary_on_standard_error(
    capsys: pytest.CaptureFixture[str], tables: Tables
) -> None:
    """Three hundred rows rejected: standard error keeps a few lines, the counts per reason."""
    children = [str(2000 + i) for i in range(300)]
    header = tables.header(*[(c, DOB) for c in children])
    episodes = tables.episodes(*[Ep(c, "01/09/2021", "S", "C2", "Q9") for c in children])
    argv = ["import-903", "--header", str(header), "--episodes", str(episodes), "--authority", BRISTOL]
    status, out, err = run(capsys, *argv)
    assert (status, out) == (1, "")
    assert len(err.splitlines()) <= 4
    assert "rejected: 300 rows: code_unknown" in err
    assert "imported 0 people (0 events); 300 rows rejected; 300 children left out" in err


def test_report_must_be_csv_or_json(capsys: pytest.CaptureFixture[str], tables: Tables) -> None:
    header = tables.header(("1001", DOB))
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4"))
    argv = ["import-903", "--header", str(header), "--episodes", str(episodes), "--authority", BRISTOL]
    status, _, err = run(capsys, *argv, "--report", str(tables.root / "r.txt"))
    assert status == 2 and "--report must name a .csv or .json file" in err


# XML -----------------------------------------------------------------------------------------------
XML_CHILDREN = (
    (
        "1001",
        DOB,
        [Ep("1001", "01/09/2021", "S", "C1", "U4", "01/12/2021", "X1"), Ep("1001", "01/12/2021", "L", "C2", "U4")],
    ),
    ("1002", "01/01/2007", [Ep("1002", "01/09/2021", "S", "V2", "K2", "", "X1")]),
)


def test_an_xml_return_imports_as_its_csv_tables_do(tables: Tables) -> None:
    """The same children as an XML return (HEADER with CHILDID, EPISODE with PL) and as CSV tables."""
    from_xml = read_903([], tables.xml(XML_CHILDREN), BRISTOL)
    header = tables.header(*[(c, dob) for c, dob, _ in XML_CHILDREN])
    from_csv = read_903(header, tables.episodes(*[e for _, _, eps in XML_CHILDREN for e in eps]), BRISTOL)
    assert [(p.person, p.history.events) for p in from_xml.people] == [
        (p.person, p.history.events) for p in from_csv.people
    ]
    assert [(n.line, n.code) for n in from_xml.notes if n.code == "rec_without_dec"] == [(21, "rec_without_dec")]


def test_an_xml_return_on_the_command_line_with_a_bad_row(capsys: pytest.CaptureFixture[str], tables: Tables) -> None:
    children = (*XML_CHILDREN, ("1003", DOB, [Ep("1003", "01/09/2021", "S", "C2", "Q9")]))
    path = tables.xml(children)
    report = tables.root / "report.csv"
    status, out, _ = run(capsys, "import-903", "--xml", str(path), "--authority", BRISTOL, "--report", str(report))
    assert status == 1
    assert {json.loads(line)["person"] for line in out.splitlines()} == {f"{BRISTOL}-1001", f"{BRISTOL}-1002"}
    (rejected,) = [r for r in csv.DictReader(report.open(encoding="utf-8")) if r["status"] == "rejected"]
    assert (rejected["file"], rejected["line"], rejected["child"], rejected["column"]) == (
        str(path),
        "30",
        "1003",
        "PLACE",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<Message><CHILD><HEADER>", "is not well-formed XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]><m>&b;</m>',
            "declares entities or refers to external resources",
        ),
    ],
)
def test_a_bad_xml_return_exits_2_naming_the_file(
    capsys: pytest.CaptureFixture[str], tables: Tables, text: str, message: str
) -> None:
    path = tables.root / "bad.xml"
    path.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "import-903", "--xml", str(path), "--authority", BRISTOL)
    assert status == 2 and str(path) in err and message in err
    assert len(err.splitlines()) == 1


def test_csv_episodes_need_a_header_table(capsys: pytest.CaptureFixture[str], tables: Tables) -> None:
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4"))
    status, _, err = run(capsys, "import-903", "--episodes", str(episodes), "--authority", BRISTOL)
    assert status == 2 and "--header is needed" in err


# A return in which a third of the open episodes carry REC without DEC ------------------------------
def _return_with_rec_on_open_episodes(tables: Tables, children: int) -> tuple[Path, Path, set[str]]:
    """``children`` children born 2006-2007, each in care from 2021 with two or three episodes linked by
    X1, the last open at 31 March 2023; every third open episode carries REC X1 (or E8) with DEC blank."""
    rows: list[Ep] = []
    heads: list[tuple[str, str]] = []
    for i in range(children):
        child = str(5000 + i)
        heads.append((child, f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2006 + i % 2}"))
        start = D(2021, 1 + i % 12, 1 + i % 28)
        middle = start + dt.timedelta(days=100 + i)
        rows.append(Ep(child, f"{start:%d/%m/%Y}", "S", "C2", "U4", f"{middle:%d/%m/%Y}", "X1"))
        last = middle
        if i % 2:
            last = middle + dt.timedelta(days=60)
            rows.append(Ep(child, f"{middle:%d/%m/%Y}", "P", "C2", "U5", f"{last:%d/%m/%Y}", "X1"))
        rec = ("X1", "E8")[i % 2] if i % 3 == 0 else ""
        rows.append(Ep(child, f"{last:%d/%m/%Y}", "P", "C2", "K2", "", rec))
    return tables.header(*heads), tables.episodes(*rows), {c for c, _ in heads}


def test_a_third_of_open_episodes_with_rec_but_no_dec_nobody_looked_after_is_recorded_as_left(
    capsys: pytest.CaptureFixture[str], tables: Tables
) -> None:
    """Every child is looked after at the end of the return (31 March 2023, the last day of 2022-23):
    each is imported, looked after on that day and the day after, with no CareEnded at all, whether or
    not the open episode carries REC; none is a relevant child on 31 March 2023."""
    header, episodes, children = _return_with_rec_on_open_episodes(tables, 90)
    out_file = tables.root / "people.jsonl"
    argv = ["import-903", "--header", str(header), "--episodes", str(episodes), "--authority", BRISTOL]
    status, _, err = run(capsys, *argv, "--out", str(out_file))
    assert status == 0, err
    assert "note: 30 rows: rec_without_dec" in err
    imported = dict(lc.read_people(out_file))
    assert set(imported) == {f"{BRISTOL}-{c}" for c in children}
    for history in imported.values():
        assert not any(isinstance(e, care.CareEnded) for e in history.events)
        assert looked_after(history, D(2023, 3, 31)) and looked_after(history, D(2023, 4, 1))
        assert not lc.assess(history, on=D(2023, 3, 31)).owes("relevant_child")


@st.composite
def returns(draw: st.DrawFn) -> list[Ep]:
    """A few children's episodes in DECOM order: each ends with X1 the same day, X1 before a gap, a
    real REC (then a gap), or is left open with or without REC."""
    rows: list[Ep] = []
    for child in ("7001", "7002", "7003"):
        day = D(2020, 1, 1) + dt.timedelta(days=draw(st.integers(0, 300)))
        rne = "S"
        for _ in range(draw(st.integers(1, 4))):
            ending = draw(st.sampled_from(("x1", "x1_gap", "real", "open", "open_rec")))
            length = dt.timedelta(days=draw(st.integers(2, 200)))
            if ending in ("open", "open_rec"):
                rows.append(Ep(child, f"{day:%d/%m/%Y}", rne, "C2", "U4", "", "X1" if ending == "open_rec" else ""))
                break
            dec = day + length
            rec = "X1" if ending.startswith("x1") else draw(st.sampled_from(("E8", "E13", "E4A")))
            rows.append(Ep(child, f"{day:%d/%m/%Y}", rne, "C2", "U4", f"{dec:%d/%m/%Y}", rec))
            same_day = ending == "x1"
            day = dec if same_day else dec + dt.timedelta(days=draw(st.integers(1, 90)))
            rne = "P" if same_day else "S"
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(returns(), st.booleans())
def test_no_care_ended_is_recorded_that_the_return_does_not_state(rows: list[Ep], partial: bool) -> None:
    """Whatever the return (and with or without --partial), every CareEnded imported is a row's DEC with
    its REC, never X1; and every child whose last row is open is looked after at the end of its rows."""
    with tempfile.TemporaryDirectory() as root:
        tables = Tables(Path(root))
        header = tables.header(("7001", "01/01/2006"), ("7002", "01/01/2006"), ("7003", "01/01/2006"))
        result = read_903(header, tables.episodes(*rows), BRISTOL, partial=partial)
    stated = {(r.child, dt.datetime.strptime(r.dec, "%d/%m/%Y").date(), r.rec) for r in rows if r.dec}
    for child in result.people:
        for event in child.events:
            if isinstance(event, care.CareEnded):
                assert event.reason != "X1" and (child.child, event.on, event.reason) in stated
        last = [r for r in rows if r.child == child.child][-1]
        if not last.dec and child.incomplete_from is None:
            assert child.history.facts.episodes[-1].period.until is None


# OC3 -----------------------------------------------------------------------------------------------
def _care_leaver(born: dt.date, ceased: dt.date, reason: str = "E13") -> lc.History:
    """In care from the 14th birthday plus 100 days, ceasing on ``ceased``."""
    return lc.History.of(
        [
            care.Born(on=born),
            care.CareStarted(
                on=born.replace(year=born.year + 14) + dt.timedelta(days=100),
                authority=BRISTOL,
                legal_status="C2",
                placement="U4",
                area=BRISTOL,
            ),
            care.CareEnded(on=ceased, reason=reason),
        ]
    )


def oc3_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path, people: dict[str, lc.History], *argv: str):
    path = tmp_path / "people.jsonl"
    path.write_text("".join(person_lines(people.items())), encoding="utf-8")
    status, out, err = run(capsys, "oc3", str(path), *argv)
    assert status == 0, err
    return list(csv.DictReader(out.splitlines()))


@pytest.mark.parametrize(
    ("born", "year", "row"),
    [
        (D(2007, 3, 31), "2023-24", ("2024-03-31", "17", "relevant_child")),  # the last day of 2023-24
        (D(2007, 4, 1), "2023-24", None),  # 17 on 2024-04-01, the first day of 2024-25; 16 in 2023-24
        (D(2007, 3, 31), "2024-25", ("2025-03-31", "18", "former_relevant_child")),
        (D(2007, 4, 1), "2024-25", ("2024-04-01", "17", "relevant_child")),
    ],
)
def test_oc3_the_17th_birthday_falls_in_the_collection_year(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    born: dt.date,
    year: str,
    row: tuple[str, str, str] | None,
) -> None:
    """DfE guide: care leavers whose 17th to 21st birthday falls in the collection year (1 April to
    31 March); a relevant child at 17 (s23A(2)): left care at 16 after 13 weeks looked after since 14;
    a former relevant child at 18 (s23C(1)(a))."""
    history = _care_leaver(born, born.replace(year=born.year + 16) + dt.timedelta(days=120))
    rows = oc3_rows(capsys, tmp_path, {"p-1": history}, "--year", year)
    assert [(r["person"], r["birthday"], r["age"], r["status"], r["authority"]) for r in rows] == (
        [] if row is None else [("p-1", *row, BRISTOL)]
    )


@pytest.mark.parametrize(("ceased_after_birthday", "included"), [(0, True), (1, False)])
def test_oc3_leaves_out_who_is_still_looked_after_on_the_birthday(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ceased_after_birthday: int, included: bool
) -> None:
    """Validator rule 1007: not required for a 17-year-old looked after on the 17th birthday. Ceasing on
    the birthday (DEC = birthday) leaves the young person not looked after on it, a relevant child."""
    born = D(2007, 6, 1)
    history = _care_leaver(born, D(2024, 6, 1) + dt.timedelta(days=ceased_after_birthday))
    rows = oc3_rows(capsys, tmp_path, {"p-1": history}, "--year", "2024-25")
    assert [r["person"] for r in rows] == (["p-1"] if included else [])


def test_oc3_former_relevant_child_at_21_with_the_incomplete_history_concern(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """s23C(1)(b): looked after at 18 having been eligible; the 21st birthday on 2024-09-10 is in 2024-25.
    A qualifying person (looked after only after 16, for 30 days) is not a care leaver the OC3 reports."""
    born = D(2003, 9, 10)
    frc = lc.History.of([*_care_leaver(born, D(2021, 9, 10), "E17").events, care.HistoryIncomplete(on=D(2022, 1, 1))])
    qualifying = lc.History.of(
        [
            care.Born(on=born),
            care.CareStarted(on=D(2020, 1, 1), authority=BRISTOL, legal_status="V2", placement="U4", area=BRISTOL),
            care.CareEnded(on=D(2020, 1, 31), reason="E13"),
        ]
    )
    rows = oc3_rows(capsys, tmp_path, {"p-frc": frc, "p-q": qualifying}, "--year", "2024-25")
    assert [(r["person"], r["age"], r["status"], r["authority"]) for r in rows] == [
        ("p-frc", "21", "former_relevant_child", BRISTOL)
    ]
    assert rows[0]["concerns"].split(";").count("incomplete_history") == 1
    assert oc3_rows(capsys, tmp_path, {"p-frc": frc}, "--year", "2024-25", "--authority", "E06000022") == []


def test_oc3_from_the_store_and_a_bad_year(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with lc.open_store(url) as store:
        store.record("p-1", _care_leaver(D(2007, 4, 1), D(2023, 8, 1)).events, recorded_by="test")
    status, out, _ = run(capsys, "oc3", "--store", url, "--year", "2024-25")
    assert status == 0 and [r["person"] for r in csv.DictReader(out.splitlines())] == ["p-1"]
    status, _, err = run(capsys, "oc3", "--store", url, "--year", "2024-26")
    assert status == 2 and "must be a collection year written like 2024-25" in err
