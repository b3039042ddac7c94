"""The care-leaver exemption from the shared accommodation rate (law/housing.md section 5.2, examples 7
and 8; DECISIONS D27).

Universal Credit Regulations 2013 Sch 4 para 29(2): a renter at least 18 and under 25 (under 22 before
2021-05-31) who was a care leaver (reg 8(4): in England, a relevant child under CA 1989 s23A) before
reaching 18 is an excepted person. Each boundary is checked on the day before and the day of.
"""

from __future__ import annotations

import datetime as dt

import leavingcare as lc
from leavingcare import calendar
from leavingcare import events as ev
from leavingcare.events.base import Event

D = dt.date
LEEDS = "E08000035"
UC_PARA_29 = "Sch 4 para 29(2)"
HB_REG_2 = "reg 2(1) (young individual)"


def _timeline(events: list[Event]) -> lc.Timeline:
    return lc.timeline(lc.History.of(events))


def _relevant_child(born: dt.date) -> lc.Timeline:
    """Looked after by Leeds under a care order from the 15th to the 17th birthday, then a relevant
    child (CA 1989 s23A) until 18: a care leaver within UC reg 8(4) before reaching 18."""
    return _timeline(
        [
            ev.Born(on=born),
            ev.CareStarted(
                on=calendar.birthday(born, 15), authority=LEEDS, legal_status="C2", placement="U4", area=LEEDS
            ),
            ev.CareEnded(on=calendar.birthday(born, 17), reason="E8"),
        ]
    )


def _exempt(timeline: lc.Timeline, on: dt.date) -> bool:
    found = timeline.at(on).of_kind("sar_exemption")
    assert len(found) <= 1, found
    return bool(found)


def _concerns(timeline: lc.Timeline, on: dt.date) -> set[str]:
    return {c.code for c in timeline.at(on).concerns}


# 18th, 22nd and 25th birthdays ------------------------------------------------------------------


def test_exemption_starts_on_the_18th_birthday() -> None:
    """UC Regs 2013 Sch 4 para 29(2) ("at least 18"): a relevant child born 2000-03-01 is not exempt the day
    before the 18th birthday and is exempt on it, citing para 29(2)."""
    timeline = _relevant_child(D(2000, 3, 1))
    assert timeline.at(D(2018, 2, 28)).owes("relevant_child")
    assert not _exempt(timeline, D(2018, 2, 28))
    finding = timeline.at(D(2018, 3, 1)).of_kind("sar_exemption")[0]
    assert finding.citation.provision == UC_PARA_29
    assert finding.by is None and finding.to is None


def test_22nd_birthday_before_31_may_2021_ends_the_exemption() -> None:
    """UC Regs 2013 Sch 4 para 29(2) as in force before 2021-05-31 ("under 22"): born 1997-03-01, exempt
    the day before the 22nd birthday (2019-03-01) and not on it."""
    timeline = _relevant_child(D(1997, 3, 1))
    assert _exempt(timeline, D(2019, 2, 28))
    assert not _exempt(timeline, D(2019, 3, 1))


def test_22nd_birthday_after_31_may_2021_changes_nothing() -> None:
    """UC Regs 2013 Sch 4 para 29(2) from 2021-05-31 ("under 25"): born 2000-03-01, exempt on both the day
    before and the day of the 22nd birthday (2022-03-01)."""
    timeline = _relevant_child(D(2000, 3, 1))
    assert _exempt(timeline, D(2022, 2, 28))
    assert _exempt(timeline, D(2022, 3, 1))


def test_25th_birthday_ends_the_exemption() -> None:
    """UC Regs 2013 Sch 4 para 29(2) ("under 25"): born 2000-03-01, exempt the day before the 25th birthday
    (2025-03-01) and not on it."""
    timeline = _relevant_child(D(2000, 3, 1))
    assert _exempt(timeline, D(2025, 2, 28))
    assert not _exempt(timeline, D(2025, 3, 1))


def test_born_29_february_reaches_25_on_1_march() -> None:
    """UC Regs 2013 Sch 4 para 29(2); DECISIONS D1 (born 29 February: the anniversary in a common year is
    1 March): born 2000-02-29, exempt on 2025-02-28 and not on 2025-03-01."""
    timeline = _relevant_child(D(2000, 2, 29))
    assert _exempt(timeline, D(2025, 2, 28))
    assert not _exempt(timeline, D(2025, 3, 1))


# Examples 7 and 8: around 31 May 2021 -----------------------------------------------------------


