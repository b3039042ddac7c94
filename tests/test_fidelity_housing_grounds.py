"""Housing: priority need grounds, the duty to refer, s208 notices to Wales and the Housing Benefit test for
the shared accommodation rate, as the second legal review read them (docs/decisions.md, D45-D49).

Each case states a history, the dates looked at (the day before and the day of each boundary), and the
findings a caseworker relies on: kind, period, ``by``, ``to`` and citation.
"""

from __future__ import annotations

import datetime as dt

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date
LEEDS = "E08000035"
PRESTON = "E07000123"
LANCASHIRE = "E10000017"
KENT = "E10000016"
MAIDSTONE = "E07000110"
MEDWAY = "E06000035"
NEWHAM = "E09000025"
SCILLY = "E06000053"
HARROGATE = "E07000165"
NORTH_YORKSHIRE_CC = "E10000023"
NORTH_YORKSHIRE = "E06000065"
CARDIFF = "W06000015"
GLASGOW = "S12000049"
UC_PARA_29 = "Sch 4 para 29(2)"
HB_REG_2 = "reg 2(1) (young individual)"


def _timeline(events: list[Event]) -> lc.Timeline:
    return lc.timeline(lc.History.of(events))


def _one(timeline: lc.Timeline, kind: str, on: dt.date) -> lc.Finding:
    found = timeline.at(on).of_kind(kind)
    assert len(found) == 1, f"expected one {kind} on {on}, found {found}"
    return found[0]


def _codes(timeline: lc.Timeline, on: dt.date) -> set[str]:
    return {c.code for c in timeline.at(on).concerns}


# Priority need from a finding of vulnerability (D45) --------------------------------------------------


def _homeless_at_22(*more: Event) -> list[Event]:
    """Born 2002-05-01, looked after by Lancashire from 14 until 18; homeless in Preston on 2024-08-01, aged
    22, so no art 4 ground: relief's day 56 is 2024-09-25."""
    return [
        ev.Born(on=D(2002, 5, 1)),
        ev.CareStarted(on=D(2016, 5, 2), authority=LANCASHIRE, legal_status="C2", placement="U4", area=PRESTON),
        ev.CareEnded(on=D(2020, 5, 1), reason="E8"),
        ev.HomelessnessApplication(on=D(2024, 8, 1), application="A1", authority=PRESTON, appears_homeless=True),
        ev.Homeless(on=D(2024, 8, 1), application="A1"),
        *more,
    ]


GROUNDS = [
    ("custody", "Homelessness (Priority Need for Accommodation) (England) Order 2002", "art 5(3)"),
    ("armed_forces", "Homelessness (Priority Need for Accommodation) (England) Order 2002", "art 5(2)"),
    ("violence", "Homelessness (Priority Need for Accommodation) (England) Order 2002", "art 6"),
    ("other", "Housing Act 1996", "s189(1)(c)"),
]


@pytest.mark.parametrize(("cause", "instrument", "provision"), GROUNDS)
def test_pno_vulnerability_from_any_cause_gives_priority_need_from_the_finding(
    cause: str, instrument: str, provision: str
) -> None:
    """Priority Need Order 2002 arts 5(2), 5(3), 6; HA 1996 s189(1)(c): a finding that the applicant is
    vulnerable as a result of service in the armed forces, custody, violence or another special reason
    gives priority need from the day of the finding (2024-08-05), not the day before, citing the ground
    the cause names, as art 5(1) does for care."""
    timeline = _timeline(_homeless_at_22(ev.VulnerabilityAssessed(on=D(2024, 8, 5), vulnerable=True, cause=cause)))
    assert not timeline.at(D(2024, 8, 4)).owes("priority_need")
    found = _one(timeline, "priority_need", D(2024, 8, 5))
    assert (found.citation.instrument, found.citation.provision) == (instrument, provision)
    assert (found.since, found.until) == (D(2024, 8, 5), None)


