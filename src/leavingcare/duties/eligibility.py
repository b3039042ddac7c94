"""Eligibility for homelessness assistance (Housing Act 1996 s185): a dated status, assumed until an
``EligibilityChanged`` says otherwise, and re-tested at each decision point."""

from __future__ import annotations

import datetime as dt

from leavingcare.duties.run import Run
from leavingcare.events import housing
from leavingcare.periods import Period

Date = dt.date


def ineligible_periods(run: Run) -> list[tuple[Period, tuple[str, ...]]]:
    """When the person was not eligible for assistance (s185), from ``EligibilityChanged`` events."""

    def build() -> list[tuple[Period, tuple[str, ...]]]:
        changes = [e for e in run.facts.housing if isinstance(e.event, housing.EligibilityChanged)]
        out = []
        for i, envelope in enumerate(changes):
            event = envelope.event
            assert isinstance(event, housing.EligibilityChanged)
            if event.eligible:
                continue
            nxt = next(
                (e for e in changes[i + 1 :] if isinstance(e.event, housing.EligibilityChanged) and e.event.eligible),
                None,
            )
            out.append((Period(event.on, nxt.event.on if nxt else None), (envelope.id,) + ((nxt.id,) if nxt else ())))
        return out

    return run.memo("priority_need.ineligible", build)


def eligible_on(run: Run, day: Date) -> bool:
    return not any(day in p for p, _ in ineligible_periods(run))


def first_eligible(run: Run, day: Date) -> Date | None:
    """The first day on or after ``day`` on which the person is eligible (None: never again)."""
    current: Date | None = day
    moved = True
    while current is not None and moved:
        moved = False
        for period, _ in ineligible_periods(run):
            if current in period:
                current, moved = period.until, True
                break
    return current
