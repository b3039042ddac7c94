"""Local connection (Housing Act 1996 s199): the worked examples of law/housing.md that concern it
(examples 3, 4, 5, 14 and 16) and the boundaries of each route, day before and day of.

- s199(8)(a)/(b): while an authority in England owes s23C duties (with the s23C(7) extension, not
  s23CZB), a connection with its area, or with every district of a county council's area (D23);
- s199(10)-(11): two continuous years placed under a care order in one district, begun before 16,
  give a connection with that district until 21 (D23);
- s199(1)(a): normal residence of one's own choice by the working tests, not while detained (D24);
- s199(1)(b)-(d): a connection the authority found (``LocalConnectionDecided``).

Also the explanation D23 asks for when time under s20 is why s199(10) gives nothing, and a property
test of ``sustained`` (the working tests computed on periods) against a day-by-day count.

Expected districts come from law/housing.md section 7 and data/authorities.md, not from the code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import hypothesis.strategies as st
from hypothesis import given

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.duties.local_connection import section_20_placements, sustained
from leavingcare.events.base import Event
from leavingcare.periods import Period
from leavingcare.testing import property_settings

D = dt.date
DAY = dt.timedelta(days=1)

KENT = "E10000016"
KENT_DISTRICTS = {f"E07000{n}" for n in range(105, 117)}  # Ashford ... Tunbridge Wells (12)
MAIDSTONE = "E07000110"
MEDWAY = "E06000035"
LANCASHIRE = "E10000017"
LANCASHIRE_DISTRICTS = {f"E07000{n}" for n in range(117, 129)}  # Burnley ... Wyre (12)
PRESTON = "E07000123"
BIRMINGHAM = "E08000025"
STAFFORD = "E07000197"
LICHFIELD = "E07000194"
SUFFOLK = "E10000029"
SUFFOLK_DISTRICTS_2019 = {"E07000200", "E07000202", "E07000203", "E07000244", "E07000245"}
IPSWICH = "E07000202"
DORSET = "E10000009"
DORSET_DISTRICTS = {"E07000048", "E07000049", "E07000050", "E07000051", "E07000052", "E07000053"}
WEST_DORSET = "E07000052"
CHRISTCHURCH = "E07000048"
DORSET_COUNCIL = "E06000059"
BCP = "E06000058"
LEEDS = "E08000035"
CARDIFF = "W06000015"

S8A, S8B, S10, S1A, S1 = "s199(8)(a)", "s199(8)(b)", "s199(10)-(11)", "s199(1)(a), (3)", "s199(1)(b)-(d)"


def _timeline(events: list[Event]) -> lc.Timeline:
    return lc.timeline(lc.History.of(events))


def _connections(timeline: lc.Timeline, on: dt.date) -> dict[str, str]:
    """Each area a local connection holds with on ``on``, with the provision cited."""
    found = timeline.at(on).of_kind("local_connection")
    areas = Counter(f.to for f in found)
    assert all(n == 1 for n in areas.values()), f"one finding per area and day expected: {found}"
    return {f.to: f.citation.provision for f in found if f.to is not None}


def _looked_after(
    born: dt.date,
    started: dt.date,
    ended: dt.date,
    authority: str,
    area: str,
    legal_status: str = "C2",
) -> list[Event]:
    """Born on ``born``; looked after by ``authority`` in foster care in ``area`` from ``started`` to ``ended``."""
    return [
        ev.Born(on=born),
        ev.CareStarted(on=started, authority=authority, legal_status=legal_status, placement="U4", area=area),
        ev.CareEnded(on=ended, reason="E8"),
    ]


# Example 3: a county council owes s23C ----------------------------------------------------------


def _example_3(area: str = MAIDSTONE) -> lc.Timeline:
    """Born 2004-06-10; looked after by Kent from 14 until the 18th birthday; applies to Maidstone at 20."""
    return _timeline(
        [
            *_looked_after(D(2004, 6, 10), D(2019, 1, 7), D(2022, 6, 10), KENT, area),
            ev.HomelessnessApplication(on=D(2024, 9, 1), application="A1", authority=MAIDSTONE, appears_homeless=True),
        ]
    )


def test_example_3_s199_8_b_kent_care_leaver_connected_with_every_kent_district() -> None:
    """housing.md example 3; HA 1996 s199(8)(b): Kent CC owes s23C duties and is a county council, so
    on the application date the care leaver has a local connection with every Kent district, Maidstone
    included."""
    connections = _connections(_example_3(), D(2024, 9, 1))
    assert set(connections) == KENT_DISTRICTS
    assert connections[MAIDSTONE] == S8B


def test_example_3_s199_8_no_connection_with_medway_a_unitary_outside_kent() -> None:
    """housing.md example 3 and section 2 (two-tier mapping); HA 1996 s199(8)(b): Medway is a unitary,
    not in Kent County Council's area, so s199(8) gives no connection with it."""
    assert MEDWAY not in _connections(_example_3(), D(2024, 9, 1))