@pytest.mark.parametrize(("cause", "instrument", "provision"), GROUNDS)
def test_pno_vulnerability_from_any_cause_ends_relief_on_day_56_and_the_main_duty_arises(
    cause: str, instrument: str, provision: str
) -> None:
    """HA 1996 s189B(4), s193(2); Priority Need Order 2002 arts 5(2), 5(3), 6; s189(1)(c): with priority
    need from a vulnerability finding and no intentionality decision, relief ends at the end of day 56
    (2024-09-25) and the main housing duty is owed by Preston from day 57 (2024-09-26)."""
    timeline = _timeline(_homeless_at_22(ev.VulnerabilityAssessed(on=D(2024, 8, 5), vulnerable=True, cause=cause)))
    assert timeline.at(D(2024, 9, 25)).owes("relief", by=PRESTON)
    assert not timeline.at(D(2024, 9, 25)).owes("main_housing_duty")
    assert timeline.at(D(2024, 9, 26)).owes("main_housing_duty", by=PRESTON)
    assert not timeline.at(D(2024, 9, 26)).owes("relief")


def test_pno_art_5_3_a_later_finding_of_no_vulnerability_ends_the_ground() -> None:
    """Priority Need Order 2002 art 5(3): a later assessment that the applicant is not vulnerable as a result
    of custody (2024-09-01) ends that ground from its date; a finding on another cause does not."""
    timeline = _timeline(
        _homeless_at_22(
            ev.VulnerabilityAssessed(on=D(2024, 8, 5), vulnerable=True, cause="custody"),
            ev.VulnerabilityAssessed(on=D(2024, 8, 20), vulnerable=False, cause="other"),
            ev.VulnerabilityAssessed(on=D(2024, 9, 1), vulnerable=False, cause="custody"),
        )
    )
    assert _one(timeline, "priority_need", D(2024, 8, 31)).citation.provision == "art 5(3)"
    assert not timeline.at(D(2024, 9, 1)).owes("priority_need")
    assert not timeline.at(D(2024, 9, 26)).owes("main_housing_duty")


def test_pno_care_finding_keeps_article_5_1_before_the_other_grounds() -> None:
    """Priority Need Order 2002 arts 5(1), 5(3); DECISIONS D22: found vulnerable both as a result of care and
    of custody, the care-leaver ground is cited, and one priority need finding holds on each day."""
    timeline = _timeline(
        _homeless_at_22(
            ev.VulnerabilityAssessed(on=D(2024, 8, 5), vulnerable=True, cause="custody"),
            ev.VulnerabilityAssessed(on=D(2024, 8, 10), vulnerable=True, cause="care"),
        )
    )
    assert _one(timeline, "priority_need", D(2024, 8, 9)).citation.provision == "art 5(3)"
    assert _one(timeline, "priority_need", D(2024, 8, 10)).citation.provision == "art 5(1)"


def test_pno_every_cause_of_vulnerability_names_a_ground() -> None:
    """Priority Need Order 2002 arts 5(1)-(3), 6; HA 1996 s189(1)(c): each cause a ``VulnerabilityAssessed``
    accepts names a ground (care is art 5(1), the others are listed), so none is silently ignored."""
    from leavingcare.duties.priority_need import VULNERABILITY_GROUNDS
    from leavingcare.events import codes

    assert set(VULNERABILITY_GROUNDS) | {"care"} == codes.VULNERABILITY_CAUSES


def test_pno_custody_finding_before_the_order_is_another_special_reason() -> None:
    """HA 1996 s189(1)(c); Priority Need Order 2002 art 5(3) (in force 2002-07-31): a custody finding made
    before the Order came into force is vulnerability for another special reason until 2002-07-30 and is
    cited as art 5(3) from 2002-07-31."""
    timeline = _timeline(
        [ev.Born(on=D(1980, 1, 1)), ev.VulnerabilityAssessed(on=D(2002, 6, 1), vulnerable=True, cause="custody")]
    )
    assert _one(timeline, "priority_need", D(2002, 7, 30)).citation.provision == "s189(1)(c)"
    assert _one(timeline, "priority_need", D(2002, 7, 31)).citation.provision == "art 5(3)"


# The duty to refer: only a specified public authority (D46) -------------------------------------------


def _risk(by: str, on: dt.date) -> lc.Timeline:
    """Born 2003-06-01 and looked after by Kent from 14 to 18; ``by`` considers on ``on`` that the young
    person may be homeless."""
    return _timeline(
        [
            ev.Born(on=D(2003, 6, 1)),
            ev.CareStarted(on=D(2017, 6, 1), authority=KENT, legal_status="C2", placement="U4", area=MAIDSTONE),
            ev.CareEnded(on=D(2021, 6, 1), reason="E8"),
            ev.HomelessnessRiskIdentified(on=on, by=by),
        ]
    )


