"""Boundaries of the homelessness rules, each as a pair: the day before and the day of.

Day counts follow DECISIONS D3 ("56 days beginning with" day 1 = the start; day 57 is start + 56) and D4
("within 56 days" on day T: the event falls on or before T + 56).
"""

from __future__ import annotations

import datetime as dt

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date
LEEDS = "E08000035"
MAIDSTONE = "E07000110"
MEDWAY = "E06000035"
NEWHAM = "E09000025"
KENT = "E10000016"


def _care_leaver(born: dt.date, left: dt.date | None = None, authority: str = LEEDS, area: str = LEEDS) -> list[Event]:
    """Born on ``born``, looked after from the 14th birthday (under a care order, in foster care) until
    ``left`` (the 18th birthday unless given): a former relevant child with art 4 priority need to 21."""
    return [
        ev.Born(on=born),
        ev.CareStarted(
            on=born.replace(year=born.year + 14), authority=authority, legal_status="C2", placement="U4", area=area
        ),
        ev.CareEnded(on=left or born.replace(year=born.year + 18), reason="E8"),
    ]


def _apply(on: dt.date, authority: str = LEEDS, appears_homeless: bool = True, application: str = "A1") -> Event:
    return ev.HomelessnessApplication(
        on=on, application=application, authority=authority, appears_homeless=appears_homeless
    )


def _timeline(events: list[Event], law: lc.Law | None = None) -> lc.Timeline:
    return lc.timeline(lc.History.of(events), law=law)


def _codes(timeline: lc.Timeline, on: dt.date) -> set[str]:
    return {c.code for c in timeline.at(on).concerns}


# A former relevant child aged 19 in 2023, with art 4 priority need until 2024-05-01.
YOUNG = _care_leaver(D(2003, 5, 1))


# Prevention: the 56-day ground and s195(6) ----------------------------------------------------------


def _prevention(*more: Event, notice: dt.date | None = None) -> list[Event]:
    """Prevention from 2023-03-01 (day 56 = 2023-04-25, day 57 = 2023-04-26)."""
    return [
        *YOUNG,
        _apply(D(2023, 3, 1), appears_homeless=False),
        ev.ThreatenedWithHomelessness(
            on=D(2023, 3, 1), application="A1", homeless_by=D(2023, 4, 20), notice_expires=notice
        ),
        *more,
    ]


def _days_elapsed(on: dt.date) -> Event:
    return ev.DutyEnded(on=on, application="A1", duty="prevention", reason="days_elapsed")


def test_prevention_ended_on_the_56_day_ground_on_day_56_is_a_barred_ground() -> None:
    """HA 1996 s195(8)(b); DECISIONS D21: the 56-day ground needs the 56 days beginning with the day
    the authority was satisfied to have passed; a notice on day 56 still ends prevention, with a Concern."""
    timeline = _timeline(_prevention(_days_elapsed(D(2023, 4, 25))))
    assert timeline.at(D(2023, 4, 24)).owes("prevention")
    assert not timeline.at(D(2023, 4, 25)).owes("prevention")
    assert "ended_on_barred_ground" in _codes(timeline, D(2023, 4, 25))


def test_prevention_ended_on_the_56_day_ground_on_day_57_is_no_concern() -> None:
    """HA 1996 s195(8)(b); DECISIONS D21: from day 57 the 56-day ground is available."""
    timeline = _timeline(_prevention(_days_elapsed(D(2023, 4, 26))))
    assert timeline.at(D(2023, 4, 25)).owes("prevention")
    assert not timeline.at(D(2023, 4, 26)).owes("prevention")
    assert "ended_on_barred_ground" not in {c.code for c in timeline.concerns}


def test_s195_6_bars_the_56_day_ground_while_a_notice_expires_within_56_days() -> None:
    """HA 1996 s195(6); DECISIONS D4, D21: on 2023-04-26 a s21 notice expiring on 2023-06-21 (that day
    + 56) expires within 56 days, so the 56-day ground is barred; one expiring on 2023-06-22 is not."""
    within = _timeline(_prevention(_days_elapsed(D(2023, 4, 26)), notice=D(2023, 6, 21)))
    assert "ended_on_barred_ground" in _codes(within, D(2023, 4, 26))
    beyond = _timeline(_prevention(_days_elapsed(D(2023, 4, 26)), notice=D(2023, 6, 22)))
    assert "ended_on_barred_ground" not in {c.code for c in beyond.concerns}


