"""The statutory test of every finding kind, and what it says about one date: whether it holds, its periods,
and its limbs that hold or fail there. The rules' periods are these tests' periods; explanations read this."""

from __future__ import annotations

import datetime as dt
from typing import Any

from attrs import frozen

from leavingcare.duties import aftercare, housing_tests, leaving_care, statuses
from leavingcare.duties.case import Case
from leavingcare.duties.conditions import C, Condition, Limb, Test
from leavingcare.duties.kinds import Kind, kind_of
from leavingcare.duties.run import Run
from leavingcare.periods import Period

Date = dt.date

CHILDREN: dict[Kind, Test[Case]] = {
    Kind.ELIGIBLE_CHILD: statuses.ELIGIBLE_CHILD,
    Kind.RELEVANT_CHILD: statuses.RELEVANT_CHILD,
    Kind.FORMER_RELEVANT_CHILD: aftercare.FORMER_RELEVANT_CHILD,
    Kind.QUALIFYING_PERSON: aftercare.QUALIFYING_PERSON,
    Kind.PERSONAL_ADVISER: leaving_care.PERSONAL_ADVISER,
    Kind.PATHWAY_PLAN: leaving_care.PERSONAL_ADVISER,
    Kind.KEEP_IN_TOUCH: leaving_care.KEEP_IN_TOUCH,
    Kind.ACCOMMODATION_AND_MAINTENANCE: leaving_care.ACCOMMODATION_AND_MAINTENANCE,
    Kind.EDUCATION_TRAINING_ASSISTANCE: leaving_care.EDUCATION_TRAINING_ASSISTANCE,
    Kind.VACATION_ACCOMMODATION: leaving_care.VACATION_ACCOMMODATION,
    Kind.STAYING_PUT: leaving_care.STAYING_PUT,
}
"""The children's services tests, evaluated on the case."""

HOUSING: dict[Kind, Test[Run]] = housing_tests.HOUSING
"""The housing tests, evaluated on the run."""


@frozen
class Reading:
    """One limb as it stands on the date, and, when it fails, what it says about why."""

    limb: Limb[Any]
    detail: str | None = None

    @property
    def test(self) -> Test[Any]:
        return self.limb.test


@frozen
class Why:
    """What a kind's test says on one date."""

    kind: Kind
    on: Date
    test: Test[Any]
    holds: bool
    periods: tuple[Period, ...]
    """The test's periods: the days on which the rules find the kind."""
    failing: tuple[Reading, ...]
    """When it does not hold: the limbs that fail on the date (at least one)."""
    holding: tuple[Reading, ...]
    """The limbs that hold on the date (on the routes that hold, when it holds)."""


def test_of(kind: str) -> Test[Any]:
    """The statutory test of ``kind``; ``UnknownKind`` when it is not a finding kind."""
    wanted = kind_of(kind)
    return CHILDREN[wanted] if wanted in CHILDREN else HOUSING[wanted]


def why(run: Run, kind: str, on: Date) -> Why:
    """The test of ``kind`` on ``on``, read from the run's own working (computed once per evaluation)."""
    wanted = kind_of(kind)
    if wanted in CHILDREN:
        return _read(wanted, on, CHILDREN[wanted], run.case)
    return _read(wanted, on, HOUSING[wanted], run)


def _read(kind: Kind, on: Date, test: Test[C], ctx: C) -> Why:
    holds = test.holds_on(ctx, on)
    failing = (
        () if holds else tuple(Reading(limb, _detail(limb, ctx, on)) for limb in test.limbs(ctx, on, failing=True))
    )
    holding = tuple(Reading(limb) for limb in test.limbs(ctx, on, failing=False))
    return Why(kind, on, test, holds, tuple(test.periods(ctx)), failing, holding)


def _detail(limb: Limb[C], ctx: C, on: Date) -> str | None:
    return limb.test.detail(ctx, on) if isinstance(limb.test, Condition) else None
