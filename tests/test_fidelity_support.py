"""Support on request, returning to education, former relevant status after 18 and vacation
accommodation past 25: the readings the second legal review settled (decisions D29-D32).

Each case states the history, the date and what a caseworker relies on: the finding, its period, the
authority that owes it and the provision cited, and the concerns raised. Boundaries come in pairs, the day
before and the day of.
"""

from __future__ import annotations

import datetime as dt

import leavingcare as lc
from children_cases import history, rows
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date

KENT, ASHFORD = "E10000016", "E07000105"
BIRMINGHAM = "E08000025"


def care(start: dt.date, end: dt.date, *, legal_status: str = "C2", reason: str = "E8") -> list[Event]:
    """One care episode with Kent, placed in Ashford, from ``start`` to ``end`` (the first day no longer
    looked after)."""
    return [
        ev.CareStarted(on=start, authority=KENT, legal_status=legal_status, placement="U4", area=ASHFORD),
        ev.CareEnded(on=end, reason=reason),
    ]


def looked_after_to_18(born: dt.date, *extra: Event) -> lc.History:
    """Looked after by Kent on a care order from 15 until the 18th birthday: a former relevant child
    under s23C(1)(b)."""
    return history(
        ev.Born(on=born), care(D(born.year + 15, born.month, 1), D(born.year + 18, born.month, born.day)), *extra
    )


def programme(
    on: dt.date, *, in_plan: bool, level: str = "further", term_time_accommodation: bool = False
) -> ev.EducationStarted:
    return ev.EducationStarted(
        on=on, level=level, full_time=True, in_pathway_plan=in_plan, term_time_accommodation=term_time_accommodation
    )


def codes(concerns: tuple[lc.Concern, ...], code: str) -> list[tuple[str | None, dt.date, dt.date | None]]:
    return sorted((c.by, c.since, c.until) for c in concerns if c.code == code)


# D29. s23CZB: a request made before the section came into force hides no later one ----------------

S23CZB_BORN = D(1995, 6, 1)
"""18 on 1 Jun 2013, 21 on 1 Jun 2016, 25 on 1 Jun 2020: aged 22 when s23CZB came into force."""


def asked(*days: dt.date, declined: dt.date | None = None) -> lc.History:
    extra: list[Event] = [ev.SupportRequested(on=day) for day in days]
    if declined is not None:
        extra.append(ev.SupportDeclined(on=declined))
    return looked_after_to_18(S23CZB_BORN, *extra)


def request_id(events: lc.History, on: dt.date) -> str:
    return next(e.id for e in events if isinstance(e.event, ev.SupportRequested) and e.event.on == on)


def test_s23czb_request_before_commencement_does_not_hide_later_one() -> None:
    """s23CZB(2)-(3) (in force 1 Apr 2018); D13, D29: a former relevant child aged 22 asks on 31 Mar 2018
    and again on 1 Apr 2018. The first request engages nothing; the second does, so Kent owes an adviser
    and a pathway plan from 1 Apr 2018 until the 25th birthday, because of the second request."""
    events = asked(D(2018, 3, 31), D(2018, 4, 1))
    timeline = lc.timeline(events)
    assert [r for r in rows(timeline, "personal_adviser") if r[1] >= D(2016, 6, 1)] == [
        (KENT, D(2018, 4, 1), D(2020, 6, 1), "s23CZB(3)")
    ]
    assert [r for r in rows(timeline, "pathway_plan") if r[1] >= D(2016, 6, 1)] == [
        (KENT, D(2018, 4, 1), D(2020, 6, 1), "s23CZB(4)")
    ]
    adviser = next(f for f in timeline.of_kind("personal_adviser") if f.since == D(2018, 4, 1))
    decided = {i for reason in adviser.because for i in reason.events}
    assert request_id(events, D(2018, 4, 1)) in decided
    assert request_id(events, D(2018, 3, 31)) not in decided
    assert codes(timeline.concerns, "assessment_outstanding") == [(KENT, D(2018, 4, 1), D(2020, 6, 1))]


def test_s23czb_request_before_commencement_then_later_one_day_before() -> None:
    """s23CZB (in force 1 Apr 2018); D29: on 31 Mar 2018, the day of the first request, nothing is owed."""
    assert not lc.assess(asked(D(2018, 3, 31), D(2018, 4, 1)), on=D(2018, 3, 31)).owes("personal_adviser")


