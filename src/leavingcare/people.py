"""Multi-person JSONL: every line carries ``"person"``, and each person's lines are contiguous.

``read_people`` streams one ``(person, History)`` at a time, so a file of any size is read with the
memory of its largest history. A person whose lines reappear after another person's is an error
naming that person (by id only). ``runs`` reads the same file person by person without stopping at a
person who cannot be read, for jobs over everyone that report such a person and go on, and gives each
person's lines a digest: ``read_timelines`` reads a person's timeline back from a cache directory
(``leavingcare.cachedir``) when it was kept from exactly the same lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from attrs import frozen

from leavingcare.cachedir import TimelineCache, open_cache
from leavingcare.duties.findings import Assessment, Timeline
from leavingcare.errors import InvalidEvent, InvalidHistory, LeavingCareError
from leavingcare.events import decoder
from leavingcare.events.base import person_id
from leavingcare.events.codec import MAX_LINE_BYTES, Envelope, bounded, without_bom
from leavingcare.history import History
from leavingcare.kept import Entry, Kept, cache_key, compute
from leavingcare.law import Law, default_law

NAMES_NO_PERSON = "names no person, as every line of a file of several people must"
REAPPEARS = "has lines earlier in the file, before another person's; keep each person's lines together"


def _person(person: Any, number: int) -> str:
    """The person id a line's ``person`` member gives, in Unicode NFC (``events.base.person_id``)."""
    if not isinstance(person, str) or not person.strip():
        raise InvalidEvent(f"line {number}", NAMES_NO_PERSON, field="person")
    return person_id(person, f"line {number}")


class _Persons:
    """The person ids a file's lines give, each checked and normalised once for a run of lines giving the
    same text (a person's lines are together)."""

    def __init__(self) -> None:
        self.given: str | None = None
        self.person = ""

    def of(self, given: Any, number: int) -> str:
        if given != self.given or not isinstance(given, str):
            self.person = _person(given, number)
            self.given = given
        return self.person


def read_people(
    source: str | os.PathLike[str] | Iterable[str | bytes], *, first_line: int = 1
) -> Iterator[tuple[str, History]]:
    """Each person's history in file order. Raises ``InvalidEvent``/``InvalidHistory`` naming the line
    (counted from ``first_line``) when a line is bad or a person's lines are not contiguous."""
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as handle:
            yield from _people(handle, first_line)
    else:
        yield from _people(source, first_line)


def _people(lines: Iterable[str | bytes], first_line: int = 1) -> Iterator[tuple[str, History]]:
    seen: set[str] = set()
    current: str | None = None
    batch: list[Envelope] = []
    persons = _Persons()
    for line in decoder.lines(lines, first_line=first_line):
        number = line.number
        person = persons.of(line.person, number)
        if person != current:
            if current is not None:
                yield current, _history(current, batch)
            if person in seen:
                raise InvalidHistory(f"person {person}, line {number}", REAPPEARS)
            seen.add(person)
            current, batch = person, []
        batch.append(line.read())
    if current is not None:
        yield current, _history(current, batch)


def _history(person: str, batch: list[Envelope]) -> History:
    try:
        return History(batch)
    except InvalidHistory as exc:
        raise InvalidHistory(f"person {person}, {exc.where}", exc.reason) from None


def person_chunks(source: str | os.PathLike[str], size: int) -> Iterator[tuple[int, list[bytes]]]:
    """The raw lines of up to ``size`` people at a time, with the number of the first line: for handing
    whole people to worker processes. Checks only that each person's lines are contiguous."""
    seen: set[str] = set()
    current: str | None = None
    batch: list[bytes] = []
    first, people_in_batch = 1, 0
    with Path(source).open("rb") as handle:
        for number, (raw, obj) in enumerate(_raw_objects(handle), start=1):
            if obj is None:
                batch.append(raw)
                continue
            person = _person(obj.get("person"), number)
            if person != current:
                if person in seen:
                    raise InvalidHistory(f"person {person}, line {number}", REAPPEARS)
                seen.add(person)
                current = person
                if people_in_batch == size:
                    yield first, batch
                    batch, people_in_batch = [], 0
                if not batch:
                    first = number
                people_in_batch += 1
            batch.append(raw)
    if batch:
        yield first, batch


