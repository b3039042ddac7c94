"""The store's own error: a person with nothing recorded."""

from __future__ import annotations

from leavingcare.errors import LeavingCareError


class UnknownPerson(LeavingCareError, LookupError):
    """Nothing is recorded for the person (or nothing was, by the time asked about)."""

    def __init__(self, person: str, by_then: bool = False) -> None:
        self.person = person
        when = " by then" if by_then else ""
        super().__init__(f"person {person}: no events recorded{when}")