def test_example_3_medway_connection_only_on_other_facts() -> None:
    """housing.md example 3 ("they might still have one on other facts"); HA 1996 s199(10)-(11): placed
    by Kent in Medway under a care order from 14, the connection with Medway comes from s199(10), not
    s199(8), and Medway is still not among the s199(8)(b) districts."""
    connections = _connections(_example_3(area=MEDWAY), D(2024, 9, 1))
    assert connections[MEDWAY] == S10
    assert {a for a, p in connections.items() if p == S8B} == KENT_DISTRICTS


def test_s199_8_ends_with_the_core_s23c_duties_on_the_21st_birthday() -> None:
    """HA 1996 s199(8); CA 1989 s23C(6): without a programme under s23C(7), the s23C duties end on the
    21st birthday (2025-06-10), and the s199(8)(b) connection with them."""
    timeline = _example_3()
    assert _connections(timeline, D(2025, 6, 9))[MAIDSTONE] == S8B
    assert _connections(timeline, D(2025, 6, 10)) == {}


def test_s199_8_starts_with_s23c_on_the_18th_birthday_not_for_a_relevant_child() -> None:
    """HA 1996 s199(8); CA 1989 s23A, s23B, s23C(1)(a) (housing.md section 2, "who qualifies"): a relevant
    child of 16 or 17 is owed s23B duties, not s23C, so no s199(8) connection arises until the 18th
    birthday, when s23C starts."""
    timeline = _timeline(_looked_after(D(2004, 6, 10), D(2019, 1, 7), D(2021, 9, 1), KENT, LEEDS, "V2"))
    assert timeline.at(D(2022, 6, 9)).owes("relevant_child", by=KENT)
    assert _connections(timeline, D(2022, 6, 9)) == {}
    assert set(_connections(timeline, D(2022, 6, 10))) == KENT_DISTRICTS


def test_s199_8_commenced_on_3_april_2018() -> None:
    """HA 1996 s199(8), inserted by the Homelessness Reduction Act 2017 s8 from 2018-04-03 (SI 2018/167):
    a former relevant child of Kent since 2017 has no s199(8) connection the day before commencement."""
    timeline = _timeline(_looked_after(D(1999, 1, 10), D(2015, 1, 5), D(2017, 1, 10), KENT, LEEDS, "V2"))
    assert _connections(timeline, D(2018, 4, 2)) == {}
    assert set(_connections(timeline, D(2018, 4, 3))) == KENT_DISTRICTS


def test_qualifying_person_has_no_s199_8_connection() -> None:
    """HA 1996 s199(8); CA 1989 s24 (housing.md section 2): looked after for less than 13 weeks after
    16, the young person is a qualifying person, owed no s23C duty, so no s199(8) connection arises."""
    timeline = _timeline(_looked_after(D(2004, 6, 10), D(2021, 1, 4), D(2021, 3, 1), KENT, LEEDS, "V2"))
    assert timeline.at(D(2022, 7, 1)).owes("qualifying_person")
    assert _connections(timeline, D(2022, 7, 1)) == {}


# Example 4: is s23C still owed at 22? -----------------------------------------------------------


