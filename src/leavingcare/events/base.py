"""The event base class, the type registry and the validators events share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any, ClassVar, TypeVar

import attrs
from attrs import frozen

from leavingcare import geography
from leavingcare.errors import InvalidEvent, UnknownCode
from leavingcare.geography import CHILDRENS_KINDS, HOUSING_KINDS


@frozen
class Event:
    """Something that happened to the young person, effective on ``on``."""

    on: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))

    type_name: ClassVar[str] = "Event"


E = TypeVar("E", bound=type[Event])
EVENT_TYPES: dict[str, type[Event]] = {}
FAMILIES: dict[str, str] = {}


def event(family: str) -> Callable[[E], E]:
    """Register an event class under its class name in a family (for docs and the schema)."""

    def register(cls: E) -> E:
        attrs.resolve_types(cls)
        cls.type_name = cls.__name__
        EVENT_TYPES[cls.__name__] = cls
        FAMILIES[cls.__name__] = family
        return cls

    return register


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _where(instance: Event, attribute: attrs.Attribute[Any]) -> str:
    return f"{type(instance).__name__}.{attribute.name}"


def one_of(codes: Collection[str], what: str) -> Validator:
    """The value (when given) is one of ``codes``."""

    def check(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, str) or value not in codes:
            raise UnknownCode(_where(instance, attribute), f"is not a valid {what}")

    return check


def text(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidEvent(_where(instance, attribute), "must be a non-empty string")


def bounded_text(limit: int) -> Validator:
    """A non-blank string of at most ``limit`` characters on one line (free text such as a job title)."""

    def check(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidEvent(_where(instance, attribute), "must be a non-empty string")
        if len(value) > limit:
            raise InvalidEvent(_where(instance, attribute), f"must be at most {limit} characters")
        if any(not character.isprintable() for character in value):
            raise InvalidEvent(_where(instance, attribute), "must be one line of printable text")

    return check


def flag(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidEvent(_where(instance, attribute), "must be true or false")


def optional_date(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, dt.date):
        raise InvalidEvent(_where(instance, attribute), "must be a date")


def _authority_check(kinds: frozenset[str], what: str, outside_england: bool, wales: bool = False) -> Validator:
    def check(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, str):
            raise InvalidEvent(_where(instance, attribute), f"must be the GSS code of {what}")
        if outside_england and geography.is_outside_england(value):
            return
        if wales and geography.is_welsh_council(value):
            return
        authority = geography.lookup(value)
        if authority is None:
            raise UnknownCode(_where(instance, attribute), f"is not the GSS code of {what}")
        if authority.kind not in kinds:
            raise UnknownCode(_where(instance, attribute), f"names a {authority.kind}, not {what}")
        if not authority.valid_on(instance.on):
            where = _where(instance, attribute)
            successor, candidates = geography.successor_on(value, instance.on)
            if authority.valid.since > instance.on:
                hint = f"it is in force only from {authority.valid.since.isoformat()}"
            else:
                names = [successor] if successor else candidates
                hint = "abolished; use " + " or ".join(names) if names else "abolished"
            raise UnknownCode(where, f"names an authority not in force on the event's date ({hint})")

    return check


childrens_authority = _authority_check(CHILDRENS_KINDS, "a children's services authority", False)
housing_authority = _authority_check(HOUSING_KINDS, "a housing authority", False)
public_authority = _authority_check(CHILDRENS_KINDS | HOUSING_KINDS, "a local authority", False)
local_housing_authority = _authority_check(
    HOUSING_KINDS, "a local housing authority (a housing authority in England, or a council in Wales)", False, True
)
area = _authority_check(HOUSING_KINDS, "an area (district or unitary-type authority)", True)


def fields(cls: type[Event]) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(attrs.fields(cls))
