"""Notice of an out-of-district placement (Housing Act 1996 s208(2)-(4); law/housing.md section 1.17 and
example 6; DECISIONS D25).

The placing housing authority owes notice to the housing authority of the district where the
accommodation is (in a two-tier area, the district council, not the county) before the end of the 14
days beginning with the day the accommodation was made available: ``due`` is day 14 (D3). A notice sent
after day 14, or not sent by then, is a Concern.
"""

from __future__ import annotations

import datetime as dt

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date
NEWHAM = "E09000025"
BASILDON = "E07000066"
ESSEX = "E10000012"
MEDWAY = "E06000035"
PLACED = D(2024, 3, 10)
DAY_14 = D(2024, 3, 23)


def _example_6(*more: Event, area: str = BASILDON) -> lc.Timeline:
    """Newham accepts an application on 2024-03-10 and places the household under s188 in ``area`` the same
    day (housing.md example 6)."""
    return lc.timeline(
        lc.History.of(
            [
                ev.Born(on=D(1990, 5, 1)),
                ev.HomelessnessApplication(on=PLACED, application="A1", authority=NEWHAM, appears_homeless=True),
                ev.AccommodationSecured(on=PLACED, application="A1", area=area, under="s188", kind="temporary"),
                *more,
            ]
        )
    )


def _notices(timeline: lc.Timeline, on: dt.date) -> tuple[lc.Finding, ...]:
    return timeline.at(on).of_kind("section_208_notice")


def _concerns(timeline: lc.Timeline, on: dt.date) -> set[str]:
    return {c.code for c in timeline.at(on).concerns if c.kind == "section_208_notice"}


def test_example_6_notice_owed_by_newham_to_basildon_due_on_day_14() -> None:
    """housing.md example 6; HA 1996 s208(2), (4): Newham places under s188 in Basildon on 2024-03-10, so it
    owes notice to Basildon BC (the district, not Essex CC) from that day, due 2024-03-23 (10 + 13)."""
    timeline = _example_6()
    assert not _notices(timeline, D(2024, 3, 9))
    [notice] = _notices(timeline, PLACED)
    assert (notice.by, notice.to) == (NEWHAM, BASILDON)
    assert notice.due == DAY_14
    assert notice.citation.provision == "s208(2)-(4)"
    assert ESSEX not in {f.to for f in timeline.of_kind("section_208_notice")}


def test_example_6_reasons_state_the_function_and_the_date_made_available() -> None:
    """housing.md example 6; HA 1996 s208(3)(d)-(e): the notice must state the date the accommodation was made
    available (2024-03-10) and the function discharged (s188); the finding's reasons say both."""
    [notice] = _notices(_example_6(), PLACED)
    texts = " ".join(r.text for r in notice.because)
    assert "s188" in texts and "2024-03-10" in texts
    assert "which function under Part 7" in texts


def test_example_6_notice_to_the_county_is_not_a_notice_to_a_housing_authority() -> None:
    """housing.md example 6 and section 7 ("notify Basildon BC, not Essex CC"); HA 1996 s208(2), s230: a
    county council is not a local housing authority, so a notice recorded as sent to Essex CC is rejected."""
    with pytest.raises(lc.UnknownCode, match="county"):
        _example_6(ev.Section208NoticeSent(on=D(2024, 3, 12), application="A1", to=ESSEX))


def test_s208_4_notice_sent_on_day_14_is_in_time() -> None:
    """HA 1996 s208(4) ("before the end of the period of 14 days beginning with the day on which the
    accommodation was made available"), D3: sent on 2024-03-23 (day 14), no Concern; the duty ends after
    the day it is sent."""
    timeline = _example_6(ev.Section208NoticeSent(on=DAY_14, application="A1", to=BASILDON))
    assert _notices(timeline, DAY_14)
    assert not _notices(timeline, D(2024, 3, 24))
    assert not any(c.kind == "section_208_notice" for c in timeline.concerns)


def test_s208_4_notice_sent_on_day_15_is_late() -> None:
    """HA 1996 s208(4); D25: sent on 2024-03-24 (day 15), the notice is late: the Concern
    ``section_208_notice_late`` holds on day 15 and not on day 14."""
    timeline = _example_6(ev.Section208NoticeSent(on=D(2024, 3, 24), application="A1", to=BASILDON))
    assert _concerns(timeline, DAY_14) == set()
    assert _concerns(timeline, D(2024, 3, 24)) == {"section_208_notice_late"}
    assert _concerns(timeline, D(2024, 3, 25)) == set()


def test_s208_4_notice_never_sent_is_missing_from_day_15() -> None:
    """HA 1996 s208(4); D25: no notice sent: still owed, and the Concern ``section_208_notice_missing`` holds
    from day 15 (2024-03-24), not on day 14."""
    timeline = _example_6()
    assert _concerns(timeline, DAY_14) == set()
    assert _concerns(timeline, D(2024, 3, 24)) == {"section_208_notice_missing"}
    assert _notices(timeline, D(2025, 1, 1))
    [concern] = [c for c in timeline.concerns if c.code == "section_208_notice_missing"]
    assert (concern.by, concern.to, concern.due) == (NEWHAM, BASILDON, DAY_14)


