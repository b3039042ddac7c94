"""Read the SSDA903 return (the DfE children looked after collection) and turn each child into events.

    result = read_903(header=["header.csv"], episodes=["episodes_2324.csv", "episodes_2425.csv"],
                      authority="E06000023", areas=read_area_map("map.csv"))
    for child in result.people:
        child.person, child.history           # one History per CHILD
    result.rejected                           # file, line, CHILD and reason of every row not imported

The header table gives ``Born`` (DOB); each child's episodes, in DECOM order, give:

- ``CareStarted`` for the first episode of a period of care (``authority`` = the importing authority,
  as coded on DECOM);
- ``CareChanged`` for an episode that continues the previous one: the previous episode ceased with
  REC X1 on this episode's DECOM. RNE says what changed: L legal status; P or T placement; B or U
  both. A field whose code differs is recorded too, and the area when it is known and changes;
- ``CareEnded`` on DEC with REC, except REC X1 followed by the next episode on the same day.

Episodes are validated against the code lists of their collection year (``codes903``): LS, PLACE and
RNE against the year of DECOM, REC against the year of DEC. Several files (several collection years,
or a resubmission) may be given: for the same CHILD and DECOM the row of the later file wins (within
one file, the later line); where two kept episodes of a child overlap, the one from the earlier file
is rejected, or in a single file the later-starting one.

Messages name the file, the line and the CHILD id, never another value from the row.
See docs/interop.md for the conventions, including the area recorded when the placement's is unknown.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from attrs import field, frozen

from leavingcare import calendar, geography
from leavingcare.errors import InvalidEvent, LeavingCareError, UnknownCode
from leavingcare.events import care
from leavingcare.events.base import Event
from leavingcare.history import History
from leavingcare.interop import codes903
from leavingcare.interop.areas import AreaMap

Date = dt.date
PathLike = str | os.PathLike[str]

HEADER_COLUMNS = ("CHILD", "DOB")
EPISODE_COLUMNS = ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC")
"""Columns the reader needs; the others of the tables (SEX, ETHNIC, CIN, PLACE_PROVIDER ...) are
allowed and ignored. PL_POST is read when present, for the areas map."""

_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
NOT_UTF8 = "is not valid UTF-8 (save the table as UTF-8 CSV)"


# Results -------------------------------------------------------------------------------------------
@frozen
class Rejection:
    """A row not imported: where it is and why (the reason names columns, never their values)."""

    file: str
    line: int
    child: str | None
    reason: str

    def __str__(self) -> str:
        return f"{_where(self.file, self.line, self.child)}: {self.reason}"

    def error(self) -> InvalidEvent:
        """The rejection as the library's typed error."""
        return InvalidEvent(_where(self.file, self.line, self.child), self.reason)


@frozen
class Note:
    """A row imported under a convention the reader of the result should know about (``code``)."""

    file: str
    line: int
    child: str
    code: str
    text: str

    def __str__(self) -> str:
        return f"{_where(self.file, self.line, self.child)}: {self.text}"


NOTE_CODES = {
    "area_assumed": "the placement's area is not known; the authority's own area (or a district of the county) is "
    "recorded instead",
    "authority_recoded": "the authority's code was not in force on DECOM; its predecessor or successor is recorded",
    "area_kept": "the placement changed but its area is not known; the previous placement's area is kept",
    "custody_not_recorded": "REC E9: the custodial sentence is not recorded as custody, as SSDA903 gives no release",
    "continues_without_rne": "RNE S, but the previous episode ceased with REC X1 that day: recorded as a change",
    "starts_without_previous": "RNE is a change, but no episode ceased with REC X1 on DECOM: recorded as a new start",
    "ceased_without_next": "REC X1, but no episode of the import starts on DEC: the episode is ended with reason X1",
}
"""Every note code, with what it means."""


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
        return _where(self.file, self.line, self.child)


