"""Concerns about the record itself: a history its source marks as incomplete."""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Subject
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.periods import Period


class RecordConcern(ConcernCode):
    """Concerns about the record itself."""

    INCOMPLETE_HISTORY = (
        "incomplete_history",
        "history",
        "The history is marked incomplete from a date (`HistoryIncomplete`, recorded for example by "
        "`import-903 --partial` when rows after a problem were left out): care, or its end, may be "
        "missing from then on. Stands from birth, on every assessment, until the mark is retracted.",
    )


@rule(cites=("CA1989.s22(2)",))
def incomplete_history(run: Run) -> Iterator[Finding | Concern]:
    """s22(1): every care-leaver status turns on when the young person was looked after. A history its
    source marks incomplete from a date (``HistoryIncomplete``, e.g. an SSDA903 import that kept only the
    rows before a problem) may lack care, or the end of care, from then on, so every assessment of the
    person carries the concern ``incomplete_history``, from birth, until the mark is retracted."""
    for mark in run.facts.incomplete:
        yield run.concern(
            RecordConcern.INCOMPLETE_HISTORY,
            Subject.HISTORY,
            Period(run.facts.born),
            "CA1989.s22(2)",
            (
                Reason(
                    f"the history is incomplete from {mark.on.isoformat()}: what happened from then on may be "
                    "missing, so every finding should be checked against the case record",
                    (mark.event,),
                ),
            ),
        )
