"""The JSON text of the library's documents (assessments, timelines, explanations, worklists, receipts,
errors): one encoder, msgspec's, for every path that writes JSON for a reader (DECISIONS D59).

A document a person reads is indented by two spaces and ends with a newline, byte for byte as the
standard library's ``json.dumps(indent=2, ensure_ascii=False)`` wrote it; a record of a JSONL stream
(``assess --all``) is compact, on one line. Members keep their order; text other than the characters
JSON must escape is written as itself, in UTF-8. Digests are not computed over this text
(``provenance.canonical`` is their form), so no receipt depends on it."""

from __future__ import annotations

from typing import Any

import msgspec

_ENCODER = msgspec.json.Encoder()


def dumps(document: Any, *, indent: int | None = 2) -> str:
    """``document`` as JSON text: indented, with a trailing newline; ``indent=None``: compact, on one
    line, without one."""
    encoded = _ENCODER.encode(document)
    if indent is None:
        return encoded.decode("utf-8")
    return msgspec.json.format(encoded, indent=indent).decode("utf-8") + "\n"


def line(document: Any) -> str:
    """``document`` as one compact line of JSONL, with its newline."""
    return _ENCODER.encode(document).decode("utf-8") + "\n"
