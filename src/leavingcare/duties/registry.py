"""What a rule is: its function, the finding kinds it produces and the provisions it cites; and the
kinds of the public contract. The rule set itself is one explicit tuple (``duties.ruleset.RULES``);
``docs/duties.md`` is generated from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from attrs import frozen

from leavingcare.duties.findings import Concern, Finding
from leavingcare.duties.run import Run

RuleFn = Callable[[Run], Iterable[Finding | Concern]]


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


def rule(*kinds: str, cites: tuple[str, ...]) -> Callable[[RuleFn], Rule]:
    """Make a rule of ``fn`` that yields findings of ``kinds`` citing the provisions keyed ``cites``. Nothing
    is registered: the rule set lists its rules (``duties.ruleset``)."""

    def make(fn: RuleFn) -> Rule:
        doc = " ".join((fn.__doc__ or "").split())
        return Rule(fn.__name__, kinds, cites, doc, fn)

    return make
