"""``verify``: recompute an answer from its receipt and say whether it is identical, or what differs.

The receipt says which question was asked (an assessment on a date, a timeline, an explanation of a
kind), as known when, and what the answer was computed from. Verifying asks the question again of the
history as it is now, under the library, law table and authorities table installed now, and compares:
the library (version and source), the law table, the authorities table, the history as known (naming
each event recorded, retracted, changed or removed since), and, when the file holds the recorded answer
and not the receipt alone, the answer itself, the recorded one beside the one given now.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any

from attrs import frozen

from leavingcare import api
from leavingcare.duties.findings import Concern, Finding
from leavingcare.errors import InvalidReceipt
from leavingcare.history import History
from leavingcare.law import Law
from leavingcare.provenance import SCHEMA_VERSION, Answer, Receipt
from leavingcare.report.changes import item_line
from leavingcare.report.diff import ChangeKind, EventChange, Item, compare, event_changes
from leavingcare.report.explanation import explain
from leavingcare.report.receipt import question

ASIDE = ("receipt", "person", "schema_version")
"""Members of a recorded document that are not the answer itself."""


class Part(enum.StrEnum):
    """What an answer is computed from, as a receipt names it."""

    LIBRARY = "library"
    LAW = "law"
    AUTHORITIES = "authorities"
    HISTORY = "history"


LABELS = {
    Part.LIBRARY: "library",
    Part.LAW: "law table",
    Part.AUTHORITIES: "authorities table",
    Part.HISTORY: "history as known",
}


@frozen
class Recorded:
    """A receipt read from a file, with the answer it was printed under when the file holds one."""

    receipt: Receipt
    answer: dict[str, Any] | None


@frozen
class Verification:
    """The receipt recorded beside the receipt of the same question asked now, and what differs."""

    recorded: Recorded
    now: Receipt
    answer_now: dict[str, Any]
    parts: tuple[Part, ...]
    events: tuple[EventChange, ...]

    @property
    def answer_differs(self) -> bool | None:
        """Whether the recorded answer differs from the answer now (None: the file held no answer)."""
        if self.recorded.answer is None:
            return None
        return _answer(self.recorded.answer) != _answer(self.answer_now)

    @property
    def identical(self) -> bool:
        return not self.parts and not self.answer_differs

    def to_dict(self) -> dict[str, Any]:
        """The verification document (``leavingcare schema --output verification``)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "identical": self.identical,
            "differs": [p.value for p in self.parts],
            "events": [e.to_dict() for e in self.events],
            "answer_differs": self.answer_differs,
            "recorded": self.recorded.receipt.to_dict(),
            "now": self.now.to_dict(),
            "recorded_answer": None if self.recorded.answer is None else _answer(self.recorded.answer),
            "answer_now": _answer(self.answer_now),
        }


def _answer(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in ASIDE}


def read(source: str | Path, text: str | None = None) -> Recorded:
    """A receipt from a file (or from ``text`` read from it): the JSON document an answer was printed as
    (``--format json``, one line of ``assess --all``), or the receipt alone."""
    where = str(source)
    try:
        data = json.loads(Path(source).read_text(encoding="utf-8") if text is None else text)
    except json.JSONDecodeError as exc:
        raise InvalidReceipt(where, f"is not JSON (line {exc.lineno}, column {exc.colno})") from None
    except UnicodeDecodeError:
        raise InvalidReceipt(where, "is not UTF-8 text") from None
    if not isinstance(data, dict):
        raise InvalidReceipt(where, "is not a JSON object")
    held = data.get("receipt", data)
    try:
        receipt = Receipt.from_dict(held)
    except ValueError as exc:
        raise InvalidReceipt(where, str(exc)) from None
    if receipt.answer is not Answer.TIMELINE and receipt.on is None:
        raise InvalidReceipt(where, f"is the receipt of an {receipt.answer.value} with no 'on'")
    if receipt.answer is Answer.EXPLANATION and not receipt.kind:
        raise InvalidReceipt(where, "is the receipt of an explanation with no 'kind'")
    return Recorded(receipt, data if "receipt" in data else None)


