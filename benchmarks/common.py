"""What the benchmark scripts share: the machine description, a clock that reads wall and CPU time,
percentiles, plain-text tables, and the cached population files.

Every figure is given twice where it can be: by wall-clock time and by the process's CPU time. On a
machine shared with other work the CPU figure is the steadier measure of the library's own cost; the
wall figure is what a caller waits (and the only honest one for a database, whose work happens in
another process).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

import population

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


def _git_revision() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


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
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"

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
