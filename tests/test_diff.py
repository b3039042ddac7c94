"""``diff``: what changed between two views of one person, and which events recorded or retracted in
between caused it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import leavingcare as lc
from leavingcare.cli import main
from leavingcare.report import diff
from leavingcare.report.diff import Cause, ChangeKind, EventChangeKind

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
W07 = ROOT / "examples" / "w07_two_authorities.jsonl"
KENT = "E10000016"
ASHFORD = "E07000105"


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


def line(**fields: object) -> str:
    return json.dumps(fields)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _left_at_16_and_went_home(*more: str) -> list[str]:
    """Looked after by Kent from 13, care ended at 16 (a relevant child, s23A(2)); the move home to a
    parent on 2022-07-01 was recorded only on 2023-03-01."""
    return [
        line(id="born", type="Born", on="2005-09-01", recorded_at="2019-01-02T09:00:00Z"),
        line(
            id="care",
            type="CareStarted",
            on="2019-01-01",
            authority=KENT,
            legal_status="C2",
            placement="U4",
            area=ASHFORD,
            recorded_at="2019-01-02T09:00:00Z",
        ),
        line(id="left", type="CareEnded", on="2022-06-01", reason="E8", recorded_at="2022-06-02T09:00:00Z"),
        line(
            id="home",
            type="Moved",
            on="2022-07-01",
            area=ASHFORD,
            arrangement="parent",
            recorded_at="2023-03-01T09:00:00Z",
        ),
        *more,
    ]


def _changes(result: diff.Diff) -> dict[tuple[ChangeKind, str], diff.Change]:
    return {(c.change, c.item.kind if not isinstance(c.item, lc.Concern) else c.item.code): c for c in result.changes}


def test_a_late_recorded_move_home_ends_relevant_status_and_names_the_move() -> None:
    """CLR 2010 reg 3(3)-(5) (D10): six months living with a parent ends relevant status. Known on
    2023-01-15, the move home of 2022-07-01 was not; recorded on 2023-03-01, it ends the s23B duties on
    2023-01-01, and the diff names it as the cause of each change."""
    history = lc.History.from_jsonl(_left_at_16_and_went_home())
    result = diff.between(history, D(2023, 2, 1), known_at=(at("2023-01-15"), at("2023-03-15")))
    assert [(e.id, e.change) for e in result.events] == [("home", EventChangeKind.RECORDED)]
    found = _changes(result)
    for kind in ("relevant_child", "accommodation_and_maintenance", "personal_adviser"):
        ended = found[ChangeKind.ENDED, kind]
        assert ended.before is not None and ended.before.by == KENT
        assert [e.id for e in ended.events] == ["home"] and ended.cause is Cause.ALONE
    appeared = found[ChangeKind.APPEARED, "qualifying_person"]
    assert appeared.after is not None and (appeared.after.since, appeared.after.by) == (D(2023, 1, 1), KENT)
    assert [e.id for e in appeared.events] == ["home"]
    kept = found[ChangeKind.CHANGED, "keep_in_touch"]
    assert kept.fields == ("since", "until", "citation")
    assert kept.after is not None and kept.after.citation.provision == "s24(4)"


def test_the_late_move_boundary_the_day_before_it_was_recorded_nothing_changed() -> None:
    """Known at the end of 2023-02-28 (the day before the move was recorded), nothing differs from 2023-01-15."""
    history = lc.History.from_jsonl(_left_at_16_and_went_home())
    result = diff.between(history, D(2023, 2, 1), known_at=(at("2023-01-15"), at("2023-03-01T08:59:59")))
    assert result.unchanged
    later = diff.between(history, D(2023, 2, 1), known_at=(at("2023-01-15"), at("2023-03-01T09:00:00")))
    assert [e.id for e in later.events] == ["home"] and later.changes


def test_a_retraction_ends_what_the_retracted_event_decided_and_names_it() -> None:
    """A care episode recorded in error is retracted: every status and duty it gave ends, each because of
    the retracted event, named by the finding's own reasons."""
    lines = [
        line(id="born", type="Born", on="2004-03-15", recorded_at="2019-06-02T09:00:00Z"),
        line(
            id="care",
            type="CareStarted",
            on="2019-06-01",
            authority="E10000017",
            legal_status="C2",
            placement="U4",
            area="E07000123",
            recorded_at="2019-06-02T09:00:00Z",
        ),
        line(id="undo", type="Retracted", on="2020-06-01", target="care", recorded_at="2020-06-01T09:00:00Z"),
    ]
    history = lc.History.from_jsonl(lines)
    result = diff.between(history, D(2020, 3, 15), known_at=(at("2020-05-31"), None))
    assert [(e.id, e.change) for e in result.events] == [("care", EventChangeKind.RETRACTED)]
    eligible = _changes(result)[ChangeKind.ENDED, "eligible_child"]
    assert eligible.before is not None and eligible.before.by == "E10000017"
    assert [e.id for e in eligible.events] == ["care"] and eligible.cause is Cause.NAMED
    # No longer looked after, a 16 or 17 year old has priority need under art 3 (not art 4's care leaver).
    need = _changes(result)[ChangeKind.APPEARED, "priority_need"]
    assert need.after is not None and need.after.citation.provision == "art 3" and need.cause is Cause.ALONE


