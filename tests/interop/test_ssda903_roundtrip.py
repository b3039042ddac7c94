"""Imported histories assessed against hand-checked expectations (children.md sections 3-5), and the
903 validator's leaving-care approximation (rule 1001, ssda903.md section 2) compared with
``eligible_child`` on fixtures whose whole history falls inside the validator's two-year window."""

from __future__ import annotations

import datetime as dt

import pytest
from tables903 import Ep, Tables

import leavingcare as lc
from leavingcare.interop.ssda903 import ImportedChild, read_903, validator_verdict

BRISTOL = "E06000023"
D = dt.date


def one(tables: Tables, dob: str, *episodes: Ep) -> ImportedChild:
    result = read_903(tables.header((episodes[0].child, dob)), tables.episodes(*episodes), BRISTOL)
    assert result.rejected == ()
    (child,) = result.people
    return child


def test_eligible_child_from_the_16th_birthday_and_former_relevant_child_at_18(tables: Tables) -> None:
    """In care from 15 (2021-09-01, born 2006-05-10), a care order after an interim one, a move of
    placement, and still looked after at 18: more than 13 weeks since 14, so eligible from the 16th
    birthday (Sch 2 para 19B), not the day before; a former relevant child from the 18th birthday
    (s23C(1)(b)), eligible the day before; owed a personal adviser to 21 (s23C(3))."""
    child = one(
        tables,
        "10/05/2006",
        Ep("1001", "01/09/2021", "S", "C1", "U4", "01/12/2021", "X1"),
        Ep("1001", "01/12/2021", "L", "C2", "U4", "15/03/2023", "X1"),
        Ep("1001", "15/03/2023", "P", "C2", "K2", "10/05/2024", "E5"),
    )
    history = child.history
    assert not lc.assess(history, on=D(2022, 5, 9)).owes("eligible_child")
    (eligible,) = lc.assess(history, on=D(2022, 5, 10)).of_kind("eligible_child")
    assert (eligible.by, eligible.since, eligible.until) == (BRISTOL, D(2022, 5, 10), D(2024, 5, 10))
    assert lc.assess(history, on=D(2024, 5, 9)).owes("eligible_child")
    at_18 = lc.assess(history, on=D(2024, 5, 10))
    assert not at_18.owes("eligible_child")
    (frc,) = at_18.of_kind("former_relevant_child")
    assert (frc.by, frc.citation.provision) == (BRISTOL, "s23C(1)(b)")
    assert lc.assess(history, on=D(2027, 5, 9)).owes("personal_adviser", by=BRISTOL)


def test_thirteen_weeks_reached_after_16_starts_eligibility_on_the_91st_day(tables: Tables) -> None:
    """Children's law W2: care from 2022-09-01, after the 16th birthday: the 91st day looked after is
    2022-11-30 (counting the first day), the day eligibility begins; leaving at 17 makes a relevant
    child (s23A(2)) and at 18 a former relevant child (s23C(1)(a))."""
    child = one(tables, "10/05/2006", Ep("1001", "01/09/2022", "S", "V2", "U4", "01/03/2023", "E13"))
    history = child.history
    assert not lc.assess(history, on=D(2022, 11, 29)).owes("eligible_child")
    assert lc.assess(history, on=D(2022, 11, 30)).owes("eligible_child")
    assert lc.assess(history, on=D(2023, 3, 1)).owes("relevant_child", by=BRISTOL)
    (frc,) = lc.assess(history, on=D(2024, 5, 10)).of_kind("former_relevant_child")
    assert frc.citation.provision == "s23C(1)(a)"


def test_short_breaks_only_are_never_an_eligible_child(tables: Tables) -> None:
    """V3 short breaks are left out of the 13 weeks and eligibility (CPPCR reg 48)."""
    child = one(
        tables,
        "10/05/2006",
        Ep("1001", "01/09/2022", "S", "V3", "K2", "01/03/2023", "E4A"),
    )
    assert lc.timeline(child.history).of_kind("eligible_child") == ()


# The validator's approximation -------------------------------------------------------------------
COLLECTION_END = D(2025, 3, 31)
"""The 2024-25 return: the validator also reads 2023-24, so its window opens on 2023-04-01."""

