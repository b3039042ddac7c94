"""The store side of the ``leavingcare`` command: ``record``, ``import`` and ``people``; one person's
history read from the store for ``assess``, ``timeline``, ``explain`` and ``report``; and
``assess --all``, everyone in the store or in a file, streamed one person at a time.

The store is the one named by ``--store URL``, else by ``LEAVINGCARE_STORE``, else
``sqlite:///leavingcare.sqlite``. Commands that only read never create it. Errors are the library's
typed errors (the command exits 2 on them); they name people, lines and event ids, never what an
event says.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import itertools
import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from attrs import evolve, frozen

import leavingcare as lc
from leavingcare import people as people_file
from leavingcare.cli_input import person_argument, rate_and_time_left
from leavingcare.events.base import person_id
from leavingcare.events.codec import Envelope, content_id, envelope_from, read_lines
from leavingcare.report import jsonout, receipt, tabular, text
from leavingcare.store.config import locate
from leavingcare.store.port import Batch, HistoryStore

PROG = "leavingcare"
STORE_HELP = (
    "the store: sqlite:///path, postgresql://user@host:port/db or memory:// "
    "(default: $LEAVINGCARE_STORE, else sqlite:///leavingcare.sqlite)"
)
KNOWN_FROM_THE_START = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""When the lines before the first ``recorded_at`` of a file were recorded: known from the start."""
NAMES_NO_PERSON = people_file.NAMES_NO_PERSON

T = TypeVar("T")


class CommandError(lc.LeavingCareError):
    """A command that cannot do what was asked; the command exits 2 with this message."""


@frozen
class Outcome:
    """A command's standard output and exit status (``import`` exits 1 when it skipped someone)."""

    output: str
    status: int


def add_store_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--store URL``, before the command or after it (after it, only when given)."""
    parser.add_argument("--store", metavar="URL", default=None if top else argparse.SUPPRESS, help=STORE_HELP)


def url_of(args: argparse.Namespace) -> str | None:
    store: str | None = getattr(args, "store", None)
    return store


def open_existing(url: str | None) -> HistoryStore:
    """The store at ``url`` (see ``lc.open_store``), which must already exist when it is a file."""
    location = locate(url)
    if location.kind == "sqlite" and not Path(location.settings["SQLITE_DBNAME"]).is_file():
        raise CommandError(f"{location.shown}: there is no store there yet (record or import histories first)")
    return lc.open_store(url)


def _checked_ids(call: Callable[[], T]) -> T:
    """Ids the store refuses (empty, too long) as one line, not a traceback."""
    try:
        return call()
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def load(file: str | None, person: str | None, url: str | None) -> lc.History:
    """One person's history: from FILE, or from the store with ``--person``."""
    if person is not None and file is not None:
        raise CommandError("give a FILE or --person, not both")
    if person is None:
        if file is None:
            raise CommandError("give a FILE, or --person PERSON to read the store")
        return lc.History.from_jsonl(file)
    with open_existing(url) as store:
        return _checked_ids(lambda: store.history(person))


def everyone(url: str | None) -> Iterator[tuple[str, lc.History]]:
    """Every person in the store with their whole history, one at a time."""
    with open_existing(url) as store:
        yield from store.histories()


# assess --all ---------------------------------------------------------------------------------------


def assessments(
    people: Iterable[tuple[str, lc.History]], on: dt.date, known_at: dt.datetime | None, fmt: str | None
) -> Iterator[str]:
    """``assess --all``: one JSON object per person per line, or (``text``) one block per person with
    one line per finding and concern."""
    if fmt in PREAMBLE:
        yield PREAMBLE[fmt](on, known_at)
    for person, history in people:
        result = lc.assess(history, on=on, known_at=known_at)
        yield _assessed(person, result, fmt, history.facts.born if fmt == "text" else None)


def stored_assessments(url: str | None, on: dt.date, fmt: str | None) -> Iterator[str]:
    """``assess --all`` over everyone in the store with everything recorded, as ``assessments`` prints
    it: each person's timeline (read back when the store computed it before from the same events) on
    the date."""
    if fmt in PREAMBLE:
        yield PREAMBLE[fmt](on, None)
    with open_existing(url) as store:
        for person, timeline, born in store.timelines_with_births():
            yield _assessed(person, timeline.at(on), fmt, born)


