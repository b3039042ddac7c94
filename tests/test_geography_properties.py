"""Properties of the packaged authorities dataset (data/authorities.md, "What the table is" and
"Consistency checks"), checked over every row and on every 1 April from 2009 to 2027, the day
reorganisations take effect.
"""

from __future__ import annotations

import datetime as dt

import pytest

from leavingcare import geography

APRIL_FIRSTS = [dt.date(year, 4, 1) for year in range(2009, 2028)]
PLACEHOLDERS = {"TBC-EAST-SURREY", "TBC-WEST-SURREY"}
KINDS = {"county", "district", "unitary", "metropolitan", "london_borough", "isles_of_scilly"}


def _current(authority: geography.Authority) -> bool:
    """Still in force with no end recorded (the Surrey placeholders are rows of this kind)."""
    return authority.valid.until is None


def test_the_dataset_has_its_documented_rows() -> None:
    """authorities.md: 420 rows, one per code, of the six kinds; the two Surrey placeholders among them."""
    rows = geography.authorities()
    assert len(rows) == 420
    assert {a.kind for a in rows.values()} == KINDS
    assert set(rows) >= PLACEHOLDERS


@pytest.mark.parametrize("day", APRIL_FIRSTS, ids=str)
def test_each_district_has_exactly_one_county_in_force_that_day(day: dt.date) -> None:
    """authorities.md (county_code: the county council of the district while the row was valid; "no district
    outlives its county"): on each 1 April every district in force belongs to exactly one county in force
    that day, and is listed among that county's districts and no other's."""
    counties = [a for a in geography.current(day) if a.kind == "county"]
    listed: dict[str, list[str]] = {}
    for county in counties:
        for district in geography.districts_of(county.code, day):
            listed.setdefault(district, []).append(county.code)
    for district in (a for a in geography.current(day) if a.kind == "district"):
        county = geography.county_of(district.code, day)
        council = geography.lookup(county or "")
        assert council is not None and council.kind == "county" and council.valid_on(day), (day, district.code)
        assert listed.get(district.code) == [council.code], (day, district.code, listed.get(district.code))
    assert set(listed) == {a.code for a in geography.current(day) if a.kind == "district"}


@pytest.mark.parametrize("day", APRIL_FIRSTS, ids=str)
def test_no_code_is_in_force_together_with_its_successor(day: dt.date) -> None:
    """authorities.md ("each successor's valid_from is the day after its predecessor's valid_to"): on each
    1 April no authority in force has a successor also in force that day."""
    for authority in geography.current(day):
        for successor in authority.successors:
            assert not geography.valid_on(successor, day), (day, authority.code, successor)


def test_no_code_is_both_current_and_abolished() -> None:
    """authorities.md (empty valid_to: still current; successor_codes: who took over): a row with no end
    has no successors, and a row with successors has an end; each successor starts the day after."""
    for authority in geography.authorities().values():
        assert _current(authority) == (not authority.successors), authority.code
        for code in authority.successors:
            successor = geography.lookup(code)
            assert successor is not None, (authority.code, code)
            assert successor.valid.since == authority.valid.until, (authority.code, code)


def test_every_successor_chain_ends_in_a_current_authority() -> None:
    """authorities.md ("every successor and county code exists"; Surrey placeholders count as current):
    following every branch of successor_codes from any row ends, without a loop, in current rows."""
    rows = geography.authorities()
    for start in rows.values():
        stack: list[tuple[str, frozenset[str]]] = [(start.code, frozenset())]
        while stack:
            code, seen = stack.pop()
            assert code not in seen, ("loop", start.code, code)
            authority = rows.get(code)
            assert authority is not None, (start.code, code)
            if authority.successors:
                stack += [(s, seen | {code}) for s in authority.successors]
            else:
                assert _current(authority) or code in PLACEHOLDERS, (start.code, code)


def test_county_codes_name_counties() -> None:
    """authorities.md (county_code: filled only for district rows, always an E10 county council)."""
    for authority in geography.authorities().values():
        if authority.kind == "district":
            county = geography.lookup(authority.county or "")
            assert county is not None and county.kind == "county", authority.code
        else:
            assert authority.county is None, authority.code
