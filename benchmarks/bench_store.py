"""Import and whole-store assessment through ``lc.open_store`` on SQLite and PostgreSQL, and the peak
memory of streaming assessment.

    python benchmarks/bench_store.py                          # 500 people a backend, about a minute
    python benchmarks/bench_store.py --people 5000 --rss-people 10000 100000
    python benchmarks/bench_store.py --postgres postgresql://postgres@127.0.0.1:5432/test
    python benchmarks/bench_store.py --key                    # encrypted stores (rows sealed and padded)

What is timed, on each backend:

- import, ``record()``: ``store.record(person, events, recorded_by=...)``, one call a person (each
  validated as a whole history and written in one transaction), from histories already parsed; and
  with the parsing of the JSONL file added;
- import, ``import_people``: ``leavingcare.store.bulk.import_people`` of the same parsed histories
  into a second, empty store (each person's lines planned once, new people recorded a group of up
  to 200 a transaction); and with the parsing added;
- reading: ``store.histories()`` alone (a page of people's streams a query, decoding and validating
  each history);
- assessing: ``assess`` of every person as ``store.histories()`` streams them.

SQLite writes to a file in a temporary folder, removed afterwards. PostgreSQL (default
``postgresql://postgres@127.0.0.1:5432/test``) works in a schema of its own, dropped afterwards; when
the server cannot be reached its rows say so and the run goes on.

Peak RSS is read with ``resource.getrusage`` in a fresh process that only opens its source and
streams ``assess`` over it, so nothing the parent holds counts: for the SQLite store just written and
for JSONL populations of each ``--rss-people`` size. A peak that stays flat as the people grow is
streaming; one that grows with them is holding something per person.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from common import ASSESS_ON, Clock, number, peak_rss_mb, population_file, print_machine, rate, table

import leavingcare as lc
from leavingcare.events.codec import Envelope
from leavingcare.store import new_key
from leavingcare.store.bulk import import_people

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def _postgres_reachable(url: str) -> str | None:
    """None when the server answers; else why not."""
    import psycopg

    try:
        with psycopg.connect(_conninfo(url), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        text = str(exc).strip().splitlines()
        return text[0] if text else type(exc).__name__


def _conninfo(url: str) -> str:
    return url.split("?", 1)[0]


def _drop_schema(url: str, schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_conninfo(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _backend(
    name: str, url: str, bulk_url: str, histories: list[tuple[str, lc.History]], parse: Clock, key: str | None = None
) -> list[list[str]]:
    people = len(histories)
    events = sum(len(h) for _, h in histories)
    rows: list[list[str]] = []

    def row(what: str, clock: Clock, count_events: bool = True) -> None:
        rows.append(
            [
                f"{name}: {what}",
                rate(people, clock.wall),
                rate(events, clock.wall) if count_events else "",
                rate(people, clock.cpu),
                rate(events, clock.cpu) if count_events else "",
                number(clock.wall),
            ]
        )

    with lc.open_store(url, key=key) as store:
        with Clock() as record:
            for person, history in histories:
                store.record(person, [Envelope(e.id, e.event) for e in history], recorded_by="bench-import")
        row("import, record() only", record)
        both = Clock()
        both.wall, both.cpu = record.wall + parse.wall, record.cpu + parse.cpu
        row("import, read_people + record()", both)
    with lc.open_store(bulk_url, key=key) as store:
        with Clock() as bulk:
            summary = import_people(store, histories, recorded_by="bench-import")
        assert summary.ok and summary.added == events, f"imported {summary.added} of {events} events"
        row("import, import_people only", bulk)
        both = Clock()
        both.wall, both.cpu = bulk.wall + parse.wall, bulk.cpu + parse.cpu
        row("import, read_people + import_people", both)
    # The parsed population is still held for the other backend: frozen out of the garbage collector's
    # sight, the reading passes run as a nightly job would, with a small heap.
    gc.freeze()
    with lc.open_store(url, key=key) as store:
        with Clock() as read:
            read_people = sum(1 for _ in store.histories())
        assert read_people == people, f"read {read_people} people back, recorded {people}"
        row("histories() only", read)
        with Clock() as assess:
            for _, history in store.histories():
                lc.assess(history, on=ASSESS_ON)
        row("histories() + assess", assess)
    gc.unfreeze()
    return rows


def _vm_hwm_mb() -> float | None:
    """The kernel's high-water mark of this process's resident memory (Linux ``VmHWM``), a cross-check."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _rss_import(url: str, source: str) -> dict[str, Any]:
    """Run in a fresh process: fill a store for the memory measurement."""
    people = 0
    with lc.open_store(url) as store:
        for person, history in lc.read_people(source):
            store.record(person, [Envelope(e.id, e.event) for e in history], recorded_by="bench-import")
            people += 1
    return {"people": people}


