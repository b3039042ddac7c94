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


RULES: list[Rule] = []


def rule(*kinds: str, cites: tuple[str, ...]) -> Callable[[RuleFn], RuleFn]:
    """Register a rule that yields findings of ``kinds`` citing the provisions keyed ``cites``."""

    def register(fn: RuleFn) -> RuleFn:
        doc = " ".join((fn.__doc__ or "").split())
        RULES.append(Rule(fn.__name__, kinds, cites, doc, fn))
        return fn

    return register