@frozen
class ImportedChild:
    """One young person's history as imported, with the episodes it was built from."""

    person: str
    child: str
    born: Date
    history: History
    episodes: tuple[Episode903, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        return self.history.events


@frozen
class Import903:
    """The result of reading SSDA903 tables: the histories, the rows rejected, the notes, and the rows
    replaced by a later submission of the same CHILD and DECOM."""

    authority: str
    people: tuple[ImportedChild, ...]
    rejected: tuple[Rejection, ...]
    notes: tuple[Note, ...]
    superseded: tuple[tuple[str, int], ...]

    def person(self, person: str) -> ImportedChild:
        found = next((p for p in self.people if p.person == person), None)
        if found is None:
            raise KeyError(person)
        return found

    @property
    def event_count(self) -> int:
        return sum(len(p.history) for p in self.people)


def _where(file: str, line: int, child: str | None) -> str:
    return f"{file} line {line}" + (f" (CHILD {child})" if child else "")


def default_person(authority: str) -> Callable[[str], str]:
    """Person ids ``<authority>-<CHILD>``: CHILD ids are unique only within one authority."""
    return lambda child: f"{authority}-{child}"


# Reading the tables --------------------------------------------------------------------------------
@frozen
class _Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def _rows(path: PathLike, required: Sequence[str]) -> Iterator[_Row]:
    """The non-blank rows of a CSV table, values stripped, column names upper-cased."""
    name = os.fspath(path)
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise InvalidEvent(name, "is empty (no header line)") from None
        except csv.Error as exc:
            raise InvalidEvent(f"{name} line 1", f"is not valid CSV ({exc})") from None
        except UnicodeDecodeError:
            raise InvalidEvent(name, NOT_UTF8) from None
        columns = [c.strip().upper() for c in header]
        missing = [c for c in required if c not in columns]
        if missing:
            raise InvalidEvent(name, "missing column(s): " + ", ".join(missing))
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InvalidEvent(f"{name} line {reader.line_num}", f"is not valid CSV ({exc})") from None
            except UnicodeDecodeError:
                raise InvalidEvent(name, NOT_UTF8) from None
            if not any(c.strip() for c in cells):
                continue
            values = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)}
            yield _Row(name, reader.line_num, values)


def _date(row: _Row, column: str) -> Date:
    text = row.get(column)
    if not _DATE.match(text):
        raise ValueError(f"{column} must be a date written DD/MM/YYYY")
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"{column} is not a real calendar date") from None


@frozen
class _Header:
    born: Date
    file: str
    line: int


def _read_headers(paths: Sequence[PathLike], rejected: list[Rejection]) -> tuple[dict[str, _Header], dict[str, str]]:
    """CHILD -> DOB (the later file's row wins), and why a CHILD's header row was rejected."""
    headers: dict[str, _Header] = {}
    refused: dict[str, str] = {}
    for path in paths:
        for row in _rows(path, HEADER_COLUMNS):
            child = row.get("CHILD")
            if not child:
                rejected.append(Rejection(row.file, row.line, None, "CHILD is blank"))
                continue
            try:
                born = _date(row, "DOB")
            except ValueError as exc:
                rejected.append(Rejection(row.file, row.line, child, str(exc)))
                refused[child] = f"its header row ({row.file} line {row.line}) was rejected"
                continue
            headers[child] = _Header(born, row.file, row.line)
            refused.pop(child, None)
    return headers, refused


@frozen
class _Raw:
    """An episode row with CHILD and DECOM read, the rest still text."""

    row: _Row
    child: str
    decom: Date
    submission: int


def _read_episodes(
    paths: Sequence[PathLike], rejected: list[Rejection]
) -> tuple[dict[tuple[str, Date], _Raw], list[tuple[str, int]]]:
    """The latest row for each CHILD and DECOM, and the rows a later one replaced."""
    latest: dict[tuple[str, Date], _Raw] = {}
    superseded: list[tuple[str, int]] = []
    for submission, path in enumerate(paths):
        for row in _rows(path, EPISODE_COLUMNS):
            child = row.get("CHILD")
            if not child:
                rejected.append(Rejection(row.file, row.line, None, "CHILD is blank"))
                continue
            try:
                decom = _date(row, "DECOM")
            except ValueError as exc:
                rejected.append(Rejection(row.file, row.line, child, str(exc)))
                continue
            key = (child, decom)
            if key in latest:
                earlier = latest[key].row
                superseded.append((earlier.file, earlier.line))
            latest[key] = _Raw(row, child, decom, submission)
    return latest, superseded


# Validating one episode ----------------------------------------------------------------------------
def _code(row: _Row, column: str) -> str:
    return row.get(column).upper()


