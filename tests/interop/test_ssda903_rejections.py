"""Rows the reader cannot import are rejected one by one, each reported with its file, line, CHILD id
and reason, never another value from the row; every other row imports. Codes are checked against
the lists of the episode's collection year (1 April to 31 March)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tables903 import Ep, Tables

from leavingcare.errors import InvalidEvent, LeavingCareError, UnknownCode
from leavingcare.interop import codes903
from leavingcare.interop.ssda903 import read_903, report_lines

BRISTOL = "E06000023"
D = dt.date


def reasons(tables: Tables, *episodes: Ep, dob: str = "10/05/2006") -> list[tuple[int, str | None, str]]:
    result = read_903(tables.header(("1001", dob), ("1002", dob)), tables.episodes(*episodes), BRISTOL)
    return [(r.line, r.child, r.reason) for r in result.rejected]


@pytest.mark.parametrize(
    ("place", "decom", "accepted"),
    [
        ("K3", "31/03/2024", False),  # 2023-24: before K3
        ("K3", "01/04/2024", True),  # 2024-25: K3 added
        ("H5", "31/03/2025", True),  # 2024-25: H5 still listed
        ("H5", "01/04/2025", False),  # 2025-26: H5 removed
        ("P2", "01/04/2025", False),  # 2025-26: P2 removed
        ("Z1", "31/03/2025", True),
        ("Z1", "01/04/2025", False),  # 2025-26: Z1 split
        ("Z11", "31/03/2025", False),
        ("Z11", "01/04/2025", True),
        ("Z14", "01/04/2026", True),
        ("U4", "01/04/2019", True),  # before 2022-23: the 2022-23 list applies
    ],
)
def test_placement_codes_follow_the_collection_year_of_decom(
    tables: Tables, place: str, decom: str, accepted: bool
) -> None:
    """Boundary pairs: 31 March is the last day of one collection year, 1 April the first of the next."""
    rejected = reasons(tables, Ep("1001", decom, "S", "C2", place))
    assert (rejected == []) is accepted
    if not accepted:
        ((line, child, reason),) = rejected
        assert (line, child) == (2, "1001")
        assert reason == (
            "PLACE is not a placement code of the collection year of DECOM "
            "(K3 is used from 2024-25; H5, P2 and Z1 until 2024-25; Z11-Z14 from 2025-26)"
        ), "the same reason whatever the code and the year, so it tells neither"


def test_an_episode_open_across_years_keeps_the_list_of_its_start(tables: Tables) -> None:
    """P2 started in 2024-25 and ends in 2025-26: the code was valid when the episode began."""
    assert reasons(tables, Ep("1001", "01/06/2024", "S", "V2", "P2", "01/06/2025", "E5")) == []


def test_collection_years_run_from_april_to_march() -> None:
    assert codes903.collection_year(D(2025, 3, 31)) == 2024
    assert codes903.collection_year(D(2025, 4, 1)) == 2025


def test_the_year_lists_as_the_validator_holds_them() -> None:
    """ssda903.md section 3: 27 codes to 2023-24, K3 added in 2024-25, then H5 and P2 removed and Z1
    split into four."""
    before = codes903.placements(2023)
    assert len(before) == 27 and {"H5", "P2", "Z1"} <= before and "K3" not in before
    assert codes903.placements(2021) == before
    assert codes903.placements(2024) == before | {"K3"}
    assert codes903.placements(2025) == (before | {"K3", "Z11", "Z12", "Z13", "Z14"}) - {"H5", "P2", "Z1"}
    assert codes903.placements(2026) == codes903.placements(2025)


@pytest.mark.parametrize(
    ("episode", "reason"),
    [
        (Ep("1001", "01/09/2021", "S", "X9", "U4"), "LS is not a legal status code of the collection year of DECOM"),
        (Ep("1001", "01/09/2021", "Q", "C2", "U4"), "RNE is not a reason for new episode code"),
        (Ep("1001", "01/09/2021", "S", "C2", "U4", "01/10/2021", "E99"), "REC is not a reason-episode-ceased code"),
        (Ep("1001", "01/09/2021", "S", "C2", "U4", "01/10/2021", ""), "DEC is given but REC is blank"),
        (Ep("1001", "01/09/2021", "S", "C2", "U4", "01/09/2021", "E8"), "DEC is not after DECOM"),
        (Ep("1001", "01/09/2021", "S", "C2", "U4", "01/08/2021", "E8"), "DEC is not after DECOM"),
        (Ep("1001", "2021-09-01", "S", "C2", "U4"), "DECOM must be a date written DD/MM/YYYY"),
        (Ep("1001", "31/02/2021", "S", "C2", "U4"), "DECOM is not a real calendar date"),
        (Ep("1001", "01/09/2021", "S", "C2", "U4", "1/10/2021", "E8"), "DEC must be a date written DD/MM/YYYY"),
        (Ep("1001", "01/09/2001", "S", "C2", "U4"), "DECOM is before the DOB in the header table"),
        (Ep("1001", "01/09/2021", "S", "", "U4"), "LS is blank"),
        (Ep("1001", "01/09/2021", "S", "C2", ""), "PLACE is blank"),
        (Ep("9999", "01/09/2021", "S", "C2", "U4"), "no date of birth: the header table has no row for this CHILD"),
    ],
)
def test_a_bad_row_is_rejected_with_its_line_child_and_reason(tables: Tables, episode: Ep, reason: str) -> None:
    rejected = reasons(tables, episode, Ep("1002", "01/09/2021", "S", "C2", "U4"))
    assert [(line, child) for line, child, _ in rejected] == [(2, episode.child)]
    assert rejected[0][2].startswith(reason)


def test_the_other_children_import_and_the_report_names_only_file_line_and_child(tables: Tables) -> None:
    """One child's bad row is rejected and the child left out whole (its good row withheld); the other
    children import. The report shows no date of birth, date, postcode or code from any row."""
    header = tables.header(("1001", "10/05/2006"), ("1002", "23/07/2007"), ("", "01/01/2007"))
    episodes = tables.episodes(
        Ep("1001", "01/09/2021", "S", "C2", "U4", "14/02/2022", "E8", pl_post="BS2 8"),
        Ep("1001", "03/03/2022", "S", "C2", "Z11", pl_post="BS2 8"),
        Ep("1002", "17/11/2022", "S", "V2", "K2", pl_post="BS2 8"),
        Ep("", "17/11/2022", "S", "V2", "K2"),
    )
    result = read_903(header, episodes, BRISTOL)
    assert [(r.file, r.line, r.child) for r in result.rejected] == [
        (str(header), 4, None),
        (str(episodes), 3, "1001"),
        (str(episodes), 5, None),
    ]
    assert [(r.line, r.child, r.code) for r in result.withheld] == [(2, "1001", "child_left_out")]
    assert [p.person for p in result.people] == [f"{BRISTOL}-1002"]
    assert [c.child for c in result.left_out] == ["1001"]
    text = "\n".join(report_lines(result))
    for value in ("2006", "2007", "2021", "2022", "BS2", "Z11", "K2", "V2", "U4"):
        assert value not in text.replace(codes903.PLACE_LIST_HISTORY, "")
    assert f"rejected: {episodes} line 3 (CHILD 1001): PLACE is not a placement code" in text
    assert text.endswith("imported 1 person (2 events); 3 rows rejected; 1 child left out")
    error = result.rejected[1].error()
    assert isinstance(error, InvalidEvent) and isinstance(error, LeavingCareError)
    assert str(error).startswith(f"{episodes} line 3 (CHILD 1001): PLACE")


def test_a_bad_header_row_rejects_it_and_says_why_its_episodes_are_rejected(tables: Tables) -> None:
    header = tables.header(("1001", "10-05-2006"))
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4"))
    result = read_903(header, episodes, BRISTOL)
    assert [(r.file, r.line, r.reason) for r in result.rejected] == [
        (str(header), 2, "DOB must be a date written DD/MM/YYYY"),
        (str(episodes), 2, f"no date of birth: its header row ({header} line 2) was rejected"),
    ]
    assert result.people == ()


def test_lower_case_codes_and_spaces_are_read_as_the_codes(tables: Tables) -> None:
    """The validator's own 2024-25 list has a lower-case ``k3``; codes are compared upper-cased."""
    assert reasons(tables, Ep("1001", " 01/06/2024 ", "s", "c2", "k3")) == []


