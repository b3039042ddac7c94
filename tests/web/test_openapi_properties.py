"""Property-based API tests from the published OpenAPI document: with a fixed seed and a few examples
per operation, no request draws a 500 and every answer conforms to the document (its statuses, media
types and schemas).

Schemathesis's coverage phase (its deterministic walk over each schema's boundaries and negations) runs
for the operations that take parameters only; for the operations that take a history in the body it
would walk the whole event schema, tens of thousands of bodies, for a minute a run. Those bodies are
fuzzed here instead with the mutations of ``tests/test_fuzz_lines.py`` (which reads the same lines
through ``History.from_jsonl`` a few hundred times), sent as JSONL and as JSON arrays: each answer is the
document or a problem document, never a 500.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import leavingcare as lc
from leavingcare.report import schemas
from leavingcare.store import open_store
from leavingcare.testing import histories
from leavingcare.web import app, tokens
from test_fuzz_lines import _mutate, _objects

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(tempfile.mkdtemp(prefix="leavingcare-openapi-"))
TOKEN = tokens.add(FOLDER / "tokens.jsonl", "property-recorder", tokens.Role.RECORDER)
STORE = open_store(f"sqlite:///{FOLDER / 'served.sqlite'}")
STORE.record(
    "w07", lc.History.from_jsonl(ROOT / "examples" / "w07_two_authorities.jsonl").envelopes, recorded_by="tests"
)
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
APP = app.create(STORE, tokens.load(FOLDER / "tokens.jsonl"))
schemathesis.serializer.alias("application/x-ndjson", "text/plain")  # a JSONL body is text
NO_COVERAGE_PHASE_FOR_BODIES = {"include-method": "POST", "phases": {"coverage": {"enabled": False}}}
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    APP,
    headers=HEADERS,
    config=SchemathesisConfig.from_dict({"seed": 1, "operations": [NO_COVERAGE_PHASE_FOR_BODIES]}),
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=2, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_server_error_and_every_answer_conforms(case: Any) -> None:
    case.call_and_validate(headers=HEADERS, checks=CHECKS)


POSTED = (
    ("/v1/assess", {"on": "2024-06-01"}, "assessment"),
    ("/v1/timeline", {}, "timeline"),
    ("/v1/explain", {"on": "2024-06-01", "kind": "personal_adviser"}, "explanation"),
)
PROBLEM = jsonschema.Draft202012Validator(schemas.schema("problem"))


@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(histories(), st.data())
def test_mutated_histories_posted_are_answered_or_refused_never_a_500(history: lc.History, data: st.DataObject) -> None:
    lines, _ = _mutate(data, _objects(history, data, people=False))
    body = b"\n".join(line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass") for line in lines)
    as_array = data.draw(st.booleans(), label="as a JSON array")
    if as_array:
        body = b"[" + b",".join(body.splitlines()) + b"]"
    path, params, document = data.draw(st.sampled_from(POSTED), label="operation")
    content_type = "application/json" if as_array else "application/x-ndjson"
    with TestClient(APP) as client:
        answer = client.post(path, params=params, content=body, headers={**HEADERS, "content-type": content_type})
    if answer.status_code == 200:
        jsonschema.Draft202012Validator(schemas.schema(document)).validate(answer.json())
        return
    assert answer.status_code in (400, 413, 422), (answer.status_code, answer.text)
    assert answer.headers["content-type"].startswith("application/problem+json")
    PROBLEM.validate(answer.json())
