"""Local government reorganisations inside the window (law/housing.md section 7 and example 16;
data/authorities.md "Changes recorded"; DECISIONS D11, D23).

Each change takes effect at the start of 1 April; the old council's last day is 31 March. Checked on
both days: a code in events, a county's districts (from the geography and from s199(8)(b) local
connection findings), and the successor that carries a care leaver's duties. Expected codes are those
the reference documents list, not ones computed by the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare import geography
from leavingcare.events.base import Event

D = dt.date
EVE_2019, DAY_2019 = D(2019, 3, 31), D(2019, 4, 1)
EVE_2023, DAY_2023 = D(2023, 3, 31), D(2023, 4, 1)
LEEDS = "E08000035"

DORSET = "E10000009"
DORSET_2019 = {
    "E07000048",  # Christchurch
    "E07000049",  # East Dorset
    "E07000050",  # North Dorset
    "E07000051",  # Purbeck
    "E07000052",  # West Dorset
    "E07000053",  # Weymouth and Portland
}
CHRISTCHURCH, WEST_DORSET = "E07000048", "E07000052"
DORSET_COUNCIL, BCP = "E06000059", "E06000058"

SUFFOLK = "E10000029"
SUFFOLK_BEFORE = {
    "E07000200",  # Babergh
    "E07000201",  # Forest Heath
    "E07000202",  # Ipswich
    "E07000203",  # Mid Suffolk
    "E07000204",  # St Edmundsbury
    "E07000205",  # Suffolk Coastal
    "E07000206",  # Waveney
}
SUFFOLK_AFTER = {"E07000200", "E07000202", "E07000203", "E07000244", "E07000245"}  # + East and West Suffolk
IPSWICH, FOREST_HEATH, WEST_SUFFOLK = "E07000202", "E07000201", "E07000245"

NORTH_YORKSHIRE = "E10000023"
NORTH_YORKSHIRE_DISTRICTS = {f"E07000{n}" for n in range(163, 170)}  # Craven ... Selby (7)
HARROGATE, NORTH_YORKSHIRE_COUNCIL = "E07000165", "E06000065"

CUMBRIA = "E10000006"
CUMBRIA_DISTRICTS = {f"E07000{n:03d}" for n in range(26, 32)}  # Allerdale ... South Lakeland (6)
CARLISLE, BARROW, EDEN = "E07000028", "E07000027", "E07000030"
CUMBERLAND, WESTMORLAND_AND_FURNESS = "E06000063", "E06000064"

SOMERSET = "E10000027"
SOMERSET_2019_BEFORE = {"E07000187", "E07000188", "E07000189", "E07000190", "E07000191"}
SOMERSET_2019_AFTER = {"E07000187", "E07000188", "E07000189", "E07000246"}  # + Somerset West and Taunton
MENDIP, TAUNTON_DEANE, SOMERSET_WEST_AND_TAUNTON, SOMERSET_COUNCIL = "E07000187", "E07000190", "E07000246", "E06000066"

CARE_LEAVER_CONNECTIONS = ("s199(8)(a)", "s199(8)(b)")


def _moved(on: dt.date, area: str) -> list[Event]:
    return [ev.Born(on=D(2000, 1, 10)), ev.Moved(on=on, area=area, arrangement="private_tenancy")]


def _care_leaver(authority: str, area: str, born: dt.date, *more: Event) -> lc.Timeline:
    """Looked after by ``authority`` in ``area`` from 14 until the 18th birthday: a former relevant child."""
    return lc.timeline(
        lc.History.of(
            [
                ev.Born(on=born),
                ev.CareStarted(
                    on=D(born.year + 14, 3, 3), authority=authority, legal_status="C2", placement="U4", area=area
                ),
                ev.CareEnded(on=D(born.year + 18, born.month, born.day), reason="E8"),
                *more,
            ]
        )
    )


def _in_2019(authority: str, area: str) -> lc.Timeline:
    """Born 2000-01-10: aged 19 at the 2019 reorganisations."""
    return _care_leaver(authority, area, D(2000, 1, 10))


def _in_2023(authority: str, area: str, *more: Event) -> lc.Timeline:
    """Born 2004-05-01: aged 18 at the 2023 reorganisations."""
    return _care_leaver(authority, area, D(2004, 5, 1), *more)


def _s199_8(timeline: lc.Timeline, on: dt.date) -> set[str]:
    """The areas connected on ``on`` under s199(8) (care leavers owed s23C duties)."""
    return {
        f.to
        for f in timeline.at(on).of_kind("local_connection")
        if f.citation.provision in CARE_LEAVER_CONNECTIONS and f.to is not None
    }


def _advisers(timeline: lc.Timeline, on: dt.date) -> list[str | None]:
    return [f.by for f in timeline.at(on).of_kind("personal_adviser")]


# A district the day before and the day of its abolition ----------------------------------------


def test_christchurch_in_force_on_31_march_2019_not_on_1_april() -> None:
    """authorities.md (Bournemouth, Dorset and Poole (Structural Changes) Order 2018): Christchurch's last
    day is 2019-03-31; BCP is in force from 2019-04-01."""
    assert geography.valid_on(CHRISTCHURCH, EVE_2019)
    assert not geography.valid_on(CHRISTCHURCH, DAY_2019)
    assert not geography.valid_on(BCP, EVE_2019)
    assert geography.valid_on(BCP, DAY_2019)


def test_event_naming_an_abolished_district_is_rejected_with_its_successor() -> None:
    """DESIGN section 5 (codes valid on the event's date): a move to Christchurch on 2019-03-31 is accepted;
    on 2019-04-01 it is rejected as an unknown code, and the message names BCP, its successor."""
    lc.History.of(_moved(EVE_2019, CHRISTCHURCH))
    with pytest.raises(lc.UnknownCode, match=BCP):
        lc.History.of(_moved(DAY_2019, CHRISTCHURCH))


def test_jsonl_line_naming_an_abolished_district_names_the_line_and_the_successor() -> None:
    """DESIGN section 5; STYLE "errors say what and where": the JSONL line of a move to Forest Heath on
    2019-04-01 is rejected, naming the line and West Suffolk."""
    lines = [
        '{"type": "Born", "on": "2000-01-10"}',
        '{"type": "Moved", "on": "2019-04-01", "area": "E07000201", "arrangement": "private_tenancy"}',
    ]
    with pytest.raises(lc.UnknownCode) as raised:
        lc.History.from_jsonl(lines)
    assert "line 2" in str(raised.value) and WEST_SUFFOLK in str(raised.value)
    lines[1] = lines[1].replace("2019-04-01", "2019-03-31")
    lc.History.from_jsonl(lines)


def test_district_abolished_twice_names_the_authority_in_force_on_the_date() -> None:
    """authorities.md ("Taunton Deane a two-step chain"): Taunton Deane used on 2019-04-01 points to Somerset
    West and Taunton; used on 2023-04-01, to Somerset Council."""
    with pytest.raises(lc.UnknownCode, match=SOMERSET_WEST_AND_TAUNTON):
        lc.History.of(_moved(DAY_2019, TAUNTON_DEANE))
    with pytest.raises(lc.UnknownCode, match=SOMERSET_COUNCIL):
        lc.History.of(_moved(DAY_2023, TAUNTON_DEANE))


def test_abolished_county_named_as_authority_lists_both_successors() -> None:
    """authorities.md (Cumbria (Structural Changes) Order 2022): Cumbria CC may look after a child on
    2023-03-31; from 2023-04-01 the code is rejected naming Cumberland and Westmorland and Furness."""

    def started(on: dt.date) -> list[Event]:
        return [
            ev.Born(on=D(2010, 1, 1)),
            ev.CareStarted(on=on, authority=CUMBRIA, legal_status="C2", placement="U4", area=CARLISLE),
        ]

    lc.History.of(started(EVE_2023))
    with pytest.raises(lc.UnknownCode) as raised:
        lc.History.of(started(DAY_2023))
    assert CUMBERLAND in str(raised.value) and WESTMORLAND_AND_FURNESS in str(raised.value)


def test_successor_named_before_it_exists_is_rejected() -> None:
    """authorities.md: BCP's code is operative from 2019-04-01, so a move there on 2019-03-31 is rejected."""
    with pytest.raises(lc.UnknownCode, match="2019-04-01"):
        lc.History.of(_moved(EVE_2019, BCP))
    lc.History.of(_moved(DAY_2019, BCP))


# A county's districts, from the geography -------------------------------------------------------


@pytest.mark.parametrize(
    ("county", "eve", "day", "before", "after"),
    [
        (DORSET, EVE_2019, DAY_2019, DORSET_2019, set()),
        (SUFFOLK, EVE_2019, DAY_2019, SUFFOLK_BEFORE, SUFFOLK_AFTER),
        (SOMERSET, EVE_2019, DAY_2019, SOMERSET_2019_BEFORE, SOMERSET_2019_AFTER),
        (NORTH_YORKSHIRE, EVE_2023, DAY_2023, NORTH_YORKSHIRE_DISTRICTS, set()),
        (CUMBRIA, EVE_2023, DAY_2023, CUMBRIA_DISTRICTS, set()),
        (SOMERSET, EVE_2023, DAY_2023, SOMERSET_2019_AFTER, set()),
    ],
)
def test_county_districts_the_day_before_and_the_day_of_a_reorganisation(
    county: str, eve: dt.date, day: dt.date, before: set[str], after: set[str]
) -> None:
    """housing.md section 7 ("a county's area at the date in question"); authorities.md: the districts
    of each county on 31 March and on 1 April of its reorganisation."""
    assert set(geography.districts_of(county, eve)) == before
    assert set(geography.districts_of(county, day)) == after
    assert geography.valid_on(county, eve)
    assert geography.valid_on(county, day) == (county in (SUFFOLK, SOMERSET) and day == DAY_2019)


def test_district_county_and_authorities_the_day_before_and_the_day_of() -> None:
    """housing.md section 7 (a district is the housing authority, its county the children's services
    authority; a unitary is both): Christchurch on 2019-03-31, BCP from 2019-04-01."""
    assert geography.county_of(CHRISTCHURCH, EVE_2019) == DORSET
    assert geography.housing_authority_for(CHRISTCHURCH, EVE_2019) == CHRISTCHURCH
    assert geography.childrens_authority_for(CHRISTCHURCH, EVE_2019) == DORSET
    assert geography.county_of(CHRISTCHURCH, DAY_2019) is None
    assert geography.housing_authority_for(CHRISTCHURCH, DAY_2019) is None
    assert geography.housing_authority_for(BCP, DAY_2019) == BCP
    assert geography.childrens_authority_for(BCP, DAY_2019) == BCP


def test_successor_of_a_split_county_is_chosen_by_area() -> None:
    """DECISIONS D11; authorities.md: Dorset CC's successors are Dorset Council and BCP (which took
    Christchurch); the area decides, and without one there is no single answer."""
    assert geography.successor_on(DORSET, DAY_2019, CHRISTCHURCH) == (BCP, [BCP])
    assert geography.successor_on(DORSET, DAY_2019, WEST_DORSET) == (DORSET_COUNCIL, [DORSET_COUNCIL])
    code, candidates = geography.successor_on(DORSET, DAY_2019)
    assert code is None and set(candidates) == {DORSET_COUNCIL, BCP}
    assert geography.successor_on(DORSET, EVE_2019, CHRISTCHURCH) == (DORSET, [DORSET])


# A county's districts, from s199(8)(b) local connection findings --------------------------------


def test_s199_8_b_suffolk_districts_on_31_march_and_1_april_2019() -> None:
    """HA 1996 s199(8)(b); D23 (districts of the county as of the date): a Suffolk care leaver is connected
    with the seven districts on 2019-03-31 and with the five (East and West Suffolk new) on 2019-04-01."""
    timeline = _in_2019(SUFFOLK, IPSWICH)
    assert _s199_8(timeline, EVE_2019) == SUFFOLK_BEFORE
    assert _s199_8(timeline, DAY_2019) == SUFFOLK_AFTER


def test_s199_8_dorset_districts_then_the_successor_unitary() -> None:
    """HA 1996 s199(8)(b) then (8)(a); housing.md example 16; D11: every Dorset district on 2019-03-31;
    on 2019-04-01 only the successor carrying the s23C duty, chosen by the last known area."""
    west = _in_2019(DORSET, WEST_DORSET)
    christchurch = _in_2019(DORSET, CHRISTCHURCH)
    assert _s199_8(west, EVE_2019) == DORSET_2019 == _s199_8(christchurch, EVE_2019)
    assert _s199_8(west, DAY_2019) == {DORSET_COUNCIL}
    assert _s199_8(christchurch, DAY_2019) == {BCP}
    assert {f.citation.provision for f in west.at(DAY_2019).of_kind("local_connection") if f.to == DORSET_COUNCIL} == {
        "s199(8)(a)"
    }


@pytest.mark.parametrize(
    ("county", "area", "before", "after"),
    [
        (NORTH_YORKSHIRE, HARROGATE, NORTH_YORKSHIRE_DISTRICTS, {NORTH_YORKSHIRE_COUNCIL}),
        (CUMBRIA, CARLISLE, CUMBRIA_DISTRICTS, {CUMBERLAND}),
        (CUMBRIA, BARROW, CUMBRIA_DISTRICTS, {WESTMORLAND_AND_FURNESS}),
        (SOMERSET, MENDIP, SOMERSET_2019_AFTER, {SOMERSET_COUNCIL}),
    ],
)
def test_s199_8_districts_on_31_march_and_the_unitary_on_1_april_2023(
    county: str, area: str, before: set[str], after: set[str]
) -> None:
    """HA 1996 s199(8)(b) then (8)(a); D11, D23: on 2023-03-31 every district of the county; on 2023-04-01
    the unitary that carries the s23C duty (for Cumbria, by the last known area)."""
    timeline = _in_2023(county, area)
    assert _s199_8(timeline, EVE_2023) == before
    assert _s199_8(timeline, DAY_2023) == after


# Duties pass to the successor (D11) -------------------------------------------------------------


def test_personal_adviser_passes_to_the_successor_containing_the_last_known_area() -> None:
    """CA 1989 s23C(3)(a), s23A(4); DECISIONS D11: owed by Cumbria CC on 2023-03-31 and, from 2023-04-01,
    by Cumberland for a care leaver placed in Carlisle, by Westmorland and Furness for one placed in
    Barrow; the handed-over finding says why."""
    carlisle = _in_2023(CUMBRIA, CARLISLE)
    barrow = _in_2023(CUMBRIA, BARROW)
    assert _advisers(carlisle, EVE_2023) == [CUMBRIA] == _advisers(barrow, EVE_2023)
    assert _advisers(carlisle, DAY_2023) == [CUMBERLAND]
    assert _advisers(barrow, DAY_2023) == [WESTMORLAND_AND_FURNESS]
    [handed] = carlisle.at(DAY_2023).of_kind("personal_adviser")
    assert handed.since == DAY_2023
    assert any("D11" in r.text and CUMBERLAND in r.text for r in handed.because)
    assert not any(c.code == "successor_unclear" for c in carlisle.concerns)


def test_last_known_area_is_where_the_young_person_moved_after_care() -> None:
    """DECISIONS D11 ("the young person's last known area"): placed in Leeds, then moved to Eden after
    leaving care, the duties pass to Westmorland and Furness."""
    timeline = _in_2023(CUMBRIA, LEEDS, ev.Moved(on=D(2022, 9, 1), area=EDEN, arrangement="private_tenancy"))
    assert _advisers(timeline, DAY_2023) == [WESTMORLAND_AND_FURNESS]


def test_successor_unclear_when_the_last_known_area_is_outside_the_county() -> None:
    """DECISIONS D11: placed in Leeds, outside Cumbria, the last known area does not decide between the two
    successors: from 2023-04-01 the personal adviser finding has no authority and the Concern
    ``successor_unclear`` holds; neither the day before. No s199(8) connection can be named then."""
    timeline = _in_2023(CUMBRIA, LEEDS)
    assert _advisers(timeline, EVE_2023) == [CUMBRIA]
    assert _advisers(timeline, DAY_2023) == [None]
    unclear = [c for c in timeline.at(DAY_2023).concerns if c.code == "successor_unclear"]
    assert "personal_adviser" in {c.kind for c in unclear}
    assert all(c.citation.provision.startswith("s23A(4)") for c in unclear)
    assert not any(c.code == "successor_unclear" for c in timeline.at(EVE_2023).concerns)
    assert _s199_8(timeline, EVE_2023) == CUMBRIA_DISTRICTS
    assert _s199_8(timeline, DAY_2023) == set()


def test_single_successor_needs_no_area() -> None:
    """DECISIONS D11: North Yorkshire CC has one successor, so a care leaver placed in Leeds passes to North
    Yorkshire Council without a Concern."""
    timeline = _in_2023(NORTH_YORKSHIRE, LEEDS)
    assert _advisers(timeline, DAY_2023) == [NORTH_YORKSHIRE_COUNCIL]
    assert not any(c.code == "successor_unclear" for c in timeline.concerns)


def test_example_16_dorset_personal_adviser_passes_by_area() -> None:
    """housing.md example 16 ("which one is UNVERIFIED"), decided by D11: Dorset CC's duty passes on
    2019-04-01 to Dorset Council for a care leaver placed in West Dorset and to BCP for one placed in
    Christchurch."""
    assert _advisers(_in_2019(DORSET, WEST_DORSET), EVE_2019) == [DORSET]
    assert _advisers(_in_2019(DORSET, WEST_DORSET), DAY_2019) == [DORSET_COUNCIL]
    assert _advisers(_in_2019(DORSET, CHRISTCHURCH), DAY_2019) == [BCP]