def test_example_7_sar_applies_from_22_until_31_may_2021_then_exempt_until_25() -> None:
    """housing.md example 7; UC Regs 2013 Sch 4 para 29(2), limit raised from 22 to 25 on 2021-05-31
    (DECISIONS D27): born 1998-07-01, exempt until the day before the 22nd birthday (2020-07-01); the
    shared rate applies from then until 2021-05-30; exempt again from 2021-05-31 until the 25th birthday
    (2023-07-01)."""
    timeline = _relevant_child(D(1998, 7, 1))
    assert _exempt(timeline, D(2020, 6, 30))
    assert not _exempt(timeline, D(2020, 7, 1))
    assert not _exempt(timeline, D(2021, 5, 30))
    assert _exempt(timeline, D(2021, 5, 31))
    assert _exempt(timeline, D(2023, 6, 30))
    assert not _exempt(timeline, D(2023, 7, 1))
    exempt = [(f.since, f.until) for f in timeline.of_kind("sar_exemption")]
    assert exempt == [(D(2016, 7, 1), D(2020, 7, 1)), (D(2021, 5, 31), D(2023, 7, 1))]


def test_example_8_25th_birthday_on_31_may_2021_never_benefits_from_the_extension() -> None:
    """housing.md example 8; UC Regs 2013 Sch 4 para 29(2): born 1996-05-31, the exemption ended at 22 on
    2018-05-31; on 2021-05-30 the limit was still 22, and on 2021-05-31 the person is 25, so the extension
    never applies."""
    timeline = _relevant_child(D(1996, 5, 31))
    assert _exempt(timeline, D(2018, 5, 30))
    assert not _exempt(timeline, D(2018, 5, 31))
    assert not _exempt(timeline, D(2021, 5, 30))
    assert not _exempt(timeline, D(2021, 5, 31))
    assert all(f.until is not None and f.until <= D(2018, 5, 31) for f in timeline.of_kind("sar_exemption"))


# Who is a care leaver (reg 8(4)) ----------------------------------------------------------------


def test_looked_after_until_18_is_exempt_with_a_concern_on_the_literal_reading() -> None:
    """UC Regs 2013 reg 8(4), Sch 4 para 29(2); DECISIONS D27: looked after until the 18th birthday, the
    young person was never a relevant child; the exemption is reported (policy intent) together with the
    Concern ``sar_care_leaver_definition``, which a relevant child does not get."""
    born = D(2000, 3, 1)
    timeline = _timeline(
        [
            ev.Born(on=born),
            ev.CareStarted(on=D(2015, 3, 2), authority=LEEDS, legal_status="C2", placement="U4", area=LEEDS),
            ev.CareEnded(on=D(2018, 3, 1), reason="E8"),
        ]
    )
    assert _exempt(timeline, D(2018, 3, 1))
    assert "sar_care_leaver_definition" in _concerns(timeline, D(2018, 3, 1))
    assert "sar_care_leaver_definition" not in _concerns(timeline, D(2018, 2, 28))
    assert "sar_care_leaver_definition" not in _concerns(_relevant_child(born), D(2018, 3, 1))


def test_qualifying_person_is_not_a_care_leaver_within_reg_8() -> None:
    """UC Regs 2013 reg 8(4) (a relevant child, CA 1989 s23A): looked after for less than 13 weeks after
    16, the young person is a qualifying person, never a relevant child, so no exemption under Universal
    Credit; accommodated under s20, they are excepted where Housing Benefit applies (HB Regs 2006 reg 2(1);
    DECISIONS D48)."""
    timeline = _timeline(
        [
            ev.Born(on=D(2000, 3, 1)),
            ev.CareStarted(on=D(2016, 9, 5), authority=LEEDS, legal_status="V2", placement="U4", area=LEEDS),
            ev.CareEnded(on=D(2016, 10, 31), reason="E8"),
        ]
    )
    assert timeline.at(D(2018, 3, 1)).owes("qualifying_person")
    assert all(f.citation.provision != UC_PARA_29 for f in timeline.of_kind("sar_exemption"))
    assert timeline.at(D(2018, 3, 1)).of_kind("sar_exemption")[0].citation.provision == HB_REG_2


def test_housing_benefit_cited_before_universal_credit_began() -> None:
    """HB Regs 2006 reg 2(1) (young individual) before the UC Regulations 2013 came into force on
    2013-04-29, UC Sch 4 para 29(2) from then: born 1994-03-01, exempt from 18 (2012-03-01) under both."""
    timeline = _relevant_child(D(1994, 3, 1))
    assert timeline.at(D(2013, 4, 28)).of_kind("sar_exemption")[0].citation.provision == HB_REG_2
    assert timeline.at(D(2013, 4, 29)).of_kind("sar_exemption")[0].citation.provision == UC_PARA_29
