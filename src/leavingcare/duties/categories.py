"""Findings for the four care-leaver categories (children.md sections 3-6)."""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.case import Stint, periods_of, stints_minus
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Kind, Subject
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.periods import Period, intersect


class StatusConcern(ConcernCode):
    """Concerns about care-leaver status."""

    LEAP_DAY_BIRTHDAY = (
        "leap_day_birthday",
        "age",
        "Born on 29 February: each birthday in a common year is taken as 1 March (D1). No text read says "
        "what the anniversary of 29 February is in a common year, so every age-driven result should be "
        "checked. Stands from the 16th birthday on.",
    )
    RESPONSIBILITY_MOVED = (
        "responsibility_moved",
        "relevant_child",
        "A different authority became responsible for a relevant child because it looked after them last, "
        "for example after a short respite stay or a remand (s23A(4)). This follows the words of the Act "
        "but may be unexpected; review.",
    )
    MIXED_SHORT_BREAKS = (
        "mixed_short_breaks",
        "eligible_child",
        "The history since the 14th birthday mixes short breaks (V3/V4) with other care. Short breaks "
        "were left out of the 13 weeks (D7); CPPCR 2010 reg 40(2) bars eligibility only while reg 48 "
        "applies and does not say whether short-break days count once other care begins. Stands from 16 "
        "to 18.",
    )
    SHORT_BREAKS_ONLY = (
        "short_breaks_only",
        "qualifying_person",
        "Looked after after the 16th birthday only on short breaks. Reported as a qualifying person "
        "between and after the breaks (s24(1B)(b), (2)(a)) and never eligible (CPPCR 2010 reg 40(2)); "
        "check the breaks kept within reg 48(2)(c) (17 days a stay, 75 days in 12 months), or the child "
        "may have been eligible.",
    )
    REVIEW_FORMER_RELEVANT_STATUS = (
        "review_former_relevant_status",
        "former_relevant_child",
        "A young person kept out of relevant status by six months living with a parent left that home "
        "after turning 18. Former relevant status is not restored automatically (D10); a person must "
        "decide whether they would be a relevant child if under 18 (s23C(1)(a)). Stands until the 21st "
        "birthday.",
    )
    SIX_MONTHS_HOME_AFTER_18 = (
        "six_months_home_after_18",
        "former_relevant_child",
        "A former relevant child under s23C(1)(a) has lived with a parent or person with parental "
        "responsibility for six months, completed after the 18th birthday. Status is judged when they "
        'attained 18 and is kept (D31); because s23C(1)(a) says "and would be one if he were under '
        'eighteen", the authority should check the reading. Stands while the stretch at home lasts and '
        "they are reported as a former relevant child.",
    )


@rule(Kind.ELIGIBLE_CHILD, cites=("CA1989.sch2.para19B", "CPPCR2010.reg40"))
def eligible_child(run: Run) -> Iterator[Finding | Concern]:
    """Sch 2 para 19B(2); CL(E)R 2001 reg 3 / CPPCR 2010 reg 40: aged 16 or 17, looked after, and looked
    after for 13 weeks since the 14th birthday; not while on a short break (V3/V4)."""
    for stint in run.status.eligible:
        yield run.finding(Kind.ELIGIBLE_CHILD, stint, "CA1989.sch2.para19B")
    yield from _mixed_short_breaks(run)


@rule(Kind.RELEVANT_CHILD, cites=("CA1989.s23A", "CLR2010.reg3", "CLER2001.reg4", "CA1989.s23A(4)"))
def relevant_child(run: Run) -> Iterator[Finding | Concern]:
    """s23A(2): 16 or 17, not looked after, an eligible child at some time before last ceasing to be looked
    after; CLR 2010 reg 3(2) (CL(E)R 2001 reg 4 before April 2011): detained or in hospital on attaining 16;
    reg 3: not after six months living with a parent or a person with parental responsibility."""
    main = periods_of(run.status.relevant_main)
    for stint in run.status.relevant:
        for piece in stint.within(main):
            yield run.finding(Kind.RELEVANT_CHILD, piece, "CA1989.s23A")
        for piece in stints_minus([stint], main):
            for regulation in ("CLER2001.reg4", "CLR2010.reg3"):
                for part in piece.within(run.case.in_force(regulation)):
                    yield run.finding(Kind.RELEVANT_CHILD, part, regulation)
    yield from _responsibility_moved(run)
    b18 = run.case.bday18
    was_relevant = run.status.relevant_main or run.status.relevant_detained
    for period, ids in run.status.home_exclusions:
        if (
            period.until is not None
            and b18 <= period.until < run.case.bday21
            and was_relevant
            and run.status.former_relevant is None
        ):
            yield run.concern(
                StatusConcern.REVIEW_FORMER_RELEVANT_STATUS,
                Kind.FORMER_RELEVANT_CHILD,
                Period(period.until, run.case.bday21),
                "CA1989.s23C(1)(a)",
                (
                    Reason(
                        "left a parent's home after 18, having been excluded from relevant status by six "
                        "months there; whether they are a former relevant child needs review (D10)",
                        ids,
                    ),
                ),
                by=run.status.authority_on(period.until),
            )


