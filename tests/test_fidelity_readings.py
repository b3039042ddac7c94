"""Readings checked against the primary text (docs/decisions.md, "Readings checked against the primary
text"): what each finding or concern tells the reader once the provision has been read, in pairs of the
day before and the day of.

Short breaks: CPPCR 2010 reg 2(1), 40(2), 48(2); CA 1989 s24(1B)(b), (2)(a). Assessment deadlines: CPPCR
2010 reg 42(1); CLR 2010 reg 5(2); CA 1989 s23CZB(4)-(5). Commencement of s24(1A): SI 2005/2213 art 2(o).
Readings that stay flagged say why: s23C(7) and s23CA past 25, and 29 February births.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import leavingcare as lc
from children_cases import history, rows
from leavingcare import events as ev
from leavingcare.events.base import Event
from leavingcare.law import default_law

D = dt.date

KENT, ASHFORD = "E10000016", "E07000105"
BIRMINGHAM = "E08000025"
HARTLEPOOL = "E06000001"


def care(
    start: dt.date,
    end: dt.date | None,
    *,
    authority: str = KENT,
    area: str = ASHFORD,
    legal_status: str = "V2",
    reason: str = "E8",
) -> list[Event]:
    """One care episode from ``start`` to ``end`` (the first day no longer looked after)."""
    events: list[Event] = [
        ev.CareStarted(on=start, authority=authority, legal_status=legal_status, placement="U4", area=area)
    ]
    if end is not None:
        events.append(ev.CareEnded(on=end, reason=reason))
    return events


def monthly_breaks(first: dt.date, until: dt.date) -> list[Event]:
    """A three-night short break (V3) with the same carer on the 8th of each month, home after each."""
    events: list[Event] = []
    year, month = first.year, first.month
    while D(year, month, 8) < until:
        start = D(year, month, 8)
        events += care(
            start, start + dt.timedelta(days=3), authority=HARTLEPOOL, area=HARTLEPOOL, legal_status="V3", reason="E4A"
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return events


def concerns(found: Iterable[lc.Concern], code: str) -> list[lc.Concern]:
    return [c for c in found if c.code == code]


def texts(held: lc.Finding | lc.Concern) -> str:
    return " | ".join(r.text for r in held.because)


# Short breaks only after 16 (W3): a qualifying person between the breaks --------------------------

W3_BORN = D(2007, 9, 1)


def w3() -> lc.History:
    """Monthly three-night s20 short breaks with Hartlepool's carer from 13 to 17 and a half."""
    return history(ev.Born(on=W3_BORN), monthly_breaks(D(2020, 9, 1), D(2025, 3, 1)))


def test_short_breaks_only_qualifying_from_the_day_home_not_during_the_break() -> None:
    """s24(1B)(b), (2)(a); CPPCR 2010 reg 2(1), reg 48(2): the February 2024 break runs 8 to 10 Feb; on
    10 Feb she is looked after (a reg 48 placement of "C"), so not a qualifying person; from 11 Feb she
    "was, but is no longer, looked after" and qualifies, with the concern to check reg 48(2)(c)."""
    during = lc.assess(w3(), on=D(2024, 2, 10))
    assert not during.owes("qualifying_person")
    assert concerns(during.concerns, "short_breaks_only") == []
    home = lc.assess(w3(), on=D(2024, 2, 11))
    assert rows(home.findings, "qualifying_person") == [(HARTLEPOOL, D(2024, 2, 11), D(2024, 3, 8), "s24(1B), (2)(a)")]
    [flag] = concerns(home.concerns, "short_breaks_only")
    assert (flag.by, flag.since, flag.until) == (HARTLEPOOL, D(2024, 2, 11), D(2024, 3, 8))


def test_short_breaks_only_concern_cites_the_provisions_read_and_asks_for_the_reg_48_check() -> None:
    """s24(1B)(b); CPPCR 2010 reg 40(2), reg 48(2)(c): the reading was checked against the text, so the
    concern no longer calls it unverified; it names the provisions and the one thing left to check, that
    the breaks kept within the 17-day and 75-day limits."""
    [flag] = concerns(lc.assess(w3(), on=D(2024, 2, 11)).concerns, "short_breaks_only")
    text = texts(flag)
    assert "UNVERIFIED" not in text
    assert "s24(1B)(b)" in text
    assert "reg 40(2)" in text
    assert "reg 48(2)(c)" in text


# A history mixing short breaks and other care (D7) ------------------------------------------------


def w3_mixed() -> lc.History:
    """The W3 breaks with one 20-night s20 stay (not a short break, V2) from 12 Dec 2023."""
    return history(
        ev.Born(on=W3_BORN),
        monthly_breaks(D(2020, 9, 1), D(2023, 12, 1)),
        care(D(2023, 12, 12), D(2024, 1, 1), authority=HARTLEPOOL, area=HARTLEPOOL, reason="E4A"),
        monthly_breaks(D(2024, 1, 1), D(2025, 3, 1)),
    )


