"""The duties catalogue, generated from the rule registry and the law table.

For each finding kind: the rules that produce it, every provision they cite (with its commencement and
its legislation.gov.uk page) and each rule's own statement of the law; then the concern codes; then the
whole law table, provisions and dated parameters. ``docs/duties.md`` is this module's output:

    python -m leavingcare.report.catalogue > docs/duties.md      (``make docs``)

Nothing here is written by hand: concern codes and their meanings are declared beside the rules that raise
them (``duties.ruleset.CONCERN_CODES``), and ``tests/test_docs.py`` checks that list against the codes the
rules raise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from attrs import frozen

from leavingcare.duties import RULES, Rule
from leavingcare.duties.registry import CONTRACT_KINDS
from leavingcare.duties.ruleset import CONCERN_CODES
from leavingcare.law import Law, Parameter, Provision, default_law


@frozen
class ConcernEntry:
    """A concern code, the finding kind it is reported against, and what it asks a person to do."""

    code: str
    kind: str
    meaning: str


CONCERNS: tuple[ConcernEntry, ...] = tuple(
    ConcernEntry(code.value, code.against, code.meaning) for family in CONCERN_CODES for code in family
)
"""Every concern code the rules raise, with its meaning."""


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _in_force(provision: Provision) -> str:
    period = provision.in_force
    if period is None:
        return "prospective: not commenced"
    if period.last_day is None:
        return f"from {period.since.isoformat()}"
    return f"from {period.since.isoformat()} to {period.last_day.isoformat()}"


def _link(provision: Provision) -> str:
    return f"[{_cell(provision.provision)}]({provision.url})"


def _kinds(text: str) -> str:
    """Kind names in code type; a parenthesised note stays plain."""
    if text.startswith("("):
        return text
    return ", ".join(f"`{k.strip()}`" for k in text.split(","))


def _values(parameter: Parameter) -> str:
    parts = []
    for since, value in parameter.values:
        parts.append(str(value) if since is None else f"{value} from {since.isoformat()}")
    return "; ".join(parts)


def finding_kinds(rules: Sequence[Rule]) -> list[str]:
    """The finding kinds of the contract that the rules produce, in contract order."""
    produced = {k for r in rules for k in r.kinds}
    return [k for k in CONTRACT_KINDS if k in produced]


def concern_rules(rules: Sequence[Rule]) -> list[Rule]:
    """Rules registered under a name that is not a finding kind of the contract: they raise concerns only."""
    return [r for r in rules if not any(k in CONTRACT_KINDS for k in r.kinds)]


def _provision_table(keys: Iterable[str], law: Law) -> list[str]:
    lines = [
        "| Provision | Instrument | In force | Law-table key | Note |",
        "|---|---|---|---|---|",
    ]
    for key in keys:
        p = law.provision(key)
        lines.append(f"| {_link(p)} | {_cell(p.instrument)} | {_in_force(p)} | `{key}` | {_cell(p.note)} |")
    return lines


def _rule_section(rule: Rule, law: Law) -> list[str]:
    lines = [f"Rule `{rule.name}` (`{rule.fn.__module__}`):", "", rule.doc or "(no statement)", ""]
    lines += _provision_table(rule.provisions, law)
    lines.append("")
    return lines


def _summary(kinds: Sequence[str], rules: Sequence[Rule], law: Law) -> list[str]:
    lines = ["| Finding kind | Rule | Provisions cited (law-table keys) |", "|---|---|---|"]
    for kind in kinds:
        for rule in (r for r in rules if kind in r.kinds):
            cited = ", ".join(f"`{law.provision(k).key}`" for k in rule.provisions)
            lines.append(f"| [`{kind}`](#{kind}) | `{rule.name}` | {cited} |")
    return lines


def _law_section(rules: Sequence[Rule], law: Law) -> list[str]:
    cited_by: dict[str, list[str]] = {}
    for rule in rules:
        for key in rule.provisions:
            cited_by.setdefault(key, []).append(f"rule `{rule.name}`")
    for parameter in law.parameters.values():
        cited_by.setdefault(parameter.provision, []).append(f"parameter `{parameter.key}`")
    lines = [
        "## The law table",
        "",
        "Every provision and every dated parameter in `leavingcare.law.default_law()`. Rules take their dates,",
        "ages and day counts from here and never spell one themselves. A provision with no commencement date is",
        "prospective: it is in force on no date until the table gives it one.",
        "",
        "### Provisions",
        "",
        "*Cited by* lists the rules that declare the provision in the registry and the parameters that cite it.",
        "A dash marks a provision used only inside a rule's computation (a commencement date, for example) or",
        "kept for rules still to come.",
        "",
        "| Key | Instrument | Provision | In force | Cited by | Note |",
        "|---|---|---|---|---|---|",
    ]
    for key, p in law.provisions.items():
        by = ", ".join(cited_by.get(key, [])) or "—"
        lines.append(f"| `{key}` | {_cell(p.instrument)} | {_link(p)} | {_in_force(p)} | {by} | {_cell(p.note)} |")
    lines += [
        "",
        "### Parameters",
        "",
        "Values are listed with the date each took effect; a value with no date applies from the beginning.",
        "",
        "| Key | Value(s) | Provision | Meaning |",
        "|---|---|---|---|",
    ]
    for key, parameter in law.parameters.items():
        p = law.provision(parameter.provision)
        cite = f"[{_cell(p.instrument)} {_cell(p.provision)}]({p.url})"
        lines.append(f"| `{key}` | {_values(parameter)} | {cite} | {_cell(parameter.description)} |")
    lines.append("")
    return lines


def render(rules: Sequence[Rule] | None = None, law: Law | None = None) -> str:
    """The catalogue as markdown, ending with one newline."""
    rules = list(RULES) if rules is None else list(rules)
    law = default_law() if law is None else law
    kinds = finding_kinds(rules)
    only_concerns = concern_rules(rules)
    lines = [
        "# Duties catalogue",
        "",
        "<!-- Generated by `python -m leavingcare.report.catalogue`; do not edit. Run `make docs` after changing",
        "     a rule, its docstring, the concern list or the law table. -->",
        "",
        "Every finding kind the library reports, the rules that produce it, each provision those rules cite",
        "(with the date it came into force and its page on legislation.gov.uk) and each rule's own statement of",
        "the law. A finding holds over a half-open period `[since, until)`: `until` is the first day it no",
        "longer holds. How each open point of law is read is recorded in [decisions.md](decisions.md).",
        "",
        "## Summary",
        "",
    ]
    lines += _summary(kinds, rules, law)
    lines += ["", "## Finding kinds", ""]
    for kind in kinds:
        lines += [f"### `{kind}`", ""]
        for rule in (r for r in rules if kind in r.kinds):
            lines += _rule_section(rule, law)
    pending = [k for k in CONTRACT_KINDS if k not in kinds]
    if pending:
        lines += [
            "### Not yet produced",
            "",
            "These kinds are part of the public contract but no rule produces them yet:",
            ", ".join(f"`{k}`" for k in pending) + ".",
            "",
        ]
    lines += [
        "## Concerns",
        "",
        "A concern is a compliance problem, or a point where the law is unsettled and a person must check the",
        "result. It carries the same fields as a finding plus a `code`, and is reported against a finding kind.",
        "",
        "| Code | Reported against | Meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.code}` | {_kinds(c.kind)} | {_cell(c.meaning)} |" for c in CONCERNS]
    lines.append("")
    if only_concerns:
        lines += ["Rules that raise concerns only (registered under a name that is not a finding kind):", ""]
        for rule in only_concerns:
            lines += _rule_section(rule, law)
    lines += _law_section(rules, law)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the catalogue (UTF-8) to standard output."""
    text = render()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
