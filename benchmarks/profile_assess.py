"""Where the time of ``read_people``, ``assess`` and ``timeline`` goes, by cProfile.

    python benchmarks/profile_assess.py                    # 1,000 people, top 25 of each
    python benchmarks/profile_assess.py --people 5000 --top 40 --dump /tmp/assess.pstats

Three profiles over the same population: parsing (``read_people``: JSON, the cattrs converter,
validators, the fold), ``assess`` of histories already parsed, and ``timeline`` of the same. Each
lists the functions with the most time of their own (tottime) and the most time including what they
call (cumtime). Before them, a table of the CPU time each registered rule takes, measured without
the profiler. cProfile slows Python code two to three times, unevenly: read the shares, not the
absolute times, and check a suggested gain against ``bench_inprocess.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from common import ASSESS_ON, population_file, print_machine, table

import leavingcare as lc


def _profile(title: str, fn: Callable[[], object], top: int, dump: Path | None) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    if dump is not None:
        profiler.dump_stats(dump.with_name(f"{dump.stem}-{title.split()[0]}{dump.suffix}"))
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        text = out.getvalue()
        body = text[text.index("   ncalls") :] if "   ncalls" in text else text
        total = text.split(" in ", 1)[1].split(" seconds", 1)[0] if " in " in text else "?"
        print(f"## {title}: top {top} by {order} (total {total} s under the profiler)\n")
        print("```")
        print(body.rstrip())
        print("```\n")


def _tail(findings: list[lc.Finding], concerns: list[lc.Concern], facts: object, law: lc.Law) -> None:
    """What ``evaluate`` does after the rules: hand findings of abolished authorities to their
    successors, then order findings and concerns."""
    from leavingcare.duties import succession
    from leavingcare.duties.findings import ordered, ordered_concerns

    passed, unclear = succession.pass_to_successors(findings, facts, law)
    handed = [piece for concern in concerns for piece, _ in succession.successor_pieces(concern, facts)]
    ordered(passed)
    ordered_concerns(handed + unclear)


def _rule_costs(histories: list[tuple[str, lc.History]]) -> None:
    """CPU time of each registered rule over the population, without the profiler's overhead, and of
    what ``evaluate`` does after them. A value the rules share (``Run.memo``, the status) is charged
    to the first rule that asks for it."""
    try:
        from leavingcare.duties import RULES, evaluate
        from leavingcare.duties.run import Run
    except ImportError as exc:  # the engine's internals moved: the breakdown is optional
        print(f"(no per-rule breakdown: {exc})\n")
        return
    law = lc.default_law()
    tail = "(after the rules: successor hand-over, ordering)"
    spent: dict[str, float] = dict.fromkeys((rule.name for rule in RULES), 0.0)
    spent[tail] = 0.0
    for _, history in histories:
        run = Run(history.facts, law)
        findings: list[lc.Finding] = []
        concerns: list[lc.Concern] = []
        for rule in RULES:
            clock = time.process_time()
            for item in rule.fn(run):
                (concerns if isinstance(item, lc.Concern) else findings).append(item)
            spent[rule.name] += time.process_time() - clock
        clock = time.process_time()
        _tail(findings, concerns, history.facts, law)
        spent[tail] += time.process_time() - clock
    started = time.process_time()
    for _, history in histories:
        evaluate(history.facts, law)
    whole = time.process_time() - started
    measured = sum(spent.values())
    rows = [
        [name, f"{seconds * 1000 / len(histories):.3f}", f"{seconds / measured * 100:.1f}%"]
        for name, seconds in sorted(spent.items(), key=lambda item: -item[1])
    ]
    rows.append(["sum of the above", f"{measured * 1000 / len(histories):.3f}", "100%"])
    rows.append(["evaluate, whole (a separate pass)", f"{whole * 1000 / len(histories):.3f}", ""])
    print(f"## CPU time by rule over {len(histories):,} people (no profiler)\n")
    print(table(["rule", "ms/person", "share"], rows))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", type=Path, help="also write each profile's pstats file next to this path")
    args = parser.parse_args(argv)

    path = population_file(args.people, seed=args.seed, scale=args.scale)
    print_machine("leavingcare profile")
    histories = list(lc.read_people(path))
    events = sum(len(h) for _, h in histories)
    print(f"population: {len(histories):,} people, {events:,} events, {path}\n")

    _rule_costs(histories)
    _profile("parsing (read_people)", lambda: sum(1 for _ in lc.read_people(path)), args.top, args.dump)
    _profile(
        "assess (histories already parsed)",
        lambda: [lc.assess(h, on=ASSESS_ON) for _, h in histories],
        args.top,
        args.dump,
    )
    _profile("timeline (histories already parsed)", lambda: [lc.timeline(h) for _, h in histories], args.top, args.dump)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
