"""The rule registry: every rule with the finding kinds it produces and the provisions it cites.
``docs/duties.md`` is generated from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from attrs import frozen

if TYPE_CHECKING:
    from leavingcare.duties.engine import Run
    from leavingcare.duties.findings import Concern, Finding

RuleFn = Callable[["Run"], Iterable["Finding | Concern"]]


@frozen
class Rule:
    name: str
    kinds: tuple[str, ...]
    provisions: tuple[str, ...]
    doc: str
    fn: RuleFn


STATUSES = ("eligible_child", "relevant_child", "former_relevant_child", "qualifying_person")
"""The care-leaver categories."""
CHILDRENS_DUTIES = (
    "personal_adviser",
    "pathway_plan",
    "keep_in_touch",
    "accommodation_and_maintenance",
    "education_training_assistance",
    "vacation_accommodation",
    "staying_put",
)
"""What children's services owe under the Children Act 1989."""
HOUSING_DUTIES = (
    "duty_to_refer",
    "homelessness_inquiries",
    "interim_accommodation",
    "assessment_and_plan",
    "prevention",
    "relief",
    "main_housing_duty",
    "intentionally_homeless_accommodation",
    "non_cooperation_accommodation",
    "section_208_notice",
    "joint_sign_off",
)
"""What housing authorities (and, for the duty to refer, other public authorities) owe."""
DUTIES = CHILDRENS_DUTIES + HOUSING_DUTIES
"""What an authority owes, children's services first, then housing."""
DETERMINATIONS = ("priority_need", "local_connection", "sar_exemption")
"""Findings about the person that no authority owes."""
CONTRACT_KINDS: tuple[str, ...] = STATUSES + DUTIES + DETERMINATIONS
"""The finding kinds of the public contract (DESIGN section 4), in the order a caseworker reads them."""

RULES: list[Rule] = []


def rule(*kinds: str, cites: tuple[str, ...]) -> Callable[[RuleFn], RuleFn]:
    """Register a rule that yields findings of ``kinds`` citing the provisions keyed ``cites``."""

    def register(fn: RuleFn) -> RuleFn:
        doc = " ".join((fn.__doc__ or "").split())
        RULES.append(Rule(fn.__name__, kinds, cites, doc, fn))
        return fn

    return register