def test_s213b_a_district_council_is_not_a_specified_public_authority() -> None:
    """HA 1996 s213B(1); SI 2018/223 reg 10 and Schedule para 10 (a social services authority); Local
    Authority Social Services Act 1970 s1: Maidstone BC, a district council, is neither a social services
    authority nor otherwise in the Schedule, so its view that a person may be homeless owes no duty to
    refer."""
    timeline = _risk(MAIDSTONE, D(2024, 3, 1))
    assert not timeline.of_kind("duty_to_refer")


@pytest.mark.parametrize("by", [KENT, MEDWAY, LEEDS, NEWHAM, SCILLY])
def test_s213b_social_services_authorities_owe_the_duty(by: str) -> None:
    """SI 2018/223 Schedule para 10; LASSA 1970 s1: a county council, a unitary council, a metropolitan
    district, a London borough and the Council of the Isles of Scilly are social services authorities, so
    each owes the duty to refer from the day it considers the person may be homeless, and the finding
    says which paragraph of the Schedule specifies it."""
    timeline = _risk(by, D(2024, 3, 1))
    assert not timeline.at(D(2024, 2, 29)).owes("duty_to_refer")
    found = _one(timeline, "duty_to_refer", D(2024, 3, 1))
    assert found.by == by
    assert found.citation.provision == "s213B"
    assert any("a social services authority (SI 2018/223 Schedule para 10)" in r.text for r in found.because)


def test_s213b_harrogate_district_the_day_before_north_yorkshire_unitary_the_day_of() -> None:
    """SI 2018/223 Schedule para 10; the North Yorkshire (Structural Changes) Order 2022 (dated geography):
    on 2023-03-31 Harrogate BC was a district council and its view owes no duty; from 2023-04-01 North
    Yorkshire Council, a unitary authority, is a social services authority and its view owes the duty."""
    before = _risk(HARROGATE, D(2023, 3, 31))
    assert not before.of_kind("duty_to_refer")
    county = _risk(NORTH_YORKSHIRE_CC, D(2023, 3, 31))
    assert _one(county, "duty_to_refer", D(2023, 3, 31)).by == NORTH_YORKSHIRE_CC
    after = _risk(NORTH_YORKSHIRE, D(2023, 4, 1))
    assert _one(after, "duty_to_refer", D(2023, 4, 1)).by == NORTH_YORKSHIRE


def test_s213b_schedule_is_data_in_the_law_table() -> None:
    """SI 2018/223 reg 10 and Schedule: every specified public authority is listed with its paragraph, and
    among local authorities only the social services kinds are specified."""
    from leavingcare.law.housing_table import SOCIAL_SERVICES_KINDS, SPECIFIED_AUTHORITIES, Specified

    paragraphs = {entry.kind: entry.paragraph for entry in SPECIFIED_AUTHORITIES}
    assert paragraphs[Specified.SOCIAL_SERVICES_AUTHORITY] == "Schedule para 10"
    assert len(SPECIFIED_AUTHORITIES) == len(Specified)
    assert "district" not in SOCIAL_SERVICES_KINDS
    assert {"county", "unitary", "metropolitan", "london_borough"} <= SOCIAL_SERVICES_KINDS


# s208 notice to a council in Wales (D47) --------------------------------------------------------------

PLACED = D(2024, 3, 10)
DAY_14 = D(2024, 3, 23)


def _placed(area: str, *more: Event) -> lc.Timeline:
    """Newham accepts an application on 2024-03-10 and places the applicant under s188 in ``area``."""
    return _timeline(
        [
            ev.Born(on=D(1990, 5, 1)),
            ev.HomelessnessApplication(on=PLACED, application="A1", authority=NEWHAM, appears_homeless=True),
            ev.AccommodationSecured(on=PLACED, application="A1", area=area, under="s188", kind="temporary"),
            *more,
        ]
    )


def test_s208_placement_in_cardiff_owes_notice_to_cardiff_council() -> None:
    """HA 1996 s208(2), (4), s230; Housing Act 1985 s1 ("a Welsh county council or county borough council"):
    placed in Cardiff on 2024-03-10, Newham owes notice to Cardiff Council, a local housing authority, from
    that day (not the day before), due on day 14 (2024-03-23)."""
    timeline = _placed(CARDIFF)
    assert not timeline.at(D(2024, 3, 9)).of_kind("section_208_notice")
    notice = _one(timeline, "section_208_notice", PLACED)
    assert (notice.by, notice.to, notice.due) == (NEWHAM, CARDIFF, DAY_14)


