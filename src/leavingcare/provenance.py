"""What an answer was computed from: the receipt every assessment, timeline and explanation carries, and
the digests it is made of.

A receipt names the library (its version and a digest of its own source files), a digest of the law
table the rules read, a digest of the authorities table, a digest of the history as known (the events
that stand after ``known_at`` and retractions, in the fold's canonical order), ``on``, ``known_at`` and
when it was made. Every digest is SHA-256 in lower-case hex of canonical JSON (``leavingcare.canonical``:
keys sorted, no spaces, UTF-8), except the authorities digest, which is of the packaged CSV's text:
both are the same on every machine and in every process. The key of kept timelines
(``leavingcare.kept``) is made of the same digests.

The receipt also lists each event's id with its own digest, so that ``verify`` and ``diff`` can say
which events were recorded, retracted or changed since.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from leavingcare import geography
from leavingcare.canonical import canonical as canonical
from leavingcare.canonical import digest as digest
from leavingcare.events.codec import EventDigest as EventDigest
from leavingcare.events.codec import event_digest as event_digest
from leavingcare.events.codec import history_digest as history_digest
from leavingcare.history import History
from leavingcare.law import Law, default_law

PACKAGE = Path(__file__).resolve().parent
"""The ``leavingcare`` package on disk: its source files are digested."""

SCHEMA_VERSION = "1.0"
"""The version of the JSON documents the library writes (``schema_version`` in each; their JSON Schemas
are printed by ``leavingcare schema --output``). The major number changes when a member is removed or
changes meaning, the minor number when one is added."""


class Answer(enum.StrEnum):
    """What a receipt is the receipt of."""

    ASSESSMENT = "assessment"
    """What holds on one date (``on`` is set)."""
    TIMELINE = "timeline"
    """Every finding and concern with its period (``on`` is None)."""
    EXPLANATION = "explanation"
    """Why a finding of one kind holds on a date, or why not (``on`` and ``kind`` are set)."""


# digests -----------------------------------------------------------------------------------------


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def law_digest(law: Law) -> str:
    """A digest of everything the rules read from the law table: every provision (with its citation,
    commencement and repeal) and every parameter (each value with the date it took effect)."""
    provisions = [
        [p.key, p.instrument, p.provision, p.url, _day(p.commenced), _day(p.repealed), p.note]
        for p in sorted(law.provisions.values(), key=lambda p: p.key)
    ]
    parameters = [
        [p.key, [[_day(since), value] for since, value in p.values], p.provision, p.description]
        for p in sorted(law.parameters.values(), key=lambda p: p.key)
    ]
    return digest({"provisions": provisions, "parameters": parameters})


@cache
def _default_law_digest() -> str:
    return law_digest(default_law())


_LAW_DIGESTS: dict[int, tuple[Law, str]] = {}
_LAW_DIGESTS_KEPT = 16


def law_digest_once(law: Law) -> str:
    """``law_digest(law)``, computed once per law object in this process."""
    if law is default_law():
        return _default_law_digest()
    held = _LAW_DIGESTS.get(id(law))
    if held is not None and held[0] is law:
        return held[1]
    found = law_digest(law)
    if len(_LAW_DIGESTS) >= _LAW_DIGESTS_KEPT:
        _LAW_DIGESTS.clear()
    _LAW_DIGESTS[id(law)] = (law, found)
    return found


@cache
def library_version() -> str:
    """The installed distribution's version ("unknown" when it is not installed)."""
    try:
        return metadata.version("leavingcare")
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def source_digest() -> str:
    """A digest of the package's own Python source files, as they are on disk."""
    found = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        found.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\x00")
        found.update(hashlib.sha256(path.read_bytes()).digest())
    return found.hexdigest()


def authorities_digest() -> str:
    """The digest of the authorities table the rules read (the packaged CSV's text)."""
    return geography.table_digest()


def read_the_code_now() -> None:
    """Take the version, the source digest and the authorities table now, as the package is imported
    with the rules: an upgrade installed while a process runs must not lend the new release's digests
    to answers the old code computes."""
    library_version()
    source_digest()
    authorities_digest()


# the receipt -------------------------------------------------------------------------------------


