"""The store's own error, a person with nothing recorded; and how a read names the person whose stored
events cannot be read as a valid history."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from leavingcare.errors import AssessmentFailed, InvalidEvent, InvalidHistory, LeavingCareError

Failed = Callable[[str, LeavingCareError], None]
"""Told of a person a bulk read cannot give (``histories(failed=...)``): their id and the typed error."""


class UnknownPerson(LeavingCareError, LookupError):
    """Nothing is recorded for the person (or nothing was, by the time asked about)."""

    code = "unknown_person"

    def __init__(self, person: str, by_then: bool = False) -> None:
        self.person = person
        when = " by then" if by_then else ""
        super().__init__(f"person {person}: no events recorded{when}")


T = TypeVar("T")


def for_person(person: str, failed: Failed | None, call: Callable[[], T], *, computing: bool = False) -> T | None:
    """What ``call`` gives for one person of a bulk read. When their stored events do not make a valid
    history, the error names the person: it is raised, or, with ``failed``, handed to it (None is
    given). With ``computing`` and ``failed``, any other failure (a defect) is handed to it as
    ``AssessmentFailed``, naming only its kind."""
    try:
        return call()
    except (InvalidEvent, InvalidHistory) as exc:
        error: LeavingCareError = named(person, exc)
        if failed is None:
            raise error from None
    except LeavingCareError:
        raise
    except Exception as exc:
        if failed is None or not computing:
            raise
        error = AssessmentFailed(
            f"person {person}", f"cannot be assessed (internal error: {type(exc).__name__}); please report it"
        )
    failed(person, error)
    return None


def named(person: str, exc: InvalidEvent | InvalidHistory) -> InvalidEvent | InvalidHistory:
    """The error said about the person (``person P, stream S version V (Type): reason``)."""
    said = exc.where == f"person {person}" or exc.where.startswith(f"person {person}, ")
    return exc if said else exc.relocated(f"person {person}, {exc.where}")
