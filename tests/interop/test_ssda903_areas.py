"""Where each episode was placed: PL_POST's postcode district through the areas map; when that is not
known, the convention of docs/interop.md (the authority's own area, or the first district of a
county), always with a note. Authority codes are recoded to the one in force on DECOM."""

from __future__ import annotations

import datetime as dt

import pytest
from tables903 import Ep, Tables

from leavingcare.errors import InvalidEvent, UnknownCode
from leavingcare.events.codec import encode
from leavingcare.interop.areas import postcode_district, read_area_map
from leavingcare.interop.ssda903 import Import903, authority_on, fallback_area, read_903

BRISTOL = "E06000023"
KENT = "E10000016"
ASHFORD, CANTERBURY = "E07000105", "E07000106"
D = dt.date


@pytest.mark.parametrize(
    ("postcode", "district"),
    [
        ("BS2 8AB", "BS2"),
        ("bs2 8ab", "BS2"),
        ("BS28AB", "BS2"),
        ("BS2 8", "BS2"),
        ("SW1A 1AA", "SW1A"),
        ("SW1A1AA", "SW1A"),
        ("CT1", "CT1"),
        ("", None),
        ("not a postcode", None),
    ],
)
def test_the_outward_code_of_a_full_postcode_a_sector_or_a_district(postcode: str, district: str | None) -> None:
    assert postcode_district(postcode) == district


def test_a_sector_written_without_a_space_prefers_a_district_the_map_knows() -> None:
    assert postcode_district("LS14", {"LS14": "E08000035"}) == "LS14"
    assert postcode_district("LS14", {"LS1": "E08000035"}) == "LS1"


def imported(tables: Tables, *episodes: Ep, authority: str = BRISTOL, mapped: bool = True) -> Import903:
    areas = read_area_map(tables.areas([("BS2", BRISTOL), ("CT1", CANTERBURY), ("CF10", "W06000015")]))
    return read_903(
        tables.header(("1001", "10/05/2006")), tables.episodes(*episodes), authority, areas=areas if mapped else None
    )


def test_the_area_comes_from_the_map_and_moves_with_the_placement(tables: Tables) -> None:
    """Placed in Bristol, then (RNE P) with carers in Canterbury, then in Cardiff (outside England)."""
    result = imported(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/02/2022", "X1", pl_post="BS2 8AB"),
        Ep("1001", "01/02/2022", "P", "C2", "U5", "01/06/2022", "X1", pl_post="CT1 2"),
        Ep("1001", "01/06/2022", "P", "C2", "U5", pl_post="CF10 1"),
    )
    assert result.notes == ()
    events = [encode(e) for e in result.people[0].events[1:]]
    assert events[0]["area"] == BRISTOL
    assert events[1:] == [
        {"type": "CareChanged", "on": "2022-02-01", "placement": "U5", "area": CANTERBURY},
        {"type": "CareChanged", "on": "2022-06-01", "placement": "U5", "area": "W06000015"},
    ]


def test_an_unmapped_postcode_falls_back_to_the_unitary_authoritys_own_area_with_a_note(tables: Tables) -> None:
    result = imported(tables, Ep("1001", "01/09/2021", "S", "C2", "U4", pl_post="ZZ9 9ZZ"))
    assert encode(result.people[0].events[1])["area"] == BRISTOL
    ((code, text),) = [(n.code, n.text) for n in result.notes]
    assert code == "area_assumed"
    assert text.startswith("the postcode district of PL_POST is not in ") and text.endswith(f"recorded as {BRISTOL}")
    assert "ZZ9" not in text


def test_a_placement_change_to_an_unmapped_postcode_keeps_the_area_with_a_note(tables: Tables) -> None:
    result = imported(
        tables,
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/02/2022", "X1", pl_post="CT1 2"),
        Ep("1001", "01/02/2022", "P", "C2", "U5"),
    )
    assert encode(result.people[0].events[2]) == {"type": "CareChanged", "on": "2022-02-01", "placement": "U5"}
    assert [n.code for n in result.notes] == ["area_kept"]


