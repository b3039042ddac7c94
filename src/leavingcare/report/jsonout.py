"""The JSON shape of findings, concerns, assessments, timelines and errors (the CLI's ``--format json``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from leavingcare.duties.findings import Assessment, Concern, Finding, Timeline
from leavingcare.errors import LeavingCareError, LocatedError


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _stamp(when: dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def finding(item: Finding | Concern) -> dict[str, Any]:
    """One finding: kind, by, to, citation, since, until (exclusive), due and because."""
    return {
        "kind": item.kind,
        "by": item.by,
        "to": item.to,
        "citation": {
            "instrument": item.citation.instrument,
            "provision": item.citation.provision,
            "url": item.citation.url,
        },
        "since": _day(item.since),
        "until": _day(item.until),
        "due": _day(item.due),
        "because": [{"text": r.text, "events": list(r.events)} for r in item.because],
    }


def concern(item: Concern) -> dict[str, Any]:
    """One concern: the fields of a finding plus ``code``."""
    return {"code": item.code, **finding(item)}


def assessment(result: Assessment) -> dict[str, Any]:
    return {
        "on": _day(result.on),
        "known_at": _stamp(result.known_at),
        "findings": [finding(f) for f in result.findings],
        "concerns": [concern(c) for c in result.concerns],
    }


def timeline(result: Timeline) -> dict[str, Any]:
    return {
        "known_at": _stamp(result.known_at),
        "findings": [finding(f) for f in result.findings],
        "concerns": [concern(c) for c in result.concerns],
    }


def dumps(obj: dict[str, Any]) -> str:
    """Indented JSON with a trailing newline."""
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def error(exc: LeavingCareError) -> dict[str, Any]:
    """A typed error as JSON: its type, and where and why (or its message when it names no place)."""
    if isinstance(exc, LocatedError):
        return {"type": type(exc).__name__, "where": exc.where, "reason": exc.reason}
    return {"type": type(exc).__name__, "message": str(exc)}
