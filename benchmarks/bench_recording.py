"""Recording one long history: whether the cost grows with the events or faster.

    python benchmarks/bench_recording.py                      # 1,000, 10,000 and 100,000 events
    python benchmarks/bench_recording.py --events 1000 10000 --budget 60

One person's history of N events, every line with a ``recorded_at`` of its own (a second after the
line before, the worst case for a recorder that checks the history as it stood at each recording
time), same-day events, care episodes, moves, assessments and reviews, written as JSONL. It is recorded
into a new SQLite store, timed, three ways:

- ``leavingcare record PERSON FILE``: the command, reading and parsing the file included;
- ``bulk.import_people`` of the parsed history (the path of ``import-903`` and key rotation);
- ``store.record`` of the parsed events, as known from the start.

Each row gives the seconds and the events a second (wall); a rate that stays flat as N grows is
linear. ``--budget S`` skips a size (and the larger ones) once a run of the previous size took more
than S seconds times the growth in events, so that a quadratic recorder is measured where it finishes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from common import Clock, number, print_machine, rate, table

import leavingcare as lc
from leavingcare.cli import main as command
from leavingcare.store.bulk import import_people

BORN = dt.date(1990, 1, 1)
FIRST_RECORDED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
AUTHORITY, AREAS = "E10000017", ("E07000117", "E07000123", "E07000118")


def lines(events: int) -> list[dict[str, Any]]:
    """A valid history of ``events`` lines, about three a day, each recorded a second after the last."""
    out: list[dict[str, Any]] = [{"type": "Born", "on": BORN.isoformat()}]
    day, in_care = BORN + dt.timedelta(days=1), False
    while len(out) < events:
        n = len(out)
        step = n % 40
        if step == 0 and not in_care:
            out.append({"type": "CareStarted", "on": day.isoformat(), "authority": AUTHORITY, "legal_status": "C2",
                        "placement": "U4", "area": AREAS[n % 3]})  # fmt: skip
            in_care = True
        elif step == 20 and in_care:
            day += dt.timedelta(days=1)
            out.append({"type": "CareEnded", "on": day.isoformat(), "reason": "E8"})
            in_care = False
        elif step % 7 == 3 and in_care:
            out.append({"type": "CareChanged", "on": day.isoformat(), "placement": ("U4", "U6", "K2")[n % 3]})
        elif step % 5 == 1:
            out.append({"type": "Moved", "on": day.isoformat(), "area": AREAS[n % 3], "arrangement": "relative"})
        elif step % 2:
            out.append({"type": "NeedsAssessed", "on": day.isoformat()})
        else:
            out.append({"type": "PathwayPlanReviewed", "on": day.isoformat()})
        if n % 3 == 2:
            day += dt.timedelta(days=1)
    for n, line in enumerate(out):
        line["id"] = f"e{n}"
        line["recorded_at"] = (FIRST_RECORDED + dt.timedelta(seconds=n)).isoformat()
    return out[:events]


def measure(events: int, folder: Path, ways: list[str]) -> dict[str, float]:
    body = lines(events)
    path = folder / f"history-{events}.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in body), encoding="utf-8")
    history = lc.History.from_jsonl(path)
    assert len(history) == events
    seconds: dict[str, float] = {}
    if "record" in ways:
        with Clock() as clock, contextlib.redirect_stdout(io.StringIO()):
            status = command(["record", "p1", str(path), "--store", f"sqlite:///{folder / f'cli-{events}.sqlite'}"])
        assert status == 0, status
        seconds["leavingcare record"] = _said(events, "leavingcare record", clock.wall)
    if "import_people" in ways:
        with lc.open_store(f"sqlite:///{folder / f'bulk-{events}.sqlite'}") as store, Clock() as clock:
            summary = import_people(store, [("p1", history)], recorded_by="bench")
        assert summary.ok and summary.added == events, summary.failures
        seconds["bulk.import_people"] = _said(events, "bulk.import_people", clock.wall)
    if "store.record" in ways:
        try:
            with lc.open_store(f"sqlite:///{folder / f'api-{events}.sqlite'}") as store, Clock() as clock:
                store.record("p1", history.envelopes, recorded_by="bench", known_from_the_start=True)
            seconds["store.record"] = _said(events, "store.record", clock.wall)
        except TypeError:  # a library without known_from_the_start
            pass
    return seconds


def _said(events: int, how: str, spent: float) -> float:
    print(f"{events:,} events, {how}: {number(spent)} s", flush=True)
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--budget", type=float, default=120.0, help="seconds a size may be expected to take")
    parser.add_argument(
        "--ways", nargs="*", default=["record", "import_people", "store.record"], help="which ways to record"
    )
    args = parser.parse_args(argv)
    print_machine("leavingcare: recording one long history")
    rows: list[list[str]] = []
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as folder:
        for events in args.events:
            if previous is not None and previous[1] * events / previous[0] > args.budget:
                rows.append([f"{events:,}", "skipped: the smaller size, scaled linearly, exceeds the budget", ""])
                break
            seconds = measure(events, Path(folder), args.ways)
            previous = (events, max(seconds.values()))
            for how, spent in seconds.items():
                rows.append([f"{events:,}", how, f"{number(spent)} s", rate(events, spent)])
    print(table(["events in the history", "recorded by", "wall", "events/s"], [r + [""] * (4 - len(r)) for r in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
