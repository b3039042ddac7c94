"""The worked examples of law/housing.md on Housing Act 1996 Part 7, priority need and intentionality.

Each test states a history, the dates looked at, and what the example says applies on them. Examples 5
to 8 and 16 (local connection, the shared accommodation rate, s208 notices, reorganisation) are the
subject of other tests; from examples 3 and 4 only the Part 7 and priority need points are checked here.
"""

from __future__ import annotations

import datetime as dt

import leavingcare as lc
from leavingcare import calendar
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date
LEEDS = "E08000035"
MAIDSTONE = "E07000110"
MEDWAY = "E06000035"
IPSWICH = "E07000202"
PRESTON = "E07000123"
KENT = "E10000016"
SUFFOLK = "E10000029"
LANCASHIRE = "E10000017"


def _care_leaver(
    born: dt.date, started: dt.date, ended: dt.date, authority: str = LEEDS, area: str = LEEDS
) -> list[Event]:
    """Born on ``born`` and looked after by ``authority`` (under a care order, in foster care) from
    ``started`` until ``ended``."""
    return [
        ev.Born(on=born),
        ev.CareStarted(on=started, authority=authority, legal_status="C2", placement="U4", area=area),
        ev.CareEnded(on=ended, reason="E8"),
    ]


def _timeline(events: list[Event], law: lc.Law | None = None) -> lc.Timeline:
    return lc.timeline(lc.History.of(events), law=law)


def _one(timeline: lc.Timeline, kind: str, on: dt.date) -> lc.Finding:
    found = timeline.at(on).of_kind(kind)
    assert len(found) == 1, f"expected one {kind} on {on}, found {found}"
    return found[0]


def _codes(timeline: lc.Timeline, on: dt.date) -> set[str]:
    return {c.code for c in timeline.at(on).concerns}


# Example 1 ------------------------------------------------------------------------------------------


def _example_1(*ending: Event) -> list[Event]:
    """Aged 20 on 2019-03-01, looked after by Leeds until the 18th birthday; applies to Leeds with a
    s21 notice expiring 2019-04-15."""
    return [
        *_care_leaver(D(1998, 9, 1), D(2014, 1, 6), D(2016, 9, 1)),
        ev.HomelessnessApplication(on=D(2019, 3, 1), application="A1", authority=LEEDS, appears_homeless=False),
        ev.ThreatenedWithHomelessness(on=D(2019, 3, 1), application="A1", notice_expires=D(2019, 4, 15)),
        *ending,
    ]


def test_example_1_s21_notice_prevention_relief_main_duty() -> None:
    """housing.md example 1; HA 1996 s175(5), s195(2), s195(8)(c), s189B(2), s189B(4), s188(1), s193(2);
    Priority Need Order 2002 art 4: a s21 notice expiring within 56 days makes the applicant threatened,
    so prevention runs from the application; becoming homeless on 2019-04-16 ends it and starts relief;
    relief ends automatically at the end of day 56 (2019-06-10) and the main duty starts on day 57."""
    timeline = _timeline(
        _example_1(
            ev.Homeless(on=D(2019, 4, 16), application="A1"),
            ev.DutyEnded(on=D(2019, 4, 16), application="A1", duty="prevention", reason="became_homeless"),
        )
    )
    start = timeline.at(D(2019, 3, 1))
    assert _one(timeline, "prevention", D(2019, 3, 1)).by == LEEDS
    assert _one(timeline, "prevention", D(2019, 3, 1)).citation.provision == "s195(2)"
    assert start.owes("assessment_and_plan", by=LEEDS)
    assert not start.owes("relief")
    assert not start.owes("interim_accommodation")

    assert timeline.at(D(2019, 4, 15)).owes("prevention")
    homeless = timeline.at(D(2019, 4, 16))
    assert not homeless.owes("prevention")
    assert homeless.owes("relief", by=LEEDS)
    assert homeless.owes("interim_accommodation", by=LEEDS)
    assert _one(timeline, "priority_need", D(2019, 4, 16)).citation.provision == "art 4"

    relief = _one(timeline, "relief", D(2019, 4, 16))
    assert relief.due == D(2019, 6, 10)
    day_56, day_57 = timeline.at(D(2019, 6, 10)), timeline.at(D(2019, 6, 11))
    assert day_56.owes("relief") and not day_56.owes("main_housing_duty")
    assert day_57.owes("main_housing_duty", by=LEEDS)
    assert not day_57.owes("relief")
    assert not day_57.owes("interim_accommodation")


