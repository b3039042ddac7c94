"""The ASGI application of ``leavingcare serve``: the ``/v1`` API, the caseworker pages, ``/healthz`` and
``/openapi.json``, over one store opened for the life of the process (its connection pool serves the
requests, which run concurrently in worker threads).

``create(store, tokens)`` builds it around an open store; ``from_environment`` (the factory uvicorn
calls, once per worker process) opens the store named by ``LEAVINGCARE_STORE`` and reads the tokens file
named by ``LEAVINGCARE_TOKENS``.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Response, get
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig

import leavingcare as lc
from leavingcare.provenance import library_version
from leavingcare.report import jsonout
from leavingcare.store.port import HistoryStore
from leavingcare.web import openapi, pages, problems, v1
from leavingcare.web.body import MAX_BODY_BYTES
from leavingcare.web.openapi import Published
from leavingcare.web.tokens import Finder, TokenFile, tokens_path


@get("/healthz", tags=["health"], sync_to_thread=False, opt={"health": True})
def healthz() -> Response[str]:
    """The server answers (no token needed)."""
    return Response(jsonout.dumps({"status": "ok"}), media_type="application/json")


def create(store: HistoryStore, tokens: Finder, *, close_store: bool = False) -> Litestar:
    """The application over ``store``, taking ``tokens``; with ``close_store``, the store is closed when
    the application shuts down."""

    def shut(app: Litestar) -> None:
        if close_store:
            store.close()

    return Litestar(
        route_handlers=[healthz, v1.ROUTER, pages.ROUTER],
        state=State({"store": store, "tokens": tokens}),
        exception_handlers={**problems.HANDLERS, **pages.HANDLERS},  # type: ignore[dict-item]
        openapi_config=OpenAPIConfig(
            title="leavingcare",
            version=library_version(),
            description="Statutory duties owed to care leavers in England: the HTTP API of `leavingcare serve`.",
            render_plugins=[Published()],
            openapi_router=openapi.router(),
        ),
        request_max_body_size=MAX_BODY_BYTES,
        on_shutdown=[shut],
        debug=False,
    )


def from_environment() -> Litestar:
    """The application over the store of ``LEAVINGCARE_STORE`` and the tokens of ``LEAVINGCARE_TOKENS``
    (read again whenever that file changes)."""
    return create(lc.open_store(create=False), TokenFile(tokens_path()), close_store=True)


__all__: list[Any] = ["create", "from_environment"]
