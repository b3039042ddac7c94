"""What the rules return (DESIGN section 3): findings, concerns, their reasons and the assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from attrs import field, frozen

from leavingcare import jsontext
from leavingcare.duties.kinds import Kind, Subject, kind_of, subject_of
from leavingcare.law import Citation
from leavingcare.periods import Period
from leavingcare.provenance import SCHEMA_VERSION, Receipt

Date = dt.date


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def reasons(values: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(values)


@frozen
class Reason:
    """Why a finding holds, and the ids of the events that decided it."""

    text: str
    events: tuple[str, ...] = field(converter=_ids, default=())


class _Held:
    """What findings and concerns share: a half-open period and the reasons for it."""

    since: Date
    until: Date | None
    because: tuple[Reason, ...]

    @property
    def period(self) -> Period:
        return Period(self.since, self.until)

    def holds_on(self, day: Date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)

    @property
    def events(self) -> tuple[str, ...]:
        """Every event id named by its reasons, in order, once each."""
        return tuple(dict.fromkeys(i for r in self.because for i in r.events))


def _day(day: Date | None) -> str | None:
    return None if day is None else day.isoformat()


def _stamp(when: dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _dumps(document: dict[str, Any], indent: int | None) -> str:
    return jsontext.dumps(document, indent=indent)


def _as_dict(item: Finding | Concern) -> dict[str, Any]:
    """kind, by, to, citation (instrument, provision, url), since, until (exclusive), due and because
    (each reason's text and events); a concern starts with its ``code``."""
    citation = item.citation
    return {
        **({"code": item.code} if isinstance(item, Concern) else {}),
        "kind": item.kind,
        "by": item.by,
        "to": item.to,
        "citation": {"instrument": citation.instrument, "provision": citation.provision, "url": citation.url},
        "since": item.since.isoformat(),
        "until": _day(item.until),
        "due": _day(item.due),
        "because": [{"text": r.text, "events": list(r.events)} for r in item.because],
    }


def _held_from(data: Any) -> dict[str, Any]:
    """The fields of a finding or concern from its ``to_dict`` JSON (``ValueError`` when malformed)."""
    if not isinstance(data, dict):
        raise ValueError("a finding or concern is not a JSON object")
    try:
        citation = data["citation"]
        return {
            "kind": str(data["kind"]),
            "by": data["by"],
            "to": data["to"],
            "citation": Citation(str(citation["instrument"]), str(citation["provision"]), str(citation["url"])),
            "since": dt.date.fromisoformat(data["since"]),
            "until": None if data["until"] is None else dt.date.fromisoformat(data["until"]),
            "due": None if data["due"] is None else dt.date.fromisoformat(data["due"]),
            "because": tuple(Reason(str(r["text"]), tuple(map(str, r["events"]))) for r in data["because"]),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"a finding or concern is malformed ({type(exc).__name__})") from None


@frozen(order=False)
class Finding(_Held):
    """A duty owed or a status held from ``since`` until ``until`` (exclusive; None: open)."""

    kind: Kind = field(converter=kind_of)
    by: str | None
    to: str | None
    citation: Citation
    since: Date
    until: Date | None
    due: Date | None = None
    because: tuple[Reason, ...] = field(converter=reasons, default=())

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON: kind, by, to, citation, since, until (exclusive), due and because."""
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Finding:
        """A finding read back from ``to_dict``'s JSON; ``ValueError`` when it is malformed."""
        return cls(**_held_from(data))


@frozen(order=False)
class Concern(_Held):
    """A compliance problem or a point a person must review, with the same fields plus ``code``."""

    code: str
    """A ``ConcernCode`` (declared beside the rule that raises it), or its text read back from the store."""
    kind: Kind | Subject = field(converter=subject_of)
    by: str | None
    to: str | None
    citation: Citation
    since: Date
    until: Date | None
    due: Date | None = None
    because: tuple[Reason, ...] = field(converter=reasons, default=())

    def to_dict(self) -> dict[str, Any]:
        """The concern as JSON: its code, then the fields of a finding."""
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Concern:
        """A concern read back from ``to_dict``'s JSON; ``ValueError`` when it is malformed."""
        fields = _held_from(data)
        return cls(code=str(data.get("code")), **fields)


def _sort_key(item: Finding | Concern) -> tuple[str, str, str, Date, str]:
    code = item.code if isinstance(item, Concern) else ""
    return (item.kind, code, item.by or "", item.since, item.to or "")


def ordered(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(items, key=_sort_key))


def ordered_concerns(items: Iterable[Concern]) -> tuple[Concern, ...]:
    return tuple(sorted(items, key=_sort_key))


@frozen
class Assessment:
    """What applies on one date, with only what was known at ``known_at``."""

    on: Date
    known_at: dt.datetime | None
    findings: tuple[Finding, ...]
    concerns: tuple[Concern, ...]
    receipt: Receipt | None = field(default=None, eq=False, repr=False)
    """What it was computed from (``provenance.Receipt``); not part of equality."""

    def owes(self, kind: str, by: str | None = None) -> bool:
        """Whether a finding of ``kind`` (by ``by``, when given) holds on the date; ``UnknownKind`` when
        ``kind`` is not a finding kind."""
        wanted = kind_of(kind)
        return any(f.kind == wanted and (by is None or f.by == by) for f in self.findings)

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        """The findings of ``kind`` on the date; ``UnknownKind`` when it is not a finding kind."""
        wanted = kind_of(kind)
        return tuple(f for f in self.findings if f.kind == wanted)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The assessment document: schema_version, on, known_at, findings, concerns and receipt
        (``leavingcare schema --output assessment``)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "on": self.on.isoformat(),
            "known_at": _stamp(self.known_at),
            "findings": [f.to_dict() for f in self.findings],
            "concerns": [c.to_dict() for c in self.concerns],
            "receipt": None if self.receipt is None else self.receipt.to_dict(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """``to_dict`` as JSON text (indented and ending with a newline; ``indent=None``: one line)."""
        return _dumps(self.to_dict(), indent)


@frozen
class Timeline:
    """Every finding and concern of a history, each with its period."""

    findings: tuple[Finding, ...]
    concerns: tuple[Concern, ...]
    known_at: dt.datetime | None = None
    receipt: Receipt | None = field(default=None, eq=False, repr=False)
    """What it was computed from (``provenance.Receipt``); not part of equality."""

    def at(self, day: Date) -> Assessment:
        """The assessment on ``day``: the findings and concerns whose period contains it."""
        return Assessment(
            on=day,
            known_at=self.known_at,
            findings=tuple(f for f in self.findings if f.holds_on(day)),
            concerns=tuple(c for c in self.concerns if c.holds_on(day)),
            receipt=None if self.receipt is None else self.receipt.at(day),
        )

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        """Every finding of ``kind``; ``UnknownKind`` when it is not a finding kind."""
        wanted = kind_of(kind)
        return tuple(f for f in self.findings if f.kind == wanted)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The timeline document: schema_version, known_at, findings, concerns and receipt
        (``leavingcare schema --output timeline``)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "known_at": _stamp(self.known_at),
            "findings": [f.to_dict() for f in self.findings],
            "concerns": [c.to_dict() for c in self.concerns],
            "receipt": None if self.receipt is None else self.receipt.to_dict(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """``to_dict`` as JSON text (indented and ending with a newline; ``indent=None``: one line)."""
        return _dumps(self.to_dict(), indent)