def _example_4(*more: Event) -> lc.Timeline:
    """Born 2002-05-01; looked after by Lancashire in Preston from 14 until 18; applies at 22."""
    return _timeline(
        [
            *_looked_after(D(2002, 5, 1), D(2016, 6, 6), D(2020, 5, 1), LANCASHIRE, PRESTON),
            ev.HomelessnessApplication(on=D(2024, 8, 1), application="A1", authority=PRESTON, appears_homeless=True),
            *more,
        ]
    )


def test_example_4_no_s199_8_connection_at_22_without_a_programme() -> None:
    """housing.md example 4; HA 1996 s199(8), (10)-(11); CA 1989 s23C(6): core s23C duties ended at 21
    (2023-05-01), so at 22 there is no s199(8) connection; the placement connection (s199(10)) ended at 21
    too."""
    timeline = _example_4()
    assert _connections(timeline, D(2023, 4, 30))[PRESTON] == S8B
    assert _connections(timeline, D(2023, 5, 1)) == {}
    assert _connections(timeline, D(2024, 8, 1)) == {}


def test_example_4_s23czb_adviser_on_request_gives_no_connection() -> None:
    """housing.md example 4 (literal reading, flagged) and DECISIONS D23; HA 1996 s199(8); CA 1989 s23CZB:
    a personal adviser on request from 21 is owed under s23CZB, not s23C, so no connection arises."""
    timeline = _example_4(ev.SupportRequested(on=D(2024, 6, 3)))
    assert timeline.at(D(2024, 8, 1)).owes("personal_adviser", by=LANCASHIRE)
    assert _connections(timeline, D(2024, 8, 1)) == {}


def test_example_4_s23c_7_programme_keeps_every_lancashire_district() -> None:
    """housing.md example 4; HA 1996 s199(8)(b); CA 1989 s23C(7) (D12, D23): in a programme set out in the
    pathway plan begun before 21, s23C duties are still owed at 22, so every Lancashire district, Preston
    included, is connected until the programme ends."""
    timeline = _example_4(
        ev.EducationStarted(
            on=D(2022, 9, 12), level="further", full_time=True, in_pathway_plan=True, term_time_accommodation=False
        ),
        ev.EducationEnded(on=D(2024, 12, 20)),
    )
    connections = _connections(timeline, D(2024, 8, 1))
    assert set(connections) == LANCASHIRE_DISTRICTS
    assert connections[PRESTON] == S8B
    assert PRESTON in _connections(timeline, D(2024, 12, 19))
    assert _connections(timeline, D(2024, 12, 20)) == {}


# Example 5: placement residence -----------------------------------------------------------------


def _example_5() -> lc.Timeline:
    """Born 2001-09-01; placed by Birmingham under a care order in Stafford from 2012-01-01 to 2016-06-30,
    then in Birmingham until the 18th birthday."""
    return _timeline(
        [
            ev.Born(on=D(2001, 9, 1)),
            ev.CareStarted(on=D(2012, 1, 1), authority=BIRMINGHAM, legal_status="C2", placement="U4", area=STAFFORD),
            ev.CareChanged(on=D(2016, 6, 30), area=BIRMINGHAM),
            ev.CareEnded(on=D(2019, 9, 1), reason="E8"),
        ]
    )


def test_example_5_s199_10_stafford_and_s199_8_a_birmingham() -> None:
    """housing.md example 5; HA 1996 s199(10), s199(8)(a): 4.5 continuous years placed in Stafford under a
    care order, partly before 16, give a connection with Stafford; Birmingham (metropolitan) owes s23C,
    so there is also a connection with Birmingham."""
    connections = _connections(_example_5(), D(2021, 3, 1))
    assert connections == {STAFFORD: S10, BIRMINGHAM: S8A}


def test_example_5_s199_11_placement_connection_lapses_on_the_21st_birthday() -> None:
    """housing.md example 5; HA 1996 s199(11): the s199(10) connection with Stafford lapses on the 21st
    birthday, 2022-09-01."""
    timeline = _example_5()
    assert _connections(timeline, D(2022, 8, 31))[STAFFORD] == S10
    assert STAFFORD not in _connections(timeline, D(2022, 9, 1))


