"""The store's own errors (a person with nothing recorded, a row out of place, a store of an earlier
format); and how a read names the person whose stored
events cannot be read as a valid history, or who met a defect."""

from __future__ import annotations

from leavingcare.errors import AssessmentFailed, InvalidEvent, InvalidHistory, LeavingCareError, StoreUnavailable

_OUT_OF_PLACE = (
    "does not open where it is stored (a row moved or copied from another person's stream or another "
    "position, swapped, or damaged); it is not read"
)


class RowOutOfPlace(InvalidEvent):
    """An encrypted row that does not open where it is: moved or copied from another stream or version,
    swapped with another row, or damaged. The key is right (the person's other rows open), so the
    row is refused as that person's error, never read as theirs."""

    code = "row_out_of_place"

    def __init__(self, where: str, reason: str = _OUT_OF_PLACE, **named: str | None) -> None:
        super().__init__(where, reason, **named)


class EarlierFormat(StoreUnavailable):
    """An encrypted store written by a release before rows were bound to their place and their type
    names sealed: it is read only to be copied into a new store (``leavingcare rekey``)."""

    code = "store_needs_rekey"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"{where}: written by an earlier release (type names in clear, rows not bound to their place); "
            "copy it into a new store with 'leavingcare rekey --to URL' (see SECURITY.md)"
        )


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