def test_s195_6_counts_a_notice_recorded_after_the_threat_but_not_after_the_ending() -> None:
    """HA 1996 s195(6); DECISIONS D21: a s21 notice recorded during prevention bars the 56-day ground
    at the date of the ending notice, although the applicant was first threatened on other facts; a
    notice recorded only after prevention ended does not."""
    later = ev.ThreatenedWithHomelessness(on=D(2023, 4, 10), application="A1", notice_expires=D(2023, 6, 1))
    barred = _timeline(_prevention(later, _days_elapsed(D(2023, 4, 26))))
    assert "ended_on_barred_ground" in _codes(barred, D(2023, 4, 26))
    after = ev.ThreatenedWithHomelessness(on=D(2023, 4, 27), application="A1", notice_expires=D(2023, 6, 1))
    clear = _timeline(_prevention(_days_elapsed(D(2023, 4, 26)), after))
    assert "ended_on_barred_ground" not in {c.code for c in clear.concerns}


def test_prevention_does_not_end_by_itself_after_56_days() -> None:
    """HA 1996 s195(5), (8); DECISIONS D21: prevention ends only by notice or a homelessness decision,
    so it is still owed on day 57 and months later."""
    timeline = _timeline(_prevention())
    assert timeline.at(D(2023, 4, 26)).owes("prevention", by=LEEDS)
    assert timeline.at(D(2023, 9, 1)).owes("prevention", by=LEEDS)


def test_assessment_is_kept_under_review_only_while_prevention_or_relief_is_owed() -> None:
    """HA 1996 s189A(1), (9): the assessment and plan are kept under review until no prevention or relief
    duty is owed: prevention ended by notice on 2023-04-26 and relief from 2023-05-10 leave a gap."""
    timeline = _timeline(_prevention(_days_elapsed(D(2023, 4, 26)), ev.Homeless(on=D(2023, 5, 10), application="A1")))
    assert timeline.at(D(2023, 4, 25)).owes("assessment_and_plan", by=LEEDS)
    assert not timeline.at(D(2023, 4, 26)).owes("assessment_and_plan")
    assert not timeline.at(D(2023, 5, 9)).owes("assessment_and_plan")
    assert timeline.at(D(2023, 5, 10)).owes("assessment_and_plan", by=LEEDS)


def test_nothing_is_owed_once_the_application_is_withdrawn() -> None:
    """HA 1996 s189B(7)(f), s195(8)(g) (housing.md P7, R7): a withdrawn application owes nothing more:
    homeless the day before the withdrawal, relief is owed for that day; homeless on the day of the
    withdrawal or later, no relief and no main duty arise."""
    before = _timeline(
        _prevention(
            ev.Homeless(on=D(2023, 3, 30), application="A1"),
            ev.ApplicationWithdrawn(on=D(2023, 3, 31), application="A1"),
        )
    )
    assert before.at(D(2023, 3, 30)).owes("relief")
    assert not before.at(D(2023, 3, 31)).owes("relief")
    same_day = _timeline(
        _prevention(
            ev.ApplicationWithdrawn(on=D(2023, 3, 31), application="A1"),
            ev.Homeless(on=D(2023, 3, 31), application="A1"),
        )
    )
    later = _timeline(
        _prevention(
            ev.ApplicationWithdrawn(on=D(2023, 3, 31), application="A1"),
            ev.Homeless(on=D(2023, 4, 10), application="A1"),
        )
    )
    for timeline in (same_day, later):
        assert not timeline.of_kind("relief")
        assert not timeline.of_kind("main_housing_duty")
        assert not timeline.of_kind("interim_accommodation")


# Relief: the automatic end and the main duty --------------------------------------------------------


def _relief(*more: Event, person: list[Event] = YOUNG) -> list[Event]:
    """Homeless and eligible from 2023-03-01: relief day 56 = 2023-04-25, day 57 = 2023-04-26."""
    return [*person, _apply(D(2023, 3, 1)), ev.Homeless(on=D(2023, 3, 1), application="A1"), *more]


