"""Who may do what: a guard per capability, reading the bearer token (the API) or the sign-in cookie
(the caseworker pages), and the checks a handler makes of what a request asks (``known_at`` views and
receipts are for auditors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from leavingcare.web.tokens import Capability, Finder, Token

COOKIE = "leavingcare_token"
"""The sign-in cookie of the caseworker pages (HttpOnly, SameSite=Strict); the API takes only the header."""
TOKEN = "token"
"""Where the request's token is kept in its state (and ``token_name``, for the log)."""

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


class SignInNeeded(NotAuthorizedException):
    """A page asked for without a valid sign-in cookie: the answer is the sign-in page."""


def presented(connection: ASGIConnection[Any, Any, Any, Any], *, cookie: bool) -> str | None:
    """The bearer token of the ``Authorization`` header (or, for pages, of the sign-in cookie)."""
    if cookie:
        return connection.cookies.get(COOKIE) or None
    scheme, _, raw = connection.headers.get("authorization", "").partition(" ")
    return raw.strip() or None if scheme.lower() == "bearer" else None


def needs(capability: Capability, *, cookie: bool = False) -> Guard:
    """A guard: 401 without a known token (pages: the sign-in page), 403 when its role lacks ``capability``."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        tokens: Finder = connection.app.state.tokens
        raw = presented(connection, cookie=cookie)
        token = tokens.find(raw) if raw else None
        if token is None:
            raise SignInNeeded() if cookie else NotAuthorizedException()
        connection.scope["state"][TOKEN] = token
        connection.scope["state"]["token_name"] = token.name
        if not token.role.may(capability):
            raise PermissionDeniedException(detail=f"the role {token.role.value} may not {capability.value}")

    return guard


def token_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Token:
    token: Token = connection.scope["state"][TOKEN]
    return token


def audits(connection: ASGIConnection[Any, Any, Any, Any], known_at: object) -> bool:
    """Whether the request may see receipts; a ``known_at`` view from a token that may not audit is 403."""
    may = token_of(connection).role.may(Capability.AUDIT)
    if known_at is not None and not may:
        raise PermissionDeniedException(detail="views as known at a past time (known_at) are for auditors")
    return may
