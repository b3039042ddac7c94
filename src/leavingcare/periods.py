"""Half-open date periods ``[since, until)`` and the set algebra the rules are written in.

``until`` is the first day a period no longer covers; ``None`` means open-ended. A list of periods
is kept *normal*: sorted, non-empty, non-overlapping and non-adjacent. Every function here works
on whole periods, never day by day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from operator import attrgetter

from attrs import frozen

Date = dt.date


@frozen(order=False)
class Period:
    """The days ``since <= d < until`` (``until=None``: every day from ``since`` on).

    Periods sort by start, then by end, an open end sorting last."""

    since: Date
    until: Date | None = None

    @property
    def key(self) -> tuple[Date, Date]:
        return (self.since, Date.max if self.until is None else self.until)

    def __lt__(self, other: Period) -> bool:
        if self.since != other.since:
            return self.since < other.since
        return (Date.max if self.until is None else self.until) < (Date.max if other.until is None else other.until)

    def __le__(self, other: Period) -> bool:
        return not other < self

    def __gt__(self, other: Period) -> bool:
        return other < self

    def __ge__(self, other: Period) -> bool:
        return not self < other

    def __attrs_post_init__(self) -> None:
        if self.until is not None and self.until < self.since:
            raise ValueError("a period cannot end before it starts")

    @property
    def empty(self) -> bool:
        return self.until is not None and self.until <= self.since

    @property
    def last_day(self) -> Date | None:
        """The last day covered, or None when open-ended."""
        return None if self.until is None else self.until - dt.timedelta(days=1)

    def days(self) -> int | None:
        return None if self.until is None else (self.until - self.since).days

    def __contains__(self, day: object) -> bool:
        return isinstance(day, Date) and self.since <= day and (self.until is None or day < self.until)

    def __and__(self, other: Period) -> Period | None:
        return intersection(self, other)

    def overlaps(self, other: Period) -> bool:
        """Whether the two share a day (``self & other is not None``, without building the intersection)."""
        since = self.since if self.since > other.since else other.since
        a, b = self.until, other.until
        until = b if a is None else (a if b is None or a < b else b)
        return until is None or since < until

    def clip(self, since: Date | None = None, until: Date | None = None) -> Period | None:
        """This period cut to start no earlier than ``since`` and end no later than ``until``."""
        return intersection(self, Period(since or self.since, until))

    def __str__(self) -> str:
        return f"[{self.since.isoformat()}, {self.until.isoformat() if self.until else '…'})"


def _min_until(a: Date | None, b: Date | None) -> Date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _max_until(a: Date | None, b: Date | None) -> Date | None:
    if a is None or b is None:
        return None
    return max(a, b)


def intersection(a: Period, b: Period) -> Period | None:
    """The days in both, or None when they share none (one of the two itself when it lies within the other)."""
    since = a.since if a.since > b.since else b.since
    until = _min_until(a.until, b.until)
    if until is not None and until <= since:
        return None
    if since == a.since and until == a.until:
        return a
    if since == b.since and until == b.until:
        return b
    return Period(since, until)


_since = attrgetter("since")


def overlaps(periods: Sequence[Period], period: Period) -> bool:
    """Whether ``period`` shares a day with any of ``periods`` (no list is built)."""
    return any(p.overlaps(period) for p in periods)


def _is_normal(periods: Sequence[Period]) -> bool:
    """Whether non-empty ``periods`` are already sorted, apart and closed but for the last."""
    previous = periods[0]
    for p in periods[1:]:
        if previous.until is None or previous.until >= p.since:
            return False
        previous = p
    return True


def normalise(periods: Iterable[Period | None]) -> list[Period]:
    """Sorted, merged (overlapping or adjacent periods joined), empties dropped."""
    if type(periods) is list and len(periods) < 2:  # nothing to sort or merge: the common case
        first = periods[0] if periods else None
        return [] if first is None or (first.until is not None and first.until <= first.since) else [first]
    kept = [p for p in periods if p is not None and (p.until is None or p.since < p.until)]
    if len(kept) < 2 or _is_normal(kept):
        return kept
    kept.sort(key=_since)  # periods starting together merge whatever their order
    merged: list[Period] = []
    run = kept[0]  # the first period of the run being merged, which ends at ``until``
    until = run.until
    for p in kept[1:]:
        if until is None or p.since <= until:
            until = _max_until(until, p.until)
            continue
        merged.append(run if until == run.until else Period(run.since, until))
        run, until = p, p.until
    merged.append(run if until == run.until else Period(run.since, until))
    return merged


def union(*groups: Iterable[Period | None]) -> list[Period]:
    if len(groups) == 2:  # most unions are of two lists, often one of them empty
        a, b = groups
        if type(a) is list and type(b) is list:
            return normalise(b if not a else a if not b else a + b)
    return normalise(p for group in groups for p in group)


def _covers(period: Period, periods: Sequence[Period]) -> bool:
    """Whether one period holds every day of a non-empty normal list."""
    last = periods[-1].until
    return period.since <= periods[0].since and (period.until is None or (last is not None and last <= period.until))


def intersect(a: Sequence[Period], b: Sequence[Period]) -> list[Period]:
    """The days in both normal lists (a linear merge)."""
    if not a or not b:
        return []
    if len(b) == 1 and _covers(b[0], a):
        return list(a)
    if len(a) == 1 and _covers(a[0], b):
        return list(b)
    out: list[Period] = []
    i = j = 0
    len_a, len_b = len(a), len(b)
    while i < len_a and j < len_b:
        p, q = a[i], b[j]
        a_until, b_until = p.until, q.until
        since = p.since if p.since > q.since else q.since
        until = b_until if a_until is None else (a_until if b_until is None or a_until < b_until else b_until)
        if until is None or since < until:  # they share days: as ``intersection``, without the call
            if since == p.since and until == a_until:
                out.append(p)
            elif since == q.since and until == b_until:
                out.append(q)
            else:
                out.append(Period(since, until))
        if a_until is None and b_until is None:
            break
        if b_until is None or (a_until is not None and a_until <= b_until):
            i += 1
        else:
            j += 1
    return out if len(out) < 2 or _is_normal(out) else normalise(out)


def difference(a: Sequence[Period], b: Sequence[Period]) -> list[Period]:
    """The days of ``a`` not in ``b`` (both normal)."""
    if not b or not a:
        return normalise(list(a))
    out: list[Period] = []
    for p in a:
        pieces = [p]
        for q in b:
            if q.until is not None and q.until <= p.since:
                continue
            if p.until is not None and q.since >= p.until:
                break
            next_pieces: list[Period] = []
            for piece in pieces:
                if not piece.overlaps(q):
                    next_pieces.append(piece)
                    continue
                if piece.since < q.since:
                    next_pieces.append(Period(piece.since, q.since))
                if q.until is not None and (piece.until is None or q.until < piece.until):
                    next_pieces.append(Period(q.until, piece.until))
            pieces = next_pieces
        out.extend(pieces)
    return normalise(out)


def clip(periods: Sequence[Period], window: Period | None) -> list[Period]:
    """Each period cut to ``window`` (nothing when the window is None)."""
    if window is None:
        return []
    return intersect(periods, [window])


def covering(periods: Sequence[Period], day: Date) -> Period | None:
    """The period of a normal list that contains ``day``."""
    for p in periods:
        if day in p:
            return p
        if p.since > day:
            break
    return None


def total_days(periods: Iterable[Period]) -> int:
    """The number of days covered by closed periods (open ones are not counted)."""
    return sum(p.days() or 0 for p in periods)


def day_reaching(periods: Sequence[Period], count: int) -> Date | None:
    """The day on which the ``count``-th covered day falls, counting from the first period."""
    if count <= 0:
        raise ValueError("count must be positive")
    remaining = count
    for p in periods:
        length = p.days()
        if length is None or length >= remaining:
            try:
                return p.since + dt.timedelta(days=remaining - 1)
            except OverflowError:  # after the last date a date can hold: never reached
                return None
        remaining -= length
    return None
