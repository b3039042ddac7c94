"""The timeline picture of the HTML report: inline SVG with one row per finding kind, one bar per finding
period, a marker on each event date and on the date assessed, the 14th to 25th birthdays on the axis, and
concerns in red below; and the same picture close up on the months either side of the date.

Findings that differ only in ``to`` (a local connection to each district of a county) share one bar, as
they share one row in the text views. An open-ended period runs to the right edge and ends in an arrow;
in the close-up, a period cut at either edge ends in a paler arrow there.
"""

from __future__ import annotations

import calendar as months
import datetime as dt
import html
from collections.abc import Iterable, Sequence

from attrs import frozen

from leavingcare import calendar, geography
from leavingcare.duties.findings import Concern, Finding, Timeline
from leavingcare.events import care, housing
from leavingcare.events.codec import Envelope
from leavingcare.history import History
from leavingcare.periods import Period
from leavingcare.report import html_audit
from leavingcare.report.kinds import DUTIES, STATUSES, rank
from leavingcare.report.text import authority, day, grouped, last_day, ordered

Date = dt.date
Item = Finding | Concern


MILESTONES = (14, 16, 18, 21, 25)
NEAR_MONTHS = 6
WIDTH = 1200
LABEL = 260
RIGHT = 1170
TOP = 64
LANE = 18
BAR = 12
ROW_GAP = 6
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Helvetica Neue", Arial, sans-serif'

CHILDRENS = frozenset(DUTIES[: DUTIES.index("duty_to_refer")])
COLOURS = {"status": "#2b6cb0", "childrens": "#276749", "housing": "#9c4221", "about": "#6b46c1"}
CONCERN_COLOUR = "#c53030"
GROUP_NAMES = {
    "status": "care-leaver status",
    "childrens": "children's services duty",
    "housing": "housing duty",
    "about": "determination",
}


def esc(value: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(value), quote=True)


