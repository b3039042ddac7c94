"""The HTTP API answers what the command prints: each JSON answer equals ``--format json`` for the same
input and validates against the published schema; each refusal is a problem document with the typed
error's code, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from litestar.testing import AsyncTestClient, TestClient

from leavingcare.cli import main
from leavingcare.report import schemas
from leavingcare.store import open_store
from leavingcare.web import app, tokens
from leavingcare.web.body import MAX_BODY_BYTES, MAX_EVENTS

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.jsonl"))


def bearer(raw_tokens: dict[str, Any], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw_tokens[role]}"}


W07 = next(p for p in EXAMPLES if p.stem == "w07_two_authorities")
W01 = next(p for p in EXAMPLES if p.stem == "w01_turning_21")
ON = "2024-06-01"
JSONL = {"content-type": "application/x-ndjson"}


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def aside(document: Any) -> Any:
    """The document with the time its receipt was made set aside."""
    return json.loads(re.sub(r'"made_at": ?"[^"]*"', '"made_at": null', json.dumps(document)))


def page_aside(page: str) -> str:
    """An HTML report with the time its receipt was made set aside."""
    made = re.findall(r"<dt>Made at</dt><dd><code>[^<]*</code></dd>", page)
    assert len(made) == 1, "the report shows when it was made, once"
    return page.replace(made[0], "<dt>Made at</dt><dd><code>(set aside)</code></dd>")


def valid(document: Any, name: str) -> Any:
    jsonschema.Draft202012Validator(schemas.schema(name)).validate(document)
    return document


def problem(answer: Any, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    document: dict[str, Any] = valid(answer.json(), "problem")
    assert document["status"] == status and document["code"] == code
    return document


@pytest.mark.parametrize("as_array", [False, True], ids=["jsonl", "array"])
def test_posted_histories_answer_as_the_command(
    client: TestClient[Any], raw_tokens: dict[str, Any], capsys: pytest.CaptureFixture[str], as_array: bool
) -> None:
    lines = W07.read_text(encoding="utf-8").splitlines()
    sent: dict[str, Any] = {"json": [json.loads(line) for line in lines]} if as_array else {"content": W07.read_bytes()}
    headers = bearer(raw_tokens, "auditor") | ({} if as_array else JSONL)
    cases = [
        ("/v1/assess", {"on": ON}, ["assess", str(W07), "--on", ON], "assessment"),
        ("/v1/timeline", {}, ["timeline", str(W07)], "timeline"),
        (
            "/v1/explain",
            {"on": ON, "kind": "personal_adviser"},
            ["explain", str(W07), "--on", ON, "personal_adviser"],
            "explanation",
        ),
    ]
    for path, params, argv, name in cases:
        answer = client.post(path, params=params, headers=headers, **sent)
        assert answer.status_code == 200, answer.text
        expected = json.loads(cli(capsys, *argv, "--format", "json"))
        assert aside(valid(answer.json(), name)) == aside(expected)


def test_a_person_s_documents_answer_as_the_command(
    client: TestClient[Any], raw_tokens: dict[str, Any], store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = bearer(raw_tokens, "auditor")
    person = "w01_turning_21"
    known = "2099-01-01T00:00:00Z"
    cases = [
        ("assessment", {"on": ON}, ["assess", "--on", ON], "assessment"),
        ("assessment", {"on": ON, "known_at": known}, ["assess", "--on", ON, "--known-at", known], "assessment"),
        ("timeline", {}, ["timeline"], "timeline"),
        ("explain/personal_adviser", {"on": ON}, ["explain", "--on", ON, "personal_adviser"], "explanation"),
    ]
    for path, params, argv, name in cases:
        answer = client.get(f"/v1/people/{person}/{path}", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        expected = json.loads(cli(capsys, "--store", store_url, *argv, "--person", person, "--format", "json"))
        assert aside(valid(answer.json(), name)) == aside(expected)
    page = client.get(f"/v1/people/{person}/report", params={"on": ON}, headers=headers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    shown = cli(capsys, "--store", store_url, "report", "--person", person, "--on", ON, "--html", "-")
    assert page_aside(page.text) == page_aside(shown)


def test_a_reader_sees_no_receipt_and_no_past_view(client: TestClient[Any], raw_tokens: dict[str, Any]) -> None:
    headers = bearer(raw_tokens, "reader")
    answer = client.get("/v1/people/w07_two_authorities/assessment", params={"on": ON}, headers=headers)
    assert answer.status_code == 200 and answer.json()["receipt"] is None
    audited = client.get(
        "/v1/people/w07_two_authorities/assessment", params={"on": ON}, headers=bearer(raw_tokens, "auditor")
    )
    assert audited.json()["receipt"] is not None
    assert {**audited.json(), "receipt": None} == answer.json()
    past = {"on": ON, "known_at": "2024-01-01"}
    problem(client.get("/v1/people/w07_two_authorities/assessment", params=past, headers=headers), 403, "forbidden")


def test_the_worklist_answers_as_the_command(
    client: TestClient[Any], raw_tokens: dict[str, Any], store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = bearer(raw_tokens, "reader")
    for params, argv in [
        ({"on": ON, "days": "365"}, ["--days", "365"]),
        ({"on": ON, "days": "365", "authority": "E10000012"}, ["--days", "365", "--authority", "E10000012"]),
    ]:
        answer = client.get("/v1/worklist", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        expected = json.loads(cli(capsys, "--store", store_url, "worklist", "--on", ON, *argv, "--format", "json"))
        assert valid(answer.json(), "worklist") == expected
        assert answer.json()["items"]


@pytest.mark.parametrize("name", ["event", "all", *schemas.DOCUMENTS])
def test_schemas_are_the_command_s(
    client: TestClient[Any], raw_tokens: dict[str, Any], capsys: pytest.CaptureFixture[str], name: str
) -> None:
    answer = client.get(f"/v1/schema/{name}", headers=bearer(raw_tokens, "reader"))
    argv = ["schema"] if name == "event" else ["schema", "--output", name]
    assert answer.status_code == 200 and answer.json() == json.loads(cli(capsys, *argv))


def test_recording_stamps_the_token_s_name_and_checks_the_version(
    client: TestClient[Any], raw_tokens: dict[str, Any], store_url: str
) -> None:
    person = f"new-{W07.stem}-{store_url[:6]}"
    headers = {**JSONL, **bearer(raw_tokens, "recorder")}
    lines = [
        (json.dumps({k: v for k, v in json.loads(line).items() if k != "recorded_at"}) + "\n").encode()
        for line in W07.read_text(encoding="utf-8").splitlines()
    ]
    first = client.post(
        f"/v1/people/{person}/events", content=b"".join(lines[:2]), headers={**headers, "If-Match": '"0"'}
    )
    assert first.status_code == 201, first.text
    assert valid(first.json(), "recording")["version"] == 2 and first.headers["etag"] == '"2"'
    stale = client.post(
        f"/v1/people/{person}/events", content=b"".join(lines[2:]), headers={**headers, "If-Match": '"1"'}
    )
    problem(stale, 409, "concurrency")
    rest = client.post(
        f"/v1/people/{person}/events", content=b"".join(lines[2:]), headers={**headers, "If-Match": '"2"'}
    )
    assert rest.status_code == 201 and rest.json()["version"] == len(lines)
    again = client.post(f"/v1/people/{person}/events", content=b"".join(lines), headers=headers)
    assert again.status_code == 200 and again.json()["recorded"] == 0 and again.json()["already"] == len(lines)
    with open_store(store_url, create=False) as store:
        assert {e.recorded_by for e in store.recorded(person)} == {"recorder-1"}


def test_who_may_record(client: TestClient[Any], raw_tokens: dict[str, Any]) -> None:
    path = "/v1/people/someone/events"
    problem(client.post(path, content=W07.read_bytes(), headers=JSONL), 401, "unauthenticated")
    problem(
        client.post(path, content=W07.read_bytes(), headers={**JSONL, "Authorization": "Bearer lc_nope"}),
        401,
        "unauthenticated",
    )
    for role in ("reader", "auditor"):
        problem(
            client.post(path, content=W07.read_bytes(), headers={**JSONL, **bearer(raw_tokens, role)}), 403, "forbidden"
        )
    stamped = client.post(path, content=W07.read_bytes(), headers={**JSONL, **bearer(raw_tokens, "recorder")})
    assert problem(stamped, 400, "server_stamped")["field"] == "recorded_at"


def test_bad_input_is_a_problem_document(client: TestClient[Any], raw_tokens: dict[str, Any]) -> None:
    headers = bearer(raw_tokens, "auditor")
    bad = client.post("/v1/assess", params={"on": ON}, content=b'{"type": "Born"}\n', headers={**JSONL, **headers})
    assert problem(bad, 400, "invalid_event")["detail"].startswith("line 1")
    problem(client.post("/v1/assess", params={"on": ON}, content=b"{", headers=headers), 400, "invalid_json")
    unknown = client.get("/v1/people/nobody-here/assessment", params={"on": ON}, headers=headers)
    assert "nobody-here" not in problem(unknown, 404, "unknown_person")["detail"]
    for params in ({"on": "2024-02-30"}, {"on": "1899-12-31"}, {"on": "soon"}):
        assert (
            problem(client.post("/v1/assess", params=params, json=[], headers=headers), 422, "invalid_parameter")[
                "field"
            ]
            == "on"
        )
    wrong_kind = client.get("/v1/people/w07_two_authorities/explain/no_such_kind", params={"on": ON}, headers=headers)
    assert problem(wrong_kind, 422, "invalid_parameter")["field"] == "kind"
    problem(client.get("/v1/people/w07_two_authorities/assessment", headers=headers), 422, "invalid_parameter")
    problem(
        client.get("/v1/worklist", params={"on": ON, "authority": "E99999999"}, headers=headers),
        422,
        "invalid_parameter",
    )


def test_bodies_and_events_are_bounded(client: TestClient[Any], raw_tokens: dict[str, Any]) -> None:
    headers = bearer(raw_tokens, "auditor")
    born = {"type": "Born", "on": "2005-01-01"}
    problem(client.post("/v1/timeline", json=[born] * (MAX_EVENTS + 1), headers=headers), 413, "too_large")
    over = client.post("/v1/timeline", content=b" " * (MAX_BODY_BYTES + 1), headers={**JSONL, **headers})
    problem(over, 413, "too_large")
    at_most = client.post("/v1/timeline", json=[born], headers=headers)
    assert at_most.status_code == 200


def test_health_needs_no_token_and_everything_else_does(client: TestClient[Any], raw_tokens: dict[str, Any]) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    problem(client.get("/openapi.json"), 401, "unauthenticated")
    problem(client.get("/v1/worklist", params={"on": ON}), 401, "unauthenticated")
    document = client.get("/openapi.json", headers=bearer(raw_tokens, "reader")).json()
    assert document["components"]["schemas"]["assessment"] == schemas.components("#/components/schemas/")["assessment"]


def test_refusals_are_logged_without_the_person(
    client: TestClient[Any], raw_tokens: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="leavingcare.web"):
        client.get("/v1/people/secret-person-7/timeline", headers=bearer(raw_tokens, "reader"))
        client.get("/v1/people/secret-person-7/timeline")
    logged = [r.getMessage() for r in caplog.records if r.name == "leavingcare.web"]
    assert logged == [
        "GET /v1/people/{person}/timeline 404 unknown_person token=reader-1",
        "GET /v1/people/{person}/timeline 401 unauthenticated token=-",
    ]


@pytest.mark.parametrize("person", ["secret-person-7", "Zoe\u0308-7"], ids=["ascii", "decomposed"])
def test_an_unknown_person_s_problem_does_not_name_them(
    client: TestClient[Any], raw_tokens: dict[str, Any], person: str
) -> None:
    """The 404's detail says "this person", whether the id came in the normal form (NFC) the store names
    people by or not ("Zoë" written as "e" and a combining diaeresis)."""
    answer = client.get(f"/v1/people/{person}/timeline", headers=bearer(raw_tokens, "reader"))
    document = problem(answer, 404, "unknown_person")
    assert "this person" in document["detail"]
    assert "Zo" not in answer.text and "secret" not in answer.text


def test_token_add_prints_the_token_once_and_keeps_its_hash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tokens.jsonl"
    raw = cli(capsys, "token", "add", "caseworker-7", "--role", "recorder", "--tokens", str(path)).strip()
    assert raw.startswith("lc_") and len(raw) > 40
    kept = path.read_text(encoding="utf-8")
    assert raw not in kept and json.loads(kept)["name"] == "caseworker-7"
    assert path.stat().st_mode & 0o077 == 0
    assert main(["token", "add", "caseworker-7", "--role", "reader", "--tokens", str(path)]) == 2


def test_requests_are_served_concurrently_over_the_store_s_pool(store_url: str, raw_tokens: dict[str, Any]) -> None:
    """Requests in flight together are each answered in full, from worker threads sharing one store:
    as many at once as the store's pool is asked to serve, every answer the same as one served alone."""

    async def together(served: Any) -> tuple[list[Any], Any]:
        async with AsyncTestClient(served) as client:
            headers = bearer(raw_tokens, "reader")
            alone = await client.get("/v1/people/w07_two_authorities/assessment", params={"on": ON}, headers=headers)
            asked = [
                client.get(f"/v1/people/{path.stem}/assessment", params={"on": ON}, headers=headers)
                for path in EXAMPLES[:6] + [W07] * 6
            ]
            return list(await asyncio.gather(*asked)), alone

    with open_store(store_url, create=False) as store:
        answers, alone = asyncio.run(together(app.create(store, tokens.load(raw_tokens["path"]))))
    assert alone.status_code == 200
    assert [answer.status_code for answer in answers] == [200] * len(answers)
    assert all(answer.json() == alone.json() for answer in answers[6:])
    assert {answer.json()["on"] for answer in answers} == {ON}


