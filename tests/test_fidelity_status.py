"""Who is looked after, eligible and relevant: readings settled by the second legal review (D33-D38).

Remand to local authority accommodation before 3 December 2012 (D33); the 16th birthday read as the 18th
is (D34); care closed during a hospital stay or after custody began (D35); six months with a person with
parental responsibility, whoever that is (D36, D37); and "before last ceasing to be looked after" in
s23A(2)(b) (D38). Each wrong answer is a named case, with the day before and the day of its boundary.
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
WESTMINSTER = "E09000033"

REG_3 = "Care Leavers (England) Regulations 2010 reg 3"
STATUSES = ("eligible_child", "relevant_child", "former_relevant_child", "qualifying_person")


def statuses(timeline: lc.Timeline) -> set[str]:
    return {f.kind for f in timeline.findings if f.kind in STATUSES}


# D33: remand to local authority accommodation before 3 December 2012 --------------------------------

REMANDED_BORN = D(1995, 6, 1)
"""16th birthday 2011-06-01; 18th 2013-06-01; 21st 2016-06-01."""


def remanded_to_childrens_home(*extra: Event) -> lc.History:
    """Never in care; remanded (J1) to a Birmingham children's home (K2) from 5 Sep 2011."""
    return history(
        ev.Born(on=REMANDED_BORN),
        ev.CareStarted(on=D(2011, 9, 5), authority=BIRMINGHAM, legal_status="J1", placement="K2", area=BIRMINGHAM),
        *extra,
    )


