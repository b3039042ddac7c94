"""What the rules return (DESIGN section 3): findings, concerns, their reasons and the assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from attrs import field, frozen

from leavingcare.duties.kinds import Kind, Subject, kind_of, subject_of
from leavingcare.law import Citation
from leavingcare.periods import Period

Date = dt.date


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def reasons(values: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(values)


@frozen
class Reason:
    """Why a finding holds, and the ids of the events that decided it."""

    text: str
    events: tuple[str, ...] = field(converter=_ids, default=())


class _Held:
    """What findings and concerns share: a half-open period and the reasons for it."""

    since: Date
    until: Date | None
    because: tuple[Reason, ...]

    @property
    def period(self) -> Period:
        return Period(self.since, self.until)

    def holds_on(self, day: Date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)

    @property
    def events(self) -> tuple[str, ...]:
        """Every event id named by its reasons, in order, once each."""
        return tuple(dict.fromkeys(i for r in self.because for i in r.events))


@frozen(order=False)
class Finding(_Held):
    """A duty owed or a status held from ``since`` until ``until`` (exclusive; None: open)."""

    kind: Kind = field(converter=kind_of)
    by: str | None
    to: str | None
    citation: Citation
    since: Date
    until: Date | None
    due: Date | None = None
    because: tuple[Reason, ...] = field(converter=reasons, default=())


@frozen(order=False)
class Concern(_Held):
    """A compliance problem or a point a person must review, with the same fields plus ``code``."""

    code: str
    """A ``ConcernCode`` (declared beside the rule that raises it), or its text read back from the store."""
    kind: Kind | Subject = field(converter=subject_of)
    by: str | None
    to: str | None
    citation: Citation
    since: Date
    until: Date | None
    due: Date | None = None
    because: tuple[Reason, ...] = field(converter=reasons, default=())


def _sort_key(item: Finding | Concern) -> tuple[str, str, str, Date, str]:
    code = item.code if isinstance(item, Concern) else ""
    return (item.kind, code, item.by or "", item.since, item.to or "")


def ordered(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(items, key=_sort_key))


def ordered_concerns(items: Iterable[Concern]) -> tuple[Concern, ...]:
    return tuple(sorted(items, key=_sort_key))


@frozen
class Assessment:
    """What applies on one date, with only what was known at ``known_at``."""

    on: Date
    known_at: dt.datetime | None
    findings: tuple[Finding, ...]
    concerns: tuple[Concern, ...]

    def owes(self, kind: str, by: str | None = None) -> bool:
        """Whether a finding of ``kind`` (by ``by``, when given) holds on the date; ``UnknownKind`` when
        ``kind`` is not a finding kind."""
        wanted = kind_of(kind)
        return any(f.kind == wanted and (by is None or f.by == by) for f in self.findings)

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        """The findings of ``kind`` on the date; ``UnknownKind`` when it is not a finding kind."""
        wanted = kind_of(kind)
        return tuple(f for f in self.findings if f.kind == wanted)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)


@frozen
class Timeline:
    """Every finding and concern of a history, each with its period."""

    findings: tuple[Finding, ...]
    concerns: tuple[Concern, ...]
    known_at: dt.datetime | None = None

    def at(self, day: Date) -> Assessment:
        """The assessment on ``day``: the findings and concerns whose period contains it."""
        return Assessment(
            on=day,
            known_at=self.known_at,
            findings=tuple(f for f in self.findings if f.holds_on(day)),
            concerns=tuple(c for c in self.concerns if c.holds_on(day)),
        )

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        """Every finding of ``kind``; ``UnknownKind`` when it is not a finding kind."""
        wanted = kind_of(kind)
        return tuple(f for f in self.findings if f.kind == wanted)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)
