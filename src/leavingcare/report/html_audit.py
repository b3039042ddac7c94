"""The parts of the HTML report that make it an audit record: the events it was computed from (every
reason links to them), why the main duties that do not hold on the date do not (the explanation
``leavingcare explain`` gives, word for word), every period of the timeline as a table (the picture's
text alternative), the changes since an earlier view when asked, every provision cited with its whole
address, and the receipt.

The page meets WCAG 2.2 AA for text contrast (at least 4.5:1) and prints on A4 with every address whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Iterable, Sequence

from leavingcare.duties.findings import Concern, Finding, Timeline
from leavingcare.events.housing import Retracted
from leavingcare.history import History
from leavingcare.law import Citation
from leavingcare.provenance import Receipt
from leavingcare.report.changes import CAUSES, FIELD_NAMES, HEADINGS, field_value, item_line, view
from leavingcare.report.diff import Cause, ChangeKind, Diff, ordered
from leavingcare.report.explanation import explain
from leavingcare.report.receipt import question
from leavingcare.report.text import authority, day, grouped, last_day

Item = Finding | Concern

MAIN_DUTIES = (
    "personal_adviser",
    "pathway_plan",
    "keep_in_touch",
    "accommodation_and_maintenance",
    "education_training_assistance",
    "staying_put",
    "relief",
    "main_housing_duty",
)
"""The duties whose absence on the date the page explains ("why not")."""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def anchor(event: str) -> str:
    """The element id of an event's row: derived from its id, which may hold any printable character."""
    return "event-" + hashlib.sha256(event.encode("utf-8")).hexdigest()[:16]


def event_link(event: str) -> str:
    """An event id linking to its row in the events table."""
    return f'<a class="event-link" href="#{anchor(event)}"><code>{esc(event)}</code></a>'


def due_cell(item: Item, on: dt.date) -> str:
    """The due date, drawn apart when it has passed while the finding still holds (overdue) and when it
    is still ahead (due)."""
    if item.due is None:
        return '<td class="date">-</td>'
    if item.due < on and item.holds_on(on):
        return f'<td class="date due overdue"><strong>{esc(day(item.due))}</strong> <em>overdue</em></td>'
    if item.due >= on:
        days = (item.due - on).days
        ahead = "today" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"
        return f'<td class="date due upcoming">{esc(day(item.due))} <span class="ahead">({ahead})</span></td>'
    return f'<td class="date">{esc(day(item.due))}</td>'


# the events ----------------------------------------------------------------------------------------


