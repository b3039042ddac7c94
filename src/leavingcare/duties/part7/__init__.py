"""Housing Act 1996 Part 7, one application at a time (housing.md section 1; DECISIONS D18-D21).

Each application's events are folded into one frozen ``Application``; the regime in force on the day it was
made (``before_hra_2017`` or ``from_hra_2017``, chosen by the commencement of the Homelessness Reduction Act
2017, D18) turns it into an ``Outcome``: each duty's periods, endings and what was decided. Rules, the H-CLIC
export and explanations read the outcomes, computed once per evaluation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from leavingcare.duties.part7.before_hra import before_hra_2017
from leavingcare.duties.part7.circumstances import Circumstances
from leavingcare.duties.part7.facts import Application, applications
from leavingcare.duties.part7.from_hra import from_hra_2017
from leavingcare.duties.part7.outcome import Outcome, Regime
from leavingcare.duties.run import Run
from leavingcare.law import Law

Date = dt.date

Formula = Callable[[Application, Circumstances], Outcome]

FORMULAS: dict[Regime, Formula] = {Regime.BEFORE_HRA_2017: before_hra_2017, Regime.FROM_HRA_2017: from_hra_2017}
"""Each regime's function of an application's facts."""


def regime_for(applied: Date, law: Law) -> Regime:
    """The regime an application made on ``applied`` is decided under for its whole life (D18)."""
    commenced = law.commenced("HRA2017")
    return Regime.FROM_HRA_2017 if commenced is not None and applied >= commenced else Regime.BEFORE_HRA_2017


def circumstances(run: Run) -> Circumstances:
    """The person's side of every application, once per run."""
    return run.memo("part7.circumstances", lambda: Circumstances(run))


def outcomes(run: Run) -> tuple[Outcome, ...]:
    """Every application's outcome, in the order the applications were made, computed once per run."""

    def build() -> tuple[Outcome, ...]:
        ctx = circumstances(run)
        return tuple(FORMULAS[regime_for(app.applied, run.law)](app, ctx) for app in applications(run.facts.housing))

    return run.memo("part7.outcomes", build)


def outcome_of(run: Run, application: str) -> Outcome | None:
    """The outcome of one application, if it was made."""
    return next((o for o in outcomes(run) if o.id == application), None)


__all__ = ["Application", "Circumstances", "Outcome", "Regime", "circumstances", "outcome_of", "outcomes", "regime_for"]
