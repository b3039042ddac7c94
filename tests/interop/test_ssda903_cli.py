"""``leavingcare import-903``: multi-person JSONL on standard output or ``--out``, or recorded in
``--store``; the report on standard error; bad input exits with status 2 and one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tables903 import Ep, Tables

import leavingcare as lc
from leavingcare.cli import main, people

BRISTOL = "E06000023"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def files(tables: Tables) -> list[str]:
    header = tables.header(("1001", "10/05/2006"), ("1002", "01/01/2007"))
    episodes = tables.episodes(
        Ep("1001", "01/09/2021", "S", "C1", "U4", "01/12/2021", "X1", pl_post="BS2 8"),
        Ep("1001", "01/12/2021", "L", "C2", "U4", pl_post="BS2 8"),
        Ep("1002", "01/09/2021", "S", "V2", "H5"),
        Ep("1002", "01/10/2025", "S", "V2", "H5"),
    )
    return ["--header", str(header), "--episodes", str(episodes), "--authority", BRISTOL]


def test_import_writes_multi_person_jsonl_to_standard_output_and_a_summary_on_standard_error(
    capsys: pytest.CaptureFixture[str], tables: Tables
) -> None:
    """Child 1002 has a row whose PLACE is not a code of its year: the child is left out whole, and the
    command exits 1 with a short summary (counts per reason), every row being in ``--report``."""
    status, out, err = run(capsys, "import-903", *files(tables))
    assert status == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(line["person"], line["type"]) for line in lines] == [
        (f"{BRISTOL}-1001", "Born"),
        (f"{BRISTOL}-1001", "CareStarted"),
        (f"{BRISTOL}-1001", "CareChanged"),
    ]
    assert all(line["id"].startswith("e-") for line in lines)
    assert err.splitlines() == [
        "leavingcare: import-903: rejected: 1 row: code_unknown: a code is not in the list of its collection year",
        "leavingcare: import-903: note: 1 episode: no areas map was given: area recorded as E06000023",
        "leavingcare: import-903: imported 1 person (3 events); 1 row rejected; 1 child left out",
        "leavingcare: import-903: every row is listed with --report FILE.csv (or FILE.json)",
    ]


def test_import_out_writes_a_file_the_other_commands_read(
    capsys: pytest.CaptureFixture[str], tables: Tables, tmp_path: Path
) -> None:
    out_file = tmp_path / "people.jsonl"
    areas = tables.areas([("BS2", BRISTOL)])
    status, out, err = run(capsys, "import-903", *files(tables), "--areas", str(areas), "--out", str(out_file))
    assert (status, out) == (1, "")
    assert "no areas map" not in err
    read = list(people([str(out_file)]))
    assert [person for person, _ in read] == [f"{BRISTOL}-1001"]
    assert lc.timeline(read[0][1]).of_kind("eligible_child")[0].by == BRISTOL
    status, out, _ = run(capsys, "worklist", str(out_file), "--on", "2022-07-20")
    assert status == 0 and f"{BRISTOL}-1001" in out


def test_import_store_records_each_person_and_a_second_run_adds_nothing(
    capsys: pytest.CaptureFixture[str], tables: Tables, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    status, out, err = run(capsys, "import-903", *files(tables), "--store", url)
    assert (status, out) == (1, "")
    assert err.splitlines()[-1] == "leavingcare: import-903: recorded 3 new events in the store (0 were already there)"
    status, _, err = run(capsys, "import-903", *files(tables), "--store", url)
    assert status == 1
    assert err.splitlines()[-1] == "leavingcare: import-903: recorded 0 new events in the store (3 were already there)"
    with lc.open_store(url) as store:
        assert sorted(store.people()) == [f"{BRISTOL}-1001"]
        history = store.history(f"{BRISTOL}-1001")
        assert {e.recorded_by for e in history.envelopes} == {f"import-903 {BRISTOL}"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--authority", "E07000106"], "--authority: must be the GSS code of a children's services authority"),
        (["--store", "memory://", "--out", "x.jsonl"], "not allowed with argument"),
    ],
)
def test_import_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tables: Tables, extra: list[str], message: str
) -> None:
    status, out, err = run(capsys, "import-903", *files(tables), *extra)
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and message in err


def test_import_a_file_missing_a_column_exits_2_naming_it(capsys: pytest.CaptureFixture[str], tables: Tables) -> None:
    episodes = tables.root / "bad.csv"
    episodes.write_text("CHILD,DECOM\n1001,01/09/2021\n", encoding="utf-8")
    header = tables.header(("1001", "10/05/2006"))
    status, _, err = run(
        capsys, "import-903", "--header", str(header), "--episodes", str(episodes), "--authority", BRISTOL
    )
    assert status == 2
    assert err == f"leavingcare: {episodes}: missing column(s): RNE, LS, PLACE, DEC, REC\n"


def test_import_a_file_that_cannot_be_read_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.csv")
    status, _, err = run(capsys, "import-903", "--header", missing, "--episodes", missing, "--authority", BRISTOL)
    assert status == 2 and err.startswith(f"leavingcare: cannot read {missing}")


def test_import_a_bad_areas_map_exits_2_naming_its_line(capsys: pytest.CaptureFixture[str], tables: Tables) -> None:
    areas = tables.areas([("BS2", "E10000016")])
    status, _, err = run(capsys, "import-903", *files(tables), "--areas", str(areas))
    assert status == 2 and f"{areas} line 2: area must be" in err
