"""Every example history loads, is assessed without error, and shows the result its worked example in
``law/children.md`` section 13 states, on the day before and the day of each boundary."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import leavingcare as lc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = sorted(EXAMPLES.glob("*.jsonl"))
D = dt.date


def test_there_are_at_least_eight_examples() -> None:
    assert len(FILES) >= 8


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example_loads_and_is_assessed(path: Path) -> None:
    history = lc.History.from_jsonl(path)
    timeline = lc.timeline(history)
    assert timeline.findings
    for day in (D(2020, 1, 1), D(2025, 1, 1), dt.date.today()):
        assessment = lc.assess(history, on=day)
        assert assessment.on == day


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example_lines_carry_ids(path: Path) -> None:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert all(isinstance(line.get("id"), str) for line in lines)
    assert any("recorded_at" in line for line in lines)


# (file stem, date, kind, authority or None, holds, provision or None)
CASES = [
    # W1: FRC; the s23C duties stop on the 21st birthday (s23C(6)).
    ("w01_turning_21", D(2020, 3, 14), "eligible_child", None, False, None),
    ("w01_turning_21", D(2020, 3, 15), "eligible_child", "E10000017", True, "Sch 2 para 19B(2)"),
    ("w01_turning_21", D(2025, 3, 14), "personal_adviser", "E10000017", True, "s23C(3)(a)"),
    ("w01_turning_21", D(2025, 3, 15), "personal_adviser", None, False, None),
    # W2b: the 91st day is 20 May 2022; relevant from the next day; FRC via s23C(1)(a) at 18.
    ("w02_thirteen_weeks", D(2022, 5, 19), "eligible_child", None, False, None),
    ("w02_thirteen_weeks", D(2022, 5, 20), "eligible_child", "E10000015", True, None),
    ("w02_thirteen_weeks", D(2022, 5, 21), "relevant_child", "E10000015", True, "s23A(2)"),
    ("w02_thirteen_weeks", D(2024, 5, 10), "former_relevant_child", "E10000015", True, "s23C(1)(a)"),
    # W2: 90 days is one short: never eligible, a qualifying person (s24(1B)).
    ("w02b_thirteen_weeks_less_a_day", D(2022, 5, 19), "eligible_child", None, False, None),
    ("w02b_thirteen_weeks_less_a_day", D(2022, 6, 1), "relevant_child", None, False, None),
    ("w02b_thirteen_weeks_less_a_day", D(2022, 6, 1), "qualifying_person", "E10000015", True, None),
    # W4: detained on the 16th birthday: relevant under CLR 2010 reg 3(2); North Yorkshire's duties pass
    # to the new unitary on 1 April 2023 (D11).
    ("w03_detained_on_16th_birthday", D(2023, 2, 19), "relevant_child", None, False, None),
    ("w03_detained_on_16th_birthday", D(2023, 2, 20), "relevant_child", "E10000023", True, "reg 3"),
    ("w03_detained_on_16th_birthday", D(2023, 4, 1), "relevant_child", "E06000065", True, None),
    ("w03_detained_on_16th_birthday", D(2025, 2, 20), "former_relevant_child", "E06000065", True, None),
    # W5: s23CZB on request; declined, asked again at 24; ends at 25.
    ("w04_support_requested_at_24", D(2023, 3, 1), "personal_adviser", "E08000025", True, "s23CZB(3)"),
    ("w04_support_requested_at_24", D(2023, 9, 15), "personal_adviser", None, False, None),
    ("w04_support_requested_at_24", D(2026, 8, 31), "personal_adviser", None, False, None),
    ("w04_support_requested_at_24", D(2026, 9, 1), "personal_adviser", "E08000025", True, "s23CZB(3)"),
    ("w04_support_requested_at_24", D(2027, 2, 9), "personal_adviser", "E08000025", True, None),
    ("w04_support_requested_at_24", D(2027, 2, 10), "personal_adviser", None, False, None),
    # W6: a degree in the pathway plan keeps the duties past 21 (s23C(7)); halls close in vacations.
    ("w05_education_past_21", D(2026, 1, 19), "personal_adviser", "E06000023", True, "s23C(3)(a)"),
    ("w05_education_past_21", D(2026, 1, 20), "personal_adviser", "E06000023", True, "s23C(7)"),
    ("w05_education_past_21", D(2026, 1, 20), "education_training_assistance", "E06000023", True, None),
    ("w05_education_past_21", D(2026, 11, 22), "vacation_accommodation", "E06000023", True, None),
    # W7: six months at home end relevant status; the breakdown revives it; FRC at 18.
    ("w06_home_then_breakdown", D(2024, 7, 31), "relevant_child", "E10000020", True, None),
    ("w06_home_then_breakdown", D(2024, 8, 1), "relevant_child", None, False, None),
    ("w06_home_then_breakdown", D(2024, 8, 1), "qualifying_person", "E10000020", True, None),
    ("w06_home_then_breakdown", D(2024, 11, 20), "relevant_child", "E10000020", True, None),
    ("w06_home_then_breakdown", D(2026, 1, 12), "former_relevant_child", "E10000020", True, "s23C(1)(a)"),
    # W8b: responsibility follows the authority that last looked after (s23A(4)).
    ("w07_two_authorities", D(2023, 10, 1), "relevant_child", "E10000024", True, None),
    ("w07_two_authorities", D(2023, 12, 11), "relevant_child", "E09000028", True, None),
    ("w07_two_authorities", D(2025, 4, 3), "former_relevant_child", "E09000028", True, None),
    ("w07_two_authorities", D(2025, 4, 3), "former_relevant_child", "E10000024", False, None),
    # W9: Staying Put from the 18th birthday to the 21st (s23CZA).
    ("w08_staying_put", D(2024, 11, 29), "staying_put", None, False, None),
    ("w08_staying_put", D(2024, 11, 30), "staying_put", "E10000011", True, "s23CZA"),
    ("w08_staying_put", D(2027, 11, 29), "staying_put", "E10000011", True, None),
    ("w08_staying_put", D(2027, 11, 30), "staying_put", None, False, None),
    # W10: remand (J1) is looked after; the 91st day is 30 June 2024; FRC at 18.
    ("w09_remanded_at_17", D(2024, 6, 29), "eligible_child", None, False, None),
    ("w09_remanded_at_17", D(2024, 6, 30), "eligible_child", "E10000012", True, None),
    ("w09_remanded_at_17", D(2024, 8, 8), "former_relevant_child", "E10000012", True, "s23C(1)(b)"),
    # W11: special guardianship: qualifying under s24(1A) from 16 to 21.
    ("w10_special_guardianship", D(2024, 6, 14), "qualifying_person", None, False, None),
    ("w10_special_guardianship", D(2024, 6, 15), "qualifying_person", "E06000049", True, "s24(1A)"),
    ("w10_special_guardianship", D(2029, 6, 14), "qualifying_person", "E06000049", True, None),
    ("w10_special_guardianship", D(2029, 6, 15), "qualifying_person", None, False, None),
    ("w10_special_guardianship", D(2024, 7, 1), "eligible_child", None, False, None),
]


@pytest.mark.parametrize(
    ("stem", "day", "kind", "by", "holds", "provision"),
    CASES,
    ids=[f"{c[0][:3]}-{c[2]}-{c[1]}-{'yes' if c[4] else 'no'}" for c in CASES],
)
def test_example_boundary(
    stem: str, day: dt.date, kind: str, by: str | None, holds: bool, provision: str | None
) -> None:
    assessment = lc.assess(lc.History.from_jsonl(EXAMPLES / f"{stem}.jsonl"), on=day)
    assert assessment.owes(kind, by=by) is holds
    if provision is not None:
        assert any(f.citation.provision == provision for f in assessment.of_kind(kind))
