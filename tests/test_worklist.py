"""The caseworker's worklist: birthdays at 18, 21 and 25, relief reaching day 56 (HA 1996 s189B(2)),
s208 notices due or overdue (s208(2)-(4)), joint sign-off outstanding (Code of Guidance 22.18) and
pathway plans due or overdue (CLR 2010 regs 5 and 7), each at the edges of the window: the window is the
``days`` days beginning with the date looked at, so with 28 days from D it covers D to D+27."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.events.base import Event
from leavingcare.report.worklist import WorkItem, render, worklist

D = dt.date
DAY = dt.timedelta(days=1)
LEEDS = "E08000035"
LANCASHIRE = "E10000017"
PRESTON = "E07000123"
KENT = "E10000016"
MAIDSTONE = "E07000110"
MEDWAY = "E06000035"


def _history(events: list[Event]) -> lc.History:
    return lc.History.of(events)


def _items(events: list[Event], on: dt.date, days: int = 28, person: str = "p1") -> list[WorkItem]:
    return worklist([(person, _history(events))], on, days)


def _what(events: list[Event], on: dt.date, days: int = 28) -> list[tuple[dt.date, str]]:
    return [(i.date, i.what) for i in _items(events, on, days)]


def _care_leaver(born: dt.date, authority: str = LEEDS, area: str = LEEDS) -> list[Event]:
    """Born on ``born``, looked after from the 14th birthday to the 18th, with needs assessed and the
    pathway plan reviewed in good time (so no pathway plan item distracts from the one tested)."""
    at = born.replace
    return [
        ev.Born(on=born),
        ev.CareStarted(on=at(year=born.year + 14), authority=authority, legal_status="C2", placement="U4", area=area),
        ev.NeedsAssessed(on=at(year=born.year + 16)),
        ev.CareEnded(on=at(year=born.year + 18), reason="E8"),
    ]


# Birthdays -------------------------------------------------------------------------------------------

BORN = D(2004, 3, 15)


@pytest.mark.parametrize(("age", "birthday"), [(18, D(2022, 3, 15)), (21, D(2025, 3, 15)), (25, D(2029, 3, 15))])
def test_birthday_on_the_last_day_of_the_window_is_listed_the_day_after_is_not(age: int, birthday: dt.date) -> None:
    """CA 1989 s23C(1), s23C(6), s23CZB: the 18th, 21st and 25th birthdays change what is owed. With 28 days
    from D the last day is D+27: a birthday there is listed; from D+1 (birthday at D+28 beyond) it is not."""
    person = [ev.Born(on=BORN)]
    assert (birthday, f"turns {age}") in _what(person, birthday - 27 * DAY)
    assert (birthday, f"turns {age}") not in _what(person, birthday - 28 * DAY)


def test_birthday_on_the_date_looked_at_is_listed_the_day_after_is_not() -> None:
    """The window begins with the date looked at: the birthday itself is in it, the day after is past."""
    person = [ev.Born(on=BORN)]
    assert _what(person, D(2025, 3, 15)) == [(D(2025, 3, 15), "turns 21")]
    assert _what(person, D(2025, 3, 16)) == []


def test_turning_21_names_the_authority_and_the_duties_that_end() -> None:
    """CA 1989 s23C(6): the s23C(2)-(4) duties of a former relevant child end on the 21st birthday; the
    item names the responsible authority and those duties."""
    items = [i for i in _items(_care_leaver(BORN), D(2025, 3, 1)) if i.what == "turns 21"]
    assert len(items) == 1
    assert items[0].authority == LEEDS
    assert "ends: personal_adviser" in items[0].detail
    assert "former_relevant_child" not in items[0].detail  # carries on to 25


def test_turning_18_names_the_status_that_begins() -> None:
    """CA 1989 s23C(1)(b): looked after at 18 after being an eligible child, a former relevant child."""
    (item,) = [i for i in _items(_care_leaver(BORN), D(2022, 3, 1)) if i.what == "turns 18"]
    assert item.authority == LEEDS
    assert "ends: eligible_child" in item.detail and "begins: former_relevant_child" in item.detail


# Relief day 56 ---------------------------------------------------------------------------------------

YOUNG = _care_leaver(D(2003, 5, 1))
RELIEF = [
    *YOUNG,
    ev.HomelessnessApplication(on=D(2023, 3, 1), application="A1", authority=LEEDS, appears_homeless=True),
    ev.Homeless(on=D(2023, 3, 1), application="A1"),
]
DAY_56 = D(2023, 4, 25)


def test_relief_day_56_on_the_last_day_of_the_window_is_listed_the_day_after_is_not() -> None:
    """HA 1996 s189B(2): relief for 56 days beginning with 2023-03-01; day 56 is 2023-04-25."""
    assert (DAY_56, "relief day 56") in _what(RELIEF, DAY_56 - 27 * DAY)
    assert (DAY_56, "relief day 56") not in _what(RELIEF, DAY_56 - 28 * DAY)


def test_relief_day_56_is_listed_on_day_56_not_on_day_57() -> None:
    """HA 1996 s189B(4): relief ends at the end of day 56 (priority need, no intentionality decision);
    on day 57 the main duty is owed and day 56 is no longer ahead."""
    (item,) = [i for i in _items(RELIEF, DAY_56) if i.what == "relief day 56"]
    assert item.authority == LEEDS and "s189B(2)" in item.detail
    assert not [i for i in _items(RELIEF, DAY_56 + DAY) if i.what == "relief day 56"]


def test_relief_ended_before_the_window_is_not_listed() -> None:
    """HA 1996 s189B(5): relief ended by notice on 2023-04-01 (accommodation secured) has no day 56 ahead."""
    ended = [*RELIEF, ev.DutyEnded(on=D(2023, 4, 1), application="A1", duty="relief", reason="accommodation_secured")]
    assert not [i for i in _items(ended, D(2023, 4, 1)) if i.what == "relief day 56"]
    assert [i for i in _items(ended, D(2023, 3, 31)) if i.what == "relief day 56"]


# s208 notices ----------------------------------------------------------------------------------------

PLACED = D(2024, 4, 22)
S208_DUE = D(2024, 5, 5)


def _placed_out_of_district(*more: Event) -> list[Event]:
    """A Kent care leaver applies to Maidstone on 2024-04-20 and is placed in Medway on 2024-04-22:
    the notice to Medway is due by day 14, 2024-05-05."""
    return [
        *_care_leaver(D(2003, 6, 1), authority=KENT, area=MAIDSTONE),
        ev.HomelessnessApplication(on=D(2024, 4, 20), application="A1", authority=MAIDSTONE, appears_homeless=True),
        ev.Homeless(on=D(2024, 4, 20), application="A1"),
        ev.AccommodationSecured(on=PLACED, application="A1", area=MEDWAY, under="s188", kind="hostel"),
        *more,
    ]


def _s208(events: list[Event], on: dt.date) -> list[WorkItem]:
    return [i for i in _items(events, on) if i.what.startswith("s208")]


def test_s208_notice_due_on_the_last_day_of_the_window_is_listed_the_day_after_is_not() -> None:
    """HA 1996 s208(2)-(4): notice before the end of 14 days beginning with the day made available."""
    events = _placed_out_of_district()
    (item,) = _s208(events, S208_DUE - 27 * DAY)
    assert (item.date, item.what, item.authority) == (S208_DUE, "s208 notice due", MAIDSTONE)
    assert MEDWAY in item.detail
    assert not _s208(events, S208_DUE - 28 * DAY)


def test_s208_notice_is_due_on_day_14_and_overdue_from_day_15() -> None:
    """HA 1996 s208(4); DECISIONS D25: on day 14 the notice is due; from day 15 it is overdue."""
    events = _placed_out_of_district()
    assert [i.what for i in _s208(events, S208_DUE)] == ["s208 notice due"]
    (late,) = _s208(events, S208_DUE + DAY)
    assert (late.date, late.what) == (S208_DUE, "s208 notice overdue")
    assert [i.what for i in _s208(events, D(2025, 1, 1))] == ["s208 notice overdue"]


def test_s208_notice_overdue_until_the_day_it_is_sent() -> None:
    """DECISIONS D25: the duty is owed until the day a notice naming the host is sent; the day after,
    nothing is listed."""
    sent = D(2024, 5, 20)
    events = _placed_out_of_district(ev.Section208NoticeSent(on=sent, application="A1", to=MEDWAY))
    assert [i.what for i in _s208(events, sent)] == ["s208 notice overdue"]
    assert not _s208(events, sent + DAY)


def test_s208_notice_sent_in_time_leaves_nothing_to_do() -> None:
    events = _placed_out_of_district(ev.Section208NoticeSent(on=D(2024, 4, 25), application="A1", to=MEDWAY))
    assert not _s208(events, D(2024, 4, 26))
    assert [i.what for i in _s208(events, D(2024, 4, 25))] == ["s208 notice due"]


# Joint sign-off --------------------------------------------------------------------------------------

DECIDED = D(2024, 6, 3)


def _intentional(*more: Event) -> list[Event]:
    return [
        *_care_leaver(D(2003, 6, 1), authority=KENT, area=MAIDSTONE),
        ev.HomelessnessApplication(on=D(2024, 4, 20), application="A1", authority=MAIDSTONE, appears_homeless=True),
        ev.Homeless(on=D(2024, 4, 20), application="A1"),
        ev.IntentionalityDecided(on=DECIDED, application="A1", intentional=True),
        *more,
    ]


def _sign_off(on: dt.date, service: str, authority: str) -> Event:
    return ev.SignedOff(on=on, application="A1", service=service, authority=authority, role="Director")


def _joint(events: list[Event], on: dt.date) -> list[WorkItem]:
    return [i for i in _items(events, on) if i.what == "joint sign-off outstanding"]


def test_joint_sign_off_outstanding_from_the_day_of_the_decision_not_the_day_before() -> None:
    """Code of Guidance 22.17-22.19; DECISIONS D26: an intentionality decision about a former relevant
    child aged 18 to 24 awaits joint sign-off from the day it is made."""
    events = _intentional()
    assert not _joint(events, DECIDED - DAY)
    (item,) = _joint(events, DECIDED)
    assert (item.date, item.authority) == (DECIDED, MAIDSTONE)
    assert KENT in item.detail


def test_joint_sign_off_outstanding_until_both_services_have_signed() -> None:
    """Code of Guidance 22.18: housing signs on 2024-06-10, children's services on 2024-06-12."""
    events = _intentional(_sign_off(D(2024, 6, 10), "housing", MAIDSTONE), _sign_off(D(2024, 6, 12), "childrens", KENT))
    assert _joint(events, D(2024, 6, 11))
    assert not _joint(events, D(2024, 6, 12))