def test_example_1_s195_6_bars_the_56_day_ground_after_the_s21_notice_expired() -> None:
    """housing.md example 1; HA 1996 s195(6), s195(8)(b); DECISIONS D21: the 56-day ground would be
    available from day 57 (2019-04-26) but the s21 notice has expired, so a notice on that ground still
    ends prevention and raises ``ended_on_barred_ground``."""
    timeline = _timeline(
        _example_1(ev.DutyEnded(on=D(2019, 4, 26), application="A1", duty="prevention", reason="days_elapsed"))
    )
    assert timeline.at(D(2019, 4, 25)).owes("prevention")
    assert not timeline.at(D(2019, 4, 26)).owes("prevention")
    assert "ended_on_barred_ground" in _codes(timeline, D(2019, 4, 26))
    assert "ended_on_barred_ground" not in _codes(timeline, D(2019, 4, 25))


# Example 2 ------------------------------------------------------------------------------------------


def _example_2(applied: dt.date, *more: Event) -> list[Event]:
    """Aged 20 and looked after at 17; a s21 notice expiring 2018-05-10."""
    return [
        *_care_leaver(D(1997, 9, 1), D(2013, 1, 7), D(2015, 9, 1)),
        ev.HomelessnessApplication(on=applied, application="A1", authority=LEEDS, appears_homeless=False),
        ev.ThreatenedWithHomelessness(on=applied, application="A1", notice_expires=D(2018, 5, 10)),
        *more,
    ]


def test_example_2_application_before_the_hra_keeps_the_28_day_threat() -> None:
    """housing.md example 2; HA 1996 s175(4) and s195(2) before the Homelessness Reduction Act 2017;
    SI 2018/167; DECISIONS D18: applying on 2018-03-20 with a notice expiring 51 days later is not a
    threat within 28 days, and the application keeps the old rules after 2018-04-03: the old s195(2)
    arises only on 2018-04-12 (28 days before expiry), and there is never a relief or assessment duty."""
    timeline = _timeline(_example_2(D(2018, 3, 20)))
    for day in (D(2018, 3, 20), D(2018, 4, 3), D(2018, 4, 11)):
        assert not timeline.at(day).owes("prevention"), day
    prevention = _one(timeline, "prevention", D(2018, 4, 12))
    assert prevention.citation.provision == "s195(2) (before the HRA 2017)"
    assert not timeline.of_kind("relief")
    assert not timeline.of_kind("assessment_and_plan")


def test_example_2_pre_hra_main_duty_arises_on_the_s184_decision_without_relief() -> None:
    """housing.md example 2 and section 1.8 (pre-HRA version); HA 1996 s184, s188, s193(2) before the
    HRA 2017: homeless on 2018-05-11 and found not intentionally homeless on 2018-05-14, the main duty
    arises on that decision with no relief stage; interim accommodation lasts pending the decision."""
    timeline = _timeline(
        _example_2(
            D(2018, 3, 20),
            ev.Homeless(on=D(2018, 5, 11), application="A1"),
            ev.IntentionalityDecided(on=D(2018, 5, 14), application="A1", intentional=False),
        )
    )
    assert timeline.at(D(2018, 5, 10)).owes("prevention")
    assert not timeline.at(D(2018, 5, 11)).owes("prevention")
    assert timeline.at(D(2018, 5, 13)).owes("interim_accommodation", by=LEEDS)
    assert not timeline.at(D(2018, 5, 13)).owes("main_housing_duty")
    assert timeline.at(D(2018, 5, 14)).owes("main_housing_duty", by=LEEDS)
    assert not timeline.at(D(2018, 5, 14)).owes("interim_accommodation")
    assert not timeline.of_kind("relief")


