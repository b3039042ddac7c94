"""A caseworker's worklist: what falls due for each person in the days ahead.

The window is the ``days`` days beginning with the date looked at (``[on, on + days)``, DECISIONS D3).
An item is one of:

- a birthday that changes what is owed: the person turns 18, 21 or 25 in the window;
- ``relief`` reaching day 56 (its ``due``) in the window while still owed;
- a ``section_208_notice`` due in the window, or overdue and still not sent on the date;
- a ``joint_sign_off`` outstanding on the date;
- a ``pathway_plan`` assessment or review due in the window, or overdue on the date.

Each person comes as a ``(person, History)`` pair, so a file, a directory of files or the store can feed it.

``select`` keeps the items of one authority, and leaves out items overdue since before a date (the command
defaults to a year before the date looked at, so years-old items do not bury the window), counting them.
The list is written as text, JSON (``leavingcare schema --output worklist``) or CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from attrs import asdict, frozen

from leavingcare import api, calendar
from leavingcare.duties.findings import Finding, Timeline
from leavingcare.history import History
from leavingcare.periods import Period
from leavingcare.provenance import SCHEMA_VERSION
from leavingcare.report.kinds import STATUSES, rank
from leavingcare.report.text import INDENT, authority, day, table

Date = dt.date
DEFAULT_DAYS = 28
MILESTONES = (18, 21, 25)
DAY = dt.timedelta(days=1)


@frozen
class WorkItem:
    """One thing to act on: whose, on what date, what it is, which authority acts and the details."""

    person: str
    date: Date
    what: str
    authority: str | None
    detail: str
    overdue: bool = False
    """Whether its date has passed and it is still outstanding."""


@frozen
class Window:
    """The date looked at and the days ahead: ``[on, on + days)``."""

    on: Date
    days: int

    @property
    def period(self) -> Period:
        return calendar.days_beginning_with(self.on, self.days)

    @property
    def last(self) -> Date:
        return calendar.last_day_of(self.on, self.days)

    def covers(self, day: Date) -> bool:
        return day in self.period


def worklist(people: Iterable[tuple[str, History]], on: Date, days: int = DEFAULT_DAYS) -> list[WorkItem]:
    """Every item for every person in the ``days`` days beginning with ``on``, by date then person."""
    evaluations = ((person, api.evaluate(history)) for person, history in people)
    return worklist_of_timelines(((person, e.timeline, e.born) for person, e in evaluations), on, days)


def worklist_of_timelines(
    people: Iterable[tuple[str, Timeline, Date | None]], on: Date, days: int = DEFAULT_DAYS
) -> list[WorkItem]:
    """``worklist`` from each person's timeline (with everything recorded) and date of birth, as the
    store's ``timelines_with_births`` gives them."""
    if days < 1:
        raise ValueError("the window must be at least one day")
    window = Window(on, days)
    items = [item for person, timeline, born in people for item in timeline_items(person, born, timeline, window)]
    return sorted(items, key=lambda i: (i.date, i.person, i.what, i.authority or ""))


def timeline_items(person: str, born: Date | None, timeline: Timeline, window: Window) -> list[WorkItem]:
    """One person's items from their timeline, duplicates (pieces of one duty with the same deadline) removed."""
    found = [
        *(_birthdays(person, born, timeline, window) if born is not None else ()),
        *_deadlines(person, timeline, window, "relief", "relief day 56", overdue=False),
        *_deadlines(person, timeline, window, "section_208_notice", "s208 notice", overdue=True),
        *_outstanding(person, timeline, window, "joint_sign_off", "joint sign-off outstanding"),
        *_deadlines(person, timeline, window, "pathway_plan", "pathway plan", overdue=True),
    ]
    unique: dict[tuple[Date, str, str | None], WorkItem] = {}
    for item in found:
        unique.setdefault((item.date, item.what, item.authority), item)
    return list(unique.values())


def _kinds(kinds: Iterable[str]) -> str:
    return ", ".join(sorted(kinds, key=rank))


def _changes(timeline: Timeline, birthday: Date) -> str:
    """Which kinds end and which begin on a birthday (a kind that ends and begins again, under another
    provision, carries on and is not named)."""
    ending = {f.kind for f in timeline.findings if f.until == birthday}
    starting = {f.kind for f in timeline.findings if f.since == birthday}
    parts = [
        f"ends: {_kinds(ending - starting)}" if ending - starting else "",
        f"begins: {_kinds(starting - ending)}" if starting - ending else "",
    ]
    return "; ".join(p for p in parts if p) or "no finding ends or begins"


def _responsible(timeline: Timeline, day: Date) -> str | None:
    """The authority of the care-leaver status held on ``day``, if any."""
    held = sorted((f for f in timeline.at(day).findings if f.kind in STATUSES), key=lambda f: rank(f.kind))
    return next((f.by for f in held if f.by is not None), None)


def _birthdays(person: str, born: Date, timeline: Timeline, window: Window) -> Iterator[WorkItem]:
    for age in MILESTONES:
        birthday = calendar.birthday(born, age)
        if window.covers(birthday):
            by = _responsible(timeline, birthday - DAY) or _responsible(timeline, birthday)
            yield WorkItem(person, birthday, f"turns {age}", by, _changes(timeline, birthday))


