"""``assess --all``: everyone in a file or in the store, assessed and streamed one person at a time, in
this process or (over a file) in worker processes. It does not stop at a person who cannot be assessed:
it writes an error record for them (a JSON line, a text line or a CSV row), goes on, and exits 1 at the
end."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import leavingcare as lc
from leavingcare import people as people_file
from leavingcare.cachedir import TimelineCache, open_cache
from leavingcare.cli_store import open_existing
from leavingcare.events.codec import bounded, read_line, without_bom
from leavingcare.report import jsonout, receipt, tabular, text

# assess --all ---------------------------------------------------------------------------------------


class Report:
    """A bulk command's output, chunk by chunk as it is made, and its exit status once it has all been
    read: 1 when someone could not be assessed (each has an error record in the output), else 0."""

    def __init__(self, chunks: Iterable[tuple[str, bool]]) -> None:
        self._chunks = chunks
        self._through: Callable[[Iterable[str]], Iterable[str]] | None = None
        self.failed = 0

    def shown(self, through: Callable[[Iterable[str]], Iterable[str]]) -> Report:
        """The same report, its chunks passed through ``through`` (a progress bar) as they are written."""
        self._through = through
        return self

    def __iter__(self) -> Iterator[str]:
        counted = self._counted()
        yield from (counted if self._through is None else self._through(counted))

    def _counted(self) -> Iterator[str]:
        for chunk, failed in self._chunks:
            self.failed += failed
            yield chunk

    @property
    def status(self) -> int:
        return 1 if self.failed else 0


def _header(on: dt.date, known_at: dt.datetime | None, fmt: str | None) -> Iterator[tuple[str, bool]]:
    if fmt in PREAMBLE:
        yield PREAMBLE[fmt](on, known_at), False


def file_assessments(
    path: str, on: dt.date, known_at: dt.datetime | None, fmt: str | None, jobs: int, cache: str | None = None
) -> Report:
    """``assess --all FILE``: each person of the file assessed in file order, in this process or
    (``jobs`` > 1) in worker processes, whole people a task; the output is the same either way. A
    person whose lines cannot be read, or who cannot be assessed, gets an error record and the
    others go on. With ``cache`` (``--cache DIR``), each person's timeline is kept there and read back
    while their lines are unchanged (``leavingcare.cachedir``); ``CacheUnavailable`` at once when the
    directory cannot be used."""
    kept = open_cache(cache) if cache is not None else None
    chunks = _file_assessments(path, on, known_at, fmt, jobs, kept)
    return Report(itertools.chain(_header(on, known_at, fmt), chunks))


Task = tuple[list[people_file.Run], dt.date, dt.datetime | None, str | None, TimelineCache | None]


def _file_assessments(
    path: str, on: dt.date, known_at: dt.datetime | None, fmt: str | None, jobs: int, cache: TimelineCache | None
) -> Iterator[tuple[str, bool]]:
    single = _single(path)
    with Path(path).open("rb") as handle:
        found = people_file.runs(handle, single=single, lazily=cache is not None and known_at is None)
        if jobs <= 1:
            for run in found:
                yield _assess_run(run, on, known_at, fmt, cache)
            return
        tasks: Iterator[Task] = ((chunk, on, known_at, fmt, cache) for chunk in _chunks(found, PEOPLE_PER_TASK))
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            for done in pool.imap(_assess_task, tasks):
                yield from done


def _single(path: str) -> str | None:
    """The person a file of one person's lines is named after (its stem), when its first line is an
    object naming nobody; None for a file of several people."""
    with Path(path).open("rb") as handle:
        for number, raw in enumerate(bounded(handle), start=1):
            try:
                obj = read_line(without_bom(raw) if number == 1 else raw, number)
            except lc.LeavingCareError:
                return None
            if obj is not None:
                return Path(path).stem if "person" not in obj else None
    return None


def _chunks(found: Iterable[people_file.Run], size: int) -> Iterator[list[people_file.Run]]:
    chunk: list[people_file.Run] = []
    for run in found:
        chunk.append(run)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _assess_task(task: Task) -> list[tuple[str, bool]]:
    found, on, known_at, fmt, cache = task
    return [_assess_run(run, on, known_at, fmt, cache) for run in found]


def _assess_run(
    run: people_file.Run, on: dt.date, known_at: dt.datetime | None, fmt: str | None, cache: TimelineCache | None
) -> tuple[str, bool]:
    """One person of a file, assessed (their timeline on the date, read back from ``cache`` when kept
    there); or their error record."""
    try:
        result, born = people_file.assessment_of(run, on, lc.default_law(), cache, known_at)
    except lc.LeavingCareError as exc:
        return _failed(run.person, exc, fmt), True
    return _assessed(run.person or "", result, fmt, born if fmt == "text" else None), False


def store_assessments(url: str | None, on: dt.date, known_at: dt.datetime | None, fmt: str | None) -> Report:
    """``assess --all`` over everyone in the store, as ``file_assessments`` prints them. With everything
    recorded, each person's timeline on the date (read back when the store computed it before from
    the same events); with ``known_at``, each history assessed as known then. A person who cannot be
    assessed gets an error record and the others go on."""
    return Report(itertools.chain(_header(on, known_at, fmt), _store_assessments(url, on, known_at, fmt)))


def _store_assessments(
    url: str | None, on: dt.date, known_at: dt.datetime | None, fmt: str | None
) -> Iterator[tuple[str, bool]]:
    with open_existing(url) as store:
        if known_at is None:
            for person, result, born in store.each_assessment(on):
                if isinstance(result, lc.LeavingCareError):
                    yield _failed(person, result, fmt), True
                else:
                    yield _assessed(person, result, fmt, born), False
            return
        for person, history in store.each_history():
            try:
                if isinstance(history, lc.LeavingCareError):
                    raise history
                result = lc.assess(history, on=on, known_at=known_at)
            except lc.StoreUnavailable:
                raise
            except lc.LeavingCareError as exc:
                yield _failed(person, exc, fmt), True
                continue
            yield _assessed(person, result, fmt, history.facts.born if fmt == "text" else None), False


def _assessed(person: str, result: lc.Assessment, fmt: str | None, born: dt.date | None) -> str:
    """One person's assessment: a text block, or one JSON line."""
    if fmt == "text":
        return "\n" + owed(person, result, born=born)
    if fmt == "csv":
        return tabular.rows(person, result)
    return jsonout.line({"person": person, **jsonout.assessment(result)})