def test_example_2_a_new_application_after_the_hra_follows_example_1() -> None:
    """housing.md example 2, last point; HA 1996 s175(5), s195(2): the same notice on an application
    made on 2018-04-03 expires within 56 days, so prevention runs from the application date."""
    timeline = _timeline(_example_2(D(2018, 4, 3)))
    assert _one(timeline, "prevention", D(2018, 4, 3)).citation.provision == "s195(2)"
    assert not timeline.at(D(2018, 4, 2)).owes("prevention")


# Example 3 (Part 7 point only) ----------------------------------------------------------------------


def test_example_3_referral_possible_at_relief_stage_not_at_prevention_stage() -> None:
    """housing.md example 3 and section 1.13; HA 1996 s198(A1), s199A; Code of Guidance 12.5: a
    Kent care leaver applying to Medway cannot be referred to Maidstone while threatened (prevention
    stays with Medway); once homeless, a referral hands relief to Maidstone with a new 56 days."""
    timeline = _timeline(
        [
            *_care_leaver(D(2004, 6, 10), D(2019, 1, 7), D(2022, 6, 10), authority=KENT, area=MAIDSTONE),
            ev.HomelessnessApplication(on=D(2024, 9, 1), application="A1", authority=MEDWAY, appears_homeless=False),
            ev.ThreatenedWithHomelessness(on=D(2024, 9, 1), application="A1", homeless_by=D(2024, 10, 1)),
            ev.ApplicationReferred(on=D(2024, 9, 10), application="A1", to=MAIDSTONE),
            ev.Homeless(on=D(2024, 10, 1), application="A1"),
            ev.ApplicationReferred(on=D(2024, 10, 20), application="A1", to=MAIDSTONE),
        ]
    )
    threatened = timeline.at(D(2024, 9, 20))
    assert threatened.owes("prevention", by=MEDWAY)
    assert threatened.owes("homelessness_inquiries", by=MEDWAY)
    assert not threatened.owes("prevention", by=MAIDSTONE)

    assert _one(timeline, "relief", D(2024, 10, 19)).by == MEDWAY
    referred = _one(timeline, "relief", D(2024, 10, 20))
    assert referred.by == MAIDSTONE
    assert referred.citation.provision == "s199A"
    assert referred.due == D(2024, 12, 14)
    assert timeline.at(D(2024, 12, 15)).owes("main_housing_duty", by=MAIDSTONE)


# Example 4 (priority need point only) ---------------------------------------------------------------


def _example_4(*more: Event) -> list[Event]:
    """Born 2002-05-01, looked after by Lancashire until 18; homeless in Preston on 2024-08-01 (22)."""
    return [
        *_care_leaver(D(2002, 5, 1), D(2017, 1, 9), D(2020, 5, 1), authority=LANCASHIRE, area=PRESTON),
        ev.HomelessnessApplication(on=D(2024, 8, 1), application="A1", authority=PRESTON, appears_homeless=True),
        ev.Homeless(on=D(2024, 8, 1), application="A1"),
        *more,
    ]


def test_example_4_over_21_no_article_4_priority_need() -> None:
    """housing.md example 4; Priority Need Order 2002 arts 4 and 5(1); HA 1996 s189B(4): at 22 there
    is no art 4 priority need, so no interim accommodation and no automatic end of relief on day 56."""
    timeline = _timeline(_example_4())
    applied = timeline.at(D(2024, 8, 1))
    assert not applied.owes("priority_need")
    assert not applied.owes("interim_accommodation")
    assert applied.owes("relief", by=PRESTON)
    day_57 = timeline.at(D(2024, 9, 26))
    assert day_57.owes("relief")
    assert not day_57.owes("main_housing_duty")


def test_example_4_article_5_1_needs_a_finding_of_vulnerability_from_care() -> None:
    """housing.md example 4; Priority Need Order 2002 art 5(1): vulnerable as a result of having been
    looked after, priority need holds from the finding, and relief then ends automatically on day 56."""
    timeline = _timeline(_example_4(ev.VulnerabilityAssessed(on=D(2024, 8, 5), vulnerable=True, cause="care")))
    assert not timeline.at(D(2024, 8, 4)).owes("priority_need")
    assert _one(timeline, "priority_need", D(2024, 8, 5)).citation.provision == "art 5(1)"
    assert timeline.at(D(2024, 9, 25)).owes("relief")
    assert timeline.at(D(2024, 9, 26)).owes("main_housing_duty", by=PRESTON)


