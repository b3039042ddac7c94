"""``leavingcare export-cases``: one CSV row per homelessness application made in the window, with the
prevention and relief duties, the reason each ended, the main duty decision, priority need and the
applicant's care-leaver status on the application date (docs/interop.md). The CSV is parsed back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.interop.hclic import COLUMNS, case_rows
from leavingcare.interop.people import person_lines

D = dt.date
PRESTON, LANCASTER, LANCASHIRE = "E07000123", "E07000121", "E10000017"


def care_leaver(*housing: ev.Event) -> lc.History:
    """Born 2004-03-15, looked after by Lancashire from 15 to 18 (so a former relevant child), then
    the housing events given."""
    return lc.History.of(
        [
            ev.Born(on=D(2004, 3, 15)),
            ev.CareStarted(on=D(2019, 6, 1), authority=LANCASHIRE, legal_status="C2", placement="U4", area="E07000123"),
            ev.CareEnded(on=D(2022, 3, 15), reason="E8"),
            *housing,
        ]
    )


def adult(*housing: ev.Event) -> lc.History:
    """Born 1990, never looked after."""
    return lc.History.of([ev.Born(on=D(1990, 1, 1)), *housing])


def applied(on: dt.date, application: str, homeless: bool = True, to: str = PRESTON) -> list[ev.Event]:
    events: list[ev.Event] = [
        ev.HomelessnessApplication(on=on, application=application, authority=to, appears_homeless=homeless)
    ]
    if homeless:
        events.append(ev.Homeless(on=on, application=application))
    return events


PEOPLE: list[tuple[str, lc.History]] = [
    # Relief for 56 days, then the main duty: priority need as a care leaver under 21 (art 4).
    ("yp-relief", care_leaver(*applied(D(2024, 2, 1), "A1"))),
    # Prevention ended by notice when accommodation was secured.
    (
        "adult-prevention",
        adult(
            *applied(D(2024, 3, 1), "B1", homeless=False),
            ev.ThreatenedWithHomelessness(on=D(2024, 3, 1), application="B1", notice_expires=D(2024, 4, 15)),
            ev.DutyEnded(on=D(2024, 4, 10), application="B1", duty="prevention", reason="accommodation_secured"),
        ),
    ),
    # Relief ended by notice (56 days elapsed); no priority need, so no main duty.
    (
        "adult-relief",
        adult(
            *applied(D(2024, 5, 1), "B2"),
            ev.DutyEnded(on=D(2024, 6, 26), application="B2", duty="relief", reason="days_elapsed"),
        ),
    ),
    # Prevention, then homeless (relief), then withdrawn: no decision reached.
    (
        "yp-withdrawn",
        care_leaver(
            *applied(D(2024, 1, 10), "C1", homeless=False),
            ev.ThreatenedWithHomelessness(on=D(2024, 1, 10), application="C1"),
            ev.Homeless(on=D(2024, 2, 20), application="C1"),
            ev.ApplicationWithdrawn(on=D(2024, 3, 1), application="C1"),
        ),
    ),
    # Priority need decided on another ground after the application; referred at the relief stage:
    # the authority referred to owes a new 56 days of relief (s199A), then the main duty.
    (
        "adult-referred",
        adult(
            *applied(D(2024, 6, 1), "E1"),
            ev.PriorityNeedDecided(on=D(2024, 6, 5), application="E1", priority_need=True, ground="disability"),
            ev.ApplicationReferred(on=D(2024, 6, 10), application="E1", to=LANCASTER),
        ),
    ),
    # Priority need decided, and found intentionally homeless: relief does not end by itself.
    (
        "adult-pending",
        adult(
            *applied(D(2024, 7, 1), "F1"),
            ev.PriorityNeedDecided(on=D(2024, 7, 5), application="F1", priority_need=True, ground="disability"),
            ev.IntentionalityDecided(on=D(2024, 7, 20), application="F1", intentional=True),
        ),
    ),
    # Before the Homelessness Reduction Act 2017: the main duty on the s184 decision.
    (
        "adult-2017",
        adult(
            *applied(D(2017, 6, 1), "D1"),
            ev.PriorityNeedDecided(on=D(2017, 6, 20), application="D1", priority_need=True, ground="disability"),
        ),
    ),
]


EVER = (D(2010, 1, 1), D(2030, 12, 31))


def rows(since: dt.date = EVER[0], until: dt.date = EVER[1]) -> dict[str, dict[str, str]]:
    return {row.application: row.as_dict() for row in case_rows(PEOPLE, since, until)}


def test_relief_then_the_main_duty_for_a_former_relevant_child() -> None:
    """Homeless and eligible on application: relief for 56 days beginning 2024-02-01 (s189B(2)); at the
    end of day 56 (2024-03-27) priority need (PNO 2002 art 4: under 21, looked after at 16-17) and no
    intentionality decision end relief (s189B(4)) and the main duty is owed from 2024-03-28 (s193(2))."""
    row = rows()["A1"]
    assert row == {
        "person": "yp-relief",
        "application": "A1",
        "authority": PRESTON,
        "applied_on": "2024-02-01",
        "care_leaver_status": "former_relevant_child",
        "care_leaver_authority": LANCASHIRE,
        "prevention_started": "",
        "prevention_ended": "",
        "prevention_end_reason": "",
        "relief_started": "2024-02-01",
        "relief_ended": "2024-03-28",
        "relief_end_reason": "end_of_56_days",
        "referred_to": "",
        "main_duty_decision": "owed",
        "main_duty_decided_on": "2024-03-28",
        "priority_need": "yes",
        "priority_need_ground": "care_leaver_under_21",
        "priority_need_on": "2024-03-27",
    }


def test_prevention_ended_by_notice_has_no_relief_and_no_decision() -> None:
    row = rows()["B1"]
    assert (row["prevention_started"], row["prevention_ended"], row["prevention_end_reason"]) == (
        "2024-03-01",
        "2024-04-10",
        "accommodation_secured",
    )
    assert (row["relief_started"], row["main_duty_decision"], row["care_leaver_status"]) == ("", "", "")
    assert (row["priority_need"], row["priority_need_on"]) == ("no", "2024-03-01")


def test_relief_ended_without_priority_need_is_no_main_duty() -> None:
    row = rows()["B2"]
    assert (row["relief_ended"], row["relief_end_reason"]) == ("2024-06-26", "days_elapsed")
    assert (row["main_duty_decision"], row["main_duty_decided_on"], row["priority_need"]) == (
        "not_owed",
        "2024-06-26",
        "no",
    )


def test_prevention_ends_on_becoming_homeless_and_withdrawal_reaches_no_decision() -> None:
    row = rows()["C1"]
    assert (row["prevention_ended"], row["prevention_end_reason"]) == ("2024-02-20", "became_homeless")
    assert (row["relief_started"], row["relief_ended"], row["relief_end_reason"]) == (
        "2024-02-20",
        "2024-03-01",
        "withdrawn",
    )
    assert (row["main_duty_decision"], row["main_duty_decided_on"]) == ("not_reached", "")


def test_a_referral_hands_relief_on_and_the_main_duty_follows_with_the_new_authority() -> None:
    """Referred to Lancaster on 2024-06-10 (s198(A1)): relief runs 56 days from then (s199A), ending
    at the end of 2024-08-04 with priority need decided on another ground; the main duty follows."""
    row = rows()["E1"]
    assert (row["relief_started"], row["relief_ended"], row["relief_end_reason"], row["referred_to"]) == (
        "2024-06-01",
        "2024-08-05",
        "end_of_56_days",
        LANCASTER,
    )
    assert (row["main_duty_decision"], row["main_duty_decided_on"]) == ("owed", "2024-08-05")
    assert (row["priority_need"], row["priority_need_ground"], row["priority_need_on"]) == (
        "yes",
        "other",
        "2024-08-04",
    )


def test_pending_relief_reports_priority_need_as_last_decided() -> None:
    """An intentionality decision stops relief ending by itself (s189B(4)): still pending. With no main
    duty decision, priority need is reported as the authority last decided it, not on the application
    date (when nothing had been decided)."""
    row = rows()["F1"]
    assert (row["relief_ended"], row["main_duty_decision"], row["main_duty_decided_on"]) == ("", "pending", "")
    assert (row["priority_need"], row["priority_need_ground"], row["priority_need_on"]) == (
        "yes",
        "other",
        "2024-07-05",
    )


def test_before_the_hra_the_main_duty_follows_the_s184_decision() -> None:
    row = rows()["D1"]
    assert (row["relief_started"], row["main_duty_decision"], row["main_duty_decided_on"]) == ("", "owed", "2017-06-20")


def test_the_window_includes_both_its_ends() -> None:
    """Applications made on --from and on --to are in; the day before and the day after are out."""
    assert set(rows(D(2024, 2, 1), D(2024, 3, 1))) == {"A1", "B1"}
    assert set(rows(D(2024, 2, 2), D(2024, 2, 29))) == set()


def test_a_relevant_child_of_17_is_reported_with_that_status() -> None:
    """Left care at 17 after 13 weeks: a relevant child (s23A) when applying at 17. Art 3 priority need
    leaves relevant children out, but art 4 (under 21, looked after at 16 or 17 and no longer) does not."""
    history = lc.History.of(
        [
            ev.Born(on=D(2007, 3, 15)),
            ev.CareStarted(on=D(2023, 6, 1), authority=LANCASHIRE, legal_status="V2", placement="U4", area="E07000123"),
            ev.CareEnded(on=D(2024, 3, 20), reason="E13"),
            *applied(D(2024, 6, 1), "R1", homeless=False),
        ]
    )
    (row,) = case_rows([("yp-17", history)], D(2024, 1, 1), D(2024, 12, 31))
    assert (row.care_leaver_status, row.care_leaver_authority, row.priority_need, row.priority_need_ground) == (
        "relevant_child",
        LANCASHIRE,
        True,
        "care_leaver_under_21",
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_writes_a_csv_with_the_documented_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text("".join(person_lines(PEOPLE)), encoding="utf-8")
    status, out, err = run(capsys, "export-cases", str(path), "--from", "2024-01-01", "--to", "2024-12-31")
    assert (status, err) == (0, "")
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    parsed = list(reader)
    assert [(r["applied_on"], r["application"]) for r in parsed] == [
        ("2024-01-10", "C1"),
        ("2024-02-01", "A1"),
        ("2024-03-01", "B1"),
        ("2024-05-01", "B2"),
        ("2024-06-01", "E1"),
        ("2024-07-01", "F1"),
    ]
    assert parsed[1] == rows()["A1"]


def test_the_command_reads_a_single_person_file_named_by_its_stem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "yp-relief.jsonl"
    path.write_text(PEOPLE[0][1].to_jsonl(), encoding="utf-8")
    status, out, _ = run(
        capsys, "export-cases", str(path), "--from", "2024-01-01", "--to", "2024-12-31", "--format", "csv"
    )
    assert status == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["person"], row["application"]) == ("yp-relief", "A1")


def test_known_at_leaves_out_what_was_recorded_later(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The notice ending prevention was recorded on 2024-04-12: as known on 2024-04-11 prevention is open."""
    lines = [json.loads(line) for line in person_lines(PEOPLE[1:2])]
    lines[-1]["recorded_at"] = "2024-04-12T09:00:00+00:00"
    path = tmp_path / "people.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    argv = ["export-cases", str(path), "--from", "2024-03-01", "--to", "2024-03-01"]
    _, out, _ = run(capsys, *argv, "--known-at", "2024-04-11")
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["prevention_ended"], row["prevention_end_reason"]) == ("", "")
    _, out, _ = run(capsys, *argv)
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["prevention_ended"] == "2024-04-10"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2024-02-01", "--to", "2024-01-01"], "--from must not be after --to"),
        (["--from", "2024-02-01", "--to", "2024-03-01", "--format", "xml"], "invalid choice"),
        (["--from", "01/02/2024", "--to", "2024-03-01"], "must be a date written YYYY-MM-DD"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text("".join(person_lines(PEOPLE)), encoding="utf-8")
    status, out, err = run(capsys, "export-cases", str(path), *argv)
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and message in err
