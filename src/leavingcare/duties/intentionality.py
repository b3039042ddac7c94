"""Intentional homelessness decisions about care leavers (housing.md section 4; DECISIONS D26).

From 3 May 2024 the Homelessness Code of Guidance (paras 22.17-22.19) expects a decision that a
former relevant child aged 18 to 24 became homeless intentionally to be exceptional and jointly signed
off at Director or Assistant Director level by the housing authority and the children's services
authority that is the corporate parent. Children's Wellbeing and Schools Act 2026 s9 (prospective)
removes intentionality for relevant children and former relevant children under 25 once commenced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leavingcare import geography
from leavingcare.duties.case import Stint
from leavingcare.duties.engine import Run
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.homelessness import pipelines
from leavingcare.duties.registry import rule
from leavingcare.events import housing as hx
from leavingcare.periods import Period

Date = dt.date

CODE_CONSIDERATIONS = (
    "the steps taken to prevent the care leaver's homelessness",
    "the interventions and support children's services and housing put in place",
    "the care leaver's accommodation plan in the pathway plan",
    "whether a joint plan exists to support the care leaver",
)
"""What the Code (para 22.18) says the authority must weigh before such a decision."""


def corporate_parent(run: Run, day: Date) -> str | None:
    """The children's services authority responsible for the former relevant child on ``day``,
    following successor councils after a reorganisation (D11)."""
    frc = run.status.former_relevant
    if frc is None or frc.authority is None:
        return None
    code, _ = geography.successor_on(frc.authority, day, run.facts.area_on(day))
    return code


def _signed_off(run: Run, application: str, service: str, authority: str | None) -> tuple[Date, str] | None:
    for envelope in run.facts.housing:
        event = envelope.event
        if (
            isinstance(event, hx.SignedOff)
            and event.application == application
            and event.service == service
            and (authority is None or event.authority == authority)
        ):
            return event.on, envelope.id
    return None


@rule("joint_sign_off", cites=("CODE.22.18", "CWSA2026.s9"))
def joint_sign_off(run: Run) -> Iterator[Finding | Concern]:
    """Code of Guidance paras 22.17-22.19 (from 2024-05-03): an intentionality decision against a former
    relevant child aged 18 to 24 awaits joint Director or Assistant Director sign-off by the housing
    authority and the corporate parent's children's services (D26); Concern while outstanding. Once CWSA
    2026 s9 commences, an intentionality decision about a relevant child or a former relevant child under
    25 has no effect and raises a Concern instead."""
    expected_from = run.law.commenced("CODE.22.18")
    frc = run.status.former_relevant
    upper = run.case.birthday("age.joint_sign_off_upper")
    for envelope in run.facts.housing:
        event = envelope.event
        if not (isinstance(event, hx.IntentionalityDecided) and event.intentional):
            continue
        pipeline = pipelines(run).get(event.application)
        if pipeline is None:
            continue
        day = event.on
        housing_authority = pipeline.authority_on(day)
        if pipeline.barred_by_cwsa(day):
            yield run.concern(
                "intentionality_barred_cwsa_s9",
                "joint_sign_off",
                Period(day, pipeline.closed),
                "CWSA2026.s9",
                (
                    Reason(
                        "an intentionality decision about a relevant child or a former relevant child under 25 has no "
                        "effect once CWSA 2026 s9 is in force (new HA 1996 s191(1ZA))",
                        (envelope.id,),
                    ),
                ),
                by=housing_authority,
            )
            continue
        if frc is None or expected_from is None or day < expected_from or not (run.case.bday18 <= day < upper):
            continue
        parent = corporate_parent(run, day)
        housing_done = _signed_off(run, event.application, "housing", housing_authority)
        childrens_done = _signed_off(run, event.application, "childrens", parent)
        until = max(housing_done[0], childrens_done[0]) if housing_done and childrens_done else None
        if until is not None and until <= day:
            continue
        period = Period(day, until)
        because = [
            Reason(
                "decided the former relevant child became homeless intentionally; such decisions are expected "
                "to be exceptional",
                (envelope.id,),
            ),
            Reason(f"aged 18 to 24 and a former relevant child of {parent}", run.status.frc_reason.events),
            *(Reason(f"the decision must weigh {item}", ()) for item in CODE_CONSIDERATIONS),
        ]
        if parent is not None and geography.childrens_authority_for(housing_authority, day) != parent:
            because.append(
                Reason(
                    f"out of area: the care leaver applied to {housing_authority}, outside {parent}'s area; "
                    f"the housing authority should contact {parent}'s children's services so the decision "
                    "can be signed off jointly",
                    (),
                )
            )
        if housing_done or childrens_done:
            done = housing_done or childrens_done
            assert done is not None
            because.append(Reason("one service has signed off; the other has not", (done[1],)))
        yield run.finding("joint_sign_off", Stint(period, housing_authority, because), "CODE.22.18", to=parent)
        yield run.concern(
            "intentionality_without_joint_sign_off",
            "joint_sign_off",
            period,
            "CODE.22.18",
            (
                Reason(
                    "intentionality decision without joint senior sign-off by housing and children's services",
                    (envelope.id,),
                ),
            ),
            by=housing_authority,
            to=parent,
        )