def test_s23czb_request_before_commencement_then_later_one_day_of() -> None:
    """s23CZB(3); D29: on 1 Apr 2018, the day of the second request, Kent owes the adviser."""
    assessment = lc.assess(asked(D(2018, 3, 31), D(2018, 4, 1)), on=D(2018, 4, 1))
    assert rows(assessment, "personal_adviser") == [(KENT, D(2018, 4, 1), D(2020, 6, 1), "s23CZB(3)")]


def test_s23czb_later_request_engages_from_its_own_date() -> None:
    """s23CZB(2); D29: asked on 20 Mar 2018 and again on 15 May 2018, the duties run from 15 May 2018, the
    first request made while the section was in force; nothing is owed on 14 May."""
    events = asked(D(2018, 3, 20), D(2018, 5, 15))
    assert not lc.assess(events, on=D(2018, 5, 14)).owes("personal_adviser")
    assert rows(lc.assess(events, on=D(2018, 5, 15)), "personal_adviser") == [
        (KENT, D(2018, 5, 15), D(2020, 6, 1), "s23CZB(3)")
    ]


def test_s23czb_repeat_request_while_engaged_changes_nothing() -> None:
    """s23CZB(2)-(3); D13, D29: asked on 1 Apr 2018 and again on 1 Sep 2018, the duties run once, from the
    first request; the repeat neither splits the finding nor restarts the assessment."""
    timeline = lc.timeline(asked(D(2018, 4, 1), D(2018, 9, 1)))
    assert [r for r in rows(timeline, "personal_adviser") if r[1] >= D(2016, 6, 1)] == [
        (KENT, D(2018, 4, 1), D(2020, 6, 1), "s23CZB(3)")
    ]
    assert codes(timeline.concerns, "assessment_outstanding") == [(KENT, D(2018, 4, 1), D(2020, 6, 1))]


def test_s23czb_request_before_commencement_then_declined_engages_nothing() -> None:
    """s23CZB(2), (3)(b); D29: asked on 31 Mar 2018 and declined on 1 May 2018, with no request while the
    section was in force: no duty at any time."""
    timeline = lc.timeline(asked(D(2018, 3, 31), declined=D(2018, 5, 1)))
    assert [f for f in timeline.findings if f.citation.provision.startswith("s23CZB")] == []


# D30. s23CA: a programme already under way when the s23C duties end ------------------------------

S23CA_BORN = D(2000, 3, 1)
"""18 on 1 Mar 2018, 21 on 1 Mar 2021, 25 on 1 Mar 2025."""


def studying_at_21(ends: dt.date, *extra: Event) -> lc.History:
    """A former relevant child of Kent on a course begun at 20, not set out in the pathway plan."""
    return looked_after_to_18(S23CA_BORN, programme(D(2020, 9, 14), in_plan=False), ev.EducationEnded(on=ends), *extra)


def test_s23ca_programme_under_way_when_s23c_duties_end() -> None:
    """s23CA(1)-(5); D30: a course begun at 20 and not in the pathway plan is not an s23C(7) programme, so
    the s23C duties end at 21 (1 Mar 2021). He is then a former relevant child towards whom those duties no
    longer subsist and who is pursuing a programme: Kent owes an adviser, a pathway plan (assessment due
    within 3 months, by 1 Jun 2021) and education help under s23CA until the course ends on 30 Jun 2022."""
    timeline = lc.timeline(studying_at_21(D(2022, 7, 1)))
    assert [r for r in rows(timeline, "personal_adviser") if r[1] >= D(2018, 3, 1)] == [
        (KENT, D(2018, 3, 1), D(2021, 3, 1), "s23C(3)(a)"),
        (KENT, D(2021, 3, 1), D(2022, 7, 1), "s23CA"),
    ]
    assert rows(timeline, "education_training_assistance") == [
        (KENT, D(2018, 3, 1), D(2021, 3, 1), "s23C(4)(b)"),
        (KENT, D(2021, 3, 1), D(2022, 7, 1), "s23CA"),
    ]
    plan = [f for f in timeline.of_kind("pathway_plan") if f.citation.provision == "s23CA"]
    assert [(f.since, f.until, f.due) for f in plan] == [(D(2021, 3, 1), D(2022, 7, 1), D(2021, 6, 1))]
    assert not lc.assess(studying_at_21(D(2022, 7, 1)), on=D(2022, 7, 1)).owes("personal_adviser")