# Example 9 ------------------------------------------------------------------------------------------


def _example_9(*more: Event) -> list[Event]:
    """Born 2003-02-14, looked after by Leeds at 16-17; homeless on 2024-01-05 (aged 20)."""
    return [
        *_care_leaver(D(2003, 2, 14), D(2019, 1, 7), D(2020, 6, 1)),
        ev.HomelessnessApplication(on=D(2024, 1, 5), application="A1", authority=LEEDS, appears_homeless=True),
        ev.Homeless(on=D(2024, 1, 5), application="A1"),
        *more,
    ]


def test_example_9_article_4_ends_on_the_21st_birthday_inside_relief() -> None:
    """housing.md example 9; Priority Need Order 2002 art 4; HA 1996 s189B(4); DECISIONS D20: art 4
    priority need ends on the 21st birthday (2024-02-14), inside the relief window whose day 56 is the
    leap day 2024-02-29; with no priority need on day 56 relief does not end automatically, and the
    birthday is flagged."""
    timeline = _timeline(_example_9())
    assert _one(timeline, "priority_need", D(2024, 2, 13)).citation.provision == "art 4"
    assert not timeline.at(D(2024, 2, 14)).owes("priority_need")
    assert _one(timeline, "relief", D(2024, 1, 5)).due == D(2024, 2, 29)
    assert "priority_need_ends_during_relief" in _codes(timeline, D(2024, 2, 29))
    after = timeline.at(D(2024, 3, 1))
    assert after.owes("relief")
    assert not after.owes("main_housing_duty")


def test_example_9_article_5_1_vulnerability_carries_priority_need_to_day_56() -> None:
    """housing.md example 9 ("art 5(1) vulnerability would then be needed"); Priority Need Order 2002
    art 5(1); HA 1996 s189B(4), s193(2): found vulnerable from care after the 21st birthday, priority
    need holds on day 56, relief ends at the end of 2024-02-29 and the main duty starts on 2024-03-01."""
    timeline = _timeline(_example_9(ev.VulnerabilityAssessed(on=D(2024, 2, 20), vulnerable=True, cause="care")))
    assert timeline.at(D(2024, 2, 29)).owes("relief")
    assert not timeline.at(D(2024, 2, 29)).owes("main_housing_duty")
    assert timeline.at(D(2024, 3, 1)).owes("main_housing_duty", by=LEEDS)
    assert not timeline.at(D(2024, 3, 1)).owes("relief")
    assert not any(c.code == "priority_need_ends_during_relief" for c in timeline.concerns)


def test_example_9_no_flag_when_relief_ended_before_the_birthday() -> None:
    """housing.md example 9 ("flag cases where a birthday falls inside the relief window"): relief
    withdrawn on 2024-02-01, before the 21st birthday, leaves nothing for a person to check."""
    timeline = _timeline(_example_9(ev.ApplicationWithdrawn(on=D(2024, 2, 1), application="A1")))
    assert not timeline.at(D(2024, 2, 1)).owes("relief")
    assert not any(c.code == "priority_need_ends_during_relief" for c in timeline.concerns)


# Example 10 -----------------------------------------------------------------------------------------


def test_example_10_relief_over_a_leap_day() -> None:
    """housing.md example 10; HA 1996 s189B(4), s193(2); DECISIONS D3: relief from 2020-01-06 has day 56
    on 2020-03-01 (2020 is a leap year); with priority need and no intentionality decision the main duty
    starts on 2020-03-02."""
    timeline = _timeline(
        [
            *_care_leaver(D(2000, 5, 1), D(2015, 1, 5), D(2018, 5, 1)),
            ev.HomelessnessApplication(on=D(2020, 1, 6), application="A1", authority=LEEDS, appears_homeless=True),
            ev.Homeless(on=D(2020, 1, 6), application="A1"),
        ]
    )
    assert _one(timeline, "relief", D(2020, 1, 6)).due == D(2020, 3, 1)
    assert timeline.at(D(2020, 3, 1)).owes("relief")
    assert not timeline.at(D(2020, 3, 1)).owes("main_housing_duty")
    assert timeline.at(D(2020, 3, 2)).owes("main_housing_duty", by=LEEDS)
    assert not timeline.at(D(2020, 3, 2)).owes("relief")