def test_remand_to_local_authority_accommodation_before_laspo_is_looked_after() -> None:
    """CYPA 1969 s23(1); CA 1989 s21(2)(c), s22(1)(b); Sch 2 para 19B(2); s23A(2); s23C(1)(a); D33: remanded
    to a children's home from 5 Sep 2011 to 5 Mar 2012, before LASPO 2012, the child was accommodated by
    Birmingham and so looked after: eligible from the 91st day (4 Dec 2011), relevant from the end of the
    remand, and a former relevant child at 18."""
    timeline = lc.timeline(remanded_to_childrens_home(ev.CareEnded(on=D(2012, 3, 5), reason="E14")))
    assert rows(timeline, "eligible_child") == [(BIRMINGHAM, D(2011, 12, 4), D(2012, 3, 5), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [(BIRMINGHAM, D(2012, 3, 5), D(2013, 6, 1), "s23A(2)")]
    frc = [f for f in timeline.findings if f.kind == "former_relevant_child"]
    assert [(f.by, f.since, f.citation.provision) for f in frc] == [(BIRMINGHAM, D(2013, 6, 1), "s23C(1)(a)")]


def test_short_remand_to_local_authority_accommodation_at_16_makes_a_qualifying_person() -> None:
    """s24(1B), (2)(a), s24(5)(a); D33: a month remanded to a children's home at 16, in February 2012, is
    time looked after after 16, though not 13 weeks: a qualifying person of Birmingham until 21."""
    timeline = lc.timeline(
        history(
            ev.Born(on=REMANDED_BORN),
            care(
                D(2012, 2, 6), D(2012, 3, 7), authority=BIRMINGHAM, area=BIRMINGHAM, legal_status="J1", placement="K2"
            ),
        )
    )
    assert rows(timeline, "qualifying_person") == [(BIRMINGHAM, D(2012, 3, 7), D(2016, 6, 1), "s24(1B), (2)(a)")]


def test_remand_to_local_authority_accommodation_eligible_on_the_91st_day_not_the_90th() -> None:
    """Para 19B(2); D6, D33: the first day of the remand counts, so 3 Dec 2011 (the 90th day) is not an
    eligible day and 4 Dec 2011 (the 91st) is."""
    events = remanded_to_childrens_home(ev.CareEnded(on=D(2012, 3, 5), reason="E14"))
    assert not lc.assess(events, on=D(2011, 12, 3)).owes("eligible_child")
    assert lc.assess(events, on=D(2011, 12, 4)).owes("eligible_child", by=BIRMINGHAM)


def test_remand_to_local_authority_accommodation_the_day_before_laspo_counts() -> None:
    """CYPA 1969 s23(1) (until 2012-12-03), then LASPO 2012 s104; D33: a remand to a children's home from
    2 Dec 2012 to 3 Mar 2013 counts every day, the day before LASPO's commencement as well as the day of
    it: 91 days, eligible on 2 Mar 2013. (The same remand to a young offender institution counts only
    from 3 Dec 2012: 90 days, never eligible; see the D8 boundary.)"""
    events = history(
        ev.Born(on=D(1996, 6, 1)),
        care(D(2012, 12, 2), D(2013, 3, 3), authority=BIRMINGHAM, area=BIRMINGHAM, legal_status="J1", placement="K2"),
    )
    assert rows(lc.timeline(events), "eligible_child") == [
        (BIRMINGHAM, D(2013, 3, 2), D(2013, 3, 3), "Sch 2 para 19B(2)")
    ]


def test_remand_moved_to_custody_before_laspo_stops_being_looked_after_that_day() -> None:
    """CA 1989 s22(1)(b); D33: remanded to a children's home, then moved on 9 Jan 2012 to a young offender
    institution (recorded as custody) for the rest of the remand. In local authority accommodation he was
    looked after and eligible (8 Jan 2012 is the last such day); in custody he was not, so from 9 Jan 2012
    he is a relevant child, having been eligible before last ceasing to be looked after."""
    events = remanded_to_childrens_home(
        ev.CareChanged(on=D(2012, 1, 9), placement="R5"),
        ev.CustodyStarted(on=D(2012, 1, 9), remand=True),
        ev.CustodyEnded(on=D(2012, 3, 5)),
        ev.CareEnded(on=D(2012, 3, 5), reason="E14"),
    )
    day_before = lc.assess(events, on=D(2012, 1, 8))
    assert day_before.owes("eligible_child", by=BIRMINGHAM)
    assert not day_before.owes("relevant_child")
    on_the_day = lc.assess(events, on=D(2012, 1, 9))
    assert not on_the_day.owes("eligible_child")
    assert rows(on_the_day, "relevant_child") == [(BIRMINGHAM, D(2012, 1, 9), D(2013, 6, 1), "s23A(2)")]


def test_remand_recorded_as_custody_before_laspo_is_not_looked_after_whatever_the_placement() -> None:
    """D33: before LASPO 2012 only a remand to local authority accommodation was looked after; days the
    history records as custody are not, even where the episode's placement was not changed to R5."""
    events = remanded_to_childrens_home(
        ev.CustodyStarted(on=D(2011, 9, 5), remand=True),
        ev.CustodyEnded(on=D(2012, 3, 5)),
        ev.CareEnded(on=D(2012, 3, 5), reason="E14"),
    )
    assert statuses(lc.timeline(events)) == set()


# D34: the 16th birthday, read as D11a reads the 18th -----------------------------------------------

W4_BORN = D(2007, 2, 20)
"""14th birthday 2021-02-20; 16th 2023-02-20; 18th 2025-02-20; 21st 2028-02-20."""


def test_care_ending_on_the_16th_birthday_makes_a_relevant_child() -> None:
    """FLRA 1969 s9; Sch 2 para 19B(2)(b); s23A(2); s23B(2)-(3); D34: s20 with Westminster 1 Jun 2022 until
    the 16th birthday, 20 Feb 2023. She was looked after when she attained 16, so her care "ended after
    she reached sixteen" and she was an eligible child then: a relevant child from the birthday, owed a
    personal adviser and an assessment by 20 May 2023, and a former relevant child at 18."""
    timeline = lc.timeline(history(ev.Born(on=W4_BORN), care(D(2022, 6, 1), D(2023, 2, 20), authority=WESTMINSTER)))
    assert rows(timeline, "relevant_child") == [(WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20), "s23A(2)")]
    assert rows(timeline, "personal_adviser")[0] == (WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20), "s23B(2)")
    plan = [f for f in timeline.of_kind("pathway_plan") if f.citation.provision == "s23B(3)"]
    assert [(f.since, f.due) for f in plan] == [(D(2023, 2, 20), D(2023, 5, 20))]
    frc = [f for f in timeline.findings if f.kind == "former_relevant_child"]
    assert [(f.by, f.since, f.citation.provision) for f in frc] == [(WESTMINSTER, D(2025, 2, 20), "s23C(1)(a)")]


