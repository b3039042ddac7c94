"""Property-based API tests from the published OpenAPI document: with a fixed seed and a few examples
per operation, no request draws a 500 and every answer conforms to the document (its statuses, media
types and schemas)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import leavingcare as lc
from leavingcare.store import open_store
from leavingcare.web import app, tokens

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(tempfile.mkdtemp(prefix="leavingcare-openapi-"))
TOKEN = tokens.add(FOLDER / "tokens.jsonl", "property-recorder", tokens.Role.RECORDER)
STORE = open_store(f"sqlite:///{FOLDER / 'served.sqlite'}")
STORE.record(
    "w07", lc.History.from_jsonl(ROOT / "examples" / "w07_two_authorities.jsonl").envelopes, recorded_by="tests"
)
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", app.create(STORE, tokens.load(FOLDER / "tokens.jsonl")), headers=HEADERS
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=2, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_server_error_and_every_answer_conforms(case: Any) -> None:
    case.call_and_validate(headers=HEADERS, checks=CHECKS)
