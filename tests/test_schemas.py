"""The machine contract: every JSON document carries ``schema_version`` and validates against the schema
``leavingcare schema --output`` prints; the event schema refuses what the library refuses (code lists as
``enum``, GSS codes and dates as patterns); answers are public as ``to_dict``/``to_json``; CSV where a
table is wanted; typed errors with ``code`` and ``field``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import leavingcare as lc
from leavingcare import cli_input, provenance
from leavingcare.cli import main
from leavingcare.errors import InvalidEvent, InvalidId, UnknownCode
from leavingcare.events.codec import encode_envelope, json_schema
from leavingcare.provenance import SCHEMA_VERSION
from leavingcare.report import schemas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from caseload import write_caseload
from test_bad_input import CASES

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
W01 = ROOT / "examples" / "w01_turning_21.jsonl"
W07 = ROOT / "examples" / "w07_two_authorities.jsonl"

BEYOND_THE_SCHEMA = {
    "a county after its abolition": "a code's validity on the event's date depends on the date: the library checks it",
    "an area before it existed": "likewise: the code has the right shape and is in the table",
}
"""Refused lines the event schema cannot refuse, with why."""


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def valid(document: object, name: str) -> list[str]:
    return [error.message for error in validator(schemas.schema(name)).iter_errors(document)]


# the event schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_line_is_valid_under_the_event_schema(path: Path) -> None:
    check = validator(json_schema())
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert not list(check.iter_errors(json.loads(line))), f"{path.name} line {number}"


def test_every_event_the_library_writes_is_valid_under_the_event_schema() -> None:
    check = validator(json_schema())
    for path in EXAMPLES:
        for envelope in lc.History.from_jsonl(path).envelopes:
            assert not list(check.iter_errors(encode_envelope(envelope)))


def _objects(lines: list[str | bytes]) -> list[dict[str, Any]] | None:
    """The lines as JSON objects, or None when one is not (a case the JSON reader itself refuses)."""
    out = []
    for line in lines:
        try:
            text = line.decode("utf-8") if isinstance(line, bytes) else line
            value = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(value, dict) or text.startswith("\ufeff"):
            return None
        out.append(value)
    return out


LINE_CASES = [
    case
    for case in CASES
    if case.reader == "history" and issubclass(case.error, InvalidEvent) and _objects(case.lines) is not None
]


@pytest.mark.parametrize("case", LINE_CASES, ids=lambda c: c.name)
def test_every_refused_line_is_refused_by_the_event_schema(case: Any) -> None:
    """What the library refuses in one line (an unknown code, field or type, a date that does not exist or
    lies outside 1900 to 2199, a blank id, a timestamp without a zone, a code of the wrong kind of
    authority) the schema refuses too: a form built from it cannot send it."""
    check = validator(json_schema())
    objects = _objects(case.lines)
    assert objects is not None
    refused = [o for o in objects if list(check.iter_errors(o))]
    if case.name in BEYOND_THE_SCHEMA:
        assert not refused, BEYOND_THE_SCHEMA[case.name]
    else:
        assert refused, case.name


def test_the_event_schema_lists_the_codes_and_the_gss_patterns() -> None:
    variants = {v["title"]: v for v in json_schema()["oneOf"]}
    started = variants["CareStarted"]["properties"]
    assert "C2" in started["legal_status"]["enum"] and "U4" in started["placement"]["enum"]
    assert "E8" in variants["CareEnded"]["properties"]["reason"]["enum"]
    assert "hostel" in variants["Moved"]["properties"]["arrangement"]["enum"]
    assert "higher" in variants["EducationStarted"]["properties"]["level"]["enum"]
    check = validator({"type": "string", "pattern": started["authority"]["pattern"]})
    assert check.is_valid("E10000016") and not check.is_valid("E07000105") and not check.is_valid("E1000001")
    area = validator({"type": "string", "pattern": started["area"]["pattern"]})
    assert area.is_valid("E07000105") and area.is_valid("W06000015") and not area.is_valid("E10000016")


def test_a_date_before_1900_is_refused_by_the_schema_as_by_the_library() -> None:
    """D56: dates from 1900-01-01 to 2199-12-31; the day before and the day of the first."""
    check = validator(json_schema())
    assert list(check.iter_errors({"type": "Born", "on": "1899-12-31"}))
    assert not list(check.iter_errors({"type": "Born", "on": "1900-01-01"}))
    with pytest.raises(InvalidEvent):
        lc.History.from_jsonl(['{"type": "Born", "on": "1899-12-31"}'])


# the output schemas ---------------------------------------------------------------------------------


def test_schema_output_prints_every_document_s_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "--output")
    bundle = json.loads(out)
    assert status == 0 and set(bundle) == set(schemas.DOCUMENTS)
    for schema in bundle.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    status, out, _ = run(capsys, "schema", "--output", "receipt")
    assert json.loads(out)["$id"].endswith("receipt.json")
    status, out, _ = run(capsys, "schema")
    assert json.loads(out)["title"] == "leavingcare event (one JSONL line)"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_assessments_and_timelines_validate(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for on in ("2020-01-01", "2024-06-01", "2026-01-01"):
        document = json.loads(run(capsys, "assess", path, "--on", on, "--format", "json")[1])
        assert document["schema_version"] == SCHEMA_VERSION and valid(document, "assessment") == []
        assert valid(document["receipt"], "receipt") == []
    assert valid(json.loads(run(capsys, "timeline", path, "--format", "json")[1]), "timeline") == []


def test_assess_all_lines_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    people = write_caseload(tmp_path / "people.jsonl")
    status, out, _ = run(capsys, "assess", "--all", people, "--on", "2025-01-01")
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(lines) == len(EXAMPLES)
    assert all(valid(line, "assessment") == [] for line in lines)


@pytest.mark.parametrize("kind", ["personal_adviser", "relevant_child", "main_housing_duty", "staying_put"])
def test_explanations_validate(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (W01, W07):
        document = json.loads(run(capsys, "explain", path, "--on", "2024-01-15", kind, "--format", "json")[1])
        assert valid(document, "explanation") == []


def test_worklist_validates(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "worklist", *EXAMPLES, "--on", "2024-01-01", "--days", "400", "--format", "json")
    document = json.loads(out)
    assert status == 0 and document["items"] and valid(document, "worklist") == []


def test_diff_and_verification_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = json.loads(
        run(capsys, "diff", W07, "--on", "2024-01-15", "--known-at", "2024-01-31", "--format", "json")[1]
    )
    assert document["changes"] and valid(document, "diff") == []
    receipt = tmp_path / "receipt.json"
    receipt.write_text(run(capsys, "assess", W07, "--on", "2024-01-15", "--format", "json")[1], encoding="utf-8")
    assert valid(json.loads(run(capsys, "verify", receipt, W07, "--format", "json")[1]), "verification") == []


def test_export_cases_as_json_validates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    people = tmp_path / "people.jsonl"
    people.write_text(
        "".join(json.dumps({"person": "w07", **json.loads(line)}) + "\n" for line in W07.read_text().splitlines())
        + "".join(
            json.dumps({"person": "h1", **obj}) + "\n"
            for obj in (
                {"type": "Born", "on": "2003-06-01"},
                {
                    "type": "HomelessnessApplication",
                    "on": "2024-04-20",
                    "application": "A1",
                    "authority": "E07000110",
                    "appears_homeless": True,
                },
                {"type": "Homeless", "on": "2024-04-20", "application": "A1"},
            )
        ),
        encoding="utf-8",
    )
    status, out, _ = run(
        capsys, "export-cases", people, "--from", "2024-01-01", "--to", "2024-12-31", "--format", "json"
    )
    document = json.loads(out)
    assert status == 0 and document["cases"] and valid(document, "cases") == []
    assert document["cases"][0]["applied_on"] == "2024-04-20" and isinstance(
        document["cases"][0]["priority_need"], bool
    )


def test_a_document_naming_an_unknown_kind_is_invalid() -> None:
    document = lc.assess(lc.History.from_jsonl(W01), on=D(2024, 6, 1)).to_dict()
    assert valid(document, "assessment") == []
    document["findings"][0]["kind"] = "personal_advisor"
    assert valid(document, "assessment")


# the public answers ---------------------------------------------------------------------------------


def test_answers_are_public_as_dicts_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """An embedding service needs no ``report`` import: the CLI prints ``to_json`` as it is."""
    history = lc.History.from_jsonl(W01)
    assessment = lc.assess(history, on=D(2024, 6, 1))
    printed = json.loads(run(capsys, "assess", W01, "--on", "2024-06-01", "--format", "json")[1])
    for document in (printed, assessment.to_dict()):
        del document["receipt"]["made_at"]
    assert printed == assessment.to_dict() | {"receipt": printed["receipt"]}
    assert json.loads(assessment.to_json()) == assessment.to_dict()
    assert json.loads(lc.timeline(history).to_json(indent=None)) == lc.timeline(history).to_dict()
    explanation = lc.explain(history, D(2024, 6, 1), "personal_adviser")
    assert json.loads(explanation.to_json())["holds"] is True
    assert lc.Finding.from_dict(assessment.findings[0].to_dict()) == assessment.findings[0]


# CSV ------------------------------------------------------------------------------------------------


def test_assess_all_as_csv_has_one_row_per_finding_and_concern(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", "--all", W01, "--on", "2024-06-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    held = lc.assess(lc.History.from_jsonl(W01), on=D(2024, 6, 1))
    assert status == 0 and len(rows) == len(held.findings) + len(held.concerns)
    assert {r["person"] for r in rows} == {"w01_turning_21"}
    assert {r["history"] for r in rows} == {held.receipt.history}  # type: ignore[union-attr]
    adviser = next(r for r in rows if r["kind"] == "personal_adviser")
    assert (adviser["record"], adviser["by"], adviser["until"]) == ("finding", "E10000017", "2025-03-15")


def test_worklist_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "worklist", W01, "--on", "2025-03-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and [r["what"] for r in rows] == ["pathway plan due", "turns 21"]
    assert {r["overdue"] for r in rows} == {"no"}


def test_jobs_is_refused_for_csv(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "assess", "--all", W01, "--on", "2024-06-01", "--format", "csv", "--jobs", "2")
    assert status == 2 and "--format csv" in err


# typed errors ---------------------------------------------------------------------------------------


def test_typed_errors_carry_a_code_and_the_field_at_fault() -> None:
    with pytest.raises(UnknownCode) as unknown:
        lc.History.from_jsonl(
            ['{"type": "Born", "on": "2004-01-01"}', '{"type": "CareEnded", "on": "2021-01-01", "reason": "E99"}']
        )
    assert (unknown.value.code, unknown.value.field) == ("unknown_code", "reason")
    with pytest.raises(InvalidId) as blank:
        lc.History.from_jsonl(['{"id": " ", "type": "Born", "on": "2004-01-01"}'])
    assert (blank.value.code, blank.value.field) == ("invalid_id", "id")
    with pytest.raises(InvalidEvent) as early:
        lc.History.from_jsonl(['{"type": "Born", "on": "1899-12-31"}'])
    assert early.value.code == "date_out_of_range" and early.value.field == "on"


# command-line conventions ---------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert (status, out) == (0, f"leavingcare {provenance.library_version()}\n")


def test_a_dash_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(W01.read_bytes())))
    status, out, _ = run(capsys, "assess", "-", "--on", "2025-06-01", "--format", "json")
    assert status == 0 and json.loads(out)["findings"]
    bad = b'{"type": "Born", "on": "2004-01-01"}\n{"type": "Adopted", "on": "2020-01-01"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad)))
    status, _, err = run(capsys, "worklist", "-", "--on", "2025-06-01")
    assert status == 2 and err == "leavingcare: -: line 2: unknown event type\n"


def test_standard_input_is_read_for_one_file_only(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "verify", "-", "-")
    assert status == 2 and "one file only" in err


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_is_generated_from_the_parser(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "completion", shell)
    assert status == 0
    for word in ("assess", "verify", "diff", "worklist", "--overdue-since", "--known-at"):
        assert word in out, word


def test_today_is_the_date_in_england() -> None:
    """At 23:30 UTC on 30 June, England (BST) is already on 1 July; on 31 January (GMT) it is not."""
    assert cli_input.today(dt.datetime(2025, 6, 30, 22, 59, tzinfo=dt.UTC)) == D(2025, 6, 30)
    assert cli_input.today(dt.datetime(2025, 6, 30, 23, 0, tzinfo=dt.UTC)) == D(2025, 7, 1)
    assert cli_input.today(dt.datetime(2025, 1, 31, 23, 59, tzinfo=dt.UTC)) == D(2025, 1, 31)
    probe = "from leavingcare import cli_input; import datetime as dt, zoneinfo; " + (
        "print(cli_input.today() == dt.datetime.now(zoneinfo.ZoneInfo('Europe/London')).date())"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={"TZ": "Pacific/Kiritimati"}, check=True
    )
    assert out.stdout == "True\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "2025-02-30 is not a real date: February 2025 has 28 days"),
        ("2025-02-29", "2025-02-29 is not a real date: February 2025 has 28 days"),
        ("2025-13-01", "2025-13-01 is not a real date: there is no month 13"),
        ("2025-04-31", "2025-04-31 is not a real date: April 2025 has 30 days"),
    ],
)
def test_a_date_that_does_not_exist_is_named_so(value: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "assess", W01, "--on", value)
    assert (status, err) == (2, f"leavingcare: argument --on: {message}\n")


def test_the_last_day_of_february_is_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "assess", W01, "--on", "2025-02-28")[0] == 0
    assert run(capsys, "assess", W01, "--on", "2024-02-29")[0] == 0


def test_worklist_leaves_out_items_overdue_since_before_a_year_ago_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A needs assessment due in 2019 (CPPCR reg 42) and never made: by default, on 2023-06-01, the item
    overdue since more than a year is left out and counted; with an earlier --overdue-since it is listed.
    The boundary: --overdue-since on its due date keeps it, the day after leaves it out."""
    path = tmp_path / "od.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(o) for o in (BORN_2003, CARE_2017, {"type": "CareEnded", "on": "2021-05-10", "reason": "E8"})
        )
        + "\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "worklist", path, "--on", "2023-06-01")
    assert status == 0 and "Nothing falls due." in out
    assert out.rstrip().endswith("1 overdue item dated before 2022-06-01 left out (see --overdue-since).")
    listed = json.loads(
        run(capsys, "worklist", path, "--on", "2023-06-01", "--overdue-since", "2019-08-10", "--format", "json")[1]
    )
    assert [(i["date"], i["what"], i["overdue"]) for i in listed["items"]] == [
        ("2019-08-10", "pathway plan overdue", True)
    ]
    later = json.loads(
        run(capsys, "worklist", path, "--on", "2023-06-01", "--overdue-since", "2019-08-11", "--format", "json")[1]
    )
    assert later["items"] == []


