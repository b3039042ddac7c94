"""The whole-store timeline and assessment rate with the store's kept timelines: cold (the first pass,
computing every timeline and keeping it) and warm (the next pass, every timeline read back), on SQLite
and PostgreSQL.

    python benchmarks/bench_cache.py                          # 2,000 people a backend
    python benchmarks/bench_cache.py --people 5000 --key      # an encrypted store
    python benchmarks/bench_cache.py --profile                # cProfile of a warm pass on SQLite

What is timed, on each backend, over a store the population was imported into:

- ``histories() + assess``: today's whole-store job without the cache (every history read and assessed);
- ``timelines() cold``: the first pass, computing each timeline and writing its snapshot;
- ``timelines() warm``: a second pass, every snapshot read back (what the nightly job does for people
  whose histories did not change);
- ``timelines().at(on) warm``: the same, each whole timeline built and then assessed on one date;
- ``each_assessment(on) warm``: what ``assess --all --store`` does: each kept timeline read back only
  as far as the date (``leavingcare.kept.Entry.at``);
- ``one event each for 5%, then warm``: a pass after 5% of people had an event appended.

SQLite writes to a file in a temporary folder; PostgreSQL (default
``postgresql://postgres@127.0.0.1:5432/test``) works in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import tempfile
import uuid
from pathlib import Path

from bench_store import DEFAULT_POSTGRES, _drop_schema, _postgres_reachable
from common import ASSESS_ON, Clock, number, population_file, print_machine, rate, table

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.store import new_key
from leavingcare.store.bulk import import_people

TARGETS = {"SQLite": 3000, "PostgreSQL": 2000}
"""persons/s a warm pass should reach."""


def _backend(name: str, url: str, path: Path, key: str | None) -> list[list[str]]:
    rows: list[list[str]] = []
    with lc.open_store(url, key=key) as store:
        # Streamed in, so that the passes below run with the heap of a nightly job, not a held population.
        import_people(store, lc.read_people(path), recorded_by="bench-import")
        everyone = list(store.people())
        people = len(everyone)

        def row(what: str, clock: Clock, target: bool = False) -> None:
            goal = f">= {TARGETS[name]:,}" if target else ""
            rows.append(
                [f"{name}: {what}", rate(people, clock.wall), rate(people, clock.cpu), number(clock.wall), goal]
            )

        with Clock() as plain:
            for _, history in store.histories():
                lc.assess(history, on=ASSESS_ON)
        row("histories() + assess, no cache", plain)
        with Clock() as cold:
            for _ in store.timelines():
                pass
        row("timelines() cold (compute, keep)", cold)
        with Clock() as warm:
            for _ in store.timelines():
                pass
        row("timelines() warm (read back)", warm, target=True)
        with Clock() as assessed:
            for _, timeline in store.timelines():
                timeline.at(ASSESS_ON)
        row("timelines().at(on) warm", assessed, target=True)
        with Clock() as dated:
            for _ in store.each_assessment(ASSESS_ON):
                pass
        row("each_assessment(on) warm (assess --all)", dated, target=True)
        changed = everyone[:: max(1, people // (people * 5 // 100 or 1))]
        for person in changed:
            store.record(person, [ev.SupportRequested(on=dt.date(2025, 1, 6))], recorded_by="bench-change")
        with Clock() as mixed:
            for _, timeline in store.timelines():
                timeline.at(ASSESS_ON)
        row(f"after one event each for {len(changed):,} people", mixed)
        for (person, kept), (_, history) in zip(store.timelines(), store.histories(), strict=True):
            assert kept == lc.timeline(history), f"{person}: a kept timeline differs from a computed one"
    return rows


def _profile(path: Path, folder: str) -> None:
    with lc.open_store(f"sqlite:///{Path(folder) / 'profile.sqlite'}") as store:
        import_people(store, lc.read_people(path), recorded_by="bench-import")
        for _ in store.timelines():
            pass
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in store.timelines():
            pass
        profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=2000, help="people in each store (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="PostgreSQL URL (a schema of its own is used)")
    parser.add_argument("--key", action="store_true", help="encrypt the stores with a fresh key")
    parser.add_argument("--profile", action="store_true", help="print cProfile of a warm pass on SQLite instead")
    args = parser.parse_args(argv)

    path = population_file(args.people, seed=args.seed)
    key = new_key() if args.key else None
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as folder:
            _profile(path, folder)
        return 0

    print_machine("leavingcare store: kept timelines")
    events = sum(1 for line in path.open("rb") if line.strip())
    print(f"population: {args.people:,} people, {events:,} events, {path}; {'encrypted' if key else 'no key'}\n")
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as folder:
        rows += _backend("SQLite", f"sqlite:///{Path(folder) / 'store.sqlite'}", path, key)
    why = _postgres_reachable(args.postgres)
    if why is None:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        separator = "&" if "?" in args.postgres else "?"
        try:
            rows += _backend("PostgreSQL", f"{args.postgres}{separator}schema={schema}", path, key)
        finally:
            _drop_schema(args.postgres, schema)
    else:
        print(f"PostgreSQL skipped: {args.postgres.split('@')[-1]} cannot be reached ({why})\n")
        rows.append(["PostgreSQL: skipped (server down)", "", "", "", ""])
    print(table(["pass", "persons/s wall", "persons/s CPU", "wall s", "target"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