def test_s208_notice_to_cardiff_sent_on_day_14_ends_it() -> None:
    """HA 1996 s208(4); Housing Act 1985 s1: a notice recorded as sent to Cardiff (W06000015) on day 14 is
    accepted and discharges the duty: owed on day 14, not on day 15, and no concern."""
    timeline = _placed(CARDIFF, ev.Section208NoticeSent(on=DAY_14, application="A1", to=CARDIFF))
    assert _one(timeline, "section_208_notice", DAY_14).to == CARDIFF
    assert not timeline.at(D(2024, 3, 24)).of_kind("section_208_notice")
    assert not any(c.kind == "section_208_notice" for c in timeline.concerns)


def test_s208_notice_to_cardiff_missing_from_day_15() -> None:
    """HA 1996 s208(4); DECISIONS D25: with no notice sent to Cardiff, nothing is overdue on day 14 and the
    concern ``section_208_notice_missing`` stands from day 15 (2024-03-24)."""
    timeline = _placed(CARDIFF)
    assert "section_208_notice_missing" not in _codes(timeline, DAY_14)
    assert "section_208_notice_missing" in _codes(timeline, D(2024, 3, 24))


def test_s208_placement_in_scotland_owes_no_notice() -> None:
    """HA 1996 s208(2), s230; Housing Act 1985 s1: a Scottish council is not a local housing authority, so a
    placement in Glasgow owes no s208 notice, and a notice addressed to it is refused."""
    assert not _placed(GLASGOW).of_kind("section_208_notice")
    with pytest.raises(lc.UnknownCode):
        _placed(GLASGOW, ev.Section208NoticeSent(on=DAY_14, application="A1", to=GLASGOW))


# Housing Benefit's wider care-leaver test (D48) -------------------------------------------------------


def _accommodated(born: dt.date, started: dt.date, ended: dt.date, legal_status: str) -> lc.Timeline:
    return _timeline(
        [
            ev.Born(on=born),
            ev.CareStarted(on=started, authority=LEEDS, legal_status=legal_status, placement="U4", area=LEEDS),
            ev.CareEnded(on=ended, reason="E8"),
        ]
    )


def test_hb_reg_2_s20_accommodation_at_15_excepts_from_the_shared_rate() -> None:
    """HB Regs 2006 reg 2(1) "young individual" (c): not under 22 and formerly provided with accommodation
    under CA 1989 s20. Accommodated under s20 for eight weeks at 15, never a relevant child or a care
    leaver within UC reg 8(4), the young person is excepted under Housing Benefit from the 18th birthday
    (2011-03-01), not the day before, to the day before the 22nd birthday (2015-02-28)."""
    timeline = _accommodated(D(1993, 3, 1), D(2008, 5, 5), D(2008, 6, 30), "V2")
    assert not timeline.at(D(2011, 2, 28)).of_kind("sar_exemption")
    found = _one(timeline, "sar_exemption", D(2011, 3, 1))
    assert found.citation.provision == HB_REG_2
    assert _one(timeline, "sar_exemption", D(2015, 2, 28)).citation.provision == HB_REG_2
    assert not timeline.at(D(2015, 3, 1)).of_kind("sar_exemption")


def test_hb_reg_2_applies_after_universal_credit_began_and_uc_is_not_met() -> None:
    """HB Regs 2006 reg 2(1)(c); UC Regs 2013 reg 8(4), Sch 4 para 29(2): from 2013-04-29 the same person is
    still excepted where Housing Benefit applies (cited as HB, saying UC's test is not met), and no finding
    cites UC para 29."""
    timeline = _accommodated(D(1993, 3, 1), D(2008, 5, 5), D(2008, 6, 30), "V2")
    assert _one(timeline, "sar_exemption", D(2013, 4, 28)).citation.provision == HB_REG_2
    found = _one(timeline, "sar_exemption", D(2013, 4, 29))
    assert found.citation.provision == HB_REG_2
    assert any("Universal Credit" in r.text for r in found.because)
    assert all(f.citation.provision != UC_PARA_29 for f in timeline.of_kind("sar_exemption"))