BORN_2003 = {"type": "Born", "on": "2003-05-10"}
CARE_2017 = {
    "type": "CareStarted",
    "on": "2017-01-09",
    "authority": "E10000016",
    "legal_status": "C2",
    "placement": "U4",
    "area": "E07000105",
}


def test_worklist_of_one_authority(capsys: pytest.CaptureFixture[str]) -> None:
    every = json.loads(run(capsys, "worklist", *EXAMPLES, "--on", "2024-01-01", "--days", "400", "--format", "json")[1])
    kent = json.loads(
        run(
            capsys,
            "worklist",
            *EXAMPLES,
            "--on",
            "2024-01-01",
            "--days",
            "400",
            "--authority",
            "E10000017",
            "--format",
            "json",
        )[1]
    )
    assert kent["items"] and kent["items"] == [i for i in every["items"] if i["authority"] == "E10000017"]
    status, _, err = run(capsys, "worklist", W01, "--on", "2024-01-01", "--authority", "E99999999")
    assert status == 2 and "is not a code in the dataset" in err


def test_progress_is_shown_on_a_terminal_only(tmp_path: Path) -> None:
    """``assess --all`` draws people done, the rate and the time left on a terminal's standard error."""
    people = tmp_path / "people.jsonl"
    people.write_text(
        "".join(
            json.dumps({"person": f"p{n}", **json.loads(line)}) + "\n"
            for n in range(3)
            for line in W01.read_text(encoding="utf-8").splitlines()
        ),
        encoding="utf-8",
    )
    argv = [sys.executable, "-m", "leavingcare.cli", "assess", "--all", str(people), "--on", "2025-01-01"]
    leader, follower = pty.openpty()
    with open(tmp_path / "out.jsonl", "wb") as out:
        subprocess.run(argv, stdout=out, stderr=follower, check=True, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert b"assess [" in shown and b"3/3 people" in shown and b"/s, 0:00 left" in shown
    quiet = subprocess.run(argv, capture_output=True, check=True, timeout=120)
    assert quiet.stderr == b""
