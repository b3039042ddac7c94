"""Boundaries of the children's services rules, in pairs: the day before and the day of.

Birthdays (14th, 16th, 18th, 21st, 25th; 29 February births, D1), 13 weeks less a day against 13 weeks
(D6), the six-months-at-home clock (D5, D10), assessment deadlines (D5), and the commencement of the
2000 Act regime (2001-10-01), s23CA (2011-04-01), remand as looked after (2012-12-03), Staying Put
(2014-05-13) and s23CZB (2018-04-01). Expectations come from law/children.md and DECISIONS.md.
"""

from __future__ import annotations

import datetime as dt

import leavingcare as lc
from children_cases import care, history, rows
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date

KENT, ASHFORD = "E10000016", "E07000105"
BIRMINGHAM = "E08000025"
HARTLEPOOL = "E06000001"


BORN = D(2006, 6, 1)
"""14th birthday 2020-06-01; 16th 2022-06-01; 18th 2024-06-01; 21st 2027-06-01; 25th 2031-06-01."""


def provisions(assessment: lc.Assessment, kind: str) -> list[str]:
    return [f.citation.provision for f in assessment.of_kind(kind)]


def course(on: dt.date, *, in_plan: bool) -> Event:
    return ev.EducationStarted(
        on=on, level="further", full_time=True, in_pathway_plan=in_plan, term_time_accommodation=False
    )


def former_relevant(born: dt.date, *extra: Event) -> lc.History:
    """Looked after by Kent on a care order from 15 until the 18th birthday: a former relevant child
    under s23C(1)(b)."""
    return history(
        ev.Born(on=born),
        care(D(born.year + 15, born.month, 1), D(born.year + 18, born.month, born.day), legal_status="C2"),
        *extra,
    )


# 14th birthday: looked-after time counts from it (para 19B(2); D6) ---------------------------------


