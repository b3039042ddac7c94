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
from typing import Any

from attrs import frozen

from leavingcare.duties import evaluate_history
from leavingcare.duties.findings import Concern, Finding, Reason, Timeline
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


def _digest(parts: object) -> str:
    return digest(parts)


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def cache_key(law: Law) -> str:
    """What a stored timeline must have been computed under to be reused."""
    return _digest(
        {
            "library": library_version(),
            "source": source_digest(),
            "law": law_digest_once(law),
            "authorities": authorities_digest(),
        }
    )


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


def _citation(data: dict[str, str]) -> Citation:
    key = (data["instrument"], data["provision"], data["url"])
    found = _CITATIONS.get(key)
    if found is None:
        if len(_CITATIONS) >= _CITATIONS_KEPT:
            _CITATIONS.clear()
        found = _CITATIONS[key] = Citation(*key)
    return found


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


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


def _unpack_receipt(data: dict[str, Any] | None) -> Receipt | None:
    if data is None:
        return None
    known_at = data["known_at"]
    return Receipt(
        answer=Answer(data["answer"]),
        library=str(data["library"]),
        source=str(data["source"]),
        law=str(data["law"]),
        authorities=str(data["authorities"]),
        history=str(data["history"]),
        events=tuple(EventDigest(str(i), str(d)) for i, d in data["events"]),
        on=_date(data["on"]),
        known_at=None if known_at is None else dt.datetime.fromisoformat(known_at),
        made_at=dt.datetime.fromisoformat(data["made_at"]),
        kind=data["kind"],
    )


def unpack(data: dict[str, Any]) -> Timeline:
    strings: list[str] = data["strings"]
    if not all(isinstance(text, str) for text in strings):
        raise ValueError("packed timeline: a string that is not one")
    dates = [dt.date.fromisoformat(day) for day in data["dates"]]
    citations = [
        _citation({"instrument": strings[i], "provision": strings[p], "url": strings[u]})
        for i, p, u in data["citations"]
    ]
    reasons = [Reason(strings[text], tuple([strings[e] for e in events])) for text, events in data["reasons"]]

    def shared(kind: int, by: int | None, to: int | None, citation: int, since: int, *rest: Any) -> tuple[Any, ...]:
        until, due, because = rest
        return (
            strings[kind],
            None if by is None else strings[by],
            None if to is None else strings[to],
            citations[citation],
            dates[since],
            None if until is None else dates[until],
            None if due is None else dates[due],
            tuple([reasons[r] for r in because]),
        )

    findings = tuple(Finding(*shared(*row)) for row in data["findings"])
    concerns = tuple(Concern(strings[code], *shared(*row)) for code, *row in data["concerns"])
    known_at = data["known_at"]
    when = None if known_at is None else dt.datetime.fromisoformat(known_at)
    return Timeline(findings, concerns, when, _unpack_receipt(data["receipt"]))


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


def kept_from_json(data: dict[str, Any]) -> Kept:
    """A kept timeline read back; ``ValueError`` (or ``KeyError``, ``TypeError``) when it is malformed."""
    digest, key = data["digest"], data["key"]
    if not isinstance(digest, str) or not isinstance(key, str):
        raise ValueError("kept timeline lacks its digest or key")
    return Kept(digest, key, _date(data["born"]), unpack(data["timeline"]))