def _assessed(person: str, result: lc.Assessment, fmt: str | None, born: dt.date | None) -> str:
    """One person's assessment: a text block, or one JSON line."""
    if fmt == "text":
        return "\n" + owed(person, result, born=born)
    if fmt == "csv":
        return tabular.rows(person, result)
    return json.dumps({"person": person, **jsonout.assessment(result)}, ensure_ascii=False) + "\n"


PREAMBLE: dict[str, Callable[[dt.date, dt.datetime | None], str]] = {
    "text": lambda on, known_at: f"On {on.isoformat()}, {text.basis(known_at)}\n",
    "csv": lambda on, known_at: tabular.header(),
}
"""What ``assess --all`` writes before the first person, by format."""

PEOPLE_PER_TASK = 64
"""People handed to a worker process at a time by ``assess --all FILE --jobs N``."""


def parallel_assessments(path: str, on: dt.date, known_at: dt.datetime | None, jobs: int) -> Iterator[str]:
    """``assess --all FILE --jobs N``: the people of a multi-person file assessed in ``jobs`` worker
    processes, printed as JSON lines in file order. Errors name the line, as in one process."""
    tasks = ((first, lines, on, known_at) for first, lines in people_file.person_chunks(path, PEOPLE_PER_TASK))
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield from pool.imap(_assess_task, tasks)


def _assess_task(task: tuple[int, list[bytes], dt.date, dt.datetime | None]) -> str:
    first, lines, on, known_at = task
    out = []
    for person, history in lc.read_people(lines, first_line=first):
        result = lc.assess(history, on=on, known_at=known_at)
        out.append(json.dumps({"person": person, **jsonout.assessment(result)}, ensure_ascii=False) + "\n")
    return "".join(out)


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


# record -------------------------------------------------------------------------------------------


@frozen
class Recorded:
    """What recording one person's lines did: events added, events already held, the new version."""

    person: str
    added: int
    already: int
    version: int


