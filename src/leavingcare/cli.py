"""The ``leavingcare`` command: ``assess``, ``timeline``, ``explain``, ``schema`` and ``authority``.

The store commands (``record``, ``import``, ``people``, and ``--person``/``--all`` on the others) are in
``leavingcare.cli_store``.

Bad input (a rejected event or history, an unreadable file, a bad date) exits with status 2 and one
line on stderr naming the line or event id and the reason; errors never echo event field values. Any
other failure is one line too (``AssessmentFailed``: the person or file, and the kind of failure), never
a traceback; control and invisible formatting characters in a message are shown escaped.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import leavingcare as lc
from leavingcare import cli_audit, cli_bulk, cli_input, cli_serve, cli_store, geography
from leavingcare import people as people_file
from leavingcare.cli_input import parse_date, parse_days, parse_known_at
from leavingcare.errors import AssessmentFailed
from leavingcare.events import decoder
from leavingcare.events.base import person_id
from leavingcare.interop import areas as area_maps
from leavingcare.interop import hclic, oc3, read903, report903, ssda903
from leavingcare.interop.people import person_lines, record_people
from leavingcare.report import html, jsonout, kinds, tabular, text, worklist

PROG = "leavingcare"
BAD_INPUT = 2


class UsageError(Exception):
    """A command line the parser rejects."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors become one line on stderr, not usage plus a message."""

    intermixed = False
    """Whether positionals may come on both sides of options (``explain FILE --on DATE KIND``)."""
    _mixing = False

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        if not self.intermixed or self._mixing:
            return super().parse_known_args(args, namespace)
        self._mixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False


def parse_kind(value: str) -> str:
    if value not in kinds.known():
        raise argparse.ArgumentTypeError(
            "is not a finding kind (e.g. personal_adviser; see leavingcare explain --help)"
        )
    return value


def _load(args: argparse.Namespace) -> lc.History:
    """FILE, or the history of ``--person`` in the store."""
    return cli_store.load(args.file, args.person, cli_store.url_of(args))


def run_assess(args: argparse.Namespace) -> str | cli_bulk.Report:
    jobs = cli_input.jobs(args)
    if args.cache is not None and not (args.all and args.file):
        raise UsageError("--cache applies to assess --all FILE only (the store keeps its own timelines)")
    if args.all:
        if args.person is not None:
            raise UsageError("--all and --person cannot be used together")
        if args.file:
            report = cli_bulk.file_assessments(args.file, args.on, args.known_at, args.format, jobs, args.cache)
        else:
            report = cli_bulk.store_assessments(cli_store.url_of(args), args.on, args.known_at, args.format)
        return report.shown(lambda chunks: cli_audit.with_progress(chunks, args))
    history = _load(args)
    result = lc.assess(history, on=args.on, known_at=args.known_at)
    if args.format == "json":
        return jsonout.dumps(jsonout.assessment(result))
    if args.format == "csv":
        return tabular.header() + tabular.rows(args.person or Path(args.file).stem, result)
    return text.assessment(result, born=history.facts.born)


def run_timeline(args: argparse.Namespace) -> str:
    result = lc.timeline(_load(args), known_at=args.known_at)
    if args.format == "json":
        return jsonout.dumps(jsonout.timeline(result))
    return text.timeline(result)


def run_explain(args: argparse.Namespace) -> str:
    result = lc.explain(_load(args), args.on, args.kind, known_at=args.known_at)
    return jsonout.dumps(result.to_dict()) if args.format == "json" else str(result)


def run_report(args: argparse.Namespace) -> str:
    """Write the HTML page to ``--html`` (``-``: standard output)."""
    history = _load(args)
    person = args.person or Path(args.file).stem
    page = html.render_report(history, args.on, known_at=args.known_at, person=person, changes_since=args.changes_since)
    if args.html == "-":
        return page
    try:
        Path(args.html).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.html}: {exc.strerror or 'unwritable'}") from None
    return ""


class InputFileError(lc.LeavingCareError):
    """A bad line in one of several files; the message starts with the file's path."""


