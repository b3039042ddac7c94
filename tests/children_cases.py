"""Building and reading the histories of the children's services cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.events.base import Event

Row = tuple[str | None, dt.date, dt.date | None, str]


def history(*parts: Event | Iterable[Event]) -> lc.History:
    """A history of the events given singly or in lists."""
    events: list[Event] = []
    for part in parts:
        events.extend([part] if isinstance(part, Event) else part)
    return lc.History.of(events)


def rows(found: Iterable[lc.Finding], kind: str) -> list[Row]:
    """(by, since, until, provision) of each finding of ``kind``, in date order."""
    return sorted(((f.by, f.since, f.until, f.citation.provision) for f in found if f.kind == kind), key=lambda r: r[1])


KENT, ASHFORD = "E10000016", "E07000105"


def care(
    start: dt.date,
    end: dt.date | None,
    authority: str = KENT,
    area: str = ASHFORD,
    *,
    legal_status: str = "V2",
    placement: str = "U4",
    reason: str = "E8",
) -> list[Event]:
    """One care episode from ``start`` to ``end`` (the first day no longer looked after)."""
    events: list[Event] = [
        ev.CareStarted(on=start, authority=authority, legal_status=legal_status, placement=placement, area=area)
    ]
    if end is not None:
        events.append(ev.CareEnded(on=end, reason=reason))
    return events
