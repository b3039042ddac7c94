"""What the ``leavingcare`` command checks of its input before it starts (a person id, a date, ``--jobs``), and
how it reports what it cannot do: one line, control and invisible formatting characters shown escaped,
an unexpected failure named by its kind only (``AssessmentFailed``), one person's failure keeping
the others' answers.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from leavingcare import api
from leavingcare.duties.findings import Timeline
from leavingcare.errors import AssessmentFailed, InvalidEvent, LeavingCareError
from leavingcare.events.base import person_id
from leavingcare.events.codec import parse_timestamp
from leavingcare.history import History

PROG = "leavingcare"
ENGLAND = zoneinfo.ZoneInfo("Europe/London")
"""The zone ``today`` is read in: the date in England, whatever the host's zone."""
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


def today(now: dt.datetime | None = None) -> dt.date:
    """The date in England (Europe/London) now (or at ``now``), not in the host's zone."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(ENGLAND).date()


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` or ``today`` (the date in England); a date that does not exist is named as such."""
    if value == "today":
        return today()
    shape = _DATE.match(value)
    if shape is None:
        raise argparse.ArgumentTypeError("must be a date written YYYY-MM-DD (or 'today')")
    year, month, day = (int(part) for part in shape.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        raise argparse.ArgumentTypeError(f"{value} is not a real date: there is no month {month}")
    if year < dt.MINYEAR:
        raise argparse.ArgumentTypeError(f"{value} is not a real date: there is no year 0")
    last = calendar.monthrange(year, month)[1]
    raise argparse.ArgumentTypeError(f"{value} is not a real date: {calendar.month_name[month]} {year} has {last} days")


def parse_known_at(value: str) -> dt.datetime:
    """An ISO 8601 timestamp with a zone; a bare date means midnight UTC at its start."""
    try:
        if _DATE.match(value):
            return dt.datetime.combine(parse_date(value), dt.time(), tzinfo=dt.UTC)
        return parse_timestamp(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}") from None


def parse_days(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of days, at least 1")
    return int(value)


class JobsRefused(LeavingCareError):
    """``--jobs`` given where it cannot be used (it is refused rather than ignored)."""

    code = "usage"


def person_argument(value: str) -> str:
    """A person id given on the command line, in Unicode NFC (``events.base.person_id``)."""
    try:
        return person_id(value, "person")
    except InvalidEvent as exc:
        raise argparse.ArgumentTypeError(exc.reason.replace("field 'person'", "person")) from None


def cpus() -> int:
    """The CPUs this process may run on: the most worker processes ``--jobs`` starts."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def parse_jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of worker processes, at least 1")
    return int(value)


def jobs(args: argparse.Namespace) -> int:
    """The worker processes for ``assess``: ``--jobs`` capped at the number of CPUs. More than one is
    refused where it could not be used, rather than ignored."""
    if args.jobs > 1 and not (args.all and args.file):
        raise JobsRefused("--jobs applies to assess --all FILE only (not to the store, nor to one person)")
    if args.jobs > 1 and args.format == "csv":
        raise JobsRefused("--jobs applies to JSON lines and text, not to --format csv")
    return min(int(args.jobs), cpus())


def rate_and_time_left(done: int, total: int, seconds: float) -> str:
    """``, 35/s, 0:08 left``: people a second so far, and the time the rest take at that rate."""
    if done <= 0 or seconds <= 0:
        return ""
    rate = done / seconds
    left = int(max(total - done, 0) / rate)
    return f", {rate:.0f}/s, {left // 60}:{left % 60:02d} left"


def printable(message: str) -> str:
    """``message`` on one line, with control and invisible formatting characters (terminal escapes, the
    bidirectional overrides, lone surrogates) shown as escapes rather than sent to the terminal."""
    return "".join(c if unicodedata.category(c) not in ESCAPED else ascii(c)[1:-1] for c in " ".join(message.split()))


ESCAPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"})


def internal(exc: BaseException) -> str:
    """What a message says of an unexpected failure: its kind, never its text (which may quote data)."""
    return f"cannot be assessed (internal error: {type(exc).__name__}); please report it"


def subject(args: argparse.Namespace | None) -> str:
    """What a command was about, for a message about an unexpected failure: the person, the file, or the command."""
    if args is None:
        return "the command line"
    if getattr(args, "person", None):
        return f"person {args.person}"
    if getattr(args, "file", None):
        return str(args.file)
    return str(getattr(args, "command", PROG))


def answered(
    found: Iterable[tuple[str, Timeline | LeavingCareError, dt.date | None]],
    failed: Callable[[str, LeavingCareError], None],
) -> Iterator[tuple[str, Timeline, dt.date | None]]:
    """The people ``store.each_timeline`` could assess; each other person is handed to ``failed``."""
    for person, timeline, born in found:
        if isinstance(timeline, LeavingCareError):
            failed(person, timeline)
            continue
        yield person, timeline, born


def timelines(
    pairs: Iterable[tuple[str, History]], failed: Callable[[str, LeavingCareError], None]
) -> Iterator[tuple[str, Timeline, dt.date | None]]:
    """Each person's timeline and date of birth; a person whose timeline cannot be computed is handed to
    ``failed`` (a defect as ``AssessmentFailed``) and left out."""
    for person, history in pairs:
        try:
            timeline = api.timeline(history)
        except LeavingCareError as exc:
            failed(person, exc)
            continue
        except Exception as exc:  # one person's failure must not hide everyone else's worklist
            failed(person, AssessmentFailed(f"person {person}", internal(exc)))
            continue
        yield person, timeline, history.facts.born


STANDARD_INPUT = "-"
FILE_ARGUMENTS = ("file", "files", "receipt", "against", "header", "episodes", "areas")
"""The arguments that name a file to read, any of which may be ``-`` (standard input)."""
_SPOOLED: list[str] = []


class StandardInputTwice(LeavingCareError):
    """``-`` given for two files: standard input can be read once."""

    code = "usage"


@contextmanager
def standard_input(args: argparse.Namespace) -> Iterator[None]:
    """Where a file to read is ``-``, standard input, copied first to a temporary file (some commands read
    a file twice) that the command reads in its place; messages name it ``-``."""
    named = [name for name in FILE_ARGUMENTS for value in _values(args, name) if value == STANDARD_INPUT]
    if not named:
        yield
        return
    if len(named) > 1:
        raise StandardInputTwice("standard input ('-') can be read for one file only")
    with tempfile.TemporaryDirectory(prefix="leavingcare-") as folder:
        path = Path(folder) / "stdin.jsonl"
        with path.open("wb") as copy:
            shutil.copyfileobj(sys.stdin.buffer, copy)
        value = getattr(args, named[0])
        setattr(
            args,
            named[0],
            [str(path) if v == STANDARD_INPUT else v for v in value] if isinstance(value, list) else str(path),
        )
        _SPOOLED[:] = [str(path)]  # kept after the command, for the message of an error it raised
        yield


def _values(args: argparse.Namespace, name: str) -> list[object]:
    value = getattr(args, name, None)
    return list(value) if isinstance(value, list) else [value]


def shown(message: str) -> str:
    """A message with the temporary copy of standard input named ``-``."""
    for path in _SPOOLED:
        message = message.replace(path, STANDARD_INPUT)
    return message