def test_example_5_s199_10_did_not_exist_before_3_april_2018() -> None:
    """housing.md example 5 (an application on 2017-12-01 is pre-HRA); HA 1996 s199(10) inserted from
    2018-04-03: no placement connection the day before commencement, one on the day."""
    timeline = _example_5()
    assert _connections(timeline, D(2017, 12, 1)) == {}
    assert STAFFORD not in _connections(timeline, D(2018, 4, 2))
    assert _connections(timeline, D(2018, 4, 3))[STAFFORD] == S10


PLACEMENT_START = D(2012, 1, 1)


def _placed(until: dt.date, *, started: dt.date = PLACEMENT_START, legal_status: str = "C2") -> lc.Timeline:
    """Born 2001-09-01; placed by Birmingham in Stafford from ``started`` until ``until``, then in
    Lichfield until the 18th birthday."""
    return _timeline(
        [
            ev.Born(on=D(2001, 9, 1)),
            ev.CareStarted(on=started, authority=BIRMINGHAM, legal_status=legal_status, placement="U4", area=STAFFORD),
            ev.CareChanged(on=until, area=LICHFIELD),
            ev.CareEnded(on=D(2019, 9, 1), reason="E8"),
        ]
    )


def test_s199_10_two_continuous_years_exactly_is_enough() -> None:
    """HA 1996 s199(10) ("a continuous period of at least two years"), DECISIONS D23 (start + 2 years <=
    end): placed from 2012-01-01 until 2014-01-01 (exclusive) is two years; a day less is not."""
    assert _connections(_placed(D(2014, 1, 1)), D(2021, 3, 1))[STAFFORD] == S10
    assert STAFFORD not in _connections(_placed(D(2013, 12, 31)), D(2021, 3, 1))


def test_s199_10_period_must_begin_before_the_16th_birthday() -> None:
    """HA 1996 s199(10) ("some or all of which falls before the person attains 16"), D23: a placement
    beginning the day before the 16th birthday (2017-09-01) counts; one beginning on it does not."""
    before = _placed(D(2019, 8, 31), started=D(2017, 8, 31))
    on = _placed(D(2019, 8, 31), started=D(2017, 9, 1))
    assert _connections(before, D(2019, 9, 30))[STAFFORD] == S10
    assert STAFFORD not in _connections(on, D(2019, 9, 30))


def test_s199_10_two_years_count_from_when_they_are_complete() -> None:
    """HA 1996 s199(10): the connection starts on the day the two years are complete (2019-08-31 for a
    placement from 2017-08-31), not before."""
    timeline = _placed(D(2019, 8, 31), started=D(2017, 8, 31))
    assert STAFFORD not in _connections(timeline, D(2019, 8, 30))
    assert _connections(timeline, D(2019, 8, 31))[STAFFORD] == S10


def test_s199_10_section_20_accommodation_does_not_count() -> None:
    """HA 1996 s199(10) (accommodation under CA 1989 s22A, children in care), DECISIONS D23: the same
    4.5 years in Stafford accommodated under s20 (V2) give no connection with Stafford."""
    assert STAFFORD not in _connections(_placed(D(2016, 6, 30), legal_status="V2"), D(2021, 3, 1))


def _section_20_lines(events: list[Event], on: dt.date) -> list[str]:
    return section_20_placements(lc.History.of(events).facts, lc.default_law(), on)


def _stafford(legal_status: str, *, changed: str | None = None) -> list[Event]:
    """Born 2001-09-01; placed by Birmingham in Stafford from 2012-01-01 to 2016-06-30 with
    ``legal_status`` (changed to ``changed`` on 2015-01-01), then in Lichfield under a care order."""
    events: list[Event] = [
        ev.Born(on=D(2001, 9, 1)),
        ev.CareStarted(
            on=D(2012, 1, 1), authority=BIRMINGHAM, legal_status=legal_status, placement="U4", area=STAFFORD
        ),
        ev.CareChanged(on=D(2016, 6, 30), area=LICHFIELD, legal_status="C2"),
        ev.CareEnded(on=D(2019, 9, 1), reason="E8"),
    ]
    if changed:
        events.insert(2, ev.CareChanged(on=D(2015, 1, 1), legal_status=changed))
    return events


