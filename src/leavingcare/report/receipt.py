"""A receipt as text: the last lines of every text answer (``assess``, ``timeline``, ``explain``), and one
line per person in ``assess --all --format text``.

The JSON form is ``Receipt.to_dict`` (``provenance``); this is what a person reads under an answer."""

from __future__ import annotations

from leavingcare.provenance import Answer, Receipt

INDENT = "  "
SHORT = 12
"""Hex digits of a digest shown where the whole digest would crowd a line (the JSON holds all 64)."""


def _known(receipt: Receipt) -> str:
    return "everything recorded" if receipt.known_at is None else f"what was known at {receipt.known_at.isoformat()}"


def question(receipt: Receipt) -> str:
    """What was asked: the answer, the date (and kind) and what was known."""
    on = "" if receipt.on is None else f" on {receipt.on.isoformat()}"
    kind = f" of {receipt.kind}" if receipt.answer is Answer.EXPLANATION and receipt.kind else ""
    return f"{receipt.answer.value}{kind}{on}, from {_known(receipt)}"


def lines(receipt: Receipt) -> list[str]:
    """The receipt, a blank line then one heading and one line per part."""
    count = len(receipt.events)
    events = f"{count} event{'' if count == 1 else 's'}"
    rows = [
        ("answer", question(receipt)),
        ("library", f"leavingcare {receipt.library}, source {receipt.source}"),
        ("law table", receipt.law),
        ("authorities", receipt.authorities),
        ("history", f"{receipt.history} ({events})"),
        ("made at", receipt.made_at.isoformat()),
    ]
    width = max(len(label) for label, _ in rows)
    return ["", "Receipt (SHA-256 digests)", *(f"{INDENT}{label.ljust(width)}  {value}" for label, value in rows)]


def text(receipt: Receipt | None) -> str:
    """``lines`` joined, ending with a newline; empty when there is no receipt."""
    return "" if receipt is None else "\n".join(lines(receipt)) + "\n"


def one_line(receipt: Receipt) -> str:
    """The receipt in one line, its digests shortened: history, law, authorities and library."""
    return (
        f"receipt: history {receipt.history[:SHORT]} ({len(receipt.events)} events), law {receipt.law[:SHORT]}, "
        f"authorities {receipt.authorities[:SHORT]}, leavingcare {receipt.library} (source {receipt.source[:SHORT]})"
    )