def test_s23ca_programme_under_way_day_before_the_21st_birthday() -> None:
    """s23C(3)(a), (6); D30: on 28 Feb 2021, aged 20, the adviser is owed under s23C, not s23CA."""
    assessment = lc.assess(studying_at_21(D(2022, 7, 1)), on=D(2021, 2, 28))
    assert rows(assessment, "personal_adviser") == [(KENT, D(2018, 3, 1), D(2021, 3, 1), "s23C(3)(a)")]


def test_s23ca_programme_under_way_on_the_21st_birthday() -> None:
    """s23CA(1)-(2); D30: on 1 Mar 2021, the day the s23C duties end, s23CA takes over without a gap."""
    assessment = lc.assess(studying_at_21(D(2022, 7, 1)), on=D(2021, 3, 1))
    assert rows(assessment, "personal_adviser") == [(KENT, D(2021, 3, 1), D(2022, 7, 1), "s23CA")]
    assert rows(assessment, "education_training_assistance") == [(KENT, D(2021, 3, 1), D(2022, 7, 1), "s23CA")]


def test_s23ca_programme_ending_the_day_before_21_engages_nothing() -> None:
    """s23CA(1)(c); D30: a course whose last day is 28 Feb 2021 is over when the s23C duties end."""
    assert not lc.assess(studying_at_21(D(2021, 3, 1)), on=D(2021, 3, 1)).owes("personal_adviser")


def test_s23ca_programme_ending_on_the_21st_birthday_owes_that_day() -> None:
    """s23CA(1)(c), (6); D30: a course whose last day is 1 Mar 2021 engages s23CA for that day only."""
    timeline = lc.timeline(studying_at_21(D(2021, 3, 2)))
    assert rows(timeline, "personal_adviser")[-1] == (KENT, D(2021, 3, 1), D(2021, 3, 2), "s23CA")


# D31. s23C(1)(a) is judged when the young person attains 18 ------------------------------------

HOME_BORN = D(2006, 6, 1)
"""16 on 1 Jun 2022, 18 on 1 Jun 2024, 21 on 1 Jun 2027, 25 on 1 Jun 2031."""
LEFT_AT_17 = D(2023, 6, 1)


def relevant_at_18(*extra: Event, left: dt.date = LEFT_AT_17) -> lc.History:
    """Accommodated by Kent (s20) from 14 and a half until ``left``, aged 17: eligible, then a relevant
    child of Kent, and a former relevant child under s23C(1)(a) from 18 unless six months at home before
    then exclude her."""
    return history(ev.Born(on=HOME_BORN), care(D(2021, 1, 4), left, legal_status="V2"), *extra)


def home(on: dt.date) -> ev.Moved:
    return ev.Moved(on=on, area=ASHFORD, arrangement="parent")


def test_s23c1a_six_months_at_home_after_18_keeps_former_relevant_status() -> None:
    """s23C(1)(a); CLR 2010 reg 3; D31: a relevant child at 18 who goes home to a parent on 1 Sep 2024 and
    stays is still a former relevant child of Kent when six months there complete on 1 Mar 2025: status is
    judged when she attained 18. Because the words "and would be one if he were under eighteen" could be
    read as a continuing test, ``six_months_home_after_18`` asks Kent to check, from 1 Mar 2025 for as long
    as she is reported as a former relevant child (to 25)."""
    timeline = lc.timeline(relevant_at_18(home(D(2024, 9, 1))))
    assert rows(timeline, "former_relevant_child") == [(KENT, D(2024, 6, 1), D(2031, 6, 1), "s23C(1)(a)")]
    assert (KENT, D(2024, 6, 1), D(2027, 6, 1), "s23C(3)(a)") in rows(timeline, "personal_adviser")
    assert codes(timeline.concerns, "six_months_home_after_18") == [(KENT, D(2025, 3, 1), D(2031, 6, 1))]
    concern = next(c for c in timeline.concerns if c.code == "six_months_home_after_18")
    assert (concern.kind, concern.citation.provision) == ("former_relevant_child", "s23C(1)(a)")
    assert codes(timeline.concerns, "review_former_relevant_status") == []


def test_s23c1a_day_before_six_months_at_home_after_18() -> None:
    """s23C(1)(a); D31: on 28 Feb 2025 she has been home less than six months: no concern."""
    assessment = lc.assess(relevant_at_18(home(D(2024, 9, 1))), on=D(2025, 2, 28))
    assert assessment.owes("former_relevant_child", by=KENT)
    assert codes(assessment.concerns, "six_months_home_after_18") == []


