"""One child's SSDA903 rows read as the return gives them, or not at all.

Each row is checked on its own, then the child's episodes together: overlaps the later-submission rule
resolves are replaced; an overlap within one submission, and an episode ceasing with REC X1 whose next
episode starts later than DEC (the episodes between are missing) are problems. A child with any problem
is left out, every problem listed; with ``partial`` the rows before the first problem are imported and
the history is marked incomplete from it (``HistoryIncomplete``), unless a problem cannot be placed in
time (an unreadable DECOM, no date of birth), when the child is left out all the same.

Nothing here records a ``CareEnded`` the return does not state: REC X1 never ends care. When no episode
of the files given follows it, care continues (the next episode is in a file not given).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from attrs import frozen

from leavingcare import geography
from leavingcare.errors import LeavingCareError
from leavingcare.events import care
from leavingcare.events.base import Event
from leavingcare.history import History
from leavingcare.interop import codes903
from leavingcare.interop.areas import AreaMap
from leavingcare.interop.model903 import Episode903, ImportedChild, LeftOut, Note, Problem, Rejection
from leavingcare.interop.read903 import Row

Date = dt.date
_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
DATE_RULES = {"DOB": "102", "DECOM": "141", "DEC": "147"}
"""The 903 validator's rule on each date column (a valid date)."""