def default_recorder() -> str:
    """``recorded_by`` when ``--by`` is not given: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return PROG


def record_person(store: HistoryStore, person: str, envelopes: Sequence[Envelope], recorded_by: str) -> Recorded:
    """Append the person's events the store does not already hold, one batch per recording time,
    earliest first. Each step is checked first, so a bad line is named by its number and nothing of
    the person's lines is recorded. An event already held (same id, same content) is not recorded
    again, so recording the same file twice adds nothing."""
    try:
        version = store.version(person)
        existing = list(store.history(person).envelopes) if version else []
        identified = _identified(envelopes)
        held = _already_recorded(identified, existing)
        batches = _plan(identified, held, existing, recorded_by)
        for batch in batches:
            version = store.record(
                person, batch.envelopes, recorded_by=batch.by, recorded_at=batch.at, expected_version=version
            )
    except ValueError as exc:
        raise CommandError(f"person {person}: {exc}") from None
    added = sum(len(batch.envelopes) for batch in batches)
    return Recorded(person, added, len(envelopes) - added, version)


def _plan(lines: Sequence[Envelope], held: set[str], existing: Sequence[Envelope], recorded_by: str) -> list[Batch]:
    """The batches that record the lines not ``held`` already. For someone new to the store, lines
    without ``recorded_at`` are first taken as known from the start; when the history would not hold
    together at some step that way, each is taken as recorded with the line before it."""
    if not existing:
        batches = _batches(lines, held, recorded_by, from_the_start=True)
        try:
            _check_steps(existing, batches)
            return batches
        except lc.LeavingCareError:
            pass  # each line with the one before it, below
    batches = _batches(lines, held, recorded_by, from_the_start=False)
    _check_steps(existing, batches)
    return batches


def _check_steps(existing: Sequence[Envelope], batches: Sequence[Batch]) -> None:
    """The history after each batch holds together (``InvalidEvent``, ``InvalidHistory`` otherwise)."""
    so_far = list(existing)
    for batch in batches:
        so_far += batch.envelopes
        lc.History(so_far)


def _identified(envelopes: Iterable[Envelope]) -> list[Envelope]:
    """Each envelope with the id a history gives it: its own, else one derived from its content."""
    seen: set[str] = set()
    out: list[Envelope] = []
    for envelope in envelopes:
        ident = envelope.id
        if not ident:
            base = ident = content_id(envelope.event)
            n = 1
            while ident in seen:
                n += 1
                ident = f"{base}-{n}"
        seen.add(ident)
        out.append(envelope if ident == envelope.id else evolve(envelope, id=ident))
    return out


def _already_recorded(envelopes: Sequence[Envelope], existing: Sequence[Envelope]) -> set[str]:
    """The ids of the envelopes the store holds already; an id held for other content is refused."""
    held = {e.id: e.event for e in existing}
    for envelope in envelopes:
        event = held.get(envelope.id)
        if event is not None and event != envelope.event:
            reason = f"has the id {envelope.id} of an event already recorded for this person, which says otherwise"
            raise lc.InvalidHistory(envelope.where, reason)
    return {e.id for e in envelopes if e.id in held}


def recording_times(envelopes: Sequence[Envelope], *, from_the_start: bool) -> list[dt.datetime | None]:
    """When each line was recorded: its own ``recorded_at``. When no line carries one, None (now).
    Otherwise a line without one was known from the start (the interchange format's meaning:
    ``KNOWN_FROM_THE_START``), or, without ``from_the_start``, recorded with the line before it (the
    lines before the first ``recorded_at`` still from the start)."""
    stamps = [e.recorded_at.astimezone(dt.UTC) for e in envelopes if e.recorded_at is not None]
    if not stamps:
        return [None] * len(envelopes)
    start = at = min([KNOWN_FROM_THE_START, *stamps])
    times: list[dt.datetime | None] = []
    for envelope in envelopes:
        if envelope.recorded_at is not None:
            at = envelope.recorded_at.astimezone(dt.UTC)
        times.append(at if envelope.recorded_at is not None or not from_the_start else start)
    return times


def _batches(lines: Sequence[Envelope], held: set[str], recorded_by: str, *, from_the_start: bool) -> list[Batch]:
    """One batch per recording time and recorder, earliest first, each in file order."""
    groups: dict[tuple[dt.datetime | None, str], list[Envelope]] = {}
    for envelope, at in zip(lines, recording_times(lines, from_the_start=from_the_start), strict=True):
        if envelope.id not in held:
            groups.setdefault((at, envelope.recorded_by or recorded_by), []).append(envelope)
    order = sorted(groups, key=lambda key: key[0] or KNOWN_FROM_THE_START)
    return [Batch(at, by, tuple(groups[at, by])) for at, by in order]


def read_person(path: str, person: str) -> list[Envelope]:
    """One person's lines; a line naming another person is refused."""
    envelopes: list[Envelope] = []
    with Path(path).open("rb") as handle:
        for number, obj in read_lines(handle):
            named = obj.get("person")
            if named is not None and person_id(named, f"line {number}") != person:
                raise lc.InvalidEvent(f"line {number}", "names a different person from the one being recorded")
            envelopes.append(envelope_from(obj, number, f"line {number}"))
    return envelopes


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def run_record(args: argparse.Namespace) -> str:
    """Record one person's JSONL history (new events only) in the store."""
    try:
        envelopes = read_person(args.file, args.person)
    except lc.LeavingCareError as exc:
        raise CommandError(f"person {args.person}: {exc}") from None
    with lc.open_store(url_of(args)) as store:
        done = _about(args.person, lambda: record_person(store, args.person, envelopes, args.by or default_recorder()))
    already = f" ({done.already} already recorded)" if done.already else ""
    return f"person {done.person}: recorded {_plural(done.added, 'new event')}{already}; version {done.version}\n"


def _about(person: str, call: Callable[[], T]) -> T:
    """Errors about one person's lines start with the person's id (a store outage does not)."""
    try:
        return call()
    except lc.StoreUnavailable:
        raise
    except lc.LeavingCareError as exc:
        raise CommandError(_named(person, exc)) from None


def _named(person: str, exc: Exception) -> str:
    message = str(exc)
    return message if message.startswith(f"person {person}") else f"person {person}: {message}"


# import -------------------------------------------------------------------------------------------