def test_care_ending_the_day_before_the_16th_birthday_makes_nobody() -> None:
    """Para 19B(2)(b); s24(1B); D34: care ending on 19 Feb 2023 (last day looked after 18 Feb) was over
    before she attained 16: never eligible, relevant or qualifying."""
    timeline = lc.timeline(history(ev.Born(on=W4_BORN), care(D(2022, 6, 1), D(2023, 2, 19), authority=WESTMINSTER)))
    assert statuses(timeline) == set()


def test_relevant_from_the_16th_birthday_not_the_day_before() -> None:
    """s23A(2)(c); D34: with care ending on the 16th birthday, she is not a relevant child on 19 Feb 2023
    (aged 15) and is one on 20 Feb 2023."""
    events = history(ev.Born(on=W4_BORN), care(D(2022, 6, 1), D(2023, 2, 20), authority=WESTMINSTER))
    assert not lc.assess(events, on=D(2023, 2, 19)).owes("relevant_child")
    assert lc.assess(events, on=D(2023, 2, 20)).owes("relevant_child", by=WESTMINSTER)


def test_short_care_ending_on_the_16th_birthday_makes_a_qualifying_person() -> None:
    """s24(1B), (2)(a), s24(5)(a); D34: 49 days in care ending on the 16th birthday: not 13 weeks, but she
    was looked after when she attained 16, so "after reaching the age of sixteen": a qualifying person
    from the birthday until 21. Ending a day earlier, she is nobody."""
    on_birthday = lc.timeline(history(ev.Born(on=W4_BORN), care(D(2023, 1, 2), D(2023, 2, 20), authority=WESTMINSTER)))
    assert rows(on_birthday, "qualifying_person") == [(WESTMINSTER, D(2023, 2, 20), D(2028, 2, 20), "s24(1B), (2)(a)")]
    day_before = lc.timeline(history(ev.Born(on=W4_BORN), care(D(2023, 1, 2), D(2023, 2, 19), authority=WESTMINSTER)))
    assert statuses(day_before) == set()


def detained_until(released: dt.date) -> lc.History:
    """W4: s20 with Westminster 1 Jun -> 5 Dec 2022 (187 days after 14), sentenced and detained until
    ``released``."""
    return history(
        ev.Born(on=W4_BORN),
        care(D(2022, 6, 1), D(2022, 12, 5), authority=WESTMINSTER, reason="E9"),
        ev.CustodyStarted(on=D(2022, 12, 5), remand=False),
        ev.CustodyEnded(on=released),
    )


def test_detained_until_the_16th_birthday_is_a_relevant_child() -> None:
    """CLR 2010 reg 3(2)(c) ("on attaining the age of 16 the child was detained"); D34: released on the 16th
    birthday, he was detained when he attained 16: a relevant child of Westminster from that day."""
    relevant = lc.timeline(detained_until(D(2023, 2, 20))).of_kind("relevant_child")
    assert [(f.by, f.since, f.until, str(f.citation)) for f in relevant] == [
        (WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20), REG_3)
    ]


def test_released_the_day_before_the_16th_birthday_is_not_a_relevant_child() -> None:
    """CLR 2010 reg 3(2)(c); D34: released on 19 Feb 2023, he was no longer detained when he attained 16."""
    assert lc.timeline(detained_until(D(2023, 2, 19))).of_kind("relevant_child") == ()


def in_hospital_until(discharged: dt.date) -> lc.History:
    """s20 with Westminster 1 Jun -> 5 Dec 2022, then in hospital until ``discharged``."""
    return history(
        ev.Born(on=W4_BORN),
        care(D(2022, 6, 1), D(2022, 12, 5), authority=WESTMINSTER),
        ev.HospitalAdmitted(on=D(2022, 12, 5)),
        ev.HospitalDischarged(on=discharged),
    )


