"""The benchmark population (benchmarks/population.py) stays valid input: every history it draws
reads with ``read_people`` (DESIGN section 5), the same seed gives the same file, and the events the
benchmarks rely on are all there. Timings are the benchmarks' business, never asserted here."""

from __future__ import annotations

import collections
import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import leavingcare as lc

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("population", ROOT / "benchmarks" / "population.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("population", module)
    spec.loader.exec_module(module)
    return module


population = _load()


def _text(people: int, seed: int, scale: float = 1.0) -> str:
    out = io.StringIO()
    population.write(out, people, seed=seed, scale=scale)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample() -> str:
    return _text(200, seed=1)


def test_two_hundred_people_read_as_valid_histories(sample: str) -> None:
    """Every drawn history passes the reader's validation (codes valid on their dates, episodes that
    do not overlap, applications made before they are referred to) and has a single Born event."""
    people = list(lc.read_people(sample.splitlines()))
    assert len(people) == 200
    assert [person for person, _ in people] == [population.person_id(i) for i in range(200)]
    for _, history in people:
        assert sum(1 for e in history.events if type(e).__name__ == "Born") == 1


def test_every_line_names_its_person_and_each_person_is_contiguous(sample: str) -> None:
    seen: list[str] = []
    for raw in sample.splitlines():
        person = json.loads(raw)["person"]
        if not seen or seen[-1] != person:
            assert person not in seen
            seen.append(person)


def test_the_same_seed_gives_the_same_file_and_another_seed_another(sample: str) -> None:
    assert _text(200, seed=1) == sample
    assert _text(200, seed=2) != sample


def test_about_thirty_events_a_person_with_a_long_tail(sample: str) -> None:
    sizes = collections.Counter(json.loads(raw)["person"] for raw in sample.splitlines())
    mean = sum(sizes.values()) / len(sizes)
    assert 20 <= mean <= 40
    assert max(sizes.values()) >= 3 * mean


def test_the_events_the_benchmarks_rely_on_are_drawn(sample: str) -> None:
    """Care with short breaks, remands, returns home and moves across areas; custody; education;
    support; the homelessness pipeline with its decisions, offers, notices and ends."""
    lines = [json.loads(raw) for raw in sample.splitlines()]
    types = {line["type"] for line in lines}
    assert {
        "Born",
        "CareStarted",
        "CareChanged",
        "CareEnded",
        "CustodyStarted",
        "CustodyEnded",
        "Moved",
        "NeedsAssessed",
        "PathwayPlanReviewed",
        "EducationStarted",
        "EducationEnded",
        "SupportRequested",
        "SupportDeclined",
        "HomelessnessApplication",
        "ThreatenedWithHomelessness",
        "Homeless",
        "PriorityNeedDecided",
        "IntentionalityDecided",
        "OfferMade",
        "OfferRefused",
        "DutyEnded",
        "AccommodationSecured",
        "Section208NoticeSent",
    } <= types
    statuses = {line.get("legal_status") for line in lines if line["type"] == "CareStarted"}
    assert {"V3", "J1"} <= statuses or {"V4", "J1"} <= statuses
    assert any(line["type"] == "CareEnded" and line["reason"] == "E4A" for line in lines)
    assert any(line["type"] == "Moved" and line["arrangement"] == "parent" for line in lines)
    assert any(line["type"] == "CustodyStarted" and line["remand"] for line in lines)
    assert any("recorded_at" in line for line in lines)


def test_scale_multiplies_the_events_a_person_has() -> None:
    text = _text(20, seed=3, scale=10)
    people = list(lc.read_people(text.splitlines()))
    assert len(people) == 20
    assert sum(len(h) for _, h in people) / 20 >= 90


def test_command_line_writes_the_population(capsys: pytest.CaptureFixture[str]) -> None:
    assert population.main(["--people", "3", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert out == _text(3, seed=5)
    assert len(list(lc.read_people(out.splitlines()))) == 3
