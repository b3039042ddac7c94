"""The JSON Schemas (draft 2020-12) of every document the library writes: ``leavingcare schema --output``.

Each document carries ``schema_version`` (``provenance.SCHEMA_VERSION``); a schema accepts every minor
version of its major one. Finding kinds and concern codes are closed lists, taken from the rules and the
catalogue, so a document naming another fails validation.
"""

from __future__ import annotations

from typing import Any

from leavingcare.events.codec import json_schema
from leavingcare.provenance import SCHEMA_VERSION, Answer
from leavingcare.report import catalogue, kinds
from leavingcare.report.diff import Cause, ChangeKind, EventChangeKind
from leavingcare.report.verify import Part

BASE = "https://leavingcare.example/schema/"
DOCUMENTS = (
    "assessment",
    "timeline",
    "explanation",
    "worklist",
    "receipt",
    "diff",
    "verification",
    "cases",
    "recording",
    "problem",
)
EVENT = "event"
"""The name of the schema of one JSONL line (``leavingcare schema`` with no ``--output``)."""
CASE_DATES = ("prevention_started", "prevention_ended", "relief_started", "relief_ended", "main_duty_decided_on")
CASE_TEXTS = (
    "person",
    "application",
    "authority",
    "care_leaver_status",
    "care_leaver_authority",
    "prevention_end_reason",
    "relief_end_reason",
    "referred_to",
    "main_duty_decision",
    "priority_need_ground",
)

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Schema], *, optional: tuple[str, ...] = (), description: str = "") -> Schema:
    out: Schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    return {"description": description, **out} if description else out


def _definitions() -> dict[str, Schema]:
    major = SCHEMA_VERSION.split(".")[0]
    text = {"type": "string"}
    item = {
        "kind": {"type": "string", "enum": list(kinds.known())},
        "by": _nullable({**text, "description": "GSS code of the authority that owes it"}),
        "to": _nullable({**text, "description": "GSS code of the other party"}),
        "citation": _ref("citation"),
        "since": _ref("date"),
        "until": _nullable({**_ref("date"), "description": "exclusive: the first day it no longer holds"}),
        "due": _nullable(_ref("date")),
        "because": {"type": "array", "items": _ref("reason")},
    }
    return {
        "schema_version": {"type": "string", "pattern": f"^{major}\\.[0-9]+$"},
        "date": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "timestamp": {"type": "string", "format": "date-time"},
        "digest": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256, lower-case hex"},
        "citation": _object({"instrument": text, "provision": text, "url": {"type": "string", "format": "uri"}}),
        "reason": _object({"text": text, "events": {"type": "array", "items": text}}),
        "finding": _object(item, description="A duty owed or a status held over [since, until)"),
        "concern": _object(
            {"code": {"type": "string", "enum": [c.code for c in catalogue.CONCERNS]}, **item, "kind": text},
            description="A compliance problem or a point to check, with the fields of a finding",
        ),
        "event_digest": _object({"id": text, "digest": _ref("digest")}),
        "receipt": _object(
            {
                "schema_version": _ref("schema_version"),
                "answer": {"type": "string", "enum": [a.value for a in Answer]},
                "kind": _nullable(text),
                "on": _nullable(_ref("date")),
                "known_at": _nullable(_ref("timestamp")),
                "library": _object({"name": {"const": "leavingcare"}, "version": text, "source": _ref("digest")}),
                "law": _ref("digest"),
                "authorities": _ref("digest"),
                "history": _object(
                    {"digest": _ref("digest"), "events": {"type": "array", "items": _ref("event_digest")}}
                ),
                "made_at": _ref("timestamp"),
            },
            description="What an answer was computed from, and when it was made",
        ),
        "event_change": _object(
            {
                "id": text,
                "change": {"type": "string", "enum": [c.value for c in EventChangeKind]},
                "type": _nullable(text),
                "on": _nullable(_ref("date")),
            }
        ),
        "findings": {"type": "array", "items": _ref("finding")},
        "concerns": {"type": "array", "items": _ref("concern")},
    }