def test_relief_ends_at_the_end_of_day_56_and_the_main_duty_starts_on_day_57() -> None:
    """HA 1996 s189B(4), s193(1)-(2); DECISIONS D3, D20: priority need and no intentionality decision."""
    timeline = _timeline(_relief())
    assert timeline.at(D(2023, 3, 1)).of_kind("relief")[0].due == D(2023, 4, 25)
    day_56, day_57 = timeline.at(D(2023, 4, 25)), timeline.at(D(2023, 4, 26))
    assert day_56.owes("relief", by=LEEDS)
    assert not day_56.owes("main_housing_duty")
    assert not day_57.owes("relief")
    assert day_57.owes("main_housing_duty", by=LEEDS)


def test_relief_without_priority_need_runs_past_day_56_until_notice() -> None:
    """HA 1996 s189B(4), (7)(b); DECISIONS D20: with no priority need (aged 22, not found vulnerable)
    relief does not end automatically; a notice on the 56-day ground ends it and no main duty follows."""
    older = _care_leaver(D(2000, 5, 1))
    timeline = _timeline(
        _relief(ev.DutyEnded(on=D(2023, 5, 10), application="A1", duty="relief", reason="days_elapsed"), person=older)
    )
    assert timeline.at(D(2023, 4, 26)).owes("relief")
    assert timeline.at(D(2023, 5, 9)).owes("relief")
    assert not timeline.at(D(2023, 5, 10)).owes("relief")
    assert not timeline.of_kind("main_housing_duty")


def test_relief_ended_on_the_56_day_ground_on_day_56_is_a_barred_ground() -> None:
    """HA 1996 s189B(7)(b): the 56-day ground needs the 56 days beginning with the day the authority
    was first satisfied to have ended; a notice on day 56 (2023-04-25) still ends relief, with a
    Concern; one on day 57 raises none."""
    older = _care_leaver(D(2000, 5, 1))
    early = _timeline(
        _relief(ev.DutyEnded(on=D(2023, 4, 25), application="A1", duty="relief", reason="days_elapsed"), person=older)
    )
    assert not early.at(D(2023, 4, 25)).owes("relief")
    assert any(c.code == "ended_on_barred_ground" and c.kind == "relief" for c in early.at(D(2023, 4, 25)).concerns)
    on_time = _timeline(
        _relief(ev.DutyEnded(on=D(2023, 4, 26), application="A1", duty="relief", reason="days_elapsed"), person=older)
    )
    assert on_time.at(D(2023, 4, 25)).owes("relief")
    assert "ended_on_barred_ground" not in {c.code for c in on_time.concerns}


def test_intentionality_decision_stops_the_automatic_end_and_leads_to_s190() -> None:
    """HA 1996 s189B(4)(b), s190(2); DECISIONS D20: found intentionally homeless, relief runs past day
    56 until notice; then, with priority need, s190(2) accommodation follows rather than s193."""
    timeline = _timeline(
        _relief(
            ev.IntentionalityDecided(on=D(2023, 4, 1), application="A1", intentional=False),
            ev.IntentionalityDecided(on=D(2023, 4, 20), application="A1", intentional=True),
            ev.DutyEnded(on=D(2023, 5, 2), application="A1", duty="relief", reason="days_elapsed"),
        )
    )
    assert timeline.at(D(2023, 4, 26)).owes("relief")
    assert not timeline.at(D(2023, 5, 1)).owes("intentionally_homeless_accommodation")
    assert timeline.at(D(2023, 5, 2)).owes("intentionally_homeless_accommodation", by=LEEDS)
    assert not timeline.of_kind("main_housing_duty")


# The threat window either side of 2018-04-03 --------------------------------------------------------

# Left care at 18 on 2016-05-01: art 4 priority need until 2019-05-01, as the old s195(2) requires.
LEFT_2016 = _care_leaver(D(1998, 5, 1))


def _threat(applied: dt.date, homeless_by: dt.date) -> lc.Timeline:
    return _timeline(
        [
            *LEFT_2016,
            _apply(applied, appears_homeless=False),
            ev.ThreatenedWithHomelessness(on=applied, application="A1", homeless_by=homeless_by),
        ]
    )


