"""The care-leaver exemption from the shared accommodation rate (housing.md section 5; DECISIONS D27).

Universal Credit Regulations 2013 Sch 4 para 29(2): a renter at least 18 and under the age limit who
was a care leaver (reg 8) before reaching 18 is not limited to the shared rate. The limit was 22 and
is 25 from 2021-05-31, so someone who turned 22 before then is exempt again from 2021-05-31 until 25.
Housing Benefit has the same exemption for a young individual; it is cited before Universal Credit began.
"""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.case import Stint
from leavingcare.duties.engine import Run, exclusive
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.registry import rule
from leavingcare.periods import Period, intersect, normalise


def exempt_days(run: Run) -> list[Period]:
    """The days from the 18th birthday until the birthday at the age limit in force on each day."""
    windows: list[Period] = []
    for dated, limit in run.law.dated("age.sar_care_leaver_limit"):
        limit_day = calendar.birthday(run.facts.born, limit)
        windows += intersect([dated], run.case.aged(run.case.bday18, limit_day))
    return normalise(windows)


@rule("sar_exemption", cites=("UC2013.sch4.para29", "HB2006.reg2"))
def sar_exemption(run: Run) -> Iterator[Finding | Concern]:
    """UC Regs 2013 Sch 4 para 29(2) and HB Regs 2006 reg 2(1): a care leaver (a relevant child, reg 8(4))
    before 18 is exempt from the shared accommodation rate from 18 until 22, until 25 from 2021-05-31.
    Someone looked after until 18 who was never a relevant child is reported as exempt with a Concern."""
    status = run.status
    was_relevant = any(s.period.since < run.case.bday18 for s in status.relevant)
    frc = status.former_relevant
    if not was_relevant and frc is None:
        return
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
    days = exempt_days(run)
    age = Reason("aged at least 18 and under the age limit in force (22; 25 from 2021-05-31)", (run.facts.born_event,))
    routes = [
        (key, Stint(p, None, (because, age)))
        for key in ("UC2013.sch4.para29", "HB2006.reg2")
        for p in intersect(days, run.case.in_force(key))
    ]
    for provision, stint in exclusive(routes):
        yield run.finding("sar_exemption", stint, provision)
    if not was_relevant:
        for period in days:
            yield run.concern(
                "sar_care_leaver_definition",
                "sar_exemption",
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