def _still_owed(finding: Finding, window: Window) -> bool:
    """Whether the finding holds on some day of the window."""
    return finding.period.overlaps(window.period)


def _deadline_detail(finding: Finding) -> str:
    to = f", to {authority(finding.to)}" if finding.to else ""
    basis = finding.because[-1].text if finding.kind == "pathway_plan" and finding.because else ""
    since = f"owed since {day(finding.since)}"
    return f"{finding.citation}{to}; {basis or since}"


def _deadlines(
    person: str, timeline: Timeline, window: Window, kind: str, what: str, *, overdue: bool
) -> Iterator[WorkItem]:
    """Findings of ``kind`` whose ``due`` falls in the window while owed there; with ``overdue``, also
    those whose ``due`` has passed and that still hold on the date."""
    for finding in timeline.of_kind(kind):
        due = finding.due
        if due is None:
            continue
        if window.covers(due) and _still_owed(finding, window):
            label = f"{what} due" if overdue else what
        elif overdue and due < window.on and finding.holds_on(window.on):
            label = f"{what} overdue"
        else:
            continue
        yield WorkItem(person, due, label, finding.by, _deadline_detail(finding), due < window.on)


def _outstanding(person: str, timeline: Timeline, window: Window, kind: str, what: str) -> Iterator[WorkItem]:
    """Findings of ``kind`` holding on the date, dated from when they arose."""
    for finding in timeline.at(window.on).of_kind(kind):
        to = f", with {authority(finding.to)}" if finding.to else ""
        detail = f"{finding.citation}{to}; outstanding since {day(finding.since)}"
        yield WorkItem(person, finding.since, what, finding.by, detail, finding.since < window.on)


def select(
    items: Iterable[WorkItem], *, authority: str | None = None, overdue_since: Date | None = None
) -> tuple[list[WorkItem], int]:
    """The items of ``authority`` (all when None), leaving out overdue items dated before
    ``overdue_since``; and how many overdue items were left out so."""
    mine = [i for i in items if authority is None or i.authority == authority]
    kept = [i for i in mine if overdue_since is None or not i.overdue or i.date >= overdue_since]
    return kept, len(mine) - len(kept)


@frozen
class Selection:
    """The items of one authority on a date (``choose``), and how many overdue items were left out
    as dated before ``overdue_since``."""

    items: list[WorkItem]
    left_out: int
    overdue_since: Date
    authority: str | None


def choose(
    items: Iterable[WorkItem], on: Date, *, authority: str | None = None, overdue_since: Date | None = None
) -> Selection:
    """``select`` with the default the command and the server share: items overdue since before a year
    before ``on`` are left out unless ``overdue_since`` says otherwise."""
    since = overdue_since or calendar.add_months(on, -12)
    kept, left_out = select(items, authority=authority, overdue_since=since)
    return Selection(kept, left_out, since, authority)


def document(chosen: Selection, on: Date, days: int = DEFAULT_DAYS) -> dict[str, Any]:
    """The worklist document of a selection (``worklist --format json``)."""
    return to_dict(chosen.items, on, days, by=chosen.authority, overdue_since=chosen.overdue_since)


def render(
    items: Iterable[WorkItem],
    on: Date,
    days: int = DEFAULT_DAYS,
    *,
    left_out: int = 0,
    overdue_since: Date | None = None,
    by: str | None = None,
) -> str:
    """The worklist as a text table, one row per item, ending with one newline; a last line says how
    many overdue items ``select`` left out."""
    window = Window(on, days)
    rows = [[day(i.date), i.person, i.what, authority(i.authority), i.detail] for i in items]
    of = f" of {authority(by)}" if by else ""
    heading = f"Worklist{of} for the {days} days beginning with {day(on)} (to {day(window.last)})"
    body = table(["Date", "Person", "What", "Authority", "Detail"], rows) if rows else [INDENT + "Nothing falls due."]
    tail = []
    if left_out and overdue_since is not None:
        items_word = "item" if left_out == 1 else "items"
        tail = [
            "",
            f"{left_out} overdue {items_word} dated before {day(overdue_since)} left out (see --overdue-since).",
        ]
    return "\n".join([heading, "", *body, *tail]) + "\n"


def to_dict(
    items: Sequence[WorkItem],
    on: Date,
    days: int = DEFAULT_DAYS,
    *,
    by: str | None = None,
    overdue_since: Date | None = None,
) -> dict[str, Any]:
    """The worklist document (``leavingcare schema --output worklist``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "on": on.isoformat(),
        "days": days,
        "last": Window(on, days).last.isoformat(),
        "authority": by,
        "overdue_since": None if overdue_since is None else overdue_since.isoformat(),
        "items": [{**asdict(i), "date": i.date.isoformat()} for i in items],
    }


CSV_COLUMNS = ("person", "date", "what", "authority", "detail", "overdue")


def to_csv(items: Iterable[WorkItem]) -> str:
    """One CSV row per item, with a header; ``overdue`` is ``yes`` or ``no``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i in items:
        writer.writerow(
            [i.person, i.date.isoformat(), i.what, i.authority or "", i.detail, "yes" if i.overdue else "no"]
        )
    return buffer.getvalue()