def _people_of_file(path: str) -> Iterator[tuple[str, lc.History]]:
    """A file of one person's lines (named by its stem) or, when the first line names a ``person``, of
    several, read with ``lc.read_people``."""
    with Path(path).open("rb") as handle:
        lines = decoder.lines(handle)
        first = next(lines, None)
        if first is None:
            return
        if first.person is decoder.ABSENT:
            envelopes = []
            for line in itertools.chain([first], lines):
                if line.person is not decoder.ABSENT:
                    raise lc.InvalidHistory(f"line {line.number}", "names a person but the first line does not")
                envelopes.append(line.read())
            yield person_id(Path(path).stem, "the file's name (the person's id)"), lc.History(envelopes)
            return
    yield from lc.read_people(path)


def people(paths: Sequence[str]) -> Iterator[tuple[str, lc.History]]:
    """``(person, History)`` for each person in the files, one at a time; a person's lines must be together."""
    seen: set[str] = set()
    for path in paths:
        try:
            for person, history in _people_of_file(path):
                if person in seen:
                    raise lc.InvalidHistory(f"person {person}, line {history.envelopes[0].line}", people_file.REAPPEARS)
                seen.add(person)
                yield person, history
        except lc.LeavingCareError as exc:
            raise InputFileError(f"{path}: {exc}") from None


def run_worklist(args: argparse.Namespace) -> cli_store.Outcome:
    """Over the files, or over everyone in the store when no file is given. A person who cannot be
    assessed (events in the store that no longer make a valid history, or a defect) is named on
    standard error, one line each, and left out; the others are listed, and the command exits 1."""
    failures: list[lc.LeavingCareError] = []

    def failed(person: str, error: lc.LeavingCareError) -> None:
        failures.append(error)
        print(f"{PROG}: worklist: left out {cli_input.printable(str(error))}", file=sys.stderr)

    if args.files:
        timelines = cli_input.timelines(people(args.files), failed)
        items = worklist.worklist_of_timelines(timelines, args.on, args.days)
    else:
        with cli_store.open_existing(cli_store.url_of(args)) as store:
            items = worklist.worklist_of_timelines(
                cli_input.answered(store.each_timeline(), failed), args.on, args.days
            )
    return cli_store.Outcome(cli_audit.worklist_output(items, args), 1 if failures else 0)


def _not_in_force(found: geography.Authority, on: dt.date) -> str:
    """One line: why ``found`` cannot be used on ``on``, naming its successors."""
    head = f"{found.code} ({found.name}) is not in force on {on.isoformat()}"
    if on < found.valid.since:
        return f"{head}: in force only from {found.valid.since.isoformat()}"
    last = found.valid.last_day.isoformat() if found.valid.last_day else "-"
    named = "; ".join(text.authority(code) for code in found.successors) or "none recorded"
    carrier, _ = geography.successor_on(found.code, on)
    later = f"; on that date: {text.authority(carrier)}" if carrier and carrier not in found.successors else ""
    return f"{head}: its last day was {last}; successors: {named}{later}"


def run_authority(args: argparse.Namespace) -> str:
    """What the authorities dataset says about one code on a date (default: today)."""
    on: dt.date = args.on or cli_input.today()
    found = geography.lookup(args.code)
    if found is None:
        if geography.is_outside_england(args.code):
            raise UsageError(f"{args.code} is a council outside England; the dataset holds English authorities only")
        raise UsageError(f"{args.code} is not a code in the dataset of English housing and children's authorities")
    if not found.valid_on(on):
        raise UsageError(_not_in_force(found, on))
    since = "before 2009-04-01" if found.valid.since == dt.date.min else found.valid.since.isoformat()
    until = found.valid.last_day.isoformat() if found.valid.last_day else "current (no end recorded)"
    housing = text.authority(geography.housing_authority_for(found.code, on))
    childrens = text.authority(geography.childrens_authority_for(found.code, on))
    successors = "; ".join(text.authority(code) for code in found.successors) or "none"
    lines = [f"{found.code} {found.name}", f"  Kind:        {found.kind}", f"  Valid from:  {since}"]
    lines += [f"  Valid to:    {until}", f"  On {on.isoformat()}:"]
    if found.kind == "district":
        lines.append(f"    County:                        {text.authority(geography.county_of(found.code, on))}")
    if found.kind == "county":
        districts = geography.districts_of(found.code, on)
        lines += [f"    Districts ({len(districts)}):", *(f"      {text.authority(code)}" for code in districts)]
        lines.append("    Housing authorities:           the district councils above")
    else:
        lines.append(f"    Housing authority:             {housing}")
    lines += [f"    Children's services authority: {childrens}", f"  Successors:  {successors}"]
    if found.note:
        lines.append(f"  Note:        {found.note}")
    return "\n".join(lines) + "\n"


