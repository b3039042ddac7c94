"""``assess --all --store`` on a date: a person's kept timeline is read back only as far as the date
(``Store.each_assessment``), and the answer is the one computed, on each side of every period's edges."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import leavingcare as lc
from caseload import count_evaluations, write_caseload
from leavingcare import kept
from leavingcare.cli import main
from leavingcare.store.bulk import import_people

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").glob("*.jsonl"))


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite store holding every example, each person named by the example's file stem."""
    source = write_caseload(tmp_path / "caseload.jsonl")
    at = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with lc.open_store(at) as store:
        import_people(store, lc.read_people(source), recorded_by="test", known_from_the_start=True)
    return at


def edges(timelines: dict[str, lc.Timeline]) -> list[dt.date]:
    """Each day a finding or concern starts or ends, and the day before."""
    days = {day for t in timelines.values() for f in (*t.findings, *t.concerns) for day in (f.since, f.until) if day}
    return sorted(days | {day - dt.timedelta(days=1) for day in days})


def test_a_warm_assessment_on_each_edge_is_the_computed_one(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with lc.open_store(url) as store:
        kept_now = {person: timeline for person, timeline in store.timelines()}  # computed and kept
        fresh = {person: lc.timeline(store.history(person)) for person in kept_now}
        calls = count_evaluations(monkeypatch)
        days = edges(kept_now)
        assert len(days) > 10
        for day in days:
            found = list(store.each_assessment(day))
            assert [person for person, _, _ in found] == list(kept_now)
            for person, assessed, born in found:
                assert isinstance(assessed, lc.Assessment)
                assert assessed == fresh[person].at(day), (person, day)
                assert assessed.to_dict() == kept_now[person].at(day).to_dict(), (person, day)
                assert born == store.history(person).facts.born
        assert calls == []  # every one read back


def test_a_kept_timeline_that_cannot_be_built_is_computed_again(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    day = dt.date(2025, 6, 1)
    with lc.open_store(url) as store:
        expected = [(person, timeline.at(day)) for person, timeline in store.timelines()]

        def broken(self: kept.Entry, on: dt.date) -> lc.Assessment:
            raise IndexError("a position that does not hold")

        monkeypatch.setattr(kept.Entry, "at", broken)
        calls = count_evaluations(monkeypatch)
        found = [(person, assessed) for person, assessed, _ in store.each_assessment(day)]
        assert found == expected
        assert len(calls) == len(expected)


def test_assess_all_from_the_store_prints_the_same_cold_and_warm(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with lc.open_store(url) as store:
        days = edges({person: timeline for person, timeline in store.timelines(known_at=dt.datetime.now(dt.UTC))})
    for day in (days[0], days[len(days) // 2], days[-1]):
        outputs = []
        for _ in range(2):
            status = main(["assess", "--all", "--store", url, "--on", day.isoformat(), "--format", "json"])
            out, err = capsys.readouterr()
            assert (status, err) == (0, "")
            outputs.append([_without_made_at(line) for line in out.splitlines()])
        computed = [
            {"person": person, **lc.assess(lc.History.from_jsonl(path), on=day).to_dict()}
            for path in EXAMPLES
            for person in [path.stem]
        ]
        assert outputs[0] == outputs[1]
        assert [line["person"] for line in outputs[0]] == [line["person"] for line in computed]


def _without_made_at(line: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(line)
    data.get("receipt", {}).pop("made_at", None)
    return data
