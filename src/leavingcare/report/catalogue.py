"""The duties catalogue, generated from the rule registry and the law table.

For each finding kind: the rules that produce it, every provision they cite (with its commencement and
its legislation.gov.uk page) and each rule's own statement of the law; then the concern codes; then the
whole law table, provisions and dated parameters. ``docs/duties.md`` is this module's output:

    python -m leavingcare.report.catalogue > docs/duties.md      (``make docs``)

Nothing here is written by hand except the list of concern codes (``CONCERNS``), whose meanings cannot be
read from the code; ``tests/test_docs.py`` checks that list against the codes the rules raise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from attrs import frozen

from leavingcare.duties import RULES, Rule
from leavingcare.duties.registry import CONTRACT_KINDS
from leavingcare.law import Law, Parameter, Provision, default_law


@frozen
class ConcernCode:
    """A concern code, the finding kind it is reported against, and what it asks a person to do."""

    code: str
    kind: str
    meaning: str


CONCERNS: tuple[ConcernCode, ...] = (
    # Dates and responsibility.
    ConcernCode(
        "leap_day_birthday",
        "age",
        "Born on 29 February: each birthday in a common year is taken as 1 March (D1). No text read says what "
        "the anniversary of 29 February is in a common year, so every age-driven result should be checked. "
        "Stands from the 16th birthday on.",
    ),
    ConcernCode(
        "incomplete_history",
        "history",
        "The history is marked incomplete from a date (`HistoryIncomplete`, recorded for example by "
        "`import-903 --partial` when rows after a problem were left out): care, or its end, may be missing "
        "from then on. Stands from birth, on every assessment, until the mark is retracted.",
    ),
    ConcernCode(
        "successor_unclear",
        "(the finding's kind)",
        "The responsible authority was abolished with several successors and the young person's last known "
        "area does not decide which one carries the duty (D11). The finding is reported with no authority.",
    ),
    ConcernCode(
        "responsibility_moved",
        "relevant_child",
        "A different authority became responsible for a relevant child because it looked after them last, "
        "for example after a short respite stay or a remand (s23A(4)). This follows the words of the Act but "
        "may be unexpected; review.",
    ),
    # Status.
    ConcernCode(
        "mixed_short_breaks",
        "eligible_child",
        "The history since the 14th birthday mixes short breaks (V3/V4) with other care. Short breaks were left "
        "out of the 13 weeks (D7); CPPCR 2010 reg 40(2) bars eligibility only while reg 48 applies and does not "
        "say whether short-break days count once other care begins. Stands from 16 to 18.",
    ),
    ConcernCode(
        "short_breaks_only",
        "qualifying_person",
        "Looked after after the 16th birthday only on short breaks. Reported as a qualifying person between "
        "and after the breaks (s24(1B)(b), (2)(a)) and never eligible (CPPCR 2010 reg 40(2)); check the breaks "
        "kept within reg 48(2)(c) (17 days a stay, 75 days in 12 months), or the child may have been eligible.",
    ),
    ConcernCode(
        "review_former_relevant_status",
        "former_relevant_child",
        "A young person kept out of relevant status by six months living with a parent left that home after "
        "turning 18. Former relevant status is not restored automatically (D10); a person must decide whether "
        "they would be a relevant child if under 18 (s23C(1)(a)). Stands until the 21st birthday.",
    ),
    ConcernCode(
        "six_months_home_after_18",
        "former_relevant_child",
        "A former relevant child under s23C(1)(a) has lived with a parent or person with parental responsibility "
        "for six months, completed after the 18th birthday. Status is judged when they attained 18 and is kept "
        '(D31); because s23C(1)(a) says "and would be one if he were under eighteen", the authority should '
        "check the reading. Stands while the stretch at home lasts and they are reported as a former relevant "
        "child.",
    ),
    # Personal adviser and pathway plan.
    ConcernCode(
        "continues_past_25",
        "personal_adviser, vacation_accommodation",
        "A programme of education or training under s23C(7) or s23CA runs past the 25th birthday. No upper age "
        "is applied to the personal adviser (D12, D14) or to vacation accommodation reached through s23C(9) or "
        "s23CA (D32), but s23CA(1)(a) applies that section to a person under 25, so the reading should be "
        "confirmed for the case.",
    ),
    ConcernCode(
        "pathway_plan_overdue",
        "pathway_plan",
        "The needs assessment or pathway plan review was due and none is recorded: from the day after the "
        "`due` date until an assessment or review is recorded or the duty ends.",
    ),
    ConcernCode(
        "assessment_outstanding",
        "pathway_plan",
        "On the s23CZB route (advice and support on request, 21 to 25) no needs assessment is recorded. No "
        "deadline is set (s23CZB(4)-(5) give none; CLR 2010 reg 5(2) covers only relevant children and s23CA); "
        "stands from the request until an assessment is recorded, and says so if the duty lapsed first.",
    ),
    # Homelessness.
    ConcernCode(
        "ended_on_barred_ground",
        "prevention, relief",
        "A duty was ended on the 56-day ground when that ground was not available: prevention before day 57 "
        "or while a possession notice expires within 56 days or has expired (s195(6), D21); relief on or "
        "before day 56 (s189B(7)). The duty still ends. Reported on the day it ended.",
    ),
    ConcernCode(
        "priority_need_ends_during_relief",
        "relief",
        "A care-leaver priority need ground (for example art 4, which ends at 21) lapses within the 56 days of "
        "relief, which decides whether relief ends automatically and what follows; check.",
    ),
    ConcernCode(
        "priority_need_after_day_56",
        "relief",
        "Priority need was established only after day 56 of relief. Relief did not end by itself (s189B(4) "
        "looks at the end of the 56 days) and continues until notice under s189B(7)(b); the authority should "
        "decide whether to end relief and which duty follows. Stands from that day while relief is owed.",
    ),
    ConcernCode(
        "intentionality_without_joint_sign_off",
        "joint_sign_off",
        "A former relevant child aged 18 to 24 was found intentionally homeless (from 2024-05-03) and the "
        "decision lacks senior sign-off by both housing and children's services (D26). Stands until both are "
        "recorded, or until a later decision finds the applicant not intentionally homeless (D41).",
    ),
    ConcernCode(
        "sign_off_below_senior_level",
        "joint_sign_off",
        "A service signed off an intentionality decision through a role below Director or Assistant Director "
        "level (the role is named; D42). The sign-off is recorded, but that service's sign-off stays "
        "outstanding until a senior one is recorded or the decision is reversed.",
    ),
    ConcernCode(
        "intentionality_barred_cwsa_s9",
        "joint_sign_off",
        "Once Children's Wellbeing and Schools Act 2026 s9 is commenced, an intentionality decision about a "
        "relevant child or a former relevant child under 25 has no effect. Raised only when the law table "
        "gives s9 a commencement date.",
    ),
    ConcernCode(
        "bed_and_breakfast_16_17",
        "interim_accommodation",
        "A 16 or 17 year old placed in bed and breakfast, which statutory guidance says is never suitable for "
        "them. Stands for the days placed.",
    ),
    ConcernCode(
        "bed_and_breakfast_care_leaver",
        "interim_accommodation",
        "A care leaver (a former relevant child or qualifying person, 18 or over) in bed and breakfast beyond "
        "two working days, the most guidance allows in an emergency.",
    ),
    ConcernCode(
        "bed_and_breakfast_family",
        "interim_accommodation",
        "An applicant with family commitments in bed and breakfast for more than six weeks in total on the "
        "application (Homelessness (Suitability of Accommodation) (England) Order 2003).",
    ),
    ConcernCode(
        "section_208_notice_missing",
        "section_208_notice",
        "Accommodation was secured in another housing authority's district and no s208 notice to it is "
        "recorded by day 14 (D25). Stands from day 15.",
    ),
    ConcernCode(
        "section_208_notice_late",
        "section_208_notice",
        "The s208 notice was sent after day 14 (D25). Stands from day 15 to the day it was sent.",
    ),
    ConcernCode(
        "sar_care_leaver_definition",
        "sar_exemption",
        "Reported as exempt from the shared accommodation rate although never a relevant child: looked after "
        "until 18. The regulations define a care leaver as a relevant child; the exemption follows the policy "
        "that all care leavers are exempt (D27).",
    ),
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