def test_a_new_request_for_support_gives_an_adviser_at_24_and_names_the_request() -> None:
    """CA 1989 s23CZB(3)-(4): a former relevant child aged 21 to 24 who asks for advice and support is
    owed a personal adviser and a pathway plan from the request; the diff names the request."""
    history = lc.History.from_jsonl(
        [
            line(id="born", type="Born", on="2000-05-10"),
            line(
                id="care",
                type="CareStarted",
                on="2014-01-09",
                authority=KENT,
                legal_status="C2",
                placement="U4",
                area=ASHFORD,
            ),
            line(id="left", type="CareEnded", on="2018-05-10", reason="E8"),
            line(id="asked", type="SupportRequested", on="2024-06-03", recorded_at="2024-06-04T10:00:00Z"),
        ]
    )
    result = diff.between(history, D(2024, 7, 1), known_at=(at("2024-06-04"), at("2024-06-05")))
    assert [(e.id, e.change) for e in result.events] == [("asked", EventChangeKind.RECORDED)]
    found = _changes(result)
    adviser = found[ChangeKind.APPEARED, "personal_adviser"]
    assert adviser.after is not None and adviser.after.citation.provision == "s23CZB(3)"
    assert (adviser.after.since, adviser.after.until, adviser.after.by) == (D(2024, 6, 3), D(2025, 5, 10), KENT)
    assert [e.id for e in adviser.events] == ["asked"] and adviser.cause is Cause.NAMED
    assert found[ChangeKind.APPEARED, "pathway_plan"].after.citation.provision == "s23CZB(4)"  # type: ignore[union-attr]


def test_two_dates_show_what_ends_with_time_and_no_events() -> None:
    """s23C(6): the s23C(2)-(4) duties end at 21 (2025-03-15 for w01): the day before and the day of."""
    history = lc.History.from_jsonl(ROOT / "examples" / "w01_turning_21.jsonl")
    result = diff.between(history, D(2025, 3, 14), on_after=D(2025, 3, 15))
    ended = _changes(result)[ChangeKind.ENDED, "personal_adviser"]
    assert ended.cause is Cause.DATES and ended.events == () and not result.events
    assert not diff.between(history, D(2025, 3, 13), on_after=D(2025, 3, 14)).changes


def test_diff_against_a_receipt_names_what_was_recorded_since(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(_left_at_16_and_went_home()[:3]) + "\n", encoding="utf-8")
    receipt = tmp_path / "receipt.json"
    receipt.write_text(run(capsys, "assess", path, "--on", "2023-02-01", "--format", "json")[1], encoding="utf-8")
    path.write_text("\n".join(_left_at_16_and_went_home()) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "diff", path, "--against", receipt, "--format", "json")
    document = json.loads(out)
    assert status == 0 and [e["id"] for e in document["events"]] == ["home"]
    ended = {c["kind"] for c in document["changes"] if c["change"] == "ended"}
    assert {"relevant_child", "personal_adviser"} <= ended
    assert all([e["id"] for e in c["events"]] == ["home"] for c in document["changes"])


def test_diff_text_names_the_events_and_the_changes(capsys: pytest.CaptureFixture[str]) -> None:
    """w07: the Southwark stay recorded on 2024-02-15 moves responsibility (s23A(4))."""
    status, out, _ = run(capsys, "diff", W07, "--on", "2024-01-15", "--known-at", "2024-01-31")
    assert status == 0
    assert "  recorded  w07-southwark-start (CareStarted, 2023-12-01)" in out
    assert "  relevant_child: by E09000028 Southwark (london_borough)" in out
    assert "    authority: E10000024 Nottinghamshire (county) -> E09000028 Southwark (london_borough)" in out
    assert "      recorded w07-southwark-start (CareStarted, 2023-12-01)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--on", "2024-01-15"], "nothing to compare"),
        ([], "give --on DATE"),
        (["--on", "2024-01-15", "--on", "2024-01-16", "--on", "2024-01-17"], "at most twice"),
    ],
)
def test_diff_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "diff", W07, *argv)
    assert (status, out) == (2, "") and message in err and err.count("\n") == 1
