"""One person on one date as a single self-contained HTML page, for the caseworker.

The page holds a timeline picture (``report.picture``: inline SVG, one row per finding kind, one bar per
finding period), the same picture close up on the six months either side of the date (housing duties run for
days, not years), then the findings that hold on the date with their citations linked to legislation.gov.uk
and their reasons with event ids, then the concerns. Nothing is fetched: CSS and SVG are inline, fonts are the
reader's own and there is no script. Every text is escaped. The person is named by their id only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from leavingcare import api
from leavingcare.duties.evaluation import Evaluation
from leavingcare.duties.findings import Concern, Finding, Reason, Timeline
from leavingcare.history import History
from leavingcare.report import html_audit
from leavingcare.report.diff import between
from leavingcare.report.kinds import DETERMINATIONS, STATUSES
from leavingcare.report.picture import (
    COLOURS,
    CONCERN_COLOUR,
    FONT,
    GROUP_NAMES,
    LABEL,
    RIGHT,
    Item,
    attributes,
    esc,
    group,
    near_axis,
    picture,
    whole_axis,
)
from leavingcare.report.text import age, authority, basis, day, grouped, last_day, ordered

__all__ = ["LABEL", "RIGHT", "concerns_section", "findings_section", "render_report"]

Date = dt.date


def _citation(item: Item) -> str:
    text = esc(item.citation)
    url = item.citation.url
    if url.startswith(("https://", "http://")):
        return f'<a class="citation" href="{esc(url)}">{text}</a>'
    return text


def _reasons(because: Iterable[Reason]) -> str:
    items = []
    for reason in because:
        ids = ", ".join(html_audit.event_link(i) for i in dict.fromkeys(reason.events))
        events = f' <span class="ids">events: {ids}</span>' if ids else ""
        items.append(f"<li>{esc(reason.text)}{events}</li>")
    return f'<ul class="reasons">{"".join(items)}</ul>'


def _detail_row(item: Item, tos: Sequence[str], columns: int) -> str:
    to = f'<p class="to">To {esc(", ".join(authority(t) for t in tos))}</p>' if tos else ""
    return f'<tr class="why"><td colspan="{columns}">{to}{_reasons(item.because)}</td></tr>'


FINDING_HEADERS = ("Kind", "By", "Since", "Last day", "Due", "Provision")
CONCERN_HEADERS = ("Code", "Kind", "By", "Since", "Last day", "Due", "Provision")


def _cells(item: Item, on: Date) -> list[str]:
    return [
        f'<td class="kind"><span class="swatch {group(item.kind)}"></span><code>{esc(item.kind)}</code></td>',
        f"<td>{esc(authority(item.by))}</td>",
        f'<td class="date">{esc(day(item.since))}</td>',
        f'<td class="date">{esc(last_day(item.until))}</td>',
        html_audit.due_cell(item, on),
        f"<td>{_citation(item)}</td>",
    ]


def _table(
    css: str, headers: Sequence[str], items: Sequence[tuple[Item, tuple[str, ...]]], on: Date, lead: Sequence[str] = ()
) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    bodies = []
    for index, (item, tos) in enumerate(items):
        first = lead[index] if lead else ""
        row = f"<tr>{first}{''.join(_cells(item, on))}</tr>"
        bodies.append(f"<tbody {attributes(data_kind=item.kind)}>{row}{_detail_row(item, tos, len(headers))}</tbody>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead>{"".join(bodies)}</table>'


def findings_section(title: str, findings: Sequence[Finding], empty: str, on: Date) -> str:
    if not findings:
        return f'<section><h2>{esc(title)}</h2><p class="empty">{esc(empty)}</p></section>'
    items = grouped(ordered(findings))
    return f"<section><h2>{esc(title)}</h2>{_table('findings', FINDING_HEADERS, items, on)}</section>"


def concerns_section(concerns: Sequence[Concern], on: Date) -> str:
    title = "Concerns"
    if not concerns:
        return f'<section><h2>{title}</h2><p class="empty">None on this date.</p></section>'
    items = grouped(sorted(concerns, key=lambda c: (c.since, c.code)))
    lead = [f'<td class="code"><strong>{esc(c.code)}</strong></td>' for c, _ in items]
    return f"<section><h2>{title}</h2>{_table('concerns', CONCERN_HEADERS, items, on, lead)}</section>"


# The page ------------------------------------------------------------------------------------------

CSS = f"""
:root {{ color-scheme: light; }}
body {{ font-family: {FONT}; font-size: 15px; line-height: 1.45; color: #1a202c; background: #fff;
  max-width: 1240px; margin: 0 auto; padding: 16px 20px 40px; }}