def test_in_hospital_until_the_16th_birthday_is_a_relevant_child() -> None:
    """CLR 2010 reg 3(2)(c) ("or in hospital"); D34: discharged on the 16th birthday, she was in hospital
    when she attained 16: a relevant child from that day. Discharged a day earlier, she is not."""
    relevant = lc.timeline(in_hospital_until(D(2023, 2, 20))).of_kind("relevant_child")
    assert [(f.by, f.since, str(f.citation)) for f in relevant] == [(WESTMINSTER, D(2023, 2, 20), REG_3)]
    assert lc.timeline(in_hospital_until(D(2023, 2, 19))).of_kind("relevant_child") == ()


# D35: care closed during the hospital stay or after custody began -----------------------------------


def admitted_while_looked_after(care_from: dt.date) -> lc.History:
    """s20 with Westminster from ``care_from``; admitted to hospital on 5 Dec 2022 while still looked
    after; care closed during the stay on 10 Jan 2023; discharged 5 Apr 2023, after the 16th birthday."""
    return history(
        ev.Born(on=W4_BORN),
        care(care_from, D(2023, 1, 10), authority=WESTMINSTER),
        ev.HospitalAdmitted(on=D(2022, 12, 5)),
        ev.HospitalDischarged(on=D(2023, 4, 5)),
    )


def test_care_closed_during_the_hospital_stay_keeps_the_hospital_route() -> None:
    """CLR 2010 reg 3(2)(c) ("immediately before being ... admitted to hospital had been looked after ...
    13 weeks"); D35: admitted while looked after, care closed during the stay; in hospital on the 16th
    birthday: a relevant child of Westminster from 20 Feb 2023 until 18."""
    relevant = lc.timeline(admitted_while_looked_after(D(2022, 6, 1))).of_kind("relevant_child")
    assert [(f.by, f.since, f.until, str(f.citation)) for f in relevant] == [
        (WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20), REG_3)
    ]


def test_thirteen_weeks_are_counted_to_the_admission_not_to_the_end_of_care() -> None:
    """CLR 2010 reg 3(2)(c); D6, D35: looked after from 5 Sep 2022, 91 days by the admission on 5 Dec 2022:
    relevant. From 6 Sep 2022, 90 days by the admission (the days in hospital before care was closed do
    not count): not relevant."""
    enough = lc.timeline(admitted_while_looked_after(D(2022, 9, 5))).of_kind("relevant_child")
    assert [f.since for f in enough] == [D(2023, 2, 20)]
    assert lc.timeline(admitted_while_looked_after(D(2022, 9, 6))).of_kind("relevant_child") == ()


def test_custody_beginning_before_the_recorded_end_of_care_keeps_the_detained_route() -> None:
    """CLR 2010 reg 3(2)(c); D35: detained on 5 Dec 2022 while the s20 episode was still open, its end
    recorded on 8 Dec 2022 (REC E9); detained on the 16th birthday: a relevant child from 20 Feb 2023."""
    events = history(
        ev.Born(on=W4_BORN),
        care(D(2022, 6, 1), D(2022, 12, 8), authority=WESTMINSTER, reason="E9"),
        ev.CustodyStarted(on=D(2022, 12, 5), remand=False),
        ev.CustodyEnded(on=D(2023, 4, 5)),
    )
    relevant = lc.timeline(events).of_kind("relevant_child")
    assert [(f.by, f.since, str(f.citation)) for f in relevant] == [(WESTMINSTER, D(2023, 2, 20), REG_3)]


# D36, D37: six months with a person with parental responsibility -----------------------------------

BORN = D(2006, 6, 1)
"""16th birthday 2022-06-01; 18th 2024-06-01; 21st 2027-06-01."""


def left_care(reason: str, *extra: Event) -> lc.History:
    """On a care order with Kent from 1 Sep 2020 (eligible from 16), care ending on 31 Aug 2023 with
    ``reason``."""
    return history(ev.Born(on=BORN), care(D(2020, 9, 1), D(2023, 8, 31), legal_status="C2", reason=reason), *extra)


