"""The OpenAPI document (``GET /openapi.json``): Litestar generates the paths and parameters from the
handlers' signatures; the bodies and answers take their schemas from ``report.schemas`` (the schemas
``leavingcare schema`` prints, referenced under ``#/components/schemas/``), never a copy written here."""

from __future__ import annotations

import copy
from typing import Any

from litestar import Litestar, Request, Router
from litestar.enums import MediaType
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.routes import HTTPRoute

from leavingcare.report import jsonout, schemas
from leavingcare.web.access import needs
from leavingcare.web.body import JSONL, MAX_BODY_BYTES, MAX_EVENTS
from leavingcare.web.tokens import Capability

ROOT = "#/components/schemas/"
PATH = "/openapi.json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": ROOT + name}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _ref("problem")}}}


PROBLEMS = {
    "400": "bad events or a bad person id",
    "401": "no bearer token, or an unknown one",
    "403": "the token's role does not allow it",
    "404": "no events recorded for the person",
    "409": "If-Match names a version the person's stream has moved on from",
    "413": f"a body over {MAX_BODY_BYTES} bytes or {MAX_EVENTS} events",
    "422": "a bad date, kind, authority or other parameter",
    "500": "an internal error",
    "503": "the store is unavailable",
}


def _responses(opt: dict[str, Any], status: str) -> dict[str, Any]:
    if "document" in opt:
        answer = {"description": "the document", "content": {"application/json": {"schema": _ref(opt["document"])}}}
    elif "html" in opt:
        answer = {"description": "the HTML report", "content": {"text/html": {"schema": {"type": "string"}}}}
    else:
        answer = {"description": "the JSON Schema", "content": {"application/json": {"schema": {"type": "object"}}}}
    found = {status: answer}
    if status == "201":
        found["200"] = {**answer, "description": "nothing new to record"}
    wanted = ["400", "401", "403", "413", "422", "500", "503"]
    wanted += ["404"] if opt.get("person") or "schema" in opt else []
    wanted += ["409"] if opt.get("conflict") else []
    return found | {code: _problem(PROBLEMS[code]) for code in sorted(wanted)}


HEALTH = {
    "200": {
        "description": "the server answers",
        "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"const": "ok"}}}}},
    }
}
BODY = {
    "required": True,
    "description": f"the history: a JSON array of events, or JSONL ({JSONL}); at most {MAX_EVENTS} events",
    "content": {
        "application/json": {"schema": {"type": "array", "items": _ref(schemas.EVENT), "maxItems": MAX_EVENTS}},
        JSONL: {"schema": {"type": "string"}},
    },
}


def published(app: Litestar, generated: dict[str, Any]) -> dict[str, Any]:
    """The generated document with the project's schemas for every body and answer."""
    document = copy.deepcopy(generated)
    event = {k: v for k, v in schemas.named(schemas.EVENT).items() if k not in ("$schema", "$id")}
    document.setdefault("components", {})["schemas"] = {**schemas.components(ROOT), schemas.EVENT: event}
    document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            opt = handler.opt
            if "health" in opt:
                for method in handler.http_methods:
                    document["paths"][route.path_format][method.lower()]["responses"] = HEALTH
                continue
            if not {"document", "html", "schema"} & set(opt):
                continue
            for method in handler.http_methods:
                operation = document["paths"][route.path_format][method.lower()]
                status = str(handler.status_code)
                operation["responses"] = _responses(opt, status)
                operation["security"] = [{"bearer": []}]
                if opt.get("body"):
                    operation["requestBody"] = BODY
    return document


class Published(OpenAPIRenderPlugin):
    """Serves ``published`` (written by ``report.jsonout``) at the root of the OpenAPI router, which is
    ``ROUTER``: ``/openapi.json``."""

    def __init__(self) -> None:
        super().__init__(path="/", media_type=MediaType.JSON)

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return jsonout.dumps(published(request.app, openapi_schema)).encode("utf-8")


def router() -> Router:
    """Where the document is served, to any token that may view."""
    return Router(PATH, route_handlers=[], guards=[needs(Capability.VIEW)], include_in_schema=False)
