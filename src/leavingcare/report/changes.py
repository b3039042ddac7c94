"""A diff in words: the events in between, then each finding or concern that appeared, ended or changed
with the events that caused it (``leavingcare diff``, and ``verify`` when answers differ)."""

from __future__ import annotations

import datetime as dt
import textwrap

from leavingcare.duties.findings import Assessment, Concern
from leavingcare.report.diff import Cause, Change, ChangeKind, Diff, EventChange, Item, field_of, ordered
from leavingcare.report.text import INDENT, WIDTH, authority, day, last_day

CAUSES = {
    Cause.NAMED: "named by its reasons",
    Cause.ALONE: "recording or retracting it alone makes this change",
    Cause.IN_BETWEEN: "no one event alone makes it: every event in between",
}
FIELD_NAMES = {"by": "authority", "until": "last day", "citation": "provision"}
HEADINGS = {ChangeKind.APPEARED: "Appeared", ChangeKind.ENDED: "Ended", ChangeKind.CHANGED: "Changed"}


def view(assessment: Assessment) -> str:
    known = "everything recorded" if assessment.known_at is None else f"known at {assessment.known_at.isoformat()}"
    return f"on {assessment.on.isoformat()}, {known}"


def item_line(item: Item) -> str:
    """One finding or concern on one line: what, by whom, its period, due date and provision."""
    what = f"concern {item.code} ({item.kind})" if isinstance(item, Concern) else item.kind
    to = f", to {authority(item.to)}" if item.to else ""
    due = f", due {day(item.due)}" if item.due else ""
    return (
        f"{what}: by {authority(item.by)}{to}, since {day(item.since)}, last day {last_day(item.until)}"
        f"{due}; {item.citation}"
    )


def field_value(item: Item, name: str) -> str:
    """One field of a finding as the text views show it (``until`` as the last day)."""
    value = field_of(item, name)
    if name == "until":
        return last_day(value if isinstance(value, dt.date) else None)
    if name in ("by", "to"):
        return authority(value if isinstance(value, str) else None)
    if name in ("since", "due"):
        return day(value if isinstance(value, dt.date) else None)
    return str(value)


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + INDENT, break_on_hyphens=False)


def event_lines(events: tuple[EventChange, ...]) -> list[str]:
    width = max((len(e.change.value) for e in events), default=0)
    return [f"{INDENT}{e.change.value.ljust(width)}  {e.describe()}" for e in events]


def change_lines(change: Change) -> list[str]:
    lines = _wrap(item_line(change.item), INDENT)
    if change.change is ChangeKind.CHANGED and change.before is not None and change.after is not None:
        for name in change.fields:
            before, after = field_value(change.before, name), field_value(change.after, name)
            lines += _wrap(f"{FIELD_NAMES.get(name, name)}: {before} -> {after}", INDENT * 2)
    if change.cause is Cause.DATES:
        lines += _wrap("nothing was recorded in between: the later date falls outside or inside its period", INDENT * 2)
        return lines
    lines += _wrap(f"because ({CAUSES[change.cause]}):", INDENT * 2)
    lines += [f"{INDENT * 3}{e.change.value} {e.describe()}" for e in change.events]
    return lines


def text(diff: Diff) -> str:
    """The whole diff, ending with a newline."""
    lines = [f"Changes from {view(diff.before)}", f"          to {view(diff.after)}", ""]
    lines += ["Events in between", *(event_lines(diff.events) or [INDENT + "None."]), ""]
    found = ordered(diff.changes)
    if not found:
        lines.append("No finding or concern appeared, ended or changed.")
    for kind in ChangeKind:
        of_kind = [c for c in found if c.change is kind]
        if of_kind:
            lines.append(HEADINGS[kind])
            for change in of_kind:
                lines += change_lines(change)
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