def test_s23c1a_day_six_months_at_home_after_18_complete() -> None:
    """s23C(1)(a); D31: on 1 Mar 2025 six months are complete; she is still a former relevant child and
    still owed the s23C duties, and the concern stands."""
    assessment = lc.assess(relevant_at_18(home(D(2024, 9, 1))), on=D(2025, 3, 1))
    assert assessment.owes("former_relevant_child", by=KENT)
    assert assessment.owes("personal_adviser", by=KENT)
    assert codes(assessment.concerns, "six_months_home_after_18") == [(KENT, D(2025, 3, 1), D(2031, 6, 1))]


def test_s23c1a_concern_ends_when_she_leaves_home() -> None:
    """s23C(1)(a); D31: moving to supported lodgings on 1 Sep 2025 ends the concern that day."""
    events = relevant_at_18(home(D(2024, 9, 1)), ev.Moved(on=D(2025, 9, 1), area=ASHFORD, arrangement="supported"))
    assert codes(lc.timeline(events).concerns, "six_months_home_after_18") == [(KENT, D(2025, 3, 1), D(2025, 9, 1))]


def test_s23c1a_six_months_at_home_spanning_18() -> None:
    """s23C(1)(a); CLR 2010 reg 3; D31: home to her mother on leaving care on 1 Mar 2024, aged 17 and 9
    months. Six months there complete on 1 Sep 2024, after 18: she was a relevant child when she attained
    18, so she is a former relevant child under s23C(1)(a), and the concern stands from 1 Sep 2024."""
    events = relevant_at_18(home(D(2024, 3, 1)), left=D(2024, 3, 1))
    timeline = lc.timeline(events)
    assert rows(timeline, "relevant_child") == [(KENT, D(2024, 3, 1), D(2024, 6, 1), "s23A(2)")]
    assert rows(timeline, "former_relevant_child") == [(KENT, D(2024, 6, 1), D(2031, 6, 1), "s23C(1)(a)")]
    assert codes(lc.assess(events, on=D(2024, 8, 31)).concerns, "six_months_home_after_18") == []
    on_the_day = lc.assess(events, on=D(2024, 9, 1))
    assert on_the_day.owes("former_relevant_child", by=KENT)
    assert codes(on_the_day.concerns, "six_months_home_after_18") == [(KENT, D(2024, 9, 1), D(2031, 6, 1))]


def test_s23c1b_home_after_18_raises_no_concern() -> None:
    """s23C(1)(b); D31: looked after until 18 and eligible before, she is a former relevant child under
    (1)(b), which has no "would be one if he were under eighteen" words: six months at home after 18
    raise no concern."""
    events = looked_after_to_18(HOME_BORN, home(D(2024, 9, 1)))
    timeline = lc.timeline(events)
    assert rows(timeline, "former_relevant_child") == [(KENT, D(2024, 6, 1), D(2031, 6, 1), "s23C(1)(b)")]
    assert codes(timeline.concerns, "six_months_home_after_18") == []


def test_excluded_at_18_then_leaving_home_raises_only_the_review() -> None:
    """s23C(1)(a); D10, D31: home to her mother on leaving care on 1 Jun 2023; six months there complete on
    1 Dec 2023, before 18, so she was not a relevant child at 18 and is no former relevant child. Leaving
    home at 19 raises ``review_former_relevant_status`` alone: the two concerns never stand for the same
    person."""
    events = relevant_at_18(home(D(2023, 6, 1)), ev.Moved(on=D(2025, 9, 1), area=ASHFORD, arrangement="supported"))
    timeline = lc.timeline(events)
    assert timeline.of_kind("former_relevant_child") == ()
    assert codes(timeline.concerns, "review_former_relevant_status") == [(KENT, D(2025, 9, 1), D(2027, 6, 1))]
    assert codes(timeline.concerns, "six_months_home_after_18") == []


# D32. Vacation accommodation past 25 on the s23C(7) and s23CA routes --------------------------------

VAC_BORN = D(1999, 1, 10)
"""18 on 10 Jan 2017, 21 on 10 Jan 2020, 25 on 10 Jan 2024."""