# Pathway plans ---------------------------------------------------------------------------------------

REVIEW_DUE = D(2022, 7, 10)


def _planned(*more: Event) -> list[Event]:
    """Looked after by Lancashire from 2019-06-01 until the 18th birthday, 2022-03-15; assessed on
    2020-06-10 and the plan reviewed on 2022-01-10, so the next review is due by 2022-07-10."""
    return [
        ev.Born(on=BORN),
        ev.CareStarted(on=D(2019, 6, 1), authority=LANCASHIRE, legal_status="C2", placement="U4", area=PRESTON),
        ev.NeedsAssessed(on=D(2020, 6, 10)),
        ev.PathwayPlanReviewed(on=D(2022, 1, 10)),
        ev.CareEnded(on=D(2022, 3, 15), reason="E8"),
        *more,
    ]


def _plans(events: list[Event], on: dt.date) -> list[WorkItem]:
    return [i for i in _items(events, on) if i.what.startswith("pathway plan")]


def test_pathway_plan_review_due_on_the_last_day_of_the_window_is_listed_the_day_after_is_not() -> None:
    """CLR 2010 reg 7: a review at least every 6 months; one piece of the duty per deadline."""
    (item,) = _plans(_planned(), REVIEW_DUE - 27 * DAY)
    assert (item.date, item.what, item.authority) == (REVIEW_DUE, "pathway plan due", LANCASHIRE)
    assert "s23C(3)(b)" in item.detail and "6 months" in item.detail
    assert not _plans(_planned(), REVIEW_DUE - 28 * DAY)


