"""A request's history: JSONL, or a JSON array of events, read within the documented limits."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentTypeError
from collections.abc import Callable
from typing import TypeVar

from leavingcare import jsontext
from leavingcare.cli_input import parse_date, parse_days, parse_known_at
from leavingcare.errors import InvalidEvent, LeavingCareError
from leavingcare.events.base import FIRST_DATE, LAST_DATE
from leavingcare.events.codec import Envelope

MAX_BODY_BYTES = 1_048_576
"""The largest request body taken (1 MiB; a larger one is refused with 413 before it is read whole):
about 5,000 events of a usual size, more than any one person's history."""
MAX_EVENTS = 2_000
"""The most events one request may carry (413 beyond): a long history has a few hundred."""
JSONL = "application/x-ndjson"
"""The media type of a JSONL body (``application/jsonl`` is taken too); any other is read as JSON."""
JSONL_TYPES = (JSONL, "application/jsonl", "application/x-jsonlines")
MAX_DAYS = 3660
"""The longest worklist window a request may ask for (ten years of days): a bound on the work of one request."""


class TooLarge(LeavingCareError):
    """A request over a limit (``MAX_BODY_BYTES``, ``MAX_EVENTS``)."""

    code = "too_large"


class BadParameter(LeavingCareError):
    """A query or path parameter that cannot be read (a date that does not exist, an unknown kind)."""

    code = "invalid_parameter"

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        super().__init__(f"parameter '{field}' {reason}")


def lines(body: bytes, content_type: str) -> list[str | bytes]:
    """The body as JSONL lines: a JSONL body's own, or one line per element of a JSON array (element
    ``n`` is named ``line n`` in messages)."""
    if content_type.split(";")[0].strip().lower() in JSONL_TYPES:
        found: list[str | bytes] = list(body.splitlines(keepends=True))
        count = sum(1 for line in found if line.strip())
    else:
        try:
            array = json.loads(body)
        except (ValueError, RecursionError):
            raise InvalidEvent(
                "the body", "is not a JSON array of events (nor sent as JSONL)", code="invalid_json"
            ) from None
        if not isinstance(array, list):
            raise InvalidEvent("the body", "must be a JSON array of events", code="invalid_json")
        found = [jsontext.line(item) for item in array]
        count = len(found)
    if count > MAX_EVENTS:
        raise TooLarge(f"the body holds {count} events; at most {MAX_EVENTS} are taken in one request")
    return found


T = TypeVar("T")


def _parsed(name: str, value: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(value)
    except ArgumentTypeError as exc:
        raise BadParameter(name, str(exc)) from None


def date(name: str, value: str) -> dt.date:
    """A date as the command reads one (``YYYY-MM-DD`` or ``today``), from 1900 to 2199."""
    day = _parsed(name, value, parse_date)
    if not FIRST_DATE <= day <= LAST_DATE:
        raise BadParameter(name, f"must be from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}")
    return day


def timestamp(name: str, value: str | None) -> dt.datetime | None:
    """A ``known_at`` as the command reads one (ISO 8601 with a zone; a bare date is midnight UTC)."""
    return None if value is None else _parsed(name, value, parse_known_at)


def days(value: str | None, default: int) -> int:
    if value is None:
        return default
    found = _parsed("days", value, parse_days)
    if found > MAX_DAYS:
        raise BadParameter("days", f"must be at most {MAX_DAYS} (ten years)")
    return found


def server_stamps(envelopes: list[Envelope]) -> None:
    """Refuse a line that says who recorded it or when: over HTTP the server stamps both (``recorded_by``
    is the token's name, ``recorded_at`` the time of recording)."""
    for envelope in envelopes:
        for name, value in (("recorded_by", envelope.recorded_by), ("recorded_at", envelope.recorded_at)):
            if value is not None:
                reason = f"field '{name}' is set by the server, not by the request"
                raise InvalidEvent(envelope.where, reason, code="server_stamped", field=name)


def expected_version(if_match: str | None) -> int | None:
    """The version ``If-Match`` names (an ETag, ``"3"``; ``*``: any), or None when not given."""
    if if_match is None or if_match.strip() == "*":
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 12:
        raise BadParameter("If-Match", 'must be the version read before, as its ETag gives it (e.g. "3")')
    return int(value)
