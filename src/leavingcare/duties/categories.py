"""Findings for the four care-leaver categories (children.md sections 3-6)."""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.engine import Run
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.registry import rule
from leavingcare.periods import Period


@rule("eligible_child", cites=("CA1989.sch2.para19B",))
def eligible_child(run: Run) -> Iterator[Finding | Concern]:
    """Sch 2 para 19B(2); CL(E)R 2001 reg 3 / CPPCR 2010 reg 40: aged 16 or 17, looked after, and looked
    after for 13 weeks since the 14th birthday; not while on a short break (V3/V4)."""
    for stint in run.status.eligible:
        yield run.finding("eligible_child", stint, "CA1989.sch2.para19B")


@rule("relevant_child", cites=("CA1989.s23A", "CLR2010.reg3", "CLER2001.reg4"))
def relevant_child(run: Run) -> Iterator[Finding | Concern]:
    """s23A(2): 16 or 17, not looked after, eligible before last ceasing to be looked after; CLR 2010
    reg 3(2): detained or in hospital on the 16th birthday; reg 3(3)-(5): not after six months at home."""
    main = run.status.relevant_main
    for stint in run.status.relevant:
        route = "CA1989.s23A" if any(stint.period.since in m.period for m in main) else "CLR2010.reg3"
        if route == "CLR2010.reg3" and stint.period.since < (run.law.commenced("CLR2010.reg3") or stint.period.since):
            route = "CLER2001.reg4"
        yield run.finding("relevant_child", stint, route)
    b18 = run.case.bday18
    for period, ids in run.status.home_exclusions:
        if (
            period.until is not None
            and b18 <= period.until < run.case.bday21
            and run.status.relevant_main
            and run.status.former_relevant is None
        ):
            yield run.concern(
                "review_former_relevant_status",
                "former_relevant_child",
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


@rule("former_relevant_child", cites=("CA1989.s23C(1)(a)", "CA1989.s23C(1)(b)"))
def former_relevant_child(run: Run) -> Iterator[Finding | Concern]:
    """s23C(1): looked after at 18 having been an eligible child, or a relevant child at 18; reported
    from 18 until 25, or longer while an s23C(7) or s23CA programme continues."""
    frc = run.status.former_relevant
    if frc is None:
        return
    for stint in run.status.frc_status:
        yield run.finding("former_relevant_child", stint, f"CA1989.{frc.route}")


@rule("qualifying_person", cites=("CA1989.s24.old", "CA1989.s24(1B)", "CA1989.s24(1A)"))
def qualifying_person(run: Run) -> Iterator[Finding | Concern]:
    """s24(1A)-(2): under 21 and looked after after 16 but no longer (and not in another category), or
    under a special guardianship order made after being looked after; before 2001-10-01 the old s24."""
    for provision, stint in run.status.qualifying:
        yield run.finding("qualifying_person", stint, provision)


@rule("leap_day_birthday", cites=("FLRA1969.s9",))
def leap_day_birthday(run: Run) -> Iterator[Finding | Concern]:
    """DECISIONS D1: someone born on 29 February attains each age on 1 March in a common year. The
    statute is silent, so every birthday-driven result for them carries a Concern to check."""
    born = run.facts.born
    if not calendar.is_leap_day(born):
        return
    yield run.concern(
        "leap_day_birthday",
        "age",
        Period(run.case.bday16, None),
        "FLRA1969.s9",
        (
            Reason(
                "born on 29 February: birthdays in common years are taken as 1 March (D1, UNVERIFIED)",
                (run.facts.born_event,),
            ),
        ),
    )
