"""The public entry points: ``evaluate`` a history once, then ``assess`` one date or take the whole
``timeline``; every view reads one evaluation."""

from __future__ import annotations

import datetime as dt

from leavingcare.duties import Evaluation, evaluate_history
from leavingcare.duties.findings import Assessment, Timeline
from leavingcare.history import History
from leavingcare.law import Law, default_law


def evaluate(history: History, *, known_at: dt.datetime | None = None, law: Law | None = None) -> Evaluation:
    """The history evaluated once, from the events known at ``known_at`` (None: everything recorded)."""
    return evaluate_history(history, law or default_law(), known_at)


def timeline(history: History, *, known_at: dt.datetime | None = None, law: Law | None = None) -> Timeline:
    """Every finding and concern with its period, from the events known at ``known_at``. Before anything
    was recorded there is nothing to find."""
    return evaluate(history, known_at=known_at, law=law).timeline


def assess(history: History, on: dt.date, *, known_at: dt.datetime | None = None, law: Law | None = None) -> Assessment:
    """What applies on ``on``, with only what was recorded by ``known_at`` (None: everything)."""
    return evaluate(history, known_at=known_at, law=law).at(on)