def test_pathway_plan_due_on_the_day_and_overdue_the_day_after() -> None:
    assert [i.what for i in _plans(_planned(), REVIEW_DUE)] == ["pathway plan due"]
    (late,) = _plans(_planned(), REVIEW_DUE + DAY)
    assert (late.date, late.what) == (REVIEW_DUE, "pathway plan overdue")


def test_pathway_plan_reviewed_before_the_deadline_is_not_overdue() -> None:
    """CLR 2010 reg 7: the review on 2022-07-05 sets the next deadline six months on, 2023-01-05."""
    reviewed = _planned(ev.PathwayPlanReviewed(on=D(2022, 7, 5)))
    assert not _plans(reviewed, REVIEW_DUE + DAY)
    assert [(i.date, i.what) for i in _plans(reviewed, D(2023, 1, 5))] == [(D(2023, 1, 5), "pathway plan due")]


# Several people, order, rendering --------------------------------------------------------------------


def test_items_of_several_people_are_in_date_order_then_by_person() -> None:
    people = [("b", _history([ev.Born(on=D(2004, 3, 20))])), ("a", _history([ev.Born(on=D(2007, 3, 10))]))]
    items = worklist(people, D(2025, 3, 1))
    assert [(i.date, i.person, i.what) for i in items] == [
        (D(2025, 3, 10), "a", "turns 18"),
        (D(2025, 3, 20), "b", "turns 21"),
    ]