def _rss_child(kind: str, source: str) -> dict[str, Any]:
    """Run in a fresh process: stream ``assess`` over the source and report the memory it took."""
    baseline = peak_rss_mb()
    people = events = 0
    if kind == "sqlite":
        with lc.open_store(source) as store:
            baseline = peak_rss_mb()
            for _, history in store.histories():
                lc.assess(history, on=ASSESS_ON)
                people += 1
                events += len(history)
    else:
        for _, history in lc.read_people(source):
            lc.assess(history, on=ASSESS_ON)
            people += 1
            events += len(history)
    return {
        "people": people,
        "events": events,
        "baseline_mb": baseline,
        "peak_mb": peak_rss_mb(),
        "hwm_mb": _vm_hwm_mb(),
    }


def _child(*args: str) -> dict[str, Any]:
    """A fresh process running this script with ``args``; its last line of output, as JSON.

    Run only while this process is small: Linux counts the parent's high-water mark in a child's
    ``ru_maxrss`` when the child is started (vfork, then exec)."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _rss_row(what: str, got: dict[str, Any]) -> list[str]:
    hwm = got.get("hwm_mb")
    return [
        f"{what}, {got['people']:,} people",
        f"{got['events']:,}",
        f"{got['baseline_mb']:.0f}",
        f"{got['peak_mb']:.0f}",
        f"{hwm:.0f}" if hwm is not None else "n/a",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=500, help="people imported into each store (default 500)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="PostgreSQL URL (a schema of its own is used)")
    parser.add_argument(
        "--rss-people", type=int, nargs="*", default=[1000, 4000], help="JSONL population sizes for peak RSS"
    )
    parser.add_argument("--key", action="store_true", help="encrypt the stores with a fresh key")
    parser.add_argument("--rss-child", nargs=2, metavar=("KIND", "SOURCE"), help=argparse.SUPPRESS)
    parser.add_argument("--rss-import", nargs=2, metavar=("URL", "SOURCE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.rss_child:
        print(json.dumps(_rss_child(*args.rss_child)))
        return 0
    if args.rss_import:
        print(json.dumps(_rss_import(*args.rss_import)))
        return 0

    path = population_file(args.people, seed=args.seed)
    rss_sources = [population_file(size, seed=args.seed) for size in args.rss_people]
    print_machine("leavingcare store benchmark")

    # memory first, while this process is small (see _child)
    rss_rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as folder:
        rss_url = f"sqlite:///{Path(folder) / 'rss.sqlite'}"
        _child("--rss-import", rss_url, str(path))
        rss_rows.append(_rss_row("SQLite store, histories()", _child("--rss-child", "sqlite", rss_url)))
    for source in rss_sources:
        rss_rows.append(_rss_row("JSONL, read_people", _child("--rss-child", "jsonl", str(source))))

    with Clock() as parse:
        histories = list(lc.read_people(path))
    events = sum(len(h) for _, h in histories)
    key = new_key() if args.key else None
    print(f"population: {len(histories):,} people, {events:,} events, {path}; {'encrypted' if key else 'no key'}\n")

    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as folder:
        sqlite = [f"sqlite:///{Path(folder) / name}" for name in ("store.sqlite", "bulk.sqlite")]
        rows += _backend("SQLite", *sqlite, histories, parse, key)

    why = _postgres_reachable(args.postgres)
    if why is None:
        schemas = [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
        separator = "&" if "?" in args.postgres else "?"
        try:
            urls = [f"{args.postgres}{separator}schema={schema}" for schema in schemas]
            rows += _backend("PostgreSQL", *urls, histories, parse, key)
        finally:
            for schema in schemas:
                _drop_schema(args.postgres, schema)
    else:
        print(f"PostgreSQL skipped: {args.postgres.split('@')[-1]} cannot be reached ({why})\n")
        rows.append(["PostgreSQL: skipped (server down)", "", "", "", "", ""])

    print(table(["store", "persons/s wall", "events/s wall", "persons/s CPU", "events/s CPU", "wall s"], rows))
    print()
    print("Peak RSS of streaming assess (a fresh process each; baseline = after imports and opening)\n")
    print(table(["streamed", "events", "baseline MB", "peak MB (getrusage)", "peak MB (VmHWM)"], rss_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
