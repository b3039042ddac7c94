"""How a history read back from the store compares with the file it was recorded from.

The store keeps every id a line gives and gives its own (keyed or random, ``leavingcare.store.ids``)
to a line named only by its content, as a file assessed directly names it. So the store's stream is the
file's lines, position by position, with the same events, and the file's ids where the lines give
them; and the store's timeline is the file's once each stored id is read as the file's.
"""

from __future__ import annotations

from collections.abc import Sequence

import leavingcare as lc
from leavingcare.events.codec import Envelope
from leavingcare.store.ids import KEYED, RANDOM, is_content_name, timeline_with_ids


def file_ids(stored: Sequence[Envelope], lines: Sequence[Envelope]) -> dict[str, str]:
    """Each stored id with the id the file gives the same line, asserting that the stream is the lines
    in order (as far as it goes): the same events, a line's own id kept, a content name replaced by
    the store's id."""
    assert len(stored) <= len(lines), "the stream holds more than the lines"
    names: dict[str, str] = {}
    for got, line in zip(stored, lines, strict=False):
        assert got.event == line.event, f"{line.where}: another event in its place"
        if not line.id or is_content_name(line.id, line.event):
            assert got.id.startswith((KEYED, RANDOM)), f"{line.where}: its content name {got.id} was kept"
        else:
            assert got.id == line.id, f"{line.where}: its own id was not kept"
        names[got.id] = line.id
    return names


def same_lines(stored: Sequence[Envelope], lines: Sequence[Envelope]) -> bool:
    """Whether the stream is the lines, whole and in order (``file_ids`` asserts the rest)."""
    file_ids(stored, lines)
    return len(stored) == len(lines)


def in_file_ids(timeline: lc.Timeline, stored: Sequence[Envelope], lines: Sequence[Envelope]) -> lc.Timeline:
    """The store's timeline with each event id read as the file's."""
    return timeline_with_ids(timeline, file_ids(stored, lines))
