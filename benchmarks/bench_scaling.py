"""How the cost of assessing grows with events per person and with the number of people.

    python benchmarks/bench_scaling.py                                   # 1x and 10x; 1,000 and 10,000 people
    python benchmarks/bench_scaling.py --scales 1 10 100 --persons 10000 100000 --budget 900

Events per person: populations drawn with ``--scale`` 1, 10 (and 100), sized to hold a similar number
of events, each assessed with and without parsing. Linear growth means the same cost per event, so the
growth figure is the cost per event relative to 1x (1.00 = linear; the target is at most 1.20).

People: the first N people of one population (person i is the same in every size), streamed from
JSONL through ``read_people`` and ``assess``. A size whose run would pass ``--budget`` seconds stops
there and its total is extrapolated from the people done, and says so. 100,000 people, when not run,
is extrapolated linearly from the largest size run, and labelled as such.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import NamedTuple

from common import ASSESS_ON, Clock, number, population_file, print_machine, rate, table

import leavingcare as lc

EVENTS_PER_POPULATION = 18_000
"""About this many events in each events-per-person population (its people: this over the mean)."""
MEAN_EVENTS = {1.0: 29.0, 10.0: 215.0, 100.0: 1400.0}


def _people_for(scale: float) -> int:
    mean = MEAN_EVENTS.get(scale, 29.0 * scale)
    return max(int(EVENTS_PER_POPULATION / mean), 8)


class Dense(NamedTuple):
    scale: float
    people: int
    events: int
    parse: Clock
    excl: Clock


def _per_person(scale: float, seed: int) -> Dense:
    path = population_file(_people_for(scale), seed=seed, scale=scale)
    with Clock() as parse:
        histories = list(lc.read_people(path))
    people, events = len(histories), sum(len(h) for _, h in histories)
    with Clock() as excl:
        for _, history in histories:
            lc.assess(history, on=ASSESS_ON)
    return Dense(scale, people, events, parse, excl)


def _stream(path: Path, budget: float) -> tuple[int, int, Clock, bool]:
    """Assess people from ``path`` until done or ``budget`` seconds of wall time have passed."""
    people = events = 0
    stopped = False
    with Clock() as clock:
        deadline = time.perf_counter() + budget
        for _, history in lc.read_people(path):
            lc.assess(history, on=ASSESS_ON)
            people += 1
            events += len(history)
            if time.perf_counter() > deadline:
                stopped = True
                break
    return people, events, clock, stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0], help="events-per-person scales")
    parser.add_argument("--persons", type=int, nargs="+", default=[1000, 10000], help="population sizes")
    parser.add_argument("--budget", type=float, default=60.0, help="wall seconds at most per population size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    print_machine("leavingcare scaling benchmark")

    # events per person ------------------------------------------------------------------------
    measured = [_per_person(scale, args.seed) for scale in sorted(args.scales)]
    rows = []
    base: dict[str, float] = {}
    for scale, people, events, parse, excl in measured:
        per_event = {"incl": (parse.cpu + excl.cpu) / events, "excl": excl.cpu / events}
        base = base or per_event
        rows.append(
            [
                f"{scale:g}x",
                f"{people:,}",
                f"{events / people:,.0f}",
                f"{(parse.cpu + excl.cpu) / people * 1000:.2f}",
                f"{per_event['incl'] * 1e6:.1f}",
                f"{per_event['incl'] / base['incl']:.2f}",
                f"{excl.cpu / people * 1000:.2f}",
                f"{per_event['excl'] * 1e6:.1f}",
                f"{per_event['excl'] / base['excl']:.2f}",
            ]
        )
    print("Events per person (assess; CPU time; growth = cost per event relative to the first row)\n")
    print(
        table(
            [
                "scale",
                "people",
                "events/person",
                "ms/person incl. parsing",
                "µs/event incl.",
                "growth incl.",
                "ms/person excl. parsing",
                "µs/event excl.",
                "growth excl.",
            ],
            rows,
        )
    )
    print()

    # people -----------------------------------------------------------------------------------
    rows = []
    first: float | None = None
    largest: tuple[int, float, float, float] | None = None
    for size in sorted(args.persons):
        path = population_file(size, seed=args.seed)
        done, events, clock, stopped = _stream(path, args.budget)
        per_person_cpu = clock.cpu / done
        per_person_wall = clock.wall / done
        per_event = clock.cpu / events
        first = first or per_event
        label = f"{size:,}"
        if stopped:
            label += f" (extrapolated from the first {done:,})"
        rows.append(
            [
                label,
                f"{events / done:.1f}",
                number(per_person_cpu * size),
                number(per_person_wall * size),
                rate(done, clock.cpu),
                rate(events, clock.cpu),
                rate(done, clock.wall),
                f"{per_event / first:.2f}",
            ]
        )
        largest = (size, per_person_cpu, per_person_wall, per_event)
    if largest is not None and 100_000 not in args.persons:
        size, per_person_cpu, per_person_wall, per_event = largest
        rows.append(
            [
                f"100,000 (extrapolated linearly from {size:,})",
                "",
                number(per_person_cpu * 100_000),
                number(per_person_wall * 100_000),
                rate(1, per_person_cpu),
                "",
                rate(1, per_person_wall),
                "1.00 (assumed)",
            ]
        )
    print("People (read_people + assess, streamed from JSONL; growth = CPU cost per event relative to the first row)\n")
    print(
        table(
            [
                "people",
                "events/person",
                "total CPU s",
                "total wall s",
                "persons/s CPU",
                "events/s CPU",
                "persons/s wall",
                "growth",
            ],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