def test_hb_reg_2_care_order_ending_the_day_before_16_does_not_except() -> None:
    """HB Regs 2006 reg 2(1) "young individual" (b): a care order must have been made after 16 or have
    continued after the claimant attained 16. An order ending on 2008-02-29, the day before the 16th
    birthday, gives no exception (and no other route applies)."""
    timeline = _accommodated(D(1992, 3, 1), D(2006, 1, 2), D(2008, 2, 29), "C2")
    assert not timeline.of_kind("sar_exemption")


def test_hb_reg_2_care_order_ending_on_the_16th_birthday_excepts() -> None:
    """HB Regs 2006 reg 2(1) "young individual" (b); DECISIONS D11a read for the 16th birthday: a care
    order ending on the 16th birthday (2008-03-01) was in force when the child attained 16, so it continued
    after that age, and the claimant is excepted under Housing Benefit from 18 (2010-03-01)."""
    timeline = _accommodated(D(1992, 3, 1), D(2006, 1, 2), D(2008, 3, 1), "C2")
    assert not timeline.at(D(2010, 2, 28)).of_kind("sar_exemption")
    assert _one(timeline, "sar_exemption", D(2010, 3, 1)).citation.provision == HB_REG_2


def test_hb_reg_2_remand_alone_is_not_within_the_housing_benefit_test() -> None:
    """HB Regs 2006 reg 2(1) "young individual" (b)-(c) name care orders and s20 accommodation only: a
    relevant child looked after only on remand (J1, from 2012-12-03) who turned 18 on 2013-04-01 is
    excepted under UC (reg 8(4)) from 2013-04-29, when the UC Regulations came in, but not under Housing
    Benefit the day before."""
    timeline = _accommodated(D(1995, 4, 1), D(2012, 12, 3), D(2013, 3, 15), "J1")
    assert not timeline.at(D(2013, 4, 28)).of_kind("sar_exemption")
    assert _one(timeline, "sar_exemption", D(2013, 4, 29)).citation.provision == UC_PARA_29


def test_hb_reg_2_short_breaks_under_s20_are_s20_accommodation() -> None:
    """HB Regs 2006 reg 2(1) "young individual" (c); SSDA903 legal status V3 (short breaks under s20): unlike
    the 13 weeks (D7), the Housing Benefit test counts any accommodation under s20, so short breaks at 12
    except the claimant from 18 (2011-03-01), before Universal Credit began."""
    timeline = _accommodated(D(1993, 3, 1), D(2005, 6, 3), D(2005, 6, 6), "V3")
    assert not timeline.at(D(2011, 2, 28)).of_kind("sar_exemption")
    assert _one(timeline, "sar_exemption", D(2011, 3, 1)).citation.provision == HB_REG_2


# Interim accommodation once priority need is shown (D44) -------------------------------------------------


@pytest.mark.parametrize(("cause", "instrument", "provision"), GROUNDS)
def test_s188_interim_accommodation_from_a_vulnerability_finding_during_relief(
    cause: str, instrument: str, provision: str
) -> None:
    """HA 1996 s188(1): the duty arises once the authority has reason to believe the applicant may be
    homeless, eligible and in priority need. A homeless 22-year-old with no priority need at application is
    found vulnerable on 2024-08-05: interim accommodation is owed from that day, not the day before, and
    ends with relief (s188(1ZB))."""
    timeline = _timeline(_homeless_at_22(ev.VulnerabilityAssessed(on=D(2024, 8, 5), vulnerable=True, cause=cause)))
    assert not timeline.at(D(2024, 8, 4)).of_kind("interim_accommodation")
    interim = _one(timeline, "interim_accommodation", D(2024, 8, 5))
    assert interim.since == D(2024, 8, 5) and interim.by == PRESTON
    assert interim.citation.provision == "s188(1)"
    relief = _one(timeline, "relief", D(2024, 8, 5))
    assert interim.until == relief.until == D(2024, 9, 26)
    assert any(r.text.startswith("may be in priority need") for r in interim.because)


def test_s188_no_interim_accommodation_from_a_finding_after_relief_ended() -> None:
    """HA 1996 s188(1ZB): a vulnerability finding made after relief has ended by notice does not start
    interim accommodation: the duty it would found has already ended."""
    timeline = _timeline(
        _homeless_at_22(
            ev.DutyEnded(on=D(2024, 8, 20), application="A1", duty="relief", reason="contact_lost"),
            ev.VulnerabilityAssessed(on=D(2024, 8, 21), vulnerable=True, cause="violence"),
        )
    )
    assert not timeline.of_kind("interim_accommodation")
