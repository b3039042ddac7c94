"""The store side of the ``leavingcare`` command: ``record``, ``import``, ``people`` and ``rekey``; and one
person's history read from the store for ``assess``, ``timeline``, ``explain`` and ``report``
(``assess --all`` is in ``leavingcare.cli_bulk``).

These are entrypoints: they parse arguments and files, call the library (``record`` and ``import``
call the recording service, ``leavingcare.store.recording`` and ``leavingcare.store.bulk``) and
print what it returns. The store is the one named by ``--store URL``, else by
``LEAVINGCARE_STORE``, else ``sqlite:///leavingcare.sqlite``. Commands that only read never create
it. Errors are the library's typed errors (the command exits 2 on them); they name people, lines and
event ids, never what an event says.
"""

from __future__ import annotations

import argparse
import getpass
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from attrs import frozen

import leavingcare as lc
from leavingcare import people as people_file
from leavingcare.cli_input import person_argument, rate_and_time_left
from leavingcare.events import decoder
from leavingcare.events.base import person_id
from leavingcare.events.codec import Envelope
from leavingcare.store import bulk, recording
from leavingcare.store.config import locate
from leavingcare.store.port import HistoryStore
from leavingcare.store.provision import records_nothing_durable
from leavingcare.store.recording import Recording, check_id

PROG = "leavingcare"
STORE_HELP = (
    "the store: sqlite:///path, postgresql://user@host:port/db or memory:// "
    "(default: $LEAVINGCARE_STORE, else sqlite:///leavingcare.sqlite)"
)
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
    """The store at ``url`` (see ``lc.open_store``), which must exist already: reading commands never
    create a file, a schema or a table (a mistyped ``?schema=`` is an error, not a new empty store)."""
    return lc.open_store(url, create=False)


def open_for_recording(url: str | None) -> HistoryStore:
    """The store at ``url`` for a command that records: one that is lost when the command ends
    (``memory://``, ``sqlite:///:memory:``) is refused, since what it records would vanish."""
    location = locate(url)
    if records_nothing_durable(location):
        raise CommandError(f"{location.shown}: a store there is lost when the command ends; name a file or a database")
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


# record -------------------------------------------------------------------------------------------


def default_recorder() -> str:
    """``recorded_by`` when ``--by`` is not given: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return PROG


def recording_of(args: argparse.Namespace) -> Recording:
    """How ``record`` and ``import`` record: ``--by`` (else the login name), ``--known-from-the-start``."""
    recorder = args.by or default_recorder()
    _checked_ids(lambda: check_id(recorder, "--by (recorded_by)"))
    return Recording(recorder, args.known_from_the_start)


def read_person(path: str, person: str) -> list[Envelope]:
    """One person's lines from a file; a line naming another person is refused."""
    with Path(path).open("rb") as handle:
        return person_envelopes(handle, person)


def person_envelopes(lines: Iterable[str | bytes], person: str) -> list[Envelope]:
    """One person's JSONL lines as envelopes (``record``'s input); a line naming another person is refused."""
    envelopes: list[Envelope] = []
    for line in decoder.lines(lines):
        named = line.person not in (decoder.ABSENT, None)
        if named and person_id(line.person, f"line {line.number}") != person:
            raise lc.InvalidEvent(f"line {line.number}", "names a different person from the one being recorded")
        envelopes.append(line.read())
    return envelopes


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def run_record(args: argparse.Namespace) -> str:
    """Record one person's JSONL history (new events only) in the store, all or nothing."""
    how = recording_of(args)
    try:
        envelopes = read_person(args.file, args.person)
    except lc.LeavingCareError as exc:
        raise CommandError(f"person {args.person}: {exc}") from None
    with open_for_recording(url_of(args)) as store:
        done = _about(args.person, lambda: _checked_ids(lambda: recording.record(store, args.person, envelopes, how)))
    added = len(done.envelopes)
    already = f" ({done.already} already recorded)" if done.already else ""
    return f"person {done.person}: recorded {_plural(added, 'new event')}{already}; version {done.after}\n"


def _about(person: str, call: Callable[[], T]) -> T:
    """Errors about one person's lines start with the person's id (a store outage does not)."""
    try:
        return call()
    except lc.StoreUnavailable:
        raise
    except lc.LeavingCareError as exc:
        raise CommandError(_named(person, exc)) from None


def _named(person: str, exc: Exception) -> str:
    """``person P: ...``, whether the message names the person already (``person P, line 4``) or not."""
    message = str(exc)
    named = f"person {person}, "
    if message.startswith(named):
        return f"person {person}: {message[len(named) :]}"
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


def _person_of(line: decoder.Line) -> str:
    person = line.person
    if not isinstance(person, str) or not person.strip():
        raise lc.InvalidEvent(f"line {line.number}", NAMES_NO_PERSON)
    return person_id(person, f"line {line.number}")


def _survey(path: str) -> tuple[int, dict[str, int]]:
    """A first pass over a multi-person file: every line must be a JSON object naming a person (else
    nothing is imported). Returns how many people there are and, for each person whose lines come back
    after another person's, the line where they do."""
    seen: set[str] = set()
    again: dict[str, int] = {}
    current = None
    with Path(path).open("rb") as handle:
        for line in decoder.lines(handle):
            person = _person_of(line)
            if person != current:
                if person in seen:
                    again.setdefault(person, line.number)
                seen.add(person)
                current = person
    return len(seen), again


