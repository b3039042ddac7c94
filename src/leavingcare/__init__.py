"""leavingcare: which statutory duties are owed to a care leaver in England, by whom, from when to
when, and why, replayed from an append-only history of events."""

from __future__ import annotations

from leavingcare.api import assess, timeline
from leavingcare.duties.findings import Assessment, Concern, Finding, Reason, Timeline
from leavingcare.duties.kinds import Kind, UnknownKind
from leavingcare.errors import (
    CacheUnavailable,
    ConcurrencyError,
    InvalidEvent,
    InvalidHistory,
    LeavingCareError,
    StoreUnavailable,
    UnknownCode,
)
from leavingcare.history import History
from leavingcare.law import Citation, Law, default_law
from leavingcare.people import read_people, read_timelines
from leavingcare.provenance import Receipt
from leavingcare.report.explanation import Explanation, explain
from leavingcare.store import open_store

__all__ = [
    "Assessment",
    "CacheUnavailable",
    "Citation",
    "Concern",
    "ConcurrencyError",
    "Explanation",
    "Finding",
    "History",
    "InvalidEvent",
    "InvalidHistory",
    "Kind",
    "Law",
    "LeavingCareError",
    "Reason",
    "Receipt",
    "StoreUnavailable",
    "Timeline",
    "UnknownCode",
    "UnknownKind",
    "assess",
    "default_law",
    "explain",
    "open_store",
    "read_people",
    "read_timelines",
    "timeline",
]
