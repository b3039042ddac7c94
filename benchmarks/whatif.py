"""What candidate optimisations would save, measured before anyone writes them: each is patched into
the running library (the source is not touched), and the patched and unpatched library are timed in
turns in one process, so both see the same machine.

    python benchmarks/whatif.py                       # 300 people, best of 25 rounds, about 90 s
    python benchmarks/whatif.py --people 1000 --rounds 9

A patch reaches into the library's internals, and so may stop applying when they change: it is then
left out with a note, and the rest still run. Equivalence is the patch's own claim, checked here only
in that every patched assessment has the same findings and concerns as the unpatched one.

Candidates:

- *successor short-cut*: ``evaluate`` hands each finding to an abolished authority's successor through
  ``handover`` and ``attrs.evolve`` even when the authority was never abolished; skip both then.
- *adviser routes memoised*: ``personal_adviser`` and ``pathway_plan`` each build the personal adviser
  routes and their exclusive pieces; build them once per run.
- *periods*: sort periods with a key instead of ``Period.__lt__``, and do not re-normalise the output
  of ``intersect`` (the linear merge of two normal lists is already normal).
- *cattrs without detailed validation*: the converter's fast path (messages would need a second pass).
- *gc*: freeze the objects alive at start and collect the young generation less often.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from common import ASSESS_ON, population_file, print_machine, table

import leavingcare as lc
from leavingcare import geography, periods


class Patch:
    """Attributes to swap in and out."""

    def __init__(self) -> None:
        self.items: list[tuple[object, str, Any, Any]] = []

    def set(self, owner: object, name: str, new: Any) -> None:
        self.items.append((owner, name, getattr(owner, name), new))

    def apply(self) -> None:
        for owner, name, _, new in self.items:
            setattr(owner, name, new)

    def undo(self) -> None:
        for owner, name, old, _ in reversed(self.items):
            setattr(owner, name, old)


def _everywhere(patch: Patch, name: str, new: Any) -> None:
    """Replace ``periods.<name>`` in every library module that imported it by name."""
    old = getattr(periods, name)
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("leavingcare") and getattr(module, name, None) is old:
            patch.set(module, name, new)


def successor_shortcut() -> Patch:
    from leavingcare.duties import engine

    original = engine._successor_pieces

    def pieces(finding: Any, facts: Any) -> Iterator[tuple[Any, list[str]]]:
        held = geography.lookup(finding.by) if finding.by else None
        if held is None or held.valid.until is None:
            yield finding, []
            return
        yield from original(finding, facts)

    patch = Patch()
    patch.set(engine, "_successor_pieces", pieces)
    return patch


def adviser_memo() -> Patch:
    from leavingcare.duties import personal_adviser as module

    routes, exclusive = module.adviser_routes, module._exclusive
    recent: dict[int, tuple[object, Any]] = {}

    def memo_exclusive(given: Any) -> Any:
        hit = recent.get(id(given))
        if hit is not None and hit[0] is given:
            return hit[1]
        out = exclusive(given)
        recent[id(given)] = (given, out)
        if len(recent) > 64:
            recent.pop(next(iter(recent)))
        return out

    patch = Patch()
    patch.set(module, "adviser_routes", lambda run: run.memo("whatif.adviser_routes", lambda: routes(run)))
    patch.set(module, "_exclusive", memo_exclusive)
    return patch


def keyed_periods() -> Patch:
    period, max_until, intersection = periods.Period, periods._max_until, periods.intersection
    last_day = dt.date.max

    def normalise(given: Any) -> list[Any]:
        ordered = sorted(
            (p for p in given if p is not None and (p.until is None or p.until > p.since)),
            key=lambda p: (p.since, last_day if p.until is None else p.until),
        )
        merged: list[Any] = []
        for p in ordered:
            if merged:
                last = merged[-1]
                if last.until is None or p.since <= last.until:
                    merged[-1] = period(last.since, max_until(last.until, p.until))
                    continue
            merged.append(p)
        return merged

    def intersect(a: Any, b: Any) -> list[Any]:
        out = []
        i = j = 0
        while i < len(a) and j < len(b):
            both = intersection(a[i], b[j])
            if both is not None:
                out.append(both)
            a_until, b_until = a[i].until, b[j].until
            if a_until is None and b_until is None:
                break
            if b_until is None or (a_until is not None and a_until <= b_until):
                i += 1
            else:
                j += 1
        return out

    patch = Patch()
    _everywhere(patch, "normalise", normalise)
    _everywhere(patch, "intersect", intersect)
    return patch


def fast_converter() -> Patch:
    import cattrs

    from leavingcare.events import codec

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=False)
    converter.register_structure_hook(dt.date, codec._structure_date)
    converter.register_structure_hook(bool, codec._structure_bool)
    converter.register_structure_hook(str, codec._structure_str)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    patch = Patch()
    patch.set(codec, "converter", converter)
    return patch


class GcTuning(Patch):
    def apply(self) -> None:
        gc.collect()
        gc.freeze()
        self.previous = gc.get_threshold()
        gc.set_threshold(50_000, 50, 100)

    def undo(self) -> None:
        gc.unfreeze()
        gc.set_threshold(*self.previous)


CANDIDATES: dict[str, Callable[[], Patch]] = {
    "successor short-cut": successor_shortcut,
    "adviser routes memoised": adviser_memo,
    "periods: key sort, no re-normalise": keyed_periods,
    "cattrs without detailed validation": fast_converter,
    "gc: freeze, young generation every 50k": GcTuning,
}


def _signature(result: lc.Assessment) -> tuple[object, ...]:
    return (result.findings, result.concerns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=25, help="interleaved rounds; the best of each is kept")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    path = population_file(args.people, seed=args.seed)
    lines = path.read_bytes().splitlines()
    held = [history for _, history in lc.read_people(lines)]
    expected = [_signature(lc.assess(h, on=ASSESS_ON)) for h in held]
    print_machine("leavingcare what-if timings")

    configs: dict[str, list[Patch]] = {"baseline (as the source stands)": []}
    for name, build in CANDIDATES.items():
        try:
            configs[name] = [build()]
        except (AttributeError, ImportError) as exc:
            print(f"(left out: {name}: the internal it patches has moved: {exc})")
    configs["all of the above"] = [p for patches in list(configs.values())[1:] for p in patches]

    for name, patches in configs.items():
        for patch in patches:
            patch.apply()
        try:
            got = [_signature(lc.assess(h, on=ASSESS_ON)) for h in held]
        finally:
            for patch in reversed(patches):
                patch.undo()
        if got != expected:
            print(f"(warning: {name} changes some assessments: not an equivalent change)")

    best = {name: [float("inf"), float("inf")] for name in configs}
    for _ in range(args.rounds):
        for name, patches in configs.items():
            for patch in patches:
                patch.apply()
            try:
                started = time.process_time()
                for history in held:
                    lc.assess(history, on=ASSESS_ON)
                middle = time.process_time()
                for _ in lc.read_people(lines):
                    pass
                ended = time.process_time()
            finally:
                for patch in reversed(patches):
                    patch.undo()
            best[name][0] = min(best[name][0], middle - started)
            best[name][1] = min(best[name][1], ended - middle)

    base_assess, base_parse = best["baseline (as the source stands)"]
    rows = [
        [
            name,
            f"{assess / len(held) * 1000:.3f}",
            f"{(assess / base_assess - 1) * 100:+.0f}%",
            f"{parse / len(held) * 1000:.3f}",
            f"{(parse / base_parse - 1) * 100:+.0f}%",
        ]
        for name, (assess, parse) in best.items()
    ]
    print(f"{len(held):,} people; best of {args.rounds} interleaved rounds, CPU time\n")
    print(table(["change", "assess ms/person", "vs baseline", "parse ms/person", "vs baseline"], rows))
    print("\nA difference within about 5% is noise on a shared machine: compare the parse column of changes")
    print("that do not touch parsing.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