def events_section(view_of: History) -> str:
    """Every event of the history as known, in recording order: id, date, type, when and by whom it was
    recorded, and what retracts it."""
    retracted_by = {e.event.target: e.id for e in view_of.envelopes if isinstance(e.event, Retracted)}
    rows = []
    for envelope in view_of.envelopes:
        event = envelope.event
        note = ""
        if envelope.id in retracted_by:
            note = f"retracted by {event_link(retracted_by[envelope.id])}"
        elif isinstance(event, Retracted):
            note = f"retracts {event_link(event.target)}"
        recorded = "-" if envelope.recorded_at is None else envelope.recorded_at.isoformat()
        rows.append(
            f'<tr id="{anchor(envelope.id)}"><td><code>{esc(envelope.id)}</code></td>'
            f'<td class="date">{esc(day(event.on))}</td><td>{esc(type(event).__name__)}</td>'
            f'<td class="date">{esc(recorded)}</td><td>{esc(envelope.recorded_by or "-")}</td><td>{note}</td></tr>'
        )
    head = "".join(f"<th>{h}</th>" for h in ("Id", "Date", "Type", "Recorded at", "Recorded by", "Note"))
    return (
        '<section id="events"><h2>Events</h2>'
        '<p class="note">What the page was computed from: every event recorded by the time it speaks of '
        '(recorded at: "-" when known from the start).</p>'
        f'<table class="events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


# why not -------------------------------------------------------------------------------------------


def why_not_section(history: History, on: dt.date, known_at: dt.datetime | None, held: Iterable[str]) -> str:
    """For each main duty not owed on the date, the explanation ``leavingcare explain`` gives."""
    holding = set(held)
    parts = []
    for kind in MAIN_DUTIES:
        if kind in holding:
            continue
        explanation = explain(history, on, kind, known_at=known_at)
        parts.append(
            f'<article class="why-not" data-kind="{esc(kind)}"><h3><code>{esc(kind)}</code></h3>'
            f'<pre class="explanation">{esc(explanation.text.rstrip())}</pre></article>'
        )
    if not parts:
        return ""
    return (
        '<section id="why-not"><h2>Why not</h2><p class="note">The main duties not owed on this date, and why '
        "(as <code>leavingcare explain</code> gives it).</p>" + "".join(parts) + "</section>"
    )


# the picture's text alternative ------------------------------------------------------------------------


def periods_section(timeline: Timeline, on: dt.date) -> str:
    """Every period the picture draws, as a table: the picture's text alternative."""
    head = "".join(f"<th>{h}</th>" for h in ("Kind", "By", "Since", "Last day", "Due", "Provision", "On the date"))
    rows = []
    items: list[tuple[Item, tuple[str, ...]]] = [
        *grouped(sorted(timeline.findings, key=lambda f: (f.since, f.kind))),
        *grouped(sorted(timeline.concerns, key=lambda c: (c.since, c.code))),
    ]
    for item, _ in items:
        what = f"concern {item.code} ({item.kind})" if isinstance(item, Concern) else item.kind
        rows.append(
            f"<tr><td><code>{esc(what)}</code></td><td>{esc(authority(item.by))}</td>"
            f'<td class="date">{esc(day(item.since))}</td><td class="date">{esc(last_day(item.until))}</td>'
            f"{due_cell(item, on)}<td>{esc(item.citation)}</td><td>{'holds' if item.holds_on(on) else ''}</td></tr>"
        )
    return (
        '<section id="periods"><h2>Periods</h2><p class="note">Every period the timeline draws, as a table.</p>'
        f'<table class="periods"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def svg_title(ident: str, on: dt.date, count: int) -> str:
    """The picture's accessible name and description (its text alternative is the table of periods)."""
    name = "Timeline of findings and concerns" if ident == "timeline" else "Close up of the timeline"
    return (
        f'<title id="{ident}-title">{name}, assessed on {esc(day(on))}</title>'
        f'<desc id="{ident}-desc">One bar for each of {count} periods, by kind, with a marker on each event date '
        "and on the date assessed. The same periods are listed in the table Periods below.</desc>"
    )


# changes since ------------------------------------------------------------------------------------


def changes_section(result: Diff) -> str:
    """The findings and concerns that appeared, ended or changed since an earlier view, with the events
    recorded or retracted in between that caused each."""
    lines = [
        '<section id="changes"><h2>Changes since</h2>',
        f'<p class="note">From {esc(view(result.before))} to {esc(view(result.after))}.</p>',
    ]
    if result.events:
        events = "".join(
            f"<li>{esc(e.change.value)} {event_link(e.id)} {esc(e.describe()[len(e.id) :])}</li>" for e in result.events
        )
        lines.append(f'<h3>Events in between</h3><ul class="events-between">{events}</ul>')
    found = ordered(result.changes)
    if not found:
        lines.append('<p class="empty">No finding or concern appeared, ended or changed.</p>')
    for kind in ChangeKind:
        of_kind = [c for c in found if c.change is kind]
        if not of_kind:
            continue
        entries = []
        for change in of_kind:
            detail = ""
            if change.before is not None and change.after is not None:
                detail = "".join(
                    f"<li>{esc(FIELD_NAMES.get(name, name))}: {esc(field_value(change.before, name))} &#8594; "
                    f"{esc(field_value(change.after, name))}</li>"
                    for name in change.fields
                )
            cause = (
                "nothing was recorded in between; the date moved"
                if change.cause is Cause.DATES
                else f"because ({esc(CAUSES[change.cause])}): "
                + ", ".join(f"{esc(e.change.value)} {event_link(e.id)}" for e in change.events)
            )
            entries.append(f"<li>{esc(item_line(change.item))}<ul>{detail}<li>{cause}</li></ul></li>")
        lines.append(
            f'<h3>{esc(HEADINGS[kind])}</h3><ul class="changes" data-change="{kind.value}">{"".join(entries)}</ul>'
        )
    lines.append("</section>")
    return "".join(lines)


# provisions and the receipt ---------------------------------------------------------------------------


def provisions_section(citations: Iterable[Citation]) -> str:
    """Every provision the page cites, with its whole address (the printed page keeps them whole)."""
    unique = sorted(set(citations), key=lambda c: (c.instrument, c.provision))
    items = "".join(
        f'<li>{esc(c)}<br><a class="url" href="{esc(c.url)}">{esc(c.url)}</a></li>' for c in unique if c.url
    )
    return f'<section id="provisions"><h2>Provisions cited</h2><ul class="provisions">{items}</ul></section>'


def receipt_footer(receipt: Receipt | None) -> str:
    """The receipt: what the page was computed from, and when."""
    if receipt is None:
        return ""
    rows: Sequence[tuple[str, str]] = (
        ("Answer", question(receipt)),
        ("Library", f"leavingcare {receipt.library}, source {receipt.source}"),
        ("Law table", receipt.law),
        ("Authorities table", receipt.authorities),
        ("History", f"{receipt.history} ({len(receipt.events)} events)"),
        ("Made at", receipt.made_at.isoformat()),
    )
    body = "".join(f"<dt>{esc(k)}</dt><dd><code>{esc(v)}</code></dd>" for k, v in rows)
    return (
        '<footer class="receipt"><h2>Receipt</h2><p>SHA-256 digests of what this page was computed from; '
        "<code>leavingcare verify</code> recomputes them from the JSON answer.</p>"
        f'<dl class="receipt">{body}</dl>'
        "<p>A period runs from its first day to its last day inclusive. Citations link to legislation.gov.uk "
        "or the guidance cited.</p></footer>"
    )


CSS = """
.note { color: #4a5568; margin: 0 0 8px; }
table.events code, a.event-link code { font-size: 0.92em; }
a.event-link { color: #1a4f8a; }
td.due.overdue { color: #9b2c2c; }
td.due.upcoming .ahead { color: #4a5568; }
svg .due.upcoming { fill: #fff; stroke: #1a202c; stroke-width: 1.2; }
svg .due.overdue { fill: #9b2c2c; }
pre.explanation { white-space: pre-wrap; font-size: 13px; background: #f7fafc; color: #1a202c; padding: 8px 10px;
  border-left: 3px solid #cbd5e0; margin: 4px 0 12px; }
article.why-not h3 { font-size: 15px; margin: 14px 0 2px; }
ul.provisions { padding-left: 20px; }
ul.provisions a.url { color: #1a4f8a; white-space: nowrap; font-size: 13px; }
footer.receipt { margin-top: 32px; font-size: 13px; color: #2d3748; }
footer.receipt h2 { font-size: 16px; }
dl.receipt { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 10px; }
dl.receipt dt { font-weight: 600; }
dl.receipt dd { margin: 0; overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11px; }
  svg.timeline { break-inside: avoid; }
  table { font-size: 10.5px; }
  tbody, tr { break-inside: avoid; }
  ul.provisions a.url { font-size: 10px; }
}
"""