def test_without_a_map_a_county_records_its_first_district_and_says_so(tables: Tables) -> None:
    """Kent is a county council, not an area: the first of its districts in code order stands in."""
    result = imported(tables, Ep("1001", "01/09/2021", "S", "C2", "U4", pl_post="CT1 2"), authority=KENT, mapped=False)
    started = encode(result.people[0].events[1])
    assert (started["authority"], started["area"]) == (KENT, ASHFORD)
    assert [n.text for n in result.notes] == [f"no areas map was given: area recorded as {ASHFORD}"]
    assert fallback_area(KENT, D(2021, 9, 1)) == ASHFORD
    assert fallback_area(BRISTOL, D(2021, 9, 1)) == BRISTOL


def test_an_abolished_area_in_the_map_is_followed_to_its_successor(tables: Tables) -> None:
    """Harrogate (E07000165) was abolished on 2023-04-01 into North Yorkshire (E06000065)."""
    areas = read_area_map(tables.areas([("HG1", "E07000165")]))
    header = tables.header(("1001", "10/05/2006"))
    before = read_903(
        header, tables.episodes(Ep("1001", "31/03/2023", "S", "C2", "U4", pl_post="HG1 1")), BRISTOL, areas=areas
    )
    after = read_903(
        header, tables.episodes(Ep("1001", "01/04/2023", "S", "C2", "U4", pl_post="HG1 1")), BRISTOL, areas=areas
    )
    assert encode(before.people[0].events[1])["area"] == "E07000165"
    assert encode(after.people[0].events[1])["area"] == "E06000065"


def test_an_area_not_yet_in_force_leaves_it_unknown(tables: Tables) -> None:
    areas = read_area_map(tables.areas([("HG1", "E06000065")]))
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4", pl_post="HG1 1"))
    result = read_903(tables.header(("1001", "10/05/2006")), episodes, BRISTOL, areas=areas)
    assert encode(result.people[0].events[1])["area"] == BRISTOL
    assert "not in force on DECOM" in result.notes[0].text


def test_the_authority_is_recoded_to_the_code_in_force_on_decom(tables: Tables) -> None:
    """Barnsley's code changed on 2025-04-01 (E08000016 to E08000038); North Yorkshire became a unitary
    on 2023-04-01 (E10000023 to E06000065). An import under the new code records the old one for
    earlier episodes, with a note."""
    assert authority_on("E08000038", D(2025, 3, 31)) == "E08000016"
    assert authority_on("E08000038", D(2025, 4, 1)) == "E08000038"
    assert authority_on("E08000016", D(2025, 4, 1)) == "E08000038"
    assert authority_on("E06000065", D(2023, 3, 31)) == "E10000023"
    assert authority_on("E07000105", D(2023, 3, 31)) is None
    result = imported(tables, Ep("1001", "01/09/2021", "S", "C2", "U4"), authority="E08000038", mapped=False)
    started = encode(result.people[0].events[1])
    assert (started["authority"], started["area"]) == ("E08000016", "E08000016")
    assert "authority_recoded" in {n.code for n in result.notes}
    assert result.people[0].person == "E08000038-1001"


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("district,area\nBS2,E06000023\n", InvalidEvent, r"missing column\(s\): postcode_district"),
        ("postcode_district,area\nBS2,E10000016\n", UnknownCode, r"line 2: area must be the GSS code of a district"),
        ("postcode_district,area\nBS2,E99999999\n", UnknownCode, r"line 2: area must be"),
        ("postcode_district,area\nnot a district,E06000023\n", InvalidEvent, r"line 2: postcode_district must be"),
        ("postcode_district,area\nBS2,E06000023\nBS2,E06000024\n", InvalidEvent, r"line 3: gives a second area"),
    ],
)
def test_a_bad_map_is_an_error_naming_its_line(tables: Tables, text: str, error: type[Exception], message: str) -> None:
    path = tables.root / "map.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=message):
        read_area_map(path)