def run_import_903(args: argparse.Namespace) -> cli_store.Outcome:
    """SSDA903 tables to histories: multi-person JSONL on standard output or ``--out``, or recorded in
    ``--store``; a short summary on standard error and every row in ``--report``. Exits 1 when a row was
    rejected, a child left out or a person not recorded."""
    episodes: list[str] = args.episodes or []
    if not episodes:
        raise UsageError("give the episodes: --episodes EPISODES.csv or --xml RETURN.xml")
    if not args.header and not any(read903.is_xml(path) for path in episodes):
        raise UsageError("--header is needed with CSV episodes tables")
    if args.report and Path(args.report).suffix.lower() not in report903.REPORT_FORMATS:
        raise UsageError("--report must name a .csv or .json file")
    areas = area_maps.read_area_map(args.areas) if args.areas else None
    result = ssda903.read_903(args.header or [], episodes, args.authority, areas=areas, partial=args.partial)
    pairs = [(child.person, child.history) for child in result.people]
    status = 0 if result.complete else 1
    if args.report:
        try:
            report903.write_report(result, args.report)
        except OSError as exc:
            raise UsageError(f"cannot write {args.report}: {exc.strerror or 'unwritable'}") from None
    report = ssda903.summary_lines(result, report=args.report)
    output = ""
    store_url = cli_store.url_of(args)
    if store_url:
        with cli_store.open_for_recording(store_url) as store:
            shown = cli_audit.progressed(pairs, len(pairs), "import-903")
            recorded = record_people(store, shown, recorded_by=f"import-903 {args.authority}")
        report += [f"not recorded: {r.error}" for r in recorded if r.error]
        status = 1 if any(r.error for r in recorded) else status
        added, already = sum(r.added for r in recorded), sum(r.already for r in recorded)
        report.append(f"recorded {added} new events in the store ({already} were already there)")
    elif args.out:
        try:
            Path(args.out).write_text("".join(person_lines(pairs)), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror or 'unwritable'}") from None
    else:
        output = "".join(person_lines(pairs))
    for line in report:
        print(f"{PROG}: import-903: {line}", file=sys.stderr)
    return cli_store.Outcome(output, status)


def parse_year(value: str) -> int:
    try:
        return oc3.parse_year(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_oc3(args: argparse.Namespace) -> str:
    """The OC3 cohort of a collection year, as CSV: from the files, or everyone in the store."""
    source = people(args.files) if args.files else cli_store.everyone(cli_store.url_of(args))
    rows = oc3.cohort(source, args.year, known_at=args.known_at, authority=args.authority)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=oc3.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.as_dict() for row in rows)
    return buffer.getvalue()


def run_export_cases(args: argparse.Namespace) -> str:
    """One CSV row per homelessness application made from ``--from`` to ``--to`` (both included)."""
    if args.since > args.until:
        raise UsageError("--from must not be after --to")
    rows = hclic.case_rows(people([args.file]), args.since, args.until, known_at=args.known_at)
    if args.format == "json":
        return cli_audit.cases_json(rows, args.since, args.until, args.known_at)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=hclic.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.as_dict() for row in rows)
    return buffer.getvalue()


