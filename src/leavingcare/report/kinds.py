"""Finding kinds in the order a caseworker reads them: statuses, then children's services duties,
then housing duties and determinations (DESIGN section 4)."""

from __future__ import annotations

from leavingcare.duties import RULES

STATUSES = ("eligible_child", "relevant_child", "former_relevant_child", "qualifying_person")
DUTIES = (
    "personal_adviser",
    "pathway_plan",
    "keep_in_touch",
    "accommodation_and_maintenance",
    "education_training_assistance",
    "vacation_accommodation",
    "staying_put",
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
DETERMINATIONS = ("priority_need", "local_connection", "sar_exemption")
"""Findings about the person that no authority owes: shown with the statuses."""
CONTRACT = STATUSES + DUTIES + DETERMINATIONS


def computed() -> frozenset[str]:
    """The kinds some registered rule produces."""
    return frozenset(k for rule in RULES for k in rule.kinds)


def known() -> tuple[str, ...]:
    """Every kind a caller may ask about: the contract's, then any further computed kinds."""
    return CONTRACT + tuple(sorted(computed() - set(CONTRACT)))


def rank(kind: str) -> tuple[int, str]:
    """Sort key: contract order first, other kinds after in name order."""
    return (CONTRACT.index(kind), "") if kind in CONTRACT else (len(CONTRACT), kind)
