"""Each SSDA903 episode pattern becomes the events DESIGN section 5 describes (docs/interop.md):
a new episode after REC X1 is a change within the period of care, saying what RNE says changed; REC
ends care on DEC. Children and dates are invented."""

from __future__ import annotations

import datetime as dt

import pytest
from tables903 import Ep, Tables

import leavingcare as lc
from leavingcare.events import care
from leavingcare.events.codec import encode
from leavingcare.interop.people import record_people
from leavingcare.interop.ssda903 import Import903, read_903

BRISTOL = "E06000023"
SOUTHWARK = "E09000028"
DOB = "10/05/2006"  # 14 on 2020-05-10, 16 on 2022-05-10, 18 on 2024-05-10
D = dt.date


def read(tables: Tables, *episodes: Ep, authority: str = BRISTOL, dob: str = DOB) -> Import903:
    return read_903(tables.header(("1001", dob)), tables.episodes(*episodes), authority)


def events_of(result: Import903) -> list[dict[str, object]]:
    """The imported events of the only child, as JSONL objects, leaving out ``Born``."""
    (child,) = result.people
    return [encode(e) for e in child.events[1:]]


def test_legal_status_change_only_rne_l_is_a_change_of_legal_status(tables: Tables) -> None:
    """RNE L after REC X1 the same day: an interim care order (C1) becomes a full care order (C2),
    same placement: one ``CareChanged`` with only ``legal_status``."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C1", "U4", "01/12/2021", "X1"),
        Ep("1001", "01/12/2021", "L", "C2", "U4"),
    )
    assert result.rejected == ()
    assert events_of(result) == [
        {
            "type": "CareStarted",
            "on": "2021-09-01",
            "authority": BRISTOL,
            "legal_status": "C1",
            "placement": "U4",
            "area": BRISTOL,
        },
        {"type": "CareChanged", "on": "2021-12-01", "legal_status": "C2"},
    ]


@pytest.mark.parametrize("rne", ["P", "T"])
def test_placement_change_only_rne_p_or_t_is_a_change_of_placement(tables: Tables, rne: str) -> None:
    """RNE P (new placement and carer) or T (new placement, same carer): ``CareChanged`` with only
    ``placement``; the legal status is not repeated."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "15/03/2022", "X1"),
        Ep("1001", "15/03/2022", rne, "C2", "U5"),
    )
    assert events_of(result)[1] == {"type": "CareChanged", "on": "2022-03-15", "placement": "U5"}


def test_placement_change_with_the_same_code_is_still_recorded(tables: Tables) -> None:
    """RNE P with the same PLACE code (another foster carer of the same kind) is a new placement: the
    change is recorded, so the care segment splits where the return says it did."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "15/03/2022", "X1"),
        Ep("1001", "15/03/2022", "P", "C2", "U4"),
    )
    assert events_of(result)[1] == {"type": "CareChanged", "on": "2022-03-15", "placement": "U4"}
    (child,) = result.people
    assert len(child.history.facts.segments) == 2


@pytest.mark.parametrize("rne", ["B", "U"])
def test_legal_status_and_placement_change_rne_b_or_u_changes_both(tables: Tables, rne: str) -> None:
    """RNE B (L + P) or U (L + T): one ``CareChanged`` with both ``legal_status`` and ``placement``."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "V2", "K2", "01/02/2022", "X1"),
        Ep("1001", "01/02/2022", rne, "C2", "U4", "01/06/2022", "X1"),
        Ep("1001", "01/06/2022", "L", "C2", "U4"),
    )
    assert events_of(result)[1:] == [
        {"type": "CareChanged", "on": "2022-02-01", "legal_status": "C2", "placement": "U4"},
        {"type": "CareChanged", "on": "2022-06-01", "legal_status": "C2"},
    ]