def _episode(raw: _Raw, header: _Header) -> Episode903:
    """The episode, checked on its own; raises ValueError with the reason."""
    row = raw.row
    year = codes903.collection_year(raw.decom)
    dec_text = row.get("DEC")
    dec = _date(row, "DEC") if dec_text else None
    rec = _code(row, "REC") or None
    rne, ls, place = _code(row, "RNE"), _code(row, "LS"), _code(row, "PLACE")
    if raw.decom < header.born:
        raise ValueError("DECOM is before the DOB in the header table")
    for column, value, allowed, what in (
        ("RNE", rne, codes903.NEW_EPISODE, "reason for new episode"),
        ("LS", ls, codes903.LEGAL_STATUS, "legal status"),
    ):
        if not value:
            raise ValueError(f"{column} is blank")
        if value not in allowed:
            raise ValueError(f"{column} is not a {what} code of the collection year of DECOM")
    if not place:
        raise ValueError("PLACE is blank")
    if place not in codes903.placements(year):
        raise ValueError(
            f"PLACE is not a placement code of the collection year of DECOM ({codes903.PLACE_LIST_HISTORY})"
        )
    if dec is None and rec is not None:
        raise ValueError("REC is given but DEC is blank")
    if dec is not None:
        if rec is None:
            raise ValueError("DEC is given but REC is blank")
        if dec <= raw.decom:
            raise ValueError("DEC is not after DECOM (an episode lasts more than a day)")
        if rec not in codes903.REASON_CEASED:
            raise ValueError("REC is not a reason-episode-ceased code of the collection year of DEC")
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


def _without_overlaps(episodes: list[Episode903], rejected: list[Rejection]) -> list[Episode903]:
    """A child's episodes in DECOM order with overlaps removed: the later submission wins; within one
    file the episode that starts inside the other is rejected."""
    kept: list[Episode903] = []
    for episode in sorted(episodes, key=lambda e: e.decom):
        while kept and (kept[-1].dec is None or episode.decom < kept[-1].dec):
            previous = kept[-1]
            if previous.submission < episode.submission:
                kept.pop()
                rejected.append(
                    Rejection(
                        previous.file,
                        previous.line,
                        previous.child,
                        f"overlaps the episode on {episode.file} line {episode.line}, a later submission",
                    )
                )
                continue
            rejected.append(
                Rejection(
                    episode.file,
                    episode.line,
                    episode.child,
                    f"starts before the episode on {previous.file} line {previous.line} has ceased",
                )
            )
            break
        else:
            kept.append(episode)
    return kept


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


# Events --------------------------------------------------------------------------------------------
@frozen
class _Placed:
    """An episode with its authority and area decided."""

    episode: Episode903
    authority: str
    area: str | None
    fallback: str
    unknown: str
    """Why ``area`` is None."""
    mapped: bool
    """Whether an areas map was given."""


def _place(episode: Episode903, authority: str, areas: AreaMap | None, notes: list[Note]) -> _Placed:
    coded = authority_on(authority, episode.decom)
    if coded is None:
        raise ValueError(f"the authority {authority} is not a children's services authority in force on DECOM")
    if coded != authority:
        notes.append(
            Note(
                episode.file,
                episode.line,
                episode.child,
                "authority_recoded",
                f"{authority} was not in force on DECOM: recorded as {coded}",
            )
        )
    fallback = fallback_area(coded, episode.decom)
    if fallback is None:
        raise ValueError(f"no area can be recorded for {coded} on DECOM")
    if areas is None:
        return _Placed(episode, coded, None, fallback, "no areas map was given", mapped=False)
    area, why = areas.area_for(episode.pl_post, episode.decom)
    return _Placed(episode, coded, area, fallback, why, mapped=True)