def _interop_commands(sub: argparse._SubParsersAction[Parser]) -> None:
    """``import-903``, ``oc3`` and ``export-cases`` (docs/interop.md)."""
    summary = "read SSDA903 header and episode tables into histories"
    reader = sub.add_parser("import-903", help=summary, description=summary)
    reader.set_defaults(run=run_import_903)
    reader.add_argument(
        "--header", action="append", metavar="HEADER.csv", help="a header table; repeatable, oldest first"
    )
    reader.add_argument(
        "--episodes",
        action="append",
        metavar="EPISODES.csv",
        help="an episodes table; repeat for several collection years, oldest first (a later file wins)",
    )
    reader.add_argument(
        "--xml", dest="episodes", action="append", metavar="RETURN.xml", help="an XML return (header and episodes)"
    )
    reader.add_argument("--partial", action="store_true", help="import a child's rows before its first problem")
    reader.add_argument("--report", metavar="FILE.csv", help="write every row not imported as given (.csv or .json)")
    reader.add_argument("--authority", required=True, metavar="CODE", help="the GSS code of the returning authority")
    reader.add_argument("--areas", metavar="MAP.csv", help="postcode_district,area: places episodes by PL_POST")
    target = reader.add_mutually_exclusive_group()
    target.add_argument(
        "--store",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="record in the store at URL (sqlite:///..., memory://)",
    )
    target.add_argument("--out", metavar="FILE.jsonl", help="write multi-person JSONL (default: standard output)")
    summary = "the young people the SSDA903 return must report in its OC3 table for a collection year"
    cohort = sub.add_parser("oc3", help=summary, description=summary)
    cohort.set_defaults(run=run_oc3)
    cohort.add_argument("files", nargs="*", metavar="FILE", help="JSONL histories (none: everyone in the store)")
    cli_store.add_store_option(cohort)
    cohort.add_argument("--year", required=True, type=parse_year, metavar="YYYY-YY", help="e.g. 2024-25")
    cohort.add_argument("--authority", metavar="CODE", help="only those this authority is responsible for")
    cohort.add_argument(
        "--known-at",
        type=parse_known_at,
        metavar="TIMESTAMP",
        help="leave out events recorded after this ISO 8601 time (a bare date: midnight UTC)",
    )
    summary = "one CSV row per homelessness application made in a window"
    export = sub.add_parser("export-cases", help=summary, description=summary)
    export.set_defaults(run=run_export_cases)
    export.add_argument("file", metavar="FILE", help="a JSONL history, or lines naming a person")
    export.add_argument(
        "--from", dest="since", required=True, type=parse_date, metavar="DATE", help="YYYY-MM-DD or 'today'"
    )
    export.add_argument(
        "--to", dest="until", required=True, type=parse_date, metavar="DATE", help="YYYY-MM-DD or 'today'"
    )
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument(
        "--known-at",
        type=parse_known_at,
        metavar="TIMESTAMP",
        help="leave out events recorded after this ISO 8601 time (a bare date: midnight UTC)",
    )


Command = Callable[[argparse.Namespace], str | Iterable[str] | cli_store.Outcome]


