"""Timelines kept for reuse, by the store and by ``assess --all FILE --cache DIR``: the computation
they save, the key that says when one may be reused, and their packed JSON form. Pure: where they are
kept is the store's business (``leavingcare.store``) or the cache directory's (``leavingcare.cachedir``).

A person's timeline does not depend on the date asked about, only on their events, the rules, the law
table and the authorities table. A kept timeline is computed with everything recorded
(``known_at=None``) and reused only when it was computed from exactly the events now held (the store:
a digest of every event row's bytes; a file: a digest of the person's lines as read) and under the
same ``cache_key``: the library's version, a digest of its own source files, a digest of the law table
in use and one of the packaged authorities table. A ``known_at`` view is never kept nor read back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import msgspec
from attrs import frozen

from leavingcare.duties import evaluate_history
from leavingcare.duties.findings import Assessment, Concern, Finding, Reason, Timeline
from leavingcare.history import History
from leavingcare.law import Citation, Law
from leavingcare.provenance import (
    Answer,
    EventDigest,
    Receipt,
    authorities_digest,
    digest,
    law_digest_once,
    library_version,
    source_digest,
)

# the computation ---------------------------------------------------------------------------------


def compute(history: History, known_at: dt.datetime | None, law: Law) -> Timeline:
    """The timeline kept for a person: the named projection of their one evaluation, as ``lc.timeline``
    gives it."""
    return evaluate_history(history, law, known_at).timeline


# the key -----------------------------------------------------------------------------------------
#
# The digests are the receipt's (``leavingcare.provenance``): one way to say what an answer was computed from.


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def cache_key(law: Law) -> str:
    """What a stored timeline must have been computed under to be reused."""
    return _key(library_version(), source_digest(), law_digest_once(law), authorities_digest())


@lru_cache(maxsize=16)
def _key(library: str, source: str, law: str, authorities: str) -> str:
    return digest({"library": library, "source": source, "law": law, "authorities": authorities})


# the stored form: the timeline packed ------------------------------------------------------------
#
# Each distinct string, date, citation and reason is written once and referred to by its position:
# far smaller than the same fields written out finding by finding, and quicker to read back.
#
#   {"strings": [...], "dates": ["YYYY-MM-DD", ...], "citations": [[instrument, provision, url], ...],
#    "reasons": [[text, [event, ...]], ...],
#    "findings": [[kind, by, to, citation, since, until, due, [reason, ...]], ...],
#    "concerns": [[code, kind, by, to, citation, since, until, due, [reason, ...]], ...], "known_at": ...,
#    "receipt": {"answer", "library", "source", "law", "authorities", "history", "events": [[id, digest], ...],
#                "on", "known_at", "made_at", "kind"}}
#
# where strings are positions in "strings", dates in "dates", and so on; null stays null.


_CITATIONS: dict[tuple[str, str, str], Citation] = {}
_CITATIONS_KEPT = 4096


def _citation(instrument: str, provision: str, url: str) -> Citation:
    key = (instrument, provision, url)
    found = _CITATIONS.get(key)
    if found is None:
        if len(_CITATIONS) >= _CITATIONS_KEPT:
            _CITATIONS.clear()
        found = _CITATIONS[key] = Citation(*key)
    return found


class _Table:
    def __init__(self) -> None:
        self.index: dict[Any, int] = {}

    def __call__(self, value: Any) -> int:
        return self.index.setdefault(value, len(self.index))

    def optional(self, value: Any) -> int | None:
        return None if value is None else self(value)

    @property
    def values(self) -> list[Any]:
        return list(self.index)


_Row = tuple[int, int | None, int | None, int, int, int | None, int | None, list[int]]
"""A packed finding: kind, by, to, citation, since, until, due, reasons (a concern: its code, then these)."""


class PackedReceipt(msgspec.Struct, frozen=True):
    answer: str
    library: str
    source: str
    law: str
    authorities: str
    history: str
    events: list[tuple[str, str]]
    on: dt.date | None
    known_at: str | None
    made_at: str
    kind: str | None


class Packed(msgspec.Struct, frozen=True):
    """The packed form of a timeline (``pack``), as ``read_entry`` decodes it: positions and dates typed."""

    strings: list[str]
    dates: list[dt.date]
    citations: list[tuple[int, int, int]]
    reasons: list[tuple[int, list[int]]]
    findings: list[_Row]
    concerns: list[tuple[int, int, int | None, int | None, int, int, int | None, int | None, list[int]]]
    known_at: str | None
    receipt: PackedReceipt | None


def pack(timeline: Timeline) -> dict[str, Any]:
    """The timeline in its packed JSON form; ``unpack`` reads it back equal."""
    strings, dates, citations, reasons = _Table(), _Table(), _Table(), _Table()
    # Findings share their citation and reason values: each distinct object is packed once.
    cited: dict[int, int] = {}
    given: dict[int, int] = {}

    def cite(citation: Citation) -> int:
        index = cited.get(id(citation))
        if index is None:
            key = (strings(citation.instrument), strings(citation.provision), strings(citation.url))
            index = cited[id(citation)] = citations(key)
        return index

    def reason(r: Reason) -> int:
        index = given.get(id(r))
        if index is None:
            index = given[id(r)] = reasons((strings(r.text), tuple(strings(e) for e in r.events)))
        return index

    def because(item: Finding | Concern) -> list[int]:
        return [reason(r) for r in item.because]

    def held(item: Finding | Concern) -> list[Any]:
        return [
            strings(item.kind),
            strings.optional(item.by),
            strings.optional(item.to),
            cite(item.citation),
            dates(item.since),
            dates.optional(item.until),
            dates.optional(item.due),
            because(item),
        ]

    findings = [held(f) for f in timeline.findings]
    concerns = [[strings(c.code), *held(c)] for c in timeline.concerns]
    return {
        "strings": strings.values,
        "dates": [day.isoformat() for day in dates.values],
        "citations": [list(c) for c in citations.values],
        "reasons": [[text, list(events)] for text, events in reasons.values],
        "findings": findings,
        "concerns": concerns,
        "known_at": None if timeline.known_at is None else timeline.known_at.isoformat(),
        "receipt": None if timeline.receipt is None else _pack_receipt(timeline.receipt),
    }


def _pack_receipt(held: Receipt) -> dict[str, Any]:
    return {
        "answer": held.answer.value,
        "library": held.library,
        "source": held.source,
        "law": held.law,
        "authorities": held.authorities,
        "history": held.history,
        "events": [[e.id, e.digest] for e in held.events],
        "on": _day(held.on),
        "known_at": None if held.known_at is None else held.known_at.isoformat(),
        "made_at": held.made_at.isoformat(),
        "kind": held.kind,
    }


def _unpack_receipt(data: PackedReceipt | None) -> Receipt | None:
    if data is None:
        return None
    known_at = data.known_at
    return Receipt(
        answer=Answer(data.answer),
        library=data.library,
        source=data.source,
        law=data.law,
        authorities=data.authorities,
        history=data.history,
        events=tuple([EventDigest(i, d) for i, d in data.events]),
        on=data.on,
        known_at=None if known_at is None else dt.datetime.fromisoformat(known_at),
        made_at=dt.datetime.fromisoformat(data.made_at),
        kind=data.kind,
    )


def unpack(data: Packed, on: dt.date | None = None) -> Timeline:
    """The timeline ``pack`` packed; with ``on``, only its findings and concerns that hold on ``on``
    (``Finding.holds_on``): what ``Timeline.at(on)`` takes from it, built without the others."""
    strings, dates = data.strings, data.dates
    citations = [_citation(strings[i], strings[p], strings[u]) for i, p, u in data.citations]
    given: dict[int, Reason] = {}

    def one(index: int) -> Reason:
        found = given.get(index)
        if found is None:
            text, events = data.reasons[index]
            found = given[index] = Reason(strings[text], tuple([strings[e] for e in events]))
        return found

    reason: Callable[[int], Reason] = one
    if on is None:  # every reason is wanted: each built once, in order
        every = [Reason(strings[text], tuple([strings[e] for e in events])) for text, events in data.reasons]
        reason = every.__getitem__

    def holds(since: int, until: int | None) -> bool:
        return on is None or (dates[since] <= on and (until is None or on < dates[until]))

    def shared(row: _Row) -> tuple[Any, ...]:
        kind, by, to, citation, since, until, due, because = row
        return (
            strings[kind],
            None if by is None else strings[by],
            None if to is None else strings[to],
            citations[citation],
            dates[since],
            None if until is None else dates[until],
            None if due is None else dates[due],
            tuple([reason(r) for r in because]),
        )

    findings = tuple([Finding(*shared(row)) for row in data.findings if holds(row[4], row[5])])
    concerns = tuple([Concern(strings[row[0]], *shared(row[1:])) for row in data.concerns if holds(row[5], row[6])])
    known_at = data.known_at
    when = None if known_at is None else dt.datetime.fromisoformat(known_at)
    return Timeline(findings, concerns, when, _unpack_receipt(data.receipt))


# the kept form, as the store and the cache directory write it -------------------------------------


@frozen
class Kept:
    """A person's timeline as computed from the events whose digest is ``digest``, under ``key``, with
    their date of birth (which the text report shows beside it)."""

    digest: str
    key: str
    born: dt.date | None
    timeline: Timeline


def kept_to_json(kept: Kept) -> dict[str, Any]:
    return {"digest": kept.digest, "key": kept.key, "born": _day(kept.born), "timeline": pack(kept.timeline)}


class Entry(msgspec.Struct, frozen=True):
    """A kept timeline as read back (``read_entry``), still packed: its digest and key are compared before
    its timeline is built. ``format`` is the cache directory's, ``stream`` the store's."""

    digest: str
    key: str
    born: dt.date | None
    timeline: Packed
    format: str | None = None
    stream: str | None = None

    def kept(self) -> Kept:
        return Kept(self.digest, self.key, self.born, unpack(self.timeline))

    def at(self, on: dt.date) -> Assessment:
        """``self.kept().timeline.at(on)``, building only the findings and concerns that hold on ``on``."""
        return unpack(self.timeline, on).at(on)


_ENTRY = msgspec.json.Decoder(Entry)


def read_entry(body: bytes | str) -> Entry:
    """The kept form of ``kept_to_json`` read from its JSON text; ``ValueError`` when it is malformed."""
    try:
        return _ENTRY.decode(body)
    except msgspec.MsgspecError as exc:
        raise ValueError(f"kept timeline cannot be read ({exc})") from None
