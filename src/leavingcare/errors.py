"""The library's typed errors. Messages name a line or event id and the rule broken, never the
personal data an event carries."""

from __future__ import annotations


class LeavingCareError(Exception):
    """Base class of every error the library raises on purpose."""


class InvalidEvent(LeavingCareError):
    """One event (or one JSONL line) is malformed: unknown type or field, wrong type, bad date."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class UnknownCode(InvalidEvent):
    """A code is not in its list, or names no authority of the right kind on the event's date."""


class InvalidHistory(LeavingCareError):
    """The events are each well formed but do not make a coherent history."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class ConcurrencyError(LeavingCareError):
    """Another writer appended to the same person's stream first."""


class StoreUnavailable(LeavingCareError):
    """The store cannot be opened or reached."""
