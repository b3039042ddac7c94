"""Read the SSDA903 return (the DfE children looked after collection) and turn each child into events,
keeping what the return says.

    result = read_903(header=["header.csv"], episodes=["episodes_2324.csv", "return_2425.xml"],
                      authority="E06000023", areas=read_area_map("map.csv"))
    for child in result.people:
        child.person, child.history           # one History per CHILD
    result.left_out                           # children whose rows cannot be read faithfully
    result.rejected                           # file, line, CHILD, column, rule and reason of each problem

The header table gives ``Born`` (DOB); each child's episodes, in DECOM order, give:

- ``CareStarted`` for the first episode of a period of care (``authority`` = the importing authority,
  as coded on DECOM);
- ``CareChanged`` for an episode that continues the previous one: the previous episode ceased with
  REC X1 on this episode's DECOM. RNE says what changed: L legal status; P or T placement; B or U
  both. A field whose code differs is recorded too, and the area when it is known and changes;
- ``CareEnded`` on DEC with REC, except REC X1, which never ends care: followed by an episode the same
  day it is a change; followed by none in the files given, care continues (the next episode is in a
  file not given);
- REC with a blank DEC (the validator's rule 148) is an open episode: imported open, REC ignored.

Episodes are validated against the code lists of their collection year (``codes903``): LS, PLACE and
RNE against the year of DECOM, REC against the year of DEC. Several files (several collection years,
or a resubmission) may be given: for the same CHILD and DECOM the row of the later file wins (within
one file, the later line); where two kept episodes of a child from different files overlap, the later
submission's wins. A child with any other problem (a row rejected, an overlap within one submission,
REC X1 followed by a later episode after a gap, an unreadable date) is left out whole, each problem
listed, rather than given a shortened history; ``partial=True`` imports the rows before the child's
first problem and marks the history incomplete from it (``HistoryIncomplete``). See ``child903``.

An episodes file whose name ends in ``.xml`` is an XML return, holding header and episodes together
(``read903``). Messages name the file, the line and the CHILD id, never another value from the row.
See docs/interop.md for the conventions, including the area recorded when the placement's is unknown.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

from leavingcare import geography
from leavingcare.errors import UnknownCode
from leavingcare.interop.areas import AreaMap
from leavingcare.interop.child903 import Bad, Header, Raw, Reader, authority_on, fallback_area, read_date
from leavingcare.interop.model903 import (
    NOTE_CODES,
    PROBLEMS,
    SUMMARISED,
    Episode903,
    Import903,
    ImportedChild,
    LeftOut,
    Note,
    Problem,
    Rejection,
    default_person,
)
from leavingcare.interop.read903 import NOT_UTF8, PathLike, Row, XmlTables, csv_rows, is_xml, xml_tables
from leavingcare.interop.report903 import report_lines, summary_lines
from leavingcare.interop.rule1001 import (
    RULE_1001_AFTER,
    RULE_1001_COUNT_FROM,
    RULE_1001_DAYS,
    RULE_1001_TOO_OLD,
    ValidatorVerdict,
    validator_verdict,
)

__all__ = [
    "EPISODE_COLUMNS",
    "HEADER_COLUMNS",
    "NOTE_CODES",
    "NOT_UTF8",
    "PROBLEMS",
    "RULE_1001_AFTER",
    "RULE_1001_COUNT_FROM",
    "RULE_1001_DAYS",
    "RULE_1001_TOO_OLD",
    "SUMMARISED",
    "Episode903",
    "Import903",
    "ImportedChild",
    "LeftOut",
    "Note",
    "Problem",
    "Rejection",
    "ValidatorVerdict",
    "authority_on",
    "default_person",
    "fallback_area",
    "read_903",
    "report_lines",
    "summary_lines",
    "validator_verdict",
]

HEADER_COLUMNS = ("CHILD", "DOB")
EPISODE_COLUMNS = ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC")
"""Columns the reader needs; the others of the tables (SEX, ETHNIC, CIN, PLACE_PROVIDER ...) are
allowed and ignored. PL_POST is read when present, for the areas map."""


def _paths(value: PathLike | Sequence[PathLike]) -> list[PathLike]:
    if isinstance(value, str | os.PathLike):
        return [value]
    return list(value)


class _Tables:
    """The rows of the files given: header files, then the headers of the XML returns; episodes files
    (CSV or XML) in submission order. Each XML return is parsed once."""

    def __init__(self, header: Sequence[PathLike], episodes: Sequence[PathLike]) -> None:
        self.header, self.episodes = header, episodes
        self._xml: dict[str, XmlTables] = {}

    def _xml_of(self, path: PathLike) -> XmlTables:
        name = os.fspath(path)
        if name not in self._xml:
            self._xml[name] = xml_tables(path)
        return self._xml[name]

    def header_rows(self) -> Iterator[Row]:
        for path in self.header:
            yield from self._xml_of(path).header if is_xml(path) else csv_rows(path, HEADER_COLUMNS)
        for path in self.episodes:
            if is_xml(path):
                yield from self._xml_of(path).header

    def episode_rows(self) -> Iterator[tuple[int, Row]]:
        for submission, path in enumerate(self.episodes):
            rows = self._xml_of(path).episodes if is_xml(path) else csv_rows(path, EPISODE_COLUMNS)
            for row in rows:
                yield submission, row


def _blank_child(row: Row) -> Rejection:
    return Rejection(row.file, row.line, None, "CHILD is blank", Problem.CHILD_BLANK, "CHILD")


def _read_headers(tables: _Tables, rejected: list[Rejection]) -> tuple[dict[str, Header], dict[str, Rejection]]:
    """CHILD -> DOB (the later row wins), and the rejection of a CHILD's header row, if the last was."""
    headers: dict[str, Header] = {}
    refused: dict[str, Rejection] = {}
    for row in tables.header_rows():
        child = row.get("CHILD")
        if not child:
            rejected.append(_blank_child(row))
            continue
        try:
            born = read_date(row, "DOB")
        except Bad as exc:
            rejection = exc.at(row, child)
            rejected.append(rejection)
            refused[child] = rejection
            headers.pop(child, None)
            continue
        headers[child] = Header(born, row.file, row.line)
        refused.pop(child, None)
    return headers, refused


