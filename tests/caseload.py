"""Shared by the tests of bulk paths: every example as one multi-person file (each person named by the
example's file stem, as ``make demo`` builds it), and a count of the timelines computed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leavingcare import kept

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.jsonl"))


def caseload_lines() -> list[str]:
    """Every example's lines, each naming its person."""
    return [
        json.dumps({"person": path.stem, **json.loads(line)})
        for path in EXAMPLES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def write_caseload(path: Path) -> Path:
    path.write_text("".join(line + "\n" for line in caseload_lines()), encoding="utf-8")
    return path


def count_evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry each time a timeline is computed (``kept.evaluate_history``, which the store and the
    cache directory both call)."""
    calls: list[int] = []
    evaluate = kept.evaluate_history

    def counting(*args: Any) -> Any:
        calls.append(1)
        return evaluate(*args)

    monkeypatch.setattr(kept, "evaluate_history", counting)
    return calls