def test_threat_window_28_days_for_an_application_on_2018_04_02() -> None:
    """HA 1996 s175(4) and s195(2) before the HRA 2017; DECISIONS D4, D18: applying on 2018-04-02,
    homelessness likely on 2018-04-30 (day + 28) is a threat at once; on 2018-05-01 only from 2018-04-03,
    still under the old s195(2)."""
    at_28 = _threat(D(2018, 4, 2), D(2018, 4, 30))
    assert at_28.at(D(2018, 4, 2)).of_kind("prevention")[0].citation.provision == "s195(2) (before the HRA 2017)"
    at_29 = _threat(D(2018, 4, 2), D(2018, 5, 1))
    assert not at_29.at(D(2018, 4, 2)).owes("prevention")
    assert at_29.at(D(2018, 4, 3)).of_kind("prevention")[0].citation.provision == "s195(2) (before the HRA 2017)"


def test_threat_window_56_days_for_an_application_on_2018_04_03() -> None:
    """HA 1996 s175(4) as amended by HRA 2017 s1, s195(2); DECISIONS D4, D18: applying on 2018-04-03,
    homelessness likely on 2018-05-29 (day + 56) is a threat at once; on 2018-05-30 only from 2018-04-04."""
    at_56 = _threat(D(2018, 4, 3), D(2018, 5, 29))
    assert at_56.at(D(2018, 4, 3)).of_kind("prevention")[0].citation.provision == "s195(2)"
    at_57 = _threat(D(2018, 4, 3), D(2018, 5, 30))
    assert not at_57.at(D(2018, 4, 3)).owes("prevention")
    assert at_57.at(D(2018, 4, 4)).owes("prevention")


def _homeless_on_2018_04_10(applied: dt.date) -> lc.Timeline:
    return _timeline(
        [*LEFT_2016, _apply(applied, appears_homeless=False), ev.Homeless(on=D(2018, 4, 10), application="A1")]
    )


def test_application_before_the_hra_still_open_after_it_keeps_the_old_rules() -> None:
    """SI 2018/167; HA 1996 s193(2) before the HRA 2017; DECISIONS D18: applied on 2018-03-26 and found
    homeless on 2018-04-10, the old rules apply for the application's whole life: no relief and no
    assessment duty, and the main duty arises on the s184 decision."""
    timeline = _homeless_on_2018_04_10(D(2018, 3, 26))
    assert not timeline.of_kind("relief")
    assert not timeline.of_kind("assessment_and_plan")
    assert timeline.at(D(2018, 4, 10)).owes("main_housing_duty", by=LEEDS)


def test_application_on_2018_04_03_runs_relief_first() -> None:
    """HA 1996 s189B(2), (4), s193(1)(c) as amended; DECISIONS D18: the same facts on an application
    made on 2018-04-03 give relief from 2018-04-10 and the main duty only from day 57 (2018-06-05)."""
    timeline = _homeless_on_2018_04_10(D(2018, 4, 3))
    assert timeline.at(D(2018, 4, 10)).owes("relief")
    assert not timeline.at(D(2018, 6, 4)).owes("main_housing_duty")
    assert timeline.at(D(2018, 6, 5)).owes("main_housing_duty")


# Eligibility -----------------------------------------------------------------------------------------


def test_ineligible_mid_relief_no_main_duty() -> None:
    """HA 1996 s185, s193(1)(a); housing.md section 1.3: someone who ceased to be eligible during relief
    and is not eligible when it ends is owed no main duty; without that change the main duty starts on
    day 57."""
    eligible = _timeline(_relief())
    assert eligible.at(D(2023, 4, 26)).owes("main_housing_duty")
    ineligible = _timeline(_relief(ev.EligibilityChanged(on=D(2023, 3, 20), eligible=False)))
    assert ineligible.at(D(2023, 3, 19)).owes("relief")
    assert not ineligible.at(D(2023, 4, 26)).owes("main_housing_duty")
    assert not ineligible.of_kind("main_housing_duty")


def test_relief_ended_by_notice_of_ineligibility() -> None:
    """HA 1996 s189B(5), (7); housing.md R6: a notice that the applicant is no longer eligible ends
    relief on its date, and no main duty follows."""
    timeline = _timeline(
        _relief(
            ev.EligibilityChanged(on=D(2023, 3, 20), eligible=False),
            ev.DutyEnded(on=D(2023, 3, 21), application="A1", duty="relief", reason="ineligible"),
        )
    )
    assert timeline.at(D(2023, 3, 20)).owes("relief")
    assert not timeline.at(D(2023, 3, 21)).owes("relief")
    assert not timeline.of_kind("main_housing_duty")


