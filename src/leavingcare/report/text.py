"""The caseworker's text views: what is owed on a date, by whom, until when, under which provision
and why; and the whole timeline. Periods are shown by their last day (``until`` is exclusive)."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from typing import TypeVar

from attrs import evolve

from leavingcare import calendar, geography
from leavingcare.duties.findings import Assessment, Concern, Finding, Reason, Timeline
from leavingcare.report import receipt
from leavingcare.report.kinds import DETERMINATIONS, STATUSES, rank

WIDTH = 100
INDENT = "  "
NONE = "-"


def day(value: dt.date | None) -> str:
    return NONE if value is None else value.isoformat()


def last_day(until: dt.date | None) -> str:
    """The last day of a half-open period, or "open" when it has no end."""
    return "open" if until is None else (until - dt.timedelta(days=1)).isoformat()


def authority(code: str | None) -> str:
    """A GSS code with its name and kind, e.g. ``E10000016 Kent (county)``."""
    if code is None:
        return NONE
    return f"{code} {geography.describe(code)}" if geography.lookup(code) else code


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns two spaces apart; trailing blanks trimmed."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    return [
        (INDENT + "  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True))).rstrip()
        for line in (headers, *rows)
    ]


def reason_lines(because: Iterable[Reason], indent: str = INDENT * 3) -> list[str]:
    """Each reason on its own line (wrapped), with the ids of its events in brackets."""
    out: list[str] = []
    for reason in because:
        ids = f"  [{', '.join(dict.fromkeys(reason.events))}]" if reason.events else ""
        out += textwrap.wrap(
            f"- {reason.text}{ids}",
            WIDTH,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_on_hyphens=False,
        )
    return out


def ordered(items: Iterable[Finding]) -> list[Finding]:
    return sorted(items, key=lambda f: (rank(f.kind), f.since, f.by or ""))


Item = TypeVar("Item", Finding, Concern)


def grouped(items: Iterable[Item]) -> list[tuple[Item, tuple[str, ...]]]:
    """Items that differ only in ``to`` and their reasons (a local connection to each district of a
    county) as one: the first with the reasons of all, and every ``to`` in order."""
    groups: dict[tuple[object, ...], list[Item]] = {}
    for item in items:
        code = item.code if isinstance(item, Concern) else ""
        key = (code, item.kind, item.by, item.citation, item.since, item.until, item.due)
        groups.setdefault(key, []).append(item)
    out = []
    for members in groups.values():
        because = tuple(dict.fromkeys(r for m in members for r in m.because))
        tos = tuple(dict.fromkeys(m.to for m in members if m.to is not None))
        out.append((evolve(members[0], because=because), tos))
    return out


def _under(item: Finding | Concern, tos: Sequence[str]) -> list[str]:
    """The provision line under a row: the citation, whom it concerns, and "because:"."""
    to = f", to {', '.join(authority(t) for t in tos)}" if tos else ""
    indent = INDENT * 3
    return textwrap.wrap(
        f"{item.citation}{to}, because:", WIDTH, initial_indent=indent, subsequent_indent=indent + "  "
    )


def _with_reasons(
    headers: Sequence[str], rows: Sequence[tuple[Sequence[str], Finding | Concern, Sequence[str]]]
) -> list[str]:
    """A table whose rows are each followed by their provision and reasons."""
    lines = table(headers, [cells for cells, _, _ in rows])
    out = lines[:1]
    for line, (_, item, tos) in zip(lines[1:], rows, strict=True):
        out += [line, *_under(item, tos), *reason_lines(item.because)]
    return out


def findings_section(title: str, findings: Sequence[Finding], *, due: bool, empty: str) -> list[str]:
    if not findings:
        return [title, INDENT + empty]
    headers = ["Kind", "By", "Since", "Last day", *(["Due"] if due else [])]
    rows = [
        ([f.kind, authority(f.by), day(f.since), last_day(f.until), *([day(f.due)] if due else [])], f, tos)
        for f, tos in grouped(ordered(findings))
    ]
    return [title, *_with_reasons(headers, rows)]


def concerns_section(concerns: Sequence[Concern], *, empty: str = "None.") -> list[str]:
    if not concerns:
        return ["Concerns", INDENT + empty]
    headers = ["Code", "Kind", "By", "Since", "Last day", "Due"]
    rows = [
        ([c.code, c.kind, authority(c.by), day(c.since), last_day(c.until), day(c.due)], c, tos)
        for c, tos in grouped(sorted(concerns, key=lambda c: (c.since, c.code)))
    ]
    return ["Concerns", *_with_reasons(headers, rows)]


def _provision_to(item: Finding | Concern, tos: Sequence[str]) -> str:
    if len(tos) > 1:
        return f"{item.citation} (to {len(tos)} areas)"
    return f"{item.citation} (to {authority(tos[0])})" if tos else str(item.citation)


def basis(known_at: dt.datetime | None) -> str:
    return "from everything recorded" if known_at is None else f"as known at {known_at.isoformat()}"


def age(born: dt.date | None, on: dt.date) -> str:
    return "" if born is None or on < born else f" (aged {calendar.age_on(born, on)})"


def assessment(result: Assessment, *, born: dt.date | None = None) -> str:
    """The assessment on one date: status, duties owed, concerns."""
    about = STATUSES + DETERMINATIONS
    statuses = [f for f in result.findings if f.kind in about]
    duties = [f for f in result.findings if f.kind not in about]
    lines = [
        f"On {result.on.isoformat()}{age(born, result.on)}, {basis(result.known_at)}",
        "",
        *findings_section("Status", statuses, due=False, empty="No care-leaver status on this date."),
        "",
        *findings_section("Owed", duties, due=True, empty="Nothing is owed on this date."),
        "",
        *concerns_section(result.concerns),
    ]
    return "\n".join(lines) + "\n" + receipt.text(result.receipt)


def timeline(result: Timeline) -> str:
    """Every finding with its period, in date order, then every concern."""
    findings = grouped(sorted(result.findings, key=lambda f: (f.since, rank(f.kind), f.by or "")))
    rows = [
        [day(f.since), last_day(f.until), f.kind, authority(f.by), day(f.due), _provision_to(f, tos)]
        for f, tos in findings
    ]
    concerns = grouped(sorted(result.concerns, key=lambda c: (c.since, c.code)))
    concern_rows = [
        [day(c.since), last_day(c.until), c.code, c.kind, authority(c.by), day(c.due), _provision_to(c, tos)]
        for c, tos in concerns
    ]
    headers = ["Since", "Last day", "Kind", "By", "Due", "Provision"]
    lines = [f"Timeline, {basis(result.known_at)}", ""]
    lines += ["Findings", *(table(headers, rows) if rows else [INDENT + "None."]), ""]
    concern_headers = ["Since", "Last day", "Code", "Kind", "By", "Due", "Provision"]
    lines += ["Concerns", *(table(concern_headers, concern_rows) if concern_rows else [INDENT + "None."])]
    return "\n".join(lines) + "\n" + receipt.text(result.receipt)
