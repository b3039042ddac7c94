"""The ``leavingcare`` command: each subcommand, the JSON shape of DESIGN section 3, and bad input
rejected with exit status 2 and one line on stderr, never a traceback or an event's field values."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from leavingcare.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
W01 = str(EXAMPLES / "w01_turning_21.jsonl")
W07 = str(EXAMPLES / "w07_two_authorities.jsonl")

FINDING_KEYS = {"kind", "by", "to", "citation", "since", "until", "due", "because"}
CONCERN_KEYS = FINDING_KEYS | {"code"}

BORN = '{"id": "born", "type": "Born", "on": "2004-03-15"}'
STARTED = (
    '{"id": "start", "type": "CareStarted", "on": "2019-06-01", "authority": "E10000017", '
    '"legal_status": "V2", "placement": "U4", "area": "E07000123"}'
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def history_file(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def check_finding_shape(item: dict[str, object], keys: set[str]) -> None:
    assert set(item) == keys
    assert set(item["citation"]) == {"instrument", "provision", "url"}  # type: ignore[arg-type]
    for reason in item["because"]:  # type: ignore[attr-defined]
        assert set(reason) == {"text", "events"}
        assert isinstance(reason["events"], list)


# assess ---------------------------------------------------------------------------------------


def test_assess_text_day_before_21st_birthday_lists_s23c_duties_with_authority_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """W1 (children.md section 13): on the day before the 21st birthday the s23C duties are owed."""
    status, out, err = run(capsys, "assess", W01, "--on", "2025-03-14")
    assert status == 0 and err == ""
    assert "On 2025-03-14 (aged 20), from everything recorded" in out
    assert "E10000017 Lancashire (county)" in out
    assert "personal_adviser" in out and "Children Act 1989 s23C(3)(a)" in out
    assert "2025-03-14" in out  # the last day of the s23C duties
    assert "w01-care-start" in out  # the events that decided it


def test_assess_text_on_21st_birthday_owes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    """W1: on the 21st birthday s23C(2)-(4) cease (s23C(6)); no request, so no adviser."""
    status, out, _ = run(capsys, "assess", W01, "--on", "2025-03-15")
    assert status == 0
    assert "Nothing is owed on this date." in out
    assert "former_relevant_child" in out


def test_assess_json_has_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", W01, "--on", "2025-03-14", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert set(data) == {"schema_version", "on", "known_at", "findings", "concerns", "receipt"}
    assert data["on"] == "2025-03-14" and data["known_at"] is None
    assert data["findings"]
    for item in data["findings"]:
        check_finding_shape(item, FINDING_KEYS)
    adviser = next(f for f in data["findings"] if f["kind"] == "personal_adviser")
    assert adviser["by"] == "E10000017"
    assert adviser["to"] is None
    assert adviser["since"] == "2022-03-15" and adviser["until"] == "2025-03-15"
    assert adviser["citation"]["url"].startswith("https://www.legislation.gov.uk/")


def test_assess_json_concerns_add_code(capsys: pytest.CaptureFixture[str]) -> None:
    """W7 (w06 example): a pathway plan review six months after the last one is overdue."""
    path = str(EXAMPLES / "w06_home_then_breakdown.jsonl")
    status, out, _ = run(capsys, "assess", path, "--on", "2026-11-22", "--format", "json")
    assert status == 0
    concerns = json.loads(out)["concerns"]
    assert concerns
    for item in concerns:
        check_finding_shape(item, CONCERN_KEYS)
    assert {c["code"] for c in concerns} == {"pathway_plan_overdue"}


def test_assess_known_at_leaves_out_later_recorded_events(capsys: pytest.CaptureFixture[str]) -> None:
    """W8b: the Southwark stay recorded on 2024-02-15 moves responsibility (s23A(4)); known at 31 January,
    Nottinghamshire is still responsible."""
    _, before, _ = run(
        capsys, "assess", W07, "--on", "2024-01-15", "--known-at", "2024-01-31T00:00:00Z", "--format", "json"
    )
    _, after, _ = run(capsys, "assess", W07, "--on", "2024-01-15", "--format", "json")
    relevant_before = next(f for f in json.loads(before)["findings"] if f["kind"] == "relevant_child")
    relevant_after = next(f for f in json.loads(after)["findings"] if f["kind"] == "relevant_child")
    assert relevant_before["by"] == "E10000024"
    assert relevant_after["by"] == "E09000028"
    assert json.loads(before)["known_at"] == "2024-01-31T00:00:00+00:00"


def test_assess_known_at_accepts_a_bare_date_as_midnight_utc(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", W07, "--on", "2024-01-15", "--known-at", "2024-01-31", "--format", "json")
    assert status == 0
    assert json.loads(out)["known_at"] == "2024-01-31T00:00:00+00:00"


# timeline -------------------------------------------------------------------------------------


def test_timeline_text_lists_every_period(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "timeline", W01)
    assert status == 0
    assert out.startswith("Timeline, from everything recorded")
    assert "eligible_child" in out and "former_relevant_child" in out
    assert "2020-03-15  2022-03-14  eligible_child" in out


def test_timeline_json_has_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "timeline", W01, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert set(data) == {"schema_version", "known_at", "findings", "concerns", "receipt"}
    for item in data["findings"]:
        check_finding_shape(item, FINDING_KEYS)
    kinds = {f["kind"] for f in data["findings"]}
    assert {"eligible_child", "former_relevant_child", "personal_adviser"} <= kinds


# explain --------------------------------------------------------------------------------------


def test_explain_a_finding_that_holds_gives_reasons_events_and_url(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "explain", W01, "--on", "2025-03-14", "personal_adviser")
    assert status == 0
    assert out.startswith("personal_adviser holds on 2025-03-14")
    assert "Children Act 1989 s23C(3)(a)" in out
    assert "https://www.legislation.gov.uk/ukpga/1989/41/section/23C" in out
    assert "under 21  [w01-born]" in out


def test_explain_adviser_after_21_names_the_end_at_21_and_no_request(capsys: pytest.CaptureFixture[str]) -> None:
    """W1: after 21 the s23C duties have ended and s23CZB needs a request."""
    status, out, _ = run(capsys, "explain", W01, "--on", "2025-06-01", "personal_adviser")
    assert status == 0
    assert out.startswith("personal_adviser does not hold on 2025-06-01")
    assert "The nearest before ended on 2025-03-15 (its last day was 2025-03-14)." in out
    assert "ended at 21, on 2025-03-15" in out
    assert "no request for advice and support" in out


def test_explain_gives_the_next_period_when_one_starts_later(capsys: pytest.CaptureFixture[str]) -> None:
    """W5 (w04 example): support declined at 21, asked for again at 24."""
    path = str(EXAMPLES / "w04_support_requested_at_24.jsonl")
    status, out, _ = run(capsys, "explain", path, "--on", "2025-01-01", "personal_adviser")
    assert status == 0
    assert "The next starts on 2026-09-01." in out
    assert "declined from 2023-09-15" in out


def test_explain_eligibility_one_day_short_counts_the_days(capsys: pytest.CaptureFixture[str]) -> None:
    """W2: 90 days looked after since 14 is one short of 13 weeks (Sch 2 para 19B)."""
    path = str(EXAMPLES / "w02b_thirteen_weeks_less_a_day.jsonl")
    status, out, _ = run(capsys, "explain", path, "--on", "2022-05-19", "eligible_child")
    assert status == 0
    assert "looked after for 90 days since the 14th birthday by this date; 13 weeks is 91 days" in out


def test_explain_unknown_kind_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "explain", W01, "--on", "2025-03-14", "adviser")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("leavingcare: ")


# schema ---------------------------------------------------------------------------------------


def test_schema_prints_one_variant_per_event_type(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    assert status == 0
    schema = json.loads(out)
    titles = {variant["title"] for variant in schema["oneOf"]}
    assert {"Born", "CareStarted", "CareEnded", "SupportRequested"} <= titles


# bad input ------------------------------------------------------------------------------------

BAD_HISTORIES = {
    "malformed JSON": ([BORN, '{"type": "CareStarted", "on": '], "line 2: is not valid JSON"),
    "unknown event type": ([BORN, '{"type": "Adopted", "on": "2019-06-01"}'], "line 2: unknown event type"),
    "unknown field": (
        [BORN, '{"type": "SupportRequested", "on": "2025-04-01", "mood": "Anxious about money"}'],
        "line 2 (SupportRequested): 1 unknown field(s): mood",
    ),
    "bad code": (
        [BORN, STARTED.replace('"V2"', '"QQ7"')],
        "line 2 (CareStarted): field 'legal_status' is not a valid SSDA903 legal status (LS) code",
    ),
    "CareEnded without episode": (
        [BORN, '{"type": "CareEnded", "on": "2022-03-15", "reason": "E8"}'],
        "line 2 (CareEnded): is outside any care episode",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_HISTORIES))
def test_bad_history_exits_2_with_one_line_naming_the_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, expected = BAD_HISTORIES[case]
    status, out, err = run(capsys, "assess", history_file(tmp_path, *lines), "--on", "2025-01-01")
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"leavingcare: {expected}")
    assert "Traceback" not in err
    for private in ("Anxious", "QQ7"):
        assert private not in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "timeline", str(tmp_path / "absent.jsonl"))
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("leavingcare: cannot read ") and "No such file or directory" in err


@pytest.mark.parametrize("value", ["01/06/2025", "tomorrow", "2025-6-1"])
def test_bad_on_date_exits_2(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "assess", W01, "--on", value)
    assert status == 2 and out == ""
    assert err == "leavingcare: argument --on: must be a date written YYYY-MM-DD (or 'today')\n"


def test_bad_known_at_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "assess", W01, "--on", "2025-01-01", "--known-at", "2025-01-01T10:00")
    assert status == 2
    assert err == "leavingcare: argument --known-at: must carry a time zone\n"


def test_no_command_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys)
    assert status == 2 and err.count("\n") == 1


def test_on_today_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", W01, "--on", "today")
    assert status == 0 and out.startswith("On ")


# the installed script -------------------------------------------------------------------------


def script() -> str:
    return str(Path(sys.executable).with_name("leavingcare"))


def test_installed_script_assesses_an_example() -> None:
    done = subprocess.run(
        [script(), "assess", W01, "--on", "2025-03-14", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert any(f["kind"] == "personal_adviser" for f in json.loads(done.stdout)["findings"])


def test_installed_script_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    path = history_file(tmp_path, BORN, '{"type": "CareEnded", "on": "2022-03-15", "reason": "E8"}')
    done = subprocess.run([script(), "assess", path, "--on", "2025-01-01"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("leavingcare: line 2 (CareEnded): ")
    assert done.stderr.count("\n") == 1