def test_mixed_short_breaks_flag_starts_the_day_the_history_first_mixes_the_two() -> None:
    """CPPCR 2010 reg 40(2); D7: the flag stands from the first day of the 20-night stay, 12 Dec 2023,
    not on 11 Dec; she is not eligible either day."""
    before = lc.assess(w3_mixed(), on=D(2023, 12, 11))
    assert concerns(before.concerns, "mixed_short_breaks") == []
    on_the_day = lc.assess(w3_mixed(), on=D(2023, 12, 12))
    assert [(c.since, c.until) for c in concerns(on_the_day.concerns, "mixed_short_breaks")] == [
        (D(2023, 12, 12), D(2025, 9, 1))
    ]
    assert not on_the_day.owes("eligible_child")


def test_mixed_short_breaks_concern_says_what_reg_40_2_leaves_open() -> None:
    """CPPCR 2010 reg 40(2); Sch 2 para 19B(2): the regulation bars eligibility only while reg 48 applies
    and is silent on counting short-break days once other care begins; the concern says so instead of
    calling the reading unverified."""
    [flag] = concerns(lc.assess(w3_mixed(), on=D(2023, 12, 12)).concerns, "mixed_short_breaks")
    text = texts(flag)
    assert "UNVERIFIED" not in text
    assert "reg 40(2)" in text and "reg 48" in text
    assert text.endswith("review")


# Needs assessment deadlines: CPPCR 2010 reg 42(1) -------------------------------------------------

BORN = D(2006, 6, 1)
"""16th birthday 2022-06-01; 18th 2024-06-01; 21st 2027-06-01; 25th 2031-06-01."""


def test_eligible_at_16_assessment_due_three_months_after_the_16th_birthday() -> None:
    """CPPCR 2010 reg 42(1): "not more than three months after the date on which C reaches the age of
    16". Looked after since 14 and a half, she is eligible from 1 Jun 2022; the assessment is due 1 Sep
    2022 and is overdue from 2 Sep, not on 1 Sep."""
    events = history(ev.Born(on=BORN), care(D(2020, 12, 1), None, legal_status="C2"))
    on_due = lc.assess(events, on=D(2022, 9, 1))
    [plan] = on_due.of_kind("pathway_plan")
    assert (plan.since, plan.due, plan.citation.provision) == (D(2022, 6, 1), D(2022, 9, 1), "Sch 2 para 19B(4)-(5)")
    assert "reg 42" in texts(plan)
    assert concerns(on_due.concerns, "pathway_plan_overdue") == []
    day_after = lc.assess(events, on=D(2022, 9, 2))
    assert [c.since for c in concerns(day_after.concerns, "pathway_plan_overdue")] == [D(2022, 9, 2)]


def test_eligible_after_16_assessment_due_three_months_after_becoming_eligible() -> None:
    """CPPCR 2010 reg 42(1): "or becomes an eligible child after that age". In care from 1 Jul 2022 (after
    16), she is eligible on the 91st day, 29 Sep 2022; the assessment is due 29 Dec 2022, overdue from
    30 Dec."""
    events = history(ev.Born(on=BORN), care(D(2022, 7, 1), None, legal_status="C2"))
    on_due = lc.assess(events, on=D(2022, 12, 29))
    [plan] = on_due.of_kind("pathway_plan")
    assert (plan.since, plan.due) == (D(2022, 9, 29), D(2022, 12, 29))
    assert concerns(on_due.concerns, "pathway_plan_overdue") == []
    assert [c.since for c in concerns(lc.assess(events, on=D(2022, 12, 30)).concerns, "pathway_plan_overdue")] == [
        D(2022, 12, 30)
    ]


# s23CZB: no statutory deadline for the assessment --------------------------------------------------


def on_request(*extra: Event) -> lc.History:
    """On a care order with Kent from 15 to 18 (a former relevant child), declines support at 21 and asks
    for it again on 1 Jun 2028, aged 22."""
    return history(
        ev.Born(on=BORN),
        care(D(2021, 6, 1), D(2024, 6, 1), legal_status="C2"),
        ev.SupportDeclined(on=D(2027, 6, 1)),
        ev.SupportRequested(on=D(2028, 6, 1)),
        *extra,
    )


def test_s23czb_plan_has_no_due_date_and_says_which_provisions_were_read() -> None:
    """s23CZB(4)-(5); CLR 2010 reg 5(2): the section sets no deadline and reg 5(2) sets one only for a
    relevant child without a pathway plan and for s23CA, so the plan from the request has no ``due``, and
    the reason cites the regulation instead of calling the point unverified."""
    [plan] = lc.assess(on_request(), on=D(2028, 6, 1)).of_kind("pathway_plan")
    assert (plan.by, plan.since, plan.due, plan.citation.provision) == (KENT, D(2028, 6, 1), None, "s23CZB(4)")
    assert "UNVERIFIED" not in texts(plan)
    assert "CLR 2010 reg 5(2)" in texts(plan)


