"""The rules, one module per family, the rule set that lists them, the engine that runs them and the
evaluation every view reads."""

from __future__ import annotations

from leavingcare.duties.engine import evaluate
from leavingcare.duties.evaluation import Evaluation, evaluate_facts, evaluate_history
from leavingcare.duties.findings import Assessment, Concern, Finding, Reason, Timeline
from leavingcare.duties.registry import Rule
from leavingcare.duties.ruleset import RULES

__all__ = [
    "RULES",
    "Assessment",
    "Concern",
    "Evaluation",
    "Finding",
    "Reason",
    "Rule",
    "Timeline",
    "evaluate",
    "evaluate_facts",
    "evaluate_history",
]
