"""Errors as RFC 9457 problem documents (``leavingcare schema --output problem``): the typed error's
``code``, ``field`` and message, with the HTTP status it stands for. Nothing personal reaches a
message or the log: a message never quotes what an event says (the library's errors do not), the id of
the person asked about is replaced by "the person", and the log of a refused or failed request names the
method, the route's template, the status, the code and the token's name only."""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)

from leavingcare.errors import (
    AssessmentFailed,
    ConcurrencyError,
    LeavingCareError,
    StoreUnavailable,
)
from leavingcare.report import jsonout
from leavingcare.report.schemas import BASE
from leavingcare.store import UnknownPerson
from leavingcare.web.body import BadParameter, TooLarge

PROBLEM = "application/problem+json"
LOG = logging.getLogger("leavingcare.web")
TITLES = {
    400: "Bad input",
    401: "Sign-in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Bad parameter",
    500: "Internal error",
    503: "Store unavailable",
}


def status_of(exc: LeavingCareError) -> int:
    """The HTTP status a typed error stands for."""
    if isinstance(exc, UnknownPerson):
        return 404
    if isinstance(exc, ConcurrencyError):
        return 409
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, BadParameter):
        return 422
    if isinstance(exc, StoreUnavailable):
        return 503
    if isinstance(exc, AssessmentFailed):
        return 500
    return 400


def document(status: int, code: str, detail: str, field: str | None = None) -> dict[str, Any]:
    return {
        "type": f"{BASE}problems/{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        "field": field,
    }


def _without_person(request: Request[Any, Any, Any], detail: str) -> str:
    """``detail`` with the person asked about said as "this person": as given, and in the normal form
    (NFC) the store's messages name it by."""
    person = request.path_params.get("person") if request.scope.get("path_params") else None
    if not isinstance(person, str) or not person:
        return detail
    for named in {person, unicodedata.normalize("NFC", person)}:
        detail = detail.replace(f"person {named}", "this person")
    return detail


def respond(
    request: Request[Any, Any, Any], status: int, code: str, detail: str, field: str | None = None
) -> Response[Any]:
    """The problem document, logged by route, status, code and token name only."""
    token = request.scope.get("state", {}).get("token_name")
    template = request.scope.get("path_template", "?")
    LOG.warning("%s %s %d %s token=%s", request.method, template, status, code, token or "-")
    headers = {"WWW-Authenticate": 'Bearer realm="leavingcare"'} if status == 401 else None
    content = jsonout.dumps(document(status, code, _without_person(request, detail), field))
    return Response(content, status_code=status, media_type=PROBLEM, headers=headers)


def typed(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, LeavingCareError)
    status = status_of(exc)
    if status == 500:
        return respond(request, 500, exc.code, "the answer could not be computed (an internal error); please report it")
    return respond(request, status, exc.code, str(exc), exc.field)


def http(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The framework's own refusals, with fixed messages (its own may quote the URL)."""
    assert isinstance(exc, HTTPException)
    if isinstance(exc, NotAuthorizedException):
        return respond(request, 401, "unauthenticated", "a bearer token is needed (Authorization: Bearer TOKEN)")
    if isinstance(exc, PermissionDeniedException):
        return respond(request, 403, "forbidden", exc.detail or "the token's role does not allow this")
    if isinstance(exc, NotFoundException):
        return respond(request, 404, "not_found", "no such resource")
    if isinstance(exc, MethodNotAllowedException):
        return respond(request, 405, "method_not_allowed", "the resource does not take this method")
    if isinstance(exc, ValidationException):
        return respond(request, 422, "invalid_parameter", "a query or path parameter is missing or malformed")
    if exc.status_code == 413:
        return respond(request, 413, "too_large", "the body is over the limit (see the API's documented limits)")
    return respond(request, exc.status_code, "http_error", "the request cannot be served")


def internal(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A defect: named by its kind only, never its text (which may quote data)."""
    LOG.error("internal error: %s", type(exc).__name__)
    return respond(request, 500, "internal_error", f"internal error ({type(exc).__name__}); please report it")


HANDLERS = {LeavingCareError: typed, HTTPException: http, Exception: internal}
