"""CPU time of reading a line, by each of the two readers (D59), beside ``json.loads`` alone, and of writing
an assessment as JSON.

    python benchmarks/bench_decoding.py                 # 2,000 people, about 30 s
    python benchmarks/bench_decoding.py --rounds 11

What is timed, over every line of the population file held in memory (no file reading), the garbage
collector off, each pass ``--rounds`` times in turn and the median shown:

- *strict reader*: ``codec.read_line`` and ``codec.envelope_from``, the reader every line went through
  before the fast path, and still the one that reads a line the fast path does not vouch for;
- *fast path*: ``decoder.line`` and ``Line.read``, as files are read now (the strict reader behind it);
- *msgspec decoding alone* and *``json.loads`` alone*: the JSON parsing without building events;
- writing: one person's assessment as a JSONL record and as an indented document (``jsontext``), beside
  the standard library's ``json.dumps`` of the same.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from collections.abc import Callable

from common import ASSESS_ON, population_file, print_machine, table

import leavingcare as lc
from leavingcare import jsontext
from leavingcare.events import codec, decoder


def _median_cpu(passes: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in passes}
    gc.disable()
    try:
        for _ in range(rounds):
            for name, run in passes.items():
                started = time.process_time()
                run()
                times[name].append(time.process_time() - started)
    finally:
        gc.enable()
    return {name: statistics.median(spent) for name, spent in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)

    path = population_file(args.people)
    print_machine("leavingcare decoding")
    lines = path.read_bytes().splitlines(keepends=True)
    print(f"population: {args.people:,} people, {len(lines):,} lines, {path}\n")

    def strict() -> None:
        for number, raw in enumerate(lines, start=1):
            obj = codec.read_line(raw, number)
            assert obj is not None
            codec.envelope_from(obj, number, f"line {number}")

    def fast() -> None:
        for number, raw in enumerate(lines, start=1):
            line = decoder.line(raw, number)
            assert line is not None
            line.read()

    taken = sum(decoder.fast(raw, number) is not None for number, raw in enumerate(lines, start=1))
    reading = _median_cpu(
        {
            "strict reader (read_line, envelope_from)": strict,
            "fast path (decoder.line, Line.read)": fast,
            "msgspec decoding alone": lambda: [decoder._DECODER.decode(raw) for raw in lines],
            "json.loads alone": lambda: [json.loads(raw) for raw in lines],
        },
        args.rounds,
    )
    per_line = {name: spent / len(lines) * 1e6 for name, spent in reading.items()}
    strict_cost = per_line["strict reader (read_line, envelope_from)"]
    print(f"the fast path read {taken:,} of {len(lines):,} lines\n")
    print(
        table(
            ("reading a line", "µs/line CPU", "against the strict reader"),
            [(name, f"{cost:.2f}", f"{strict_cost / cost:.2f}x") for name, cost in per_line.items()],
        )
    )

    people = [(person, lc.assess(history, on=ASSESS_ON)) for person, history in lc.read_people(path)]
    documents = [{"person": person, **result.to_dict()} for person, result in people]
    writing = _median_cpu(
        {
            "JSONL record, jsontext.line": lambda: [jsontext.line(d) for d in documents],
            "JSONL record, json.dumps": lambda: [json.dumps(d, ensure_ascii=False) + "\n" for d in documents],
            "indented document, jsontext.dumps": lambda: [jsontext.dumps(d) for d in documents],
            "indented document, json.dumps": lambda: [json.dumps(d, indent=2, ensure_ascii=False) for d in documents],
        },
        args.rounds,
    )
    print()
    print(
        table(
            ("writing an assessment", "µs/person CPU"),
            [(name, f"{spent / len(documents) * 1e6:.1f}") for name, spent in writing.items()],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
