"""What a rule reads: the case, its statuses and the law, and the helpers that build findings and
concerns. One ``Run`` is made per evaluation and shared by every rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from leavingcare.duties.case import Case, Stint
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Kind, Subject
from leavingcare.duties.once import once
from leavingcare.duties.status import Status
from leavingcare.facts import Facts
from leavingcare.law import Law
from leavingcare.periods import Period

Date = dt.date
T = TypeVar("T")


class Run:
    """What a rule reads: the case, its statuses, and helpers that build findings and concerns."""

    def __init__(self, facts: Facts, law: Law) -> None:
        self.case = Case(facts, law)
        self.facts = facts
        self.law = law
        self._memo: dict[str, object] = {}
        self.tested: dict[object, list[Period]] = {}
        """The periods of each statutory test and limb evaluated on this context, by test."""

    @once
    def status(self) -> Status:
        return Status(self.case)

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A value computed once per run and shared by the rules that need it."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    def finding(
        self,
        kind: Kind,
        stint: Stint,
        provision: str,
        *,
        due: Date | None = None,
        to: str | None = None,
        extra: Iterable[Reason] = (),
    ) -> Finding:
        return Finding(
            kind=kind,
            by=stint.authority,
            to=to,
            citation=self.law.cite(provision),
            since=stint.period.since,
            until=stint.period.until,
            due=due,
            because=(*stint.because, *extra),
        )

    def concern(
        self,
        code: ConcernCode,
        kind: Kind | Subject,
        period: Period,
        provision: str,
        because: Iterable[Reason],
        *,
        by: str | None = None,
        to: str | None = None,
        due: Date | None = None,
    ) -> Concern:
        return Concern(
            code=code,
            kind=kind,
            by=by,
            to=to,
            citation=self.law.cite(provision),
            since=period.since,
            until=period.until,
            due=due,
            because=tuple(because),
        )