def _file_people(path: str, again: dict[str, int]) -> Iterator[tuple[str, list[Envelope] | lc.LeavingCareError]]:
    """Each person of the file with their lines, or the error that stops them being read; a person
    whose lines reappear after another person's is refused, once."""
    done: set[str] = set()
    with Path(path).open("rb") as handle:
        for person, run in itertools.groupby(decoder.lines(handle), key=_person_of):
            if person in done:
                continue
            done.add(person)
            if person in again:
                reason = "reappears after other people's lines; keep each person's lines together"
                yield person, lc.InvalidHistory(f"line {again[person]}", reason)
                continue
            try:
                yield person, [line.read() for line in run]
            except lc.LeavingCareError as exc:
                yield person, exc


class _Tally:
    """``import``'s running totals, reported as each person's outcome comes."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.handled = self.recorded = self.skipped = self.added = self.already = 0

    def take(self, outcome: bulk.Outcome) -> None:
        if outcome.error is not None:
            self.skipped += 1
            self.progress.say(f"{PROG}: import: skipped {_named(outcome.person, outcome.error)}")
        else:
            self.recorded += 1
            self.added, self.already = self.added + outcome.added, self.already + outcome.already
        self.handled += 1
        self.progress.update(self.handled)


def run_import(args: argparse.Namespace) -> Outcome:
    """Record every person of a multi-person file through the bulk import (``leavingcare.store.bulk``):
    a person whose lines are refused is reported and skipped, nothing of theirs recorded, and the
    others are recorded. Exits 1 when someone was skipped."""
    how = recording_of(args)
    total, again = _survey(args.file)
    progress = Progress(total, sys.stderr, shown=args.progress or sys.stderr.isatty())
    tally = _Tally(progress)
    with open_for_recording(url_of(args)) as store:
        people = _file_people(args.file, again)
        try:
            for outcome in bulk.imports(
                store, people, recorded_by=how.recorded_by, known_from_the_start=how.known_from_the_start
            ):
                tally.take(outcome)
        except lc.StoreUnavailable as exc:
            progress.close()
            raise lc.StoreUnavailable(f"{exc}; {tally.recorded} of {total} people were recorded before") from None
    progress.close()
    events = f"{_plural(tally.added, 'new event')} ({tally.already} already in the store)"
    if not tally.skipped:
        return Outcome(f"imported {_people(total)}: {events}\n", 0)
    shown = f"imported {total - tally.skipped} of {_people(total)}: {events}; skipped {tally.skipped} (reported above)"
    return Outcome(shown + "\n", 1)


def run_rekey(args: argparse.Namespace) -> str:
    """Copy the store (read with ``LEAVINGCARE_KEY``) into a new store at ``--to`` under
    ``LEAVINGCARE_NEW_KEY``, checking every person reads back the same before it is put in place."""
    with open_existing(url_of(args)) as store:
        done = store.rekey(args.to)
    return (
        f"copied {_people(done.people)} ({_plural(done.events, 'event')}) into {done.to} under the new key; "
        "every person reads back the same history and timeline\n"
    )


def run_people(args: argparse.Namespace) -> Iterator[str]:
    """Every person id in the store, one a line, in the order first recorded."""
    with open_existing(url_of(args)) as store:
        for person in store.people():
            yield person + "\n"


KNOWN_HELP = (
    "lines without recorded_at were known from the start (migrating histories whose knowledge time is "
    "unknown); by default they are stamped with the time of recording"
)


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """``record``, ``import``, ``rekey`` and ``people``."""
    summary = "record one person's JSONL history in the store (events already there are left alone)"
    record = sub.add_parser("record", help=summary, description=summary)
    record.set_defaults(run=run_record)
    record.add_argument("person", type=person_argument, metavar="PERSON", help="the person's id in the store")
    record.add_argument("file", metavar="FILE", help="the person's JSONL history (lines may carry recorded_at)")
    record.add_argument("--by", metavar="NAME", help="recorded_by (default: the login name)")
    record.add_argument("--known-from-the-start", action="store_true", help=KNOWN_HELP)
    add_store_option(record)
    summary = "record every person of a JSONL file whose lines each name a person"
    importer = sub.add_parser("import", help=summary, description=summary)
    importer.set_defaults(run=run_import)
    importer.add_argument("file", metavar="FILE", help='multi-person JSONL: "person" on every line, lines together')
    importer.add_argument("--by", metavar="NAME", help="recorded_by (default: the login name)")
    importer.add_argument("--known-from-the-start", action="store_true", help=KNOWN_HELP)
    importer.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")
    add_store_option(importer)
    summary = "copy the store into a new one under a new key (LEAVINGCARE_NEW_KEY), checked before it is put in place"
    rekey = sub.add_parser("rekey", help=summary, description=summary)
    rekey.set_defaults(run=run_rekey)
    rekey.add_argument(
        "--to", required=True, metavar="URL", help="the new store: a file or a schema that does not exist yet"
    )
    add_store_option(rekey)
    summary = "list the people in the store"
    people = sub.add_parser("people", help=summary, description=summary)
    people.set_defaults(run=run_people)
    add_store_option(people)
