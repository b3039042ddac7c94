"""Copying a store under a new key (``Store.rekey``, ``leavingcare rekey --to URL``): key rotation, and
the way an encrypted store of an earlier format becomes one of this release's.

A store is sealed with one key for its life. To change keys, every stream is copied into a new store
under the new key, in the order first recorded, each event with its ``recorded_at`` and
``recorded_by``; then every person is read back from the copy, through the new key, and must give the
same history and the same timeline as the old store gives. Only then does the copy take the place it
was asked for; the old store is never written.

- **Never half-rotated.** The copy is written beside the place asked for (an SQLite file
  ``.NAME.rekey-XXXXXXXX`` in the same folder, or a PostgreSQL schema ``SCHEMA_rekey_xxxxxxxx`` in the
  same database) and moved into place in one step once checked (a hard link; ``ALTER SCHEMA ...
  RENAME``), which fails if something has appeared there meanwhile. On any failure the staged copy is
  removed and nothing is at the place asked for; a copy killed part-way leaves only its staging file
  or schema, under its own name, to be removed.
- **Ids.** An id the caller gave, or a random one, is kept. An id the old store derived (a content
  name an earlier release kept, or a keyed id under the old key) is derived again under the new key,
  and retractions that name it follow: nothing in the copy can be worked back with the old key. The
  check compares each person's timeline with its event ids read back as the old store's.
- **Earlier formats.** The old store's rows are read as an earlier release sealed them if need be
  (type names in clear, rows not bound to their place): this is the one read that accepts them.
- **Writers.** Stop the services that write to the old store first: a person recorded or changed
  during the copy makes the check fail, and nothing is moved into place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, Self
from uuid import UUID

from attrs import evolve

from leavingcare.errors import InvalidEvent, InvalidHistory, LeavingCareError, StoreUnavailable
from leavingcare.events.codec import Envelope, encode
from leavingcare.events.housing import Retracted
from leavingcare.history import History
from leavingcare.kept import compute
from leavingcare.law import Law, default_law
from leavingcare.store import provision
from leavingcare.store.config import Location, locate, resolve_key
from leavingcare.store.ids import EventIds, give_ids, is_content_name, timeline_with_ids
from leavingcare.store.port import Plan, Rekeyed
from leavingcare.store.recording import check_id
from leavingcare.store.records import Registered
from leavingcare.store.tables import StreamRows

GROUP_PEOPLE = 200
GROUP_EVENTS = 5000
"""People (and about how many events) copied in one transaction."""


class RekeyFailed(StoreUnavailable):
    """The copy could not be made or did not read back the same: nothing was put in place, and the
    old store is as it was."""

    code = "rekey_failed"


class Rotated(Protocol):
    """The store a rotation reads and the copy it writes (``store.service.Store``, which hands
    itself and a way to open the copy to ``rekey``)."""

    location: Location
    event_ids: EventIds
    _app: Any

    def _pages(self) -> Iterator[list[Registered]]: ...

    def _event_rows(self, streams: Sequence[UUID]) -> StreamRows: ...

    def each_history(self, known_at: dt.datetime | None = None) -> Iterator[tuple[str, History | LeavingCareError]]: ...

    def recorded(self, person: str) -> list[Envelope]: ...

    def write(self, plans: Sequence[Plan]) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...


def rekey(source: Rotated, to: str, key: str | None, opened: Callable[[Location, str], Rotated]) -> Rekeyed:
    """Copy every stream of ``source`` under ``key`` into a new store at ``to`` and check it; see the
    module's docstring."""
    new_key = resolve_key(key) if key else None
    if new_key is None:
        raise RekeyFailed("rekey needs the new key (LEAVINGCARE_NEW_KEY)")
    target = locate(to)
    _check_target(source.location, target)
    staging = _staging(target)
    mapper = source._app.records
    try:
        mapper.legacy = True
        with opened(staging, new_key) as copy:
            people, events = _copy(source, copy)
            _verify(source, copy)
        _promote(staging, target)
    except BaseException:
        _discard(staging)
        raise
    finally:
        mapper.legacy = False
    return Rekeyed(people, events, target.shown)


# the places ----------------------------------------------------------------------------------------


def _check_target(source: Location, target: Location) -> None:
    if provision.records_nothing_durable(target):
        raise RekeyFailed(f"{target.shown}: a store there is lost when it is closed; name a file or a database")
    if target.kind == "postgresql" and not target.settings.get("POSTGRES_SCHEMA"):
        raise RekeyFailed(f"{target.shown}: name a schema of its own that does not exist yet (?schema=NAME)")
    if target.shown == source.shown:
        raise RekeyFailed(f"{target.shown}: the new store must be another place than the old one")


def _staging(target: Location) -> Location:
    """Where the copy is written before it is moved into place (it must not exist yet)."""
    token = secrets.token_hex(4)
    if target.kind == "sqlite":
        path = Path(target.settings["SQLITE_DBNAME"])
        if path.exists():
            raise RekeyFailed(f"{target.shown}: there is a file there already; rekey writes a new store")
        if not path.parent.is_dir():
            raise RekeyFailed(f"{target.shown}: the folder does not exist")
        staged = path.with_name(f".{path.name}.rekey-{token}")
        return Location("sqlite", {**target.settings, "SQLITE_DBNAME": str(staged)}, f"sqlite:///{staged}")
    schema = target.settings["POSTGRES_SCHEMA"]
    if provision.schema_exists(target):
        raise RekeyFailed(f"{target.shown}: the schema exists already; rekey writes a new store")
    staged_schema = f"{schema}_rekey_{token}"
    return Location(
        "postgresql",
        {**target.settings, "POSTGRES_SCHEMA": staged_schema},
        target.shown.replace(f"?schema={schema}", f"?schema={staged_schema}"),
    )


