"""The course of a Part 7 application, as the second legal review read it (DECISIONS D39-D43).

- D39: a s193B notice given during prevention bars the main duty (s193(1A)(b)); s193C(4) follows relief.
- D40: interim accommodation ends when the authority decides no relief duty is owed (s188(1ZB)(a)), and
  before 3 April 2018 when the s184 decision on an applicant found threatened is notified (s188(3)).
- D41: joint sign-off (Code of Guidance 22.18) is expected only while the intentionality decision stands.
- D42: any sign-off role is recorded; only Director or Assistant Director level (or above) meets 22.18.
- D43: priority need established only after day 56 leaves relief running, with a Concern.

Day counts follow D3 ("56 days beginning with" day 1: day 57 is start + 56).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.duties.intentionality import senior_role
from leavingcare.events.base import Event
from leavingcare.events.codec import json_schema
from leavingcare.periods import difference, union
from leavingcare.report.explain import explain
from test_housing_properties import one_application

D = dt.date
LEEDS = "E08000035"
MAIDSTONE = "E07000110"
KENT = "E10000016"


def _care_leaver(born: dt.date, authority: str = LEEDS, area: str = LEEDS) -> list[Event]:
    """Looked after from the 14th to the 18th birthday under a care order, in foster care: a former
    relevant child with art 4 priority need until 21."""
    return [
        ev.Born(on=born),
        ev.CareStarted(
            on=born.replace(year=born.year + 14), authority=authority, legal_status="C2", placement="U4", area=area
        ),
        ev.CareEnded(on=born.replace(year=born.year + 18), reason="E8"),
    ]


def _apply(on: dt.date, appears_homeless: bool, authority: str = LEEDS) -> Event:
    return ev.HomelessnessApplication(on=on, application="A1", authority=authority, appears_homeless=appears_homeless)


def _timeline(events: list[Event]) -> lc.Timeline:
    return lc.timeline(lc.History.of(events))


def _codes(timeline: lc.Timeline, on: dt.date) -> set[str]:
    return {c.code for c in timeline.at(on).concerns}


# Aged 19 in 2023, art 4 priority need until 2024-05-01.
YOUNG = _care_leaver(D(2003, 5, 1))
# Aged 22 in 2023: no art 4 priority need.
OLDER = _care_leaver(D(2000, 5, 1))


# D39: a s193B notice during prevention ------------------------------------------------------------


def _notice_then_homeless(notice: dt.date, *more: Event) -> list[Event]:
    """Prevention from 2023-03-01; homeless on 2023-04-20, so relief day 56 is 2023-06-14."""
    return [
        *YOUNG,
        _apply(D(2023, 3, 1), appears_homeless=False),
        ev.ThreatenedWithHomelessness(on=D(2023, 3, 1), application="A1", homeless_by=D(2023, 4, 20)),
        ev.NonCooperationNotice(on=notice, application="A1"),
        ev.Homeless(on=D(2023, 4, 20), application="A1"),
        *more,
    ]


def test_s193b_notice_during_prevention_bars_the_main_duty_after_relief() -> None:
    """HA 1996 s193(1A)(b), s193B(1)(a), s193C(4); DECISIONS D39: a notice on 2023-03-20 ends prevention;
    relief then runs from the day the applicant is found homeless; when it ends automatically after day
    56, s193 does not apply because the authority gave the notice, and s193C(4) accommodation follows."""
    timeline = _timeline(_notice_then_homeless(D(2023, 3, 20)))
    assert timeline.at(D(2023, 3, 19)).owes("prevention")
    assert not timeline.at(D(2023, 3, 20)).owes("prevention")
    day_56, day_57 = timeline.at(D(2023, 6, 14)), timeline.at(D(2023, 6, 15))
    assert day_56.owes("relief", by=LEEDS)
    assert not day_56.owes("non_cooperation_accommodation")
    assert not day_57.owes("relief")
    assert not timeline.of_kind("main_housing_duty")
    [duty] = day_57.of_kind("non_cooperation_accommodation")
    assert (duty.by, duty.since, duty.until) == (LEEDS, D(2023, 6, 15), None)
    assert duty.citation.provision == "s193C(4)"
    assert any("s193(1A)(b)" in r.text for r in duty.because)


def test_s193b_notice_on_the_last_day_of_prevention_and_on_the_day_homeless() -> None:
    """HA 1996 s193B(1), s193C(2)-(4); DECISIONS D39: a notice on 2023-04-19, the last day of prevention,
    bars s193 and s193C(4) follows relief from day 57; a notice on 2023-04-20, the day the applicant is
    found homeless, ends relief that day and s193C(4) starts at once. Neither leads to the main duty."""
    during_prevention = _timeline(_notice_then_homeless(D(2023, 4, 19)))
    assert during_prevention.at(D(2023, 4, 18)).owes("prevention")
    assert during_prevention.at(D(2023, 6, 14)).owes("relief")
    assert not during_prevention.at(D(2023, 6, 14)).owes("non_cooperation_accommodation")
    assert during_prevention.at(D(2023, 6, 15)).owes("non_cooperation_accommodation", by=LEEDS)
    assert not during_prevention.of_kind("main_housing_duty")
    during_relief = _timeline(_notice_then_homeless(D(2023, 4, 20)))
    assert not during_relief.at(D(2023, 4, 20)).owes("relief")
    assert during_relief.at(D(2023, 4, 20)).owes("non_cooperation_accommodation", by=LEEDS)
    assert not during_relief.of_kind("main_housing_duty")


def test_s193b_notice_during_prevention_leaves_s190_for_an_intentionally_homeless_applicant() -> None:
    """HA 1996 s190(2), s193(1A)(b): the notice disapplies s193 only; an applicant in priority need found
    intentionally homeless is owed s190(2) accommodation when relief ends by notice (2023-07-01)."""
    timeline = _timeline(
        _notice_then_homeless(
            D(2023, 3, 20),
            ev.IntentionalityDecided(on=D(2023, 5, 1), application="A1", intentional=True),
            ev.DutyEnded(on=D(2023, 7, 1), application="A1", duty="relief", reason="days_elapsed"),
        )
    )
    assert timeline.at(D(2023, 7, 1)).owes("intentionally_homeless_accommodation", by=LEEDS)
    assert not timeline.of_kind("non_cooperation_accommodation")
    assert not timeline.of_kind("main_housing_duty")


def test_s193b_notice_during_prevention_is_named_in_the_main_duty_explanation() -> None:
    """HA 1996 s193(1A)(b); DECISIONS D39: explaining why the main duty is not owed names the notice given
    during prevention, both while relief runs and after it ended."""
    history = lc.History.of(_notice_then_homeless(D(2023, 3, 20)))
    running = " ".join(explain(history, D(2023, 5, 1), "main_housing_duty").split())
    assert "a s193B notice was given during prevention, so s193 does not apply (s193(1A)(b))" in running
    ended = " ".join(explain(history, D(2023, 6, 20), "main_housing_duty").split())
    assert "s193(1A)(b)" in ended


# D40: interim accommodation when no relief duty is owed --------------------------------------------


def _threatened_not_homeless(*more: Event) -> list[Event]:
    """Appears homeless on applying (2023-03-01), so interim accommodation starts; on 2023-03-10 the
    authority decides the applicant is threatened, not homeless; prevention ends on 2023-04-05 with
    accommodation secured, and the applicant never becomes homeless."""
    return [
        *YOUNG,
        _apply(D(2023, 3, 1), appears_homeless=True),
        ev.ThreatenedWithHomelessness(on=D(2023, 3, 10), application="A1", homeless_by=D(2023, 4, 20)),
        *more,
    ]


def test_s188_ends_when_the_authority_decides_the_applicant_is_threatened_not_homeless() -> None:
    """HA 1996 s188(1ZB)(a), s189B(1); DECISIONS D40: deciding the applicant is threatened with
    homelessness, not homeless, is notice that no relief duty is owed: interim accommodation is owed on
    2023-03-09 and not from 2023-03-10, and never outlasts the inquiries."""
    timeline = _timeline(
        _threatened_not_homeless(
            ev.DutyEnded(on=D(2023, 4, 5), application="A1", duty="prevention", reason="accommodation_secured")
        )
    )
    assert timeline.at(D(2023, 3, 9)).owes("interim_accommodation", by=LEEDS)
    assert not timeline.at(D(2023, 3, 10)).owes("interim_accommodation")
    [interim] = timeline.of_kind("interim_accommodation")
    assert interim.until == D(2023, 3, 10)
    assert any("s188(1ZB)" in r.text for r in interim.because)
    assert timeline.at(D(2023, 3, 10)).owes("prevention", by=LEEDS)
    assert not timeline.at(D(2023, 4, 5)).owes("homelessness_inquiries")
    assert not timeline.at(D(2024, 1, 1)).owes("interim_accommodation")


def test_s188_is_owed_again_from_the_day_a_threatened_applicant_is_found_homeless() -> None:
    """HA 1996 s188(1), s189B(1); DECISIONS D40: found threatened on 2023-03-10 and homeless on
    2023-04-20, the applicant (in priority need) is owed interim accommodation again from 2023-04-20
    until relief ends after day 56 (2023-06-14)."""
    timeline = _timeline(_threatened_not_homeless(ev.Homeless(on=D(2023, 4, 20), application="A1")))
    assert not timeline.at(D(2023, 4, 19)).owes("interim_accommodation")
    assert timeline.at(D(2023, 4, 20)).owes("interim_accommodation", by=LEEDS)
    assert timeline.at(D(2023, 6, 14)).owes("interim_accommodation")
    assert not timeline.at(D(2023, 6, 15)).owes("interim_accommodation")
    assert timeline.at(D(2023, 6, 15)).owes("main_housing_duty", by=LEEDS)


# Left care at 18 on 2016-05-01: art 4 priority need until 2019-05-01.
LEFT_2016 = _care_leaver(D(1998, 5, 1))


def _pre_hra(*more: Event) -> list[Event]:
    """An application on 2017-06-01, appearing homeless, found threatened (not homeless) on 2017-06-10."""
    return [
        *LEFT_2016,
        _apply(D(2017, 6, 1), appears_homeless=True),
        ev.ThreatenedWithHomelessness(on=D(2017, 6, 10), application="A1", homeless_by=D(2017, 6, 30)),
        *more,
    ]


def test_s188_before_2018_ceases_when_the_decision_on_a_threatened_applicant_is_notified() -> None:
    """HA 1996 s188(1), (3) as enacted ("pending a decision as to the duty (if any) owed"; "The duty
    ceases when the authority's decision is notified"); DECISIONS D18, D40: interim accommodation is owed
    on 2017-06-09 and ceases on 2017-06-10 with the decision that the applicant is threatened; the
    inquiries close the same day; the old s195(2) duty is owed from then."""
    timeline = _timeline(_pre_hra())
    assert timeline.at(D(2017, 6, 9)).owes("interim_accommodation", by=LEEDS)
    assert not timeline.at(D(2017, 6, 10)).owes("interim_accommodation")
    assert not timeline.at(D(2017, 6, 10)).owes("homelessness_inquiries")
    assert timeline.at(D(2017, 6, 10)).owes("prevention", by=LEEDS)
    assert not timeline.at(D(2018, 1, 1)).owes("interim_accommodation")


def test_s188_before_2018_waits_for_the_intentionality_decision_on_a_threatened_applicant() -> None:
    """HA 1996 s184(3), s188(3) as enacted; DECISIONS D18, D40: the s184 decision is the later of the
    finding and the first intentionality decision recorded before any finding of homelessness, here
    2017-06-15: interim accommodation is owed on 2017-06-14, not on 2017-06-15."""
    timeline = _timeline(_pre_hra(ev.IntentionalityDecided(on=D(2017, 6, 15), application="A1", intentional=False)))
    assert timeline.at(D(2017, 6, 14)).owes("interim_accommodation")
    assert not timeline.at(D(2017, 6, 15)).owes("interim_accommodation")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_application())
def test_interim_accommodation_is_owed_only_while_inquiries_are_open(case: tuple[lc.History, dt.date]) -> None:
    """HA 1996 s184, s188(1ZA)-(1ZB) (and s188(3) before 2018-04-03); DECISIONS D40: interim
    accommodation lasts at most until the duty owed is decided, so it is never owed on a day when the
    inquiries into that duty have closed."""
    history, _ = case
    timeline = lc.timeline(history)
    interim = union(f.period for f in timeline.of_kind("interim_accommodation"))
    inquiries = union(f.period for f in timeline.of_kind("homelessness_inquiries"))
    assert not difference(interim, inquiries)


# D41-D42: joint sign-off ---------------------------------------------------------------------------

# A Kent care leaver, 20 in 2024, applying to Maidstone (a district of Kent).
KENT_LEAVER = _care_leaver(D(2003, 6, 1), authority=KENT, area=MAIDSTONE)


def _intentional(*more: Event) -> list[Event]:
    return [
        *KENT_LEAVER,
        _apply(D(2024, 4, 20), appears_homeless=True, authority=MAIDSTONE),
        ev.Homeless(on=D(2024, 4, 20), application="A1"),
        ev.IntentionalityDecided(on=D(2024, 6, 3), application="A1", intentional=True),
        *more,
    ]


def _sign_off(on: dt.date, service: str, role: str) -> Event:
    authority = MAIDSTONE if service == "housing" else KENT
    return ev.SignedOff(on=on, application="A1", service=service, authority=authority, role=role)


def test_joint_sign_off_ends_when_a_later_decision_finds_the_applicant_not_intentionally_homeless() -> None:
    """Code of Guidance 22.18 (from 2024-05-03); DECISIONS D41: the expectation follows the decision that
    the care leaver became homeless intentionally; a decision on 2024-07-01 that they did not ends it and
    its Concern that day."""
    timeline = _timeline(_intentional(ev.IntentionalityDecided(on=D(2024, 7, 1), application="A1", intentional=False)))
    day_before, day_of = timeline.at(D(2024, 6, 30)), timeline.at(D(2024, 7, 1))
    assert day_before.owes("joint_sign_off", by=MAIDSTONE)
    assert "intentionality_without_joint_sign_off" in _codes(timeline, D(2024, 6, 30))
    assert not day_of.owes("joint_sign_off")
    assert "intentionality_without_joint_sign_off" not in _codes(timeline, D(2024, 7, 1))
    [finding] = timeline.of_kind("joint_sign_off")
    assert finding.until == D(2024, 7, 1)
    assert any("not intentionally homeless" in r.text for r in finding.because)


def test_joint_sign_off_is_expected_again_when_intentionality_is_decided_again() -> None:
    """Code of Guidance 22.18; DECISIONS D41: reversed on 2024-07-01 and found intentionally homeless
    again on 2024-08-01, the expectation stands again from 2024-08-01, not on 2024-07-31."""
    timeline = _timeline(
        _intentional(
            ev.IntentionalityDecided(on=D(2024, 7, 1), application="A1", intentional=False),
            ev.IntentionalityDecided(on=D(2024, 8, 1), application="A1", intentional=True),
        )
    )
    assert not timeline.at(D(2024, 7, 31)).owes("joint_sign_off")
    assert timeline.at(D(2024, 8, 1)).owes("joint_sign_off", by=MAIDSTONE)


def test_sign_off_by_a_head_of_service_is_recorded_but_leaves_the_sign_off_outstanding() -> None:
    """Code of Guidance 22.18; DECISIONS D42: a history with a sign-off by a "Head of Service" is read,
    not refused; the expectation stays outstanding with a Concern naming the role from 2024-06-10 until
    an Assistant Director signs off for housing on 2024-06-20 (children's services' Director signed off
    on 2024-06-12)."""
    timeline = _timeline(
        _intentional(
            _sign_off(D(2024, 6, 10), "housing", "Head of Service"),
            _sign_off(D(2024, 6, 12), "childrens", "Director of Children's Services"),
            _sign_off(D(2024, 6, 20), "housing", "Assistant Director, Housing"),
        )
    )
    assert "sign_off_below_senior_level" not in _codes(timeline, D(2024, 6, 9))
    assert "sign_off_below_senior_level" in _codes(timeline, D(2024, 6, 10))
    [below] = [c for c in timeline.at(D(2024, 6, 19)).concerns if c.code == "sign_off_below_senior_level"]
    assert (below.by, below.to, below.since, below.until) == (MAIDSTONE, KENT, D(2024, 6, 10), D(2024, 6, 20))
    assert '"Head of Service"' in below.because[0].text
    assert timeline.at(D(2024, 6, 19)).owes("joint_sign_off", by=MAIDSTONE)
    assert "intentionality_without_joint_sign_off" in _codes(timeline, D(2024, 6, 19))
    assert not timeline.at(D(2024, 6, 20)).owes("joint_sign_off")
    assert not _codes(timeline, D(2024, 6, 20)) & {
        "sign_off_below_senior_level",
        "intentionality_without_joint_sign_off",
    }


def test_sign_off_below_senior_level_alone_never_ends_the_expectation() -> None:
    """Code of Guidance 22.18; DECISIONS D42: team managers of both services signing off leave the joint
    sign-off owed, with one Concern for each role."""
    timeline = _timeline(
        _intentional(
            _sign_off(D(2024, 6, 10), "housing", "Team Manager"),
            _sign_off(D(2024, 6, 11), "childrens", "Service Manager"),
        )
    )
    assert timeline.at(D(2025, 1, 1)).owes("joint_sign_off")
    below = [c for c in timeline.at(D(2025, 1, 1)).concerns if c.code == "sign_off_below_senior_level"]
    assert sorted(c.because[0].text.split('"')[1] for c in below) == ["Service Manager", "Team Manager"]


@pytest.mark.parametrize(
    ("role", "senior"),
    [
        ("Director", True),
        ("Assistant Director", True),
        ("assistant director", True),
        ("Director of Children's Services", True),
        ("Assistant Director (Housing)", True),
        ("Assistant Director - Housing Options", True),
        ("Interim Director of Housing", True),
        ("Acting Assistant Director", True),
        ("Deputy Director, Children's Social Care", True),
        ("Executive Director for People", True),
        ("Chief Executive", True),
        ("Head of Service", False),
        ("Head of Housing", False),
        ("Team Manager", False),
        ("Directorate Support Officer", False),
        ("Director's Personal Assistant", False),
    ],
)
def test_code_22_18_senior_level_by_role(role: str, senior: bool) -> None:
    """Code of Guidance 22.18; DECISIONS D42: Director or Assistant Director, or a title at or above that
    tier, before any qualifier, optionally Interim or Acting."""
    assert senior_role(role) is senior


def _signed_off_line(role: object) -> str:
    return json.dumps(
        {"type": "SignedOff", "on": "2024-06-10", "application": "A1", "service": "housing"}
        | {"authority": MAIDSTONE, "role": role}
    )


def _history_lines(*extra: str) -> list[str]:
    return [
        json.dumps({"type": "Born", "on": "2003-06-01"}),
        json.dumps(
            {"type": "HomelessnessApplication", "on": "2024-04-20", "application": "A1"}
            | {"authority": MAIDSTONE, "appears_homeless": True}
        ),
        *extra,
    ]


def test_any_bounded_role_is_read_from_jsonl() -> None:
    """DESIGN section 5 (`SignedOff.role`: any role the protocol records); DECISIONS D42."""
    history = lc.History.from_jsonl(_history_lines(_signed_off_line("Head of Service")))
    [signed] = [e.event for e in history.envelopes if isinstance(e.event, ev.SignedOff)]
    assert signed.role == "Head of Service"


@pytest.mark.parametrize(
    ("role", "reason"),
    [
        ("", "non-empty"),
        ("   ", "non-empty"),
        ("Z" * 101, "at most 100 characters"),
        ("Head of\nService", "one line"),
        (12345, "must be a string"),
    ],
)
def test_a_blank_or_unbounded_role_is_refused_without_quoting_it(role: object, reason: str) -> None:
    """DECISIONS D42; STYLE "Errors say what and where": a role must be a non-blank line of at most 100
    characters; the error names the line and the field, never the value given."""
    with pytest.raises(lc.InvalidEvent) as error:
        lc.History.from_jsonl(_history_lines(_signed_off_line(role)))
    message = str(error.value)
    assert "line 3 (SignedOff)" in message and "role" in message and reason in message
    if isinstance(role, str) and role.strip():
        assert role not in message and "ZZZ" not in message


def test_the_schema_bounds_the_role() -> None:
    """DECISIONS D42: the published JSON Schema says what the reader accepts for a role."""
    [variant] = [v for v in json_schema()["oneOf"] if v["title"] == "SignedOff"]
    assert variant["properties"]["role"] == {"type": "string", "minLength": 1, "maxLength": 100}


# D43: priority need established after day 56 -------------------------------------------------------


def _relief(*more: Event) -> list[Event]:
    """Aged 22, homeless and eligible from 2023-03-01 with no priority need ground: relief day 56 is
    2023-04-25, day 57 is 2023-04-26."""
    return [
        *OLDER,
        _apply(D(2023, 3, 1), appears_homeless=True),
        ev.Homeless(on=D(2023, 3, 1), application="A1"),
        *more,
    ]


def _priority_need(on: dt.date) -> Event:
    return ev.PriorityNeedDecided(on=on, application="A1", priority_need=True, ground="other")


def test_priority_need_established_after_day_56_keeps_relief_with_a_concern() -> None:
    """HA 1996 s189B(4), (7)(b); DECISIONS D43: priority need decided on 2023-05-10, after day 56, does
    not end relief by itself; relief continues until notice on 2023-06-01, a Concern stands from
    2023-05-10 to then, and the main duty follows the notice."""
    timeline = _timeline(
        _relief(
            _priority_need(D(2023, 5, 10)),
            ev.DutyEnded(on=D(2023, 6, 1), application="A1", duty="relief", reason="days_elapsed"),
        )
    )
    assert "priority_need_after_day_56" not in _codes(timeline, D(2023, 5, 9))
    assert timeline.at(D(2023, 5, 10)).owes("relief", by=LEEDS)
    [concern] = [c for c in timeline.at(D(2023, 5, 10)).concerns if c.code == "priority_need_after_day_56"]
    assert (concern.kind, concern.by, concern.since, concern.until) == ("relief", LEEDS, D(2023, 5, 10), D(2023, 6, 1))
    assert concern.citation.provision == "s189B(5)-(7)"
    assert "2023-04-25" in concern.because[0].text
    assert not timeline.at(D(2023, 5, 31)).owes("main_housing_duty")
    assert timeline.at(D(2023, 6, 1)).owes("main_housing_duty", by=LEEDS)


def test_priority_need_on_day_56_ends_relief_but_on_day_57_raises_the_concern() -> None:
    """HA 1996 s189B(4); DECISIONS D20, D43: priority need decided on day 56 (2023-04-25) ends relief
    automatically and the main duty starts on day 57, with no Concern; decided on day 57 (2023-04-26),
    relief runs on and the Concern stands from that day while relief is owed."""
    on_day_56 = _timeline(_relief(_priority_need(D(2023, 4, 25))))
    assert on_day_56.at(D(2023, 4, 26)).owes("main_housing_duty")
    assert not on_day_56.at(D(2023, 4, 26)).owes("relief")
    assert "priority_need_after_day_56" not in {c.code for c in on_day_56.concerns}
    on_day_57 = _timeline(_relief(_priority_need(D(2023, 4, 26))))
    assert on_day_57.at(D(2023, 4, 26)).owes("relief")
    assert not on_day_57.of_kind("main_housing_duty")
    assert "priority_need_after_day_56" in _codes(on_day_57, D(2023, 4, 26))
    assert "priority_need_after_day_56" in _codes(on_day_57, D(2024, 1, 1))


def test_vulnerability_from_care_found_after_day_56_raises_the_concern() -> None:
    """Priority Need Order 2002 art 5(1); HA 1996 s189B(4); DECISIONS D22, D43: a care leaver aged 22
    found vulnerable as a result of having been looked after on 2023-05-10, after day 56 of relief."""
    timeline = _timeline(_relief(ev.VulnerabilityAssessed(on=D(2023, 5, 10), vulnerable=True, cause="care")))
    assert "priority_need_after_day_56" not in _codes(timeline, D(2023, 5, 9))
    assert "priority_need_after_day_56" in _codes(timeline, D(2023, 5, 10))
    assert timeline.at(D(2023, 5, 10)).owes("relief")
