"""The public entry points: ``assess`` one date, or the whole ``timeline``."""

from __future__ import annotations

import datetime as dt

from leavingcare.duties import evaluate
from leavingcare.duties.findings import Assessment, Timeline
from leavingcare.history import History
from leavingcare.law import Law, default_law
from leavingcare.provenance import receipt


def timeline(history: History, *, known_at: dt.datetime | None = None, law: Law | None = None) -> Timeline:
    """Every finding and concern with its period, from the events known at ``known_at``. Before anything
    was recorded there is nothing to find."""
    law = law or default_law()
    if history.nothing_known_at(known_at):
        return Timeline((), (), known_at, receipt(None, law, known_at))
    view = history.known_at(known_at)
    findings, concerns = evaluate(view.facts, law)
    return Timeline(findings, concerns, known_at, receipt(view, law, known_at))


def assess(history: History, on: dt.date, *, known_at: dt.datetime | None = None, law: Law | None = None) -> Assessment:
    """What applies on ``on``, with only what was recorded by ``known_at`` (None: everything)."""
    return timeline(history, known_at=known_at, law=law).at(on)