def test_a_missing_column_is_an_error_naming_the_file(tables: Tables) -> None:
    path = tables.root / "episodes.csv"
    path.write_text("CHILD,DECOM,RNE,LS,PLACE,DEC\n1001,01/09/2021,S,C2,U4,\n", encoding="utf-8")
    with pytest.raises(InvalidEvent, match=r"episodes\.csv: missing column\(s\): REC"):
        read_903(tables.header(("1001", "10/05/2006")), path, BRISTOL)


def test_an_empty_file_is_an_error(tables: Tables) -> None:
    path = tables.root / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InvalidEvent, match="is empty"):
        read_903(path, tables.episodes(), BRISTOL)


def test_extra_columns_blank_lines_and_a_byte_order_mark_are_allowed(tables: Tables) -> None:
    header = tables.root / "header.csv"
    header.write_text("\ufeffCHILD,DOB,EXTRA\n\n1001,10/05/2006,x\n,,\n", encoding="utf-8")
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4"))
    result = read_903(header, episodes, BRISTOL)
    assert result.rejected == () and len(result.people) == 1


def test_the_authority_must_be_a_childrens_services_authority(tables: Tables) -> None:
    """A district council (E07) is not a children's services authority."""
    with pytest.raises(UnknownCode, match="--authority"):
        read_903(tables.header(), tables.episodes(), "E07000106")


def test_files_are_named_as_given(tables: Tables, tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "XX"), name="2024/episodes.csv")
    result = read_903(tables.header(("1001", "10/05/2006")), episodes, BRISTOL)
    assert result.rejected[0].file == str(tmp_path / "2024" / "episodes.csv")


def test_a_table_not_in_utf8_is_an_error_naming_the_file(tables: Tables) -> None:
    path = tables.root / "header.csv"
    path.write_bytes("CHILD,DOB\n1001,10/05/2006\n1002,01/01/2007 \xa0\n".encode("cp1252").replace(b"\xa0", b"\xe9"))
    with pytest.raises(InvalidEvent, match=r"header\.csv: is not valid UTF-8"):
        read_903(path, tables.episodes(), BRISTOL)