def test_14th_birthday_itself_counts_towards_13_weeks() -> None:
    """Sch 2 para 19B(2); D6: 90 days from the 14th birthday (1 Jun -> 30 Aug 2020) and a day on the 16th
    birthday make 91, so the child is eligible on 1 Jun 2022 and relevant from the next day."""
    timeline = lc.timeline(
        history(ev.Born(on=BORN), care(D(2020, 6, 1), D(2020, 8, 30)), care(D(2022, 6, 1), D(2022, 6, 2)))
    )
    assert rows(timeline, "eligible_child") == [(KENT, D(2022, 6, 1), D(2022, 6, 2), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [(KENT, D(2022, 6, 2), D(2024, 6, 1), "s23A(2)")]


def test_day_before_14th_birthday_does_not_count() -> None:
    """Sch 2 para 19B(2); D6: the same 90-day spell starting a day earlier, on 31 May 2020, has only 89 days
    from the 14th birthday; with the day at 16 that is 90, so never eligible: a qualifying person."""
    timeline = lc.timeline(
        history(ev.Born(on=BORN), care(D(2020, 5, 31), D(2020, 8, 29)), care(D(2022, 6, 1), D(2022, 6, 2)))
    )
    assert timeline.of_kind("eligible_child") == ()
    assert timeline.of_kind("relevant_child") == ()
    assert rows(timeline, "qualifying_person") == [(KENT, D(2022, 6, 2), D(2027, 6, 1), "s24(1B), (2)(a)")]


# 16th birthday ------------------------------------------------------------------------------------


def test_eligible_from_the_16th_birthday_not_the_day_before() -> None:
    """Sch 2 para 19B(2): looked after since September 2020, the child is eligible on the 16th birthday
    (1 Jun 2022) and not the day before."""
    events = history(ev.Born(on=BORN), care(D(2020, 9, 1), None))
    assert not lc.assess(events, on=D(2022, 5, 31)).owes("eligible_child")
    assert lc.assess(events, on=D(2022, 6, 1)).owes("eligible_child", by=KENT)


def test_care_ending_on_the_16th_birthday_relevant_from_it() -> None:
    """Sch 2 para 19B(2); s23A(2); D34 (read as D11a reads the 18th): care ending on the 16th birthday was
    running when the child attained 16, so the period "ended after he reached sixteen" and the child was
    an eligible child at that moment (no whole day of it): a relevant child from the birthday until 18."""
    timeline = lc.timeline(history(ev.Born(on=BORN), care(D(2021, 9, 1), D(2022, 6, 1))))
    assert timeline.of_kind("eligible_child") == ()
    assert rows(timeline, "relevant_child") == [(KENT, D(2022, 6, 1), D(2024, 6, 1), "s23A(2)")]
    assert timeline.of_kind("qualifying_person") == ()


def test_care_ending_the_day_after_the_16th_birthday_eligible_then_relevant() -> None:
    """Sch 2 para 19B(2); s23A(2): looked after on the 16th birthday, the child is eligible that day and a
    relevant child from the next, until 18."""
    timeline = lc.timeline(history(ev.Born(on=BORN), care(D(2021, 9, 1), D(2022, 6, 2))))
    assert rows(timeline, "eligible_child") == [(KENT, D(2022, 6, 1), D(2022, 6, 2), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [(KENT, D(2022, 6, 2), D(2024, 6, 1), "s23A(2)")]


# 18th birthday ------------------------------------------------------------------------------------


def test_care_ending_on_the_18th_birthday_former_relevant_under_s23c1b() -> None:
    """s23C(1)(b); D11a: an episode ending on the 18th birthday counts as looked after when the person
    attained 18: eligible until 31 May 2024, a former relevant child under (1)(b) from 1 Jun 2024, never
    a relevant child."""
    events = history(ev.Born(on=BORN), care(D(2020, 1, 6), D(2024, 6, 1)))
    assert lc.assess(events, on=D(2024, 5, 31)).owes("eligible_child", by=KENT)
    on_birthday = lc.assess(events, on=D(2024, 6, 1))
    assert not on_birthday.owes("eligible_child")
    assert provisions(on_birthday, "former_relevant_child") == ["s23C(1)(b)"]
    assert lc.timeline(events).of_kind("relevant_child") == ()


def test_care_ending_the_day_before_the_18th_birthday_former_relevant_under_s23c1a() -> None:
    """s23A(2); s23C(1)(a): care ending on 31 May 2024 makes a relevant child for that one day, then a
    former relevant child under (1)(a) from the 18th birthday."""
    timeline = lc.timeline(history(ev.Born(on=BORN), care(D(2020, 1, 6), D(2024, 5, 31))))
    assert rows(timeline, "relevant_child") == [(KENT, D(2024, 5, 31), D(2024, 6, 1), "s23A(2)")]
    frc = timeline.of_kind("former_relevant_child")
    assert [(f.since, f.citation.provision) for f in frc] == [(D(2024, 6, 1), "s23C(1)(a)")]


# 21st birthday ------------------------------------------------------------------------------------


def test_core_s23c_duties_end_on_the_21st_birthday() -> None:
    """s23C(6): the personal adviser, keeping in touch and education help last until 21: owed on 31 May
    2027, not on 1 Jun 2027."""
    events = former_relevant(BORN)
    before = lc.assess(events, on=D(2027, 5, 31))
    assert provisions(before, "personal_adviser") == ["s23C(3)(a)"]
    assert provisions(before, "keep_in_touch") == ["s23C(2)"]
    on_birthday = lc.assess(events, on=D(2027, 6, 1))
    for kind in ("personal_adviser", "keep_in_touch", "education_training_assistance", "pathway_plan"):
        assert not on_birthday.owes(kind), kind


def test_programme_begun_the_day_before_21_continues_under_s23c7() -> None:
    """s23C(7); D12: a programme set out in the pathway plan, begun on 31 May 2027 (aged 20), keeps the
    adviser and the plan from the 21st birthday while it lasts."""
    events = former_relevant(BORN, course(D(2027, 5, 31), in_plan=True), ev.EducationEnded(on=D(2028, 7, 1)))
    assert rows(lc.timeline(events), "personal_adviser")[-1] == (KENT, D(2027, 6, 1), D(2028, 7, 1), "s23C(7)")


def test_programme_begun_on_the_21st_birthday_is_s23ca_not_s23c7() -> None:
    """s23C(7); s23CA; CLR 2010 reg 5(2)(b): begun on the 21st birthday, the programme did not begin before
    21, so s23C(7) does not apply; the s23C duties have ended, so s23CA does, with an assessment due
    within 3 months (by 1 Sep 2027)."""
    events = former_relevant(BORN, course(D(2027, 6, 1), in_plan=True), ev.EducationEnded(on=D(2028, 7, 1)))
    timeline = lc.timeline(events)
    assert rows(timeline, "personal_adviser")[-1] == (KENT, D(2027, 6, 1), D(2028, 7, 1), "s23CA")
    plan = [f for f in timeline.of_kind("pathway_plan") if f.citation.provision == "s23CA"]
    assert [f.due for f in plan] == [D(2027, 9, 1)]


# 25th birthday ------------------------------------------------------------------------------------


def test_s23czb_adviser_ends_on_the_25th_birthday() -> None:
    """s23CZB(3): asked for at 22, the adviser is owed on 31 May 2031 and not on 1 Jun 2031 (25)."""
    events = former_relevant(BORN, ev.SupportRequested(on=D(2028, 9, 1)))
    assert provisions(lc.assess(events, on=D(2031, 5, 31)), "personal_adviser") == ["s23CZB(3)"]
    assert not lc.assess(events, on=D(2031, 6, 1)).owes("personal_adviser")


def test_s23czb_request_the_day_before_25_owes_one_day() -> None:
    """s23CZB(1), (3): a request on 31 May 2031, aged 24, owes an adviser for that day only."""
    timeline = lc.timeline(former_relevant(BORN, ev.SupportRequested(on=D(2031, 5, 31))))
    assert rows(timeline, "personal_adviser")[-1] == (KENT, D(2031, 5, 31), D(2031, 6, 1), "s23CZB(3)")


def test_s23czb_request_on_the_25th_birthday_owes_nothing() -> None:
    """s23CZB(1): a request on the 25th birthday comes from someone who has reached 25: no duty."""
    timeline = lc.timeline(former_relevant(BORN, ev.SupportRequested(on=D(2031, 6, 1))))
    assert [f for f in timeline.of_kind("personal_adviser") if f.since >= D(2027, 6, 1)] == []


def test_s23ca_programme_started_the_day_before_25() -> None:
    """s23CA(1): under 25 on 31 May 2031, a programme begun that day engages s23CA."""
    events = former_relevant(BORN, course(D(2031, 5, 31), in_plan=False))
    assert provisions(lc.assess(events, on=D(2031, 5, 31)), "personal_adviser") == ["s23CA"]


def test_s23ca_programme_started_on_the_25th_birthday_owes_nothing() -> None:
    """s23CA(1); children.md 5.3: no new s23CA entitlement once 25."""
    events = former_relevant(BORN, course(D(2031, 6, 1), in_plan=False))
    assert not lc.assess(events, on=D(2031, 6, 1)).owes("personal_adviser")
    assert not lc.assess(events, on=D(2031, 6, 1)).owes("education_training_assistance")


# 29 February births (D1: 1 March in common years; UNVERIFIED, flagged) -----------------------------

LEAP = D(2008, 2, 29)
"""14th birthday 2022-03-01 (common year); 16th 2024-02-29 (leap year); 18th 2026-03-01; 21st 2029-03-01."""


def test_leap_day_born_14th_birthday_is_1_march_in_a_common_year() -> None:
    """D1; D6: time counts from 1 Mar 2022. 90 days from then and a day on the 16th birthday (29 Feb 2024)
    make 91: eligible on 29 Feb 2024."""
    timeline = lc.timeline(
        history(ev.Born(on=LEAP), care(D(2022, 3, 1), D(2022, 5, 30)), care(D(2024, 2, 29), D(2024, 3, 1)))
    )
    assert rows(timeline, "eligible_child") == [(KENT, D(2024, 2, 29), D(2024, 3, 1), "Sch 2 para 19B(2)")]


def test_leap_day_born_28_february_in_a_common_year_is_still_13() -> None:
    """D1; D6: 28 Feb 2022 is before the 14th birthday, so the same 90-day spell a day earlier counts 89
    days, and with the day at 16 falls one short."""
    timeline = lc.timeline(
        history(ev.Born(on=LEAP), care(D(2022, 2, 28), D(2022, 5, 29)), care(D(2024, 2, 29), D(2024, 3, 1)))
    )
    assert timeline.of_kind("eligible_child") == ()


def test_leap_day_born_16th_birthday_is_29_february_in_a_leap_year() -> None:
    """D1: in a leap year the anniversary exists: eligible on 29 Feb 2024, not on 28 Feb 2024."""
    events = history(ev.Born(on=LEAP), care(D(2022, 3, 7), None))
    assert not lc.assess(events, on=D(2024, 2, 28)).owes("eligible_child")
    assert lc.assess(events, on=D(2024, 2, 29)).owes("eligible_child", by=KENT)


def test_leap_day_born_18th_birthday_is_1_march_in_a_common_year() -> None:
    """D1; s23C(1)(b): eligible on 28 Feb 2026, a former relevant child from 1 Mar 2026."""
    events = history(ev.Born(on=LEAP), care(D(2022, 3, 7), D(2026, 3, 1)))
    assert lc.assess(events, on=D(2026, 2, 28)).owes("eligible_child", by=KENT)
    assert not lc.assess(events, on=D(2026, 3, 1)).owes("eligible_child")
    assert lc.assess(events, on=D(2026, 3, 1)).owes("former_relevant_child", by=KENT)


def test_leap_day_born_21st_birthday_is_1_march_and_flagged() -> None:
    """D1; s23C(6): the s23C adviser is owed on 28 Feb 2029 and not on 1 Mar 2029; the reading is flagged
    with ``leap_day_birthday`` on both days."""
    events = history(ev.Born(on=LEAP), care(D(2022, 3, 7), D(2026, 3, 1)))
    before = lc.assess(events, on=D(2029, 2, 28))
    on_birthday = lc.assess(events, on=D(2029, 3, 1))
    assert provisions(before, "personal_adviser") == ["s23C(3)(a)"]
    assert not on_birthday.owes("personal_adviser")
    for assessment in (before, on_birthday):
        assert "leap_day_birthday" in {c.code for c in assessment.concerns}


def test_born_28_february_is_not_flagged() -> None:
    """D1: only 29 February births carry the ``leap_day_birthday`` concern."""
    events = history(ev.Born(on=D(2008, 2, 28)), care(D(2022, 3, 7), D(2026, 2, 28)))
    assert "leap_day_birthday" not in {c.code for c in lc.timeline(events).concerns}


# 13 weeks: 90 against 91 days (D6) ----------------------------------------------------------------


def test_ninety_days_looked_after_is_not_eligible() -> None:
    """Sch 2 para 19B(2); D6: 1 Jun -> 30 Aug 2022 is 90 days: never eligible; a qualifying person."""
    timeline = lc.timeline(history(ev.Born(on=BORN), care(D(2022, 6, 1), D(2022, 8, 30))))
    assert timeline.of_kind("eligible_child") == ()
    assert rows(timeline, "qualifying_person") == [(KENT, D(2022, 8, 30), D(2027, 6, 1), "s24(1B), (2)(a)")]


def test_ninety_one_days_looked_after_is_eligible_on_the_91st() -> None:
    """Sch 2 para 19B(2); D6: 1 Jun -> 31 Aug 2022 is 91 days: eligible on 30 Aug 2022, the 91st day, and
    relevant from 31 Aug 2022."""
    timeline = lc.timeline(history(ev.Born(on=BORN), care(D(2022, 6, 1), D(2022, 8, 31))))
    assert rows(timeline, "eligible_child") == [(KENT, D(2022, 8, 30), D(2022, 8, 31), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [(KENT, D(2022, 8, 31), D(2024, 6, 1), "s23A(2)")]


# Six months at home (CLR 2010 reg 3(3)-(5) [S]; D5, D10) -------------------------------------------


def test_six_months_at_home_ends_relevant_status_on_the_day_six_months_on() -> None:
    """D10; D5: home on 31 Aug 2023, six calendar months on is 29 Feb 2024 (clipped to the month's end):
    relevant on 28 Feb 2024, not on 29 Feb 2024, when the child becomes a qualifying person."""
    events = history(ev.Born(on=BORN), care(D(2020, 9, 1), D(2023, 8, 31), reason="E4A"))
    assert lc.assess(events, on=D(2024, 2, 28)).owes("relevant_child", by=KENT)
    on_the_day = lc.assess(events, on=D(2024, 2, 29))
    assert not on_the_day.owes("relevant_child")
    assert provisions(on_the_day, "qualifying_person") == ["s24(1B), (2)(a)"]


# Assessment deadlines (CPPCR reg 42; D5) -----------------------------------------------------------


def test_assessment_due_three_months_on_clipped_to_the_month_end() -> None:
    """CPPCR 2010 reg 42(1); D5: eligible from the 16th birthday, 30 Nov 2023, the needs assessment is due
    by 29 Feb 2024; overdue from 1 Mar 2024, not on 29 Feb."""
    events = history(ev.Born(on=D(2007, 11, 30)), care(D(2021, 12, 6), None))
    plan = lc.timeline(events).of_kind("pathway_plan")
    assert [(f.since, f.due) for f in plan if f.citation.provision == "Sch 2 para 19B(4)-(5)"] == [
        (D(2023, 11, 30), D(2024, 2, 29))
    ]
    assert "pathway_plan_overdue" not in {c.code for c in lc.assess(events, on=D(2024, 2, 29)).concerns}
    assert "pathway_plan_overdue" in {c.code for c in lc.assess(events, on=D(2024, 3, 1)).concerns}


def test_assessment_on_the_due_day_starts_the_six_monthly_review() -> None:
    """CPPCR 2010 reg 42(1); CLR 2010 reg 7 [S]: assessed on 29 Feb 2024, the plan is next due for review
    six months on, 29 Aug 2024, and nothing is overdue on 1 Mar 2024."""
    events = history(ev.Born(on=D(2007, 11, 30)), care(D(2021, 12, 6), None), ev.NeedsAssessed(on=D(2024, 2, 29)))
    assessment = lc.assess(events, on=D(2024, 3, 1))
    assert [f.due for f in assessment.of_kind("pathway_plan")] == [D(2024, 8, 29)]
    assert "pathway_plan_overdue" not in {c.code for c in assessment.concerns}


# Commencement: the 2000 Act regime, 2001-10-01 ----------------------------------------------------


def test_eligible_child_category_begins_on_2001_10_01() -> None:
    """CL(A)A 2000; Sch 2 para 19B (in force 2001-10-01): a 17-year-old looked after since 1999 is not an
    eligible child on 30 Sep 2001 (the category did not exist) and is one on 1 Oct 2001."""
    events = history(ev.Born(on=D(1984, 6, 1)), care(D(1999, 1, 4), None))
    assert not lc.assess(events, on=D(2001, 9, 30)).owes("eligible_child")
    assert lc.assess(events, on=D(2001, 10, 1)).owes("eligible_child", by=KENT)


def test_old_s24_gives_way_to_the_new_s24_on_2001_10_01() -> None:
    """CA 1989 s24 as enacted, replaced on 2001-10-01; D17: a 17-year-old who left care in June 2001 is
    qualifying under the old s24 on 30 Sep 2001 and under the new s24(1B) alone from 1 Oct 2001."""
    events = history(ev.Born(on=D(1983, 12, 1)), care(D(1998, 1, 5), D(2001, 6, 1)))
    assert provisions(lc.assess(events, on=D(2001, 9, 30)), "qualifying_person") == ["s24 (as enacted)"]
    assert provisions(lc.assess(events, on=D(2001, 10, 1)), "qualifying_person") == ["s24(1B), (2)(a)"]


def test_detained_on_16th_birthday_relevant_across_the_2011_regulations() -> None:
    """CL(E)R 2001 reg 4; CLR 2010 reg 3(2) (from 2011-04-01): detained on the 16th birthday in 2010, the
    child is relevant under the 2001 regulations on 31 Mar 2011 and under the 2010 ones on 1 Apr 2011,
    without a break, until 18."""
    events = history(
        ev.Born(on=D(1994, 6, 1)),
        care(D(2009, 6, 1), D(2010, 1, 4), reason="E9"),
        ev.CustodyStarted(on=D(2010, 1, 4), remand=False),
        ev.CustodyEnded(on=D(2010, 9, 1)),
    )
    before = lc.assess(events, on=D(2011, 3, 31)).of_kind("relevant_child")
    after = lc.assess(events, on=D(2011, 4, 1)).of_kind("relevant_child")
    assert [str(f.citation) for f in before] == ["Children (Leaving Care) (England) Regulations 2001 reg 4"]
    assert [(str(f.citation), f.until) for f in after] == [
        ("Care Leavers (England) Regulations 2010 reg 3", D(2012, 6, 1))
    ]


# Commencement: s23CA, 2011-04-01 ------------------------------------------------------------------


def test_programme_begun_before_s23ca_commenced_owes_nothing_that_day() -> None:
    """s23CA (in force 2011-04-01): aged 23, a programme begun on 31 Mar 2011 brings no adviser that day."""
    events = former_relevant(D(1988, 1, 20), course(D(2011, 3, 31), in_plan=False))
    assert not lc.assess(events, on=D(2011, 3, 31)).owes("personal_adviser")


def test_programme_begun_when_s23ca_commenced_owes_an_adviser() -> None:
    """s23CA; CLR 2010 reg 5(2)(b): begun on 1 Apr 2011, the programme brings an adviser, education help and
    an assessment due by 1 Jul 2011."""
    assessment = lc.assess(former_relevant(D(1988, 1, 20), course(D(2011, 4, 1), in_plan=False)), on=D(2011, 4, 1))
    assert rows(assessment, "personal_adviser") == [(KENT, D(2011, 4, 1), None, "s23CA")]
    assert provisions(assessment, "education_training_assistance") == ["s23CA"]
    assert [f.due for f in assessment.of_kind("pathway_plan")] == [D(2011, 7, 1)]


def test_programme_under_way_when_s23ca_commenced_engages_it_under_25() -> None:
    """s23CA(1) (in force 2011-04-01): aged 24 on 1 Apr 2011 and pursuing a programme begun in September
    2010, after his s23C duties ended, he is within s23CA from the day it came into force."""
    events = former_relevant(D(1986, 6, 1), course(D(2010, 9, 1), in_plan=False))
    assert not lc.assess(events, on=D(2011, 3, 31)).owes("personal_adviser")
    assert provisions(lc.assess(events, on=D(2011, 4, 1)), "personal_adviser") == ["s23CA"]


def test_programme_under_way_when_s23ca_commenced_but_already_25() -> None:
    """s23CA(1)(a): 25 on 1 Jun 2010, before s23CA came into force, he is not within it on 1 Apr 2011
    however long his programme runs."""
    events = former_relevant(D(1985, 6, 1), course(D(2009, 9, 1), in_plan=False))
    timeline = lc.timeline(events)
    assert [f for f in timeline.findings if f.citation.provision == "s23CA"] == []
    assert not lc.assess(events, on=D(2011, 4, 1)).owes("former_relevant_child")


# Commencement: remand counts as looked after from 2012-12-03 (D8) ---------------------------------


def remanded(start: dt.date, end: dt.date) -> lc.History:
    """Born 1 Jun 1996 (16 in June 2012); never in care; remanded (J1) from ``start`` to ``end``."""
    return history(
        ev.Born(on=D(1996, 6, 1)),
        care(start, end, authority=BIRMINGHAM, area=BIRMINGHAM, legal_status="J1", placement="R5", reason="E14"),
        ev.CustodyStarted(on=start, remand=True),
        ev.CustodyEnded(on=end),
    )


def test_remand_from_2012_12_03_counts_91_days() -> None:
    """LASPO 2012 s104; D8: remanded 3 Dec 2012 -> 4 Mar 2013, 91 days all counted: eligible on 3 Mar 2013."""
    timeline = lc.timeline(remanded(D(2012, 12, 3), D(2013, 3, 4)))
    assert rows(timeline, "eligible_child") == [(BIRMINGHAM, D(2013, 3, 3), D(2013, 3, 4), "Sch 2 para 19B(2)")]


def test_remand_day_before_2012_12_03_does_not_count() -> None:
    """D8: remanded 2 Dec 2012 -> 3 Mar 2013, also 91 days, but 2 Dec does not count: 90 days, not
    eligible."""
    timeline = lc.timeline(remanded(D(2012, 12, 2), D(2013, 3, 3)))
    assert timeline.of_kind("eligible_child") == ()


# Commencement: Staying Put, 2014-05-13 ------------------------------------------------------------


def test_staying_put_begins_on_2014_05_13() -> None:
    """s23CZA (in force 2014-05-13); D15: a former relevant child who stayed with her foster carer at 18 in
    November 2013 has no staying put duty on 12 May 2014, and one from 13 May 2014 until 21."""
    events = history(ev.Born(on=D(1995, 11, 30)), care(D(2009, 3, 2), D(2013, 11, 30), reason="E17"))
    assert not lc.assess(events, on=D(2014, 5, 12)).owes("staying_put")
    assert rows(lc.assess(events, on=D(2014, 5, 13)), "staying_put") == [
        (KENT, D(2014, 5, 13), D(2016, 11, 30), "s23CZA")
    ]


# Commencement: s23CZB, 2018-04-01 -----------------------------------------------------------------


def test_s23czb_request_the_day_before_commencement_owes_nothing() -> None:
    """s23CZB (in force 2018-04-01); children.md 7.2: a request on 31 Mar 2018 is not one under s23CZB,
    then or later."""
    events = former_relevant(D(1994, 7, 1), ev.SupportRequested(on=D(2018, 3, 31)))
    assert not lc.assess(events, on=D(2018, 3, 31)).owes("personal_adviser")
    assert not lc.assess(events, on=D(2018, 4, 1)).owes("personal_adviser")


def test_s23czb_request_on_commencement_owes_an_adviser_until_25() -> None:
    """s23CZB(3): a request on 1 Apr 2018, aged 23, owes an adviser from that day until 25 (1 Jul 2019)."""
    events = former_relevant(D(1994, 7, 1), ev.SupportRequested(on=D(2018, 4, 1)))
    assert rows(lc.assess(events, on=D(2018, 4, 1)), "personal_adviser") == [
        (KENT, D(2018, 4, 1), D(2019, 7, 1), "s23CZB(3)")
    ]


# Special guardianship: s24(1A) before s24(1B) -------------------------------------------------------


def test_special_guardianship_after_16_is_s24_1a_not_s24_1b() -> None:
    """s24(1A), (1B): looked after at 16 for 60 days (not eligible), then a special guardianship order on
    1 Jul 2022. s24(1B) covers only people not within (1A), so she qualifies under (1A)."""
    events = history(ev.Born(on=BORN), care(D(2022, 5, 2), D(2022, 7, 1), legal_status="C2", reason="E46"))
    assert rows(lc.timeline(events), "qualifying_person") == [(KENT, D(2022, 7, 1), D(2027, 6, 1), "s24(1A)")]


def test_later_special_guardianship_order_supersedes_the_earlier() -> None:
    """s24(1A), s24(5)(a): an order made at 13 by Kent's care, then a month in Hartlepool's care at 15 and a
    new order. From the 16th birthday she qualifies once, under s24(1A), with Hartlepool, which looked
    after her last."""
    events = history(
        ev.Born(on=BORN),
        care(D(2012, 3, 5), D(2019, 9, 2), legal_status="C2", reason="E45"),
        care(D(2021, 9, 1), D(2021, 10, 1), authority=HARTLEPOOL, area=HARTLEPOOL, legal_status="C1", reason="E46"),
    )
    assert rows(lc.timeline(events), "qualifying_person") == [(HARTLEPOOL, D(2022, 6, 1), D(2027, 6, 1), "s24(1A)")]


def test_detained_since_before_14_is_not_relevant_on_the_16th_birthday() -> None:
    """CLR 2010 reg 3(2)(c): detained from before the 14th birthday until after the 16th, the child had no
    looked-after time after 14 immediately before detention, so is not a relevant child."""
    events = history(
        ev.Born(on=BORN),
        care(D(2017, 1, 9), D(2020, 5, 1), reason="E9"),
        ev.CustodyStarted(on=D(2020, 5, 1), remand=False),
        ev.CustodyEnded(on=D(2022, 9, 1)),
    )
    timeline = lc.timeline(events)
    assert timeline.of_kind("relevant_child") == ()
    assert timeline.of_kind("eligible_child") == ()
