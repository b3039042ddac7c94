"""``assess --all FILE --cache DIR``: persons/s cold (computing and keeping every timeline) and warm
(reading them back), beside the same file without a cache and eventsourcing's ``Aggregate`` replay of
the same events in the same process.

    python benchmarks/bench_filecache.py                          # 2,000 and 20,000 people
    python benchmarks/bench_filecache.py --people 2000 --profile  # cProfile of a warm pass

What is timed, for each population, in this process (the command's own loop, ``cli_bulk.file_assessments``,
its JSON lines produced and dropped, so without start-up and the terminal):

- ``no cache``: every person read, computed and assessed (``assess --all FILE``);
- ``cold``: the first pass with an empty cache directory, computing and keeping every timeline;
- ``warm``: the next pass, every timeline read back (the nightly run over an unchanged export);
- ``5% changed``: a pass over the file after one line was added for 5% of people;
- where a warm pass spends its time: reading the file into people (``people.runs``: the lines read as
  far as their person, each person's digested), then reading each whole timeline back
  (``timeline_of``), or the assessment on the date built from the entry (``assessment_of``, what the
  command does before its JSON line);
- the installed command, warm, in a process of its own (start-up included; its CPU time is the
  child's user and system time);
- eventsourcing: each person's JSON objects recorded as events of a minimal ``Aggregate`` in an
  in-memory application and rebuilt with ``repository.get`` (``common.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from common import (
    ASSESS_ON,
    Clock,
    command_clock,
    count_lines,
    number,
    population_file,
    print_machine,
    rate,
    replay,
    table,
)

import leavingcare as lc
from leavingcare import cli_bulk
from leavingcare import people as people_file
from leavingcare.cachedir import open_cache

TARGET = 20_000
"""persons/s by CPU a warm pass should reach."""


def _assess_all(path: Path, cache: Path | None) -> Callable[[], None]:
    def run() -> None:
        for _ in cli_bulk.file_assessments(str(path), ASSESS_ON, None, None, 1, None if cache is None else str(cache)):
            pass

    return run


def _runs_only(path: Path) -> Callable[[], None]:
    def run() -> None:
        with path.open("rb") as handle:
            for _ in people_file.runs(handle):
                pass

    return run


def _read_back(path: Path, cache: Path, assess: bool) -> Callable[[], None]:
    kept = open_cache(cache)
    law = lc.default_law()

    def run() -> None:
        with path.open("rb") as handle:
            for found in people_file.runs(handle):
                if assess:
                    people_file.assessment_of(found, ASSESS_ON, law, kept)
                else:
                    people_file.timeline_of(found, law, kept)

    return run


def _changed(path: Path, folder: Path, share: float = 0.05) -> Path:
    """The file with one more line (a support request) for every ``1/share``-th person."""
    out = folder / f"{path.stem}-changed.jsonl"
    every = round(1 / share)
    seen: dict[str, int] = {}
    with path.open("rb") as source, out.open("wb") as target:
        last: str | None = None
        for raw in source:
            person = json.loads(raw)["person"]
            if last is not None and person != last and seen[last] % every == 0:
                target.write(
                    json.dumps({"person": last, "type": "SupportRequested", "on": "2025-01-06"}).encode() + b"\n"
                )
            seen.setdefault(person, len(seen))
            last = person
            target.write(raw)
    return out


def _command(path: Path, cache: Path) -> Clock:
    """The installed command, warm, in a process of its own: wall time, and its CPU time."""
    argv = [sys.executable, "-m", "leavingcare.cli", "assess", "--all", str(path), "--on", str(ASSESS_ON)]
    return command_clock([*argv, "--cache", str(cache)])


def _population(people: int, folder: Path) -> Iterator[list[str]]:
    path = population_file(people)
    events = count_lines(path)

    def row(what: str, clock: Clock, target: bool = False) -> list[str]:
        return [
            f"{people:,}: {what}",
            rate(people, clock.cpu),
            rate(events, clock.cpu),
            rate(people, clock.wall),
            number(clock.cpu),
            f">= {TARGET:,}" if target else "",
        ]

    cache = folder / f"cache-{people}"
    cache.mkdir()

    def timed(fn: Callable[[], None]) -> Clock:
        with Clock() as clock:
            fn()
        return clock

    yield row("assess --all FILE, no cache", timed(_assess_all(path, None)))
    yield row("--cache DIR, cold (compute, keep)", timed(_assess_all(path, cache)))
    warm = [timed(_assess_all(path, cache)) for _ in range(3)]
    yield row("--cache DIR, warm (median of 3)", sorted(warm, key=lambda c: c.cpu)[1], target=True)
    yield row("  of which: people.runs (read, decode, digest)", timed(_runs_only(path)))
    yield row("  ... + whole timelines read back (timeline_of)", timed(_read_back(path, cache, assess=False)))
    yield row("  ... or assessed on the date as read (assessment_of)", timed(_read_back(path, cache, assess=True)))
    changed = _changed(path, folder)
    yield row("--cache DIR, 5% of people changed", timed(_assess_all(changed, cache)))
    yield row("the command, warm (start-up included)", _command(path, cache))
    yield row("eventsourcing Aggregate replay (repository.get)", replay(path))


def _profile(people: int) -> None:
    path = population_file(people)
    with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as folder:
        warm = _assess_all(path, Path(folder))
        warm()
        profiler = cProfile.Profile()
        profiler.enable()
        warm()
        profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, nargs="+", default=[2000, 20000], help="populations (default 2000 20000)")
    parser.add_argument("--profile", action="store_true", help="print cProfile of a warm pass instead")
    args = parser.parse_args(argv)
    if args.profile:
        _profile(args.people[0])
        return 0
    print_machine("leavingcare assess --all FILE --cache DIR: kept timelines for files")
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as folder:
        for people in args.people:
            rows.extend(_population(people, Path(folder)))
    headers = ["pass", "persons/s CPU", "events/s CPU", "persons/s wall", "CPU s", "target"]
    print(table(headers, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
