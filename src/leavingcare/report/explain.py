"""Why a finding of one kind holds on a date, or why it does not, read from the statutory test the rules
computed it from (``duties.statutory``): nothing here restates the law.

When it holds: its authority, period, due date, citation with its URL, each reason with the ids of the events
that decided it, and the conditions of its test that hold on the date. When it does not: the periods of that
kind the history has, the nearest one before and after, the statuses that hold on the date, and the
conditions that fail there, each with what it asks and the nearest period in which it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from leavingcare import api
from leavingcare.duties.conditions import AnyOf, Condition, Limb, Test, Unless, render
from leavingcare.duties.evaluation import Evaluation
from leavingcare.duties.findings import Concern, Finding, Timeline
from leavingcare.duties.housing_tests import EachApplication, referral_possible
from leavingcare.duties.kinds import STATUSES, Kind, kind_of
from leavingcare.duties.statutory import Reading, Why, why
from leavingcare.history import History
from leavingcare.law import Law
from leavingcare.report.text import INDENT, age, authority, basis, day, last_day, reason_lines, table

Date = dt.date

REFERRAL_KINDS = (Kind.RELIEF, Kind.MAIN_HOUSING_DUTY)
"""Kinds whose explanation says whether a referral under s198 is possible."""


def explain(
    history: History, on: Date, kind: str, *, known_at: dt.datetime | None = None, law: Law | None = None
) -> str:
    """Why the finding of ``kind`` holds on ``on``, or which periods of it exist and what fails;
    ``UnknownKind`` when ``kind`` is not a finding kind."""
    kind = kind_of(kind)
    return explain_evaluation(api.evaluate(history, known_at=known_at, law=law), on, kind)


def explain_evaluation(evaluation: Evaluation, on: Date, kind: str) -> str:
    """``explain`` from the person's one evaluation."""
    wanted = kind_of(kind)
    run = evaluation.run
    if run is None:
        return f"{wanted} does not hold on {day(on)}, {basis(evaluation.known_at)}: nothing had been recorded.\n"
    answer = why(run, wanted, on)
    timeline = evaluation.timeline
    held = [f for f in timeline.of_kind(wanted) if f.holds_on(on)]
    verdict = "holds" if answer.holds else "does not hold"
    lines = [f"{wanted} {verdict} on {day(on)}{age(run.facts.born, on)}, {basis(evaluation.known_at)}.", ""]
    if held:
        for i, finding in enumerate(held):
            lines += ([""] if i else []) + _held(finding)
        lines += _concerns([c for c in timeline.concerns if c.kind == wanted and c.holds_on(on)])
        lines += ["", "Conditions that hold", *_limb_lines(answer.holding, evaluation.law, on, failing=False)]
    else:
        lines += _not_held(answer, timeline, evaluation, on)
    if wanted in REFERRAL_KINDS:
        referral = referral_possible(run, on)
        lines += ["", "Referral (s198)", *[f"{INDENT}- {r}" for r in referral]] if referral else []
    return "\n".join(lines) + "\n"


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


def _periods(kind: Kind, timeline: Timeline, on: Date) -> list[str]:
    found = timeline.of_kind(kind)
    if not found:
        return [f"No period of {kind} in this history."]
    rows = [[day(f.since), last_day(f.until), authority(f.by), str(f.citation)] for f in found]
    lines = [f"Periods of {kind}:", *table(["Since", "Last day", "By", "Provision"], rows)]
    before = [f for f in found if f.until is not None and f.until <= on]
    after = [f for f in found if f.since > on]
    if before:
        nearest = max(before, key=lambda f: f.until or on)
        lines.append(f"The nearest before ended on {day(nearest.until)} (its last day was {last_day(nearest.until)}).")
    if after:
        lines.append(f"The next starts on {day(min(f.since for f in after))}.")
    return lines


def _statuses(timeline: Timeline, on: Date) -> str:
    held = [f for k in STATUSES for f in timeline.of_kind(k) if f.holds_on(on)]
    if not held:
        return "Status on this date: none."
    parts = [f"{f.kind} ({authority(f.by)}, {f.citation})" for f in held]
    return "Status on this date: " + "; ".join(parts) + "."


def _not_held(answer: Why, timeline: Timeline, evaluation: Evaluation, on: Date) -> list[str]:
    lines = [*_periods(answer.kind, timeline, on), "", _statuses(timeline, on), "", "What fails"]
    lines += _limb_lines(answer.failing, evaluation.law, on, failing=True)
    return [*lines, "", _test_line(answer.test, evaluation.law, on)]


def _cite(test: Test[Any], law: Law) -> str:
    return str(law.cite(test.cite))


def _route(limb: Limb[Any]) -> tuple[Test[Any], ...]:
    """The routes a limb sits on: each part of the path just below a choice between routes."""
    return tuple(limb.path[i + 1] for i, node in enumerate(limb.path[:-1]) if isinstance(node, AnyOf))


def _limb_lines(readings: Sequence[Reading], law: Law, on: Date, *, failing: bool) -> list[str]:
    """Each limb on one line, under the route it belongs to when there is a choice of routes."""
    lines: list[str] = []
    current: tuple[Test[Any], ...] | None = None
    for reading in readings:
        route = _route(reading.limb)
        if route != current and route:
            last = route[-1]
            lines.append(f"{INDENT}{last.name} ({law.cite(last.cite).provision}):")
            current = route
        indent = INDENT * (2 if route else 1)
        lines.append(f"{indent}- {_limb_text(reading, law, on, failing=failing)}")
    return lines


def _limb_text(reading: Reading, law: Law, on: Date, *, failing: bool) -> str:
    test = reading.test
    words = render(test.label, law, on) if isinstance(test, Condition | Unless) else test.name
    head = f"{words} ({law.cite(test.cite).provision})"
    nearest = _nearest(reading.limb, on)
    if not failing:
        return f"{head}: {nearest}"
    detail = reading.detail or ("not so on this date" if isinstance(test, Unless) else "not on this date")
    return f"{head}: {detail}; {nearest}"


def _nearest(limb: Limb[Any], on: Date) -> str:
    period = limb.nearest(on)
    if period is None:
        return "on no day in this history"
    if period.since == Date.min and period.until is None:
        return "on every day"
    if on in period:
        since = "always" if period.since == Date.min else day(period.since)
        return f"since {since}, last day {last_day(period.until)}"
    if period.since > on:
        return f"holds from {day(period.since)}"
    return f"held until {last_day(period.until)}"


def _test_line(test: Test[Any], law: Law, on: Date) -> str:
    """The test in one line: its name, provision, and how its parts combine."""
    if isinstance(test, EachApplication):
        return f"The test ({_cite(test, law)}): on any one application, all the limbs of the duty."
    how = "any of" if isinstance(test, AnyOf) else "all of"
    parts = [
        render(p.label, law, on) if isinstance(p, Condition | Unless) else f"{p.name} ({_cite(p, law)})"
        for p in test.parts()
    ]
    return f"The test ({_cite(test, law)}): {how}: " + "; ".join(parts) + "."
