"""The JSON shape of findings, concerns, assessments, timelines and errors (the CLI's ``--format json``):
the documents ``to_dict`` gives (``Assessment.to_dict``, ``Timeline.to_dict``), each with ``schema_version``
and its receipt. Their JSON Schemas are in ``report.schemas``."""

from __future__ import annotations

from typing import Any

from leavingcare import jsontext
from leavingcare.duties.findings import Assessment, Concern, Finding, Timeline
from leavingcare.errors import LeavingCareError, LocatedError


def finding(item: Finding | Concern) -> dict[str, Any]:
    """One finding: kind, by, to, citation, since, until (exclusive), due and because."""
    return item.to_dict()


def concern(item: Concern) -> dict[str, Any]:
    """One concern: the fields of a finding plus ``code``."""
    return item.to_dict()


def assessment(result: Assessment) -> dict[str, Any]:
    return result.to_dict()


def timeline(result: Timeline) -> dict[str, Any]:
    return result.to_dict()


def dumps(obj: dict[str, Any]) -> str:
    """One document as indented JSON with a trailing newline (``jsontext``, the one encoder)."""
    return jsontext.dumps(obj)


def line(obj: dict[str, Any]) -> str:
    """One record of a JSONL stream: compact JSON on one line, with its newline."""
    return jsontext.line(obj)


def error(exc: LeavingCareError) -> dict[str, Any]:
    """A typed error as JSON: its type, and where and why (or its message when it names no place)."""
    if isinstance(exc, LocatedError):
        return {"type": type(exc).__name__, "where": exc.where, "reason": exc.reason}
    return {"type": type(exc).__name__, "message": str(exc)}