class Progress:
    """A bar on standard error, ``import [#####.........] 120/400 people, 35/s, 0:08 left``, redrawn in
    place: the people done, the rate so far and the time left at that rate."""

    WIDTH = 30
    EVERY = 0.1  # seconds between redraws

    def __init__(self, total: int, stream: TextIO, *, shown: bool, label: str = "import") -> None:
        self.total, self.stream, self.shown, self.label = total, stream, shown, label
        self.bar = ""
        self.drawn_at = 0.0
        self.started = time.monotonic()

    def update(self, done: int) -> None:
        if not self.shown or (done < self.total and time.monotonic() - self.drawn_at < self.EVERY):
            return
        filled = self.WIDTH * min(done, self.total) // self.total if self.total else self.WIDTH
        bar = f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{_people(self.total)}"
        self.bar = bar + rate_and_time_left(done, self.total, time.monotonic() - self.started)
        self.stream.write("\r" + self.bar)
        self.stream.flush()
        self.drawn_at = time.monotonic()

    def say(self, line: str) -> None:
        """A line of its own, under the bar's last state."""
        if self.shown and self.bar:
            self.stream.write("\r" + " " * len(self.bar) + "\r")
        self.stream.write(line + "\n")
        if self.shown and self.bar:
            self.stream.write(self.bar)
        self.stream.flush()

    def close(self) -> None:
        if self.shown and self.bar:
            self.stream.write("\n")
            self.stream.flush()


def _person_of(number: int, obj: dict[str, Any]) -> str:
    person = obj.get("person")
    if not isinstance(person, str) or not person.strip():
        raise lc.InvalidEvent(f"line {number}", NAMES_NO_PERSON)
    return person_id(person, f"line {number}")


def _survey(path: str) -> tuple[int, dict[str, int]]:
    """A first pass over a multi-person file: every line must be a JSON object naming a person (else
    nothing is imported). Returns how many people there are and, for each person whose lines come back
    after another person's, the line where they do."""
    seen: set[str] = set()
    again: dict[str, int] = {}
    current = None
    with Path(path).open("rb") as handle:
        for number, obj in read_lines(handle):
            person = _person_of(number, obj)
            if person != current:
                if person in seen:
                    again.setdefault(person, number)
                seen.add(person)
                current = person
    return len(seen), again


def _runs(path: str) -> Iterator[tuple[str, list[tuple[int, dict[str, Any]]]]]:
    """Each run of consecutive lines naming the same person."""
    with Path(path).open("rb") as handle:
        for person, run in itertools.groupby(read_lines(handle), key=lambda item: _person_of(*item)):
            yield person, list(run)


IMPORT_GROUP_PEOPLE = 200
"""``import`` records at most this many people new to the store in one transaction..."""
IMPORT_GROUP_EVENTS = 5000
"""... holding at most about this many events (a person with more is a group of their own)."""


@frozen
class _New:
    """A person of the file planned as new to the store: their lines and the batches that record them."""

    person: str
    envelopes: tuple[Envelope, ...]
    batches: tuple[Batch, ...]


@frozen
class _Refused:
    """A person of the file whose lines are refused before the store is asked."""

    person: str
    error: lc.LeavingCareError


class _Import:
    """``import``'s running totals, and the people read but not yet recorded, in file order."""

    def __init__(self, store: HistoryStore, recorder: str, total: int, progress: Progress) -> None:
        self.store, self.recorder, self.total, self.progress = store, recorder, total, progress
        self.group: list[_New | _Refused] = []
        self.events = 0
        self.handled = self.recorded = self.skipped = self.added = self.already = 0

    def take(self, person: str, envelopes: list[Envelope] | lc.LeavingCareError) -> None:
        if isinstance(envelopes, lc.LeavingCareError):
            self.group.append(_Refused(person, envelopes))
            return
        new = _planned_new(person, envelopes, self.recorder)
        if new is None:  # cannot be recorded into an empty stream: perhaps the store holds some of it
            self.flush()
            self._one(person, envelopes)
            return
        people = sum(1 for item in self.group if isinstance(item, _New))
        if people and (people >= IMPORT_GROUP_PEOPLE or self.events + len(envelopes) > IMPORT_GROUP_EVENTS):
            self.flush()
        self.group.append(new)
        self.events += len(envelopes)

    def flush(self) -> None:
        """Record the people read so far: the new ones in one transaction, or, when that fails (one of
        them is in the store already, or is refused), one by one as ``record`` would."""
        group, self.group, self.events = self.group, [], 0
        new = [item for item in group if isinstance(item, _New)]
        together = False
        if new:
            try:
                self.store.record_new([(item.person, item.batches) for item in new], checked=True)
                together = True
            except lc.StoreUnavailable:
                for item in group:
                    if isinstance(item, _Refused):
                        self._skip(item.person, item.error)
                raise
            except (lc.LeavingCareError, ValueError):
                pass
        for item in group:
            if isinstance(item, _Refused):
                self._skip(item.person, item.error)
            elif together:
                self._done(len(item.envelopes), 0)
            else:
                self._one(item.person, list(item.envelopes))

    def _one(self, person: str, envelopes: list[Envelope]) -> None:
        try:
            recorded = record_person(self.store, person, envelopes, self.recorder)
        except lc.StoreUnavailable:
            raise
        except lc.LeavingCareError as exc:
            self._skip(person, exc)
            return
        self._done(recorded.added, recorded.already)

    def _done(self, added: int, already: int) -> None:
        self.recorded += 1
        self.added, self.already = self.added + added, self.already + already
        self.handled += 1
        self.progress.update(self.handled)

    def _skip(self, person: str, exc: lc.LeavingCareError) -> None:
        self.skipped += 1
        self.progress.say(f"{PROG}: import: skipped {_named(person, exc)}")
        self.handled += 1
        self.progress.update(self.handled)


