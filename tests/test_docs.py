"""The documentation cannot drift from the code: the duties catalogue is regenerated and compared, the
concern codes it lists are the ones the rules raise, and the decisions record covers every decision."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import leavingcare
from leavingcare.duties import RULES
from leavingcare.duties.ruleset import CONCERN_CODES
from leavingcare.law import default_law
from leavingcare.report import catalogue

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SOURCE = Path(leavingcare.__file__).resolve().parent


MEMBERS = {(family.__name__, code.name): code.value for family in CONCERN_CODES for code in family}
"""Each concern code enum member (``StatusConcern.LEAP_DAY_BIRTHDAY``), by class and member name, with its code."""


def _strings(node: ast.expr | None, assigned: dict[str, set[str]]) -> set[str]:
    """The string constants an expression can take: a literal, a concern code enum member, either branch of
    ``a if c else b``, or a local name assigned such values in the same function."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        found = MEMBERS.get((node.value.id, node.attr))
        return set() if found is None else {found}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, assigned) | _strings(node.orelse, assigned)
    if isinstance(node, ast.Name):
        return assigned.get(node.id, set())
    return set()


def _raised_concern_codes() -> set[str]:
    """Codes passed to ``run.concern(code, ...)`` or ``Concern(code=..., ...)`` anywhere in the package."""
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            assigned: dict[str, set[str]] = {}
            for node in ast.walk(scope):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    assigned.setdefault(node.targets[0].id, set()).update(_strings(node.value, {}))
            for node in ast.walk(scope):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if name == "concern" and node.args:
                    codes |= _strings(node.args[0], assigned)
                elif name == "Concern":
                    for keyword in node.keywords:
                        if keyword.arg == "code":
                            codes |= _strings(keyword.value, assigned)
    return codes


def test_duties_catalogue_matches_the_registry_and_law_table() -> None:
    """docs/duties.md is generated; a rule, docstring, concern or law-table change must regenerate it."""
    on_disk = (DOCS / "duties.md").read_text(encoding="utf-8")
    assert on_disk == catalogue.render(), "docs/duties.md is out of date: run `make docs` and commit the result"


def test_catalogue_entry_point_prints_the_catalogue() -> None:
    """`python -m leavingcare.report.catalogue` (the `make docs` target) prints exactly the rendered text."""
    done = subprocess.run(
        [sys.executable, "-m", "leavingcare.report.catalogue"], capture_output=True, check=True, cwd=ROOT
    )
    assert done.stdout.decode("utf-8") == catalogue.render()


def test_every_provision_a_rule_cites_is_in_the_law_table() -> None:
    law = default_law()
    missing = [(r.name, key) for r in RULES for key in r.provisions if key not in law.provisions]
    assert not missing, f"rules cite provisions the law table lacks: {missing}"


def test_every_parameter_cites_a_provision_in_the_law_table() -> None:
    law = default_law()
    missing = [p.key for p in law.parameters.values() if p.provision not in law.provisions]
    assert not missing, f"parameters cite provisions the law table lacks: {missing}"


def test_every_rule_states_its_law() -> None:
    """Each rule's docstring is its entry in the catalogue."""
    assert [r.name for r in RULES if not r.doc] == []


def test_every_listed_concern_code_is_raised_in_the_source() -> None:
    listed = {c.code for c in catalogue.CONCERNS}
    stale = listed - _raised_concern_codes()
    assert not stale, f"catalogue.CONCERNS lists codes no rule raises: {sorted(stale)}"


def test_every_concern_code_raised_is_listed() -> None:
    listed = {c.code for c in catalogue.CONCERNS}
    unlisted = _raised_concern_codes() - listed
    assert not unlisted, (
        f"concern codes raised but not described in leavingcare.report.catalogue.CONCERNS: {sorted(unlisted)}; "
        "add them there, then run `make docs`"
    )


def test_decisions_record_covers_every_decision() -> None:
    """docs/decisions.md has an entry for each of D1-D28 (and D11a)."""
    text = (DOCS / "decisions.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (D\d+a?)\b", text, flags=re.MULTILINE))
    expected = {f"D{n}" for n in range(1, 29)} | {"D11a"}
    assert expected - headings == set()