def _raw_objects(handle: Iterable[bytes]) -> Iterator[tuple[bytes, dict[str, Any] | None]]:
    """Each raw line with its decoded object, or None for a blank or unreadable line: those stay with the
    lines around them, for the reader to report with their line number. A line too long to accept is
    the last (``events.codec.bounded``); a byte order mark opening the file is left for the reader."""
    for number, raw in enumerate(bounded(handle), start=1):
        assert isinstance(raw, bytes)
        line = without_bom(raw) if number == 1 else raw
        obj = None
        if line.strip() and len(line) <= MAX_LINE_BYTES:
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError):
                obj = None
        yield raw, obj if isinstance(obj, dict) else None


Held = decoder.Line | tuple[int, str | bytes]
"""One line of a run: read already, or (its number and text) vouched for and still to be read."""


@frozen
class Run:
    """One person's lines in a file (numbered JSON objects), or the error that stops them being read.
    ``person`` is None for lines before the first that names someone. ``digest``: the SHA-256 of the
    lines as read (a byte order mark opening the file left out), each after its length. A line the
    fast path vouches for (``decoder.person_of``) is kept as its text and read when the history is:
    a person whose timeline is kept for exactly these lines is never read further."""

    person: str | None
    lines: tuple[Held, ...] = ()
    error: LeavingCareError | None = None
    digest: str = ""

    def history(self) -> History:
        """The person's history; ``InvalidEvent`` or ``InvalidHistory`` naming the line."""
        if self.error is not None:
            raise self.error
        return History(_read(held) for held in self.lines)


def _read(held: Held) -> Envelope:
    if isinstance(held, decoder.Line):
        return held.read()
    number, text = held
    line = decoder.line(text, number)
    assert line is not None  # vouched for: a JSON object
    return line.read()


def runs(
    lines: Iterable[str | bytes], *, single: str | None = None, first_line: int = 1, lazily: bool = False
) -> Iterator[Run]:
    """Each person's lines of a multi-person file, in file order, reading on past a person whose lines
    cannot be read. A line that cannot be read, or that names no person, is that of the person whose
    lines it follows, who cannot then be read; a person whose lines reappear after another person's
    is reported again there, with the reason. ``single``: the file holds one person's lines, named
    ``single``, none of which may name a person. ``lazily``: a line the fast path vouches for is read
    only as far as its person, and read in full only if the person's history is asked for (worth it
    when kept timelines may answer for them; otherwise each line is read once, in full, at once)."""
    seen: set[str] = set()
    current: Run | None = None
    body: list[Held] = []
    digest = hashlib.sha256()
    persons = _Persons()
    for number, text, given in _given(lines, first_line) if lazily else _unread(lines, first_line):
        try:
            held: Held
            if given is decoder.NOT_VOUCHED:
                line = decoder.line(text, number)
                if line is None:
                    continue
                given, held = line.person, line
            else:
                held = (number, text)
            if single is not None:
                if given is not decoder.ABSENT:
                    raise InvalidHistory(f"line {number}", "names a person but the first line does not")
                person = single
            else:
                person = persons.of(given, number)
        except LeavingCareError as exc:
            if current is None:
                current = Run(None)
            if current.error is None:
                current = Run(current.person, (), exc)
            continue
        if current is None or person != current.person:
            if current is not None:
                yield _ended(current, body, digest.hexdigest())
            body, digest = [], hashlib.sha256()
            current = Run(person, (), InvalidHistory(f"line {number}", REAPPEARS) if person in seen else None)
            seen.add(person)
        body.append(held)
        framed = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        digest.update(len(framed).to_bytes(4, "big") + framed)
    if current is not None:
        yield _ended(current, body, digest.hexdigest())


def _unread(lines: Iterable[str | bytes], first_line: int) -> Iterator[tuple[int, str | bytes, Any]]:
    """Each line's number and text (a byte order mark opening line 1 left out), none read yet."""
    for number, raw in enumerate(bounded(lines), start=first_line):
        yield number, without_bom(raw) if number == 1 else raw, decoder.NOT_VOUCHED


BATCH = 256
"""Lines whose persons are read together (``decoder.persons_of``)."""