def test_s199_10_explanation_says_when_section_20_time_is_why_no_connection_arises() -> None:
    """DECISIONS D23 ("say so in the explanation when it is the reason no connection arises"): the Stafford
    placement under s20 would have given a connection but for its legal status, and the explanation says so;
    under a care order there is a connection and nothing to explain."""
    [line] = _section_20_lines(_stafford("V2"), D(2021, 3, 1))
    assert STAFFORD in line and "s20" in line and "s199(10)" in line
    assert _section_20_lines(_stafford("C2"), D(2021, 3, 1)) == []
    kent = _looked_after(D(2004, 6, 10), D(2019, 1, 7), D(2022, 6, 10), KENT, MAIDSTONE)
    assert _section_20_lines(kent, D(2024, 9, 1)) == []  # s199(8)(b) is cited, s199(10) also holds


def test_s199_10_explanation_for_a_placement_only_partly_under_section_20() -> None:
    """D23: three years under s20 then 18 months under a care order in the same district: the care order
    alone is short of two years, so s20 time is the reason; explained until the 21st birthday only."""
    events = _stafford("V2", changed="C2")
    assert STAFFORD not in _connections(_timeline(events), D(2021, 3, 1))
    assert len(_section_20_lines(events, D(2022, 8, 31))) == 1
    assert _section_20_lines(events, D(2022, 9, 1)) == []


def _example_14() -> lc.Timeline:
    """housing.md example 14: born 2005-06-01; applies to Ipswich at 17 on 2022-10-01; accommodated by Suffolk
    under s20 in Ipswich from 2022-10-05 until the 18th birthday, 2023-06-01."""
    return _timeline(
        [
            ev.Born(on=D(2005, 6, 1)),
            ev.HomelessnessApplication(on=D(2022, 10, 1), application="A1", authority=IPSWICH, appears_homeless=True),
            ev.CareStarted(on=D(2022, 10, 5), authority=SUFFOLK, legal_status="V2", placement="U4", area=IPSWICH),
            ev.CareEnded(on=D(2023, 6, 1), reason="E8"),
        ]
    )


def test_example_14_s199_8_b_leaving_care_at_18_every_suffolk_district() -> None:
    """housing.md example 14 (last point); HA 1996 s199(8)(b); CA 1989 s23C(1)(b): leaving care at 18 after
    13 weeks, the young person is a former relevant child of Suffolk CC, a county council, so from the 18th
    birthday there is a local connection with every Suffolk district; the day before, while still looked
    after, none."""
    timeline = _example_14()
    assert timeline.at(D(2023, 6, 1)).owes("former_relevant_child", by=SUFFOLK)
    assert _connections(timeline, D(2023, 5, 31)) == {}
    assert _connections(timeline, D(2023, 6, 1)) == dict.fromkeys(SUFFOLK_DISTRICTS_2019, S8B)


def test_s199_10_two_years_split_between_two_districts_do_not_count() -> None:
    """housing.md section 2 ("s199(10) needs continuity in one district"): a year in Stafford and a year
    in Lichfield give no s199(10) connection with either."""
    timeline = _timeline(
        [
            ev.Born(on=D(2001, 9, 1)),
            ev.CareStarted(on=D(2014, 1, 6), authority=BIRMINGHAM, legal_status="C2", placement="U4", area=STAFFORD),
            ev.CareChanged(on=D(2015, 1, 6), area=LICHFIELD),
            ev.CareChanged(on=D(2016, 1, 6), area=BIRMINGHAM),
            ev.CareEnded(on=D(2016, 9, 1), reason="E8"),
        ]
    )
    connections = _connections(timeline, D(2018, 6, 1))
    assert STAFFORD not in connections and LICHFIELD not in connections


def test_s199_10_one_placement_across_care_order_statuses_is_continuous() -> None:
    """HA 1996 s199(10); D23 (C1, C2, D1 and E1 all count): an interim care order (C1) followed by a full
    care order (C2) in the same district is one continuous period."""
    timeline = _timeline(
        [
            ev.Born(on=D(2001, 9, 1)),
            ev.CareStarted(on=D(2013, 3, 4), authority=BIRMINGHAM, legal_status="C1", placement="U4", area=STAFFORD),
            ev.CareChanged(on=D(2014, 3, 4), legal_status="C2"),
            ev.CareChanged(on=D(2015, 3, 4), area=LICHFIELD),
            ev.CareEnded(on=D(2019, 9, 1), reason="E8"),
        ]
    )
    assert _connections(timeline, D(2021, 3, 1))[STAFFORD] == S10


