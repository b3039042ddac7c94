"""Multi-person JSONL: every line carries ``"person"``, and each person's lines are contiguous.

``read_people`` streams one ``(person, History)`` at a time, so a file of any size is read with the
memory of its largest history. A person whose lines reappear after another person's is an error
naming that person (by id only).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from leavingcare.errors import InvalidEvent, InvalidHistory
from leavingcare.events.codec import Envelope, envelope_from, read_lines
from leavingcare.history import History

NAMES_NO_PERSON = "names no person, as every line of a file of several people must"
REAPPEARS = "names a person whose lines came earlier; keep each person's lines together"


def _person(obj: dict[str, Any], number: int) -> str:
    person = obj.get("person")
    if not isinstance(person, str) or not person.strip():
        raise InvalidEvent(f"line {number}", NAMES_NO_PERSON)
    return person


def read_people(source: str | os.PathLike[str] | Iterable[str | bytes]) -> Iterator[tuple[str, History]]:
    """Each person's history in file order. Raises ``InvalidEvent``/``InvalidHistory`` naming the line,
    or the person id when a person's lines are not contiguous."""
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as handle:
            yield from _people(handle)
    else:
        yield from _people(source)


def _people(lines: Iterable[str | bytes]) -> Iterator[tuple[str, History]]:
    seen: set[str] = set()
    current: str | None = None
    batch: list[Envelope] = []
    first_line = 0
    for number, obj in read_lines(lines):
        person = _person(obj, number)
        if person != current:
            if current is not None:
                yield current, _history(current, batch, first_line)
            if person in seen:
                raise InvalidHistory(f"line {number}", REAPPEARS)
            seen.add(person)
            current, batch, first_line = person, [], number
        batch.append(envelope_from(obj, number, f"line {number}"))
    if current is not None:
        yield current, _history(current, batch, first_line)


def _history(person: str, batch: list[Envelope], first_line: int) -> History:
    try:
        return History(batch)
    except InvalidHistory as exc:
        raise InvalidHistory(f"person {person}, {exc.where}", exc.reason) from None
