"""The rules, one module per family, and the engine that runs them.

Importing this package registers every rule (``registry.RULES``) in a fixed order.
"""

from __future__ import annotations

from leavingcare.duties import (  # noqa: F401 - importing registers the rules, in this order
    assistance,
    categories,
    homelessness,
    intentionality,
    local_connection,
    notifications,
    personal_adviser,
    priority_need,
    records,
    section_208,
    shared_accommodation_rate,
    suitability,
)
from leavingcare.duties.engine import evaluate
from leavingcare.duties.findings import Assessment, Concern, Finding, Reason, Timeline
from leavingcare.duties.registry import RULES, Rule

__all__ = ["RULES", "Assessment", "Concern", "Finding", "Reason", "Rule", "Timeline", "evaluate"]
