"""The rules, one module per family, and the engine that runs them.

Importing this package registers every rule (``registry.RULES``) in a fixed order.
"""

from __future__ import annotations

from leavingcare.duties import assistance, categories, personal_adviser  # noqa: F401 - registers rules
from leavingcare.duties.engine import evaluate
from leavingcare.duties.findings import Assessment, Concern, Finding, Reason, Timeline
from leavingcare.duties.registry import RULES, Rule

__all__ = ["RULES", "Assessment", "Concern", "Finding", "Reason", "Rule", "Timeline", "evaluate"]