def _responsibility_moved(run: Run) -> Iterator[Concern]:
    """s23A(4): the responsible authority is the one that last looked after the child, so a short later
    spell with another authority (respite, a remand) moves responsibility to it. That follows the words
    but is counter-intuitive (children.md 8, example W8b), so the change is flagged for review."""
    earlier: list[Stint] = []
    for stint in sorted(run.status.relevant, key=lambda s: s.period):
        before = [s for s in earlier if s.authority != stint.authority]
        if before:
            yield run.concern(
                StatusConcern.RESPONSIBILITY_MOVED,
                Kind.RELEVANT_CHILD,
                stint.period,
                "CA1989.s23A(4)",
                (
                    Reason(
                        f"{stint.authority} looked after the child last, so is responsible in place of "
                        f"{before[-1].authority}, which was responsible before (s23A(4)); review (W8b)",
                        (*before[-1].because[-1].events, *stint.because[-1].events),
                    ),
                ),
                by=stint.authority,
            )
        earlier.append(stint)


@rule(Kind.FORMER_RELEVANT_CHILD, cites=("CA1989.s23C(1)(a)", "CA1989.s23C(1)(b)"))
def former_relevant_child(run: Run) -> Iterator[Finding | Concern]:
    """s23C(1): looked after at 18 having been an eligible child, or a relevant child at 18; reported
    from 18 until 25, or longer while an s23C(7) or s23CA programme continues. Status is judged at 18:
    six months at home after it do not end s23C(1)(a) status but raise a concern (D31)."""
    frc = run.status.former_relevant
    if frc is None:
        return
    for stint in run.status.frc_status:
        yield run.finding(Kind.FORMER_RELEVANT_CHILD, stint, f"CA1989.{frc.route}")
    if frc.route == "s23C(1)(a)":
        yield from _home_after_18(run)


def _home_after_18(run: Run) -> Iterator[Concern]:
    """s23C(1)(a): "a person who has been a relevant child ... (and would be one if he were under
    eighteen)". Status is judged when the young person attained 18 (D31), so six months living with a
    parent after that does not end it; because the words could be read as a continuing test, each day
    such a stretch would exclude them (CLR 2010 reg 3) carries a concern while they are reported as a
    former relevant child. Someone excluded before 18 is no former relevant child and gets
    ``review_former_relevant_status`` instead, never both."""
    status = run.status
    frc_days = periods_of(status.frc_status)
    for period, ids in status.home_exclusions:
        for piece in intersect([period], frc_days):
            yield run.concern(
                StatusConcern.SIX_MONTHS_HOME_AFTER_18,
                Kind.FORMER_RELEVANT_CHILD,
                piece,
                "CA1989.s23C(1)(a)",
                (
                    Reason(
                        "six months living with a parent or person with parental responsibility, completed after "
                        "18: former relevant status was judged at 18 and is kept; whether it continues needs review "
                        "(D31)",
                        ids,
                    ),
                ),
                by=status.authority_on(piece.since),
            )


@rule(Kind.QUALIFYING_PERSON, cites=("CA1989.s24.old", "CA1989.s24(1B)", "CA1989.s24(1A)"))
def qualifying_person(run: Run) -> Iterator[Finding | Concern]:
    """s24(1A)-(2): under 21 and looked after after 16 but no longer (and not in another category), or
    under a special guardianship order made after being looked after; before 2001-10-01 the old s24."""
    for provision, stint in run.status.qualifying:
        yield run.finding(Kind.QUALIFYING_PERSON, stint, provision)
    yield from _short_breaks_only(run)


