"""``leavingcare serve`` (the HTTP API and caseworker pages, ``leavingcare.web``) and ``leavingcare token``
(``add``, ``list``, ``revoke``).

The server is uvicorn running ``leavingcare.web.app:from_environment`` in each worker process: the store
and the tokens file reach it as ``LEAVINGCARE_STORE`` and ``LEAVINGCARE_TOKENS``. uvicorn is imported
only when the server starts, so other commands do not pay for it. Its access log is off: it would write
the URL, which names the person; the application logs refused and failed requests by route instead.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from leavingcare import cli_store
from leavingcare.store.config import STORE_VARIABLE
from leavingcare.web import tokens

APP = "leavingcare.web.app:from_environment"
LOOPBACK = "127.0.0.1"


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError("must be a port number, 1 to 65535")
    return int(value)


def _workers(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of worker processes, at least 1")
    return int(value)


def run_serve(args: argparse.Namespace) -> str:
    """Serve until interrupted; the store must exist already (``record`` or ``import`` creates it)."""
    import uvicorn  # third-party and heavy: loaded only to serve

    url = cli_store.url_of(args)
    cli_store.open_existing(url).close()  # a missing or unreachable store is refused before serving
    if url:
        os.environ[STORE_VARIABLE] = url
    os.environ[tokens.TOKENS_VARIABLE] = str(tokens.tokens_path(args.tokens).resolve())
    uvicorn.run(APP, factory=True, host=args.host, port=args.port, workers=args.workers, access_log=False)
    return ""


def run_token_add(args: argparse.Namespace) -> str:
    """Make a token, keep its hash, print the token (once: it is not kept)."""
    path = tokens.tokens_path(args.tokens)
    raw = tokens.add(path, args.name, tokens.Role(args.role))
    return f"{raw}\n"


def run_token_list(args: argparse.Namespace) -> str:
    """Each token's name and role, one a line (never a hash)."""
    held = tokens.load(tokens.tokens_path(args.tokens)).tokens
    return "".join(f"{token.name}\t{token.role.value}\n" for token in held)


def run_token_revoke(args: argparse.Namespace) -> str:
    """Remove a token; a running server refuses it from its next request."""
    tokens.revoke(tokens.tokens_path(args.tokens), args.name)
    return f"revoked {args.name}\n"


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """``serve`` and ``token add``, ``token list`` and ``token revoke``."""
    summary = "serve the HTTP API and the caseworker pages (loopback only unless --host says otherwise)"
    serve = sub.add_parser("serve", help=summary, description=summary)
    serve.set_defaults(run=run_serve)
    serve.add_argument("--host", default=LOOPBACK, help=f"the address to listen on (default {LOOPBACK})")
    serve.add_argument("--port", type=_port, default=8000, help="the port (default 8000)")
    serve.add_argument("--workers", type=_workers, default=1, metavar="N", help="worker processes (default 1)")
    serve.add_argument("--tokens", metavar="FILE", help=TOKENS_HELP)
    cli_store.add_store_option(serve)
    summary = "manage the bearer tokens of leavingcare serve"
    token = sub.add_parser("token", help=summary, description=summary)
    actions = token.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=type(token))
    summary = "make a token with a role; the token is printed once and only its hash is kept"
    add = actions.add_parser("add", help=summary, description=summary)
    add.set_defaults(run=run_token_add)
    add.add_argument("name", metavar="NAME", help="who holds it (recorded_by of what it records)")
    add.add_argument("--role", required=True, choices=[r.value for r in tokens.Role], help="what it may do")
    add.add_argument("--tokens", metavar="FILE", help=TOKENS_HELP)
    summary = "list the tokens' names and roles"
    listing = actions.add_parser("list", help=summary, description=summary)
    listing.set_defaults(run=run_token_list)
    listing.add_argument("--tokens", metavar="FILE", help=TOKENS_HELP)
    summary = "remove a token: a running server refuses it from its next request"
    revoke = actions.add_parser("revoke", help=summary, description=summary)
    revoke.set_defaults(run=run_token_revoke)
    revoke.add_argument("name", metavar="NAME", help="the token's name")
    revoke.add_argument("--tokens", metavar="FILE", help=TOKENS_HELP)


TOKENS_HELP = f"the tokens file (default: ${tokens.TOKENS_VARIABLE}, else ./{tokens.DEFAULT_TOKENS})"
