"""An explanation reads the statutory test the rules computed their findings from, so it cannot disagree
with them: whenever a kind does not hold, ``explain`` names at least one failing condition; it never names
as failing a condition that holds; and the test's periods are the rule's periods. The law is written once:
a number the law table sets reaches the rule and the explanation's words from the same entry."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.api import evaluate
from leavingcare.duties.conditions import Condition, Unless, render
from leavingcare.duties.kinds import CONTRACT_KINDS
from leavingcare.duties.statutory import Why, why
from leavingcare.law import Parameter, default_law
from leavingcare.periods import normalise
from leavingcare.report.explain import explain_evaluation
from leavingcare.testing import histories, property_settings
from test_housing_properties import one_application

D = dt.date
KENT = "E10000016"
MAIDSTONE = "E07000110"


def _check(evaluation: lc.duties.Evaluation, on: D, *, text: bool) -> None:
    """The three properties for every kind on one date (and the text's naming of each failing condition)."""
    run = evaluation.run
    assert run is not None
    for kind in CONTRACT_KINDS:
        rule = normalise(f.period for f in evaluation.findings if f.kind == kind)
        answer = why(run, kind, on)
        assert list(answer.periods) == rule, kind
        holds = any(on in p for p in rule)
        assert answer.holds is holds, kind
        if holds:
            assert answer.failing == ()
            assert all(any(on in p for p in r.limb.periods) for r in answer.holding), kind
            continue
        assert answer.failing, f"{kind} does not hold on {on} and no condition is named as failing"
        for reading in answer.failing:
            assert not any(on in p for p in reading.limb.periods), (kind, reading.test.name)
        if text:
            _names_each_failing_condition(evaluation, answer)


def _names_each_failing_condition(evaluation: lc.duties.Evaluation, answer: Why) -> None:
    out = explain_evaluation(evaluation, answer.on, answer.kind)
    for reading in answer.failing:
        test = reading.test
        assert isinstance(test, Condition | Unless)
        assert render(test.label, evaluation.law, answer.on) in out, (answer.kind, test.name)


@property_settings(500)
@given(histories(), st.data())
def test_explanations_name_failing_conditions_and_agree_with_the_rules(
    history: lc.History, data: st.DataObject
) -> None:
    """At least 500 random histories, every kind, several dates: at each birthday from 16 to 25 and on a
    drawn date."""
    evaluation = evaluate(history)
    born = history.facts.born
    days = [born.replace(year=born.year + years, day=min(born.day, 28)) for years in (15, 16, 17, 18, 20, 21, 24, 26)]
    drawn = data.draw(st.dates(born, born.replace(year=born.year + 30, day=min(born.day, 28))))
    for on in days:
        _check(evaluation, on, text=False)
    _check(evaluation, drawn, text=True)


@property_settings(150)
@given(one_application(), st.integers(-10, 500))
def test_housing_explanations_name_failing_conditions_and_agree_with_the_rules(
    case: tuple[lc.History, D], offset: int
) -> None:
    """The same three properties for histories with a homelessness application, on the day it was made and a
    drawn day around it."""
    history, applied = case
    evaluation = evaluate(history)
    _check(evaluation, applied, text=False)
    _check(evaluation, applied + dt.timedelta(days=offset), text=True)


def test_why_not_qualifying_names_care_after_16_for_a_child_looked_after_only_when_young() -> None:
    """CA 1989 s24(1B)(b), (2)(a): looked after only from 3 to 5, a 17 year old is no qualifying person. The
    explanation used to say nothing; it names the limb that fails: looked after after 16, and no longer."""
    history = lc.History.of(
        [
            ev.Born(on=D(2005, 6, 1)),
            ev.CareStarted(on=D(2008, 6, 1), authority=KENT, legal_status="C2", placement="U4", area=MAIDSTONE),
            ev.CareEnded(on=D(2010, 6, 1), reason="E8"),
        ]
    )
    evaluation = evaluate(history)
    answer = why(evaluation.run, "qualifying_person", D(2022, 7, 1))  # type: ignore[arg-type]
    assert not answer.holds
    names = [r.test.name for r in answer.failing]
    assert names == ["under_special_guardianship_order", "looked_after_after_16_no_longer"]
    out = explain_evaluation(evaluation, D(2022, 7, 1), "qualifying_person")
    assert "Looked after after 16, and no longer (s24(1B), (2)(a))" in out


def _in_care_from_16() -> lc.History:
    """Born 2006-01-10 and looked after from the 16th birthday on; the 91st day is 2022-04-10."""
    return lc.History.of(
        [
            ev.Born(on=D(2006, 1, 10)),
            ev.CareStarted(on=D(2022, 1, 10), authority=KENT, legal_status="V2", placement="U4", area=MAIDSTONE),
        ]
    )


def test_thirteen_weeks_read_once_from_the_law_table_reach_rule_and_explanation() -> None:
    """Sch 2 para 19B(2)(b); CPPCR 2010 reg 40: the count of the 13 weeks lives in one law-table entry. Set to 92
    days, eligibility starts a day later: not on the 91st day (the day before), but on the 92nd (the day of);
    and the explanation states the number from the same entry."""
    law = default_law()
    changed = lc.Law(
        law.provisions.values(),
        [
            Parameter(p.key, ((None, 92),), p.provision, p.description) if p.key == "days.eligible_looked_after" else p
            for p in law.parameters.values()
        ],
    )
    history = _in_care_from_16()
    assert lc.assess(history, on=D(2022, 4, 10)).owes("eligible_child")
    assert not lc.assess(history, on=D(2022, 4, 10), law=changed).owes("eligible_child")
    assert lc.assess(history, on=D(2022, 4, 11), law=changed).owes("eligible_child")
    out = explain_evaluation(evaluate(history, law=changed), D(2022, 4, 10), "eligible_child")
    assert "looked after for 91 days since the 14th birthday by this date; 13 weeks is 92 days" in out