def _events(born: Date, placed: Sequence[_Placed], notes: list[Note]) -> list[tuple[Event, Episode903 | None]]:
    """The events of one child, each with the episode it came from."""
    out: list[tuple[Event, Episode903 | None]] = [(care.Born(on=born), None)]
    state: dict[str, str] = {}
    for i, item in enumerate(placed):
        episode = item.episode
        previous = placed[i - 1].episode if i else None
        following = placed[i + 1].episode if i + 1 < len(placed) else None

        def note(code: str, text: str, episode: Episode903 = episode) -> None:
            notes.append(Note(episode.file, episode.line, episode.child, code, text))

        continues = previous is not None and previous.rec == codes903.CONTINUES and previous.dec == episode.decom
        if continues:
            changes: dict[str, str] = {}
            if episode.rne in codes903.LEGAL_STATUS_CHANGES or episode.ls != state["legal_status"]:
                changes["legal_status"] = episode.ls
            if episode.rne in codes903.PLACEMENT_CHANGES or episode.place != state["placement"]:
                changes["placement"] = episode.place
            if item.area is not None and item.area != state["area"]:
                changes["area"] = item.area
            elif item.area is None and item.mapped and "placement" in changes:
                note("area_kept", f"{item.unknown}: the area of the previous placement is kept")
            if episode.rne == "S":
                note(
                    "continues_without_rne",
                    "RNE S, but the previous episode ceased with REC X1 on DECOM: "
                    "recorded as a change within the period of care",
                )
            if changes:
                out.append((care.CareChanged(on=episode.decom, **changes), episode))
            state.update(changes)
        else:
            if episode.rne != "S":
                note(
                    "starts_without_previous",
                    "RNE is a change (not S), but no episode of the import ceased with REC X1 on DECOM: "
                    "recorded as the start of a period of care",
                )
            area = item.area
            if area is None:
                area = item.fallback
                note("area_assumed", f"{item.unknown}: area recorded as {area}")
            out.append(
                (
                    care.CareStarted(
                        on=episode.decom,
                        authority=item.authority,
                        legal_status=episode.ls,
                        placement=episode.place,
                        area=area,
                    ),
                    episode,
                )
            )
            state = {"legal_status": episode.ls, "placement": episode.place, "area": area}
        if episode.dec is None or episode.rec is None:
            continue
        if episode.rec == codes903.CONTINUES:
            if following is not None and following.decom == episode.dec:
                continue
            note(
                "ceased_without_next",
                "REC X1, but no episode of the import starts on DEC: the episode is ended with reason X1",
            )
        elif episode.rec == "E9":
            note(
                "custody_not_recorded",
                "REC E9 (sentenced to custody): no custody is recorded, as SSDA903 gives no release date; "
                "record CustodyStarted and CustodyEnded from the youth justice record",
            )
        out.append((care.CareEnded(on=episode.dec, reason=episode.rec), episode))
    return out


# The import ----------------------------------------------------------------------------------------
def _paths(value: PathLike | Sequence[PathLike]) -> list[PathLike]:
    if isinstance(value, str | os.PathLike):
        return [value]
    return list(value)


def read_903(
    header: PathLike | Sequence[PathLike],
    episodes: PathLike | Sequence[PathLike],
    authority: str,
    *,
    areas: AreaMap | None = None,
    person: Callable[[str], str] | None = None,
) -> Import903:
    """Read SSDA903 header and episode tables (files in submission order: later wins) as ``authority``.

    Raises ``UnknownCode`` when ``authority`` is not a children's services authority, ``InvalidEvent``
    when a file lacks a column the reader needs or is not CSV, ``OSError`` when a file cannot be read.
    Every other problem rejects one row, or a child's rows, and is reported in the result.
    """
    held = geography.lookup(authority)
    if held is None or not held.childrens:
        raise UnknownCode("--authority", "must be the GSS code of a children's services authority (E06, E08, E09, E10)")
    person_of = person or default_person(authority)
    rejected: list[Rejection] = []
    notes: list[Note] = []
    headers, refused = _read_headers(_paths(header), rejected)
    latest, superseded = _read_episodes(_paths(episodes), rejected)

    by_child: dict[str, list[Episode903]] = {}
    for raw in latest.values():
        head = headers.get(raw.child)
        if head is None:
            why = refused.get(raw.child, "the header table has no row for this CHILD")
            rejected.append(Rejection(raw.row.file, raw.row.line, raw.child, f"no date of birth: {why}"))
            continue
        try:
            by_child.setdefault(raw.child, []).append(_episode(raw, head))
        except ValueError as exc:
            rejected.append(Rejection(raw.row.file, raw.row.line, raw.child, str(exc)))

    people: list[ImportedChild] = []
    for child in sorted(by_child):
        kept = _without_overlaps(by_child[child], rejected)
        placed: list[_Placed] = []
        child_notes: list[Note] = []
        for episode in kept:
            try:
                placed.append(_place(episode, authority, areas, child_notes))
            except ValueError as exc:
                rejected.append(Rejection(episode.file, episode.line, child, str(exc)))
        if not placed:
            continue
        born = headers[child].born
        events = _events(born, placed, child_notes)
        try:
            history = History.of(event for event, _ in events)
        except LeavingCareError as exc:
            reason = f"the child's episodes do not make a valid history ({_reason(exc)})"
            rejected.extend(Rejection(p.episode.file, p.episode.line, child, reason) for p in placed)
            continue
        notes.extend(child_notes)
        people.append(ImportedChild(person_of(child), child, born, history, tuple(p.episode for p in placed)))
    order = {os.fspath(path): i for i, path in enumerate([*_paths(header), *_paths(episodes)])}
    rejected.sort(key=lambda r: (order.get(r.file, len(order)), r.line))
    notes.sort(key=lambda n: (order.get(n.file, len(order)), n.line))
    return Import903(authority, tuple(people), tuple(rejected), tuple(notes), tuple(superseded))