def test_s199_10_placement_outside_england_gives_no_connection() -> None:
    """HA 1996 s199(10) (a district of a local housing authority in England): years placed in Cardiff
    give no connection with Cardiff."""
    timeline = _timeline(_looked_after(D(2001, 9, 1), D(2012, 1, 1), D(2019, 9, 1), BIRMINGHAM, CARDIFF))
    assert _connections(timeline, D(2021, 3, 1)) == {BIRMINGHAM: S8A}


# Example 16: Dorset reorganisation (more in test_reorganisation.py) ------------------------------


def _example_16(area: str) -> lc.Timeline:
    """Born 2000-01-10; looked after by Dorset CC in ``area`` until the 18th birthday."""
    return _timeline(_looked_after(D(2000, 1, 10), D(2014, 1, 6), D(2018, 1, 10), DORSET, area))


def test_example_16_before_reorganisation_every_dorset_district_christchurch_included() -> None:
    """housing.md example 16; HA 1996 s199(8)(b): aged 19 and owed s23C by Dorset CC, applying to West
    Dorset on 2019-03-15, the care leaver is connected with every Dorset district, Christchurch included."""
    connections = _connections(_example_16(WEST_DORSET), D(2019, 3, 15))
    assert {a for a, p in connections.items() if p == S8B} == DORSET_DISTRICTS


def test_example_16_after_reorganisation_only_the_successor_unitary() -> None:
    """housing.md example 16; HA 1996 s199(8)(a); DECISIONS D11: on 2019-06-01 Dorset CC is abolished and
    its s23C duty sits with the successor whose area holds the last known area: Dorset Council for West
    Dorset, BCP for Christchurch. The connection is with that unitary only."""
    west = _connections(_example_16(WEST_DORSET), D(2019, 6, 1))
    christchurch = _connections(_example_16(CHRISTCHURCH), D(2019, 6, 1))
    assert {a for a, p in west.items() if p in (S8A, S8B)} == {DORSET_COUNCIL}
    assert {a for a, p in christchurch.items() if p in (S8A, S8B)} == {BCP}


# s199(1)(a): normal residence by the working tests ----------------------------------------------


def _resident(*more: Event) -> lc.Timeline:
    """Born 1995-02-01, never in care; moves to a private tenancy in Leeds on 2023-01-02."""
    return _timeline(
        [
            ev.Born(on=D(1995, 2, 1)),
            ev.Moved(on=D(2023, 1, 2), area=LEEDS, arrangement="private_tenancy"),
            *more,
        ]
    )


def test_s199_1_a_six_of_the_last_twelve_months() -> None:
    """HA 1996 s199(1)(a); Local Authorities' Agreement working test (6 of the last 12 months, counted as
    183 of the last 365 days): connected with Leeds from 2023-07-04, the 184th day after moving in."""
    timeline = _resident()
    assert LEEDS not in _connections(timeline, D(2023, 7, 3))
    assert _connections(timeline, D(2023, 7, 4))[LEEDS] == S1A


def test_s199_1_a_three_of_the_last_five_years_after_moving_away() -> None:
    """HA 1996 s199(1)(a) ("is, or in the past was, normally resident"); working test 3 of the last 5 years
    (1096 of the last 1826 days): after four years in Leeds and a move to Birmingham on 2027-01-04, the
    connection with Leeds lasts while Leeds still fills 1096 of the last 1826 days."""
    timeline = _resident(ev.Moved(on=D(2027, 1, 4), area=BIRMINGHAM, arrangement="private_tenancy"))
    # On day X the last 1826 days are [X - 1826, X); Leeds covers [X - 1826, 2027-01-04) of them, at
    # least 1096 while X <= 2027-01-04 - 1096 + 1826 = 2029-01-03.
    assert _connections(timeline, D(2029, 1, 3))[LEEDS] == S1A
    assert LEEDS not in _connections(timeline, D(2029, 1, 4))