h1 {{ font-size: 24px; margin: 8px 0 4px; }}
h2 {{ font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #cbd5e0; padding-bottom: 4px; }}
.meta {{ color: #4a5568; margin: 0; }}
svg.timeline {{ width: 100%; height: auto; display: block; font-family: {FONT}; }}
svg .label {{ font-size: 12.5px; fill: #1a202c; }}
svg .lane-label {{ font-size: 11px; fill: #4a5568; font-style: italic; }}
svg .on-bar {{ font-size: 10px; fill: #fff; pointer-events: none; }}
svg .on-bar.faded {{ fill: #1a202c; }}
svg .year {{ stroke: #e2e8f0; stroke-width: 1; }}
svg .year-label {{ font-size: 11px; fill: #4a5568; }}
svg .milestone {{ stroke: #4a5568; stroke-width: 1; stroke-dasharray: 4 3; }}
svg .milestone-label {{ font-size: 11px; font-weight: 600; fill: #2d3748; }}
svg .event-line {{ stroke: #a0aec0; stroke-width: 0.6; stroke-dasharray: 1 3; }}
svg .event {{ fill: #2d3748; }}
svg .due {{ fill: #1a202c; }}
svg .assessed {{ stroke: #e53e3e; stroke-width: 2; }}
svg .assessed-label {{ font-size: 12px; font-weight: 600; fill: #c53030; }}
svg rect.bar, svg rect.concern {{ stroke: #fff; stroke-width: 1; }}
svg polygon.continues {{ fill-opacity: 0.45; }}
.legend {{ font-size: 13px; color: #4a5568; margin: 6px 0 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }}
.swatch {{ display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin: 0 6px 0 0;
  vertical-align: baseline; }}
td.kind, td.date, td.code {{ white-space: nowrap; }}
.swatch.status {{ background: {COLOURS["status"]}; }}
.swatch.childrens {{ background: {COLOURS["childrens"]}; }}
.swatch.housing {{ background: {COLOURS["housing"]}; }}
.swatch.about {{ background: {COLOURS["about"]}; }}
.swatch.concern-key {{ background: {CONCERN_COLOUR}; }}
.swatch.faded {{ background: {COLOURS["childrens"]}; opacity: 0.5; }}
.swatch.assessed-key {{ background: #e53e3e; width: 3px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
th {{ text-align: left; background: #edf2f7; padding: 6px 8px; font-weight: 600; }}
td {{ padding: 6px 8px; vertical-align: top; }}
tbody {{ border-top: 1px solid #cbd5e0; }}
tr.why td {{ padding-top: 0; color: #2d3748; }}
ul.reasons {{ margin: 0; padding-left: 20px; }}
.ids {{ color: #4a5568; font-size: 12.5px; }}
.to {{ margin: 0 0 2px; }}
table.concerns td.code {{ color: #c53030; }}
a.citation {{ color: #2b6cb0; }}
code {{ font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }}
.empty {{ color: #4a5568; font-style: italic; }}
@media print {{ body {{ max-width: none; padding: 0; }} }}
"""
CSS += html_audit.CSS

LEGEND = (
    '<p class="legend">'
    + "".join(f'<span><span class="swatch {k}"></span>{esc(v)}</span>' for k, v in GROUP_NAMES.items())
    + '<span><span class="swatch concern-key"></span>concern</span>'
    + '<span><span class="swatch faded"></span>does not hold on the date (paler)</span>'
    + '<span><span class="swatch assessed-key"></span>date assessed</span>'
    + "<span>&#9670; event &#160; &#9661; due &#160; &#9660; overdue &#160; &#9654; no end &#160; "
    + "pale &#9664; &#9654; runs on past the "
    + "close-up &#160; dashed: birthdays</span>"
    + "</p>"
)


def _close_up(history: History, timeline: Timeline, on: Date) -> str:
    """The picture over the months either side of the date, when anything holds then."""
    axis = near_axis(on)
    items: tuple[Item, ...] = (*timeline.findings, *timeline.concerns)
    if all((item.period & axis.period) is None for item in items):
        return ""
    last = axis.end - dt.timedelta(days=1)
    return (
        f'<section class="picture"><h2>Close up: {esc(day(axis.start))} to {esc(day(last))}</h2>'
        f"{picture(history, timeline, on, axis, 'near')}</section>"
    )


def _heading(history: History, on: Date, known_at: dt.datetime | None, person: str | None) -> str:
    born = history.facts.born
    who = f"Person <strong>{esc(person)}</strong>" if person else "Person not named"
    return (
        f"<header><h1>Leaving-care duties on {esc(day(on))}</h1>"
        f'<p class="meta">{who} · born {esc(day(born))}{esc(age(born, on))} · {esc(basis(known_at))}</p></header>'
    )


def render_report(
    history: History,
    on: Date,
    *,
    known_at: dt.datetime | None = None,
    person: str | None = None,
    evaluation: Evaluation | None = None,
    changes_since: dt.datetime | None = None,
) -> str:
    """The whole page for ``person`` (an id, never a name) on ``on``, from the events known at ``known_at``
    (``evaluation``: the history's evaluation at ``known_at`` when the caller has it already); with
    ``changes_since``, what changed on the date since what was known then."""
    view = history.known_at(known_at)
    timeline = (evaluation or api.evaluate(history, known_at=known_at)).timeline
    held = timeline.at(on)
    about = STATUSES + DETERMINATIONS
    statuses = [f for f in held.findings if f.kind in about]
    duties = [f for f in held.findings if f.kind not in about]
    title = f"Leaving-care duties on {day(on)}" + (f" for {person}" if person else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        _heading(view, on, known_at, person),
        '<section class="picture"><h2>Timeline</h2>',
        picture(view, timeline, on, whole_axis(view, timeline, on), "timeline"),
        LEGEND,
        "</section>",
        _close_up(view, timeline, on),
        findings_section(f"Status on {day(on)}", statuses, "No care-leaver status on this date.", on),
        findings_section(f"Owed on {day(on)}", duties, "Nothing is owed on this date.", on),
        concerns_section(list(held.concerns), on),
        html_audit.why_not_section(history, on, known_at, (f.kind for f in duties)),
        html_audit.changes_section(between(history, on, known_at=(changes_since, known_at))) if changes_since else "",
        html_audit.periods_section(timeline, on),
        html_audit.events_section(view),
        html_audit.provisions_section(
            [*(f.citation for f in timeline.findings), *(c.citation for c in timeline.concerns)]
        ),
        html_audit.receipt_footer(held.receipt),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