def _documents() -> dict[str, Schema]:
    receipt = _nullable(_ref("receipt"))
    view = _object({"on": _ref("date"), "known_at": _nullable(_ref("timestamp")), "history": _nullable(_ref("digest"))})
    either = _nullable({"anyOf": [_ref("finding"), _ref("concern")]})
    return {
        "assessment": _object(
            {
                "person": {"type": "string"},
                "schema_version": _ref("schema_version"),
                "on": _ref("date"),
                "known_at": _nullable(_ref("timestamp")),
                "findings": _ref("findings"),
                "concerns": _ref("concerns"),
                "receipt": receipt,
            },
            optional=("person",),
            description="What holds on one date (assess --format json; each line of assess --all names the person)",
        ),
        "timeline": _object(
            {
                "schema_version": _ref("schema_version"),
                "known_at": _nullable(_ref("timestamp")),
                "findings": _ref("findings"),
                "concerns": _ref("concerns"),
                "receipt": receipt,
            },
            description="Every finding and concern with its period (timeline --format json)",
        ),
        "explanation": _object(
            {
                "schema_version": _ref("schema_version"),
                "kind": {"type": "string"},
                "on": _ref("date"),
                "known_at": _nullable(_ref("timestamp")),
                "holds": {"type": "boolean"},
                "findings": _ref("findings"),
                "concerns": _ref("concerns"),
                "periods": _ref("findings"),
                "explanation": {"type": "array", "items": {"type": "string"}},
                "receipt": receipt,
            },
            description="Why a finding of one kind holds on a date, or why not (explain --format json)",
        ),
        "worklist": _object(
            {
                "schema_version": _ref("schema_version"),
                "on": _ref("date"),
                "days": {"type": "integer", "minimum": 1},
                "last": _ref("date"),
                "authority": _nullable({"type": "string"}),
                "overdue_since": _nullable(_ref("date")),
                "items": {
                    "type": "array",
                    "items": _object(
                        {
                            "person": {"type": "string"},
                            "date": _ref("date"),
                            "what": {"type": "string"},
                            "authority": _nullable({"type": "string"}),
                            "detail": {"type": "string"},
                            "overdue": {"type": "boolean"},
                        }
                    ),
                },
            },
            description="What falls due in the days ahead (worklist --format json)",
        ),
        "receipt": _ref("receipt"),
        "diff": _object(
            {
                "schema_version": _ref("schema_version"),
                "before": view,
                "after": view,
                "events": {"type": "array", "items": _ref("event_change")},
                "changes": {
                    "type": "array",
                    "items": _object(
                        {
                            "change": {"type": "string", "enum": [c.value for c in ChangeKind]},
                            "kind": {"type": "string"},
                            "code": _nullable({"type": "string"}),
                            "fields": {
                                "type": "array",
                                "items": {"enum": ["by", "to", "since", "until", "due", "citation"]},
                            },
                            "before": either,
                            "after": either,
                            "cause": {"type": "string", "enum": [c.value for c in Cause]},
                            "events": {"type": "array", "items": _ref("event_change")},
                        }
                    ),
                },
            },
            description="What changed between two views of one person, and why (diff --format json)",
        ),
        "cases": _object(
            {
                "schema_version": _ref("schema_version"),
                "from": _ref("date"),
                "to": _ref("date"),
                "known_at": _nullable(_ref("timestamp")),
                "cases": {
                    "type": "array",
                    "items": _object(
                        {
                            **{name: {"type": "string"} for name in CASE_TEXTS},
                            **{name: _nullable(_ref("date")) for name in CASE_DATES},
                            "applied_on": _ref("date"),
                            "priority_need": {"type": "boolean"},
                            "priority_need_on": _ref("date"),
                        }
                    ),
                },
            },
            description="One row per homelessness application made in a window (export-cases --format json)",
        ),
        "recording": _object(
            {
                "schema_version": _ref("schema_version"),
                "person": {"type": "string"},
                "recorded": {"type": "integer", "minimum": 0, "description": "events appended"},
                "already": {"type": "integer", "minimum": 0, "description": "lines the stream held already"},
                "version": {"type": "integer", "minimum": 0, "description": "events recorded for the person"},
            },
            description="What recording one person's lines appended (POST /v1/people/{person}/events)",
        ),
        "problem": _object(
            {
                "type": {"type": "string", "format": "uri-reference"},
                "title": {"type": "string"},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": {"type": "string"},
                "code": {"type": "string", "description": "the typed error's machine-readable code"},
                "field": _nullable({"type": "string", "description": "the field at fault, where one is"}),
            },
            description="An HTTP API error as an RFC 9457 problem document, carrying the typed error's code and field",
        ),
        "verification": _object(
            {
                "schema_version": _ref("schema_version"),
                "identical": {"type": "boolean"},
                "differs": {"type": "array", "items": {"enum": [p.value for p in Part]}},
                "events": {"type": "array", "items": _ref("event_change")},
                "answer_differs": {"type": ["boolean", "null"]},
                "recorded": _ref("receipt"),
                "now": _ref("receipt"),
                "recorded_answer": {"type": ["object", "null"]},
                "answer_now": {"type": "object"},
            },
            description="A receipt's answer recomputed (verify --format json)",
        ),
    }


def schema(name: str) -> Schema:
    """The JSON Schema of one document, self-contained."""
    document = _documents()[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}{name}.json",
        "title": f"leavingcare {name}",
        **document,
        "$defs": _definitions(),
    }


def named(name: str | None) -> Schema:
    """``leavingcare schema``'s answer: one JSONL line's schema (None or ``event``), one document's, or
    every document's (``all``)."""
    if name is None or name == EVENT:
        return json_schema()
    return bundle() if name == "all" else schema(name)


def components(root: str) -> dict[str, Schema]:
    """Every definition and document as named schemas whose references point under ``root`` (e.g.
    ``#/components/schemas/`` in an OpenAPI document): the same schemas as ``schema`` gives, with the
    references of ``$defs`` moved."""
    found = {**_definitions(), **{name: doc for name, doc in _documents().items() if name != "receipt"}}
    return {name: _rooted(item, root) for name, item in found.items()}


def _rooted(item: Any, root: str) -> Any:
    if isinstance(item, dict):
        return {
            key: root + value.removeprefix("#/$defs/") if key == "$ref" else _rooted(value, root)
            for key, value in item.items()
        }
    if isinstance(item, list):
        return [_rooted(value, root) for value in item]
    return item


def bundle() -> Schema:
    """Every document's schema, by name."""
    return {name: schema(name) for name in DOCUMENTS}
