"""The store's own error, a person with nothing recorded; and how a read names the person whose stored
events cannot be read as a valid history, or who met a defect."""

from __future__ import annotations

from leavingcare.errors import AssessmentFailed, InvalidEvent, InvalidHistory, LeavingCareError


class UnknownPerson(LeavingCareError, LookupError):
    """Nothing is recorded for the person (or nothing was, by the time asked about)."""

    code = "unknown_person"

    def __init__(self, person: str, by_then: bool = False) -> None:
        self.person = person
        when = " by then" if by_then else ""
        super().__init__(f"person {person}: no events recorded{when}")


def internal_error(person: str, exc: Exception) -> AssessmentFailed:
    """A defect met while assessing one person, naming only its kind, so that a bulk job reports the
    person and goes on."""
    return AssessmentFailed(
        f"person {person}", f"cannot be assessed (internal error: {type(exc).__name__}); please report it"
    )


def named(person: str, exc: InvalidEvent | InvalidHistory) -> InvalidEvent | InvalidHistory:
    """The error said about the person (``person P, stream S version V (Type): reason``)."""
    said = exc.where == f"person {person}" or exc.where.startswith(f"person {person}, ")
    return exc if said else exc.relocated(f"person {person}, {exc.where}")