# Example 11 -----------------------------------------------------------------------------------------


def test_example_11_non_cooperation_notice_at_relief_stage() -> None:
    """housing.md example 11; HA 1996 s193B, s193C(3)-(4), s193(1A): a s193B notice on 2022-03-05 ends
    relief that day; the applicant is homeless, eligible, in priority need and not intentionally
    homeless, so the s193C(4) accommodation duty starts on 2022-03-05, and s193 never applies, even
    after day 56 of relief (2022-03-28)."""
    timeline = _timeline(
        [
            *_care_leaver(D(2002, 1, 10), D(2017, 1, 9), D(2020, 1, 10)),
            ev.HomelessnessApplication(on=D(2022, 2, 1), application="A1", authority=LEEDS, appears_homeless=True),
            ev.Homeless(on=D(2022, 2, 1), application="A1"),
            ev.NonCooperationNotice(on=D(2022, 3, 5), application="A1"),
        ]
    )
    assert timeline.at(D(2022, 3, 4)).owes("relief")
    assert not timeline.at(D(2022, 3, 4)).owes("non_cooperation_accommodation")
    assert not timeline.at(D(2022, 3, 5)).owes("relief")
    duty = _one(timeline, "non_cooperation_accommodation", D(2022, 3, 5))
    assert duty.by == LEEDS
    assert duty.citation.provision == "s193C(4)"
    assert timeline.at(D(2022, 3, 29)).owes("non_cooperation_accommodation")
    assert not timeline.of_kind("main_housing_duty")


# Example 12 -----------------------------------------------------------------------------------------


def test_example_12_final_accommodation_offer_refused_at_relief_stage() -> None:
    """housing.md example 12; HA 1996 s193A(2)-(3), s188(1ZB): refusing a final accommodation offer on
    2023-07-10 ends relief that day and s193 never arises, though priority need applies; interim
    accommodation ends with relief."""
    timeline = _timeline(
        [
            *_care_leaver(D(2003, 1, 10), D(2018, 1, 8), D(2021, 1, 10)),
            ev.HomelessnessApplication(on=D(2023, 6, 1), application="A1", authority=LEEDS, appears_homeless=True),
            ev.Homeless(on=D(2023, 6, 1), application="A1"),
            ev.OfferMade(on=D(2023, 6, 26), application="A1", offer="O1", kind="final_accommodation"),
            ev.OfferRefused(on=D(2023, 7, 10), application="A1", offer="O1"),
        ]
    )
    before, refused = timeline.at(D(2023, 7, 9)), timeline.at(D(2023, 7, 10))
    assert before.owes("relief") and before.owes("interim_accommodation")
    assert not refused.owes("relief")
    assert not refused.owes("interim_accommodation")
    assert refused.owes("priority_need")
    assert not timeline.at(D(2023, 7, 27)).owes("main_housing_duty")
    assert not timeline.of_kind("main_housing_duty")


# Example 13 -----------------------------------------------------------------------------------------


def test_example_13_review_deadline_is_the_last_of_21_days_beginning_with_notification() -> None:
    """housing.md example 13; HA 1996 s202(3); DECISIONS D3: the 21 days beginning with a decision
    notified on 2023-01-10 end on 2023-01-30, so a request on 2023-01-31 is out of time. (Reviews are
    not findings; this checks the "period of N days beginning with" count every Part 7 rule uses.)"""
    assert calendar.last_day_of(D(2023, 1, 10), 21) == D(2023, 1, 30)
    window = calendar.days_beginning_with(D(2023, 1, 10), 21)
    assert D(2023, 1, 30) in window
    assert D(2023, 1, 31) not in window


# Example 14 -----------------------------------------------------------------------------------------


