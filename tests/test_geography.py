"""Authorities as of a date (DESIGN section 1, "Geography is dated"; shared/data/authorities.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from leavingcare import geography
from leavingcare.geography import Authority

D = dt.date
ALL = geography.authorities()
APRIL_FIRSTS = [D(year, 4, 1) for year in range(2009, 2028)]


def _chain_ends(code: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """Every authority reached by following successor links to the end, along every branch."""
    authority = ALL[code]
    assert code not in seen, f"successor loop through {code}"
    if authority.valid.until is None:
        return {code}
    assert authority.successors, f"{code} ends with no successor"
    return set().union(*(_chain_ends(s, seen | {code}) for s in authority.successors))


# Two-tier reorganisations on 1 April ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("district", "county", "last_day"),
    [
        pytest.param("E07000049", "E10000009", D(2019, 3, 31), id="East Dorset"),
        pytest.param("E07000048", "E10000009", D(2019, 3, 31), id="Christchurch"),
        pytest.param("E07000205", "E10000029", D(2019, 3, 31), id="Suffolk Coastal"),
        pytest.param("E07000163", "E10000023", D(2023, 3, 31), id="Craven (North Yorkshire)"),
        pytest.param("E07000028", "E10000006", D(2023, 3, 31), id="Carlisle (Cumbria)"),
        pytest.param("E07000187", "E10000027", D(2023, 3, 31), id="Mendip (Somerset)"),
        pytest.param("E07000246", "E10000027", D(2023, 3, 31), id="Somerset West and Taunton"),
        pytest.param("E07000150", "E10000021", D(2021, 3, 31), id="Corby (Northamptonshire)"),
    ],
)
def test_a_district_has_its_county_until_its_last_day(district: str, county: str, last_day: D) -> None:
    """The county of an abolished district on its last day, and none the day after."""
    assert geography.county_of(district, last_day) == county
    assert geography.county_of(district, last_day + dt.timedelta(days=1)) is None
    assert district in geography.districts_of(county, last_day)
    assert district not in geography.districts_of(county, last_day + dt.timedelta(days=1))


def test_suffolk_districts_merged_in_2019_keep_the_county() -> None:
    """The East Suffolk and West Suffolk Orders 2018: new districts from 2019-04-01, still in Suffolk."""
    before, after = D(2019, 3, 31), D(2019, 4, 1)
    assert geography.county_of("E07000244", before) is None
    assert geography.county_of("E07000244", after) == "E10000029"
    assert geography.county_of("E07000245", after) == "E10000029"
    assert geography.county_of("E07000200", before) == geography.county_of("E07000200", after) == "E10000029"
    assert len(geography.districts_of("E10000029", before)) == 7
    assert len(geography.districts_of("E10000029", after)) == 5


def test_dorset_became_unitary_in_2019() -> None:
    """The Bournemouth, Dorset and Poole (Structural Changes) Order 2018."""
    assert geography.valid_on("E10000009", D(2019, 3, 31))
    assert not geography.valid_on("E10000009", D(2019, 4, 1))
    assert not geography.valid_on("E06000059", D(2019, 3, 31))
    assert geography.valid_on("E06000059", D(2019, 4, 1))
    assert geography.districts_of("E10000009", D(2019, 4, 1)) == ()
    assert geography.childrens_authority_for("E07000049", D(2019, 3, 31)) == "E10000009"
    assert geography.childrens_authority_for("E06000059", D(2019, 4, 1)) == "E06000059"


@pytest.mark.parametrize(
    ("county", "unitaries"),
    [
        pytest.param("E10000023", {"E06000065"}, id="North Yorkshire"),
        pytest.param("E10000006", {"E06000063", "E06000064"}, id="Cumbria"),
        pytest.param("E10000027", {"E06000066"}, id="Somerset"),
    ],
)
def test_2023_counties_give_way_to_unitaries(county: str, unitaries: set[str]) -> None:
    before, after = D(2023, 3, 31), D(2023, 4, 1)
    assert geography.valid_on(county, before)
    assert not geography.valid_on(county, after)
    assert geography.districts_of(county, before)
    assert geography.districts_of(county, after) == ()
    assert set(ALL[county].successors) == unitaries
    for unitary in unitaries:
        assert not geography.valid_on(unitary, before)
        assert geography.valid_on(unitary, after)
        assert geography.housing_authority_for(unitary, after) == unitary
        assert geography.childrens_authority_for(unitary, after) == unitary


# Successors -----------------------------------------------------------------------------------------
def test_every_successor_chain_ends_in_an_authority_still_in_force() -> None:
    for code, authority in ALL.items():
        if authority.valid.until is None:
            continue
        for end in _chain_ends(code):
            assert ALL[end].valid.until is None, (code, end)


def test_a_successor_begins_the_day_after_its_predecessor_ends() -> None:
    for code, authority in ALL.items():
        for successor in authority.successors:
            assert authority.valid.until is not None, code
            assert ALL[successor].valid.since <= authority.valid.until, (code, successor)
            assert ALL[successor].valid_on(authority.valid.until), (code, successor)


def test_successor_on_follows_a_two_step_chain() -> None:
    """Taunton Deane → Somerset West and Taunton (2019) → Somerset (2023)."""
    assert geography.successor_on("E07000190", D(2019, 3, 31)) == ("E07000190", ["E07000190"])
    assert geography.successor_on("E07000190", D(2019, 4, 1)) == ("E07000246", ["E07000246"])
    assert geography.successor_on("E07000190", D(2023, 4, 1)) == ("E06000066", ["E06000066"])


def test_successor_of_a_split_county_follows_the_young_persons_area() -> None:
    """DECISIONS D11: Northamptonshire's duties pass to the unitary whose area contains the young
    person's last known area; with no area the choice is left open."""
    day = D(2021, 4, 1)
    assert geography.successor_on("E10000021", day, "E07000150") == ("E06000061", ["E06000061"])
    assert geography.successor_on("E10000021", day, "E07000154") == ("E06000062", ["E06000062"])
    code, candidates = geography.successor_on("E10000021", day)
    assert code is None
    assert set(candidates) == {"E06000061", "E06000062"}


