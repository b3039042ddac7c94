"""The library's typed errors. Messages name a line or event id and the rule broken, never the
personal data an event carries."""

from __future__ import annotations


class LeavingCareError(Exception):
    """Base class of every error the library raises on purpose."""


class LocatedError(LeavingCareError):
    """An error about a place in the input: ``where`` (a line, an event id, a person) and ``reason``."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickled as (where, reason), so errors cross process boundaries intact."""
        return (type(self), (self.where, self.reason))


class InvalidEvent(LocatedError):
    """One event (or one JSONL line) is malformed: unknown type or field, wrong type, bad date."""


class UnknownCode(InvalidEvent):
    """A code is not in its list, or names no authority of the right kind on the event's date."""


class InvalidHistory(LocatedError):
    """The events are each well formed but do not make a coherent history."""


class ConcurrencyError(LeavingCareError):
    """Another writer appended to the same person's stream first."""


class StoreUnavailable(LeavingCareError):
    """The store cannot be opened or reached."""