def _promote(staging: Location, target: Location) -> None:
    """Move the checked copy into place, in one step that fails if the place has been taken."""
    if staging.kind == "sqlite":
        staged = Path(staging.settings["SQLITE_DBNAME"])
        _checkpoint(staged)
        try:
            os.link(staged, target.settings["SQLITE_DBNAME"])
        except OSError as exc:
            raise RekeyFailed(f"{target.shown}: the copy cannot be put there ({exc.strerror or 'refused'})") from None
        staged.unlink()
        return
    provision.rename_schema(staging, target.settings["POSTGRES_SCHEMA"])


def _discard(staging: Location) -> None:
    """Remove a staged copy (best effort: a failure here leaves it under its staging name)."""
    try:
        if staging.kind == "sqlite":
            name = staging.settings["SQLITE_DBNAME"]
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)
        else:
            provision.drop_schema(staging)
    except (OSError, StoreUnavailable):
        pass


def _checkpoint(path: Path) -> None:
    """Fold an SQLite file's write-ahead log into it, so that the file alone is the store."""
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# the copy ------------------------------------------------------------------------------------------


def _streams(source: Rotated) -> Iterator[tuple[str, list[Envelope]]]:
    """Each person of the old store, in the order first recorded, with their envelopes as recorded
    (not validated: a history an earlier release accepted is copied as it is)."""
    mapper = source._app.records
    for page in source._pages():
        streams = [registered.originator_id for registered in page]
        found = source._event_rows(streams)
        for registered in page:
            person = registered.person
            try:
                envelopes = mapper.envelopes(registered.originator_id, found.get(registered.originator_id, []))
            except (InvalidEvent, InvalidHistory) as exc:
                raise RekeyFailed(f"person {person} cannot be copied ({exc}); nothing was put in place") from None
            yield person, envelopes


def _copy(source: Rotated, copy: Rotated) -> tuple[int, int]:
    people = events = 0
    group: list[Plan] = []
    size = 0
    for person, envelopes in _streams(source):
        named = check_id(person, "person")
        renewed = renewed_ids(named, envelopes, source.event_ids, copy.event_ids)
        if group and (len(group) >= GROUP_PEOPLE or size + len(renewed) > GROUP_EVENTS):
            copy.write(group)
            group, size = [], 0
        if renewed:
            group.append(Plan(named, 0, tuple(renewed)))
            size += len(renewed)
        people += 1
        events += len(renewed)
    copy.write(group)
    return people, events


def renewed_ids(person: str, envelopes: Sequence[Envelope], old: EventIds, new: EventIds) -> list[Envelope]:
    """The envelopes with every id the old store derived (a content name, or a keyed id under the old
    key) derived again under the new one, and retractions naming them retargeted; other ids kept."""
    contents = [json.dumps(encode(envelope.event), sort_keys=True) for envelope in envelopes]
    repeats = Counter(contents)
    renew = [
        is_content_name(envelope.id, envelope.event)
        or old.gave(envelope.id, person, envelope.event, repeats[content] + 1)
        for envelope, content in zip(envelopes, contents, strict=True)
    ]
    taken = {e.id for e, again in zip(envelopes, renew, strict=True) if not again}
    if not any(renew):
        return list(envelopes)
    return give_ids(envelopes, renew, person, new, taken, {})


# the check -----------------------------------------------------------------------------------------


def _verify(source: Rotated, copy: Rotated) -> None:
    """Every person of the old store, read again, is in the copy (read through the new key) with the
    same events, recording times and recorders, in order, and gives the same timeline."""
    copied = copy.each_history()
    law = default_law()
    for person, envelopes in _streams(source):
        named = check_id(person, "person")
        got = next(copied, None)
        if got is None or got[0] != named:
            raise RekeyFailed(f"person {named}: not read back from the copy (was the old store written meanwhile?)")
        history = got[1]
        held = copy.recorded(named) if isinstance(history, LeavingCareError) else list(history.envelopes)
        names = _same_lines(named, envelopes, held)
        if _outcome(envelopes, law, {}) != _outcome(held, law, names):
            raise RekeyFailed(f"person {named}: the copy does not give the same timeline")
    extra = next(copied, None)
    if extra is not None:
        raise RekeyFailed(f"person {extra[0]}: in the copy but not in the old store (was it written meanwhile?)")


def _same_lines(person: str, old: Sequence[Envelope], new: Sequence[Envelope]) -> dict[str, str]:
    """Each id of the copy with the old store's, checking that the streams match line for line."""
    if len(old) != len(new):
        raise RekeyFailed(f"person {person}: the copy holds {len(new)} events, the old store {len(old)}")
    names: dict[str, str] = {}
    for n, (was, now) in enumerate(zip(old, new, strict=True), start=1):
        renamed = was.id != now.id
        event = now.event
        if renamed:
            names[now.id] = was.id
        if isinstance(event, Retracted) and event.target in names:
            event = evolve(event, target=names[event.target])
        same = (event, now.recorded_at, now.recorded_by) == (was.event, was.recorded_at, was.recorded_by)
        if not same:
            raise RekeyFailed(f"person {person}: event {n} of the copy is not the old store's")
    return names


def _outcome(envelopes: Sequence[Envelope], law: Law, names: dict[str, str]) -> object:
    """The timeline of the envelopes with each id read through ``names``, or the kind of error they
    make (a history an earlier release accepted may not hold together now: so must its copy not)."""
    try:
        history = History(envelopes)
        timeline = compute(history, None, law)
    except LeavingCareError as exc:
        return type(exc).__name__
    return timeline_with_ids(timeline, names) if names else timeline