def test_example_14_seventeen_year_old_in_a_two_tier_area() -> None:
    """housing.md example 14; Priority Need Order 2002 arts 3(1), 3(2) and 4; HA 1996 s188(1); 16-17
    guidance (B&B never suitable); CA 1989 s23C(1)(b): told to leave by a parent at 17, the applicant
    to Ipswich has art 3 priority need and interim accommodation, and a B&B placement is a Concern; once
    Suffolk accommodates under s20 there is no Part 7 priority need; leaving care at 18 after 13 weeks,
    Suffolk owes s23C duties and art 4 priority need holds."""
    timeline = _timeline(
        [
            ev.Born(on=D(2005, 6, 1)),
            ev.HomelessnessApplication(on=D(2022, 10, 1), application="A1", authority=IPSWICH, appears_homeless=True),
            ev.Homeless(on=D(2022, 10, 1), application="A1"),
            ev.AccommodationSecured(
                on=D(2022, 10, 1), application="A1", area=IPSWICH, under="s188", kind="bed_and_breakfast"
            ),
            ev.CareStarted(on=D(2022, 10, 5), authority=SUFFOLK, legal_status="V2", placement="U4", area=IPSWICH),
            ev.AccommodationEnded(on=D(2022, 10, 5), application="A1"),
            ev.CareEnded(on=D(2023, 6, 1), reason="E8"),
        ]
    )
    applied = timeline.at(D(2022, 10, 1))
    assert _one(timeline, "priority_need", D(2022, 10, 1)).citation.provision == "art 3"
    assert applied.owes("interim_accommodation", by=IPSWICH)
    assert any(c.code == "bed_and_breakfast_16_17" and c.by == IPSWICH for c in applied.concerns)
    assert not timeline.at(D(2022, 10, 5)).owes("priority_need")
    assert "bed_and_breakfast_16_17" not in _codes(timeline, D(2022, 10, 5))
    adult = timeline.at(D(2023, 6, 1))
    assert adult.owes("former_relevant_child", by=SUFFOLK)
    assert _one(timeline, "priority_need", D(2023, 6, 1)).citation.provision == "art 4"


# Example 15 -----------------------------------------------------------------------------------------


def _example_15(*more: Event) -> list[Event]:
    """Born 2004-09-01, looked after by Leeds until 18; at university with term-time accommodation."""
    return [
        *_care_leaver(D(2004, 9, 1), D(2019, 1, 7), D(2022, 9, 1)),
        ev.EducationStarted(
            on=D(2022, 9, 19), level="higher", full_time=True, in_pathway_plan=True, term_time_accommodation=True
        ),
        ev.HomelessnessApplication(on=D(2025, 6, 20), application="A1", authority=LEEDS, appears_homeless=True),
        ev.Homeless(on=D(2025, 6, 20), application="A1"),
        *more,
    ]


def test_example_15_relevant_student_has_no_article_4_priority_need() -> None:
    """housing.md example 15; Priority Need Order 2002 arts 1(3) and 4; CA 1989 s24B(5); DECISIONS D16,
    D22: a relevant student aged 20 has no art 4 priority need (so no interim accommodation), relief is
    still owed, and children's services owe vacation accommodation."""
    applied = _timeline(_example_15()).at(D(2025, 6, 20))
    assert not applied.owes("priority_need")
    assert not applied.owes("interim_accommodation")
    assert applied.owes("relief", by=LEEDS)
    assert applied.owes("vacation_accommodation", by=LEEDS)


def test_example_15_relevant_student_exclusion_applies_to_article_5_1() -> None:
    """housing.md example 15, last point; Priority Need Order 2002 art 5(1): at 21 or over and found
    vulnerable from care, a relevant student still has no priority need; it starts when the course
    ends."""
    timeline = _timeline(
        _example_15(
            ev.VulnerabilityAssessed(on=D(2025, 9, 10), vulnerable=True, cause="care"),
            ev.EducationEnded(on=D(2026, 6, 30)),
        )
    )
    assert not timeline.at(D(2025, 9, 10)).owes("priority_need")
    assert not timeline.at(D(2026, 6, 29)).owes("priority_need")
    assert _one(timeline, "priority_need", D(2026, 6, 30)).citation.provision == "art 5(1)"