def _failed(person: str | None, error: lc.LeavingCareError, fmt: str | None) -> str:
    """The record of a person who could not be assessed: one JSON line with the person id and the
    typed error, one text line, or one CSV row."""
    if fmt == "text":
        return f"\n{person if person is not None else '(no person)'}: not assessed: {error}\n"
    if fmt == "csv":
        return tabular.error(person, error)
    return jsonout.line({"person": person, "error": jsonout.error(error)})


PREAMBLE: dict[str, Callable[[dt.date, dt.datetime | None], str]] = {
    "text": lambda on, known_at: f"On {on.isoformat()}, {text.basis(known_at)}\n",
    "csv": lambda on, known_at: tabular.header(),
}
"""What ``assess --all`` writes before the first person, by format."""

PEOPLE_PER_TASK = 64
"""People handed to a worker process at a time by ``assess --all FILE --jobs N``."""


def owed(person: str, result: lc.Assessment, *, born: dt.date | None) -> str:
    """One person's findings and concerns on the date, one compact line each."""
    rows = [
        [f.kind, text.authority(f.by), _to(f.until), _due(f.due), str(f.citation)]
        for f, _ in text.grouped(text.ordered(result.findings))
    ]
    rows += [
        [f"concern: {c.code}", text.authority(c.by), _to(c.until), _due(c.due), str(c.citation)]
        for c, _ in text.grouped(sorted(result.concerns, key=lambda c: (c.since, c.code)))
    ]
    body = text.table([""] * 5, rows)[1:] if rows else [text.INDENT + "Nothing on this date."]
    sealed = [text.INDENT + receipt.one_line(result.receipt)] if result.receipt is not None else []
    return "\n".join([f"{person}{text.age(born, result.on)}", *body, *sealed]) + "\n"


def _to(until: dt.date | None) -> str:
    return "open-ended" if until is None else f"to {text.last_day(until)}"


def _due(due: dt.date | None) -> str:
    return "" if due is None else f"due {due.isoformat()}"