def answer_now(receipt: Receipt, history: History, law: Law | None = None) -> tuple[Receipt, dict[str, Any]]:
    """The same question asked now: the receipt and the answer's JSON document."""
    if receipt.answer is Answer.EXPLANATION:
        assert receipt.on is not None and receipt.kind is not None
        explanation = explain(history, receipt.on, receipt.kind, known_at=receipt.known_at, law=law)
        assert explanation.receipt is not None
        return explanation.receipt, explanation.to_dict()
    timeline = api.timeline(history, known_at=receipt.known_at, law=law)
    if receipt.answer is Answer.TIMELINE:
        assert timeline.receipt is not None
        return timeline.receipt, timeline.to_dict()
    assert receipt.on is not None
    assessment = timeline.at(receipt.on)
    assert assessment.receipt is not None
    return assessment.receipt, assessment.to_dict()


def verify(recorded: Recorded, history: History, *, law: Law | None = None) -> Verification:
    """Ask the receipt's question again of ``history`` under today's library, law and authorities."""
    then = recorded.receipt
    now, document = answer_now(then, history, law)
    parts = []
    if (then.library, then.source) != (now.library, now.source):
        parts.append(Part.LIBRARY)
    if then.law != now.law:
        parts.append(Part.LAW)
    if then.authorities != now.authorities:
        parts.append(Part.AUTHORITIES)
    if then.history != now.history:
        parts.append(Part.HISTORY)
    events = event_changes(then.events, now.events, history) if Part.HISTORY in parts else []
    return Verification(recorded, now, document, tuple(parts), tuple(events))


# in words --------------------------------------------------------------------------------------------


def _items(document: dict[str, Any]) -> list[Item]:
    """The findings and concerns of an answer document (an explanation's: those holding on its date)."""
    try:
        return [
            *(Finding.from_dict(f) for f in document.get("findings", [])),
            *(Concern.from_dict(c) for c in document.get("concerns", [])),
        ]
    except ValueError as exc:
        raise InvalidReceipt("the recorded answer", str(exc)) from None


def _part(verification: Verification, part: Part) -> list[str]:
    then, now = verification.recorded.receipt, verification.now
    label = LABELS[part].ljust(max(len(v) for v in LABELS.values()))
    if part not in verification.parts:
        return [f"  {label}  identical"]
    values = {
        Part.LIBRARY: (
            f"leavingcare {then.library}, source {then.source}",
            f"leavingcare {now.library}, source {now.source}",
        ),
        Part.LAW: (then.law, now.law),
        Part.AUTHORITIES: (then.authorities, now.authorities),
        Part.HISTORY: (f"{then.history} ({len(then.events)} events)", f"{now.history} ({len(now.events)} events)"),
    }[part]
    pad = " " * len(label)
    lines = [f"  {label}  recorded  {values[0]}", f"  {pad}  now       {values[1]}"]
    if part is Part.HISTORY:
        width = max((len(e.change.value) for e in verification.events), default=0)
        lines += [f"  {pad}    {e.change.value.ljust(width)}  {e.describe()}" for e in verification.events]
    return lines


def _answers(verification: Verification) -> list[str]:
    differs = verification.answer_differs
    if differs is None:
        return ["The file holds the receipt alone, not the answer: the answers cannot be compared."]
    if not differs:
        return ["The answer now is the same as the recorded answer."]
    assert verification.recorded.answer is not None
    pairs = compare(_items(verification.recorded.answer), _items(verification.answer_now))
    lines = ["The answer now differs from the recorded answer:"]
    for kind, before, after in pairs:
        if kind is ChangeKind.ENDED and before is not None:
            lines.append(f"  recorded only  {item_line(before)}")
        elif kind is ChangeKind.APPEARED and after is not None:
            lines.append(f"  now only       {item_line(after)}")
        elif before is not None and after is not None:
            lines += [f"  recorded       {item_line(before)}", f"  now            {item_line(after)}"]
    if not pairs:
        lines.append("  (the findings and concerns are the same; the explanation's words or periods differ)")
    return lines


def text(verification: Verification) -> str:
    """``identical``, or ``different`` and what differs, ending with a newline."""
    then = verification.recorded.receipt
    head = "identical" if verification.identical else "different"
    lines = [f"{head}: {question(then)}", ""]
    for part in Part:
        lines += _part(verification, part)
    lines += ["", *_answers(verification)]
    return "\n".join(lines) + "\n"