def test_unknown_codes() -> None:
    assert geography.lookup("E99999999") is None
    assert geography.successor_on("E99999999", D(2020, 1, 1)) == (None, [])
    assert geography.county_of("E99999999", D(2020, 1, 1)) is None
    assert not geography.valid_on("E99999999", D(2020, 1, 1))


def test_codes_outside_england() -> None:
    assert geography.is_outside_england("W06000015")
    assert geography.is_outside_england("S12000036")
    assert geography.is_outside_england("N09000003")
    assert not geography.is_outside_england("E06000001")
    assert not geography.is_outside_england("W06")


# Consistency on every 1 April ------------------------------------------------------------------------
@pytest.mark.parametrize("day", APRIL_FIRSTS, ids=str)
def test_every_district_has_exactly_one_county_in_force(day: D) -> None:
    """On each 1 April 2009-2027 every district in force has a county council in force that day, and
    it is among that county's districts; no district appears under two counties."""
    districts = [a for a in geography.current(day) if a.kind == "district"]
    assert districts
    owners: dict[str, list[str]] = {}
    for county in (a for a in geography.current(day) if a.kind == "county"):
        for district in geography.districts_of(county.code, day):
            owners.setdefault(district, []).append(county.code)
    for district in districts:
        county = geography.county_of(district.code, day)
        assert county is not None, district.code
        assert geography.valid_on(county, day), (district.code, county)
        assert ALL[county].kind == "county", (district.code, county)
        assert owners.get(district.code) == [county], (district.code, owners.get(district.code))
    assert set(owners) == {d.code for d in districts}


@pytest.mark.parametrize("day", APRIL_FIRSTS, ids=str)
def test_every_area_has_one_housing_and_one_childrens_authority(day: D) -> None:
    """Every housing area in force has exactly one children's services authority in force that day."""
    for area in geography.current(day):
        if not area.housing:
            continue
        assert geography.housing_authority_for(area.code, day) == area.code
        childrens = geography.childrens_authority_for(area.code, day)
        assert childrens is not None, area.code
        assert geography.valid_on(childrens, day), (area.code, childrens)
        assert ALL[childrens].childrens, (area.code, childrens)


@pytest.mark.parametrize(
    ("day", "housing", "childrens"),
    [
        (D(2009, 4, 1), 326, 152),
        (D(2019, 4, 1), 317, 151),
        (D(2020, 4, 1), 314, 151),
        (D(2021, 4, 1), 309, 152),
        (D(2023, 4, 1), 296, 153),
    ],
)
def test_counts_match_the_published_totals(day: D, housing: int, childrens: int) -> None:
    """authorities.md: English LADs 326 / 317 / 314 / 309 / 296; DfE children's services authorities."""
    current = list(geography.current(day))
    assert sum(a.housing for a in current) == housing
    assert sum(a.childrens for a in current) == childrens


def test_validity_is_half_open() -> None:
    """The file's ``valid_to`` is inclusive; here the period ends the day after it."""
    corby: Authority = ALL["E07000150"]
    assert corby.valid_on(D(2021, 3, 31))
    assert not corby.valid_on(D(2021, 4, 1))
    assert corby.valid.until == D(2021, 4, 1)
    assert corby.housing and not corby.childrens


def test_describe() -> None:
    assert geography.describe("E10000021") == "Northamptonshire (county)"
    assert geography.describe("E99999999") == "E99999999"