def test_eligible_again_by_day_56_main_duty_follows() -> None:
    """HA 1996 s193(1): eligibility is re-tested when relief ends; eligible again on day 56, the main
    duty starts on day 57."""
    timeline = _timeline(
        _relief(
            ev.EligibilityChanged(on=D(2023, 3, 20), eligible=False),
            ev.EligibilityChanged(on=D(2023, 4, 25), eligible=True),
        )
    )
    assert timeline.at(D(2023, 4, 26)).owes("main_housing_duty", by=LEEDS)


# Referral at relief stage ----------------------------------------------------------------------------


def test_referral_at_relief_stage_restarts_56_days_with_the_other_authority() -> None:
    """HA 1996 s198(A1), s199A; housing.md section 1.14: relief with Medway from 2024-10-01 (day 56
    would be 2024-11-25); referred to Maidstone on 2024-10-20, Maidstone owes relief for 56 days
    beginning that day (day 56 = 2024-12-14) and then the main duty."""
    timeline = _timeline(
        [
            *_care_leaver(D(2004, 6, 10), authority=KENT, area=MAIDSTONE),
            _apply(D(2024, 10, 1), authority=MEDWAY),
            ev.Homeless(on=D(2024, 10, 1), application="A1"),
            ev.ApplicationReferred(on=D(2024, 10, 20), application="A1", to=MAIDSTONE),
        ]
    )
    assert timeline.at(D(2024, 10, 19)).owes("relief", by=MEDWAY)
    assert not timeline.at(D(2024, 10, 20)).owes("relief", by=MEDWAY)
    maidstone = timeline.at(D(2024, 10, 20)).of_kind("relief")
    assert [(f.by, f.due) for f in maidstone] == [(MAIDSTONE, D(2024, 12, 14))]
    assert not timeline.at(D(2024, 11, 26)).owes("main_housing_duty")
    assert timeline.at(D(2024, 12, 14)).owes("relief", by=MAIDSTONE)
    assert not timeline.at(D(2024, 12, 14)).owes("main_housing_duty")
    assert timeline.at(D(2024, 12, 15)).owes("main_housing_duty", by=MAIDSTONE)
    assert not timeline.at(D(2024, 12, 15)).owes("main_housing_duty", by=MEDWAY)


# s193A: final offers at relief stage -----------------------------------------------------------------


def _refused(kind: str) -> lc.Timeline:
    return _timeline(
        _relief(
            ev.OfferMade(on=D(2023, 3, 20), application="A1", offer="O1", kind=kind),
            ev.OfferRefused(on=D(2023, 3, 27), application="A1", offer="O1"),
        )
    )


def test_final_accommodation_offer_refused_no_main_duty() -> None:
    """HA 1996 s193A(1)-(3): refusing a final accommodation offer ends relief and s193 does not apply."""
    timeline = _refused("final_accommodation")
    assert timeline.at(D(2023, 3, 26)).owes("relief")
    assert not timeline.at(D(2023, 3, 27)).owes("relief")
    assert not timeline.of_kind("main_housing_duty")


def test_final_part6_offer_refused_no_main_duty() -> None:
    """HA 1996 s193A(1)-(3), (5): refusing a final Part 6 offer ends relief and s193 does not apply."""
    timeline = _refused("final_part6")
    assert not timeline.at(D(2023, 3, 27)).owes("relief")
    assert not timeline.of_kind("main_housing_duty")


def test_ordinary_offer_refused_at_relief_stage_leaves_the_main_duty() -> None:
    """HA 1996 s189B(5), (7)(c), s193A: an ordinary suitable offer refused is not a s193A refusal; without
    a notice relief runs to day 56 and the main duty starts on day 57."""
    timeline = _refused("suitable")
    assert timeline.at(D(2023, 3, 27)).owes("relief")
    assert timeline.at(D(2023, 4, 26)).owes("main_housing_duty")


# Joint sign-off (Code of Guidance 22.17-22.19, from 2024-05-03) -----------------------------------


APPLIED = D(2024, 4, 20)


