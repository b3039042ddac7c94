"""The auditor's side of the ``leavingcare`` command: ``verify`` a receipt, ``diff`` two views of one
person, the JSON Schemas of every document (``schema``), shell ``completion`` and ``--version``.

``verify`` exits 0 when the answer is reproduced identically, 1 when anything differs, 2 on bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs

from leavingcare import calendar, cli_store, geography
from leavingcare.cli_input import parse_date, parse_known_at, person_argument
from leavingcare.duties.findings import Assessment, Concern, Finding
from leavingcare.errors import InvalidReceipt, LeavingCareError
from leavingcare.events.codec import json_schema
from leavingcare.provenance import SCHEMA_VERSION, Answer, library_version
from leavingcare.report import changes, diff, jsonout, schemas, verify, worklist

PROG = "leavingcare"
DIFFERENT = 1


class AuditUsage(LeavingCareError):
    """A ``verify`` or ``diff`` command line that cannot be run as given."""

    code = "usage"


def _history(args: argparse.Namespace) -> Any:
    return cli_store.load(args.file, args.person, cli_store.url_of(args))


def run_verify(args: argparse.Namespace) -> cli_store.Outcome:
    """Ask the receipt's question again and say ``identical`` or what differs."""
    recorded = verify.read(args.receipt)
    result = verify.verify(recorded, _history(args))
    output = jsonout.dumps(result.to_dict()) if args.format == "json" else None
    return cli_store.Outcome(output or verify.text(result), 0 if result.identical else DIFFERENT)