def _short_breaks_only(run: Run) -> Iterator[Concern]:
    """s24(1B)(b), (2)(a) (W3): a child looked after after 16 only on short breaks (V3/V4) "was, but is no
    longer, looked after" between and after the breaks, so is a qualifying person then: CPPCR 2010
    reg 2(1) makes "C" a looked-after child and reg 48(2) short breaks are placements of C. Reg 40(2) bars
    eligibility only while reg 48 applies, and V3/V4 is taken to mean it does without testing reg
    48(2)(c) (17 days a stay, 75 days in 12 months), so each such finding asks for that check."""
    case = run.case
    window_16 = Period(case.bday16, case.bday18)
    after_16 = [s for s in case.looked_after if s.period.overlaps(window_16)]
    breaks_from = min((max(s.period.since, case.bday16) for s in after_16 if s.short_break), default=None)
    if breaks_from is None:
        return
    other_from = min((max(s.period.since, case.bday16) for s in after_16 if not s.short_break), default=None)
    only_breaks = Period(breaks_from, other_from) if other_from is None or breaks_from < other_from else None
    if only_breaks is None:
        return
    breaks = [s for s in after_16 if s.short_break]
    for provision, stint in run.status.qualifying:
        period = stint.period & only_breaks
        if period is None:
            continue
        # The breaks that decide: the first after 16, and the last before this stretch (not every break).
        last = [s for s in breaks if s.period.until is not None and s.period.until <= period.since]
        ids = tuple(dict.fromkeys((*breaks[0].events, *(last[-1].events if last else ()))))
        yield run.concern(
            StatusConcern.SHORT_BREAKS_ONLY,
            Kind.QUALIFYING_PERSON,
            period,
            provision,
            (
                Reason(
                    "looked after after the 16th birthday only on short breaks (V3/V4): a qualifying person "
                    "between and after them (s24(1B)(b)), never eligible while CPPCR 2010 reg 48 applies (reg "
                    "40(2)); check the breaks kept within reg 48(2)(c), or the child may have been eligible (W3)",
                    ids,
                ),
            ),
            by=stint.authority,
        )


def _mixed_short_breaks(run: Run) -> Iterator[Concern]:
    """CPPCR 2010 reg 40(2), reg 48; D7: short breaks (V3/V4) are left out of the 13 weeks and other care
    counts. Reg 40(2) makes "a child to whom regulation 48 applies" not eligible; neither it nor Sch 2
    para 19B(2) says whether short-break days count once other care begins, so every result for such a
    child aged 16 or 17 is flagged for review, from the day the history first mixes the two."""
    case = run.case
    since_14 = Period(case.bday14)
    breaks = [s for s in case.looked_after if s.short_break and s.period.overlaps(since_14)]
    other = [s for s in case.countable if s.period.overlaps(since_14)]
    if not breaks or not other:
        return
    mixed_from = max(
        min(max(s.period.since, case.bday14) for s in breaks), min(max(s.period.since, case.bday14) for s in other)
    )
    window = intersect(case.aged(max(case.bday16, mixed_from), case.bday18), case.in_force("CA1989.sch2.para19B"))
    ids = tuple(dict.fromkeys(i for s in breaks for i in s.events))
    for period in window:
        yield run.concern(
            StatusConcern.MIXED_SHORT_BREAKS,
            Kind.ELIGIBLE_CHILD,
            period,
            "CPPCR2010.reg40",
            (
                Reason(
                    "short breaks (V3/V4) were left out of the 13 weeks and other care was counted (D7); CPPCR "
                    "2010 reg 40(2) bars eligibility only while reg 48 applies and does not say whether "
                    "short-break days count once other care begins: review",
                    ids,
                ),
            ),
            by=run.status.authority_on(period.since),
        )


@rule(cites=("FLRA1969.s9",))
def leap_day_birthday(run: Run) -> Iterator[Finding | Concern]:
    """DECISIONS D1: someone born on 29 February attains each age on 1 March in a common year. The
    England and Wales text of FLRA 1969 s9 was not found; its Northern Ireland twin, the Age of Majority
    Act (NI) 1969 s5(1), fixes "the commencement of the relevant anniversary" and says nothing of 29
    February, so every birthday-driven result for them carries a Concern to check."""
    born = run.facts.born
    if not calendar.is_leap_day(born):
        return
    yield run.concern(
        StatusConcern.LEAP_DAY_BIRTHDAY,
        Subject.AGE,
        Period(run.case.bday16, None),
        "FLRA1969.s9",
        (
            Reason(
                "born on 29 February: birthdays in common years are taken as 1 March (D1, UNVERIFIED: the "
                "England and Wales text of FLRA 1969 s9 was not found and its Northern Ireland twin is silent "
                "on 29 February)",
                (run.facts.born_event,),
            ),
        ),
    )
