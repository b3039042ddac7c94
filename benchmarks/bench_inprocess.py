"""In-process throughput and latency of ``assess`` and ``timeline``, beside eventsourcing's own
``Aggregate`` reconstruction of the same events.

    python benchmarks/bench_inprocess.py                 # 2,000 people, about a minute
    python benchmarks/bench_inprocess.py --people 20000  # a bigger run
    python benchmarks/bench_inprocess.py --rounds 3      # each pass three times, the median shown

What is timed:

- *including parsing*: ``read_people`` over the JSONL file (decoding, validation, the fold into facts)
  and then ``assess``/``timeline`` of each person, as a nightly job reading an export would run;
- *parsing only*: ``read_people`` alone;
- *excluding parsing*: ``assess``/``timeline`` of histories already in memory (the rules, the
  successor hand-over and the ordering of findings; the fold is done when a ``History`` is built);
- latency: one history of about 30 and one of about 300 events, timed call by call;
- eventsourcing: each person's JSONL objects recorded as events of a minimal ``Aggregate`` in an
  in-memory ``Application`` and reconstructed with ``repository.get``, as a user of that library
  would write it. The ratio compares events per second.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import (
    ASSESS_ON,
    LATENCY_PEOPLE,
    Clock,
    find_history,
    median_clock,
    number,
    percentile,
    population_file,
    print_machine,
    rate,
    table,
)
from common import replay as replay_clock

import leavingcare as lc


def _latency(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return walls, cpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=2000, help="people in the population (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=200, help="calls per latency figure (default 200)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each pass; the median is shown (default 1)")
    args = parser.parse_args(argv)

    path = population_file(args.people, seed=args.seed)
    print_machine("leavingcare in-process benchmark")

    with Clock() as parse:
        histories = list(lc.read_people(path))
    people = len(histories)
    events = sum(len(h) for _, h in histories)
    print(f"population: {people:,} people, {events:,} events ({events / people:.1f} a person), {path}\n")

    rows: list[list[str]] = []

    def row(what: str, clock: Clock) -> None:
        rows.append(
            [
                what,
                rate(people, clock.cpu),
                rate(events, clock.cpu),
                rate(people, clock.wall),
                rate(events, clock.wall),
                number(clock.cpu),
            ]
        )

    def measure(fn: Callable[[], object]) -> Clock:
        return median_clock(fn, args.rounds)

    def stream(fn: Callable[[lc.History], object]) -> Callable[[], None]:
        def run() -> None:
            for _, history in lc.read_people(path):
                fn(history)

        return run

    def held(fn: Callable[[lc.History], object]) -> Callable[[], None]:
        def run() -> None:
            for _, history in histories:
                fn(history)

        return run

    if args.rounds > 1:
        parse = measure(lambda: sum(1 for _ in lc.read_people(path)))
    row("parsing only (read_people)", parse)
    assess_incl = measure(stream(lambda h: lc.assess(h, on=ASSESS_ON)))
    row("assess, including parsing", assess_incl)
    assess_excl = measure(held(lambda h: lc.assess(h, on=ASSESS_ON)))
    row("assess, excluding parsing", assess_excl)
    timeline_incl = measure(stream(lc.timeline))
    row("timeline, including parsing", timeline_incl)
    timeline_excl = measure(held(lc.timeline))
    row("timeline, excluding parsing", timeline_excl)

    # eventsourcing's Aggregate reconstruction of the same events
    replay = replay_clock(path, args.rounds)
    row("eventsourcing Aggregate replay (repository.get)", replay)

    print(table(["in-process", "persons/s CPU", "events/s CPU", "persons/s wall", "events/s wall", "CPU s"], rows))
    print()

    ratios = [
        ["assess including parsing", f"{replay.cpu / assess_incl.cpu:.3f}x", f"{replay.wall / assess_incl.wall:.3f}x"],
        ["assess excluding parsing", f"{replay.cpu / assess_excl.cpu:.3f}x", f"{replay.wall / assess_excl.wall:.3f}x"],
        [
            "timeline including parsing",
            f"{replay.cpu / timeline_incl.cpu:.3f}x",
            f"{replay.wall / timeline_incl.wall:.3f}x",
        ],
    ]
    print(table(["events/s of leavingcare / events/s of Aggregate replay", "by CPU", "by wall"], ratios))
    print()

    # single-history latency
    latency_rows: list[list[str]] = []
    for target in (30, 300):
        lines, size = find_history(target, args.seed, start=LATENCY_PEOPLE)
        history = lc.History.from_jsonl(lines)
        repeat = args.repeat
        for what, fn in (
            ("parse (History.from_jsonl)", lambda lines=lines: lc.History.from_jsonl(lines)),
            ("timeline", lambda history=history: lc.timeline(history)),
            ("assess", lambda history=history: lc.assess(history, on=ASSESS_ON)),
        ):
            walls, cpus = _latency(fn, repeat)
            latency_rows.append(
                [
                    f"{size}-event history: {what}",
                    f"{percentile(cpus, 50) * 1000:.3f}",
                    f"{percentile(cpus, 99) * 1000:.3f}",
                    f"{percentile(walls, 50) * 1000:.3f}",
                    f"{percentile(walls, 99) * 1000:.3f}",
                ]
            )
    print(
        table(
            ["latency (ms), repeated " + str(args.repeat) + "x", "p50 CPU", "p99 CPU", "p50 wall", "p99 wall"],
            latency_rows,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