def test_s199_3_b_residence_while_detained_is_not_of_own_choice() -> None:
    """HA 1996 s199(3)(b); DECISIONS D24: days in custody do not count as residence, so three months of
    custody push the six-months test back by the same number of days."""
    timeline = _resident(
        ev.CustodyStarted(on=D(2023, 2, 1), remand=False),
        ev.CustodyEnded(on=D(2023, 5, 2)),
    )
    # 90 days in custody: 183 days of residence are complete on 2023-07-04 + 90 days = 2023-10-02.
    assert LEEDS not in _connections(timeline, D(2023, 10, 1))
    assert _connections(timeline, D(2023, 10, 2))[LEEDS] == S1A


# s199(1)(b)-(d): the authority's own finding ----------------------------------------------------


def _decided(*decisions: Event) -> lc.Timeline:
    return _timeline(
        [
            ev.Born(on=D(1995, 2, 1)),
            ev.HomelessnessApplication(on=D(2019, 2, 1), application="A1", authority=LEEDS, appears_homeless=True),
            *decisions,
        ]
    )


def test_s199_1_b_connection_found_by_the_authority_until_it_finds_otherwise() -> None:
    """HA 1996 s199(1)(b): an employment connection found on 2019-02-11 holds from that day until a later
    decision for the same area finds none."""
    timeline = _decided(
        ev.LocalConnectionDecided(on=D(2019, 2, 11), application="A1", area=LEEDS, ground="employment", connected=True),
        ev.LocalConnectionDecided(on=D(2019, 8, 1), application="A1", area=LEEDS, ground="employment", connected=False),
    )
    assert LEEDS not in _connections(timeline, D(2019, 2, 10))
    assert _connections(timeline, D(2019, 2, 11))[LEEDS] == S1
    assert _connections(timeline, D(2019, 7, 31))[LEEDS] == S1
    assert LEEDS not in _connections(timeline, D(2019, 8, 1))


def test_s199_1_d_found_connection_with_an_abolished_district_passes_to_its_successor() -> None:
    """HA 1996 s199(1)(d); DECISIONS D11: a connection found with West Dorset on 2019-03-01 is, from the
    district's abolition on 2019-04-01, a connection with Dorset Council, which took over its area."""
    timeline = _decided(
        ev.LocalConnectionDecided(
            on=D(2019, 3, 1), application="A1", area=WEST_DORSET, ground="special_circumstances", connected=True
        )
    )
    assert _connections(timeline, D(2019, 3, 31)) == {WEST_DORSET: S1}
    assert _connections(timeline, D(2019, 4, 1)) == {DORSET_COUNCIL: S1}


# sustained(): the exact sliding window ----------------------------------------------------------

BASE = D(2020, 1, 1)


@st.composite
def _spans(draw: st.DrawFn) -> list[Period]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        start = BASE + DAY * draw(st.integers(0, 60))
        length = draw(st.one_of(st.none(), st.integers(1, 30)))
        out.append(Period(start, None if length is None else start + DAY * length))
    return out


def _covered_days(periods: list[Period], day: dt.date, window: int) -> int:
    """Brute force: how many of the ``window`` days before ``day`` some period covers."""
    return sum(1 for k in range(1, window + 1) if any(day - DAY * k in p for p in periods))


@property_settings(200)
@given(_spans(), st.integers(1, 20), st.integers(1, 24))
def test_sustained_agrees_with_a_brute_force_day_count(periods: list[Period], window: int, needed: int) -> None:
    """``sustained`` (the LGA working tests of s199(1)(a) computed on periods) holds exactly on the days on
    which at least ``needed`` of the ``window`` days before are covered, checked day by day; after the last
    day checked the count no longer changes, and the answer is open-ended exactly when it is met there."""
    result = sustained(periods, window, needed)
    first, last = BASE - DAY * 2, BASE + DAY * (60 + 30 + window + 3)
    day = first
    while day <= last:
        expected = _covered_days(periods, day, window) >= needed
        assert any(day in p for p in result) == expected, (day, result)
        day += DAY
    assert all(p.until is None or p.until <= last for p in result)
    tail = any(p.until is None for p in result)
    assert tail == (_covered_days(periods, last, window) >= needed)
