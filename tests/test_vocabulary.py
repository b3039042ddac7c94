"""The closed vocabulary: a finding kind outside the contract is a typed error, never a silent "no"; concern
codes are declared, with their meanings, beside the rules that raise them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import leavingcare as lc
from leavingcare.duties.kinds import CONTRACT_KINDS, Kind
from leavingcare.duties.part7.outcome import Ground
from leavingcare.duties.ruleset import CONCERN_CODES, RULES
from leavingcare.events import codes
from leavingcare.report.explain import explain

D = dt.date
W01 = Path(__file__).resolve().parents[1] / "examples" / "w01_turning_21.jsonl"


@pytest.fixture(scope="module")
def history() -> lc.History:
    return lc.History.from_jsonl(W01)


def test_owes_an_unknown_kind_raises_rather_than_answering_no(history: lc.History) -> None:
    """``owes("personal_advisor")`` (a misspelling) used to return False; it is an ``UnknownKind``, which is
    both a ``LeavingCareError`` and a ``ValueError``."""
    assessment = lc.assess(history, on=D(2024, 6, 1))
    assert assessment.owes("personal_adviser")
    with pytest.raises(lc.UnknownKind, match="personal_advisor"):
        assessment.owes("personal_advisor")
    with pytest.raises(lc.LeavingCareError):
        assessment.of_kind("personal_advisor")
    with pytest.raises(ValueError):
        lc.timeline(history).of_kind("adviser")


def test_explain_an_unknown_kind_raises(history: lc.History) -> None:
    with pytest.raises(lc.UnknownKind):
        explain(history, D(2024, 6, 1), "adviser")


def test_findings_carry_typed_kinds(history: lc.History) -> None:
    """Every finding's kind is a ``Kind``; the JSON output still writes it as its plain name."""
    timeline = lc.timeline(history)
    assert timeline.findings and all(isinstance(f.kind, Kind) for f in timeline.findings)
    assert {f.kind for f in timeline.findings} <= set(CONTRACT_KINDS)


def test_every_rule_yields_only_contract_kinds_and_every_concern_code_has_a_meaning() -> None:
    assert all(kind in CONTRACT_KINDS for rule in RULES for kind in rule.kinds)
    codes = [code for family in CONCERN_CODES for code in family]
    assert len({c.value for c in codes}) == len(codes)
    assert all(code.meaning and code.against for code in codes)


def test_every_part7_ending_ground_cites_a_provision_in_the_law_table() -> None:
    """Each ``Ground`` a Part 7 duty can end on carries the provision that ends it, and every notice reason a
    ``DutyEnded`` may give is a ground."""
    law = lc.default_law()
    assert all(ground.provision in law.provisions for ground in Ground)
    assert {g.value for g in Ground} >= codes.DUTY_END_REASONS