def test_six_months_with_a_special_guardian_ends_relevant_status() -> None:
    """CLR 2010 reg 3 ("a person who has parental responsibility"); CA 1989 s14C(1)(a); s24(1A); D36: care
    ended by a special guardianship order (REC E46) on 31 Aug 2023. Six months with the special guardian
    end relevant status on 29 Feb 2024; from then she qualifies under s24(1A) until 21, and at 18 she is
    not a former relevant child."""
    timeline = lc.timeline(left_care("E46"))
    assert rows(timeline, "relevant_child") == [(KENT, D(2023, 8, 31), D(2024, 2, 29), "s23A(2)")]
    assert rows(timeline, "qualifying_person") == [(KENT, D(2024, 2, 29), D(2027, 6, 1), "s24(1A)")]
    assert timeline.of_kind("former_relevant_child") == ()


def test_special_guardian_six_months_boundary() -> None:
    """CLR 2010 reg 3; D5, D36: relevant on 28 Feb 2024, the last day before six months with the special
    guardian; qualifying under s24(1A), not relevant, on 29 Feb 2024."""
    events = left_care("E46")
    assert lc.assess(events, on=D(2024, 2, 28)).owes("relevant_child", by=KENT)
    on_the_day = lc.assess(events, on=D(2024, 2, 29))
    assert not on_the_day.owes("relevant_child")
    assert rows(on_the_day, "qualifying_person") == [(KENT, D(2024, 2, 29), D(2027, 6, 1), "s24(1A)")]


def test_six_months_with_a_person_named_in_a_lives_with_order_ends_relevant_status() -> None:
    """CLR 2010 reg 3; CA 1989 s12(2); s24(1B); D36: care ended by a residence or lives-with child
    arrangements order (REC E41); six months on, she is a qualifying person, not a relevant child."""
    timeline = lc.timeline(left_care("E41"))
    assert rows(timeline, "relevant_child") == [(KENT, D(2023, 8, 31), D(2024, 2, 29), "s23A(2)")]
    assert rows(timeline, "qualifying_person") == [(KENT, D(2024, 2, 29), D(2027, 6, 1), "s24(1B), (2)(a)")]


def test_six_months_with_adopters_ends_relevant_status() -> None:
    """CLR 2010 reg 3 ("their parent"); Adoption and Children Act 2002 s46(1), s67(1); D37: adopted at 17
    (REC E11), she lives with her parents from the order; six months on she is not a relevant child."""
    timeline = lc.timeline(left_care("E11"))
    assert rows(timeline, "relevant_child") == [(KENT, D(2023, 8, 31), D(2024, 2, 29), "s23A(2)")]
    assert timeline.of_kind("former_relevant_child") == ()


def test_leaving_the_special_guardian_restores_relevant_status() -> None:
    """CLR 2010 reg 3 (the arrangement breaks down); D10, D36: she leaves her special guardian for supported
    accommodation on 1 Apr 2024, so is a relevant child again from then, and a former relevant child of
    Kent at 18 (s23C(1)(a))."""
    timeline = lc.timeline(left_care("E46", ev.Moved(on=D(2024, 4, 1), area=ASHFORD, arrangement="supported")))
    assert rows(timeline, "relevant_child") == [
        (KENT, D(2023, 8, 31), D(2024, 2, 29), "s23A(2)"),
        (KENT, D(2024, 4, 1), D(2024, 6, 1), "s23A(2)"),
    ]
    frc = [f for f in timeline.findings if f.kind == "former_relevant_child"]
    assert [(f.by, f.since, f.citation.provision) for f in frc] == [(KENT, D(2024, 6, 1), "s23C(1)(a)")]


# D38: "before last ceasing to be looked after, an eligible child" (s23A(2)(b)) ---------------------


def relevant_then_short_break(authority: str) -> lc.History:
    """s20 with Kent 1 Sep 2020 -> 1 Sep 2022 (eligible from 16, relevant from 1 Sep 2022), then a short
    break (V3) with ``authority`` 1 -> 4 May 2023."""
    return history(
        ev.Born(on=BORN),
        care(D(2020, 9, 1), D(2022, 9, 1)),
        care(D(2023, 5, 1), D(2023, 5, 4), authority=authority, legal_status="V3", placement="U4"),
    )