class _Episodes:
    """The latest row for each CHILD and DECOM, the rows a later one replaced, and each child's rows
    whose DECOM could not be read."""

    def __init__(self, tables: _Tables, rejected: list[Rejection]) -> None:
        self.latest: dict[tuple[str, object], Raw] = {}
        self.superseded: list[tuple[str, int]] = []
        self.replaced: list[Note] = []
        self.undated: dict[str, list[Rejection]] = {}
        for submission, row in tables.episode_rows():
            child = row.get("CHILD")
            if not child:
                rejected.append(_blank_child(row))
                continue
            try:
                decom = read_date(row, "DECOM")
            except Bad as exc:
                self.undated.setdefault(child, []).append(exc.at(row, child))
                continue
            key = (child, decom)
            if key in self.latest:
                earlier = self.latest[key].row
                self.superseded.append((earlier.file, earlier.line))
                text = f"replaced by {row.file} line {row.line}, a later row for the same CHILD and DECOM"
                self.replaced.append(Note(earlier.file, earlier.line, child, "same_episode_later_row", text))
            self.latest[key] = Raw(row, child, decom, submission)

    def by_child(self) -> dict[str, list[Raw]]:
        out: dict[str, list[Raw]] = {child: [] for child in self.undated}
        for raw in self.latest.values():
            out.setdefault(raw.child, []).append(raw)
        return out


def _no_birth(raw: Raw, refused: Rejection | None) -> Rejection:
    row = raw.row
    if refused is None:
        reason = "no date of birth: the header table has no row for this CHILD"
        return Rejection(row.file, row.line, raw.child, reason, Problem.NO_HEADER_ROW, "CHILD", "INT03")
    reason = f"no date of birth: its header row ({refused.file} line {refused.line}) was rejected"
    return Rejection(row.file, row.line, raw.child, reason, Problem.HEADER_REJECTED, "CHILD", refused.rule)


def read_903(
    header: PathLike | Sequence[PathLike],
    episodes: PathLike | Sequence[PathLike],
    authority: str,
    *,
    areas: AreaMap | None = None,
    person: Callable[[str], str] | None = None,
    partial: bool = False,
) -> Import903:
    """Read SSDA903 header and episode tables (files in submission order: later wins) as ``authority``.
    An episodes file named ``*.xml`` is an XML return and gives header rows too.

    Raises ``UnknownCode`` when ``authority`` is not a children's services authority, ``InvalidEvent``
    when a file lacks a column the reader needs or is not CSV (or well-formed XML), ``OSError`` when a
    file cannot be read. Every other problem rejects a row, leaves a child out (or, with ``partial``,
    cuts its history short, marked incomplete) and is reported in the result.
    """
    held = geography.lookup(authority)
    if held is None or not held.childrens:
        raise UnknownCode("--authority", "must be the GSS code of a children's services authority (E06, E08, E09, E10)")
    reader = Reader(authority, areas, person or default_person(authority), partial)
    tables = _Tables(_paths(header), _paths(episodes))
    rejected: list[Rejection] = []
    headers, refused = _read_headers(tables, rejected)
    read = _Episodes(tables, rejected)
    people: list[ImportedChild] = []
    left_out: list[LeftOut] = []
    notes: list[Note] = []
    withheld: list[Rejection] = []
    replaced = list(read.replaced)
    for child, raws in sorted(read.by_child().items()):
        undated = list(read.undated.get(child, ()))
        head = headers.get(child)
        if head is None:
            undated += [_no_birth(raw, refused.get(child)) for raw in raws]
        outcome = reader.child(child, raws, undated, head)
        rejected += outcome.rejected
        withheld += outcome.withheld
        notes += outcome.notes
        replaced += outcome.replaced
        if outcome.imported is not None:
            people.append(outcome.imported)
        if outcome.left_out is not None:
            left_out.append(outcome.left_out)
    order = {os.fspath(path): i for i, path in enumerate([*tables.header, *tables.episodes])}

    def place(item: Rejection | Note) -> tuple[int, int]:
        return (order.get(item.file, len(order)), item.line)

    return Import903(
        authority,
        tuple(people),
        tuple(sorted(rejected, key=place)),
        tuple(sorted(notes, key=place)),
        tuple(read.superseded),
        tuple(left_out),
        tuple(sorted(withheld, key=place)),
        tuple(sorted(replaced, key=place)),
    )
