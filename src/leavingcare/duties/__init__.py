"""The rules, one module per family, the rule set that lists them and the engine that runs them."""

from __future__ import annotations

from leavingcare.duties.engine import evaluate
from leavingcare.duties.findings import Assessment, Concern, Finding, Reason, Timeline
from leavingcare.duties.registry import Rule
from leavingcare.duties.ruleset import RULES

__all__ = ["RULES", "Assessment", "Concern", "Finding", "Reason", "Rule", "Timeline", "evaluate"]