# Example 17 -----------------------------------------------------------------------------------------

X = D(2027, 1, 1)
"""An illustrative commencement date for CWSA 2026 s9 (housing.md example 17)."""


def _cwsa(born: dt.date, decided: dt.date, *more: Event) -> list[Event]:
    """A former relevant child of Kent, found vulnerable from care, homeless in Maidstone on
    2026-12-01, and found intentionally homeless on ``decided``."""
    return [
        *_care_leaver(born, calendar.birthday(born, 14), calendar.birthday(born, 18), authority=KENT, area=MAIDSTONE),
        ev.VulnerabilityAssessed(on=D(2026, 11, 1), vulnerable=True, cause="care"),
        ev.HomelessnessApplication(on=D(2026, 12, 1), application="A1", authority=MAIDSTONE, appears_homeless=True),
        ev.Homeless(on=D(2026, 12, 1), application="A1"),
        ev.IntentionalityDecided(on=decided, application="A1", intentional=True),
        *more,
    ]


def _with_s9() -> lc.Law:
    return lc.default_law().with_commencement("CWSA2026.s9", X)


def test_example_17_undecided_at_commencement_cannot_be_intentionally_homeless() -> None:
    """housing.md example 17 and section 1.10; CWSA 2026 s9(1)-(2) (new HA 1996 s191(1ZA), (1C)): a
    former relevant child aged 23 who applied before commencement and was not decided by then cannot be
    intentionally homeless: the decision has no effect (Concern), relief ends automatically at day 56
    and the main duty follows."""
    timeline = _timeline(_cwsa(D(2003, 6, 1), D(2027, 1, 5)), law=_with_s9())
    assert "intentionality_barred_cwsa_s9" in _codes(timeline, D(2027, 1, 5))
    assert not timeline.of_kind("joint_sign_off")
    assert _one(timeline, "relief", D(2026, 12, 1)).due == D(2027, 1, 25)
    assert timeline.at(D(2027, 1, 26)).owes("main_housing_duty", by=MAIDSTONE)
    assert not timeline.of_kind("intentionally_homeless_accommodation")


def test_example_17_decided_before_commencement_keeps_the_old_law() -> None:
    """housing.md example 17; CWSA 2026 s9(2); Code of Guidance 22.17-22.19; HA 1996 s190(2): decided
    before commencement, the decision stands: joint sign-off is expected, relief does not end
    automatically, and once ended by notice the s190(2) duty follows instead of s193."""
    events = _cwsa(
        D(2003, 6, 1),
        D(2026, 12, 20),
        ev.DutyEnded(on=D(2027, 2, 1), application="A1", duty="relief", reason="days_elapsed"),
    )
    timeline = _timeline(events, law=_with_s9())
    assert not any(c.code == "intentionality_barred_cwsa_s9" for c in timeline.concerns)
    sign_off = _one(timeline, "joint_sign_off", D(2026, 12, 20))
    assert (sign_off.by, sign_off.to) == (MAIDSTONE, KENT)
    assert timeline.at(D(2027, 1, 26)).owes("relief")
    assert not timeline.of_kind("main_housing_duty")
    assert timeline.at(D(2027, 2, 1)).owes("intentionally_homeless_accommodation", by=MAIDSTONE)


def test_example_17_protection_ends_at_25() -> None:
    """housing.md example 17, last point; CWSA 2026 s9 (new s191(1C): a former relevant child aged
    under 25): decided the day before the 25th birthday the decision is barred; decided on the
    birthday it stands and no main duty follows."""
    born = D(2002, 1, 10)  # 25 on 2027-01-10
    barred = _timeline(_cwsa(born, D(2027, 1, 9)), law=_with_s9())
    assert "intentionality_barred_cwsa_s9" in _codes(barred, D(2027, 1, 9))
    assert barred.at(D(2027, 1, 26)).owes("main_housing_duty")

    stands = _timeline(_cwsa(born, D(2027, 1, 10)), law=_with_s9())
    assert not any(c.code == "intentionality_barred_cwsa_s9" for c in stands.concerns)
    assert not stands.of_kind("main_housing_duty")


