"""The canonical JSON every digest is taken of (receipts, the key of kept timelines, event ids derived
from content): keys sorted, no insignificant space, text as itself in UTF-8.

Its bytes are part of the audit contract: a receipt made by any earlier release must verify. They
are, byte for byte, what the standard library's
``json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)`` wrote
for the values digests are taken of: objects with string keys, lists (and tuples), strings, integers,
booleans and None (``tests/test_canonical.py`` holds the property). msgspec writes them, several times
faster (DECISIONS D60). No digest is of a float, which msgspec would write differently (``1e16`` where
the standard library wrote ``1e+16``, ``null`` for NaN), nor of a date or an enum, which the standard
library refused: the callers hand over those values already written as text or as integers.
"""

from __future__ import annotations

import hashlib

import msgspec

_ENCODER = msgspec.json.Encoder(order="sorted")


def canonical(value: object) -> bytes:
    """``value`` as canonical JSON: keys sorted, no insignificant space, UTF-8."""
    return _ENCODER.encode(value)


def digest(value: object) -> str:
    """The SHA-256 of ``value``'s canonical JSON, in lower-case hex."""
    return hashlib.sha256(_ENCODER.encode(value)).hexdigest()