def _recorded_assessment(path: str) -> Assessment:
    """The assessment a receipt file records with its answer."""
    recorded = verify.read(path)
    receipt, document = recorded.receipt, recorded.answer
    if receipt.answer is Answer.TIMELINE or receipt.on is None:
        raise InvalidReceipt(path, "is the receipt of a timeline: diff --against needs one of an assessment")
    if document is None:
        raise InvalidReceipt(path, "holds the receipt alone: diff --against needs the answer printed with it")
    try:
        findings = tuple(Finding.from_dict(f) for f in document["findings"])
        concerns = tuple(Concern.from_dict(c) for c in document["concerns"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidReceipt(path, f"holds an answer that cannot be read ({exc})") from None
    return Assessment(receipt.on, receipt.known_at, findings, concerns, receipt.at(receipt.on))


def run_diff(args: argparse.Namespace) -> str:
    """What changed between two views of one person, and why."""
    dates: list[dt.date] = args.on or []
    known: list[dt.datetime | None] = args.known_at or []
    if len(dates) > 2 or len(known) > 2:
        raise AuditUsage("give --on and --known-at at most twice each")
    history = _history(args)
    if args.against:
        if dates or len(known) > 1:
            raise AuditUsage("--against takes the date from the receipt: give no --on, and at most one --known-at")
        result = diff.against(_recorded_assessment(args.against), history, known_at=(known or [None])[0])
    else:
        if not dates:
            raise AuditUsage("give --on DATE (twice to compare two dates), or --against RECEIPT.json")
        if len(dates) == 1 and not known:
            raise AuditUsage("nothing to compare: give a second --on, a --known-at or --against RECEIPT.json")
        first, second = _views(dates, known)
        result = diff.between(history, dates[0], known_at=(first, second), on_after=dates[-1])
    if args.format == "json":
        return jsonout.dumps(result.to_dict())
    return changes.text(result)


def _views(dates: list[dt.date], known: list[dt.datetime | None]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """What was known in the earlier view and in the later: two --known-at, earlier first; one, against
    everything recorded (or, with two dates, the same for both); none, everything recorded."""
    if len(known) == 2:
        first, second = sorted(known, key=lambda t: t or dt.datetime.max.replace(tzinfo=dt.UTC))
        return first, second
    if len(known) == 1:
        return (known[0], known[0]) if len(dates) == 2 else (known[0], None)
    return None, None


def parse_authority(value: str) -> str:
    if geography.lookup(value) is None:
        raise argparse.ArgumentTypeError("is not a code in the dataset of English housing and children's authorities")
    return value


def worklist_options(parser: argparse.ArgumentParser) -> None:
    """``worklist``'s ``--authority``, ``--overdue-since`` and ``--format``."""
    parser.add_argument(
        "--authority", type=parse_authority, metavar="CODE", help="only the items this authority acts on"
    )
    parser.add_argument(
        "--overdue-since",
        type=parse_date,
        metavar="DATE",
        help="leave out items overdue since before DATE (default: a year before --on; 1900-01-01 keeps all)",
    )
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text", help="default: text")


def worklist_output(items: list[worklist.WorkItem], args: argparse.Namespace) -> str:
    """The worklist of ``args.authority``, without items overdue since before ``--overdue-since``."""
    since: dt.date = args.overdue_since or calendar.add_months(args.on, -12)
    kept, left_out = worklist.select(items, authority=args.authority, overdue_since=since)
    if args.format == "json":
        return worklist.to_json(kept, args.on, args.days, by=args.authority, overdue_since=since)
    if args.format == "csv":
        return worklist.to_csv(kept)
    return worklist.render(kept, args.on, args.days, left_out=left_out, overdue_since=since, by=args.authority)


def cases_json(rows: Iterable[Any], since: dt.date, until: dt.date, known_at: dt.datetime | None) -> str:
    """``export-cases --format json``: the rows of the CSV with dates, booleans and nulls as JSON."""

    def value(item: object) -> object:
        return item.isoformat() if isinstance(item, dt.date) else item

    document = {
        "schema_version": SCHEMA_VERSION,
        "from": since.isoformat(),
        "to": until.isoformat(),
        "known_at": None if known_at is None else known_at.isoformat(),
        "cases": [{k: value(v) for k, v in attrs.asdict(row).items()} for row in rows],
    }
    return jsonout.dumps(document)


_PERSON = re.compile(rb'"person"\s*:\s*"((?:[^"\\]|\\.)*)"')


def people_in_file(path: str) -> int:
    """How many people a multi-person file holds, by a quick look at each line's ``person`` (for the
    progress bar only: the file is read properly as it is assessed)."""
    count, last = 0, None
    with Path(path).open("rb") as handle:
        for raw in handle:
            found = _PERSON.search(raw)
            person = found.group(1) if found else None
            if person != last:
                count, last = count + 1, person
    return count


def _people_in_store(url: str | None) -> int:
    with cli_store.open_existing(url) as store:
        return sum(1 for _ in store.people())


def with_progress(chunks: Iterable[str], args: argparse.Namespace) -> Iterator[str]:
    """``assess --all``'s output as it is made, with a progress bar (people done, rate, time left) on
    standard error when that is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield from chunks
        return
    total = people_in_file(args.file) if args.file else _people_in_store(cli_store.url_of(args))
    progress = cli_store.Progress(total, sys.stderr, shown=True, label="assess")
    done, lines = 0, args.format in (None, "json")
    try:
        for number, chunk in enumerate(chunks):
            yield chunk
            done += chunk.count("\n") if lines else int(number > 0)
            progress.update(done)
    finally:
        progress.close()


T = TypeVar("T")


def progressed(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """``items`` as they come, with a progress bar on standard error when that is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    progress = cli_store.Progress(total, sys.stderr, shown=True, label=label)
    try:
        for done, item in enumerate(items, start=1):
            yield item
            progress.update(done)
    finally:
        progress.close()


def run_schema(args: argparse.Namespace) -> str:
    """The event schema (one JSONL line), or with ``--output`` the schema of one output document (all
    of them when none is named)."""
    if args.output is None:
        return jsonout.dumps(json_schema())
    document = schemas.bundle() if args.output == "all" else schemas.schema(args.output)
    return jsonout.dumps(document)


def run_completion(args: argparse.Namespace) -> str:
    """A completion script for the shell, generated from the parser itself."""
    import shtab

    script: str = shtab.complete(args.top, shell=args.shell)
    return script if script.endswith("\n") else script + "\n"


def _reader(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?", help="a JSONL history ('-': standard input)")
    parser.add_argument("--person", type=person_argument, metavar="PERSON", help="read the store, not a FILE")
    cli_store.add_store_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="default: text")


def add_commands(parser: argparse.ArgumentParser, sub: argparse._SubParsersAction[Any]) -> None:
    """``--version`` on the command, and ``verify``, ``diff``, ``schema`` and ``completion``."""
    parser.add_argument("--version", action="version", version=f"{PROG} {library_version()}")
    summary = "recompute an answer from its receipt: identical (exit 0) or what differs (exit 1)"
    verifier = sub.add_parser("verify", help=summary, description=summary)
    verifier.set_defaults(run=run_verify)
    verifier.add_argument(
        "receipt", metavar="RECEIPT.json", help="an answer printed with --format json, or its receipt"
    )
    _reader(verifier)
    summary = "what changed between two views of one person (two --known-at, two --on, or --against), and why"
    differ = sub.add_parser("diff", help=summary, description=summary)
    differ.set_defaults(run=run_diff)
    _reader(differ)
    differ.add_argument("--on", action="append", type=parse_date, metavar="DATE", help="the date; twice: two dates")
    differ.add_argument(
        "--known-at",
        action="append",
        type=parse_known_at,
        metavar="TIMESTAMP",
        help="what was known then (a bare date: midnight UTC); twice: the earlier and the later view",
    )
    differ.add_argument("--against", metavar="RECEIPT.json", help="an assessment printed with --format json")
    summary = "the JSON Schema of one JSONL line, or with --output of the documents the library writes"
    schema = sub.add_parser("schema", help=summary, description=summary)
    schema.set_defaults(run=run_schema)
    schema.add_argument(
        "--output",
        nargs="?",
        const="all",
        choices=("all", *schemas.DOCUMENTS),
        help="a document's schema (none named: all of them)",
    )
    summary = "a shell completion script generated from the command's own parser"
    completion = sub.add_parser("completion", help=summary, description=summary)
    completion.set_defaults(run=run_completion, top=parser)
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"), help="the shell")
