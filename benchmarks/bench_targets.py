"""Every performance target at once, on one population in one run, each beside eventsourcing's replay of
the same events measured in the same run.

    python benchmarks/bench_targets.py                        # 2,000 people, median of 3 rounds
    python benchmarks/bench_targets.py --people 20000 --rounds 5
    python benchmarks/bench_targets.py --markdown             # also the table for docs/performance.md

One row a target:

1. cold, in process, decoding included: ``read_people`` over the JSONL file, then ``assess`` of each
   person on one date; persons/s by this process's CPU time, and at least twice the replay's;
2. cold, the command: ``leavingcare assess --all FILE --format json --on DATE`` in a process of its
   own, its output dropped; persons/s by the child's CPU time (user and system, start-up included);
3. warm, a file: the same command with ``--cache DIR``, the pass after the one that kept every
   timeline (child CPU);
4. warm, the store: ``assess --all --store sqlite:///...`` after ``import`` and one pass that kept every
   timeline (child CPU);
5. ``--jobs 2`` against ``--jobs 1`` on the cold command: the ratio of wall-clock throughput, the two
   run in turn in each round (the only row timed by the wall: on a machine with two cores and other
   work running it measures the machine as much as the command);
6. ``timeline`` of the 300-event history of ``bench_inprocess.py``: the median CPU time of a call.

The replay (``common.replay``: each person's JSON objects recorded as events of a minimal eventsourcing
``Aggregate`` and rebuilt with ``repository.get``) is timed once a round; a row's ratio is its persons/s
over the replay's (for the latency row, the replay's time for the same history over the timeline's).
The commands' start-up (the same command over an empty file and an empty store) is measured too: at a
small population it is a large part of a warm pass, so each command row also gives its rate net of it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from common import (
    ASSESS_ON,
    LATENCY_PEOPLE,
    Clock,
    Dossiers,
    command_clock,
    count_lines,
    find_history,
    load_average,
    machine,
    median_clock,
    number,
    percentile,
    population_file,
    rate,
    replay,
    revision,
    table,
)

import leavingcare as lc

COMMAND = [sys.executable, "-m", "leavingcare.cli"]


class Row(NamedTuple):
    """One target: what was measured, its figure, the target, whether it is met, the ratio to the replay."""

    what: str
    figure: str
    target: str
    met: bool
    ratio: str
    note: str


def _assess_all(source: Sequence[str], *extra: str) -> list[str]:
    return [*COMMAND, "assess", "--all", *source, "--format", "json", "--on", ASSESS_ON.isoformat(), *extra]


def _median(runs: Sequence[Clock], key: Callable[[Clock], float]) -> float:
    return statistics.median(key(clock) for clock in runs)


def _rounds(argv: Sequence[str], rounds: int) -> list[Clock]:
    return [command_clock(argv) for _ in range(rounds)]


def _latency(history: lc.History, replayed: Callable[[], object], repeat: int, rounds: int) -> tuple[float, float]:
    """p50 CPU seconds of ``timeline(history)`` and of ``replayed()``, the median over ``rounds``."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        for fn, out in ((lambda: lc.timeline(history), ours), (replayed, theirs)):
            cpus = []
            for _ in range(repeat):
                started = time.process_time()
                fn()
                cpus.append(time.process_time() - started)
            out.append(percentile(cpus, 50))
    return statistics.median(ours), statistics.median(theirs)


def _net(people: int, cpu: float, startup: float) -> str:
    if cpu <= startup * 1.05:
        return f"start-up ({startup:.2f} s CPU) is nearly all of it"
    return f"{rate(people, cpu - startup)} persons/s net of start-up ({startup:.2f} s CPU)"


