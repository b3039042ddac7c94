"""Intentional homelessness decisions about care leavers (housing.md section 4; DECISIONS D26).

From 3 May 2024 the Homelessness Code of Guidance (paras 22.17-22.19) expects a decision that a
former relevant child aged 18 to 24 became homeless intentionally to be exceptional and jointly signed
off at Director or Assistant Director level by the housing authority and the children's services
authority that is the corporate parent. Children's Wellbeing and Schools Act 2026 s9 (prospective)
removes intentionality for relevant children and former relevant children under 25 once commenced.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator

from attrs import frozen

from leavingcare import geography
from leavingcare.duties.case import Stint
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.part7 import circumstances, outcome_of
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.events import housing as hx
from leavingcare.events.codec import Envelope
from leavingcare.periods import Period


class SignOffConcern(ConcernCode):
    """Concerns about intentionality decisions and their sign-off."""

    INTENTIONALITY_WITHOUT_JOINT_SIGN_OFF = (
        "intentionality_without_joint_sign_off",
        "joint_sign_off",
        "A former relevant child aged 18 to 24 was found intentionally homeless (from 2024-05-03) and the "
        "decision lacks senior sign-off by both housing and children's services (D26). Stands until both "
        "are recorded, or until a later decision finds the applicant not intentionally homeless (D41).",
    )
    SIGN_OFF_BELOW_SENIOR_LEVEL = (
        "sign_off_below_senior_level",
        "joint_sign_off",
        "A service signed off an intentionality decision through a role below Director or Assistant "
        "Director level (the role is named; D42). The sign-off is recorded, but that service's sign-off "
        "stays outstanding until a senior one is recorded or the decision is reversed.",
    )
    INTENTIONALITY_BARRED_CWSA_S9 = (
        "intentionality_barred_cwsa_s9",
        "joint_sign_off",
        "Once Children's Wellbeing and Schools Act 2026 s9 is commenced, an intentionality decision about "
        "a relevant child or a former relevant child under 25 has no effect. Raised only when the law "
        "table gives s9 a commencement date.",
    )


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


class SeniorTitle(enum.Enum):
    """Titles whose holders sign off at the level Code of Guidance 22.18 asks for: Director or Assistant
    Director, or a senior leader at or above that tier of a council's structure (decision D42). A role
    meets the level when its title, the words before any qualifier ("of Housing", ", Children's
    Services", "(Housing)", "- Housing"), is one of these, with "Interim" or "Acting" allowed before it.
    Any other role (a Head of Service, a team manager) is recorded but leaves the sign-off outstanding."""

    DIRECTOR = "director"
    ASSISTANT_DIRECTOR = "assistant director"
    DEPUTY_DIRECTOR = "deputy director"
    EXECUTIVE_DIRECTOR = "executive director"
    CORPORATE_DIRECTOR = "corporate director"
    STRATEGIC_DIRECTOR = "strategic director"
    CHIEF_EXECUTIVE = "chief executive"
    DEPUTY_CHIEF_EXECUTIVE = "deputy chief executive"


_QUALIFIER = re.compile(r"\s+(?:of|for)\s+|[,(\-\u2013\u2014/]")
_TEMPORARY = ("interim ", "acting ")


def senior_role(role: str) -> bool:
    """Whether a recorded role is at Director or Assistant Director level or above (D42)."""
    title = " ".join(_QUALIFIER.split(role.casefold(), maxsplit=1)[0].split())
    for prefix in _TEMPORARY:
        title = title.removeprefix(prefix)
    return title in {t.value for t in SeniorTitle}


SERVICE_NAMES = {"housing": "housing", "childrens": "children's services"}


@frozen
class SignOff:
    """One recorded sign-off: when, the event, the role and whether it meets the Code's level."""

    on: Date
    event: str
    role: str
    senior: bool


def _sign_offs(run: Run, application: str, service: str, authority: str | None) -> list[SignOff]:
    """The sign-offs recorded by ``service`` of ``authority`` (any authority when None) on the application."""
    out = []
    for envelope in run.facts.housing:
        event = envelope.event
        if (
            isinstance(event, hx.SignedOff)
            and event.application == application
            and event.service == service
            and (authority is None or event.authority == authority)
        ):
            out.append(SignOff(event.on, envelope.id, event.role, senior_role(event.role)))
    return out


def _reversed(run: Run, decision: Envelope) -> Envelope | None:
    """A later decision on the same application that the applicant is not intentionally homeless:
    the decision needing sign-off no longer stands from that day (Code 22.18, decision D41)."""
    event = decision.event
    assert isinstance(event, hx.IntentionalityDecided)
    after = run.facts.housing[run.facts.housing.index(decision) + 1 :]
    return next(
        (
            e
            for e in after
            if isinstance(e.event, hx.IntentionalityDecided)
            and e.event.application == event.application
            and not e.event.intentional
        ),
        None,
    )


def _earliest(*days: Date | None) -> Date | None:
    return min((d for d in days if d is not None), default=None)


@rule(Kind.JOINT_SIGN_OFF, cites=("CODE.22.18", "CWSA2026.s9"))
def joint_sign_off(run: Run) -> Iterator[Finding | Concern]:
    """Code of Guidance paras 22.17-22.19 (from 2024-05-03): an intentionality decision against a former
    relevant child aged 18 to 24 awaits joint Director or Assistant Director sign-off by the housing
    authority and the corporate parent's children's services (D26), while the decision stands: a later
    decision that the applicant is not intentionally homeless ends the expectation (D41). A sign-off by
    any other role is recorded and leaves it outstanding, with a Concern naming the role (D42). Concern
    while outstanding. Once CWSA 2026 s9 commences, an intentionality decision about a relevant child or
    a former relevant child under 25 has no effect and raises a Concern instead."""
    yield from awaited(run)


def awaited(run: Run) -> list[Finding | Concern]:
    """The joint sign-offs awaited and the concerns about them, computed once per run."""
    return run.memo("joint_sign_off.items", lambda: list(_awaited(run)))


def _awaited(run: Run) -> Iterator[Finding | Concern]:
    expected_from = run.law.commenced("CODE.22.18")
    frc = run.status.former_relevant
    upper = run.case.birthday("age.joint_sign_off_upper")
    for envelope in run.facts.housing:
        event = envelope.event
        if not (isinstance(event, hx.IntentionalityDecided) and event.intentional):
            continue
        pipeline = outcome_of(run, event.application)
        if pipeline is None:
            continue
        day = event.on
        housing_authority = pipeline.authority_on(day)
        if circumstances(run).barred_by_cwsa(day):
            yield run.concern(
                SignOffConcern.INTENTIONALITY_BARRED_CWSA_S9,
                Kind.JOINT_SIGN_OFF,
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
        signed = {
            "housing": _sign_offs(run, event.application, "housing", housing_authority),
            "childrens": _sign_offs(run, event.application, "childrens", parent),
        }
        done = {service: next((s for s in found if s.senior), None) for service, found in signed.items()}
        housing_done, childrens_done = done["housing"], done["childrens"]
        both = max(housing_done.on, childrens_done.on) if housing_done and childrens_done else None
        reversal = _reversed(run, envelope)
        until = _earliest(both, reversal.event.on if reversal else None)
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
            one = housing_done or childrens_done
            assert one is not None
            because.append(Reason("one service has signed off; the other has not", (one.event,)))
        if reversal is not None and until == reversal.event.on:
            because.append(
                Reason(
                    "a later decision found the applicant not intentionally homeless; the expectation ends",
                    (reversal.id,),
                )
            )
        yield run.finding(Kind.JOINT_SIGN_OFF, Stint(period, housing_authority, because), "CODE.22.18", to=parent)
        yield run.concern(
            SignOffConcern.INTENTIONALITY_WITHOUT_JOINT_SIGN_OFF,
            Kind.JOINT_SIGN_OFF,
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
        for service, found in signed.items():
            senior = done[service]
            for sign_off in found:
                if sign_off.senior or (senior is not None and senior.on <= sign_off.on):
                    continue
                since = max(sign_off.on, day)
                stands = _earliest(until, senior.on if senior else None)
                if stands is not None and stands <= since:
                    continue
                yield run.concern(
                    SignOffConcern.SIGN_OFF_BELOW_SENIOR_LEVEL,
                    Kind.JOINT_SIGN_OFF,
                    Period(since, stands),
                    "CODE.22.18",
                    (
                        Reason(
                            f'{SERVICE_NAMES[service]} sign-off recorded by the role "{sign_off.role}", which is '
                            "not at Director or Assistant Director level; that service's sign-off is still "
                            "outstanding",
                            (sign_off.event,),
                        ),
                    ),
                    by=housing_authority,
                    to=parent,
                )