def _intentional(person: list[Event], decided: dt.date, authority: str = MAIDSTONE) -> list[Event]:
    applied = APPLIED
    return [
        *person,
        _apply(applied, authority=authority),
        ev.Homeless(on=applied, application="A1"),
        ev.IntentionalityDecided(on=decided, application="A1", intentional=True),
    ]


KENT_LEAVER = _care_leaver(D(2003, 6, 1), authority=KENT, area=MAIDSTONE)


def _sign_off(on: dt.date, service: str, authority: str) -> Event:
    return ev.SignedOff(on=on, application="A1", service=service, authority=authority, role="Director")


def test_joint_sign_off_expected_from_2024_05_03_not_before() -> None:
    """Code of Guidance 22.17-22.19 (updated 2024-05-03); DECISIONS D26: an intentionality decision
    about a former relevant child on 2024-05-02 predates the expectation; one on 2024-05-03 owes
    joint sign-off and raises a Concern until it is given."""
    before = _timeline(_intentional(KENT_LEAVER, D(2024, 5, 2)))
    assert not before.of_kind("joint_sign_off")
    assert not any(c.code == "intentionality_without_joint_sign_off" for c in before.concerns)
    on = _timeline(_intentional(KENT_LEAVER, D(2024, 5, 3)))
    found = on.at(D(2024, 5, 3)).of_kind("joint_sign_off")
    assert [(f.by, f.to) for f in found] == [(MAIDSTONE, KENT)]
    assert "intentionality_without_joint_sign_off" in _codes(on, D(2024, 5, 3))


def test_joint_sign_off_ends_when_both_services_have_signed_off() -> None:
    """Code of Guidance 22.18; DECISIONS D26: owed until both the housing authority and the corporate
    parent's children's services have signed off at Director or Assistant Director level: housing on
    2024-06-10 and children's services on 2024-06-12 end it on 2024-06-12."""
    timeline = _timeline(
        [
            *_intentional(KENT_LEAVER, D(2024, 6, 3)),
            _sign_off(D(2024, 6, 10), "housing", MAIDSTONE),
            _sign_off(D(2024, 6, 12), "childrens", KENT),
        ]
    )
    assert timeline.at(D(2024, 6, 11)).owes("joint_sign_off")
    assert "intentionality_without_joint_sign_off" in _codes(timeline, D(2024, 6, 11))
    assert not timeline.at(D(2024, 6, 12)).owes("joint_sign_off")
    assert "intentionality_without_joint_sign_off" not in _codes(timeline, D(2024, 6, 12))


def test_joint_sign_off_by_one_service_is_not_enough() -> None:
    """Code of Guidance 22.18; DECISIONS D26: housing's sign-off alone leaves the expectation open."""
    timeline = _timeline([*_intentional(KENT_LEAVER, D(2024, 6, 3)), _sign_off(D(2024, 6, 10), "housing", MAIDSTONE)])
    assert timeline.at(D(2025, 1, 1)).owes("joint_sign_off", by=MAIDSTONE)


def test_joint_sign_off_out_of_area_needs_the_corporate_parent() -> None:
    """Code of Guidance 22.19; housing.md section 4.1 (out of area); DECISIONS D26: a Kent care leaver
    found intentionally homeless by Newham: the sign-off is owed to Kent, Newham's own children's
    services cannot give it, and it ends when Kent signs off."""
    timeline = _timeline(
        [
            *_intentional(KENT_LEAVER, D(2024, 6, 3), authority=NEWHAM),
            _sign_off(D(2024, 6, 10), "housing", NEWHAM),
            _sign_off(D(2024, 6, 11), "childrens", NEWHAM),
            _sign_off(D(2024, 6, 21), "childrens", KENT),
        ]
    )
    found = timeline.at(D(2024, 6, 20)).of_kind("joint_sign_off")
    assert [(f.by, f.to) for f in found] == [(NEWHAM, KENT)]
    assert any("out of area" in r.text for r in found[0].because)
    assert "intentionality_without_joint_sign_off" in _codes(timeline, D(2024, 6, 20))
    assert not timeline.at(D(2024, 6, 21)).owes("joint_sign_off")


