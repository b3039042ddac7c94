"""The event base class, the type registry and the validators events share: the dates the library
accepts (DECISIONS D56) and what an identifier may hold."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Collection
from typing import Any, ClassVar, TypeVar

import attrs
from attrs import frozen

from leavingcare import geography
from leavingcare.errors import InvalidEvent, InvalidId, UnknownCode
from leavingcare.geography import CHILDRENS_KINDS, HOUSING_KINDS

FIRST_DATE = dt.date(1900, 1, 1)
"""The earliest date an event may carry (DECISIONS D56): earlier dates are the placeholders of other
systems (0001-01-01, 1753-01-01, 1899-12-30) or a mistyped century, never a fact about a care leaver."""
LAST_DATE = dt.date(2199, 12, 31)
"""The latest date an event may carry (DECISIONS D56): later dates are open-ended placeholders
(9999-12-31) or typos. Every date a rule derives from an accepted date (the 25th birthday, a due date
months on) stays centuries inside what a date can hold."""
DATES_ACCEPTED = f"from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def check_date(value: Any, where: str, what: str) -> None:
    """``value`` is a date (not a datetime) within the dates the library accepts (D56)."""
    named = f"{what} " if what else ""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidEvent(where, f"{named}must be a date")
    if not FIRST_DATE <= value <= LAST_DATE:
        reason = f"{named}is outside the dates accepted ({DATES_ACCEPTED})"
        raise InvalidEvent(where, reason, code="date_out_of_range")


def _event_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not dt.date or not FIRST_DATE <= value <= LAST_DATE:  # the place is named only when refused
        check_date(value, _where(instance, attribute), "")


SCHEMAS: dict[object, Callable[[], dict[str, Any]]] = {}
"""What each validator accepts, as JSON Schema keywords (read by ``codec.json_schema``), so that a form
or an upstream validator refuses what the library refuses: code lists as ``enum``, GSS codes and
dates as patterns, identifiers by length."""
DATE_PATTERN = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
"""A date written YYYY-MM-DD within ``FIRST_DATE`` to ``LAST_DATE`` (the day of the month is checked
further by the ``date`` format)."""


def described(schema: Callable[[], dict[str, Any]]) -> Callable[[V], V]:
    """Register the JSON Schema keywords of a validator."""

    def register(check: V) -> V:
        SCHEMAS[check] = schema
        return check

    return register


described(lambda: {"pattern": DATE_PATTERN})(_event_date)


@frozen
class Event:
    """Something that happened to the young person, effective on ``on``, a date within those the
    library accepts (``FIRST_DATE`` to ``LAST_DATE``, D56)."""

    on: dt.date = attrs.field(validator=_event_date)

    type_name: ClassVar[str] = "Event"


E = TypeVar("E", bound=type[Event])
V = TypeVar("V", bound=Callable[..., None])
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

    return described(lambda: {"enum": sorted(codes), "description": what})(check)


MAX_ID_LENGTH = 200
"""The longest identifier accepted (a person, an event, an application, who recorded it)."""
_REFUSED_IN_IDS = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories an identifier may not hold: controls (terminal escapes among them), formatting
characters (the bidirectional overrides and isolates, zero-width joiners), surrogates and line or
paragraph separators. Each can make an identifier print as another, or rewrite what a terminal shows."""


def unicode_text(value: str) -> bool:
    """Whether ``value`` is valid Unicode text, i.e. encodes as UTF-8 (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def id_problem(value: object) -> str | None:
    """Why ``value`` cannot be an identifier, or None when it can."""
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    if len(value) > MAX_ID_LENGTH:
        return f"must be at most {MAX_ID_LENGTH} characters"
    if value.isprintable():
        return None
    if not unicode_text(value):
        return "is not valid Unicode text (it holds a lone surrogate)"
    if any(unicodedata.category(character) in _REFUSED_IN_IDS for character in value):
        return "must not hold control, bidirectional or other invisible formatting characters"
    return None


ID_SCHEMA = {"minLength": 1, "maxLength": MAX_ID_LENGTH, "pattern": "\\S"}
"""What JSON Schema can say of an identifier: not blank, at most ``MAX_ID_LENGTH`` characters."""


def check_id(value: object, where: str, field: str) -> str:
    """``value`` as an identifier; ``InvalidId`` naming the ``field`` when it cannot be one."""
    problem = id_problem(value)
    if problem is not None:
        raise InvalidId(where, f"field '{field}' {problem}", field=field)
    assert isinstance(value, str)
    return value


def person_id(value: object, where: str) -> str:
    """A person id, checked as an identifier and normalised to Unicode NFC, so that one name typed with
    a precomposed or a combining accent is one person."""
    return unicodedata.normalize("NFC", check_id(value, where, "person"))


@described(lambda: dict(ID_SCHEMA))
def text(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An identifier the history refers to (an application, an offer, a retracted event), when given."""
    if value is None:
        return
    problem = id_problem(value)
    if problem is not None:
        raise InvalidId(_where(instance, attribute), problem)


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


@described(lambda: {"pattern": DATE_PATTERN})
def optional_date(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not dt.date or not FIRST_DATE <= value <= LAST_DATE):
        check_date(value, _where(instance, attribute), "")


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

    extra = (
        geography.OUTSIDE_ENGLAND_PREFIXES if outside_england else (geography.WALES_COUNCIL_PREFIX,) if wales else ()
    )
    return described(
        lambda: {"pattern": geography.code_pattern(kinds, extra), "description": f"the GSS code of {what}"}
    )(check)


childrens_authority = _authority_check(CHILDRENS_KINDS, "a children's services authority", False)
housing_authority = _authority_check(HOUSING_KINDS, "a housing authority", False)
public_authority = _authority_check(CHILDRENS_KINDS | HOUSING_KINDS, "a local authority", False)
local_housing_authority = _authority_check(
    HOUSING_KINDS, "a local housing authority (a housing authority in England, or a council in Wales)", False, True
)
area = _authority_check(HOUSING_KINDS, "an area (district or unitary-type authority)", True)


def fields(cls: type[Event]) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(attrs.fields(cls))