def test_example_17_relevant_child_is_protected_too() -> None:
    """housing.md section 1.10; CWSA 2026 s9 (new HA 1996 s191(1B)): a relevant child (aged 17, left
    care after 13 weeks) cannot be found intentionally homeless once s9 is in force, even if they never
    become a former relevant child (home with a parent for six months before 18, CLR 2010 reg 3)."""
    events = [
        ev.Born(on=D(2010, 1, 1)),
        ev.CareStarted(on=D(2025, 1, 1), authority=KENT, legal_status="V2", placement="U4", area=MAIDSTONE),
        ev.CareEnded(on=D(2026, 6, 1), reason="E8"),
        ev.Moved(on=D(2026, 6, 1), area=MAIDSTONE, arrangement="parent"),
        ev.HomelessnessApplication(on=D(2026, 8, 3), application="A1", authority=MAIDSTONE, appears_homeless=True),
        ev.Homeless(on=D(2026, 8, 3), application="A1"),
        ev.IntentionalityDecided(on=D(2026, 8, 5), application="A1", intentional=True),
    ]
    timeline = _timeline(events, law=lc.default_law().with_commencement("CWSA2026.s9", D(2026, 8, 1)))
    assert timeline.at(D(2026, 8, 5)).owes("relevant_child", by=KENT)
    assert "intentionality_barred_cwsa_s9" in _codes(timeline, D(2026, 8, 5))
    assert timeline.at(D(2026, 9, 28)).owes("main_housing_duty", by=MAIDSTONE)


def test_example_17_s9_is_prospective_by_default() -> None:
    """housing.md sections 1.10 and 4.2; DECISIONS D26: with the law table as shipped s9 has no
    commencement date, so the decision stands and joint sign-off is expected instead."""
    timeline = _timeline(_cwsa(D(2003, 6, 1), D(2027, 1, 5)))
    assert not any(c.code == "intentionality_barred_cwsa_s9" for c in timeline.concerns)
    assert timeline.at(D(2027, 1, 5)).owes("joint_sign_off", by=MAIDSTONE)
    assert "intentionality_without_joint_sign_off" in _codes(timeline, D(2027, 1, 5))
    assert not timeline.of_kind("main_housing_duty")


# Example 18 -----------------------------------------------------------------------------------------


def _example_18(notice_date: dt.date) -> list[Event]:
    """A private assured tenant given a s8 notice; applies to Leeds on 2026-07-10."""
    return [
        ev.Born(on=D(1995, 1, 1)),
        ev.HomelessnessApplication(on=D(2026, 7, 10), application="A18", authority=LEEDS, appears_homeless=False),
        ev.ThreatenedWithHomelessness(on=D(2026, 7, 10), application="A18", notice_expires=notice_date),
    ]


def test_example_18_s8_notice_within_56_days_is_a_threat_after_1_may_2026() -> None:
    """HA 1996 s175(5) as re-pointed to s8 notices from 2026-05-01 (housing.md example 18): a notice
    dated 2026-09-01 is 53 days after the application, so the applicant is threatened and prevention
    (s195(2)) is owed from the day satisfied."""
    timeline = _timeline(_example_18(D(2026, 9, 1)))
    prevention = _one(timeline, "prevention", D(2026, 7, 10))
    assert (prevention.since, prevention.by, prevention.citation.provision) == (D(2026, 7, 10), LEEDS, "s195(2)")
    assert not timeline.at(D(2026, 7, 9)).of_kind("prevention")


def test_example_18_a_notice_57_days_away_threatens_only_from_day_56_before_it() -> None:
    """D4: "within 56 days" on day T means the date falls on or before T + 56; a notice dated 57 days
    after the application makes the threat, and prevention, start the next day."""
    timeline = _timeline(_example_18(D(2026, 9, 5)))
    assert not timeline.at(D(2026, 7, 10)).of_kind("prevention")
    assert _one(timeline, "prevention", D(2026, 7, 11)).since == D(2026, 7, 11)