def _command(
    sub: argparse._SubParsersAction[Parser], name: str, run: Command, summary: str, *, on: bool, fmt: bool
) -> Parser:
    parser = sub.add_parser(name, help=summary, description=summary)
    parser.set_defaults(run=run)
    parser.add_argument("file", metavar="FILE", nargs="?", help="a JSONL history, one event per line")
    parser.add_argument(
        "--person",
        type=cli_input.person_argument,
        metavar="PERSON",
        help="read the person's history from the store, not a FILE",
    )
    cli_store.add_store_option(parser)
    if on:
        parser.add_argument("--on", required=True, type=parse_date, metavar="DATE", help="YYYY-MM-DD or 'today'")
    parser.add_argument(
        "--known-at",
        type=parse_known_at,
        metavar="TIMESTAMP",
        help="leave out events recorded after this ISO 8601 time (a bare date: midnight UTC)",
    )
    if fmt:
        formats = ("text", "json", "csv") if name == "assess" else ("text", "json")
        parser.add_argument("--format", choices=formats, help="default: text (with --all: JSON lines)")
    return parser


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="Which statutory duties are owed to a care leaver in England, and why.")
    cli_store.add_store_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    summary = "what is owed on a date, by whom, until when and why"
    assessor = _command(sub, "assess", run_assess, summary, on=True, fmt=True)
    assessor.add_argument("--all", action="store_true", help="everyone in FILE, or in the store: one JSON line each")
    assessor.add_argument(
        "--jobs",
        type=cli_input.parse_jobs,
        default=1,
        metavar="N",
        help=f"with --all FILE and JSON lines: assess in N worker processes (default 1; at most the number of "
        f"CPUs, here {cli_input.cpus()}); refused with the store, one person or --format text",
    )
    assessor.add_argument(
        "--cache",
        metavar="DIR",
        help="with --all FILE: keep each person's timeline in DIR (an existing directory, empty or a cache) and "
        "read it back while their lines, the library and the law are unchanged",
    )
    _command(sub, "timeline", run_timeline, "every finding with its period", on=False, fmt=True)
    explainer = _command(sub, "explain", run_explain, "why a finding holds on a date, or why not", on=True, fmt=False)
    explainer.add_argument("kind", metavar="KIND", type=parse_kind, help="a finding kind, e.g. personal_adviser")
    explainer.add_argument("--format", choices=("text", "json"), help="default: text")
    explainer.intermixed = True
    explainer.epilog = "KIND is one of: " + ", ".join(kinds.known())
    reporter = _command(sub, "report", run_report, "one person on a date as an HTML page", on=True, fmt=False)
    reporter.add_argument("--html", required=True, metavar="OUT", help="the page to write ('-': standard output)")
    reporter.add_argument(
        "--changes-since", type=parse_known_at, metavar="TIMESTAMP", help="add what changed since then"
    )
    work = sub.add_parser("worklist", help="what falls due in the days ahead", description="what falls due")
    work.set_defaults(run=run_worklist)
    work.add_argument("files", nargs="*", metavar="FILE", help="JSONL histories (none: everyone in the store)")
    cli_store.add_store_option(work)
    work.add_argument("--on", required=True, type=parse_date, metavar="DATE", help="YYYY-MM-DD or 'today'")
    work.add_argument("--days", type=parse_days, default=worklist.DEFAULT_DAYS, help="the window (default 28)")
    cli_audit.worklist_options(work)
    summary = "what the authorities dataset says about a GSS code on a date"
    area = sub.add_parser("authority", help=summary, description=summary)
    area.set_defaults(run=run_authority)
    area.add_argument("code", metavar="CODE", help="an ONS GSS code, e.g. E07000110")
    area.add_argument("--on", type=parse_date, metavar="DATE", help="YYYY-MM-DD or 'today' (the default)")
    _interop_commands(sub)
    cli_store.add_commands(sub)
    cli_audit.add_commands(parser, sub)
    cli_serve.add_commands(sub)
    return parser


def _fail(message: str) -> int:
    print(f"{PROG}: {cli_input.printable(cli_input.shown(message))}", file=sys.stderr)
    return BAD_INPUT


def _write(result: str | Iterable[str] | cli_store.Outcome | cli_bulk.Report) -> int:
    """Write a command's output (a string, or chunks as they are made), then give its exit status."""
    status = 0
    if isinstance(result, cli_store.Outcome):
        status, result = result.status, result.output
    try:
        for chunk in [result] if isinstance(result, str) else result:
            sys.stdout.write(chunk)
            sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return result.status if isinstance(result, cli_bulk.Report) else status


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (0; 1 when ``import``, ``import-903`` or ``worklist`` left
    something or someone out, or ``assess --all`` could not assess someone; 2 on bad input, or on a
    failure of one person's assessment)."""
    parser = build_parser()
    args: argparse.Namespace | None = None
    try:
        args = parser.parse_args(argv)
        with cli_input.standard_input(args):
            return _write(args.run(args))
    except UsageError as exc:
        return _fail(str(exc))
    except lc.LeavingCareError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot read {exc.filename or 'the file'}: {exc.strerror or 'unreadable'}")
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except Exception as exc:  # a defect: one typed line naming what was being done, never a traceback
        return _fail(str(AssessmentFailed(cli_input.subject(args), cli_input.internal(exc))))


if __name__ == "__main__":
    raise SystemExit(main())