AGREEING = [
    pytest.param("10/05/2008", [Ep("1", "01/06/2023", "S", "C2", "U4")], True, id="in-care-from-15-open"),
    pytest.param(
        "10/05/2008",
        [Ep("1", "09/02/2024", "S", "V2", "U4", "10/05/2024", "E13")],
        False,
        id="90-days-ending-just-after-16",
    ),
    pytest.param(
        "10/05/2008",
        [Ep("1", "09/02/2024", "S", "V2", "U4", "11/05/2024", "E13")],
        True,
        id="91-days-ending-just-after-16",
    ),
    pytest.param(
        "10/05/2008",
        [Ep("1", "01/06/2023", "S", "V2", "U4", "01/02/2024", "E4A")],
        False,
        id="months-in-care-all-before-16",
    ),
    pytest.param(
        "10/05/2008",
        [
            Ep("1", "01/06/2023", "S", "C2", "U4", "01/02/2024", "E4A"),
            Ep("1", "01/06/2024", "S", "V3", "K2", "10/06/2024", "E4A"),
        ],
        False,
        id="after-16-only-short-breaks",
    ),
    pytest.param(
        "10/05/2008",
        [
            Ep("1", "01/06/2023", "S", "V2", "U4", "01/08/2023", "E4A"),
            Ep("1", "01/12/2023", "S", "V2", "U4", "15/12/2023", "E4A"),
            Ep("1", "01/06/2024", "S", "V2", "U4", "20/06/2024", "E13"),
        ],
        True,
        id="three-spells-adding-up-after-14",
    ),
    pytest.param(
        "10/05/2009",
        [Ep("1", "01/06/2023", "S", "C2", "U4", "01/06/2024", "X1"), Ep("1", "01/06/2024", "P", "C2", "U5")],
        False,
        id="not-yet-16-at-collection-end",
    ),
    pytest.param(
        "10/05/2008",
        [Ep("1", "20/05/2023", "S", "J1", "K1", "30/08/2024", "E14")],
        True,
        id="remand-from-15",
    ),
]


@pytest.mark.parametrize(("dob", "episodes", "expected"), AGREEING)
def test_the_validator_agrees_with_eligible_child_when_its_window_sees_the_whole_history(
    tables: Tables, dob: str, episodes: list[Ep], expected: bool
) -> None:
    """Every fixture starts after 2023-04-01, so rule 1001's two years hold the whole history; its
    verdict (91 days from max(DECOM, 14th birthday), a day after 16, V3/V4 left out) is then the
    library's: eligible on some day before the collection end."""
    child = one(tables, dob, *episodes)
    verdict = validator_verdict(child.born, child.episodes, COLLECTION_END)
    eligible = any(f.since < COLLECTION_END for f in lc.timeline(child.history).of_kind("eligible_child"))
    assert verdict.care_leaver is expected
    assert eligible is expected


def test_the_validator_counts_to_the_collection_end_like_the_library(tables: Tables) -> None:
    """Care from 2024-12-31, after 16: the validator counts 90 days to 31 March (the day itself left
    out), the library reaches day 91 only on 31 March: neither sees a care leaver before the end."""
    child = one(tables, "10/05/2008", Ep("1", "31/12/2024", "S", "V2", "U4"))
    verdict = validator_verdict(child.born, child.episodes, COLLECTION_END)
    assert (verdict.days_after_14, verdict.care_leaver) == (90, False)
    (eligible,) = lc.timeline(child.history).of_kind("eligible_child")
    assert eligible.since == COLLECTION_END


def test_the_validator_misses_care_before_its_two_year_window(tables: Tables) -> None:
    """The false positive rule 1001 warns of: 13 weeks after 14 fell before 2023-04-01, and a short
    stay after 16 inside the window. The full history makes an eligible child; the validator does not."""
    child = one(
        tables,
        "10/05/2007",
        Ep("1", "01/06/2021", "S", "V2", "U4", "01/02/2022", "E4A"),
        Ep("1", "01/06/2023", "S", "V2", "U4", "10/06/2023", "E4A"),
    )
    assert not validator_verdict(child.born, child.episodes, COLLECTION_END).care_leaver
    assert lc.timeline(child.history).of_kind("eligible_child") != ()


def test_the_validator_sets_adopted_children_aside_where_the_library_does_not(tables: Tables) -> None:
    """Rule 1001 treats a child whose last episode ended in adoption (E11) as no care leaver; while
    looked after at 16 the child was an eligible child all the same (para 19B has no adoption test)."""
    child = one(tables, "10/05/2008", Ep("1", "01/06/2023", "S", "E1", "A4", "01/07/2024", "E11"))
    verdict = validator_verdict(child.born, child.episodes, COLLECTION_END)
    assert verdict.adopted and not verdict.care_leaver
    assert lc.timeline(child.history).of_kind("eligible_child") != ()