@frozen
class Receipt:
    """What an answer was computed from, and when it was made (``made_at``, UTC)."""

    answer: Answer
    library: str
    source: str
    law: str
    authorities: str
    history: str
    events: tuple[EventDigest, ...]
    on: dt.date | None
    known_at: dt.datetime | None
    made_at: dt.datetime
    kind: str | None = None

    def at(self, on: dt.date) -> Receipt:
        """The receipt of the assessment on ``on`` taken from the timeline this is the receipt of."""
        return evolve(self, answer=Answer.ASSESSMENT, on=on, kind=None)

    def explaining(self, kind: str, on: dt.date) -> Receipt:
        """The receipt of the explanation of ``kind`` on ``on``."""
        return evolve(self, answer=Answer.EXPLANATION, on=on, kind=kind)

    def same_inputs(self, other: Receipt) -> bool:
        """Whether ``other`` was computed from the same library, law, authorities and history, for the
        same question (``made_at`` aside)."""
        return evolve(other, made_at=self.made_at) == self

    def to_dict(self) -> dict[str, Any]:
        """The receipt as JSON (``schema_version`` first; its schema is ``leavingcare schema --output receipt``)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "answer": self.answer.value,
            "kind": self.kind,
            "on": _day(self.on),
            "known_at": None if self.known_at is None else self.known_at.isoformat(),
            "library": {"name": "leavingcare", "version": self.library, "source": self.source},
            "law": self.law,
            "authorities": self.authorities,
            "history": {"digest": self.history, "events": [{"id": e.id, "digest": e.digest} for e in self.events]},
            "made_at": self.made_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Receipt:
        """A receipt read back from ``to_dict``'s JSON; ``ValueError`` naming what is wrong otherwise."""
        try:
            return _receipt_from(data)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(
                f"is not a receipt ({type(exc).__name__}: a member is missing or of the wrong type)"
            ) from None


_HEX = re.compile(r"[0-9a-f]{64}")


def _hex(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise ValueError(f"'{what}' is not a SHA-256 digest in lower-case hex")
    return value


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'{what}' is not a string")
    return value


def _receipt_from(data: Any) -> Receipt:
    if not isinstance(data, dict):
        raise ValueError("is not a JSON object")
    major = str(data.get("schema_version", "")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"has schema_version {data.get('schema_version')!r}; this library reads {SCHEMA_VERSION}")
    try:
        answer = Answer(data["answer"])
    except ValueError:
        raise ValueError("'answer' is not one of assessment, timeline, explanation") from None
    history = data["history"]
    events = tuple(
        EventDigest(_text(e["id"], "history.events.id"), _hex(e["digest"], "history.events.digest"))
        for e in history["events"]
    )
    try:
        on = None if data["on"] is None else dt.date.fromisoformat(data["on"])
        known_at = None if data["known_at"] is None else dt.datetime.fromisoformat(data["known_at"])
        made_at = dt.datetime.fromisoformat(data["made_at"])
    except ValueError:
        raise ValueError("'on', 'known_at' or 'made_at' is not a date or time written in ISO 8601") from None
    kind = data.get("kind")
    return Receipt(
        answer=answer,
        library=_text(data["library"]["version"], "library.version"),
        source=_hex(data["library"]["source"], "library.source"),
        law=_hex(data["law"], "law"),
        authorities=_hex(data["authorities"], "authorities"),
        history=_hex(history["digest"], "history.digest"),
        events=events,
        on=on,
        known_at=known_at,
        made_at=made_at,
        kind=None if kind is None else _text(kind, "kind"),
    )


def known_events(view: History | None) -> tuple[EventDigest, ...]:
    """The events of a ``known_at`` view that stand, in canonical order, each with its digest (none when
    nothing was known)."""
    return () if view is None else view.digests


def now() -> dt.datetime:
    """The time a receipt is made: now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def receipt(
    view: History | None,
    law: Law,
    known_at: dt.datetime | None,
    *,
    made_at: dt.datetime | None = None,
) -> Receipt:
    """The receipt of the timeline of ``view`` (the history as known at ``known_at``; None when nothing
    was known then) under ``law``, made now unless ``made_at`` is given."""
    events = known_events(view)
    return Receipt(
        answer=Answer.TIMELINE,
        library=library_version(),
        source=source_digest(),
        law=law_digest_once(law),
        authorities=authorities_digest(),
        history=history_digest(()) if view is None else view.history_digest,
        events=events,
        on=None,
        known_at=known_at,
        made_at=made_at or now(),
    )
