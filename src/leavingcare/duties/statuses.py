"""The care-leaver statuses as statutory tests (children.md sections 3-6; DECISIONS D6-D17, D29-D38).

Each limb is a condition under the words it encodes; each status is their combination. ``Status``
(``duties.status``) splits a status's periods by the authority responsible and gives the reasons; the
explanation reads these same tests.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from leavingcare import calendar
from leavingcare.duties.case import Case
from leavingcare.duties.conditions import all_of, any_of, condition, in_force, unless
from leavingcare.facts import CareSegment
from leavingcare.periods import Period, day_reaching, difference, intersect, normalise, total_days, union

Date = dt.date
DAY = dt.timedelta(days=1)
Periods = list[Period]


def from_(day: Date | None) -> Periods:
    """Every day from ``day`` on (none when there is no such day)."""
    return [] if day is None else [Period(day)]


def before(day: Date) -> Periods:
    """Every day before ``day``."""
    return [Period(Date.min, day)]


def age_detail(case: Case, day: Date, lower: Date | None, upper: Date | None) -> str | None:
    """Why an age limb fails on ``day``: the age is not yet reached, or has passed."""
    if lower is not None and day < lower:
        return f"begins at {calendar.age_on(case.facts.born, lower)}, on {lower.isoformat()}"
    if upper is not None and day >= upper:
        return f"ended at {calendar.age_on(case.facts.born, upper)}, on {upper.isoformat()}"
    return None


# Looked after ---------------------------------------------------------------------------------------


@condition("CA1989.s22(2)")
def looked_after(case: Case) -> Periods:
    """Looked after by a local authority. s22(1); a remand is looked after as LASPO 2012 s104 and, before it,
    CYPA 1969 s23(1) provide (D8, D33)."""
    return case.looked_after_periods


@looked_after.explained
def _(case: Case, day: Date) -> str:
    return "not looked after on this date"


@condition("CA1989.s22(2)")
def not_looked_after(case: Case) -> Periods:
    """Not looked after by any local authority. s23A(2)(a): "is not being looked after by any local authority"; a
    child looked after is an eligible child, not a relevant child or qualifying person."""
    return difference(before(Date.max), case.looked_after_periods)


@not_looked_after.explained
def _(case: Case, day: Date) -> str:
    return "looked after on this date"


# Sch 2 para 19B: eligible child ---------------------------------------------------------------------


@condition("CA1989.sch2.para19B", name="eligible_aged_16_or_17")
def eligible_aged_16_or_17(case: Case) -> Periods:
    """Aged {age.sixteen} or {age.adult-1}. Para 19B(2)(a): "is aged sixteen or seventeen": from the
    {age.sixteen}th birthday until the {age.adult}th."""
    return case.aged(case.bday16, case.bday18)


@eligible_aged_16_or_17.explained
def _(case: Case, day: Date) -> str | None:
    return age_detail(case, day, case.bday16, case.bday18)


@condition("CPPCR2010.reg40")
def not_on_short_break(case: Case) -> Periods:
    """Not on a short break. CPPCR 2010 reg 40(2): a child to whom reg 48 applies (short breaks, SSDA903 V3/V4)
    is not an eligible child (D7)."""
    breaks = normalise(s.period for s in case.looked_after if s.short_break)
    return difference(before(Date.max), breaks)


@not_on_short_break.explained
def _(case: Case, day: Date) -> str:
    return "on a short break (V3/V4) on this date, to which CPPCR 2010 reg 48 is taken to apply"


def counted_since_14(case: Case) -> Periods:
    """The days that count towards the 13 weeks: looked after, not on a short break, from the 14th birthday
    (D6: the birthday counts; D7)."""
    return case.memo(
        "counted_since_14",
        lambda: intersect(normalise(s.period for s in case.countable), [Period(case.bday14)]),
    )


def day_91(case: Case) -> Date | None:
    """The day the 91st counted day falls."""
    return case.memo(
        "day_91",
        lambda: day_reaching(counted_since_14(case), case.law.value("days.eligible_looked_after", case.bday16)),
    )


@condition("CA1989.sch2.para19B")
def thirteen_weeks_since_14(case: Case) -> Periods:
    """Looked after for {weeks:days.eligible_looked_after} weeks since {age.eligible_count_from}. Para 19B(2)(b):
    looked after "for a prescribed period, or periods amounting in all to a prescribed period, which began after
    he reached a prescribed age"; CPPCR 2010 reg 40(1) prescribes 13 weeks ({days.eligible_looked_after} days)
    from 14; the birthday counts (D6) and short breaks do not (D7)."""
    return from_(day_91(case))


@thirteen_weeks_since_14.explained
def _(case: Case, day: Date) -> str:
    needed = case.law.value("days.eligible_looked_after", day)
    count = total_days(intersect(counted_since_14(case), [Period(Date.min, day + DAY)]))
    return (
        f"looked after for {count} days since the {calendar.age_on(case.facts.born, case.bday14)}th birthday by "
        f"this date; {needed // 7} weeks is {needed} days"
    )


ELIGIBLE_CHILD = all_of(
    "eligible_child",
    "CA1989.sch2.para19B",
    thirteen_weeks_since_14,
    eligible_aged_16_or_17,
    looked_after,
    not_on_short_break,
    in_force("CA1989.sch2.para19B"),
)
"""Sch 2 para 19B(2); CPPCR 2010 reg 40: aged 16 or 17, looked after (not on a short break), and looked
after for 13 weeks since 14."""


def eligible_on_attaining_16(case: Case) -> CareSegment | None:
    """An episode ending on the 16th birthday was running when the child attained 16 (FLRA 1969 s9; D34, read
    as D11a reads the 18th): with 13 weeks since 14 by the day before, that period "ended after he reached the
    age of sixteen" (para 19B(2)(b)), so the child was then an eligible child, for a moment no whole day
    records. Returns the segment they were looked after in."""
    b16 = case.bday16
    segment = next((s for s in case.countable if b16 - DAY in s.period), None)
    ninety_first = day_91(case)
    if segment is None or ninety_first is None or ninety_first >= b16:
        return None
    if not any(b16 in p for p in case.in_force("CA1989.sch2.para19B")):
        return None
    return segment


def eligible_before(case: Case, day: Date) -> bool:
    """Whether the child had been an eligible child at some time before ``day`` (s23A(2)(b), D38)."""
    periods = ELIGIBLE_CHILD.periods(case)
    if periods and periods[0].since < day:
        return True
    return eligible_on_attaining_16(case) is not None and case.bday16 <= day


# s23A and CLR 2010 reg 3: relevant child --------------------------------------------------------------


@condition("CA1989.s23A", name="relevant_aged_16_or_17")
def relevant_aged_16_or_17(case: Case) -> Periods:
    """Aged {age.sixteen} or {age.adult-1}. s23A(2)(c): "is aged sixteen or seventeen"."""
    return case.aged(case.bday16, case.bday18)


@relevant_aged_16_or_17.explained
def _(case: Case, day: Date) -> str | None:
    return age_detail(case, day, case.bday16, case.bday18)


def spells_after_eligibility(case: Case) -> list[tuple[Period, CareSegment]]:
    """Each stretch out of care after a spell looked after, when the child had been an eligible child before
    that spell ended, with the segment they were last looked after in (s23A(4): "last looked after")."""

    def build() -> list[tuple[Period, CareSegment]]:
        spells = case.looked_after_periods
        out = []
        for i, spell in enumerate(spells):
            if spell.until is None or not eligible_before(case, spell.until):
                continue
            segment = case.segment_on(spell.until - DAY)
            assert segment is not None
            out.append((Period(spell.until, spells[i + 1].since if i + 1 < len(spells) else None), segment))
        return out

    return case.memo("spells_after_eligibility", build)


@condition("CA1989.s23A")
def eligible_before_last_ceasing(case: Case) -> Periods:
    """An eligible child before last ceasing to be looked after. s23A(2)(b): "was, before last ceasing to be looked
    after, an eligible child": at any time before, not only immediately before (contrast s23C(1)(b)), so a later
    short break or short episode does not end it (D38)."""
    return [period for period, _ in spells_after_eligibility(case)]


@eligible_before_last_ceasing.explained
def _(case: Case, day: Date) -> str:
    return "never an eligible child before last ceasing to be looked after, by this date"


@frozen
class Detained:
    """Detained or in hospital when the child attained 16, looked after for 13 weeks since 14 immediately
    before (CLR 2010 reg 3(2)): the spell, what it was, and the segment looked after immediately before."""

    period: Period
    events: tuple[str, ...]
    what: str
    before: CareSegment


def looked_after_immediately_before(case: Case, day: Date) -> CareSegment | None:
    """The looked-after segment immediately before a detention or admission on ``day``: the one running the day
    before, even if care was closed later, during the stay (D35); else one that ended at most a day before."""
    running = case.segment_on(day - DAY)
    if running is not None:
        return running
    last = case.last_looked_after_before(day)
    if last is None or last.period.until is None or (day - last.period.until).days > 1:
        return None
    return last


def left_before_new_regime(case: Case, left: Date) -> bool:
    """D17: someone who left care before the Children (Leaving Care) Act 2000 regime began (2001-10-01) is a
    qualifying person only."""
    begun = case.law.commenced("CA1989.s23A")
    return begun is None or left < begun


def detained_on_attaining_16(case: Case) -> Detained | None:
    """CLR 2010 reg 3(2) (CL(E)R 2001 reg 4 before April 2011): not in care, detained or in hospital on
    attaining 16 (a stay ending on the 16th birthday counts, D34), and looked after for 13 weeks since 14
    immediately before the detention or admission (care closed during the stay counts, D35)."""

    def build() -> Detained | None:
        b16 = case.bday16
        spells = [(c.period, c.events, "detained") for c in case.facts.custody]
        spells += [(h.period, h.events, "in hospital") for h in case.facts.hospital]
        for period, ids, what in spells:
            if not (b16 in period or period.until == b16) or case.segment_on(b16) is not None:
                continue
            last = looked_after_immediately_before(case, period.since)
            if last is None or last.care_order:
                continue
            left = next((p.until for p in case.looked_after_periods if last.period.since in p), None)
            if left is None or left_before_new_regime(case, left) or period.since <= case.bday14:
                continue
            counted = intersect(normalise(s.period for s in case.countable), [Period(case.bday14, period.since)])
            if day_reaching(counted, case.law.value("days.eligible_looked_after", period.since)) is None:
                continue
            return Detained(period, ids, what, last)
        return None

    return case.memo("detained_on_attaining_16", build)


@condition("CLR2010.reg3")
def detained_on_16(case: Case) -> Periods:
    """Detained or in hospital on attaining {age.sixteen}, after {weeks:days.eligible_looked_after} weeks looked
    after since {age.eligible_count_from}. CLR 2010 reg 3(2) (CL(E)R 2001 reg 4 before April 2011): looked after
    for the 13 weeks immediately before the detention or admission (D34, D35)."""
    return [] if detained_on_attaining_16(case) is None else from_(case.bday16)


@condition("CLR2010.reg3")
def detained_route_in_force(case: Case) -> Periods:
    """The detained route is in force. CL(E)R 2001 reg 4 until 31 March 2011, then CLR 2010 reg 3(2), which carries
    it on without a break."""
    return union(case.in_force("CLER2001.reg4"), case.in_force("CLR2010.reg3"))


def home_exclusions(case: Case) -> list[tuple[Period, tuple[str, ...]]]:
    """Living with a parent for six continuous months: excluded from relevant status from start + 6 months
    until the arrangement ends (CLR 2010 reg 3(3)-(5); D10)."""

    def build() -> list[tuple[Period, tuple[str, ...]]]:
        out = []
        for period, ids in case.facts.with_parent():
            since = calendar.add_months(period.since, case.law.value("months.home_rule", period.since))
            if period.until is None or since < period.until:
                out.append((Period(since, period.until), ids))
        return out

    return case.memo("home_exclusions", build)


@condition("CLR2010.reg3")
def six_months_with_parent(case: Case) -> Periods:
    """Living with a parent for {months.home_rule} continuous months. CLR 2010 reg 3(3)-(5): with a parent or a
    person with parental responsibility (D10, D36, D37)."""
    return [period for period, _ in home_exclusions(case)]


RELEVANT_MAIN = all_of(
    "relevant child under s23A(2)",
    "CA1989.s23A",
    eligible_before_last_ceasing,
    relevant_aged_16_or_17,
    not_looked_after,
    in_force("CA1989.s23A"),
)
RELEVANT_DETAINED = all_of(
    "relevant child detained or in hospital at 16",
    "CLR2010.reg3",
    detained_on_16,
    relevant_aged_16_or_17,
    not_looked_after,
    detained_route_in_force,
)
RELEVANT_CHILD = all_of(
    "relevant_child",
    "CA1989.s23A",
    any_of("relevant child, either route", "CA1989.s23A", RELEVANT_MAIN, RELEVANT_DETAINED),
    unless(
        six_months_with_parent,
        "Not living with a parent for six months. CLR 2010 reg 3(3)-(5): such a child is not a relevant child while "
        "it lasts",
    ),
)
"""s23A(2) or CLR 2010 reg 3(2), less the days excluded by six months at home."""
