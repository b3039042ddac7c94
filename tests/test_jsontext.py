"""The one JSON encoder (``jsontext``, D59): a document is written byte for byte as the standard library's
``json.dumps(indent=2, ensure_ascii=False)`` wrote it before, with its newline; a JSONL record is one
compact line that reads back as the same value."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from leavingcare import jsontext
from leavingcare.testing import property_settings

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ("\x1b[31m", "tab\there", "new\nline", "\x00", "\x7f", "\u2028", "\u2029", "\ufeff", '"quoted"', "back\\slash",
     "ren\u00e9e", "\U0001f600", "</script>", "")
)  # fmt: skip
DOCUMENTS = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**18), 10**18) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
"""JSON values as documents hold them: no floats (no document has one) and no lone surrogates (text the
library writes is Unicode)."""


@property_settings(300)
@given(st.dictionaries(TEXT, DOCUMENTS, max_size=6))
def test_a_document_is_written_as_before_and_a_record_reads_back(document: dict[str, Any]) -> None:
    assert jsontext.dumps(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    record = jsontext.line(document)
    assert record.endswith("\n") and "\n" not in record[:-1] and "\r" not in record
    assert json.loads(record) == document
    assert list(json.loads(record)) == list(document)  # members keep their order
    assert jsontext.dumps(document, indent=None) == record[:-1]
