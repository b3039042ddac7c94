"""Runs every rule of the rule set over one case and returns its findings and concerns.

After the rules, a duty owed by an authority that was later abolished passes to its successor from
the day after the abolished council's last day (DECISIONS D11).
"""

from __future__ import annotations

from leavingcare.duties.findings import Concern, Finding, ordered, ordered_concerns
from leavingcare.duties.ruleset import RULES
from leavingcare.duties.run import Run
from leavingcare.duties.succession import pass_to_successors, successor_pieces
from leavingcare.facts import Facts
from leavingcare.law import Law


def run_rules(run: Run) -> tuple[tuple[Finding, ...], tuple[Concern, ...]]:
    """Every finding and concern of the run's case, ordered by kind, authority and date."""
    findings: list[Finding] = []
    concerns: list[Concern] = []
    for rule in RULES:
        for item in rule.fn(run):
            if isinstance(item, Concern):
                concerns.append(item)
            else:
                findings.append(item)
    passed, unclear = pass_to_successors(findings, run.facts, run.law)
    handed = [piece for concern in concerns for piece, _ in successor_pieces(concern, run.facts)]
    return ordered(passed), ordered_concerns(handed + unclear)


def evaluate(facts: Facts, law: Law) -> tuple[tuple[Finding, ...], tuple[Concern, ...]]:
    """Every finding and concern of the case (``evaluation.evaluate_facts`` keeps the working too)."""
    return run_rules(Run(facts, law))