def test_a_revoked_token_is_refused_from_the_next_request_without_a_restart(
    tmp_path: Path, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``token list`` names each token and its role, never a hash; ``token revoke`` removes one, and a
    server reading the file (as ``serve`` does) refuses it from the next request; revoking it again is
    refused in one line."""
    path = tmp_path / "tokens.jsonl"
    kept = cli(capsys, "token", "add", "case-system", "--role", "reader", "--tokens", str(path)).strip()
    gone = cli(capsys, "token", "add", "old-laptop", "--role", "recorder", "--tokens", str(path)).strip()
    listed = cli(capsys, "token", "list", "--tokens", str(path))
    assert listed == "case-system\treader\nold-laptop\trecorder\n"
    asked = "/v1/people/w07_two_authorities/assessment"
    with open_store(store_url, create=False) as store, TestClient(app.create(store, tokens.TokenFile(path))) as client:
        for raw in (kept, gone):
            assert client.get(asked, params={"on": ON}, headers={"Authorization": f"Bearer {raw}"}).status_code == 200
        assert cli(capsys, "token", "revoke", "old-laptop", "--tokens", str(path)) == "revoked old-laptop\n"
        problem(
            client.get(asked, params={"on": ON}, headers={"Authorization": f"Bearer {gone}"}), 401, "unauthenticated"
        )
        assert client.get(asked, params={"on": ON}, headers={"Authorization": f"Bearer {kept}"}).status_code == 200
    assert cli(capsys, "token", "list", "--tokens", str(path)) == "case-system\treader\n"
    assert path.stat().st_mode & 0o077 == 0
    assert main(["token", "revoke", "old-laptop", "--tokens", str(path)]) == 2
