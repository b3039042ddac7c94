"""What the benchmark scripts share: the machine description and the revision, a clock that reads wall
and CPU time (of this process, or of a command run in a process of its own), percentiles, plain-text
tables, the cached population files, and eventsourcing's replay of the same events.

Every figure is given twice where it can be: by wall-clock time and by the process's CPU time. On a
machine shared with other work the CPU figure is the steadier measure of the library's own cost; the
wall figure is what a caller waits (and the only honest one for a database, whose work happens in
another process).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple
from uuid import UUID

import population
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

ASSESS_ON = dt.date(2025, 6, 1)
"""The date every benchmark assesses on (inside the population's span, before its ``REFERENCE``)."""


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git(*argv: str) -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(["git", "-C", str(root), *argv], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def _git_revision() -> str:
    return _git("describe", "--always", "--dirty") or "unknown"


class Revision(NamedTuple):
    """The tree a figure was measured on: ``git describe``, the commit, and whether files differ from it."""

    describe: str
    commit: str
    dirty: bool


def revision() -> Revision:
    return Revision(_git_revision(), _git("rev-parse", "HEAD") or "unknown", bool(_git("status", "--porcelain")))


def source_digest() -> str:
    """A short digest of the library's source as it is on disk: the git revision says nothing of
    uncommitted changes, and rules changed between two runs change their figures."""
    import hashlib

    import leavingcare

    root = Path(leavingcare.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv"):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> list[tuple[str, str]]:
    """The facts that decide how far a figure carries to another machine."""
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = load_average()

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        ("CPU", cpu_model()),
        ("cores", f"{cores} ({usable} usable by this process)"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()} on {platform.system()}"),
        ("leavingcare", f"{version('leavingcare')} (tree {_git_revision()}, source {source_digest()})"),
        ("eventsourcing", version("eventsourcing")),
        ("load average (1, 5, 15 min)", load),
        ("started", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]


def print_machine(title: str) -> None:
    print(f"# {title}\n")
    print(table(["machine", ""], machine()))
    print()


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


class Clock:
    """Wall and CPU seconds of the block it wraps."""

    wall: float
    cpu: float

    def __enter__(self) -> Clock:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def median_clock(fn: Callable[[], object], rounds: int) -> Clock:
    """The median run, by CPU time, of ``rounds`` runs of ``fn``."""
    clocks = []
    for _ in range(max(rounds, 1)):
        with Clock() as clock:
            fn()
        clocks.append(clock)
    return sorted(clocks, key=lambda c: c.cpu)[len(clocks) // 2]


def command_clock(argv: Sequence[str]) -> Clock:
    """A command run in a process of its own, its output dropped: the wall time this process waited,
    and as CPU time the child's user and system time (its worker processes' included, once reaped)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with Clock() as clock:
        subprocess.run(list(argv), stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return clock


def rate(count: float, seconds: float) -> str:
    """``count`` per second, rounded to three significant figures."""
    if seconds <= 0:
        return "n/a"
    return f"{count / seconds:,.{_digits(count / seconds)}f}"


def _digits(value: float) -> int:
    return 0 if value >= 100 else 1 if value >= 10 else 2


def number(value: float) -> str:
    return f"{value:,.{_digits(value)}f}"


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table, columns padded so it also reads as plain text."""
    text_rows = [[str(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)) + " |"

    out = [line(list(headers)), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out.extend(line(row) for row in text_rows)
    return "\n".join(out)


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports kilobytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def cache_dir() -> Path:
    folder = Path(os.environ.get("LEAVINGCARE_BENCH_CACHE", Path(tempfile.gettempdir()) / "leavingcare-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def population_file(people: int, *, seed: int = 1, scale: float = 1.0) -> Path:
    """The population file for these parameters, generated once and kept in the cache folder
    (``LEAVINGCARE_BENCH_CACHE``, else a folder in the system's temporary directory)."""
    path = cache_dir() / f"population-{people}-s{seed}-x{scale:g}.jsonl"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            lines = population.write(out, people, seed=seed, scale=scale)
        partial.replace(path)
        print(
            f"(generated {path.name}: {lines:,} events in {time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
        )
    return path


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


# eventsourcing's replay of the same events ------------------------------------------------------------


class Dossier(Aggregate):
    """A young person's events as a plain eventsourcing aggregate: each one appended to a list."""

    def __init__(self, person: str) -> None:
        self.person = person
        self.events: list[dict[str, Any]] = []

    @event("Recorded")
    def record(self, fields: dict[str, Any]) -> None:
        self.events.append(fields)


class Dossiers(Application[UUID]):
    """An in-memory eventsourcing application holding one ``Dossier`` per person."""

    def __init__(self) -> None:
        super().__init__(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})

    def open(self, person: str, lines: list[dict[str, Any]]) -> UUID:
        dossier = Dossier(person)
        for fields in lines:
            dossier.record(fields)
        self.save(dossier)
        return dossier.id


def people_lines(path: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each person of a population file and their JSON objects (without ``"person"``), in file order."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    with path.open("rb") as handle:
        for person, group in itertools.groupby((json.loads(raw) for raw in handle), key=lambda o: o["person"]):
            out.append((person, [{k: v for k, v in obj.items() if k != "person"} for obj in group]))
    return out


def replay(path: Path, rounds: int = 1) -> Clock:
    """eventsourcing's reconstruction of every person of ``path``: each person's JSON objects recorded
    as events of a ``Dossier`` in an in-memory application, then all rebuilt with ``repository.get``.
    The median pass of ``rounds``; the recording is not timed."""
    app = Dossiers()
    ids = [app.open(person, lines) for person, lines in people_lines(path)]

    def rebuild() -> None:
        for ident in ids:
            app.repository.get(ident)

    return median_clock(rebuild, rounds)


LATENCY_PEOPLE = 1_000_000
"""Latency histories are searched for from this person index on: outside any population file, and
the same whatever ``--people`` is."""


def find_history(target: int, seed: int, start: int, limit: int = 30000) -> tuple[list[str], int]:
    """JSONL lines of the first person (index ``start`` onwards) with ``target`` events, give or take
    10%; a denser population (scale 10) is searched when the first ``limit`` people have none."""
    for scale in (1.0, 10.0):
        for index in range(start, start + limit):
            lines = population.person_lines(index, seed=seed, scale=scale)
            if abs(len(lines) - target) <= target // 10:
                return [json.dumps(obj) for obj in lines], len(lines)
    raise SystemExit(f"no history of about {target} events found")