def _given(lines: Iterable[str | bytes], first_line: int) -> Iterator[tuple[int, str | bytes, Any]]:
    """Each line's number, text (a byte order mark opening line 1 left out) and ``decoder.person_of``."""
    batch: list[str | bytes] = []
    number = first_line
    source = iter(bounded(lines))
    while True:
        try:
            for raw in source:
                batch.append(without_bom(raw) if number + len(batch) == 1 else raw)
                if len(batch) == BATCH:
                    break
        except Exception:
            yield from zip(itertools.count(number), batch, decoder.persons_of(batch))
            raise
        if not batch:
            return
        yield from zip(itertools.count(number), batch, decoder.persons_of(batch))
        number += len(batch)
        batch = []


def _ended(current: Run, body: list[Held], digest: str) -> Run:
    return current if current.error is not None else Run(current.person, tuple(body), None, digest)


# timelines, kept in a cache directory -------------------------------------------------------------


def read_timelines(
    source: str | os.PathLike[str] | Iterable[str | bytes],
    *,
    cache: str | os.PathLike[str] | None = None,
    known_at: dt.datetime | None = None,
    law: Law | None = None,
) -> Iterator[tuple[str, Timeline]]:
    """Each person of a multi-person file (as ``read_people`` reads it) with what
    ``lc.timeline(history, known_at=known_at, law=law)`` gives. With ``cache`` (a directory, empty or
    a cache already), each timeline computed with everything recorded is kept there, and read back
    instead of computed when the person's lines, the library, the law table and the authorities table
    are unchanged; a ``known_at`` view is always computed afresh. Raises ``CacheUnavailable`` at once
    when the directory cannot be used, and ``InvalidEvent``/``InvalidHistory`` at the first person
    whose lines cannot be read."""
    kept = open_cache(cache) if cache is not None else None
    return _timelines(source, kept, known_at, law or default_law())


def _timelines(
    source: str | os.PathLike[str] | Iterable[str | bytes],
    cache: TimelineCache | None,
    known_at: dt.datetime | None,
    law: Law,
) -> Iterator[tuple[str, Timeline]]:
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as handle:
            yield from _timelines(handle, cache, known_at, law)
        return
    for run in runs(source, lazily=cache is not None and known_at is None):
        timeline, _ = timeline_of(run, law, cache, known_at)
        yield run.person or "", timeline


def timeline_of(
    run: Run, law: Law, cache: TimelineCache | None, known_at: dt.datetime | None = None
) -> tuple[Timeline, dt.date | None]:
    """The person's timeline as known at ``known_at``, and their date of birth: read back from ``cache``
    when kept there from exactly these lines under the same key, else computed (and, with everything
    recorded, kept). Raises the error that stops the person's lines being read or assessed."""
    if run.error is not None:
        raise run.error
    if cache is None or known_at is not None or run.person is None:
        history = run.history()
        return compute(history, known_at, law), history.facts.born
    key = cache_key(law)
    held = _held(run.person, run.digest, key, cache, Entry.kept)
    if held is not None:
        return held.timeline, held.born
    return _kept(run, law, cache, key)


def assessment_of(
    run: Run, on: dt.date, law: Law, cache: TimelineCache | None, known_at: dt.datetime | None = None
) -> tuple[Assessment, dt.date | None]:
    """``timeline_of(run, law, cache, known_at)`` assessed on ``on``, and the date of birth: a kept
    timeline is read back building only the findings and concerns that hold on ``on``."""
    if run.error is None and cache is not None and known_at is None and run.person is not None:
        key = cache_key(law)
        entry = _held(run.person, run.digest, key, cache, lambda found: (found.at(on), found.born))
        if entry is not None:
            return entry
        timeline, born = _kept(run, law, cache, key)
        return timeline.at(on), born
    timeline, born = timeline_of(run, law, cache, known_at)
    return timeline.at(on), born


_T = TypeVar("_T")


def _held(person: str, digest: str, key: str, cache: TimelineCache, build: Callable[[Entry], _T]) -> _T | None:
    """What ``build`` makes of the person's kept entry; None when there is none, or it cannot be built
    (an entry whose check passed but whose positions do not hold is computed again)."""
    entry = cache.read(person, digest, key)
    if entry is None:
        return None
    try:
        return build(entry)
    except Exception:
        return None


def _kept(run: Run, law: Law, cache: TimelineCache, key: str) -> tuple[Timeline, dt.date | None]:
    assert run.person is not None
    history = run.history()
    timeline = compute(history, None, law)
    cache.write(run.person, Kept(run.digest, key, history.facts.born, timeline))
    return timeline, history.facts.born
