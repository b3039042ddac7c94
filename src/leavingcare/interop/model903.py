"""What reading SSDA903 tables gives: the histories imported, the children left out, and every row
rejected, withheld, noted or replaced, each with its file, line, CHILD, column, the 903 validator's
rule code and a reason that names columns and rules, never a value from the row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from attrs import field, frozen

from leavingcare.errors import InvalidEvent
from leavingcare.events.base import Event
from leavingcare.history import History

Date = dt.date


class Problem(StrEnum):
    """Why a row was not imported. The first group are problems with the row (or the child's rows);
    the last two say why a readable row was withheld with its child."""

    CHILD_BLANK = "child_blank"
    DATE_FORMAT = "date_format"
    DATE_NOT_REAL = "date_not_real"
    CODE_BLANK = "code_blank"
    CODE_UNKNOWN = "code_unknown"
    DEC_WITHOUT_REC = "dec_without_rec"
    DEC_NOT_AFTER_DECOM = "dec_not_after_decom"
    DECOM_BEFORE_DOB = "decom_before_dob"
    NO_HEADER_ROW = "no_header_row"
    HEADER_REJECTED = "header_rejected"
    OVERLAP = "overlap"
    X1_GAP = "x1_gap"
    AUTHORITY_NOT_IN_FORCE = "authority_not_in_force"
    NO_AREA = "no_area"
    INVALID_HISTORY = "invalid_history"
    CHILD_LEFT_OUT = "child_left_out"
    AFTER_FIRST_PROBLEM = "after_first_problem"


PROBLEMS: dict[Problem, str] = {
    Problem.CHILD_BLANK: "CHILD is blank",
    Problem.DATE_FORMAT: "a date is not written DD/MM/YYYY",
    Problem.DATE_NOT_REAL: "a date is not a real calendar date",
    Problem.CODE_BLANK: "a code the import needs is blank",
    Problem.CODE_UNKNOWN: "a code is not in the list of its collection year",
    Problem.DEC_WITHOUT_REC: "DEC is given but REC is blank",
    Problem.DEC_NOT_AFTER_DECOM: "DEC is not after DECOM (an episode lasts more than a day)",
    Problem.DECOM_BEFORE_DOB: "DECOM is before the date of birth",
    Problem.NO_HEADER_ROW: "the header table has no row for the CHILD",
    Problem.HEADER_REJECTED: "the CHILD's header row was rejected",
    Problem.OVERLAP: "the episode starts before another of the same submission has ceased",
    Problem.X1_GAP: "REC X1, but the next episode starts after DEC: the episodes between are missing",
    Problem.AUTHORITY_NOT_IN_FORCE: "no code of the authority is in force on DECOM",
    Problem.NO_AREA: "no area can be recorded for the authority on DECOM",
    Problem.INVALID_HISTORY: "the child's episodes do not make a valid history",
    Problem.CHILD_LEFT_OUT: "readable, but the child is left out: other rows of the child cannot be read",
    Problem.AFTER_FIRST_PROBLEM: "on or after the child's first problem: left out of the partial history",
}
"""What each problem code means."""

WITHHELD = frozenset({Problem.CHILD_LEFT_OUT, Problem.AFTER_FIRST_PROBLEM})


NOTE_CODES = {
    "area_assumed": "the placement's area is not known; the authority's own area (or a district of the county) is "
    "recorded instead",
    "authority_recoded": "the authority's code was not in force on DECOM; its predecessor or successor is recorded",
    "area_kept": "the placement changed but its area is not known; the previous placement's area is kept",
    "custody_not_recorded": "REC E9: the custodial sentence is not recorded as custody (SSDA903 gives no release date)",
    "continues_without_rne": "RNE S, but the previous episode ceased with REC X1 that day: recorded as a change",
    "starts_without_previous": "RNE is a change, but no episode ceased with REC X1 on DECOM: recorded as a new start",
    "rec_without_dec": "REC is given but DEC is blank: the episode is open, and imported open; REC is ignored",
    "continues_beyond_files": "REC X1 and no episode of the files given follows: care continues, the period of care "
    "is left open",
    "same_episode_later_row": "replaced by a later row for the same CHILD and DECOM (a later file, or a later line)",
    "overlapped_by_later_submission": "overlaps an episode of a later submission, which replaces it",
}
"""Every note code, with what it means."""

SUMMARISED = frozenset({"area_assumed", "authority_recoded"})
"""Notes reported as one line with a count rather than one line per row."""


def where(file: str, line: int, child: str | None) -> str:
    return f"{file} line {line}" + (f" (CHILD {child})" if child else "")


@frozen
class Rejection:
    """A row not imported: where it is, why (``reason`` names columns, never their values), the problem
    ``code``, the ``column`` at fault and the 903 validator's ``rule`` code, when one matches."""

    file: str
    line: int
    child: str | None
    reason: str
    code: Problem
    column: str = ""
    rule: str = ""

    def __str__(self) -> str:
        return f"{where(self.file, self.line, self.child)}: {self.reason}"

    def error(self) -> InvalidEvent:
        """The rejection as the library's typed error."""
        return InvalidEvent(where(self.file, self.line, self.child), self.reason)


@frozen
class Note:
    """A row imported (or replaced) under a convention the reader of the result should know about."""

    file: str
    line: int
    child: str
    code: str
    text: str
    rule: str = ""
    column: str = ""

    def __str__(self) -> str:
        return f"{where(self.file, self.line, self.child)}: {self.text}"


@frozen
class Episode903:
    """One kept episode row, parsed. ``pl_post`` is held only to place the episode (never shown)."""

    child: str
    decom: Date
    dec: Date | None
    rne: str
    ls: str
    place: str
    rec: str | None
    file: str
    line: int
    submission: int
    pl_post: str = field(default="", repr=False)

    @property
    def where(self) -> str:
        return where(self.file, self.line, self.child)


@frozen
class ImportedChild:
    """One young person's history as imported, with the episodes it was built from. With ``--partial``
    a child imported only up to its first problem has ``incomplete_from`` (the history carries a
    ``HistoryIncomplete`` event on that day) and ``problems``, the rows that stopped it."""

    person: str
    child: str
    born: Date
    history: History
    episodes: tuple[Episode903, ...]
    incomplete_from: Date | None = None
    problems: tuple[Rejection, ...] = ()

    @property
    def events(self) -> tuple[Event, ...]:
        return self.history.events


@frozen
class LeftOut:
    """A child whose rows cannot be read faithfully, so nothing of it is imported, with every problem
    found in its rows."""

    child: str
    person: str
    problems: tuple[Rejection, ...]


@frozen
class Import903:
    """The result of reading SSDA903 tables: the histories, the rows rejected, the notes, the rows
    replaced by a later submission of the same CHILD and DECOM (``superseded``), the children left out,
    the readable rows withheld with them, and every replaced row with its reason (``replacements``)."""

    authority: str
    people: tuple[ImportedChild, ...]
    rejected: tuple[Rejection, ...]
    notes: tuple[Note, ...]
    superseded: tuple[tuple[str, int], ...]
    left_out: tuple[LeftOut, ...] = ()
    withheld: tuple[Rejection, ...] = ()
    replacements: tuple[Note, ...] = ()

    def person(self, person: str) -> ImportedChild:
        found = next((p for p in self.people if p.person == person), None)
        if found is None:
            raise KeyError(person)
        return found

    @property
    def event_count(self) -> int:
        return sum(len(p.history) for p in self.people)

    @property
    def complete(self) -> bool:
        """Whether every row was imported as the return gives it: no row rejected, no child left out."""
        return not self.rejected and not self.left_out


def default_person(authority: str) -> Callable[[str], str]:
    """Person ids ``<authority>-<CHILD>``: CHILD ids are unique only within one authority."""
    return lambda child: f"{authority}-{child}"
