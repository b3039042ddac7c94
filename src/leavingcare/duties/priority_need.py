"""Priority need as a finding (Housing Act 1996 s189(1); Priority Need Order 2002): the grounds computed
from the history (``duties.grounds``; DECISIONS D22, D45), then grounds decided on an application, each until
every duty on that application has ended."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leavingcare.duties import grounds
from leavingcare.duties.case import Stint, exclusive
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.grounds import VULNERABILITY_GROUNDS
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7 import outcome_of
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.events import housing
from leavingcare.periods import Period

Date = dt.date

__all__ = ["VULNERABILITY_GROUNDS", "priority_need"]


@rule(
    Kind.PRIORITY_NEED,
    cites=(
        "PNO2002.art3",
        "PNO2002.art4",
        "PNO2002.art5",
        "PNO2002.art5(2)",
        "PNO2002.art5(3)",
        "PNO2002.art6",
        "HA1996.s189(1)(c)",
        "HA1996.s184",
    ),
)
def priority_need(run: Run) -> Iterator[Finding | Concern]:
    """Priority Need Order 2002 art 3 (16-17, not a relevant child or owed s20 accommodation), art 4
    (under 21, looked after at 16-17, not a relevant student), art 5(1) (21+, vulnerable as a result of
    care); a finding of vulnerability from service in the armed forces (art 5(2)), custody or remand
    (art 5(3)), violence (art 6) or another special reason (HA 1996 s189(1)(c)) from its date; other
    grounds as decided on an application (s189(1))."""
    for provision, stint in exclusive(routes(run)):
        yield run.finding(Kind.PRIORITY_NEED, stint, provision)


def routes(run: Run) -> list[tuple[str, Stint]]:
    """(provision key, stint) for every ground, computed ones first (D22, D45), then each ground decided on an
    application, until every duty on that application has ended; computed once per run."""

    def build() -> list[tuple[str, Stint]]:
        out = list(grounds.computed_grounds(run))
        for envelope in run.facts.housing:
            event = envelope.event
            if not (isinstance(event, housing.PriorityNeedDecided) and event.priority_need):
                continue
            end = _application_end(run, event.application)
            if end is not None and end <= event.on:
                continue
            text = f"decided in priority need ({event.ground or 'another ground'}) on application {event.application}"
            out.append(("HA1996.s184", Stint(Period(event.on, end), None, (Reason(text, (envelope.id,)),))))
        return out

    return run.memo("priority_need.routes", build)


def _application_end(run: Run, application: str) -> Date | None:
    outcome = outcome_of(run, application)
    return outcome.closed if outcome else None