class Bad(ValueError):
    """A problem with one row: its code, the column at fault, the validator's rule, and the reason."""

    def __init__(self, code: Problem, column: str, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.column, self.rule, self.reason = code, column, rule, reason

    def at(self, row: Row, child: str | None) -> Rejection:
        return Rejection(row.file, row.line, child, self.reason, self.code, self.column, self.rule)


def read_date(row: Row, column: str) -> Date:
    text = row.get(column)
    rule = DATE_RULES.get(column, "")
    if not _DATE.match(text):
        raise Bad(Problem.DATE_FORMAT, column, rule, f"{column} must be a date written DD/MM/YYYY")
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise Bad(Problem.DATE_NOT_REAL, column, rule, f"{column} is not a real calendar date") from None


@frozen
class Header:
    born: Date
    file: str
    line: int


@frozen
class Raw:
    """An episode row with CHILD and DECOM read, the rest still text."""

    row: Row
    child: str
    decom: Date
    submission: int


# One row -------------------------------------------------------------------------------------------
def _code(row: Row, column: str) -> str:
    return row.get(column).upper()


def episode(raw: Raw, header: Header, notes: list[Note]) -> Episode903:
    """The episode, checked on its own; raises ``Bad``. REC with a blank DEC is an open episode (rule
    148): it is kept open, REC ignored, and noted."""
    row = raw.row
    year = codes903.collection_year(raw.decom)
    dec = read_date(row, "DEC") if row.get("DEC") else None
    rec = _code(row, "REC") or None
    rne, ls, place = _code(row, "RNE"), _code(row, "LS"), _code(row, "PLACE")
    if raw.decom < header.born:
        raise Bad(Problem.DECOM_BEFORE_DOB, "DECOM", "302", "DECOM is before the DOB in the header table")
    for column, value, allowed, what, rule in (
        ("RNE", rne, codes903.NEW_EPISODE, "reason for new episode", "143"),
        ("LS", ls, codes903.LEGAL_STATUS, "legal status", "144"),
    ):
        if not value:
            raise Bad(Problem.CODE_BLANK, column, rule, f"{column} is blank")
        if value not in allowed:
            raise Bad(
                Problem.CODE_UNKNOWN, column, rule, f"{column} is not a {what} code of the collection year of DECOM"
            )
    if not place:
        raise Bad(Problem.CODE_BLANK, "PLACE", "146", "PLACE is blank")
    if place not in codes903.placements(year):
        raise Bad(
            Problem.CODE_UNKNOWN,
            "PLACE",
            "146",
            f"PLACE is not a placement code of the collection year of DECOM ({codes903.PLACE_LIST_HISTORY})",
        )
    if dec is None and rec is not None:
        text = "REC is given but DEC is blank (rule 148): the episode is open and imported open; REC is ignored"
        notes.append(Note(row.file, row.line, raw.child, "rec_without_dec", text, "148", "REC"))
        rec = None
    if dec is not None:
        if rec is None:
            raise Bad(Problem.DEC_WITHOUT_REC, "REC", "148", "DEC is given but REC is blank")
        if dec <= raw.decom:
            rule = "355" if dec == raw.decom else "356"
            raise Bad(
                Problem.DEC_NOT_AFTER_DECOM, "DEC", rule, "DEC is not after DECOM (an episode lasts more than a day)"
            )
        if rec not in codes903.REASON_CEASED:
            raise Bad(
                Problem.CODE_UNKNOWN,
                "REC",
                "149",
                "REC is not a reason-episode-ceased code of the collection year of DEC",
            )
    return Episode903(
        child=raw.child,
        decom=raw.decom,
        dec=dec,
        rne=rne,
        ls=ls,
        place=place,
        rec=rec,
        file=row.file,
        line=row.line,
        submission=raw.submission,
        pl_post=row.get("PL_POST"),
    )


# The child's episodes together ---------------------------------------------------------------------
@frozen
class Found:
    """A problem, with the day from which it leaves the history in doubt (None: no day can be given)."""

    rejection: Rejection
    on: Date | None


def without_overlaps(episodes: Sequence[Episode903], found: list[Found], replaced: list[Note]) -> list[Episode903]:
    """The episodes in DECOM order with overlaps removed. Across submissions the later one wins (the
    earlier is replaced); within one submission the episode that starts inside the other is a problem."""
    kept: list[Episode903] = []
    for ep in sorted(episodes, key=lambda e: e.decom):
        while kept and (kept[-1].dec is None or ep.decom < kept[-1].dec):
            previous = kept[-1]
            if previous.submission != ep.submission:
                loser, winner = (previous, ep) if previous.submission < ep.submission else (ep, previous)
                text = (
                    f"overlaps the episode on {winner.file} line {winner.line}, a later submission, which replaces it"
                )
                replaced.append(Note(loser.file, loser.line, loser.child, "overlapped_by_later_submission", text))
                if loser is previous:
                    kept.pop()
                    continue
                break
            rule = "142" if previous.dec is None else "501"
            reason = f"starts before the episode on {previous.file} line {previous.line} has ceased"
            rejection = Rejection(ep.file, ep.line, ep.child, reason, Problem.OVERLAP, "DECOM", rule)
            found.append(Found(rejection, ep.decom))
            break
        else:
            kept.append(ep)
    return kept


def x1_gaps(kept: Sequence[Episode903], starts: set[Date], found: list[Found]) -> None:
    """An episode ceasing with REC X1 whose next episode of the return (``starts``: every DECOM read)
    starts after DEC: the episodes between are missing, so the history cannot be read from DEC on."""
    for ep in kept:
        if ep.rec != codes903.CONTINUES or ep.dec is None or ep.dec in starts:
            continue
        if any(day > ep.dec for day in starts):
            reason = "REC X1, but the next episode of the return starts after DEC: the episodes between are missing"
            rejection = Rejection(ep.file, ep.line, ep.child, reason, Problem.X1_GAP, "REC", "388")
            found.append(Found(rejection, ep.dec))


# Authorities and areas -----------------------------------------------------------------------------
def authority_on(code: str, day: Date) -> str | None:
    """The children's services authority ``code`` as coded on ``day``: itself when in force, else the
    single successor (after an abolition) or predecessor (before a recode, e.g. Barnsley's 2025 code)
    in force then; None when there is none or several."""
    held = geography.lookup(code)
    if held is None or not held.childrens:
        return None
    if held.valid_on(day):
        return code
    if held.valid.until is not None and day >= held.valid.until:
        successor, _ = geography.successor_on(code, day)
        return successor if successor and geography.valid_on(successor, day) else None
    found = {code}
    frontier = {code}
    while frontier:
        frontier = {
            a.code for a in geography.authorities().values() if set(a.successors) & frontier and a.code not in found
        }
        found |= frontier
    earlier = [
        a.code for c in found - {code} if (a := geography.lookup(c)) is not None and a.childrens and a.valid_on(day)
    ]
    return earlier[0] if len(earlier) == 1 else None


def fallback_area(authority: str, day: Date) -> str | None:
    """The area recorded when a placement's is unknown: a unitary-type authority's own area; for a
    county council, the first of its districts in force on ``day`` in code order."""
    held = geography.lookup(authority)
    if held is None:
        return None
    if held.housing:
        return authority
    districts = geography.districts_of(authority, day)
    return districts[0] if districts else None


@frozen
class Placed:
    """An episode with its authority and area decided."""

    episode: Episode903
    authority: str
    area: str | None
    fallback: str
    unknown: str
    """Why ``area`` is None."""
    mapped: bool
    """Whether an areas map was given."""


def place(ep: Episode903, authority: str, areas: AreaMap | None, notes: list[Note]) -> Placed:
    """Raises ``Bad`` when no authority code or no area can be recorded on DECOM."""
    coded = authority_on(authority, ep.decom)
    if coded is None:
        reason = f"the authority {authority} is not a children's services authority in force on DECOM"
        raise Bad(Problem.AUTHORITY_NOT_IN_FORCE, "", "", reason)
    if coded != authority:
        text = f"{authority} was not in force on DECOM: recorded as {coded}"
        notes.append(Note(ep.file, ep.line, ep.child, "authority_recoded", text))
    fallback = fallback_area(coded, ep.decom)
    if fallback is None:
        raise Bad(Problem.NO_AREA, "", "", f"no area can be recorded for {coded} on DECOM")
    if areas is None:
        return Placed(ep, coded, None, fallback, "no areas map was given", mapped=False)
    area, why = areas.area_for(ep.pl_post, ep.decom)
    return Placed(ep, coded, area, fallback, why, mapped=True)


# Events --------------------------------------------------------------------------------------------
def events(born: Date, placed: Sequence[Placed], notes: list[Note], incomplete_from: Date | None = None) -> list[Event]:
    """The events of one child. REC X1 never ends care: with the next episode that day the period of care
    continues as a change; with no next episode in the files it stays open (noted, unless the history is
    marked incomplete by then)."""
    out: list[Event] = [care.Born(on=born)]
    state: dict[str, str] = {}
    for i, item in enumerate(placed):
        ep = item.episode
        previous = placed[i - 1].episode if i else None
        following = placed[i + 1].episode if i + 1 < len(placed) else None

        def note(code: str, text: str, rule: str = "", column: str = "", ep: Episode903 = ep) -> None:
            notes.append(Note(ep.file, ep.line, ep.child, code, text, rule, column))

        if previous is not None and previous.rec == codes903.CONTINUES and previous.dec == ep.decom:
            changes: dict[str, str] = {}
            if ep.rne in codes903.LEGAL_STATUS_CHANGES or ep.ls != state["legal_status"]:
                changes["legal_status"] = ep.ls
            if ep.rne in codes903.PLACEMENT_CHANGES or ep.place != state["placement"]:
                changes["placement"] = ep.place
            if item.area is not None and item.area != state["area"]:
                changes["area"] = item.area
            elif item.area is None and item.mapped and "placement" in changes:
                note("area_kept", f"{item.unknown}: the area of the previous placement is kept")
            if ep.rne == "S":
                text = "RNE S, but the previous episode ceased with REC X1 on DECOM: recorded as a change within the "
                note("continues_without_rne", text + "period of care", "431", "RNE")
            if changes:
                out.append(care.CareChanged(on=ep.decom, **changes))
            state.update(changes)
        else:
            if ep.rne != "S":
                text = "RNE is a change (not S), but no episode of the import ceased with REC X1 on DECOM: recorded "
                note("starts_without_previous", text + "as the start of a period of care", "433" if previous else "357")
            area = item.area
            if area is None:
                area = item.fallback
                note("area_assumed", f"{item.unknown}: area recorded as {area}")
            started = care.CareStarted(
                on=ep.decom, authority=item.authority, legal_status=ep.ls, placement=ep.place, area=area
            )
            out.append(started)
            state = {"legal_status": ep.ls, "placement": ep.place, "area": area}
        if ep.dec is None or ep.rec is None:
            continue
        if ep.rec == codes903.CONTINUES:
            if following is None and (incomplete_from is None or ep.dec < incomplete_from):
                text = "REC X1 and no episode of the files given starts on DEC: care continues (the next episode is "
                note("continues_beyond_files", text + "in a file not given); the period of care is left open", "388")
            continue
        if ep.rec == "E9":
            text = "REC E9 (sentenced to custody): no custody is recorded, as SSDA903 gives no release date; "
            note("custody_not_recorded", text + "record CustodyStarted and CustodyEnded from the youth justice record")
        out.append(care.CareEnded(on=ep.dec, reason=ep.rec))
    if incomplete_from is not None:
        out.append(care.HistoryIncomplete(on=max(incomplete_from, born)))
    return out


# The child -----------------------------------------------------------------------------------------
@frozen
class Outcome:
    """What reading one child gave."""

    imported: ImportedChild | None
    left_out: LeftOut | None
    rejected: tuple[Rejection, ...]
    withheld: tuple[Rejection, ...]
    notes: tuple[Note, ...]
    replaced: tuple[Note, ...]


@frozen
class Reader:
    """Reads children as ``authority``; ``partial`` imports the rows before a child's first problem."""

    authority: str
    areas: AreaMap | None
    person: Callable[[str], str]
    partial: bool = False

    def child(self, child: str, raws: Sequence[Raw], undated: Sequence[Rejection], header: Header | None) -> Outcome:
        """``undated``: the child's rows rejected before their DECOM could be read."""
        found = [Found(r, None) for r in undated]
        if header is None:
            return self._left_out(child, found, [], [])
        notes: list[Note] = []
        replaced: list[Note] = []
        valid: list[Episode903] = []
        for raw in raws:
            try:
                valid.append(episode(raw, header, notes))
            except Bad as exc:
                found.append(Found(exc.at(raw.row, child), raw.decom))
        kept = without_overlaps(valid, found, replaced)
        gone = {(n.file, n.line) for n in replaced}
        x1_gaps(kept, {raw.decom for raw in raws if (raw.row.file, raw.row.line) not in gone}, found)
        placed: list[Placed] = []
        for ep in kept:
            try:
                placed.append(place(ep, self.authority, self.areas, notes))
            except Bad as exc:
                found.append(
                    Found(Rejection(ep.file, ep.line, child, exc.reason, exc.code, exc.column, exc.rule), ep.decom)
                )
        cut: Date | None = None
        if found:
            if not self.partial or any(f.on is None for f in found):
                return self._left_out(child, found, [p.episode for p in placed], replaced)
            cut = min(f.on for f in found if f.on is not None)
        keep = [p for p in placed if cut is None or p.episode.decom < cut]
        if not keep:
            return self._left_out(child, found, [p.episode for p in placed], replaced)
        try:
            history = History.of(events(header.born, keep, notes, cut))
        except LeavingCareError as exc:
            reason = f"the child's episodes do not make a valid history ({getattr(exc, 'reason', exc)})"
            invalid = [
                Found(Rejection(p.episode.file, p.episode.line, child, reason, Problem.INVALID_HISTORY), None)
                for p in keep
            ]
            return self._left_out(child, found + invalid, [p.episode for p in placed], replaced)
        rows = {(p.episode.file, p.episode.line) for p in keep}
        withheld = [
            _withheld(p.episode, Problem.AFTER_FIRST_PROBLEM)
            for p in placed
            if (p.episode.file, p.episode.line) not in rows
        ]
        problems = tuple(f.rejection for f in found)
        imported = ImportedChild(
            self.person(child), child, header.born, history, tuple(p.episode for p in keep), cut, problems
        )
        kept_notes = tuple(n for n in notes if (n.file, n.line) in rows)
        return Outcome(imported, None, problems, tuple(withheld), kept_notes, tuple(replaced))

    def _left_out(
        self, child: str, found: Sequence[Found], readable: Sequence[Episode903], replaced: Sequence[Note]
    ) -> Outcome:
        problems = tuple(f.rejection for f in found)
        at_fault = {(r.file, r.line) for r in problems}
        withheld = tuple(_withheld(e, Problem.CHILD_LEFT_OUT) for e in readable if (e.file, e.line) not in at_fault)
        return Outcome(None, LeftOut(child, self.person(child), problems), problems, withheld, (), tuple(replaced))


def _withheld(ep: Episode903, code: Problem) -> Rejection:
    reason = (
        "not imported: the child is left out, as other rows of the child cannot be read"
        if code is Problem.CHILD_LEFT_OUT
        else "not imported: on or after the child's first problem (--partial)"
    )
    return Rejection(ep.file, ep.line, ep.child, reason, code)
