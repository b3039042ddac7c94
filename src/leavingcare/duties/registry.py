"""What a rule is: its function, the finding kinds it produces and the provisions it cites; and the
kinds of the public contract. The rule set itself is one explicit tuple (``duties.ruleset.RULES``);
``docs/duties.md`` is generated from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from attrs import frozen

from leavingcare.duties.findings import Concern, Finding
from leavingcare.duties.kinds import (
    CHILDRENS_DUTIES,
    CONTRACT_KINDS,
    DETERMINATIONS,
    DUTIES,
    HOUSING_DUTIES,
    STATUSES,
    Kind,
)
from leavingcare.duties.run import Run

RuleFn = Callable[[Run], Iterable[Finding | Concern]]


@frozen
class Rule:
    name: str
    kinds: tuple[Kind, ...]
    """The finding kinds it yields; none for a rule that only raises concerns."""
    provisions: tuple[str, ...]
    doc: str
    fn: RuleFn


__all__ = [
    "CHILDRENS_DUTIES",
    "CONTRACT_KINDS",
    "DETERMINATIONS",
    "DUTIES",
    "HOUSING_DUTIES",
    "STATUSES",
    "Rule",
    "RuleFn",
    "rule",
]


def rule(*kinds: Kind, cites: tuple[str, ...]) -> Callable[[RuleFn], Rule]:
    """Make a rule of ``fn`` that yields findings of ``kinds`` citing the provisions keyed ``cites``. Nothing
    is registered: the rule set lists its rules (``duties.ruleset``)."""

    def make(fn: RuleFn) -> Rule:
        doc = " ".join((fn.__doc__ or "").split())
        return Rule(fn.__name__, kinds, cites, doc, fn)

    return make