def _reason(exc: LeavingCareError) -> str:
    return str(getattr(exc, "reason", exc))


# The 903 validator's approximation -----------------------------------------------------------------
RULE_1001_DAYS = 91
RULE_1001_COUNT_FROM, RULE_1001_AFTER, RULE_1001_TOO_OLD = 14, 16, 20
"""The validator's own thresholds (days since the 14th birthday, a day after the 16th, under 20 at
the collection end): they describe rule 1001, not the law, so they are not in the law table."""


@frozen
class ValidatorVerdict:
    """What csc-validator-be-903 rule 1001 makes of a child's episodes (``shared/data/ssda903.md`` 2).

    ``days_after_14``: days in care from max(DECOM, 14th birthday) to DEC, summed; ``days_after_16``
    likewise from the 16th birthday; V3/V4 episodes left out. ``care_leaver`` when the first is at
    least 91 and the second at least 1, the child is under 20 at the collection end and the latest
    episode did not cease with adoption (REC E11/E12)."""

    days_after_14: int
    days_after_16: int
    adopted: bool
    too_old: bool

    @property
    def care_leaver(self) -> bool:
        enough = self.days_after_14 >= RULE_1001_DAYS and self.days_after_16 >= 1
        return enough and not self.adopted and not self.too_old


def validator_verdict(born: Date, episodes: Iterable[Episode903], collection_end: Date) -> ValidatorVerdict:
    """Rule 1001 over the episodes its two-year window sees: those open at some time from 1 April of
    the previous collection year to ``collection_end`` (the last day of the current one). An episode
    still open is counted to ``collection_end``. Birthdays are the validator's (29 February births
    reach 14 on 28 February), not the library's."""
    first_day = Date(codes903.collection_year(collection_end) - 1, 4, 1)
    seen = sorted(
        (e for e in episodes if e.decom <= collection_end and (e.dec is None or e.dec >= first_day)),
        key=lambda e: e.decom,
    )
    b14 = calendar.add_months(born, RULE_1001_COUNT_FROM * 12)
    b16 = calendar.add_months(born, RULE_1001_AFTER * 12)
    after_14 = after_16 = 0
    for episode in seen:
        if episode.ls in codes903.SHORT_BREAKS:
            continue
        end = min(episode.dec or collection_end, collection_end)
        after_14 += max(0, (end - max(episode.decom, b14)).days)
        after_16 += max(0, (end - max(episode.decom, b16)).days)
    adopted = bool(seen) and seen[-1].rec in codes903.ADOPTED
    too_old = calendar.add_months(born, RULE_1001_TOO_OLD * 12) <= collection_end
    return ValidatorVerdict(after_14, after_16, adopted, too_old)


SUMMARISED = frozenset({"area_assumed", "authority_recoded"})
"""Notes reported as one line with a count rather than one line per row."""


def report_lines(result: Import903) -> list[str]:
    """The import's report, one line each: every rejected row, every note (those in ``SUMMARISED`` as
    one line per text, with a count), then a summary. No line carries a value from a row other than
    the CHILD id."""
    lines = [f"rejected: {r}" for r in result.rejected]
    counts: dict[str, int] = {}
    for note in result.notes:
        if note.code in SUMMARISED:
            counts[note.text] = counts.get(note.text, 0) + 1
        else:
            lines.append(f"note: {note}")
    for text, count in counts.items():
        lines.append(f"note: {count} episode{'s' if count != 1 else ''}: {text}")
    people = len(result.people)
    summary = f"imported {people} {'person' if people == 1 else 'people'} ({result.event_count} events)"
    summary += f"; {len(result.rejected)} row{'s' if len(result.rejected) != 1 else ''} rejected"
    if result.superseded:
        count = len(result.superseded)
        summary += f"; {count} row{'s' if count != 1 else ''} replaced by a later submission"
    return [*lines, summary]
