"""Why a finding of one kind holds on a date, or why it does not.

When it holds: its authority, period, due date, citation with its URL, and each reason with the ids of
the events that decided it. When it does not: the periods of that kind the history has, the nearest one
before and after, the statuses that hold on the date, and the conditions that fail there.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from functools import cached_property

from leavingcare import api, calendar
from leavingcare.duties.case import Case
from leavingcare.duties.evaluation import Evaluation
from leavingcare.duties.findings import Concern, Finding, Timeline
from leavingcare.duties.housing_explain import main_duty_conditions, referral_possible
from leavingcare.duties.kinds import kind_of
from leavingcare.duties.local_connection import section_20_lines
from leavingcare.duties.run import Run
from leavingcare.events import codes
from leavingcare.facts import Education
from leavingcare.history import History
from leavingcare.law import Law
from leavingcare.periods import Period, intersect, normalise, total_days
from leavingcare.report import kinds
from leavingcare.report.text import INDENT, WIDTH, age, authority, basis, day, last_day, reason_lines, table

Date = dt.date

OWED_TO: dict[str, str] = {
    "eligible_child": "Sch 2 para 19B(2): aged 16 or 17, looked after, and looked after for 13 weeks (91 days) since "
    "the 14th birthday, short breaks not counted.",
    "relevant_child": "s23A(2): aged 16 or 17, no longer looked after, and an eligible child before last ceasing to "
    "be; or detained or in hospital on the 16th birthday (CLR 2010 reg 3(2)); not after six months living with a "
    "parent (reg 3(3)-(5)).",
    "former_relevant_child": "s23C(1): looked after at 18 having been an eligible child, or a relevant child at 18; "
    "reported until 25, or longer while a programme of education or training continues.",
    "qualifying_person": "s24(1A)-(2): under 21, looked after after the 16th birthday and no longer, in no other "
    "category; or under a special guardianship order made when looked after immediately before.",
    "personal_adviser": "an eligible child (Sch 2 para 19C), a relevant child (s23B(2)), a former relevant child "
    "under 21 (s23C(3)(a)) or while a programme set out in the pathway plan continues (s23C(7)), one back in "
    "education under 25 (s23CA), and one aged 21 to 24 who asks for advice and support (s23CZB).",
    "pathway_plan": "the same people as a personal adviser: para 19B(4), s23B(3), s23C(3)(b), s23C(7), s23CA and "
    "s23CZB(4).",
    "keep_in_touch": "a relevant child (s23B(1)), a former relevant child under 21 or while a planned programme "
    "continues (s23C(2)), and a qualifying person the authority looked after (s24(4)).",
    "accommodation_and_maintenance": "a relevant child only (s23B(8)).",
    "education_training_assistance": "a former relevant child under 21 (s23C(4)(b)), while a programme set out in "
    "the pathway plan continues (s23C(7)), or back in education under 25 (s23CA).",
    "vacation_accommodation": "a former relevant child or qualifying person under 25 (24 before 2010), or a former "
    "relevant child while an s23C(7) or s23CA programme continues, in full-time higher or further education whose "
    "term-time accommodation is not available in the vacation (s24B(5); s23C(9); s23CA).",
    "staying_put": "a former relevant child under s23C(1)(b), under 21, still living with the foster carer they "
    "were placed with when care ended at 18 (REC E17) (s23CZA).",
}

ADVICE = ("personal_adviser", "pathway_plan")


class Query:
    """What the checks read: the date, and the one evaluation of the person (facts, timeline, case)."""

    def __init__(self, on: Date, kind: str, run: Run, timeline: Timeline) -> None:
        self.on = on
        self.kind = kind
        self.run = run
        self.facts = run.facts
        self.timeline = timeline
        self.law = run.law

    def birthday(self, parameter: str) -> Date:
        return calendar.birthday(self.facts.born, self.law.value(parameter, self.on))

    @cached_property
    def b16(self) -> Date:
        return self.birthday("age.sixteen")

    @cached_property
    def b18(self) -> Date:
        return self.birthday("age.adult")

    @cached_property
    def b21(self) -> Date:
        return self.birthday("age.core_leaving_care_end")

    @cached_property
    def b25(self) -> Date:
        return self.birthday("age.upper")

    def holding(self, kind: str) -> list[Finding]:
        return [f for f in self.timeline.of_kind(kind) if f.holds_on(self.on)]

    @cached_property
    def frc(self) -> Finding | None:
        return next(iter(self.timeline.of_kind("former_relevant_child")), None)

    @property
    def case(self) -> Case:
        return self.run.case

    @cached_property
    def looked_after(self) -> bool:
        return self.case.segment_on(self.on) is not None

    def running(self) -> list[Education]:
        return [e for e in self.facts.education if self.on in e.period]

    def commenced(self, key: str) -> Date | None:
        return self.law.commenced(key)


Check = Callable[[Query], list[str]]


def _ages(query: Query) -> list[str]:
    if query.on < query.facts.born:
        return ["the date is before the date of birth"]
    if query.on < query.b16:
        return [f"under 16: no leaving-care status begins before the 16th birthday, {day(query.b16)}"]
    return []


def _status(query: Query) -> list[str]:
    if query.kind in kinds.STATUSES or any(query.holding(k) for k in kinds.STATUSES):
        return []
    if not any(query.timeline.of_kind(k) for k in kinds.STATUSES):
        return [
            "no care-leaver status (eligible, relevant or former relevant child, qualifying person) in this history"
        ]
    return ["no care-leaver status holds on this date"]


def _at_home(query: Query) -> list[str]:
    for period, _ in query.facts.with_parent():
        since = calendar.add_months(period.since, query.law.value("months.home_rule", period.since))
        if since <= query.on and query.on in period:
            return [
                f"living with a parent or a person with parental responsibility since {day(period.since)}: six "
                f"months there by {day(since)} ends relevant status (CLR 2010 reg 3)"
            ]
    return []


def _days_since_14(query: Query) -> int:
    counted = normalise(s.period for s in query.case.countable)  # remand as the rules count it (D8, D33)
    b14 = query.birthday("age.eligible_count_from")
    return total_days(intersect(counted, [Period(b14, query.on + dt.timedelta(days=1))]))


def _eligible(query: Query) -> list[str]:
    if query.on >= query.b18:
        return [f"aged 18 or over (from {day(query.b18)}): eligible children are 16 or 17"]
    out = [] if query.looked_after else ["not looked after on this date"]
    count = _days_since_14(query)
    needed = query.law.value("days.eligible_looked_after", query.on)
    if count < needed:
        out.append(f"looked after for {count} days since the 14th birthday by this date; 13 weeks is {needed} days")
    return out


def _relevant(query: Query) -> list[str]:
    if query.on >= query.b18:
        return [f"aged 18 or over (from {day(query.b18)}): relevant children are 16 or 17"]
    if query.looked_after:
        return ["looked after on this date: an eligible child while looked after, relevant only once care ends"]
    if not any(f.since <= query.on for k in ("eligible_child", "relevant_child") for f in query.timeline.of_kind(k)):
        return ["never an eligible child before this date, and not detained or in hospital on the 16th birthday"]
    return _at_home(query)


def _former_relevant(query: Query) -> list[str]:
    if query.on < query.b18:
        return [f"under 18: former relevant child status begins at 18, on {day(query.b18)}"]
    if query.frc is None:
        return [
            "neither looked after at 18 having been an eligible child (s23C(1)(b)) nor a relevant child at 18 "
            "(s23C(1)(a))"
        ]
    if query.on >= query.b25:
        return [f"aged 25 or over (from {day(query.b25)}) and no programme of education or training continues"]
    return []


def _qualifying(query: Query) -> list[str]:
    if query.on >= query.b21:
        return [f"aged 21 or over (from {day(query.b21)}): s24 status lasts until 21"]
    for kind in ("eligible_child", "relevant_child", "former_relevant_child"):
        if query.holding(kind):
            return [f"a {kind.replace('_', ' ')} on this date, which takes the place of qualifying status"]
    if query.looked_after:
        return ["looked after on this date"]
    return []


def _programmes(query: Query) -> list[str]:
    """s23C(7) and s23CA: a programme of education or training that keeps the duties alive."""
    planned = [e for e in query.facts.education if e.in_pathway_plan and e.period.since < query.b21]
    out = []
    if not planned:
        out.append("no programme of education or training set out in the pathway plan began before 21 (s23C(7))")
    elif not any(query.on in e.period for e in planned):
        ended = max(planned, key=lambda e: e.period.until or query.on)
        out.append(f"the programme set out in the pathway plan ended; its last day was {last_day(ended.period.until)}")
    if not query.running():
        out.append("no programme of education or training is under way on this date (s23CA)")
    return out


def _support(query: Query) -> list[str]:
    """s23CZB: advice and support on request from 21 to 25."""
    commenced = query.commenced("CA1989.s23CZB")
    if query.on >= query.b25:
        return [f"aged 25 or over: advice and support on request (s23CZB) ends at 25, on {day(query.b25)}"]
    if commenced is None or query.on < commenced:
        return [f"advice and support on request (s23CZB) is in force only from {day(commenced)}"]
    if not query.facts.support:
        return ["no request for advice and support from a personal adviser is recorded (SupportRequested; s23CZB)"]
    out = []
    for spell in query.facts.support:
        engaging = next((r.on for r in spell.requests if r.on >= commenced), None)
        if spell.period.since > query.on:
            out.append(f"advice and support is asked for only later, on {day(spell.period.since)} (s23CZB)")
        elif engaging is None or engaging > query.on:
            later = "" if engaging is None else f"; asked again only later, on {day(engaging)}"
            out.append(
                f"advice and support asked for on {day(spell.period.since)}, before s23CZB came into force, is no "
                f"request under it (D29){later}"
            )
        elif spell.period.until is not None and spell.period.until <= query.on:
            out.append(
                f"advice and support asked for on {day(spell.period.since)} was declined from "
                f"{day(spell.period.until)} (SupportDeclined; s23CZB(3)(b))"
            )
    return out


def _leaving_care_duties(query: Query) -> list[str]:
    """The s23C duties and the routes that outlast them, for a former relevant child past 21."""
    if query.frc is None:
        if query.holding("qualifying_person") and query.kind != "keep_in_touch":
            return [
                "a qualifying person (s24), not an eligible, relevant or former relevant child; s24 carries no "
                f"{query.kind} duty"
            ]
        return []
    if query.on < query.b21:
        return []
    out = [f"the s23C(2)-(4) duties ended at 21, on {day(query.b21)} (s23C(6))", *_programmes(query)]
    if query.kind in ADVICE:
        out += _support(query)
    return out


def _accommodation(query: Query) -> list[str]:
    if query.on >= query.b18:
        return [f"aged 18 or over (from {day(query.b18)}): s23B(8) is owed to relevant children, who are 16 or 17"]
    if query.looked_after:
        return ["looked after on this date: accommodated and maintained as a looked-after child, not under s23B(8)"]
    return [] if query.holding("relevant_child") else _relevant(query)


def _vacation(query: Query) -> list[str]:
    out = []
    if query.on >= query.b25:
        out.append(
            f"aged 25 or over (from {day(query.b25)}), and no s23C(7) or s23CA programme continues (s23C(9), s23CA)"
        )
    running = query.running()
    if not running:
        out.append("no programme of education is under way on this date")
    elif not any(e.full_time and e.term_time_accommodation and e.level in ("higher", "further") for e in running):
        out.append("the programme under way is not full-time higher or further education with term-time accommodation")
    return out


def _staying_put(query: Query) -> list[str]:
    commenced = query.commenced("CA1989.s23CZA")
    if commenced is None or query.on < commenced:
        return [f"Staying Put (s23CZA) is in force only from {day(commenced)}"]
    if query.frc is None:
        return ["not a former relevant child"]
    if query.frc.citation.provision != "s23C(1)(b)":
        return ["a relevant child at 18, not looked after at 18: Staying Put needs s23C(1)(b)"]
    if query.on < query.b18:
        return [f"under 18: Staying Put begins when care ends at 18, on {day(query.b18)}"]
    if query.on >= query.b21:
        return [f"Staying Put lasts until 21, on {day(query.b21)} (s23CZA)"]
    last = next((e for e in reversed(query.facts.episodes) if e.period.until is not None), None)
    if last is None or last.period.until is None or last.reason not in codes.STAYED_WITH_CARERS:
        return ["care did not end with the young person staying with their carers (REC E17)"]
    if last.segments and last.segments[-1].placement not in codes.FOSTER_PLACEMENTS:
        return ["the placement when care ended was not a foster placement (U1-U6)"]
    left = last.period.until
    moved = next((r for r in query.facts.residence if left < r.period.since <= query.on), None)
    if moved is not None:
        return [f"moved out of the former foster home on {day(moved.period.since)} (Moved)"]
    return []


def _main_duty(query: Query) -> list[str]:
    return main_duty_conditions(query.run, query.on)


def _local_connection(query: Query) -> list[str]:
    return section_20_lines(query.run, query.on)


CHECKS: dict[str, tuple[Check, ...]] = {
    "eligible_child": (_ages, _eligible),
    "relevant_child": (_ages, _relevant),
    "former_relevant_child": (_ages, _former_relevant),
    "qualifying_person": (_ages, _qualifying),
    "personal_adviser": (_ages, _status, _leaving_care_duties),
    "pathway_plan": (_ages, _status, _leaving_care_duties),
    "keep_in_touch": (_ages, _status, _leaving_care_duties),
    "education_training_assistance": (_ages, _status, _leaving_care_duties),
    "accommodation_and_maintenance": (_ages, _accommodation),
    "vacation_accommodation": (_ages, _status, _vacation),
    "staying_put": (_ages, _staying_put),
    "main_housing_duty": (_main_duty,),
    "local_connection": (_local_connection,),
}
REFERRAL_KINDS = ("relief", "main_housing_duty")
"""Kinds whose explanation says whether a referral under s198 is possible."""


def failing(query: Query) -> list[str]:
    """The conditions for ``query.kind`` that fail on ``query.on`` (the first check that finds any)."""
    for check in CHECKS.get(query.kind, ()):
        lines = check(query)
        if lines:
            return lines
    return []


def _held(finding: Finding) -> list[str]:
    lines = [f"{INDENT}By         {authority(finding.by)}"]
    if finding.to is not None:
        lines.append(f"{INDENT}To         {authority(finding.to)}")
    lines.append(f"{INDENT}Period     since {day(finding.since)}, last day {last_day(finding.until)}")
    if finding.due is not None:
        lines.append(f"{INDENT}Due        {day(finding.due)}")
    lines.append(f"{INDENT}Provision  {finding.citation}")
    lines.append(f"{INDENT}           {finding.citation.url}")
    lines.append(f"{INDENT}Because")
    lines += reason_lines(finding.because, INDENT * 2)
    return lines


def _concerns(concerns: list[Concern]) -> list[str]:
    if not concerns:
        return []
    lines = ["", "Concerns"]
    for concern in concerns:
        lines.append(f"{INDENT}{concern.code} ({concern.citation}; due {day(concern.due)})")
        lines += reason_lines(concern.because, INDENT * 2)
    return lines


def _periods(query: Query) -> list[str]:
    found = query.timeline.of_kind(query.kind)
    if not found:
        return [f"No period of {query.kind} in this history."]
    rows = [[day(f.since), last_day(f.until), authority(f.by), str(f.citation)] for f in found]
    lines = [f"Periods of {query.kind}:", *table(["Since", "Last day", "By", "Provision"], rows)]
    before = [f for f in found if f.until is not None and f.until <= query.on]
    after = [f for f in found if f.since > query.on]
    if before:
        nearest = max(before, key=lambda f: f.until or query.on)
        lines.append(f"The nearest before ended on {day(nearest.until)} (its last day was {last_day(nearest.until)}).")
    if after:
        lines.append(f"The next starts on {day(min(f.since for f in after))}.")
    return lines


def _statuses(query: Query) -> str:
    held = [f for k in kinds.STATUSES for f in query.holding(k)]
    if not held:
        return "Status on this date: none."
    parts = [f"{f.kind} ({authority(f.by)}, {f.citation})" for f in held]
    return "Status on this date: " + "; ".join(parts) + "."


def _not_held(query: Query) -> list[str]:
    lines = [*_periods(query), "", _statuses(query)]
    if query.kind not in kinds.computed():
        lines += ["", f"{query.kind} is not computed by this version of leavingcare."]
        return lines
    reasons = failing(query)
    if reasons:
        lines += ["", "What fails", *[f"{INDENT}- {r}" for r in reasons]]
    if query.kind in OWED_TO:
        label = "Who is one" if query.kind in kinds.STATUSES else "Owed to"
        lines += ["", *textwrap.wrap(f"{label}: {OWED_TO[query.kind]}", WIDTH, subsequent_indent=INDENT)]
    return lines


def explain(
    history: History, on: Date, kind: str, *, known_at: dt.datetime | None = None, law: Law | None = None
) -> str:
    """Why the finding of ``kind`` holds on ``on``, or which periods of it exist and what fails;
    ``UnknownKind`` when ``kind`` is not a finding kind."""
    return explain_evaluation(api.evaluate(history, known_at=known_at, law=law), on, kind)


def explain_evaluation(evaluation: Evaluation, on: Date, kind: str) -> str:
    """``explain`` from a person's one evaluation."""
    kind = kind_of(kind)
    known_at = evaluation.known_at
    timeline = evaluation.timeline
    if evaluation.run is None:
        return f"{kind} does not hold on {day(on)}, {basis(known_at)}: nothing had been recorded.\n"
    query = Query(on, kind, evaluation.run, timeline)
    held = query.holding(kind)
    verdict = "holds" if held else "does not hold"
    lines = [f"{kind} {verdict} on {day(on)}{age(query.facts.born, on)}, {basis(known_at)}.", ""]
    if held:
        for i, finding in enumerate(held):
            lines += ([""] if i else []) + _held(finding)
        lines += _concerns([c for c in timeline.concerns if c.kind == kind and c.holds_on(on)])
    else:
        lines += _not_held(query)
    if kind in REFERRAL_KINDS:
        referral = referral_possible(query.run, on)
        lines += ["", "Referral (s198)", *[f"{INDENT}- {r}" for r in referral]] if referral else []
    return "\n".join(lines) + "\n"