def test_a_code_that_changed_without_rne_saying_so_is_recorded_too(tables: Tables) -> None:
    """RNE L but PLACE differs as well: the return's codes are what the history keeps."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C1", "U4", "01/12/2021", "X1"),
        Ep("1001", "01/12/2021", "L", "C2", "U5"),
    )
    assert events_of(result)[1] == {"type": "CareChanged", "on": "2021-12-01", "legal_status": "C2", "placement": "U5"}


def test_episode_ending_e3_then_starting_with_another_authority(tables: Tables) -> None:
    """REC E3 (care taken over by another authority in the UK) ends Bristol's care; Southwark's return
    starts the next episode the same day. Recorded for one person, responsibility moves: Bristol owes
    the eligible-child duties until the transfer, Southwark from it, and Southwark, looking after her
    at 18, owes the s23C duties (s23C(1)(b))."""
    bristol = read_903(
        tables.header(("1001", DOB), name="bristol_header.csv"),
        tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4", "01/03/2023", "E3"), name="bristol.csv"),
        BRISTOL,
        person=lambda child: "yp-1",
    )
    southwark = read_903(
        tables.header(("S-77", DOB), name="southwark_header.csv"),
        tables.episodes(Ep("S-77", "01/03/2023", "S", "C2", "U4"), name="southwark.csv"),
        SOUTHWARK,
        person=lambda child: "yp-1",
    )
    assert encode(bristol.people[0].events[-1]) == {"type": "CareEnded", "on": "2023-03-01", "reason": "E3"}
    assert encode(southwark.people[0].events[1])["authority"] == SOUTHWARK

    with lc.open_store("memory://") as store:
        for result in (bristol, southwark):
            (done,) = record_people(store, [(c.person, c.history) for c in result.people], recorded_by="test")
            assert done.error is None
        history = store.history("yp-1")
    assert sum(isinstance(e, care.Born) for e in history.events) == 1, "the same Born is recorded once"
    assert [f.by for f in lc.assess(history, on=D(2023, 2, 28)).of_kind("eligible_child")] == [BRISTOL]
    assert [f.by for f in lc.assess(history, on=D(2023, 3, 1)).of_kind("eligible_child")] == [SOUTHWARK]
    at_18 = lc.assess(history, on=D(2024, 5, 10)).of_kind("former_relevant_child")
    assert [(f.by, f.citation.provision) for f in at_18] == [(SOUTHWARK, "s23C(1)(b)")]


def test_custody_e9_ends_care_and_custody_is_left_to_the_youth_justice_record(tables: Tables) -> None:
    """REC E9 (sentenced to custody) at 16: care ends on DEC with reason E9. SSDA903 gives no release
    date, so no ``CustodyStarted`` is invented; a note says so. Having been eligible, she is a relevant
    child from the day care ended (s23A(2)), the day before still eligible."""
    result = read(tables, Ep("1001", "01/09/2021", "S", "V2", "K2", "01/02/2023", "E9"))
    assert events_of(result)[-1] == {"type": "CareEnded", "on": "2023-02-01", "reason": "E9"}
    (child,) = result.people
    assert not any(isinstance(e, care.CustodyStarted) for e in child.events)
    assert [n.code for n in result.notes if n.code != "area_assumed"] == ["custody_not_recorded"]
    assert lc.assess(child.history, on=D(2023, 1, 31)).owes("eligible_child")
    day_of = lc.assess(child.history, on=D(2023, 2, 1))
    assert day_of.owes("relevant_child", by=BRISTOL) and not day_of.owes("eligible_child")


def test_remand_end_e14_at_18_after_thirteen_weeks_makes_a_former_relevant_child(tables: Tables) -> None:
    """Children's law W9: remanded to youth detention accommodation (J1, R5) at 17 from 2024-04-01; the
    remand ends on the 18th birthday (REC E14). The 91st day looked after is 2024-06-30, so eligible
    from then (not the day before); looked after at 18 having been eligible, a former relevant child
    from 18 (s23C(1)(b))."""
    result = read(tables, Ep("1001", "01/04/2024", "S", "J1", "R5", "08/08/2024", "E14"), dob="08/08/2006")
    assert events_of(result) == [
        {
            "type": "CareStarted",
            "on": "2024-04-01",
            "authority": BRISTOL,
            "legal_status": "J1",
            "placement": "R5",
            "area": BRISTOL,
        },
        {"type": "CareEnded", "on": "2024-08-08", "reason": "E14"},
    ]
    history = result.people[0].history
    assert not lc.assess(history, on=D(2024, 6, 29)).owes("eligible_child")
    assert lc.assess(history, on=D(2024, 6, 30)).owes("eligible_child")
    frc = lc.assess(history, on=D(2024, 8, 8)).of_kind("former_relevant_child")
    assert [f.citation.provision for f in frc] == ["s23C(1)(b)"]


def test_stay_at_18_e17_with_foster_carers_is_staying_put(tables: Tables) -> None:
    """REC E17 on the 18th birthday from a foster placement (U4): care ends and she stays with her
    former foster carers, so the staying put duty (s23CZA) runs from 18 to 21."""
    result = read(tables, Ep("1001", "01/09/2019", "S", "C2", "U4", "10/05/2024", "E17"))
    assert events_of(result)[-1] == {"type": "CareEnded", "on": "2024-05-10", "reason": "E17"}
    history = result.people[0].history
    (staying,) = lc.timeline(history).of_kind("staying_put")
    assert (staying.by, staying.since, staying.until) == (BRISTOL, D(2024, 5, 10), D(2027, 5, 10))


def test_x1_with_no_episode_the_same_day_but_a_later_one_leaves_the_child_out(tables: Tables) -> None:
    """REC X1 promises a new episode the same day; when the next episode of the return starts later, the
    episodes between are missing, so the child is left out rather than given a CareEnded the return
    does not state (test_ssda903_faithful covers the rest)."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/02/2022", "X1"),
        Ep("1001", "01/05/2022", "S", "C2", "U4"),
    )
    assert result.people == ()
    assert [r.code for r in result.left_out[0].problems] == ["x1_gap"]


def test_a_change_with_no_episode_ceasing_that_day_starts_a_period_of_care(tables: Tables) -> None:
    """RNE P on an episode no X1 episode leads into: recorded as a start, with a note."""
    result = read(tables, Ep("1001", "01/09/2021", "P", "C2", "U4"))
    assert [e["type"] for e in events_of(result)] == ["CareStarted"]
    assert "starts_without_previous" in {n.code for n in result.notes}


def test_rne_s_after_x1_the_same_day_is_a_change_within_the_period(tables: Tables) -> None:
    """REC X1 then RNE S on the same day: the period of care continues; the differing code is recorded."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "C1", "U4", "01/12/2021", "X1"),
        Ep("1001", "01/12/2021", "S", "C2", "U4"),
    )
    assert events_of(result)[1] == {"type": "CareChanged", "on": "2021-12-01", "legal_status": "C2"}
    assert "continues_without_rne" in {n.code for n in result.notes}


def test_care_ending_and_restarting_the_same_day_with_a_real_reason_is_two_periods(tables: Tables) -> None:
    """REC E4A (returned home) on DEC and a new RNE S episode the same day: two periods of care."""
    result = read(
        tables,
        Ep("1001", "01/09/2021", "S", "V2", "U4", "01/02/2022", "E4A"),
        Ep("1001", "01/02/2022", "S", "V2", "K2"),
    )
    assert [e["type"] for e in events_of(result)] == ["CareStarted", "CareEnded", "CareStarted"]
