"""The ids the store gives events, and the content names they replace.

A history read from a file names an event without an id of its own by its content (``e-`` and 16 hex
digits of a SHA-256 of the event, ``-2``, ``-3``... for repeats: ``events.codec.content_id``), so the
same file always gives the same ids. Such a name gives away what it hashes: for a ``Born`` event,
trying every date finds the date of birth. The store never keeps one: an event recorded without an
id of its own, or with a content name, is given the store's id instead:

- in a keyed store, ``k-`` and 16 hex digits of an HMAC-SHA-256, under a secret derived from the key,
  of the person id, the event's content and its repeat number: the same event of the same person gets
  the same id under the same key, and without the key it cannot be worked back;
- without a key, ``r-`` and 16 random hex digits, drawn when the event is first recorded.

A content name still finds the event it names: a line of a file recorded again is matched to the
stored event its content name would have named (so an import run again adds nothing), and a
``Retracted`` whose ``target`` is a content name retracts the event that name gives, in the same
call or recorded before.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence

from attrs import evolve

from leavingcare.duties.findings import Concern, Finding, Reason, Timeline
from leavingcare.events.base import Event
from leavingcare.events.codec import Envelope, content_id, encode
from leavingcare.events.housing import Retracted
from leavingcare.history import identify

_SUBKEY_LABEL = b"leavingcare event ids\x00"
KEYED, RANDOM = "k-", "r-"
_REPEAT = re.compile(r"-([2-9]|[1-9][0-9]+)")


def is_content_name(ident: str, event: Event) -> bool:
    """Whether ``ident`` is a name the event's content gives it (``content_id``, or it with ``-n``)."""
    if not ident.startswith("e-"):
        return False
    base = content_id(event)
    return ident == base or (ident.startswith(base) and _REPEAT.fullmatch(ident, len(base)) is not None)


def content_names(events: Iterable[Event], taken: Iterable[str] = ()) -> list[str]:
    """The content name of each event in turn, as a history gives it to events without an id (the
    first of each content ``base``, then ``base-2``...), skipping the names in ``taken``."""
    seen = set(taken)
    out = []
    for event in events:
        base = content_id(event)
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name)
        out.append(name)
    return out


def named(envelopes: Sequence[Envelope], held: Sequence[Envelope], names: Mapping[str, Envelope]) -> list[Envelope]:
    """Each envelope with its id, or with a content name when it has none, skipping the ids ``held``
    and the content ``names`` of the events held; ``InvalidHistory`` when an id repeats one given
    before, held, or the content name of an event held (which it still names)."""
    return list(identify(envelopes, {**names, **{e.id: e for e in held}}))


class EventIds:
    """Gives events the store's ids: keyed under ``key``, else random."""

    def __init__(self, key: bytes | None = None) -> None:
        self._secret = hashlib.sha256(_SUBKEY_LABEL + key).digest() if key is not None else None

    @property
    def keyed(self) -> bool:
        return self._secret is not None

    def new(self, person: str, event: Event, taken: set[str] | frozenset[str]) -> str:
        """An id for the person's event that is not in ``taken``."""
        if self._secret is None:
            while True:
                ident = RANDOM + os.urandom(8).hex()
                if ident not in taken:
                    return ident
        n = 1
        while True:
            ident = self.keyed_id(person, event, n)
            if ident not in taken:
                return ident
            n += 1

    def keyed_id(self, person: str, event: Event, n: int) -> str:
        """The ``n``-th keyed id of the person's event (the first unless the stream holds it already)."""
        assert self._secret is not None
        content = json.dumps(encode(event), sort_keys=True, separators=(",", ":"))
        message = b"\x00".join((person.encode("utf-8"), content.encode("utf-8"), str(n).encode()))
        return KEYED + hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:16]

    def gave(self, ident: str, person: str, event: Event, within: int) -> bool:
        """Whether this key gave ``ident`` to the person's event, as one of its first ``within``."""
        if self._secret is None or not ident.startswith(KEYED):
            return False
        return any(hmac.compare_digest(ident, self.keyed_id(person, event, n)) for n in range(1, within + 1))


def retarget(envelopes: Sequence[Envelope], renamed: Mapping[str, str]) -> list[Envelope]:
    """The envelopes with each ``Retracted`` target that ``renamed`` maps given its new name."""
    return [_retargeted(envelope, renamed) for envelope in envelopes]


def _retargeted(envelope: Envelope, renamed: Mapping[str, str]) -> Envelope:
    event = envelope.event
    if isinstance(event, Retracted) and event.target in renamed:
        return evolve(envelope, event=evolve(event, target=renamed[event.target]))
    return envelope


def give_ids(
    envelopes: Sequence[Envelope],
    renew: Sequence[bool],
    person: str,
    ids: EventIds,
    taken: set[str],
    renamed: dict[str, str],
) -> list[Envelope]:
    """The envelopes with the store's id for each one ``renew`` marks, and each retraction's target
    read through ``renamed`` (to which the new ids are added). Events that are not retractions get
    theirs first, then the retractions, whose ids are derived from what they finally name."""
    out = list(envelopes)
    for n, envelope in enumerate(out):
        if renew[n] and not isinstance(envelope.event, Retracted):
            out[n] = _renamed(envelope, person, ids, taken, renamed)
    for n, envelope in enumerate(out):
        if isinstance(envelope.event, Retracted):
            envelope = _retargeted(envelope, renamed)
            out[n] = _renamed(envelope, person, ids, taken, renamed) if renew[n] else envelope
    return out


def _renamed(envelope: Envelope, person: str, ids: EventIds, taken: set[str], renamed: dict[str, str]) -> Envelope:
    ident = ids.new(person, envelope.event, taken)
    taken.add(ident)
    renamed[envelope.id] = ident
    return evolve(envelope, id=ident)


def timeline_with_ids(timeline: Timeline, names: Mapping[str, str]) -> Timeline:
    """The timeline with each event id its reasons give read through ``names`` (an id not in it kept):
    how a timeline read from the store compares with the file's, whose content names the store
    replaced (``names``: each stored id to the file's), or with an old store's, copied with new ids."""

    def reasons(item: Finding | Concern) -> tuple[Reason, ...]:
        return tuple(Reason(r.text, tuple(names.get(e, e) for e in r.events)) for r in item.because)

    return Timeline(
        tuple(evolve(f, because=reasons(f)) for f in timeline.findings),
        tuple(evolve(c, because=reasons(c)) for c in timeline.concerns),
        timeline.known_at,
    )
