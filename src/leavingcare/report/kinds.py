"""Finding kinds in the order a caseworker reads them: statuses, then children's services duties,
then housing duties and determinations (DESIGN section 4)."""

from __future__ import annotations

from leavingcare.duties import RULES
from leavingcare.duties.registry import CONTRACT_KINDS as CONTRACT
from leavingcare.duties.registry import DETERMINATIONS, DUTIES, STATUSES

__all__ = ["CONTRACT", "DETERMINATIONS", "DUTIES", "STATUSES", "computed", "known", "rank"]


def computed() -> frozenset[str]:
    """The contract kinds some registered rule produces (rules that only raise concerns name no kind)."""
    return frozenset(k for rule in RULES for k in rule.kinds if k in CONTRACT)


def known() -> tuple[str, ...]:
    """Every kind a caller may ask about: the contract's, then any further computed kinds."""
    return CONTRACT + tuple(sorted(computed() - set(CONTRACT)))


def rank(kind: str) -> tuple[int, str]:
    """Sort key: contract order first, other kinds after in name order."""
    return (CONTRACT.index(kind), "") if kind in CONTRACT else (len(CONTRACT), kind)