def attributes(**values: object) -> str:
    """``key="value"`` pairs, underscores in keys written as hyphens; None values left out."""
    return " ".join(f'{k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in values.items() if v is not None)


def _num(value: float) -> str:
    return f"{value:.1f}"


def group(kind: str) -> str:
    """The colour group of a finding kind."""
    if kind in STATUSES:
        return "status"
    if kind in CHILDRENS:
        return "childrens"
    return "housing" if kind in DUTIES else "about"


# The picture ---------------------------------------------------------------------------------------


@frozen
class Axis:
    """Dates ``start`` to ``end`` mapped onto the plot's x range, ticked each year or each month."""

    start: Date
    end: Date
    monthly: bool = False

    def x(self, day: Date) -> float:
        span = max((self.end - self.start).days, 1)
        return LABEL + (RIGHT - LABEL) * (day - self.start).days / span

    def covers(self, day: Date) -> bool:
        return self.start <= day <= self.end

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def ticks(self) -> list[tuple[Date, str]]:
        """Each 1 January (every other on an axis of more than 16 years), or each first of the month with
        its name (and the year in January and at the start)."""
        if self.monthly:
            firsts = [calendar.add_months(self.start, n) for n in range(2 * NEAR_MONTHS + 2)]
            return [
                (d, months.month_abbr[d.month] + (f" {d.year}" if d.month == 1 or d == self.start else ""))
                for d in firsts
                if d <= self.end
            ]
        step = 1 if self.end.year - self.start.year <= 16 else 2
        return [(Date(y, 1, 1), str(y)) for y in range(self.start.year, self.end.year + 1, step)]


@frozen
class Row:
    """One row of the picture: a finding kind or a concern code, its items and the lane of each."""

    label: str
    title: str
    items: tuple[tuple[Item, tuple[str, ...]], ...]
    lanes: tuple[int, ...]

    @property
    def height(self) -> int:
        return (max(self.lanes, default=0) + 1) * LANE + ROW_GAP


def visible_events(history: History) -> list[Envelope]:
    """The events that stand (neither retracted nor retractions), birth left out: birth is the origin of
    the age scale, named in the heading."""
    retracted = {e.event.target for e in history.envelopes if isinstance(e.event, housing.Retracted)}
    return [
        e for e in history.envelopes if e.id not in retracted and not isinstance(e.event, housing.Retracted | care.Born)
    ]


def _axis(born: Date, on: Date, timeline: Timeline, events: Sequence[Envelope]) -> Axis:
    """From 1 January of the earliest of the 14th birthday, the date, the first event and the first
    finding, to 1 January after the latest of the 25th birthday, the date, the last event and the last
    end of a period."""
    items: tuple[Item, ...] = (*timeline.findings, *timeline.concerns)
    firsts = [calendar.birthday(born, 14), on, *(e.event.on for e in events), *(f.since for f in items)]
    lasts = [calendar.birthday(born, 25), on, *(e.event.on for e in events)]
    lasts += [f.until for f in items if f.until is not None]
    last = max(lasts).year
    return Axis(Date(min(firsts).year, 1, 1), Date(last + 1, 1, 1) if last < dt.MAXYEAR else Date.max)


def near_axis(on: Date) -> Axis:
    """From the first of the month six months before the date to the first of the month after six months on."""
    since = calendar.add_months(on, -NEAR_MONTHS).replace(day=1)
    return Axis(since, calendar.add_months(calendar.add_months(on, NEAR_MONTHS).replace(day=1), 1), monthly=True)


def _lanes(items: Sequence[Item]) -> tuple[int, ...]:
    """The lane of each item (sorted by start) so that items in one lane never overlap."""
    ends: list[Date | None] = []
    out: list[int] = []
    for item in items:
        lane = next((i for i, end in enumerate(ends) if end is not None and end <= item.since), len(ends))
        if lane == len(ends):
            ends.append(item.until)
        else:
            ends[lane] = item.until
        out.append(lane)
    return tuple(out)


def _row(label: str, title: str, items: Iterable[tuple[Item, tuple[str, ...]]]) -> Row:
    ordered_items = tuple(sorted(items, key=lambda pair: pair[0].period))
    return Row(label, title, ordered_items, _lanes([item for item, _ in ordered_items]))


def rows(timeline: Timeline, within: Period) -> tuple[list[Row], list[Row]]:
    """The finding rows in reading order, then one row per concern code, of what holds ``within``."""
    findings = [pair for pair in grouped(ordered(timeline.findings)) if (pair[0].period & within) is not None]
    kinds = sorted({f.kind for f, _ in findings}, key=rank)
    finding_rows = [
        _row(kind.replace("_", " "), kind, [pair for pair in findings if pair[0].kind == kind]) for kind in kinds
    ]
    concerns = [
        pair
        for pair in grouped(sorted(timeline.concerns, key=lambda c: (c.since, c.code)))
        if (pair[0].period & within) is not None
    ]
    codes = list(dict.fromkeys(c.code for c, _ in concerns))
    concern_rows = [
        _row(code.replace("_", " "), f"concern {code}", [pair for pair in concerns if pair[0].code == code])
        for code in codes
    ]
    return finding_rows, concern_rows


def _short_name(code: str | None) -> str:
    found = geography.lookup(code) if code else None
    return found.name if found is not None else ""


def _tooltip(item: Item, tos: Sequence[str]) -> str:
    head = f"concern {item.code} ({item.kind})" if isinstance(item, Concern) else item.kind
    parts = [head, f"{day(item.since)} to {last_day(item.until)}"]
    if item.by:
        parts.append(f"by {authority(item.by)}")
    if tos:
        parts.append("to " + ", ".join(authority(t) for t in tos))
    if item.due:
        parts.append(f"due {day(item.due)}")
    parts.append(str(item.citation))
    return "\n".join(parts)


def _arrow(x: float, y: float, direction: int, colour: str, css: str, title: str) -> str:
    """A small triangle pointing right (``direction`` 1) or left (-1) from ``x``, beside a bar at ``y``."""
    points = f"{_num(x)},{_num(y - 2)} {_num(x + 8 * direction)},{_num(y + BAR / 2)} {_num(x)},{_num(y + BAR + 2)}"
    return f'<polygon class="{css}" points="{points}" fill="{colour}"><title>{esc(title)}</title></polygon>'


def _cut(item: Item, x0: float, width: float, y: float, axis: Axis, colour: str) -> list[str]:
    """Arrows where the bar runs on past the axis: ``open`` when it has no end, ``continues`` at a cut."""
    out = []
    if item.since < axis.start:
        out.append(_arrow(x0, y, -1, colour, "continues", f"since {day(item.since)}"))
    if item.until is None:
        out.append(_arrow(x0 + width, y, 1, colour, "open", "no end"))
    elif item.until > axis.end:
        out.append(_arrow(x0 + width, y, 1, colour, "continues", f"last day {last_day(item.until)}"))
    return out


def _bar(item: Item, tos: Sequence[str], y: float, axis: Axis, on: Date) -> list[str]:
    """The bar of one period, arrows where it runs past the axis, a tick at its due date and, where it
    fits, the name of the authority."""
    x0 = axis.x(max(item.since, axis.start))
    x1 = axis.x(min(item.until or axis.end, axis.end))
    width = max(x1 - x0, 2.0)
    concern = isinstance(item, Concern)
    colour = CONCERN_COLOUR if concern else COLOURS[group(item.kind)]
    holds = item.holds_on(on)
    data = {
        "class_": "concern" if concern else "bar",
        "data_kind": item.kind,
        "data_code": item.code if isinstance(item, Concern) else None,
        "data_since": item.since.isoformat(),
        "data_until": item.until.isoformat() if item.until else "open",
        "data_by": item.by,
        "data_holds": "yes" if holds else "no",
    }
    shape = attributes(x=_num(x0), y=_num(y), width=_num(width), height=BAR, rx=2, fill=colour)
    opacity = "" if holds else ' fill-opacity="0.5"'
    out = [f"<rect {attributes(**data)} {shape}{opacity}><title>{esc(_tooltip(item, tos))}</title></rect>"]
    out += _cut(item, x0, width, y, axis, colour)
    if item.due is not None and axis.covers(item.due):
        out.append(_due_mark(item.due, y, axis, overdue=item.due < on and holds))
    name = _short_name(item.by)
    if name and len(name) * 6.2 + 8 < width:
        css = "on-bar" if holds else "on-bar faded"  # dark text on a paler bar: contrast at least 4.5:1
        out.append(f'<text class="{css}" x="{_num(x0 + 4)}" y="{_num(y + BAR - 2.5)}">{esc(name)}</text>')
    return out


def _due_mark(due: Date, y: float, axis: Axis, *, overdue: bool) -> str:
    """A triangle over the bar at its due date: filled dark red when overdue on the date, hollow when due."""
    x = axis.x(due)
    path = f"M{_num(x - 4)},{_num(y - 5)} L{_num(x + 4)},{_num(y - 5)} L{_num(x)},{_num(y + 1)} Z"
    css, said = ("due overdue", "overdue since") if overdue else ("due upcoming", "due")
    return f'<path class="{css}" data-due="{due.isoformat()}" d="{path}"><title>{said} {esc(day(due))}</title></path>'


def _row_svg(row: Row, index: int, y: float, axis: Axis, on: Date) -> tuple[list[str], list[str]]:
    """The row's stripe (drawn behind the grid) and its label and bars (drawn in front)."""
    stripe = "#f4f6f8" if index % 2 == 0 else "#ffffff"
    back = [f'<rect class="row" x="0" y="{_num(y)}" width="{WIDTH}" height="{row.height}" fill="{stripe}"/>']
    front = [
        f'<text class="label" x="{LABEL - 14}" y="{_num(y + ROW_GAP / 2 + LANE / 2 + 4)}" text-anchor="end">'
        f"<title>{esc(row.title)}</title>{esc(row.label)}</text>"
    ]
    for (item, tos), lane in zip(row.items, row.lanes, strict=True):
        front += _bar(item, tos, y + ROW_GAP / 2 + lane * LANE + (LANE - BAR) / 2, axis, on)
    return back, front


def _ticks(axis: Axis, bottom: float) -> list[str]:
    """A faint line at each tick of the axis, labelled below the plot."""
    out = []
    for tick, label in axis.ticks():
        x = _num(axis.x(tick))
        out.append(f'<line class="year" x1="{x}" x2="{x}" y1="{TOP - 6}" y2="{_num(bottom)}"/>')
        out.append(f'<text class="year-label" x="{x}" y="{_num(bottom + 16)}" text-anchor="middle">{esc(label)}</text>')
    return out


def _milestones(born: Date, axis: Axis, bottom: float) -> list[str]:
    out = []
    for years in MILESTONES:
        birthday = calendar.birthday(born, years)
        if not axis.covers(birthday):
            continue
        x = _num(axis.x(birthday))
        title = f"<title>aged {years} from {esc(day(birthday))}</title>"
        out.append(
            f'<line class="milestone" data-age="{years}" data-on="{birthday.isoformat()}" '
            f'x1="{x}" x2="{x}" y1="12" y2="{_num(bottom)}">{title}</line>'
        )
        out.append(f'<text class="milestone-label" x="{x}" y="10" text-anchor="middle">{title}age {years}</text>')
    return out


def _events(events: Sequence[Envelope], axis: Axis, bottom: float) -> list[str]:
    """One diamond per event date on the events lane, with a faint line down through the rows."""
    by_date: dict[Date, list[Envelope]] = {}
    for envelope in events:
        if axis.covers(envelope.event.on):
            by_date.setdefault(envelope.event.on, []).append(envelope)
    lines: list[str] = []
    marks: list[str] = []
    y = TOP - 12
    for on, envelopes in sorted(by_date.items()):
        x = axis.x(on)
        names = "\n".join(f"{type(e.event).__name__} ({e.id})" for e in envelopes)
        lines.append(f'<line class="event-line" x1="{_num(x)}" x2="{_num(x)}" y1="{y}" y2="{_num(bottom)}"/>')
        path = f"M{_num(x)},{y - 6} L{_num(x + 5)},{y} L{_num(x)},{y + 6} L{_num(x - 5)},{y} Z"
        ids = " ".join(e.id for e in envelopes)
        marks.append(
            f'<path {attributes(class_="event", data_on=on.isoformat(), data_events=ids)} d="{path}">'
            f"<title>{esc(day(on))}\n{esc(names)}</title></path>"
        )
    return lines + marks


def _assessed(on: Date, axis: Axis, bottom: float) -> list[str]:
    x = axis.x(on)
    anchor = "end" if x > RIGHT - 120 else "start"
    dx = -4 if anchor == "end" else 4
    return [
        f'<line class="assessed" data-on="{on.isoformat()}" x1="{_num(x)}" x2="{_num(x)}" y1="16" '
        f'y2="{_num(bottom)}"><title>assessed on {esc(day(on))}</title></line>',
        f'<text class="assessed-label" x="{_num(x + dx)}" y="28" text-anchor="{anchor}">assessed {esc(day(on))}</text>',
    ]


def _lane_label(text: str, y: float) -> str:
    return f'<text class="lane-label" x="{LABEL - 14}" y="{_num(y)}" text-anchor="end">{esc(text)}</text>'


def whole_axis(history: History, timeline: Timeline, on: Date) -> Axis:
    """The axis of the whole picture: every event, every period, the 14th to 25th birthdays, the date."""
    return _axis(history.facts.born, on, timeline, visible_events(history))


def picture(history: History, timeline: Timeline, on: Date, axis: Axis, ident: str) -> str:
    """The findings and concerns over ``axis`` as an inline SVG element with id ``ident``."""
    born = history.facts.born
    events = visible_events(history)
    finding_rows, concern_rows = rows(timeline, axis.period)
    stripes: list[str] = []
    bars: list[str] = [_lane_label("events", TOP - 8)]
    y = float(TOP)
    for heading, group_rows in (("", finding_rows), ("concerns", concern_rows)):
        if heading and group_rows:
            bars.append(_lane_label(heading, y + 12))
            y += 16
        for index, row in enumerate(group_rows):
            back, front = _row_svg(row, index, y, axis, on)
            stripes += back
            bars += front
            y += row.height
    layers = [
        *stripes,
        *_ticks(axis, y),
        *_milestones(born, axis, y),
        *bars,
        *_events(events, axis, y),
        *_assessed(on, axis, y),
    ]
    height = _num(y + 26)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" class="timeline" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{ident}-title" '
            f'aria-describedby="{ident}-desc">',
            html_audit.svg_title(ident, on, sum(len(row.items) for row in (*finding_rows, *concern_rows))),
            *layers,
            "</svg>",
        ]
    )


# The findings on the date --------------------------------------------------------------------------
