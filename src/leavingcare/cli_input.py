"""What the ``leavingcare`` command checks of its input before it starts (a person id, ``--jobs``), and
how it reports what it cannot do: one line, control and invisible formatting characters shown escaped,
an unexpected failure named by its kind only (``AssessmentFailed``), one person's failure keeping
the others' answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from leavingcare import api
from leavingcare.duties.findings import Timeline
from leavingcare.errors import AssessmentFailed, InvalidEvent, LeavingCareError
from leavingcare.events.base import person_id
from leavingcare.history import History

PROG = "leavingcare"


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
    return min(int(args.jobs), cpus())


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
