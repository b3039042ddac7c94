"""The ``leavingcare`` command: ``assess``, ``timeline``, ``explain`` and ``schema``.

Bad input (a rejected event or history, an unreadable file, a bad date) exits with status 2 and one
line on stderr naming the line or event id and the reason; errors never echo event field values.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

import leavingcare as lc
from leavingcare.events.codec import json_schema, parse_timestamp
from leavingcare.report import explain, jsonout, kinds, text

PROG = "leavingcare"
BAD_INPUT = 2
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UsageError(Exception):
    """A command line the parser rejects."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors become one line on stderr, not usage plus a message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` or ``today``."""
    if value == "today":
        return dt.date.today()
    try:
        if _DATE.match(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError("must be a date written YYYY-MM-DD (or 'today')")


def parse_known_at(value: str) -> dt.datetime:
    """An ISO 8601 timestamp with a zone; a bare date means midnight UTC at its start."""
    try:
        if _DATE.match(value):
            return dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), tzinfo=dt.UTC)
        return parse_timestamp(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}") from None


def parse_kind(value: str) -> str:
    if value not in kinds.known():
        raise argparse.ArgumentTypeError(
            "is not a finding kind (e.g. personal_adviser; see leavingcare explain --help)"
        )
    return value


def _load(args: argparse.Namespace) -> lc.History:
    return lc.History.from_jsonl(args.file)


def run_assess(args: argparse.Namespace) -> str:
    history = _load(args)
    result = lc.assess(history, on=args.on, known_at=args.known_at)
    if args.format == "json":
        return jsonout.dumps(jsonout.assessment(result))
    return text.assessment(result, born=history.facts.born)


def run_timeline(args: argparse.Namespace) -> str:
    result = lc.timeline(_load(args), known_at=args.known_at)
    if args.format == "json":
        return jsonout.dumps(jsonout.timeline(result))
    return text.timeline(result)


def run_explain(args: argparse.Namespace) -> str:
    return explain.explain(_load(args), args.on, args.kind, known_at=args.known_at)


def run_schema(args: argparse.Namespace) -> str:
    return json.dumps(json_schema(), indent=2) + "\n"


Command = Callable[[argparse.Namespace], str]


def _command(
    sub: argparse._SubParsersAction[Parser], name: str, run: Command, summary: str, *, on: bool, fmt: bool
) -> Parser:
    parser = sub.add_parser(name, help=summary, description=summary)
    parser.set_defaults(run=run)
    parser.add_argument("file", metavar="FILE", help="a JSONL history, one event per line")
    if on:
        parser.add_argument("--on", required=True, type=parse_date, metavar="DATE", help="YYYY-MM-DD or 'today'")
    parser.add_argument(
        "--known-at",
        type=parse_known_at,
        metavar="TIMESTAMP",
        help="leave out events recorded after this ISO 8601 time (a bare date: midnight UTC)",
    )
    if fmt:
        parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="Which statutory duties are owed to a care leaver in England, and why.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    _command(sub, "assess", run_assess, "what is owed on a date, by whom, until when and why", on=True, fmt=True)
    _command(sub, "timeline", run_timeline, "every finding with its period", on=False, fmt=True)
    explainer = _command(sub, "explain", run_explain, "why a finding holds on a date, or why not", on=True, fmt=False)
    explainer.add_argument("kind", metavar="KIND", type=parse_kind, help="a finding kind, e.g. personal_adviser")
    explainer.epilog = "KIND is one of: " + ", ".join(kinds.known())
    schema = sub.add_parser("schema", help="the JSON Schema of one JSONL line", description="the JSON Schema")
    schema.set_defaults(run=run_schema)
    return parser


def _fail(message: str) -> int:
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)
    return BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (0, or 2 on bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        output: str = args.run(args)
    except UsageError as exc:
        return _fail(str(exc))
    except lc.LeavingCareError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot read {exc.filename or 'the file'}: {exc.strerror or 'unreadable'}")
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