def measure(people_wanted: int, seed: int, rounds: int, repeat: int) -> tuple[list[Row], list[list[str]], str]:
    path = population_file(people_wanted, seed=seed)
    events = count_lines(path)
    histories = list(lc.read_people(path))
    people = len(histories)
    del histories
    described = f"{people:,} people, {events:,} events ({events / people:.1f} a person), seed {seed}"

    replayed = replay(path, rounds)
    replay_cpu, replay_wall = people / replayed.cpu, people / replayed.wall

    def ratio(per_second: float, of: float = replay_cpu) -> str:
        return f"{per_second / of:.2f}x"

    rows: list[Row] = []
    other: list[list[str]] = [["eventsourcing Aggregate replay (repository.get)", rate(people, replayed.cpu), "CPU"]]

    # 1. in process, decoding included
    def in_process() -> None:
        for _, history in lc.read_people(path):
            lc.assess(history, on=ASSESS_ON)

    cold = median_clock(in_process, rounds)
    fast = people / cold.cpu
    rows.append(
        Row(
            "cold, in process, decoding included (read_people + assess)",
            f"{rate(people, cold.cpu)} persons/s CPU",
            ">= 3,000 persons/s and >= 2x the replay",
            fast >= 3000 and fast >= 2 * replay_cpu,
            ratio(fast),
            f"{rate(events, cold.cpu)} events/s; the replay {rate(people, replayed.cpu)} persons/s",
        )
    )

    with tempfile.TemporaryDirectory(prefix="leavingcare-targets-") as folder_name:
        folder = Path(folder_name)
        empty = folder / "empty.jsonl"
        empty.write_text("")
        file_startup = _median(_rounds(_assess_all([str(empty)]), rounds), lambda c: c.cpu)

        # 2 and 5. the command, cold: --jobs 1 and --jobs 2 in turn
        ones: list[Clock] = []
        twos: list[Clock] = []
        for _ in range(rounds):
            ones.append(command_clock(_assess_all([str(path)], "--jobs", "1")))
            twos.append(command_clock(_assess_all([str(path)], "--jobs", "2")))
        one_cpu = _median(ones, lambda c: c.cpu)
        rows.append(
            Row(
                "cold, `assess --all FILE --format json`",
                f"{rate(people, one_cpu)} persons/s CPU",
                ">= 2,500 persons/s",
                people / one_cpu >= 2500,
                ratio(people / one_cpu),
                _net(people, one_cpu, file_startup),
            )
        )
        one_wall, two_wall = _median(ones, lambda c: c.wall), _median(twos, lambda c: c.wall)

        # 3. warm, a file
        cache = folder / "cache"
        cache.mkdir()
        kept = command_clock(_assess_all([str(path)], "--cache", str(cache)))
        other.append(
            ["`--cache DIR`, the first pass (computing and keeping every timeline)", rate(people, kept.cpu), "CPU"]
        )
        warm_file = _median(_rounds(_assess_all([str(path)], "--cache", str(cache)), rounds), lambda c: c.cpu)
        rows.append(
            Row(
                "warm, `assess --all FILE --cache DIR` (timelines kept)",
                f"{rate(people, warm_file)} persons/s CPU",
                ">= 20,000 persons/s",
                people / warm_file >= 20000,
                ratio(people / warm_file),
                _net(people, warm_file, file_startup),
            )
        )

        # 4. warm, the store
        url = f"sqlite:///{folder / 'store.sqlite'}"
        empty_url = f"sqlite:///{folder / 'empty.sqlite'}"
        command_clock([*COMMAND, "import", "--store", empty_url, "--by", "bench", str(empty)])
        imported = command_clock([*COMMAND, "import", "--store", url, "--by", "bench", str(path)])
        other.append(["`leavingcare import` into SQLite", rate(people, imported.cpu), "CPU"])
        store_startup = _median(_rounds(_assess_all(["--store", empty_url]), rounds), lambda c: c.cpu)
        first = command_clock(_assess_all(["--store", url]))
        other.append(["`assess --all --store`, the first pass (computing and keeping)", rate(people, first.cpu), "CPU"])
        warm_store = _median(_rounds(_assess_all(["--store", url]), rounds), lambda c: c.cpu)
        rows.append(
            Row(
                "warm, `assess --all --store sqlite:///...` (timelines kept)",
                f"{rate(people, warm_store)} persons/s CPU",
                ">= 20,000 persons/s",
                people / warm_store >= 20000,
                ratio(people / warm_store),
                _net(people, warm_store, store_startup),
            )
        )
        other.append(["start-up: `assess --all` over an empty file", number(file_startup) + " s", "CPU"])
        other.append(["start-up: `assess --all` over an empty store", number(store_startup) + " s", "CPU"])

    # 5. --jobs 2 against --jobs 1
    rows.append(
        Row(
            "`--jobs 2` against `--jobs 1`, cold command",
            f"{one_wall / two_wall:.2f}x ({rate(people, two_wall)} against {rate(people, one_wall)} persons/s wall)",
            ">= 1.8x",
            one_wall / two_wall >= 1.8,
            ratio(people / two_wall, replay_wall) + " (wall)",
            "bounded by the machine when other work runs (see the load average)",
        ),
    )

    # 6. a 300-event timeline
    lines, size = find_history(300, seed, start=LATENCY_PEOPLE)
    history = lc.History.from_jsonl(lines)
    app = Dossiers()
    objects = [{k: v for k, v in json.loads(line).items() if k != "person"} for line in lines]
    ident = app.open("latency", objects)
    ours, theirs = _latency(history, lambda: app.repository.get(ident), repeat, rounds)
    rows.append(
        Row(
            f"`timeline` of a {size}-event history, p50",
            f"{ours * 1000:.2f} ms CPU",
            "< 1 ms",
            ours < 0.001,
            f"{theirs / ours:.2f}x",
            f"replay of the same events {theirs * 1000:.2f} ms; {repeat} calls a round",
        )
    )
    return rows, other, described