def test_joint_sign_off_in_area_is_not_flagged_out_of_area() -> None:
    """Code of Guidance 22.19: Maidstone is a district of Kent, so a Kent care leaver applying there is
    in the corporate parent's area."""
    found = _timeline(_intentional(KENT_LEAVER, D(2024, 6, 3))).at(D(2024, 6, 3)).of_kind("joint_sign_off")
    assert found and not any("out of area" in r.text for r in found[0].because)


def test_joint_sign_off_ages_18_to_24() -> None:
    """Code of Guidance 22.17; DECISIONS D26: former relevant children aged 18 to 24. Someone looked after
    until 17 is a relevant child until the 18th birthday (2024-05-20) and 25 on 2028-05-20."""
    person = _care_leaver(D(2006, 5, 20), left=D(2023, 11, 20), authority=KENT, area=MAIDSTONE)
    assert not _timeline(_intentional(person, D(2024, 5, 19))).of_kind("joint_sign_off")
    assert _timeline(_intentional(person, D(2024, 5, 20))).at(D(2024, 5, 20)).owes("joint_sign_off")


def test_joint_sign_off_ends_at_25() -> None:
    """Code of Guidance 22.17; DECISIONS D26: decided the day before the 25th birthday (2024-05-10) the
    expectation applies; decided on the birthday it does not."""
    person = _care_leaver(D(1999, 5, 10), authority=KENT, area=MAIDSTONE)
    assert _timeline(_intentional(person, D(2024, 5, 9))).at(D(2024, 5, 9)).owes("joint_sign_off")
    assert not _timeline(_intentional(person, D(2024, 5, 10))).of_kind("joint_sign_off")


# Duty to refer (s213B, from 2018-10-01) --------------------------------------------------------------


def test_duty_to_refer_from_2018_10_01_not_before() -> None:
    """HA 1996 s213B; SI 2018/223 reg 1(3); DECISIONS D28: Kent children's services consider on
    2018-09-28 that a care leaver may be homeless; the duty bites from 2018-10-01 and ends with the
    referral to Maidstone on 2018-10-05."""
    timeline = _timeline(
        [
            *KENT_LEAVER,
            ev.HomelessnessRiskIdentified(on=D(2018, 9, 28), by=KENT),
            ev.ReferralMade(on=D(2018, 10, 5), by=KENT, to=MAIDSTONE),
        ]
    )
    assert not timeline.at(D(2018, 9, 30)).owes("duty_to_refer")
    assert timeline.at(D(2018, 10, 1)).owes("duty_to_refer", by=KENT)
    assert timeline.at(D(2018, 10, 4)).owes("duty_to_refer", by=KENT)
    assert not timeline.at(D(2018, 10, 5)).owes("duty_to_refer")


def test_duty_to_refer_ends_with_a_homelessness_application() -> None:
    """HA 1996 s213B; DECISIONS D28: the duty ends when the person applies to a housing authority."""
    timeline = _timeline(
        [*KENT_LEAVER, ev.HomelessnessRiskIdentified(on=D(2024, 3, 1), by=KENT), _apply(D(2024, 3, 8), MAIDSTONE)]
    )
    assert timeline.at(D(2024, 3, 7)).owes("duty_to_refer")
    assert not timeline.at(D(2024, 3, 8)).owes("duty_to_refer")


# Bed and breakfast -------------------------------------------------------------------------------


def _bnb(person: list[Event], placed: dt.date, *more: Event) -> lc.Timeline:
    return _timeline(
        [
            *person,
            _apply(placed),
            ev.Homeless(on=placed, application="A1"),
            ev.AccommodationSecured(on=placed, application="A1", area=LEEDS, under="s188", kind="bed_and_breakfast"),
            *more,
        ]
    )


def test_bed_and_breakfast_16_17_until_the_18th_birthday() -> None:
    """16-17 guidance (MHCLG/DfE 2018): B&B is never suitable for a 16 or 17 year old; the Concern
    stands until the day before the 18th birthday (2023-06-01)."""
    timeline = _bnb([ev.Born(on=D(2005, 6, 1))], D(2023, 5, 25))
    assert "bed_and_breakfast_16_17" in _codes(timeline, D(2023, 5, 25))
    assert "bed_and_breakfast_16_17" in _codes(timeline, D(2023, 5, 31))
    assert "bed_and_breakfast_16_17" not in _codes(timeline, D(2023, 6, 1))


