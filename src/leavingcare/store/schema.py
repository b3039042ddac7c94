"""Stable names for stored events, their versions, and the upcasters that read old rows.

A stored row names its event by type name and schema version, ``"CareStarted/1"``, never by module
path, so classes can move between modules freely. When an event class is renamed or its fields
change shape, the rows already stored keep their old name: add an ``Upcaster`` from the old name to
the new one (and bump ``VERSIONS`` when the fields change) and old rows are read as the current
class. Upcasters chain, so a row two renames old is read through both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from attrs import field, frozen

from leavingcare.errors import InvalidEvent
from leavingcare.events import EVENT_TYPES
from leavingcare.events.base import Event

REGISTRATION = "Person/1"
"""The first row of every stream: which person id the stream belongs to."""

TIMELINE = "Timeline/2"
"""A snapshot: a person's timeline as computed from their stream (``leavingcare.store.cache``). Bump the
number when its JSON form changes; snapshots under another name are not read, only computed again
(``Timeline/1`` named the stream's last version and row count, not a digest of its rows)."""

SEALED = "Sealed/1"
"""The stored type name of every event row of a keyed store: its real one (``CareStarted/1``) is sealed
inside the row, so the database alone does not tell which kinds of event a person has."""

Body = dict[str, Any]

VERSIONS: Mapping[str, int] = {}
"""The current schema version of each event type that has changed shape; absent means 1."""


def _unchanged(body: Body) -> Body:
    return body


@frozen
class Upcaster:
    """Reads rows stored as ``source`` (``"OldName/1"``) as ``target`` (``"NewName/1"``), passing
    the stored fields through ``change`` (which may rename, add or drop fields)."""

    source: str
    target: str
    change: Callable[[Body], Body] = field(default=_unchanged)


UPCASTERS: tuple[Upcaster, ...] = ()
"""Every rename and reshaping since the first release, oldest first."""


def _split(topic: str) -> tuple[str, int]:
    name, _, version = topic.rpartition("/")
    if not name or not version.isdigit():
        raise ValueError(f"stored type '{topic}' is not written Name/version")
    return name, int(version)


class Schema:
    """The current stored name of each event type, and how to read every older one."""

    def __init__(self, upcasters: Iterable[Upcaster] = UPCASTERS, versions: Mapping[str, int] = VERSIONS) -> None:
        unknown = sorted(set(versions) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"VERSIONS names unknown event types: {', '.join(unknown)}")
        self.topics: dict[type[Event], str] = {
            cls: f"{name}/{versions.get(name, 1)}" for name, cls in EVENT_TYPES.items()
        }
        self.current: dict[str, str] = {topic: cls.__name__ for cls, topic in self.topics.items()}
        self.steps: dict[str, Upcaster] = {}
        for upcaster in upcasters:
            _split(upcaster.source)
            _split(upcaster.target)
            if upcaster.source in self.current or upcaster.source in (REGISTRATION, TIMELINE, SEALED):
                raise ValueError(f"upcaster from '{upcaster.source}' would shadow a current type")
            if upcaster.source in self.steps:
                raise ValueError(f"two upcasters from '{upcaster.source}'")
            self.steps[upcaster.source] = upcaster
        for source in self.steps:
            self._chain(source)

    def topic_of(self, event: Event) -> str:
        """The stored name of an event: ``"CareStarted/1"``."""
        topic = self.topics.get(type(event))
        if topic is None:
            raise InvalidEvent("batch", f"{type(event).__name__} is not a registered event type")
        return topic

    def current_form(self, topic: str, body: Body, where: str) -> tuple[str, Body]:
        """The current type name of a stored row and its fields brought up to date."""
        if topic in self.current:
            return self.current[topic], body
        if topic not in self.steps:
            raise InvalidEvent(where, f"stored type '{topic}' is neither current nor upcast to a current type")
        chain = self._chain(topic)
        for step in chain:
            body = step.change(dict(body))
        return self.current[chain[-1].target], body

    def _chain(self, topic: str) -> list[Upcaster]:
        chain: list[Upcaster] = []
        while topic not in self.current:
            step = self.steps.get(topic)
            if step is None:
                raise ValueError(f"upcasting ends at '{topic}', which is not a current type")
            if step in chain:
                raise ValueError(f"upcasters loop at '{topic}'")
            chain.append(step)
            topic = step.target
        return chain
