"""Long histories: a reason cites the events that decide it, not every event of its kind, so the output of
``timeline --format json`` grows linearly with the history (a 10,000-event history once gave 64 MB: the
13-weeks reason cited every counted care event and was repeated in every pathway-plan period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.events.base import Event
from leavingcare.report import jsonout

D = dt.date
KENT, MAIDSTONE, DOVER = "E10000016", "E07000110", "E07000108"
BORN = D(2000, 3, 1)


def _spread(n: int, since: D, until: D) -> list[D]:
    """``n`` days spread evenly from ``since`` to before ``until``."""
    span = (until - since).days
    return [since + dt.timedelta(days=i * span // n) for i in range(n)]


def _care(*more: Event) -> list[Event]:
    return [
        ev.Born(on=BORN),
        ev.CareStarted(on=D(2014, 3, 1), authority=KENT, legal_status="C2", placement="U4", area=MAIDSTONE),
        *more,
    ]


def placements_and_reviews(n: int) -> lc.History:
    """Looked after from 14 to 18 with a placement move every few days, then a pathway plan review every few
    days to 24: the shape of the history that gave 64 MB."""
    moves = [
        ev.CareChanged(on=day, placement="U5" if i % 2 else "U4")
        for i, day in enumerate(_spread(n // 2, D(2014, 3, 2), D(2018, 2, 1)))
    ]
    reviews = [ev.PathwayPlanReviewed(on=day) for day in _spread(n // 2, D(2016, 3, 2), D(2024, 12, 1))]
    return lc.History.of(_care(*moves, ev.CareEnded(on=D(2018, 3, 1), reason="E8"), *reviews))


def moves_between_districts(n: int) -> lc.History:
    """After care, a move between two districts every few weeks for twelve years (s199(1)(a) residence)."""
    moves = [
        ev.Moved(on=day, area=MAIDSTONE if (i // 3) % 2 else DOVER, arrangement="private_tenancy")
        for i, day in enumerate(_spread(n, D(2018, 3, 2), D(2030, 1, 1)))
    ]
    return lc.History.of(_care(ev.CareEnded(on=D(2018, 3, 1), reason="E8"), *moves))


def short_breaks(n: int) -> lc.History:
    """Looked after from 16 to 18 only on short breaks (V3), one every few days."""
    events: list[Event] = [ev.Born(on=BORN)]
    for day in _spread(n // 2, D(2016, 3, 2), D(2018, 2, 1)):
        events.append(ev.CareStarted(on=day, authority=KENT, legal_status="V3", placement="U4", area=MAIDSTONE))
        events.append(ev.CareEnded(on=day + dt.timedelta(days=1), reason="E13"))
    return lc.History.of(events)


def _size(history: lc.History) -> int:
    return len(jsonout.dumps(jsonout.timeline(lc.timeline(history))))


@pytest.mark.parametrize(
    ("shape", "n"), [(placements_and_reviews, 400), (moves_between_districts, 400), (short_breaks, 100)]
)
def test_timeline_json_grows_linearly_with_the_history(shape: Callable[[int], lc.History], n: int) -> None:
    """Doubling the events at most doubles the output (and a little more for the fixed part)."""
    sizes = [_size(shape(n)), _size(shape(2 * n)), _size(shape(4 * n))]
    assert sizes[1] <= 2.2 * sizes[0] and sizes[2] <= 2.2 * sizes[1], sizes


def test_thirteen_weeks_reason_cites_the_first_counted_day_and_the_91st() -> None:
    """Sch 2 para 19B(2)(b): the reason for the 13 weeks names the care that gave the first counted day and the
    care running on the 91st day, not every counted care event; it is the same size for a placement move every
    week as for none."""
    moves = [
        ev.CareChanged(on=day, placement="U5" if i % 2 else "U4")
        for i, day in enumerate(_spread(100, D(2014, 3, 2), D(2016, 3, 1)))
    ]
    history = lc.History.of(_care(*moves))
    [finding] = lc.assess(history, on=D(2016, 6, 1)).of_kind("eligible_child")
    [counted] = [r for r in finding.because if r.text.startswith("looked after for 13 weeks")]
    started = history.envelopes[1].id
    day_91 = D(2014, 3, 1) + dt.timedelta(days=90)
    running = [e for e in history.envelopes if isinstance(e.event, ev.CareChanged) and e.event.on <= day_91][-1]
    assert counted.events == (started, running.id)
    assert "the 91st day was 2014-05-30" in counted.text