def _met(row: Row) -> str:
    return "met" if row.met else "**missed**"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=2000, help="people in the population (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each pass; the median is shown (default 3)")
    parser.add_argument("--repeat", type=int, default=200, help="calls a round for the latency row (default 200)")
    parser.add_argument("--markdown", action="store_true", help="also print the section for docs/performance.md")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    tree = revision()
    about = [*machine(), ("commit", f"{tree.commit} ({'dirty: files differ from it' if tree.dirty else 'clean'})")]
    print("# leavingcare: the performance targets\n")
    rows, other, described = measure(args.people, args.seed, args.rounds, args.repeat)
    load_end = load_average()
    seconds = time.perf_counter() - started
    about += [("load average at the end", load_end), ("population", described)]
    about += [("rounds", f"{args.rounds} (median shown)"), ("run took", f"{seconds:.0f} s wall")]
    print(table(["machine and revision", ""], about))
    print()
    print(
        table(
            ["target", "figure", "target", "met?", "ratio to replay", "note"], [[*r[:3], _met(r), *r[4:]] for r in rows]
        )
    )
    print()
    print(table(["other figures of the same run", "persons/s or seconds", "by"], other))
    if args.markdown:
        print('\n<!-- bench_targets.py --markdown: paste below "## Targets and today\'s figures" -->\n')
        print(_markdown(rows, dict(about), tree.describe))
    return 0


def _markdown(rows: list[Row], about: dict[str, str], describe: str) -> str:
    loads = f"{about['load average (1, 5, 15 min)']} at the start, {about['load average at the end']} at the end"
    head = (
        f"Measured by `python benchmarks/bench_targets.py` (rounds: {about['rounds']}; "
        f"{about['run took']}) on {about['started']}, tree `{describe}`, on {about['CPU']}, "
        f"cores: {about['cores']}, {about['Python']}, eventsourcing {about['eventsourcing']}; "
        f"load average {loads}. Population: {about['population']}."
    )
    body = table(
        ["target (issue 18)", "measured", "ratio to the replay", "met?"],
        [[f"{r.what}: {r.target}", f"**{r.figure}**; {r.note}", r.ratio, _met(r)] for r in rows],
    )
    return head + "\n\n" + body


if __name__ == "__main__":
    raise SystemExit(main())
