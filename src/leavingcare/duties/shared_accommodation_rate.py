"""The care-leaver exemption from the shared accommodation rate (housing.md section 5; DECISIONS D27, D48).

Universal Credit Regulations 2013 Sch 4 para 29(2): a renter at least 18 and under the age limit who
was a care leaver (reg 8) before reaching 18 is not limited to the shared rate. The limit was 22 and
is 25 from 2021-05-31, so someone who turned 22 before then is exempt again from 2021-05-31 until 25.
Housing Benefit has its own, wider test: a claimant under the limit is not a "young individual" if a care
order that continued after 16 has ended, or if they were ever provided with accommodation under CA 1989
s20 (HB Regs 2006 reg 2(1)). Universal Credit is cited where its test is met and it was in force; Housing
Benefit otherwise, where its test is met.
"""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.case import Stint, exclusive
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.events import codes
from leavingcare.periods import Period, difference, intersect, normalise


class RateConcern(ConcernCode):
    """Concerns about the shared accommodation rate exemption."""

    SAR_CARE_LEAVER_DEFINITION = (
        "sar_care_leaver_definition",
        "sar_exemption",
        "Reported as exempt from the shared accommodation rate although never a relevant child: looked "
        "after until 18. The regulations define a care leaver as a relevant child; the exemption follows "
        "the policy that all care leavers are exempt (D27).",
    )


def exempt_days(run: Run) -> list[Period]:
    """The days from the 18th birthday until the birthday at the age limit in force on each day."""
    windows: list[Period] = []
    for dated, limit in run.law.dated("age.sar_care_leaver_limit"):
        limit_day = calendar.birthday(run.facts.born, limit)
        windows += intersect([dated], run.case.aged(run.case.bday18, limit_day))
    return normalise(windows)


def housing_benefit_care_leaver(run: Run) -> Reason | None:
    """HB Regs 2006 reg 2(1) "young individual" (b) and (c) (D48): a care order that was in force when or after
    the child attained 16 (one ending on the 16th birthday counts, as D11a reads the 18th), or any
    accommodation under CA 1989 s20, whenever and however long. Remand and police protection are neither."""
    bday16 = run.case.bday16
    orders = [s for s in run.facts.segments if s.care_order and (s.period.until is None or s.period.until >= bday16)]
    if orders:
        ids = tuple(i for s in orders for i in s.events)
        return Reason("the subject of a care order that continued after 16, now ended (HB Regs 2006 reg 2(1))", ids)
    section_20 = [s for s in run.facts.segments if s.legal_status in codes.SECTION_20]
    if section_20:
        ids = tuple(i for s in section_20 for i in s.events)
        return Reason("formerly provided with accommodation under CA 1989 s20 (HB Regs 2006 reg 2(1))", ids)
    return None


@rule(Kind.SAR_EXEMPTION, cites=("UC2013.sch4.para29", "HB2006.reg2"))
def sar_exemption(run: Run) -> Iterator[Finding | Concern]:
    """UC Regs 2013 Sch 4 para 29(2): a care leaver (a relevant child, reg 8(4)) before 18 is exempt from the
    shared accommodation rate from 18 until 22, until 25 from 2021-05-31; someone looked after until 18 who
    was never a relevant child is reported as exempt with a Concern. HB Regs 2006 reg 2(1): under the same
    limits, a claimant whose care order continued after 16, or who was ever accommodated under CA 1989 s20,
    is not a "young individual"; cited where Universal Credit's test is not met or was not in force (D48)."""
    status = run.status
    was_relevant = _was_relevant(run)
    frc = status.former_relevant
    for provision, stint in exclusive(routes(run)):
        yield run.finding(Kind.SAR_EXEMPTION, stint, provision)
    if not was_relevant and frc is not None:
        for period in intersect(exempt_days(run), run.case.in_force("UC2013.sch4.para29")):
            yield run.concern(
                RateConcern.SAR_CARE_LEAVER_DEFINITION,
                Kind.SAR_EXEMPTION,
                period,
                "UC2013.sch4.para29",
                (
                    Reason(
                        "UC reg 8(4) defines a care leaver in England as a relevant child; someone looked after until "
                        "18 was never one, so the exemption rests on the policy intent that all care leavers are "
                        "exempt (D27)",
                        status.frc_reason.events,
                    ),
                ),
            )


def _was_relevant(run: Run) -> bool:
    return any(s.period.since < run.case.bday18 for s in run.status.relevant)


def routes(run: Run) -> list[tuple[str, Stint]]:
    """(provision key, stint) for Universal Credit's test and then Housing Benefit's, computed once per run."""

    def build() -> list[tuple[str, Stint]]:
        status = run.status
        was_relevant = _was_relevant(run)
        days = exempt_days(run)
        age = Reason(
            "aged at least 18 and under the age limit in force (22; 25 from 2021-05-31)", (run.facts.born_event,)
        )
        out: list[tuple[str, Stint]] = []
        if was_relevant or status.former_relevant is not None:
            if was_relevant:
                because = Reason(
                    "a relevant child (s23A) before reaching 18: a care leaver within UC reg 8(4)",
                    status.relevant[0].because[-1].events,
                )
            else:
                because = Reason(
                    "looked after until 18 (a former relevant child under s23C(1)(b)); taken as a care leaver",
                    status.frc_reason.events,
                )
            uc_days = intersect(days, run.case.in_force("UC2013.sch4.para29"))
            out += [("UC2013.sch4.para29", Stint(p, None, (because, age))) for p in uc_days]
        housing_benefit = housing_benefit_care_leaver(run)
        if housing_benefit is not None:
            hb_days = intersect(days, run.case.in_force("HB2006.reg2"))
            universal = run.case.in_force("UC2013.sch4.para29")
            only = Reason("where Housing Benefit applies: Universal Credit's test (reg 8(4)) is not met", ())
            out += [("HB2006.reg2", Stint(p, None, (housing_benefit, age))) for p in difference(hb_days, universal)]
            out += [
                ("HB2006.reg2", Stint(p, None, (housing_benefit, age, only))) for p in intersect(hb_days, universal)
            ]
        return out

    return run.memo("sar.routes", build)