def degree_past_25(*, in_plan: bool = True) -> lc.History:
    """A former relevant child of Kent in a full-time degree with halls, begun at 20 and ending on 30 Jun
    2024, after the 25th birthday."""
    return looked_after_to_18(
        VAC_BORN,
        programme(D(2019, 9, 23), in_plan=in_plan, level="higher", term_time_accommodation=True),
        ev.EducationEnded(on=D(2024, 7, 1)),
    )


def test_vacation_accommodation_s23c7_continues_past_25() -> None:
    """s24B(5) through s23C(9); s23C(7); D32: the degree set out in the pathway plan keeps the s23C(4)(b)
    help past 21, and s24B(5) applies to a person given that help with no age condition: vacation
    accommodation is owed for the whole degree, to 30 Jun 2024, and ``continues_past_25`` stands from
    the 25th birthday."""
    timeline = lc.timeline(degree_past_25())
    assert rows(timeline, "vacation_accommodation") == [(KENT, D(2019, 9, 23), D(2024, 7, 1), "s24B(5)")]
    past = [c for c in timeline.concerns if c.code == "continues_past_25" and c.kind == "vacation_accommodation"]
    assert [(c.by, c.since, c.until) for c in past] == [(KENT, D(2024, 1, 10), D(2024, 7, 1))]


def test_vacation_accommodation_s23c7_day_before_25() -> None:
    """s24B(5); D32: on 9 Jan 2024, aged 24, the duty is owed and no concern stands."""
    assessment = lc.assess(degree_past_25(), on=D(2024, 1, 9))
    assert assessment.owes("vacation_accommodation", by=KENT)
    assert [c for c in assessment.concerns if c.kind == "vacation_accommodation"] == []


def test_vacation_accommodation_s23c7_on_the_25th_birthday() -> None:
    """s24B(5) through s23C(9); D32: on 10 Jan 2024, aged 25, the duty is still owed, with the concern."""
    assessment = lc.assess(degree_past_25(), on=D(2024, 1, 10))
    assert assessment.owes("vacation_accommodation", by=KENT)
    assert [(c.code, c.kind) for c in assessment.concerns if c.kind == "vacation_accommodation"] == [
        ("continues_past_25", "vacation_accommodation")
    ]


def test_vacation_accommodation_s23ca_continues_past_25() -> None:
    """s24B(5) applied by s23CA; D14, D32: an access course begun at 24, after the s23C duties ended, with
    term-time accommodation, runs past 25: vacation accommodation is owed while it lasts, to 30 Jun 2016,
    with ``continues_past_25`` from the 25th birthday (20 Jan 2015)."""
    events = looked_after_to_18(
        D(1990, 1, 20),
        programme(D(2014, 9, 1), in_plan=False, term_time_accommodation=True),
        ev.EducationEnded(on=D(2016, 7, 1)),
    )
    timeline = lc.timeline(events)
    assert rows(timeline, "vacation_accommodation") == [(KENT, D(2014, 9, 1), D(2016, 7, 1), "s24B(5)")]
    past = [c for c in timeline.concerns if c.code == "continues_past_25" and c.kind == "vacation_accommodation"]
    assert [(c.by, c.since, c.until) for c in past] == [(KENT, D(2015, 1, 20), D(2016, 7, 1))]
    assert lc.assess(events, on=D(2015, 1, 20)).owes("vacation_accommodation", by=KENT)


def test_vacation_accommodation_qualifying_person_ends_at_25() -> None:
    """s24B(3)(a), (5); D16, D32: a qualifying person (looked after for 60 days at 16, never eligible) has
    no s23C(9) or s23CA route: s24B(5) reaches her only through s24B(3), whose age condition ends the duty
    on the 25th birthday (10 Jan 2024) although the course runs on, and no concern is raised."""
    events = history(
        ev.Born(on=VAC_BORN),
        care(D(2015, 3, 2), D(2015, 5, 1), legal_status="V2"),
        programme(D(2019, 9, 23), in_plan=False, level="higher", term_time_accommodation=True),
        ev.EducationEnded(on=D(2024, 7, 1)),
    )
    timeline = lc.timeline(events)
    assert timeline.of_kind("former_relevant_child") == ()
    assert rows(timeline, "vacation_accommodation") == [(KENT, D(2019, 9, 23), D(2024, 1, 10), "s24B(5)")]
    assert lc.assess(events, on=D(2024, 1, 9)).owes("vacation_accommodation")
    assert not lc.assess(events, on=D(2024, 1, 10)).owes("vacation_accommodation")
    assert [c for c in timeline.concerns if c.kind == "vacation_accommodation"] == []