def test_relevant_child_stays_relevant_after_a_short_break() -> None:
    """s23A(2)(b) ("was, before last ceasing to be looked after, an eligible child"; contrast s23C(1)(b),
    "immediately before"); D38: she was an eligible child before last ceasing to be looked after, though
    not during the short break itself (D7), so she is a relevant child again when it ends, and a former
    relevant child at 18."""
    timeline = lc.timeline(relevant_then_short_break(KENT))
    assert rows(timeline, "relevant_child") == [
        (KENT, D(2022, 9, 1), D(2023, 5, 1), "s23A(2)"),
        (KENT, D(2023, 5, 4), D(2024, 6, 1), "s23A(2)"),
    ]
    assert timeline.of_kind("qualifying_person") == ()
    frc = [f for f in timeline.findings if f.kind == "former_relevant_child"]
    assert [(f.by, f.since, f.citation.provision) for f in frc] == [(KENT, D(2024, 6, 1), "s23C(1)(a)")]


def test_relevant_again_the_day_the_short_break_ends() -> None:
    """s23A(2)(a)-(b); D38: on the last night of the break (3 May 2023) she is looked after, so not a
    relevant child; on 4 May 2023 she is one again."""
    events = relevant_then_short_break(KENT)
    assert not lc.assess(events, on=D(2023, 5, 3)).owes("relevant_child")
    assert lc.assess(events, on=D(2023, 5, 4)).owes("relevant_child", by=KENT)


def test_short_break_with_another_authority_moves_responsibility() -> None:
    """s23A(2)(b), (4); D11, D38: after a short break with Hartlepool she is still a relevant child, now of
    Hartlepool, which looked after her last; the move is flagged for review."""
    timeline = lc.timeline(relevant_then_short_break(HARTLEPOOL))
    assert rows(timeline, "relevant_child")[-1] == (HARTLEPOOL, D(2023, 5, 4), D(2024, 6, 1), "s23A(2)")
    moved = [c for c in timeline.concerns if c.code == "responsibility_moved"]
    assert [(c.by, c.since) for c in moved] == [(HARTLEPOOL, D(2023, 5, 4))]


def detained_then_short_break(authority: str) -> lc.History:
    """W4: relevant under CLR 2010 reg 3 from the 16th birthday, then a short break (V3) with
    ``authority`` 1 -> 4 Jun 2023."""
    return history(
        ev.Born(on=W4_BORN),
        care(D(2022, 6, 1), D(2022, 12, 5), authority=WESTMINSTER, reason="E9"),
        ev.CustodyStarted(on=D(2022, 12, 5), remand=False),
        ev.CustodyEnded(on=D(2023, 4, 5)),
        care(D(2023, 6, 1), D(2023, 6, 4), authority=authority, area=authority, legal_status="V3"),
    )


def test_detained_route_relevant_child_stays_relevant_after_a_short_break() -> None:
    """CLR 2010 reg 3(2); D38: relevant under reg 3 from the 16th birthday, then a short break in June 2023;
    the regulation's conditions still hold when it ends, so he is a relevant child again from 4 Jun 2023
    (not on 3 Jun, the last night of the break)."""
    relevant = lc.timeline(detained_then_short_break(WESTMINSTER)).of_kind("relevant_child")
    assert [(f.by, f.since, f.until, str(f.citation)) for f in relevant] == [
        (WESTMINSTER, D(2023, 2, 20), D(2023, 6, 1), REG_3),
        (WESTMINSTER, D(2023, 6, 4), D(2025, 2, 20), REG_3),
    ]


def test_detained_route_short_break_with_another_authority_moves_responsibility() -> None:
    """CLR 2010 reg 2(1) ("the local authority that last looked after the child"), reg 3(2); D38: after a
    short break with Hartlepool, Hartlepool is responsible for him."""
    relevant = lc.timeline(detained_then_short_break(HARTLEPOOL)).of_kind("relevant_child")
    assert sorted((f.since, f.by) for f in relevant) == [(D(2023, 2, 20), WESTMINSTER), (D(2023, 6, 4), HARTLEPOOL)]
