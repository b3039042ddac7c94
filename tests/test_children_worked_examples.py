"""The worked examples W1-W16 of the children's services law reference (law/children.md section 13).

Each example is a named case: the history, the date, and the findings the reference gives, with the
responsible authority, the period and the provision. Where the reference marks a point UNVERIFIED the
case follows DECISIONS.md and says so. The fictional authorities of the examples map to real codes of
the right kind:

| example | authority | code |
|---|---|---|
| W1 Anytown, W5 Eastholm, W9 Eastford, W11, W14 | Kent (county; placed in Ashford) | E10000016 |
| W2 Bexford, W6 Fairbridge, W10 Harlow Vale, W15 Lowmoor | Birmingham (metropolitan) | E08000025 |
| W3 Cheshford, W7 Greyport, W8 Southborough | Hartlepool (unitary) | E06000001 |
| W4 Dunmore, W8b Westwick, W13 Kingsmere | Westminster (London borough) | E09000033 |
| W8 Northshire | Kent (county) | E10000016 |

Points of the examples the events cannot express, and so are not tested here: the s23ZA visits owed to
a detained former looked-after child (W4, no finding kind), the corporate parenting scope (W1, W5: a
process duty with no finding kind), the authority's discretion to disregard an interrupted programme
(W6 variant, s23C(8): no event records the decision), private fostering (W12: no event records it) and
stays of 24 hours or less (W13 variant: a stay of hours is no care episode, D9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

import leavingcare as lc
from children_cases import care, history, rows
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date

KENT, ASHFORD = "E10000016", "E07000105"
BIRMINGHAM = "E08000025"
HARTLEPOOL = "E06000001"
WESTMINSTER = "E09000033"


def only(found: Iterable[lc.Finding], kind: str) -> lc.Finding:
    matches = [f for f in found if f.kind == kind]
    assert len(matches) == 1, f"expected one {kind} finding, got {matches}"
    return matches[0]


def concern_codes(concerns: Iterable[lc.Concern]) -> set[str]:
    return {c.code for c in concerns}


# W1 -------------------------------------------------------------------------------------------------


def w1(*extra: Event) -> lc.History:
    """Born 15 Mar 2004; s20 with Anytown 1 Jun 2019 until the 18th birthday, 15 Mar 2022."""
    return history(ev.Born(on=D(2004, 3, 15)), care(D(2019, 6, 1), D(2022, 3, 15), KENT, ASHFORD), *extra)


def test_w1_eligible_from_16_and_former_relevant_from_18() -> None:
    """Sch 2 para 19B(2); s23C(1)(b) (W1): already past 91 days and looked after on the 16th birthday, so
    eligible from 15 Mar 2020; looked after when attaining 18, so a former relevant child of Anytown
    from 15 Mar 2022 (a care episode ending on the 18th birthday counts, D11a)."""
    timeline = lc.timeline(w1())
    assert rows(timeline, "eligible_child") == [(KENT, D(2020, 3, 15), D(2022, 3, 15), "Sch 2 para 19B(2)")]
    assert rows(timeline, "former_relevant_child")[0][:2] == (KENT, D(2022, 3, 15))
    assert rows(timeline, "former_relevant_child")[0][3] == "s23C(1)(b)"


def test_w1_aged_20_owed_the_s23c_duties() -> None:
    """s23C(2), (3), (4)(b) (W1): on 14 Mar 2025, aged 20, Anytown must keep in touch, continue the
    personal adviser, review the pathway plan and help with education and training, until 21."""
    found = lc.assess(w1(), on=D(2025, 3, 14)).findings
    assert rows(found, "keep_in_touch") == [(KENT, D(2022, 3, 15), D(2025, 3, 15), "s23C(2)")]
    assert rows(found, "personal_adviser") == [(KENT, D(2022, 3, 15), D(2025, 3, 15), "s23C(3)(a)")]
    assert rows(found, "pathway_plan") == [(KENT, D(2022, 3, 15), D(2025, 3, 15), "s23C(3)(b)")]
    assert rows(found, "education_training_assistance") == [(KENT, D(2022, 3, 15), D(2025, 3, 15), "s23C(4)(b)")]


def test_w1_twenty_first_birthday_ends_the_s23c_duties() -> None:
    """s23C(6) (W1): on the 21st birthday, 15 Mar 2025, with no programme in the plan, the s23C(2)-(4)
    duties cease; no personal adviser is owed unless asked for (s23CZB). Still a former relevant child."""
    assessment = lc.assess(w1(), on=D(2025, 3, 15))
    for kind in ("keep_in_touch", "personal_adviser", "pathway_plan", "education_training_assistance"):
        assert not assessment.owes(kind), kind
    assert assessment.owes("former_relevant_child", by=KENT)


def test_w1_request_on_21st_birthday_owes_adviser_until_25() -> None:
    """s23CZB(3)-(4) (W1): asking on 15 Mar 2025 starts a personal adviser, an assessment and a pathway
    plan, through 14 Mar 2029 (the day before the 25th birthday). No assessment deadline is asserted:
    s23CZB(4)-(5) set none and CLR 2010 reg 5(2) covers only relevant children and s23CA."""
    timeline = lc.timeline(w1(ev.SupportRequested(on=D(2025, 3, 15))))
    assert rows(timeline, "personal_adviser")[-1] == (KENT, D(2025, 3, 15), D(2029, 3, 15), "s23CZB(3)")
    plan = [f for f in timeline.of_kind("pathway_plan") if f.since == D(2025, 3, 15)]
    assert [(f.by, f.until, f.citation.provision, f.due) for f in plan] == [(KENT, D(2029, 3, 15), "s23CZB(4)", None)]


# W2 -------------------------------------------------------------------------------------------------


def w2(second_spell_ends: dt.date) -> lc.History:
    """Born 10 May 2006; s20 with Bexford 1 Sep -> 31 Oct 2021 (60 days) and 20 Apr 2022 -> the given day."""
    return history(
        ev.Born(on=D(2006, 5, 10)),
        care(D(2021, 9, 1), D(2021, 10, 31), BIRMINGHAM, BIRMINGHAM),
        care(D(2022, 4, 20), second_spell_ends, BIRMINGHAM, BIRMINGHAM),
    )


def test_w2_thirteen_weeks_minus_one_day_is_not_eligible() -> None:
    """Sch 2 para 19B(2); s24(1B), (2)(a) (W2): 60 + 30 = 90 days, one short of 13 weeks (D6). On 1 Jun
    2022 he is neither eligible nor relevant, but a qualifying person of Bexford from the day he left
    care (20 May 2022) until 21 (10 May 2027), owed s24(4) contact."""
    timeline = lc.timeline(w2(D(2022, 5, 20)))
    assert timeline.of_kind("eligible_child") == ()
    assert timeline.of_kind("relevant_child") == ()
    assert timeline.of_kind("former_relevant_child") == ()
    found = lc.assess(w2(D(2022, 5, 20)), on=D(2022, 6, 1)).findings
    assert rows(found, "qualifying_person") == [(BIRMINGHAM, D(2022, 5, 20), D(2027, 5, 10), "s24(1B), (2)(a)")]
    assert rows(found, "keep_in_touch") == [(BIRMINGHAM, D(2022, 5, 20), D(2027, 5, 10), "s24(4)")]


def test_w2b_ninety_one_days_eligible_on_the_91st_day() -> None:
    """Sch 2 para 19B(2); s23A(2); CLR 2010 reg 5(2)(a); s23C(1)(a) (W2b): the second spell ends 21 May
    2022, making 91 days. Eligible on 20 May 2022 (the 91st day) only; relevant from 21 May 2022, owed a
    personal adviser, a needs assessment by 21 Aug 2022 (the eligible-child assessment would have been
    due by 20 Aug 2022) and s23B(8) accommodation; a former relevant child from 10 May 2024."""
    timeline = lc.timeline(w2(D(2022, 5, 21)))
    assert rows(timeline, "eligible_child") == [(BIRMINGHAM, D(2022, 5, 20), D(2022, 5, 21), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [(BIRMINGHAM, D(2022, 5, 21), D(2024, 5, 10), "s23A(2)")]
    assert rows(timeline, "personal_adviser")[1] == (BIRMINGHAM, D(2022, 5, 21), D(2024, 5, 10), "s23B(2)")
    plans = {f.citation.provision: f.due for f in timeline.of_kind("pathway_plan")}
    assert plans["Sch 2 para 19B(4)-(5)"] == D(2022, 8, 20)
    assert plans["s23B(3)"] == D(2022, 8, 21)
    assert rows(timeline, "accommodation_and_maintenance") == [(BIRMINGHAM, D(2022, 5, 21), D(2024, 5, 10), "s23B(8)")]
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.by, frc.since, frc.citation.provision) == (BIRMINGHAM, D(2024, 5, 10), "s23C(1)(a)")


# W3 -------------------------------------------------------------------------------------------------

W3_BORN = D(2007, 9, 1)


def monthly_breaks(first: dt.date, until: dt.date, nights: int = 3) -> list[Event]:
    """A short break of ``nights`` nights with the same carer on the 8th of each month, home after each."""
    events: list[Event] = []
    year, month = first.year, first.month
    while D(year, month, 8) < until:
        start = D(year, month, 8)
        events += care(
            start,
            start + dt.timedelta(days=nights),
            HARTLEPOOL,
            HARTLEPOOL,
            legal_status="V3",
            reason="E4A",
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return events


def test_w3_respite_only_never_eligible() -> None:
    """CPPCR 2010 reg 40(2), reg 48; D7 (W3): monthly s20 short breaks (V3) with the same carer from 13 to
    17 and a half, home to her mother after each. Her nights after 14 exceed 91, yet she is never an
    eligible child, so never relevant or a former relevant child; on 1 Mar 2024 she is neither."""
    breaks = monthly_breaks(D(2020, 9, 1), D(2025, 3, 1))
    nights_after_14 = sum(
        (b.on - a.on).days for a, b in zip(breaks[::2], breaks[1::2], strict=True) if a.on >= D(2021, 9, 1)
    )
    assert nights_after_14 > 91
    timeline = lc.timeline(history(ev.Born(on=W3_BORN), breaks))
    for kind in ("eligible_child", "relevant_child", "former_relevant_child", "personal_adviser"):
        assert timeline.of_kind(kind) == (), kind


def test_w3_respite_only_qualifying_between_breaks_flagged() -> None:
    """s24(1B)(b), (2)(a); CPPCR 2010 reg 2(1), reg 48(2) (W3): looked after during each break after 16 and
    not between them, she is a qualifying person of Cheshford between breaks; ``short_breaks_only`` asks
    for a check that the breaks kept within reg 48(2)(c). During a break she is looked after, so not
    qualifying."""
    found = lc.assess(history(ev.Born(on=W3_BORN), monthly_breaks(D(2020, 9, 1), D(2025, 3, 1))), on=D(2024, 3, 1))
    assert rows(found.findings, "qualifying_person") == [(HARTLEPOOL, D(2024, 2, 11), D(2024, 3, 8), "s24(1B), (2)(a)")]
    assert "short_breaks_only" in concern_codes(found.concerns)
    during = lc.assess(history(ev.Born(on=W3_BORN), monthly_breaks(D(2020, 9, 1), D(2025, 3, 1))), on=D(2024, 3, 9))
    assert not during.owes("qualifying_person")
    assert not during.owes("eligible_child")


def test_w3_before_2011_same_result_under_the_2001_regulations() -> None:
    """CL(E)R 2001 reg 3 (W3 variant): the same facts under the 2001 regulations (a series of planned
    short stays, home after each) give the same result: on 1 Jun 2010 not eligible, not relevant."""
    breaks = monthly_breaks(D(2006, 9, 1), D(2011, 3, 1))
    assessment = lc.assess(history(ev.Born(on=D(1993, 9, 1)), breaks), on=D(2010, 6, 1))
    assert not assessment.owes("eligible_child")
    assert not assessment.owes("relevant_child")


def test_w3_one_twenty_night_stay_counts_and_is_flagged() -> None:
    """CPPCR 2010 reg 48(2)(c)(i); D7; children.md 3.2 (W3 variant): a 20-night stay is not a short break
    (recorded V2), so it counts towards the 13 weeks while the breaks do not. 20 days fall short of 91, so
    she is not eligible; because counting the breaks too would pass 91, the mixed history is flagged
    (``mixed_short_breaks``) from the stay, when it first mixes the two, until she is 18."""
    events = [
        ev.Born(on=W3_BORN),
        monthly_breaks(D(2020, 9, 1), D(2023, 12, 1)),
        care(D(2023, 12, 12), D(2024, 1, 1), HARTLEPOOL, HARTLEPOOL, reason="E4A"),
        monthly_breaks(D(2024, 1, 1), D(2025, 3, 1)),
    ]
    timeline = lc.timeline(history(*events))
    assert timeline.of_kind("eligible_child") == ()
    flagged = [c for c in timeline.concerns if c.code == "mixed_short_breaks"]
    assert [(c.since, c.until) for c in flagged] == [(D(2023, 12, 12), D(2025, 9, 1))]


def test_w3_breaks_under_s17_never_looked_after() -> None:
    """s22(1) (W3 variant): short breaks arranged under s17(6) do not make a child looked after, so no care
    episode is recorded and no care-leaver status or duty arises."""
    timeline = lc.timeline(
        history(ev.Born(on=W3_BORN), ev.Moved(on=D(2020, 9, 1), area=HARTLEPOOL, arrangement="parent"))
    )
    kinds = {f.kind for f in timeline.findings}
    assert kinds.isdisjoint({"eligible_child", "relevant_child", "former_relevant_child", "qualifying_person"})


# W4 -------------------------------------------------------------------------------------------------

W4_BORN = D(2007, 2, 20)


def test_w4_detained_on_16th_birthday_relevant_under_reg_3() -> None:
    """CLR 2010 reg 3(2); s23B(2), (3), (8); s23C(1)(a) (W4): s20 with Dunmore 1 Jun -> 5 Dec 2022 (187 days
    after 14), then sentenced and detained until 5 Apr 2023. Not eligible (his care ended before 16), but
    relevant from the 16th birthday, 20 Feb 2023: a personal adviser, an assessment by 20 May 2023, keep
    in touch, and s23B(8) accommodation and maintenance on release; a former relevant child from 20 Feb
    2025."""
    events = history(
        ev.Born(on=W4_BORN),
        care(D(2022, 6, 1), D(2022, 12, 5), WESTMINSTER, WESTMINSTER, reason="E9"),
        ev.CustodyStarted(on=D(2022, 12, 5), remand=False),
        ev.CustodyEnded(on=D(2023, 4, 5)),
    )
    timeline = lc.timeline(events)
    assert timeline.of_kind("eligible_child") == ()
    relevant = only(timeline.findings, "relevant_child")
    assert (relevant.by, relevant.since, relevant.until) == (WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20))
    assert str(relevant.citation) == "Care Leavers (England) Regulations 2010 reg 3"
    assert rows(timeline, "personal_adviser")[0] == (WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20), "s23B(2)")
    assert rows(timeline, "keep_in_touch")[0] == (WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20), "s23B(1)")
    plan = [f for f in timeline.of_kind("pathway_plan") if f.citation.provision == "s23B(3)"]
    assert [f.due for f in plan] == [D(2023, 5, 20)]
    assert rows(timeline, "accommodation_and_maintenance") == [(WESTMINSTER, D(2023, 4, 5), D(2025, 2, 20), "s23B(8)")]
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.by, frc.since, frc.citation.provision) == (WESTMINSTER, D(2025, 2, 20), "s23C(1)(a)")
    before = lc.assess(events, on=D(2023, 2, 19))
    assert not before.owes("personal_adviser")
    assert not before.owes("relevant_child")


def test_w4_on_a_care_order_stays_looked_after_and_is_eligible() -> None:
    """s22(1)(a); Sch 2 para 19B(2) (W4 variant): on a care order he stays looked after in custody, so he
    is an eligible child of Dunmore from 20 Feb 2023, not a reg 3 relevant child."""
    timeline = lc.timeline(
        history(
            ev.Born(on=W4_BORN),
            care(D(2022, 6, 1), None, WESTMINSTER, WESTMINSTER, legal_status="C2"),
            ev.CareChanged(on=D(2022, 12, 5), placement="R5"),
            ev.CustodyStarted(on=D(2022, 12, 5), remand=False),
            ev.CustodyEnded(on=D(2023, 4, 5)),
            ev.CareChanged(on=D(2023, 4, 5), placement="U4"),
        )
    )
    assert rows(timeline, "eligible_child") == [(WESTMINSTER, D(2023, 2, 20), D(2025, 2, 20), "Sch 2 para 19B(2)")]
    assert timeline.of_kind("relevant_child") == ()


def test_w4_remanded_to_youth_detention_on_16th_birthday_is_eligible() -> None:
    """LASPO 2012 s104; Sch 2 para 19B(2); s23A(2) (W4 variant): remanded (J1) from 5 Dec 2022 and still on
    remand on the 16th birthday, he is looked after, so eligible from 20 Feb 2023; when the remand ends
    on 5 Apr 2023 he becomes a relevant child of Dunmore."""
    timeline = lc.timeline(
        history(
            ev.Born(on=W4_BORN),
            care(D(2022, 6, 1), None, WESTMINSTER, WESTMINSTER),
            ev.CareChanged(on=D(2022, 12, 5), legal_status="J1", placement="R5"),
            ev.CustodyStarted(on=D(2022, 12, 5), remand=True),
            ev.CustodyEnded(on=D(2023, 4, 5)),
            ev.CareEnded(on=D(2023, 4, 5), reason="E14"),
        )
    )
    assert rows(timeline, "eligible_child") == [(WESTMINSTER, D(2023, 2, 20), D(2023, 4, 5), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [(WESTMINSTER, D(2023, 4, 5), D(2025, 2, 20), "s23A(2)")]


# W5 -------------------------------------------------------------------------------------------------


def test_w5_request_at_24_years_11_months_adviser_until_25() -> None:
    """s23CZB(1)-(4) (W5): a former relevant child of Eastholm who declined support at 21 asks on 1 Jun
    2026, aged 24 years 11 months. Eastholm must provide a personal adviser, assess and plan from 1 Jun
    until 30 Jun 2026 inclusive; every s23CZB duty ends on the 25th birthday, 1 Jul 2026. No assessment
    deadline is asserted (s23CZB(4); CLR 2010 reg 5(2)); the assessment is reported outstanding and the
    lapse said so."""
    events = history(
        ev.Born(on=D(2001, 7, 1)),
        care(D(2016, 1, 4), D(2019, 7, 1), KENT, ASHFORD, legal_status="C2"),
        ev.SupportDeclined(on=D(2022, 7, 1)),
        ev.SupportRequested(on=D(2026, 6, 1)),
    )
    found = lc.assess(events, on=D(2026, 6, 1))
    assert rows(found.findings, "personal_adviser") == [(KENT, D(2026, 6, 1), D(2026, 7, 1), "s23CZB(3)")]
    plan = only(found.findings, "pathway_plan")
    assert (plan.by, plan.since, plan.until, plan.citation.provision, plan.due) == (
        KENT,
        D(2026, 6, 1),
        D(2026, 7, 1),
        "s23CZB(4)",
        None,
    )
    outstanding = [c for c in found.concerns if c.code == "assessment_outstanding"]
    assert [(c.by, c.since, c.until) for c in outstanding] == [(KENT, D(2026, 6, 1), D(2026, 7, 1))]
    assert "lapsed on 2026-07-01" in outstanding[0].because[0].text
    assert not lc.assess(events, on=D(2026, 7, 1)).owes("personal_adviser")


def test_w5_request_before_s23czb_commenced_creates_no_duty() -> None:
    """s23CZB in force 1 Apr 2018 (W5 variant; children.md 7.2): a request dated 20 Mar 2018 by a former
    relevant child aged 23 is no request under s23CZB, on that day or once the section is in force."""
    events = history(
        ev.Born(on=D(1994, 7, 1)),
        care(D(2009, 1, 5), D(2012, 7, 1), KENT, ASHFORD, legal_status="C2"),
        ev.SupportRequested(on=D(2018, 3, 20)),
    )
    timeline = lc.timeline(events)
    assert [f for f in timeline.of_kind("personal_adviser") if f.since >= D(2018, 1, 1)] == []
    assert not lc.assess(events, on=D(2018, 4, 1)).owes("personal_adviser")


# W6 -------------------------------------------------------------------------------------------------

W6_BORN = D(2003, 10, 10)


def w6(*extra: Event) -> lc.History:
    """A former relevant child of Fairbridge whose pathway plan sets out a degree, Sep 2022 - 30 Jun 2025,
    living in halls in term time."""
    return history(
        ev.Born(on=W6_BORN),
        care(D(2018, 1, 8), D(2021, 10, 10), BIRMINGHAM, BIRMINGHAM, legal_status="C2"),
        ev.EducationStarted(
            on=D(2022, 9, 19), level="higher", full_time=True, in_pathway_plan=True, term_time_accommodation=True
        ),
        ev.EducationEnded(on=D(2025, 7, 1)),
        *extra,
    )


def test_w6_degree_past_21_keeps_the_s23c_duties() -> None:
    """s23C(7), s24B(5) via s23C(9) (W6): on 15 Jan 2025, aged 21, the degree in the pathway plan keeps the
    personal adviser, the plan, keeping in touch and education help alive while she pursues it (to 30 Jun
    2025); vacation accommodation is owed while her halls are her term-time home."""
    found = lc.assess(w6(), on=D(2025, 1, 15)).findings
    extension = (BIRMINGHAM, D(2024, 10, 10), D(2025, 7, 1), "s23C(7)")
    for kind in ("personal_adviser", "pathway_plan", "keep_in_touch", "education_training_assistance"):
        assert rows(found, kind) == [extension], kind
    assert rows(found, "vacation_accommodation") == [(BIRMINGHAM, D(2022, 9, 19), D(2025, 7, 1), "s24B(5)")]


def test_w6_programme_over_then_adviser_on_request_to_25() -> None:
    """s23C(7), s23CZB (W6): on 1 Jul 2025 the programme is over and s23C(7) ends; asked for then, s23CZB
    support runs until 9 Oct 2028 inclusive."""
    assert not lc.assess(w6(), on=D(2025, 7, 1)).owes("personal_adviser")
    found = lc.assess(w6(ev.SupportRequested(on=D(2025, 7, 1))), on=D(2025, 7, 1)).findings
    assert rows(found, "personal_adviser") == [(BIRMINGHAM, D(2025, 7, 1), D(2028, 10, 10), "s23CZB(3)")]


def test_w6_one_adviser_covers_s23c7_and_s23czb() -> None:
    """s23D(4) (W6): asking for support at 21 while the degree continues, she is inside both s23C(7) and
    s23CZB; one adviser discharges both, so the s23CZB finding covers only the days after s23C(7) ends."""
    timeline = lc.timeline(w6(ev.SupportRequested(on=D(2024, 10, 10))))
    assert rows(timeline, "personal_adviser")[-2:] == [
        (BIRMINGHAM, D(2024, 10, 10), D(2025, 7, 1), "s23C(7)"),
        (BIRMINGHAM, D(2025, 7, 1), D(2028, 10, 10), "s23CZB(3)"),
    ]


def test_w6_further_programme_before_25_engages_s23ca() -> None:
    """s23CA; CLR 2010 reg 5(2)(b) (W6): a master's begun on 22 Sep 2025, after the s23C duties ended and
    before 10 Oct 2028, brings a personal adviser, an assessment within 3 months (by 22 Dec 2025) and
    education and training help while she pursues it."""
    found = lc.assess(
        w6(
            ev.EducationStarted(
                on=D(2025, 9, 22), level="higher", full_time=True, in_pathway_plan=False, term_time_accommodation=False
            )
        ),
        on=D(2025, 10, 1),
    ).findings
    assert rows(found, "personal_adviser") == [(BIRMINGHAM, D(2025, 9, 22), None, "s23CA")]
    assert rows(found, "education_training_assistance") == [(BIRMINGHAM, D(2025, 9, 22), None, "s23CA")]
    assert only(found, "pathway_plan").due == D(2025, 12, 22)


# W7 -------------------------------------------------------------------------------------------------

W7_BORN = D(2008, 1, 12)


def w7(*extra: Event) -> lc.History:
    """s20 with Greyport 1 Mar 2022 -> 1 Feb 2024, then home to her mother (REC E4A)."""
    return history(
        ev.Born(on=W7_BORN), care(D(2022, 3, 1), D(2024, 2, 1), HARTLEPOOL, HARTLEPOOL, reason="E4A"), *extra
    )


def test_w7_six_months_at_home_then_breakdown() -> None:
    """s23A(2); CLR 2010 reg 3(3)-(5) [S]; D10; s24(1B) (W7): eligible 12-31 Jan 2024; relevant from 1 Feb
    2024 on leaving care to her mother; six months at home complete on 1 Aug 2024, so qualifying from
    then; leaving home on 20 Nov 2024 restores relevant status, with s23B(8) accommodation; a former
    relevant child of Greyport from 12 Jan 2026."""
    timeline = lc.timeline(w7(ev.Moved(on=D(2024, 11, 20), area=HARTLEPOOL, arrangement="supported")))
    assert rows(timeline, "eligible_child") == [(HARTLEPOOL, D(2024, 1, 12), D(2024, 2, 1), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [
        (HARTLEPOOL, D(2024, 2, 1), D(2024, 8, 1), "s23A(2)"),
        (HARTLEPOOL, D(2024, 11, 20), D(2026, 1, 12), "s23A(2)"),
    ]
    assert rows(timeline, "qualifying_person") == [(HARTLEPOOL, D(2024, 8, 1), D(2024, 11, 20), "s24(1B), (2)(a)")]
    assert (HARTLEPOOL, D(2024, 11, 20), D(2026, 1, 12), "s23B(8)") in rows(timeline, "accommodation_and_maintenance")
    assert (HARTLEPOOL, D(2024, 11, 20), D(2026, 1, 12), "s23B(2)") in rows(timeline, "personal_adviser")
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.by, frc.since, frc.citation.provision) == (HARTLEPOOL, D(2026, 1, 12), "s23C(1)(a)")


def test_w7_still_at_home_at_18_not_a_former_relevant_child() -> None:
    """s23C(1)(a); s24(1B) (W7 variant): still living with her mother at 18, she would not be a relevant
    child if under 18, so she is no former relevant child; a qualifying person until 12 Jan 2029."""
    timeline = lc.timeline(w7())
    assert timeline.of_kind("former_relevant_child") == ()
    assert rows(timeline, "qualifying_person") == [(HARTLEPOOL, D(2024, 8, 1), D(2029, 1, 12), "s24(1B), (2)(a)")]


def test_w7_home_breaks_down_at_19_flagged_not_restored() -> None:
    """s23C(1)(a); D10 (W7 variant, UNVERIFIED): home breaks down at 19; former relevant status is not
    restored automatically, and ``review_former_relevant_status`` stands from the move until 21."""
    timeline = lc.timeline(w7(ev.Moved(on=D(2027, 3, 1), area=HARTLEPOOL, arrangement="supported")))
    assert timeline.of_kind("former_relevant_child") == ()
    review = [c for c in timeline.concerns if c.code == "review_former_relevant_status"]
    assert [(c.by, c.since, c.until) for c in review] == [(HARTLEPOOL, D(2027, 3, 1), D(2029, 1, 12))]


# W8 -------------------------------------------------------------------------------------------------

W8_BORN = D(2007, 4, 3)


def test_w8_responsibility_follows_the_last_authority() -> None:
    """Sch 2 para 19B(2); s23C(1)(b) (W8): Northshire s20 1 May -> 1 Sep 2021 (123 days), Southborough on a
    care order 10 Jan 2023 -> 3 Apr 2025. Time aggregates across authorities: eligible from 3 Apr 2023
    with Southborough, which is then the former relevant authority from 3 Apr 2025. Northshire owes
    nothing."""
    timeline = lc.timeline(
        history(
            ev.Born(on=W8_BORN),
            care(D(2021, 5, 1), D(2021, 9, 1), KENT, ASHFORD, reason="E4A"),
            care(D(2023, 1, 10), D(2025, 4, 3), HARTLEPOOL, HARTLEPOOL, legal_status="C2"),
        )
    )
    assert rows(timeline, "eligible_child") == [(HARTLEPOOL, D(2023, 4, 3), D(2025, 4, 3), "Sch 2 para 19B(2)")]
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.by, frc.since, frc.citation.provision) == (HARTLEPOOL, D(2025, 4, 3), "s23C(1)(b)")
    assert [f for f in timeline.findings if f.by == KENT] == []


def test_w8b_short_stay_moves_responsibility_and_is_flagged() -> None:
    """s23A(4); s23C(1)(a) (W8b): Northshire s20 1 Jan -> 1 Oct 2023 (eligible from 3 Apr, then relevant),
    then a 10-day s20 stay with Westwick 1 -> 11 Dec 2023. From 11 Dec 2023 the child is relevant with
    Westwick, which last looked after them, and Westwick is the former relevant authority at 18. The
    counter-intuitive move is flagged (``responsibility_moved``)."""
    timeline = lc.timeline(
        history(
            ev.Born(on=W8_BORN),
            care(D(2023, 1, 1), D(2023, 10, 1), KENT, ASHFORD),
            care(D(2023, 12, 1), D(2023, 12, 11), WESTMINSTER, WESTMINSTER),
        )
    )
    assert rows(timeline, "eligible_child") == [
        (KENT, D(2023, 4, 3), D(2023, 10, 1), "Sch 2 para 19B(2)"),
        (WESTMINSTER, D(2023, 12, 1), D(2023, 12, 11), "Sch 2 para 19B(2)"),
    ]
    assert rows(timeline, "relevant_child") == [
        (KENT, D(2023, 10, 1), D(2023, 12, 1), "s23A(2)"),
        (WESTMINSTER, D(2023, 12, 11), D(2025, 4, 3), "s23A(2)"),
    ]
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.by, frc.since, frc.citation.provision) == (WESTMINSTER, D(2025, 4, 3), "s23C(1)(a)")
    moved = [c for c in timeline.concerns if c.code == "responsibility_moved"]
    assert [(c.by, c.since) for c in moved] == [(WESTMINSTER, D(2023, 12, 11))]


# W9 -------------------------------------------------------------------------------------------------

W9_BORN = D(2006, 11, 30)


def test_w9_staying_put_until_21() -> None:
    """s23CZA; s23C(1)(b) (W9): fostered by Eastford's carers from 2020 to the 18th birthday and staying on
    with them (REC E17). On 1 Jun 2026 a former relevant child in a staying put arrangement; on 30 Nov
    2027 (21) s23CZA and the core s23C duties end together."""
    events = history(ev.Born(on=W9_BORN), care(D(2020, 3, 2), D(2024, 11, 30), KENT, ASHFORD, reason="E17"))
    found = lc.assess(events, on=D(2026, 6, 1)).findings
    assert rows(found, "staying_put") == [(KENT, D(2024, 11, 30), D(2027, 11, 30), "s23CZA")]
    assert rows(found, "former_relevant_child")[0][3] == "s23C(1)(b)"
    at_21 = lc.assess(events, on=D(2027, 11, 30))
    assert not at_21.owes("staying_put")
    assert not at_21.owes("personal_adviser")


def test_w9_moved_to_supported_at_17_not_staying_put() -> None:
    """s23CZA(1) (W9 variant): moved at 17 to supported accommodation and back to the former foster carer
    at 18. The carer was not her foster parent immediately before she ceased to be looked after, so no
    staying put arrangement; the s23C duties remain."""
    events = history(
        ev.Born(on=W9_BORN),
        care(D(2020, 3, 2), None, KENT, ASHFORD),
        ev.CareChanged(on=D(2023, 12, 1), placement="H5"),
        ev.CareEnded(on=D(2024, 11, 30), reason="E8"),
        ev.Moved(on=D(2024, 11, 30), area=ASHFORD, arrangement="former_foster_carer"),
    )
    found = lc.assess(events, on=D(2026, 6, 1))
    assert not found.owes("staying_put")
    assert found.owes("personal_adviser", by=KENT)


def test_w9_before_staying_put_commenced() -> None:
    """s23CZA in force 13 May 2014 (W9 variant): on 1 Mar 2014 there is no statutory Staying Put."""
    events = history(ev.Born(on=D(1995, 11, 30)), care(D(2009, 3, 2), D(2013, 11, 30), KENT, ASHFORD, reason="E17"))
    assessment = lc.assess(events, on=D(2014, 3, 1))
    assert not assessment.owes("staying_put")
    assert assessment.owes("former_relevant_child", by=KENT)


# W10 ------------------------------------------------------------------------------------------------


def test_w10_remand_only_eligible_on_91st_day_and_former_relevant_at_18() -> None:
    """LASPO 2012 s104; Sch 2 para 19B(2); CPPCR reg 42; s23C(1)(b) (W10): never in care, remanded to youth
    detention accommodation on 1 Apr 2024 with Harlow Vale designated. The 91st day is 30 Jun 2024, so
    eligible from then, with an assessment due by 30 Sep 2024; still remanded at 18 (8 Aug 2024), so a
    former relevant child of Harlow Vale from then (inference, [S])."""
    timeline = lc.timeline(
        history(
            ev.Born(on=D(2006, 8, 8)),
            care(D(2024, 4, 1), D(2024, 8, 8), BIRMINGHAM, BIRMINGHAM, legal_status="J1", placement="R5", reason="E14"),
            ev.CustodyStarted(on=D(2024, 4, 1), remand=True),
        )
    )
    assert rows(timeline, "eligible_child") == [(BIRMINGHAM, D(2024, 6, 30), D(2024, 8, 8), "Sch 2 para 19B(2)")]
    assert rows(timeline, "personal_adviser")[0] == (
        BIRMINGHAM,
        D(2024, 6, 30),
        D(2024, 8, 8),
        "Sch 2 para 19C",
    )
    plans = {f.citation.provision: f.due for f in timeline.of_kind("pathway_plan")}
    assert plans["Sch 2 para 19B(4)-(5)"] == D(2024, 9, 30)
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.by, frc.since, frc.citation.provision) == (BIRMINGHAM, D(2024, 8, 8), "s23C(1)(b)")


def test_w10_remand_before_laspo_is_not_looked_after() -> None:
    """D8 (W10 variant): the same facts before 3 Dec 2012; remand did not make him looked after, so no
    care-leaver status arises at all."""
    timeline = lc.timeline(
        history(
            ev.Born(on=D(1994, 8, 8)),
            care(D(2012, 4, 2), D(2012, 8, 8), BIRMINGHAM, BIRMINGHAM, legal_status="J1", placement="R5", reason="E14"),
            ev.CustodyStarted(on=D(2012, 4, 2), remand=True),
        )
    )
    for kind in ("eligible_child", "relevant_child", "former_relevant_child", "qualifying_person"):
        assert timeline.of_kind(kind) == (), kind


# W11 ------------------------------------------------------------------------------------------------

W11_BORN = D(2008, 6, 15)


def w11(*extra: Event) -> lc.History:
    """Care order 2015 -> special guardianship order to her grandmother on 1 Sep 2019 (REC E46)."""
    return history(
        ev.Born(on=W11_BORN),
        care(D(2015, 3, 2), D(2019, 9, 1), KENT, ASHFORD, legal_status="C2", reason="E46"),
        *extra,
    )


def test_w11_special_guardianship_qualifying_not_eligible() -> None:
    """s24(1A), s24(5)(a) (W11): on 1 Jul 2024 she is 16, under an SGO made when she was looked after:
    qualifying under s24(1A) from the 16th birthday until 21, the authority that last looked after her
    responsible. Not eligible: no looked-after time after 14."""
    found = lc.assess(w11(), on=D(2024, 7, 1)).findings
    assert rows(found, "qualifying_person") == [(KENT, D(2024, 6, 15), D(2029, 6, 15), "s24(1A)")]
    assert rows(found, "eligible_child") == []
    assert not lc.assess(w11(), on=D(2029, 6, 15)).owes("qualifying_person")


def test_w11_vacation_accommodation_continues_to_25() -> None:
    """s24B(3), (5) (W11): s24(1A) status ends on 15 Jun 2029, but the vacation duty continues for a
    full-time student in halls until 14 Jun 2033 inclusive (the 25th birthday is 15 Jun 2033)."""
    events = w11(
        ev.EducationStarted(
            on=D(2029, 9, 24), level="higher", full_time=True, in_pathway_plan=False, term_time_accommodation=True
        )
    )
    assert rows(lc.timeline(events), "vacation_accommodation") == [(KENT, D(2029, 9, 24), D(2033, 6, 15), "s24B(5)")]


# W12 ------------------------------------------------------------------------------------------------


def test_w12_never_looked_after_no_s24b_entitlement() -> None:
    """s24B(3), (5) (W12): privately fostered after 16 and never looked after by an authority, she does not
    fall within s24B(3), so a full-time student in halls is owed no vacation accommodation, and no
    personal adviser or former relevant status arises. Private fostering itself (s24(2)(e)) cannot be
    recorded as an event, so her qualifying status is outside what the history shows."""
    timeline = lc.timeline(
        history(
            ev.Born(on=D(2008, 2, 2)),
            ev.Moved(on=D(2023, 9, 1), area=ASHFORD, arrangement="other"),
            ev.EducationStarted(
                on=D(2026, 9, 21), level="higher", full_time=True, in_pathway_plan=False, term_time_accommodation=True
            ),
        )
    )
    for kind in ("vacation_accommodation", "personal_adviser", "former_relevant_child", "eligible_child"):
        assert timeline.of_kind(kind) == (), kind


# W13 ------------------------------------------------------------------------------------------------

W13_BORN = D(2008, 10, 1)


def w13(second_reason: str) -> lc.History:
    """s20 with Kingsmere 9 Jan -> 21 Apr 2023 (102 days, aged 14), home, then an emergency s20 stay
    1 -> 3 Oct 2024 (2 days) ending for ``second_reason``."""
    return history(
        ev.Born(on=W13_BORN),
        care(D(2023, 1, 9), D(2023, 4, 21), WESTMINSTER, WESTMINSTER, reason="E4A"),
        care(D(2024, 10, 1), D(2024, 10, 3), WESTMINSTER, WESTMINSTER, reason=second_reason),
    )


def test_w13_thirteen_weeks_mostly_before_16() -> None:
    """Sch 2 para 19B(2); s23A(2); CLR 2010 reg 5(2)(a); s23C(1)(a) (W13): 102 + 2 = 104 days since 14,
    and looked after on the 16th birthday: eligible on 1-2 Oct 2024; relevant from 3 Oct 2024 with
    Kingsmere, owed a personal adviser, a needs assessment by 3 Jan 2025 and s23B(8) accommodation; a
    former relevant child from 1 Oct 2026."""
    timeline = lc.timeline(w13("E8"))
    assert rows(timeline, "eligible_child") == [(WESTMINSTER, D(2024, 10, 1), D(2024, 10, 3), "Sch 2 para 19B(2)")]
    assert rows(timeline, "relevant_child") == [(WESTMINSTER, D(2024, 10, 3), D(2026, 10, 1), "s23A(2)")]
    assert (WESTMINSTER, D(2024, 10, 3), D(2026, 10, 1), "s23B(2)") in rows(timeline, "personal_adviser")
    plan = [f for f in timeline.of_kind("pathway_plan") if f.citation.provision == "s23B(3)"]
    assert [f.due for f in plan] == [D(2025, 1, 3)]
    assert rows(timeline, "accommodation_and_maintenance") == [(WESTMINSTER, D(2024, 10, 3), D(2026, 10, 1), "s23B(8)")]
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.by, frc.since) == (WESTMINSTER, D(2026, 10, 1))


def test_w13_return_home_starts_the_six_month_clock() -> None:
    """CLR 2010 reg 3(3)-(5) [S]; D10 (W13): returning to her parents from the emergency stay starts the
    six-month clock: relevant from 3 Oct 2024 until 3 Apr 2025, then a qualifying person, and no former
    relevant child at 18."""
    timeline = lc.timeline(w13("E4A"))
    assert rows(timeline, "relevant_child") == [(WESTMINSTER, D(2024, 10, 3), D(2025, 4, 3), "s23A(2)")]
    assert rows(timeline, "qualifying_person") == [(WESTMINSTER, D(2025, 4, 3), D(2029, 10, 1), "s24(1B), (2)(a)")]
    assert timeline.of_kind("former_relevant_child") == ()


def test_w13_stay_of_hours_is_no_care_episode() -> None:
    """s22(2); D9 (W13 variant): a 20-hour stay is not looked-after time, so it is not recorded as an
    episode (one opening and closing on the same day is rejected); without it she was never looked
    after after 16, so she is not eligible, relevant or even qualifying."""
    with pytest.raises(lc.InvalidHistory):
        history(
            ev.Born(on=W13_BORN),
            care(D(2024, 10, 1), D(2024, 10, 1), WESTMINSTER, WESTMINSTER),
        )
    timeline = lc.timeline(
        history(ev.Born(on=W13_BORN), care(D(2023, 1, 9), D(2023, 4, 21), WESTMINSTER, WESTMINSTER, reason="E4A"))
    )
    for kind in ("eligible_child", "relevant_child", "qualifying_person", "former_relevant_child"):
        assert timeline.of_kind(kind) == (), kind


# W14 ------------------------------------------------------------------------------------------------


def w14() -> lc.History:
    """Born 5 May 1983; s20 until the 18th birthday, 5 May 2001."""
    return history(ev.Born(on=D(1983, 5, 5)), care(D(1998, 1, 5), D(2001, 5, 5), KENT, ASHFORD))


def test_w14_before_the_2000_act_old_s24_only() -> None:
    """CA 1989 s24 as enacted (W14): on 1 Jun 2001 he is a person qualifying for advice and assistance
    (under 21, looked after after 16); no personal adviser, no pathway plan, no former relevant status."""
    found = lc.assess(w14(), on=D(2001, 6, 1)).findings
    assert rows(found, "qualifying_person") == [(KENT, D(2001, 5, 5), D(2001, 10, 1), "s24 (as enacted)")]
    for kind in ("personal_adviser", "pathway_plan", "former_relevant_child"):
        assert rows(found, kind) == [], kind


def test_w14_new_regime_does_not_reach_an_earlier_leaver() -> None:
    """D17 (W14, UNVERIFIED transitional point): on 1 Nov 2001 the new regime is in force, but he left
    care before 1 Oct 2001, so he is a qualifying person under the new s24 only, until 21."""
    timeline = lc.timeline(w14())
    found = lc.assess(w14(), on=D(2001, 11, 1)).findings
    assert rows(found, "qualifying_person") == [(KENT, D(2001, 10, 1), D(2004, 5, 5), "s24(1B), (2)(a)")]
    for kind in ("personal_adviser", "pathway_plan", "former_relevant_child", "relevant_child"):
        assert timeline.of_kind(kind) == (), kind


# W15 ------------------------------------------------------------------------------------------------


def w15(born: dt.date, course: dt.date) -> lc.History:
    """A former relevant child of Lowmoor (looked after to 18) who starts an access course on ``course``."""
    return history(
        ev.Born(on=born),
        care(D(born.year + 15, 1, 3), D(born.year + 18, born.month, born.day), BIRMINGHAM, BIRMINGHAM),
        ev.EducationStarted(
            on=course, level="further", full_time=True, in_pathway_plan=False, term_time_accommodation=False
        ),
    )


def test_w15_return_to_education_at_22_under_s23ca() -> None:
    """s23CA; CLR 2010 reg 5(2)(b) (W15): born 20 Jan 1990, s23C duties ended 20 Jan 2011. On 1 Sep 2012
    he starts an access course: Lowmoor owes a personal adviser, a needs assessment by 1 Dec 2012, a
    pathway plan and education and training help."""
    found = lc.assess(w15(D(1990, 1, 20), D(2012, 9, 1)), on=D(2012, 9, 1)).findings
    assert rows(found, "personal_adviser") == [(BIRMINGHAM, D(2012, 9, 1), None, "s23CA")]
    assert rows(found, "education_training_assistance") == [(BIRMINGHAM, D(2012, 9, 1), None, "s23CA")]
    assert only(found, "pathway_plan").due == D(2012, 12, 1)


def test_w15_programme_continuing_past_25_is_flagged() -> None:
    """s23CA; D14 (W15, UNVERIFIED): on 20 Jan 2015 he is 25; the programme continues and no upper age is
    applied, but ``continues_past_25`` stands from the 25th birthday."""
    assessment = lc.assess(w15(D(1990, 1, 20), D(2012, 9, 1)), on=D(2015, 1, 20))
    assert assessment.owes("personal_adviser", by=BIRMINGHAM)
    past = [c for c in assessment.concerns if c.code == "continues_past_25"]
    assert [(c.by, c.since) for c in past] == [(BIRMINGHAM, D(2015, 1, 20))]


def test_w15_before_s23ca_commenced_no_adviser() -> None:
    """s23CA in force 1 Apr 2011 (W15 variant): aged 22 on 1 Sep 2010, with his s23C duties ended, a
    return to education brings no personal adviser and no education duty; only s24B(2) powers."""
    assessment = lc.assess(w15(D(1988, 1, 20), D(2010, 9, 1)), on=D(2010, 9, 1))
    assert not assessment.owes("personal_adviser")
    assert not assessment.owes("education_training_assistance")
    assert assessment.owes("former_relevant_child", by=BIRMINGHAM)


# W16 ------------------------------------------------------------------------------------------------


def test_w16_leap_day_birth_turns_18_on_1_march() -> None:
    """Family Law Reform Act 1969 s9; D1 (W16, UNVERIFIED): born 29 Feb 2008, the 18th birthday is taken
    as 1 Mar 2026: eligible on 28 Feb 2026, a former relevant child from 1 Mar 2026, and the reading is
    flagged with ``leap_day_birthday``."""
    events = history(ev.Born(on=D(2008, 2, 29)), care(D(2022, 1, 4), D(2026, 3, 1), KENT, ASHFORD))
    timeline = lc.timeline(events)
    assert rows(timeline, "eligible_child") == [(KENT, D(2024, 2, 29), D(2026, 3, 1), "Sch 2 para 19B(2)")]
    frc = only(timeline.findings, "former_relevant_child")
    assert (frc.since, frc.citation.provision) == (D(2026, 3, 1), "s23C(1)(b)")
    assert lc.assess(events, on=D(2026, 2, 28)).owes("eligible_child", by=KENT)
    on_birthday = lc.assess(events, on=D(2026, 3, 1))
    assert on_birthday.owes("former_relevant_child", by=KENT)
    assert "leap_day_birthday" in concern_codes(on_birthday.concerns)