def test_a_window_of_no_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        worklist([], D(2025, 3, 1), 0)


def test_render_is_a_table_with_authority_names() -> None:
    items = _items(_care_leaver(BORN), D(2025, 3, 1))
    out = render(items, D(2025, 3, 1))
    assert out.startswith("Worklist for the 28 days beginning with 2025-03-01 (to 2025-03-28)\n")
    assert "Date" in out and "Person" in out and "E08000035 Leeds" in out and "turns 21" in out
    assert render([], D(2025, 3, 1)).endswith("Nothing falls due.\n")


# The command -----------------------------------------------------------------------------------------

P1 = [
    '{"person": "p1", "id": "born", "type": "Born", "on": "2007-03-10"}',
    '{"person": "p1", "id": "start", "type": "CareStarted", "on": "2021-03-10", "authority": "E10000017", '
    '"legal_status": "C2", "placement": "U4", "area": "E07000123"}',
    '{"person": "p1", "id": "assessed", "type": "NeedsAssessed", "on": "2024-12-01"}',
]
P2 = ['{"person": "p2", "id": "born", "type": "Born", "on": "2004-03-20"}']


def _file(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_reads_one_person_per_file_named_by_its_stem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "young-person-7.jsonl", ['{"type": "Born", "on": "2004-03-20"}'])
    status, out, err = _run(capsys, "worklist", path, "--on", "2025-03-01")
    assert (status, err) == (0, "")
    assert "young-person-7  turns 21" in out


def test_cli_reads_several_people_from_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many = _file(tmp_path, "caseload.jsonl", [*P1, "", *P2])
    single = _file(tmp_path, "p3.jsonl", ['{"type": "Born", "on": "2000-03-05"}'])
    status, out, err = _run(capsys, "worklist", many, single, "--on", "2025-03-01", "--days", "30")
    assert (status, err) == (0, "")
    rows = [line.split()[:4] for line in out.splitlines()[3:]]
    assert rows == [
        ["2025-03-05", "p3", "turns", "25"],
        ["2025-03-10", "p1", "turns", "18"],
        ["2025-03-20", "p2", "turns", "21"],
    ]
    assert "(to 2025-03-30)" in out


def test_cli_refuses_a_person_whose_lines_are_not_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "caseload.jsonl", [P1[0], *P2, *P1[1:]])
    status, out, err = _run(capsys, "worklist", path, "--on", "2025-03-01")
    assert (status, out) == (2, "")
    reason = "has lines earlier in the file, before another person's; keep each person's lines together"
    assert err == f"leavingcare: {path}: person p1, line 3: {reason}\n"


def test_cli_refuses_a_line_without_a_person_in_a_file_of_several(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, "caseload.jsonl", [*P1, '{"type": "Born", "on": "2004-03-20"}'])
    status, _, err = _run(capsys, "worklist", path, "--on", "2025-03-01")
    assert status == 2 and err.count("\n") == 1
    assert "line 4: names no person" in err


def test_cli_refuses_a_person_on_a_later_line_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "p9.jsonl", ['{"type": "Born", "on": "2004-03-20"}', *P2])
    status, _, err = _run(capsys, "worklist", path, "--on", "2025-03-01")
    assert status == 2
    assert "line 2: names a person but the first line does not" in err


def test_cli_names_the_file_and_line_of_a_bad_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _file(tmp_path, "a.jsonl", ['{"type": "Born", "on": "2004-03-20"}'])
    bad = _file(tmp_path, "b.jsonl", ['{"type": "Born", "on": "2004-03-20"}', '{"type": "Nope", "on": "2020-01-01"}'])
    status, out, err = _run(capsys, "worklist", good, bad, "--on", "2025-03-01")
    assert (status, out) == (2, "")
    assert err.startswith(f"leavingcare: {bad}: line 2") and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("days", ["0", "-3", "x"])
def test_cli_refuses_a_bad_number_of_days(tmp_path: Path, capsys: pytest.CaptureFixture[str], days: str) -> None:
    path = _file(tmp_path, "a.jsonl", ['{"type": "Born", "on": "2004-03-20"}'])
    status, _, err = _run(capsys, "worklist", path, "--on", "2025-03-01", f"--days={days}")
    assert status == 2
    assert err == "leavingcare: argument --days: must be a whole number of days, at least 1\n"


def test_cli_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "worklist", str(tmp_path / "none.jsonl"), "--on", "2025-03-01")
    assert status == 2
    assert err.startswith("leavingcare: cannot read") and err.count("\n") == 1
