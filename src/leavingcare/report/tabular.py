"""Assessments as CSV (``assess --format csv``, and ``assess --all --format csv``): one row per finding
or concern of each person, under one header, each row naming the history digest of its receipt."""

from __future__ import annotations

import csv
import io

from leavingcare.duties.findings import Assessment, Concern, Finding
from leavingcare.errors import LeavingCareError

COLUMNS = (
    "person",
    "on",
    "known_at",
    "record",
    "code",
    "kind",
    "by",
    "to",
    "since",
    "until",
    "due",
    "instrument",
    "provision",
    "url",
    "events",
    "history",
    "error",
)
"""``record`` is ``finding``, ``concern`` or ``error``; ``until`` is exclusive; ``events`` are the ids the
reasons name, space-separated; ``history`` is the receipt's digest of the history as known. An ``error``
row stands for a person who could not be assessed: ``code`` is the typed error's code, ``kind`` its type
and ``error`` where and why."""


def _text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def header() -> str:
    return _text([list(COLUMNS)])


def rows(person: str, result: Assessment) -> str:
    """The person's rows, findings then concerns (none when nothing holds on the date)."""
    history = "" if result.receipt is None else result.receipt.history
    known_at = "" if result.known_at is None else result.known_at.isoformat()

    def row(item: Finding | Concern) -> list[str]:
        concern = isinstance(item, Concern)
        return [
            person,
            result.on.isoformat(),
            known_at,
            "concern" if concern else "finding",
            item.code if isinstance(item, Concern) else "",
            item.kind,
            item.by or "",
            item.to or "",
            item.since.isoformat(),
            "" if item.until is None else item.until.isoformat(),
            "" if item.due is None else item.due.isoformat(),
            item.citation.instrument,
            item.citation.provision,
            item.citation.url,
            " ".join(item.events),
            history,
            "",
        ]

    items: list[Finding | Concern] = [*result.findings, *result.concerns]
    return _text([row(item) for item in items])


def error(person: str | None, failure: LeavingCareError) -> str:
    """The row of a person who could not be assessed."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(person=person or "", record="error", code=failure.code, kind=type(failure).__name__, error=str(failure))
    return _text([[row[column] for column in COLUMNS]])
