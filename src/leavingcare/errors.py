"""The library's typed errors. Messages name a line or event id and the rule broken, never the
personal data an event carries.

Each error carries a machine-readable ``code`` (a class default, refined where it is raised: e.g.
``date_out_of_range``, ``duplicate_field``) and, where one field is at fault, ``field`` (its name)."""

from __future__ import annotations

import re
from typing import Self

_FIELD = re.compile(r"^field '([a-z_]+)'")


class LeavingCareError(Exception):
    """Base class of every error the library raises on purpose."""

    code: str = "error"
    field: str | None = None


class LocatedError(LeavingCareError):
    """An error about a place in the input: ``where`` (a line, an event id, a person) and ``reason``.

    ``code`` defaults to the class's; ``field`` to the field a reason starting ``field 'name'`` names."""

    code = "invalid_input"

    def __init__(self, where: str, reason: str, *, code: str | None = None, field: str | None = None) -> None:
        self.where = where
        self.reason = reason
        if code is not None:
            self.code = code
        named = _FIELD.match(reason)
        self.field = field if field is not None else (named.group(1) if named else None)
        super().__init__(f"{where}: {reason}")

    def relocated(self, where: str, reason: str | None = None) -> Self:
        """The same error (type, code and field) said about another place, or with another reason."""
        return type(self)(where, self.reason if reason is None else reason, code=self.code, field=self.field)

    def __reduce__(self) -> tuple[type, tuple[str, str], dict[str, object]]:
        """Pickled as (where, reason) with its code and field, so errors cross process boundaries intact."""
        return (type(self), (self.where, self.reason), {"code": self.code, "field": self.field})


class InvalidEvent(LocatedError):
    """One event (or one JSONL line) is malformed: unknown type or field, wrong type, bad date."""

    code = "invalid_event"


class UnknownCode(InvalidEvent):
    """A code is not in its list, or names no authority of the right kind on the event's date."""

    code = "unknown_code"


class InvalidId(InvalidEvent, ValueError):
    """An identifier (a person, an event, an application, who recorded it) that is empty, too long, not
    valid Unicode text, or holds control or invisible formatting characters."""

    code = "invalid_id"


class InvalidHistory(LocatedError):
    """The events are each well formed but do not make a coherent history."""

    code = "invalid_history"


class AssessmentFailed(LocatedError, RuntimeError):
    """Something went wrong inside the library while assessing one person (a defect, not bad input):
    ``where`` names the person or file, ``reason`` the kind of failure, never its details."""

    code = "internal_error"


class ConcurrencyError(LeavingCareError):
    """Another writer appended to the same person's stream first."""

    code = "concurrency"


class StoreUnavailable(LeavingCareError):
    """The store cannot be opened or reached."""

    code = "store_unavailable"


class InvalidReceipt(LocatedError):
    """A receipt (or the answer holding it) that cannot be read: not JSON, not a receipt, or of another
    schema version. ``where`` names the file and ``reason`` the member at fault."""

    code = "invalid_receipt"


class CacheUnavailable(LeavingCareError):
    """The directory given to keep timelines in cannot be used: missing, not a directory, not empty
    and not a cache, or not writable. The message names the directory, never a person."""

    code = "cache_unavailable"