def _planned_new(person: str, envelopes: Sequence[Envelope], recorded_by: str) -> _New | None:
    """The batches that would record the person's lines into an empty stream, as ``record_person``
    plans them for someone new, each step checked; None when they cannot be."""
    identified = _identified(envelopes)
    try:
        batches = _plan(identified, set(), (), recorded_by)
    except lc.LeavingCareError:
        return None
    return _New(person, tuple(identified), tuple(batches))


def run_import(args: argparse.Namespace) -> Outcome:
    """Record every person of a multi-person file; a person whose lines are refused is reported and
    skipped, and the others are recorded. Exits 1 when someone was skipped.

    People new to the store are recorded in groups, one transaction a group (``IMPORT_GROUP_PEOPLE``);
    a group that cannot be recorded whole, and anyone already in the store, is recorded one person
    at a time, as ``record`` does."""
    total, again = _survey(args.file)
    recorder = args.by or default_recorder()
    progress = Progress(total, sys.stderr, shown=args.progress or sys.stderr.isatty())
    done: set[str] = set()
    with lc.open_store(url_of(args)) as store:
        state = _Import(store, recorder, total, progress)
        try:
            for person, run in _runs(args.file):
                if person in done:
                    continue
                done.add(person)
                try:
                    if person in again:
                        reason = "reappears after other people's lines; keep each person's lines together"
                        raise lc.InvalidHistory(f"line {again[person]}", reason)
                    envelopes = [envelope_from(obj, number, f"line {number}") for number, obj in run]
                except lc.LeavingCareError as exc:
                    state.take(person, exc)
                    continue
                state.take(person, envelopes)
            state.flush()
        except lc.StoreUnavailable as exc:
            progress.close()
            raise lc.StoreUnavailable(f"{exc}; {state.recorded} of {total} people were recorded before") from None
    progress.close()
    skipped, added, already = state.skipped, state.added, state.already
    events = f"{_plural(added, 'new event')} ({already} already in the store)"
    if not skipped:
        return Outcome(f"imported {_people(total)}: {events}\n", 0)
    return Outcome(f"imported {total - skipped} of {_people(total)}: {events}; skipped {skipped} (reported above)\n", 1)


def run_people(args: argparse.Namespace) -> Iterator[str]:
    """Every person id in the store, one a line, in the order first recorded."""
    with open_existing(url_of(args)) as store:
        for person in store.people():
            yield person + "\n"


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """``record``, ``import`` and ``people``."""
    summary = "record one person's JSONL history in the store (events already there are left alone)"
    record = sub.add_parser("record", help=summary, description=summary)
    record.set_defaults(run=run_record)
    record.add_argument("person", type=person_argument, metavar="PERSON", help="the person's id in the store")
    record.add_argument("file", metavar="FILE", help="the person's JSONL history (lines may carry recorded_at)")
    record.add_argument("--by", metavar="NAME", help="recorded_by (default: the login name)")
    add_store_option(record)
    summary = "record every person of a JSONL file whose lines each name a person"
    importer = sub.add_parser("import", help=summary, description=summary)
    importer.set_defaults(run=run_import)
    importer.add_argument("file", metavar="FILE", help='multi-person JSONL: "person" on every line, lines together')
    importer.add_argument("--by", metavar="NAME", help="recorded_by (default: the login name)")
    importer.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")
    add_store_option(importer)
    summary = "list the people in the store"
    people = sub.add_parser("people", help=summary, description=summary)
    people.set_defaults(run=run_people)
    add_store_option(people)
