"""The reports of an SSDA903 import: one line per row for a reader (``report_lines``), a short summary
for standard error (``summary_lines``), and the machine-readable report, CSV or JSON (``write_report``):
for every row not imported as given, or imported under a convention, its file, line, CHILD, column,
the 903 validator's rule code, a reason code and the reason; then counts per reason.

No line, cell or value carries anything from a row but the CHILD id.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from attrs import asdict, frozen

from leavingcare.interop.model903 import NOTE_CODES, PROBLEMS, SUMMARISED, Import903, Note, Problem, Rejection


class Status(StrEnum):
    """What happened to a row in the report."""

    REJECTED = "rejected"
    """The row has a problem; its child is left out, or with --partial cut short at the first problem."""
    WITHHELD = "withheld"
    """The row is readable but was not imported with its child (left out, or after the first problem)."""
    REPLACED = "replaced"
    """A later submission's row replaced it."""
    NOTE = "note"
    """Imported under a convention (``NOTE_CODES``)."""


COLUMNS = ("status", "file", "line", "child", "column", "rule", "code", "reason", "count")
"""The CSV report's columns. Rows of the report leave ``count`` empty; after them, one ``total`` row per
status and code gives its count in ``count`` (with ``file``, ``line``, ``child``, ``column`` and
``rule`` empty, and ``reason`` the meaning of the code)."""


@frozen
class ReportRow:
    status: Status
    file: str
    line: int
    child: str
    column: str
    rule: str
    code: str
    reason: str


def _rejection(status: Status, item: Rejection) -> ReportRow:
    return ReportRow(status, item.file, item.line, item.child or "", item.column, item.rule, item.code, item.reason)


def _note(status: Status, item: Note) -> ReportRow:
    return ReportRow(status, item.file, item.line, item.child, item.column, item.rule, item.code, item.text)


def rows(result: Import903) -> Iterator[ReportRow]:
    """Every row of the report: problems, withheld rows, replaced rows, then notes, each in file order."""
    yield from (_rejection(Status.REJECTED, r) for r in result.rejected)
    yield from (_rejection(Status.WITHHELD, r) for r in result.withheld)
    yield from (_note(Status.REPLACED, n) for n in result.replacements)
    yield from (_note(Status.NOTE, n) for n in result.notes)


def meaning(code: str) -> str:
    """What a problem or note code means."""
    if code in NOTE_CODES:
        return NOTE_CODES[code]
    return PROBLEMS[Problem(code)]


def counts(result: Import903) -> dict[Status, Counter[str]]:
    """How many rows of each status have each code."""
    out: dict[Status, Counter[str]] = {status: Counter() for status in Status}
    for row in rows(result):
        out[row.status][row.code] += 1
    return out


def summary(result: Import903) -> dict[str, int]:
    """The import in numbers."""
    return {
        "people": len(result.people),
        "events": result.event_count,
        "people_incomplete": sum(1 for p in result.people if p.incomplete_from is not None),
        "children_left_out": len(result.left_out),
        "rows_rejected": len(result.rejected),
        "rows_withheld": len(result.withheld),
        "rows_replaced": len(result.replacements),
        "notes": len(result.notes),
    }


def report_csv(result: Import903) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(result):
        writer.writerow([row.status, row.file, row.line, row.child, row.column, row.rule, row.code, row.reason, ""])
    for status, counted in counts(result).items():
        for code, count in sorted(counted.items()):
            writer.writerow(["total", "", "", "", "", "", code, f"{status}: {meaning(code)}", count])
    return buffer.getvalue()


def report_json(result: Import903) -> str:
    document = {
        "authority": result.authority,
        "summary": summary(result),
        "counts": {status.value: dict(sorted(counted.items())) for status, counted in counts(result).items()},
        "meanings": {code: meaning(code) for counted in counts(result).values() for code in sorted(counted)},
        "left_out": [
            {"child": c.child, "person": c.person, "problems": sorted({p.code.value for p in c.problems})}
            for c in result.left_out
        ],
        "incomplete": [{"child": p.child, "person": p.person} for p in result.people if p.incomplete_from],
        "rows": [{k: str(v) if isinstance(v, Status) else v for k, v in asdict(row).items()} for row in rows(result)],
    }
    return json.dumps(document, indent=1) + "\n"


REPORT_FORMATS = {".csv": report_csv, ".json": report_json}


def write_report(result: Import903, path: str) -> None:
    """Write the report to ``path``, CSV or JSON by its extension (``ValueError`` for any other)."""
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise ValueError("the report must be a .csv or .json file")
    Path(path).write_text(REPORT_FORMATS[suffix](result), encoding="utf-8")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _totals(result: Import903) -> str:
    line = f"imported {_plural(len(result.people), 'person', 'people')} ({result.event_count} events)"
    line += f"; {_plural(len(result.rejected), 'row')} rejected"
    if result.left_out:
        line += f"; {_plural(len(result.left_out), 'child', 'children')} left out"
    incomplete = sum(1 for p in result.people if p.incomplete_from is not None)
    if incomplete:
        line += f"; {_plural(incomplete, 'person', 'people')} imported in part (incomplete_history)"
    if result.replacements:
        line += f"; {_plural(len(result.replacements), 'row')} replaced by a later submission"
    return line


def report_lines(result: Import903) -> list[str]:
    """The import's report, one line per row: every rejected row, every child left out, every note
    (those in ``SUMMARISED`` as one line per text, with a count), then the totals."""
    lines = [f"rejected: {r}" for r in result.rejected]
    lines += [f"left out: CHILD {c.child}: {_plural(len(c.problems), 'problem')}" for c in result.left_out]
    grouped: Counter[str] = Counter()
    for note in result.notes:
        if note.code in SUMMARISED:
            grouped[note.text] += 1
        else:
            lines.append(f"note: {note}")
    lines += [f"note: {_plural(count, 'episode')}: {text}" for text, count in grouped.items()]
    return [*lines, _totals(result)]


def summary_lines(result: Import903, *, report: str | None = None) -> list[str]:
    """A short summary for standard error: one line per problem and note code with its count, then the
    totals, and where every row is listed (``report``, the report file written, if any)."""
    lines: list[str] = []
    counted = counts(result)
    for code, count in sorted(counted[Status.REJECTED].items()):
        lines.append(f"rejected: {_plural(count, 'row')}: {code}: {meaning(code)}")
    grouped: Counter[str] = Counter(n.text for n in result.notes if n.code in SUMMARISED)
    for code, count in sorted(counted[Status.NOTE].items()):
        if code not in SUMMARISED:
            lines.append(f"note: {_plural(count, 'row')}: {code}: {meaning(code)}")
    lines += [f"note: {_plural(count, 'episode')}: {text}" for text, count in grouped.items()]
    lines.append(_totals(result))
    if report:
        lines.append(f"every row is listed in {report}")
    elif result.rejected or result.withheld or result.notes:
        lines.append("every row is listed with --report FILE.csv (or FILE.json)")
    return lines
