"""The rows of SSDA903 tables, from CSV files or from the XML return as the DfE collection takes it.

A CSV table is one file per table, with a header line. An XML return holds both tables: each ``CHILD``
element has a ``HEADER`` (``CHILDID``, ``DOB`` ...) and its ``EPISODE`` elements (``DECOM``, ``RNE``,
``LS``, ``PL`` ...), each item a child element. The reader takes every ``CHILD`` element wherever it
sits (so the envelope around them does not matter), reads only the direct items of ``HEADER`` and
``EPISODE`` (the groups inside ``HEADER``, such as ``AREVIEW`` and ``OC2``, are not tables it reads),
and names the items as the CSV tables do: ``CHILDID`` is ``CHILD`` and ``PL`` is ``PLACE``. The line of
an XML row is that of its ``HEADER`` or ``EPISODE`` start tag. XML is parsed with ``defusedxml``:
entity declarations and external references are refused.

Values are stripped and column names upper-cased; messages name the file and line, never a value.
"""

from __future__ import annotations

import csv
import os
import xml.sax
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl, Locator

import defusedxml
import defusedxml.sax
from attrs import field, frozen

from leavingcare.errors import InvalidEvent

PathLike = str | os.PathLike[str]

NOT_UTF8 = "is not valid UTF-8 (save the table as UTF-8 CSV)"
XML_NAMES = {"CHILDID": "CHILD", "PL": "PLACE"}
"""XML items whose CSV column has another name."""


@frozen
class Row:
    """One row of a table: where it is, and its values by upper-cased column name."""

    file: str
    line: int
    values: dict[str, str] = field(repr=False)

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def is_xml(path: PathLike) -> bool:
    """Whether ``path`` is an XML return (by its extension, ``.xml`` in any case)."""
    return os.fspath(path).lower().endswith(".xml")


def csv_rows(path: PathLike, required: Sequence[str]) -> Iterator[Row]:
    """The non-blank rows of a CSV table; ``InvalidEvent`` when it lacks a column in ``required``."""
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
            yield Row(name, reader.line_num, values)


@frozen
class XmlTables:
    """The header and episode rows of one XML return, in document order."""

    header: tuple[Row, ...]
    episodes: tuple[Row, ...]


def xml_tables(path: PathLike) -> XmlTables:
    """Read an XML return. ``InvalidEvent`` when it is not well-formed XML or declares entities."""
    name = os.fspath(path)
    handler = _Return(name)
    try:
        with Path(path).open("rb") as handle:
            defusedxml.sax.parse(handle, handler)
    except xml.sax.SAXParseException as exc:
        raise InvalidEvent(
            f"{name} line {exc.getLineNumber()}", f"is not well-formed XML ({exc.getMessage()})"
        ) from None
    except defusedxml.DefusedXmlException:
        raise InvalidEvent(name, "declares entities or refers to external resources, which are refused") from None
    return XmlTables(tuple(handler.header), tuple(handler.episodes))


def _local(tag: str) -> str:
    """An element's name without a namespace prefix, upper-cased."""
    return tag.rsplit(":", 1)[-1].upper()


class _Return(ContentHandler):
    """Collects each ``CHILD`` element's header and episode items as rows."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.header: list[Row] = []
        self.episodes: list[Row] = []
        self.locator: Locator | None = None
        self.path: list[str] = []
        self.child_depth: int | None = None
        self.child_header: tuple[int, dict[str, str]] | None = None
        self.child_episodes: list[tuple[int, dict[str, str]]] = []
        self.group: tuple[int, dict[str, str]] | None = None
        self.group_depth = 0
        self.text: list[str] = []

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def _line(self) -> int:
        line = self.locator.getLineNumber() if self.locator is not None else None
        return line or 0

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        tag = _local(name)
        depth = len(self.path)
        self.path.append(tag)
        self.text = []
        if tag == "CHILD" and self.child_depth is None:
            self.child_depth = depth
            self.child_header, self.child_episodes = None, []
        elif self.child_depth is not None and depth == self.child_depth + 1 and tag in ("HEADER", "EPISODE"):
            self.group, self.group_depth = (self._line(), {}), depth

    def characters(self, content: str) -> None:
        self.text.append(content)

    def endElement(self, name: str) -> None:
        tag = self.path.pop()
        depth = len(self.path)
        if self.group is not None and depth == self.group_depth + 1:
            self.group[1][XML_NAMES.get(tag, tag)] = "".join(self.text).strip()
        elif self.group is not None and depth == self.group_depth:
            if tag == "HEADER":
                self.child_header = self.group
            else:
                self.child_episodes.append(self.group)
            self.group = None
        elif tag == "CHILD" and depth == self.child_depth:
            self._emit()
            self.child_depth = None
        self.text = []

    def _emit(self) -> None:
        line, values = self.child_header if self.child_header is not None else (0, {})
        child = values.get("CHILD", "")
        if self.child_header is not None:
            self.header.append(Row(self.name, line, dict(values)))
        for episode_line, episode in self.child_episodes:
            self.episodes.append(Row(self.name, episode_line, {**episode, "CHILD": child}))