def test_s23czb_assessment_outstanding_until_the_day_it_is_recorded() -> None:
    """s23CZB(4): the assessment recorded on 15 Aug 2028 ends the concern that day; on 14 Aug it stands,
    naming s23CZB(4) and CLR 2010 reg 5(2) as the reason no deadline is asserted."""
    events = on_request(ev.NeedsAssessed(on=D(2028, 8, 15)))
    [open_] = concerns(lc.assess(events, on=D(2028, 8, 14)).concerns, "assessment_outstanding")
    assert (open_.by, open_.since, open_.until) == (KENT, D(2028, 6, 1), D(2028, 8, 15))
    assert texts(open_) == (
        "needs assessment outstanding until it was recorded; no statutory deadline (s23CZB(4); CLR 2010 reg 5(2))"
    )
    assert concerns(lc.assess(events, on=D(2028, 8, 15)).concerns, "assessment_outstanding") == []


# s24(1A) in force from 30 December 2005 (SI 2005/2213 art 2(o)) -----------------------------------

SGO_BORN = D(1989, 6, 1)
"""16th birthday 2005-06-01; 21st 2010-06-01."""


def sgo(ends: dt.date) -> lc.History:
    """Looked after by Kent on a care order from 1 Nov 2005 until a special guardianship order (E46)."""
    return history(ev.Born(on=SGO_BORN), care(D(2005, 11, 1), ends, legal_status="C2", reason="E46"))


def test_s24_1a_commenced_on_30_december_2005() -> None:
    """SI 2005/2213 art 2(o): 30 December 2005 is the appointed day; the law table's s24(1A) is in force on
    that day and not the day before, and its note no longer calls the date inferred."""
    law = default_law()
    assert law.commenced("CA1989.s24(1A)") == D(2005, 12, 30)
    periods = law.in_force("CA1989.s24(1A)")
    assert not any(D(2005, 12, 29) in p for p in periods)
    assert any(D(2005, 12, 30) in p for p in periods)
    assert "UNVERIFIED" not in law.provision("CA1989.s24(1A)").note


def test_special_guardianship_qualifies_under_s24_1a_from_30_december_2005() -> None:
    """s24(1A), (1B): care ending with a special guardianship order on 29 Dec 2005 qualifies under s24(1B)
    that day (s24(1A) not yet in force) and under s24(1A) from 30 Dec 2005 to the 21st birthday."""
    assert rows(lc.timeline(sgo(D(2005, 12, 29))), "qualifying_person") == [
        (KENT, D(2005, 12, 29), D(2005, 12, 30), "s24(1B), (2)(a)"),
        (KENT, D(2005, 12, 30), D(2010, 6, 1), "s24(1A)"),
    ]
    assert rows(lc.timeline(sgo(D(2005, 12, 30))), "qualifying_person") == [
        (KENT, D(2005, 12, 30), D(2010, 6, 1), "s24(1A)")
    ]


# Readings that stay flagged, each saying why -------------------------------------------------------


def past_25() -> lc.History:
    """A former relevant child of Birmingham (care order from 15 to 18, born 20 Jan 1990) whose s23C duties
    ended at 21, starting a programme on 1 Sep 2012 that continues past the 25th birthday, 20 Jan 2015."""
    return history(
        ev.Born(on=D(1990, 1, 20)),
        care(D(2005, 1, 20), D(2008, 1, 20), authority=BIRMINGHAM, area=BIRMINGHAM, legal_status="C2"),
        ev.EducationStarted(
            on=D(2012, 9, 1), level="higher", full_time=True, in_pathway_plan=False, term_time_accommodation=False
        ),
    )


def test_programme_past_25_flag_starts_on_the_25th_birthday_and_says_why() -> None:
    """s23CA(1)(a); D14: the section applies to a person "under the age of twenty-five", and the text of
    s23CA(6) was not found, so the flag stays; it stands from 20 Jan 2015, not on 19 Jan, and names
    s23CA(1)(a)."""
    assert concerns(lc.assess(past_25(), on=D(2015, 1, 19)).concerns, "continues_past_25") == []
    [flag] = concerns(lc.assess(past_25(), on=D(2015, 1, 20)).concerns, "continues_past_25")
    assert (flag.by, flag.since) == (BIRMINGHAM, D(2015, 1, 20))
    assert "UNVERIFIED" in texts(flag) and "s23CA(1)(a)" in texts(flag)


def test_leap_day_flag_starts_on_the_16th_birthday_and_says_why_it_stays() -> None:
    """FLRA 1969 s9; D1: the England and Wales text was not found and its Northern Ireland twin is silent
    on 29 February, so the flag stays and says so; born 29 Feb 2008, it stands from 29 Feb 2024."""
    events = history(ev.Born(on=D(2008, 2, 29)), care(D(2022, 3, 7), None))
    assert concerns(lc.assess(events, on=D(2024, 2, 28)).concerns, "leap_day_birthday") == []
    [flag] = concerns(lc.assess(events, on=D(2024, 2, 29)).concerns, "leap_day_birthday")
    assert "UNVERIFIED" in texts(flag) and "not found" in texts(flag)
