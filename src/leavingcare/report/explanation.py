"""An explanation as a value: why a finding of one kind holds on a date, or why not, with the findings
and periods it speaks of and its receipt; ``lc.explain`` returns one.

Its ``text`` is what ``report.explain.explain`` writes (the one place the reasons are put into words),
so the command's text, its JSON and the HTML report's "why not" section say the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from attrs import field, frozen

from leavingcare import api, jsontext
from leavingcare.duties.findings import Concern, Finding
from leavingcare.history import History
from leavingcare.law import Law, default_law
from leavingcare.provenance import SCHEMA_VERSION, Receipt
from leavingcare.report import explain as prose
from leavingcare.report import receipt as receipt_text


@frozen
class Explanation:
    """Why ``kind`` holds on ``on`` (``holds``), or why not, from what was known at ``known_at``."""

    kind: str
    on: dt.date
    known_at: dt.datetime | None
    holds: bool
    findings: tuple[Finding, ...]
    """The findings of the kind that hold on the date."""
    concerns: tuple[Concern, ...]
    """The concerns about the kind that hold on the date."""
    periods: tuple[Finding, ...]
    """Every period of the kind in the history."""
    text: str
    """The explanation in words, as ``leavingcare explain`` prints it (without the receipt)."""
    receipt: Receipt | None = field(default=None, eq=False, repr=False)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def __str__(self) -> str:
        """The text with the receipt as its last lines."""
        return self.text + receipt_text.text(self.receipt)

    def to_dict(self) -> dict[str, Any]:
        """The explanation document (``leavingcare schema --output explanation``)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "on": self.on.isoformat(),
            "known_at": None if self.known_at is None else self.known_at.isoformat(),
            "holds": self.holds,
            "findings": [f.to_dict() for f in self.findings],
            "concerns": [c.to_dict() for c in self.concerns],
            "periods": [f.to_dict() for f in self.periods],
            "explanation": self.lines,
            "receipt": None if self.receipt is None else self.receipt.to_dict(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """``to_dict`` as JSON text (indented and ending with a newline; ``indent=None``: one line)."""
        return jsontext.dumps(self.to_dict(), indent=indent)


def explain(
    history: History, on: dt.date, kind: str, *, known_at: dt.datetime | None = None, law: Law | None = None
) -> Explanation:
    """Why the finding of ``kind`` holds on ``on``, or which periods of it exist and what fails, from the
    events recorded by ``known_at`` (None: everything)."""
    law = law or default_law()
    timeline = api.timeline(history, known_at=known_at, law=law)
    held = tuple(f for f in timeline.of_kind(kind) if f.holds_on(on))
    return Explanation(
        kind=kind,
        on=on,
        known_at=known_at,
        holds=bool(held),
        findings=held,
        concerns=tuple(c for c in timeline.concerns if c.kind == kind and c.holds_on(on)),
        periods=timeline.of_kind(kind),
        text=prose.explain(history, on, kind, known_at=known_at, law=law),
        receipt=None if timeline.receipt is None else timeline.receipt.explaining(kind, on),
    )