def test_bed_and_breakfast_care_leaver_beyond_two_working_days() -> None:
    """CA 1989 guidance volume 3: B&B for a care leaver only in an emergency and for at most two working
    days: placed on Monday 2024-03-04, the Concern starts on Wednesday 2024-03-06."""
    timeline = _bnb(YOUNG, D(2024, 3, 4))
    assert "bed_and_breakfast_care_leaver" not in _codes(timeline, D(2024, 3, 5))
    assert "bed_and_breakfast_care_leaver" in _codes(timeline, D(2024, 3, 6))


def test_bed_and_breakfast_care_leaver_working_days_skip_the_weekend() -> None:
    """CA 1989 guidance volume 3: placed on Friday 2024-03-08, the two working days are Friday and
    Monday, so the Concern starts on Tuesday 2024-03-12."""
    timeline = _bnb(YOUNG, D(2024, 3, 8))
    assert "bed_and_breakfast_care_leaver" not in _codes(timeline, D(2024, 3, 11))
    assert "bed_and_breakfast_care_leaver" in _codes(timeline, D(2024, 3, 12))


def test_bed_and_breakfast_care_leaver_concern_ends_at_25() -> None:
    """CA 1989 guidance volume 3 concerns former relevant children, who are care leavers until 25
    (s23CZB; DECISIONS D13): placed on Monday 2024-05-06, the Concern starts on Wednesday and stops on
    the 25th birthday, 2024-05-10."""
    timeline = _bnb(_care_leaver(D(1999, 5, 10)), D(2024, 5, 6))
    assert "bed_and_breakfast_care_leaver" in _codes(timeline, D(2024, 5, 8))
    assert "bed_and_breakfast_care_leaver" in _codes(timeline, D(2024, 5, 9))
    assert "bed_and_breakfast_care_leaver" not in _codes(timeline, D(2024, 5, 10))


def test_bed_and_breakfast_not_a_care_leaver_concern_for_others() -> None:
    """CA 1989 guidance volume 3 concerns care leavers only: an adult never looked after raises none."""
    timeline = _bnb([ev.Born(on=D(2003, 5, 1))], D(2024, 3, 4))
    assert "bed_and_breakfast_care_leaver" not in {c.code for c in timeline.concerns}


FAMILY = [
    ev.Born(on=D(1990, 1, 1)),
]


def _family_bnb(*more: Event) -> lc.Timeline:
    return _bnb(
        FAMILY,
        D(2023, 3, 1),
        ev.PriorityNeedDecided(on=D(2023, 3, 1), application="A1", priority_need=True, ground="dependent_children"),
        *more,
    )


def test_bed_and_breakfast_family_beyond_six_weeks() -> None:
    """Homelessness (Suitability of Accommodation) (England) Order 2003 arts 3-4: an applicant with
    family commitments in B&B from 2023-03-01: day 42 (2023-04-11) is within six weeks, day 43 is not."""
    timeline = _family_bnb()
    assert "bed_and_breakfast_family" not in _codes(timeline, D(2023, 4, 11))
    assert "bed_and_breakfast_family" in _codes(timeline, D(2023, 4, 12))


def test_bed_and_breakfast_family_six_weeks_in_total() -> None:
    """Suitability Order 2003 art 4(1)(b): six weeks is "a period, or a total of periods": 30 days in
    B&B in March, then self-contained accommodation, then B&B again from 2023-04-10: the 43rd B&B day
    is 2023-04-22."""
    timeline = _family_bnb(
        ev.AccommodationSecured(on=D(2023, 3, 31), application="A1", area=LEEDS, under="s188", kind="temporary"),
        ev.AccommodationSecured(
            on=D(2023, 4, 10), application="A1", area=LEEDS, under="s188", kind="bed_and_breakfast"
        ),
    )
    assert "bed_and_breakfast_family" not in _codes(timeline, D(2023, 4, 21))
    assert "bed_and_breakfast_family" in _codes(timeline, D(2023, 4, 22))


def test_bed_and_breakfast_no_family_commitments_no_six_week_concern() -> None:
    """Suitability Order 2003 art 3 applies to applicants with family commitments only."""
    timeline = _bnb(FAMILY, D(2023, 3, 1))
    assert "bed_and_breakfast_family" not in {c.code for c in timeline.concerns}