def test_s208_notice_to_another_authority_does_not_discharge_it() -> None:
    """HA 1996 s208(2) (notice "to the local housing authority in whose district the accommodation is
    situated"): a notice sent to Medway leaves the notice to Basildon owed and missing."""
    timeline = _example_6(ev.Section208NoticeSent(on=D(2024, 3, 12), application="A1", to=MEDWAY))
    assert _notices(timeline, D(2024, 4, 1))
    assert _concerns(timeline, D(2024, 4, 1)) == {"section_208_notice_missing"}


def test_s208_1_placement_in_its_own_district_needs_no_notice() -> None:
    """HA 1996 s208(1)-(2): accommodation inside Newham's own district needs no notice."""
    timeline = _example_6(area=NEWHAM)
    assert not timeline.of_kind("section_208_notice")


def test_s208_2_placement_in_a_unitary_is_notified_to_the_unitary() -> None:
    """HA 1996 s208(2): a unitary council is the housing authority for its area, so a placement in Medway is
    notified to Medway."""
    [notice] = _notices(_example_6(area=MEDWAY), PLACED)
    assert (notice.by, notice.to) == (NEWHAM, MEDWAY)


def test_example_6_main_duty_continuing_in_the_same_placement_needs_no_further_notice() -> None:
    """housing.md example 6 ("the statute does not require a further s208 notice for the same placement");
    D25 (the notice follows each ``AccommodationSecured``): the main duty arising while the household stays
    in the same flat, with no new placement recorded, owes no second notice."""
    timeline = _example_6(
        ev.Homeless(on=PLACED, application="A1"),
        ev.PriorityNeedDecided(on=PLACED, application="A1", priority_need=True, ground="dependent_children"),
        ev.Section208NoticeSent(on=D(2024, 3, 15), application="A1", to=BASILDON),
    )
    assert timeline.at(D(2024, 5, 6)).owes("main_housing_duty", by=NEWHAM)
    assert len(timeline.of_kind("section_208_notice")) == 1
    assert not any(c.kind == "section_208_notice" for c in timeline.concerns)


# Reorganisation of the host district (D11) ------------------------------------------------------

LEEDS = "E08000035"
BOURNEMOUTH = "E06000028"
CHRISTCHURCH = "E07000048"
BCP = "E06000058"


def _placed_in_christchurch(placing: str, *more: Event) -> lc.Timeline:
    """``placing`` places the applicant in Christchurch under s188 on 2019-03-25, a week before the
    district's abolition (its area passed to BCP on 2019-04-01); day 14 is 2019-04-07."""
    return lc.timeline(
        lc.History.of(
            [
                ev.Born(on=D(1990, 5, 1)),
                ev.HomelessnessApplication(
                    on=D(2019, 3, 20), application="A1", authority=placing, appears_homeless=True
                ),
                ev.AccommodationSecured(
                    on=D(2019, 3, 25), application="A1", area=CHRISTCHURCH, under="s188", kind="temporary"
                ),
                *more,
            ]
        )
    )


def test_s208_notice_owed_to_the_successor_of_an_abolished_host_district() -> None:
    """HA 1996 s208(2); DECISIONS D11: the notice is owed to Christchurch on 2019-03-31 and, from its
    abolition on 2019-04-01, to BCP, which took over its area; a notice to BCP on 2019-04-03 (in time)
    discharges it."""
    timeline = _placed_in_christchurch(LEEDS, ev.Section208NoticeSent(on=D(2019, 4, 3), application="A1", to=BCP))
    assert [n.to for n in _notices(timeline, D(2019, 3, 31))] == [CHRISTCHURCH]
    [handed] = _notices(timeline, D(2019, 4, 1))
    assert (handed.by, handed.to, handed.due) == (LEEDS, BCP, D(2019, 4, 7))
    assert any("D11" in r.text for r in handed.because)
    assert not _notices(timeline, D(2019, 4, 4))
    assert not any(c.kind == "section_208_notice" for c in timeline.concerns)


def test_s208_missing_notice_to_an_abolished_host_district_is_owed_to_its_successor() -> None:
    """HA 1996 s208(4); D11, D25: with no notice sent, the Concern from day 15 (2019-04-08) names BCP."""
    timeline = _placed_in_christchurch(LEEDS)
    [concern] = [c for c in timeline.at(D(2019, 4, 8)).concerns if c.kind == "section_208_notice"]
    assert (concern.code, concern.to) == ("section_208_notice_missing", BCP)


def test_s208_no_notice_once_the_host_district_merges_with_the_placing_authority() -> None:
    """HA 1996 s208(1)-(2); D11: Bournemouth places in Christchurch on 2019-03-25; from 2019-04-01 both
    areas are BCP's, so the accommodation is in the placing authority's own district and no notice (nor
    Concern) remains."""
    timeline = _placed_in_christchurch(BOURNEMOUTH)
    assert [(n.by, n.to) for n in _notices(timeline, D(2019, 3, 31))] == [(BOURNEMOUTH, CHRISTCHURCH)]
    assert not _notices(timeline, D(2019, 4, 1))
    assert not any(c.kind == "section_208_notice" for c in timeline.concerns)
