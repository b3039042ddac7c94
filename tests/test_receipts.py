"""Receipts: every answer says which library, law table, authorities table and history (as known) it was
computed from, and ``verify`` recomputes it: identical (exit 0), different (exit 1, saying what), or bad
input (exit 2)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from attrs import evolve

import leavingcare as lc
from leavingcare import events as ev
from leavingcare import provenance
from leavingcare.cli import main
from leavingcare.provenance import Answer, Receipt
from leavingcare.report import verify

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
W01 = ROOT / "examples" / "w01_turning_21.jsonl"
W07 = ROOT / "examples" / "w07_two_authorities.jsonl"
HEX = "0123456789abcdef"
JANUARY = dt.datetime(2024, 1, 31, tzinfo=dt.UTC)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def command(*argv: object) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "leavingcare.cli", *map(str, argv)], capture_output=True, text=True, timeout=120
    )


def _digest(value: str) -> bool:
    return len(value) == 64 and set(value) <= set(HEX)


def _lines(*objects: dict[str, object]) -> list[str]:
    return [json.dumps(o) for o in objects]


BORN = {"id": "born", "type": "Born", "on": "2003-05-10"}
CARE = {
    "id": "care",
    "type": "CareStarted",
    "on": "2017-01-09",
    "authority": "E10000016",
    "legal_status": "C2",
    "placement": "U4",
    "area": "E07000105",
}
LEFT = {"id": "left", "type": "CareEnded", "on": "2021-05-10", "reason": "E8"}


# the receipt ----------------------------------------------------------------------------------------


def test_every_answer_carries_a_receipt_of_what_it_was_computed_from() -> None:
    history = lc.History.from_jsonl(W01)
    timeline = lc.timeline(history)
    assessment = lc.assess(history, on=D(2025, 6, 1))
    explanation = lc.explain(history, D(2025, 6, 1), "personal_adviser")
    for receipt in (timeline.receipt, assessment.receipt, explanation.receipt):
        assert receipt is not None
        assert receipt.library == provenance.library_version()
        assert all(_digest(d) for d in (receipt.source, receipt.law, receipt.authorities, receipt.history))
        assert [e.id for e in receipt.events] == [e.id for e in history.canonical()]
        assert receipt.made_at.tzinfo is not None
    assert (timeline.receipt.answer, timeline.receipt.on) == (Answer.TIMELINE, None)  # type: ignore[union-attr]
    assert (assessment.receipt.answer, assessment.receipt.on) == (Answer.ASSESSMENT, D(2025, 6, 1))  # type: ignore[union-attr]
    assert explanation.receipt is not None and explanation.receipt.kind == "personal_adviser"
    assert explanation.receipt.answer is Answer.EXPLANATION


def test_the_receipt_is_not_part_of_an_answer_s_equality() -> None:
    """Two computations of one answer are equal, whenever each was made."""
    history = lc.History.from_jsonl(W01)
    first = lc.assess(history, on=D(2025, 6, 1))
    second = evolve(first, receipt=evolve(first.receipt, made_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))  # type: ignore[arg-type]
    assert first == second


def test_the_history_digest_is_of_the_events_as_known_after_retractions() -> None:
    """An event recorded in error and retracted leaves the digest of the history without both; an event
    recorded after ``known_at`` is not in the view's digest."""
    plain = lc.History.from_jsonl(_lines(BORN, CARE, LEFT))
    moved = {"id": "oops", "type": "Moved", "on": "2022-01-01", "area": "E07000105", "arrangement": "other"}
    retracted = lc.History.from_jsonl(
        _lines(BORN, CARE, LEFT, moved, {"id": "undo", "type": "Retracted", "on": "2022-02-01", "target": "oops"})
    )
    with_move = lc.History.from_jsonl(_lines(BORN, CARE, LEFT, moved))
    assert lc.timeline(retracted).receipt.history == lc.timeline(plain).receipt.history  # type: ignore[union-attr]
    assert lc.timeline(with_move).receipt.history != lc.timeline(plain).receipt.history  # type: ignore[union-attr]
    late = lc.History.from_jsonl(_lines(BORN, CARE, LEFT, {**moved, "recorded_at": "2024-01-01T00:00:00Z"}))
    before = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    assert lc.timeline(late, known_at=before).receipt.history == lc.timeline(plain).receipt.history  # type: ignore[union-attr]
    assert lc.timeline(late).receipt.known_at is None  # type: ignore[union-attr]


def test_the_history_digest_follows_the_canonical_order_not_the_lines() -> None:
    """Events of different dates written in another line order are the same history."""
    one = lc.History.from_jsonl(_lines(BORN, CARE, LEFT))
    other = lc.History.from_jsonl(_lines(LEFT, BORN, CARE))
    assert lc.timeline(one).receipt.history == lc.timeline(other).receipt.history  # type: ignore[union-attr]


def test_recorded_at_and_recorded_by_are_not_part_of_an_event_s_digest() -> None:
    plain = lc.History.from_jsonl(_lines(BORN, CARE))
    stamped = lc.History.from_jsonl(_lines(BORN, {**CARE, "recorded_at": "2017-01-10T09:00:00Z", "recorded_by": "jd"}))
    assert lc.timeline(plain).receipt.history == lc.timeline(stamped).receipt.history  # type: ignore[union-attr]


def test_a_view_before_anything_was_recorded_has_the_receipt_of_no_events() -> None:
    history = lc.History.from_jsonl(_lines({**BORN, "recorded_at": "2020-01-01T00:00:00Z"}))
    receipt = lc.timeline(history, known_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC)).receipt
    assert receipt is not None and receipt.events == () and receipt.history == provenance.history_digest(())


def test_the_law_digest_sees_a_changed_commencement() -> None:
    law = lc.default_law()
    moved = law.with_commencement("CA1989.s23CZB", D(2019, 4, 1))
    history = lc.History.from_jsonl(W01)
    assert lc.timeline(history, law=moved).receipt.law != lc.timeline(history).receipt.law  # type: ignore[union-attr]


def test_receipts_are_the_same_in_another_process() -> None:
    """Canonical JSON and SHA-256: a receipt made in another process (another hash seed) has the same
    digests."""
    here = lc.assess(lc.History.from_jsonl(W07), on=D(2024, 1, 15), known_at=JANUARY).receipt
    assert here is not None
    probe = (
        "import datetime as dt, json, leavingcare as lc\n"
        f"h = lc.History.from_jsonl({str(W07)!r})\n"
        "r = lc.assess(h, on=dt.date(2024, 1, 15), known_at=dt.datetime(2024, 1, 31, tzinfo=dt.UTC)).receipt\n"
        "print(json.dumps(r.to_dict()))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "7"}
    )
    there = Receipt.from_dict(json.loads(out.stdout))
    assert here.same_inputs(there)


def test_the_receipt_round_trips_through_json() -> None:
    receipt = lc.assess(lc.History.from_jsonl(W07), on=D(2024, 1, 15), known_at=JANUARY).receipt
    assert receipt is not None
    assert Receipt.from_dict(json.loads(json.dumps(receipt.to_dict()))) == receipt


# in every output ---------------------------------------------------------------------------------


def test_json_outputs_end_with_the_receipt(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ("assess", W01, "--on", "2025-06-01", "--format", "json"),
        ("timeline", W01, "--format", "json"),
        ("explain", W01, "--on", "2025-06-01", "personal_adviser", "--format", "json"),
    ):
        status, out, _ = run(capsys, *argv)
        document = json.loads(out)
        assert status == 0 and next(iter(document)) == "schema_version" and list(document)[-1] == "receipt"
        assert Receipt.from_dict(document["receipt"]).history == lc.timeline(lc.History.from_jsonl(W01)).receipt.history  # type: ignore[union-attr]


def test_text_outputs_end_with_the_receipt(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ("assess", W01, "--on", "2025-06-01"),
        ("timeline", W01),
        ("explain", W01, "--on", "2025-06-01", "personal_adviser"),
    ):
        status, out, _ = run(capsys, *argv)
        tail = out.splitlines()[-7:]
        assert status == 0 and tail[0] == "Receipt (SHA-256 digests)", argv
        assert [line.split()[0] for line in tail[1:]] == ["answer", "library", "law", "authorities", "history", "made"]


def test_assess_all_as_text_gives_each_person_s_receipt_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", "--all", W01, "--on", "2025-06-01", "--format", "text")
    assert status == 0 and out.splitlines()[-1].startswith("  receipt: history ")


# verify ---------------------------------------------------------------------------------------------


def test_a_receipt_made_in_one_process_verifies_in_another(tmp_path: Path) -> None:
    """The acceptance case: the answer printed by one run is recomputed identically by another."""
    made = command("assess", W07, "--on", "2024-01-15", "--known-at", "2024-01-31", "--format", "json")
    assert made.returncode == 0
    receipt = tmp_path / "receipt.json"
    receipt.write_text(made.stdout, encoding="utf-8")
    checked = command("verify", receipt, W07)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout.startswith("identical: assessment on 2024-01-15, from what was known at 2024-01-31")
    assert "The answer now is the same as the recorded answer." in checked.stdout


def test_verify_names_an_event_changed_since_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One event changed (care ended at 17, not 18): the history digest differs, the event is named, and
    the answers differ."""
    original = tmp_path / "p.jsonl"
    original.write_text("\n".join(_lines(BORN, CARE, LEFT)) + "\n", encoding="utf-8")
    receipt = tmp_path / "receipt.json"
    receipt.write_text(run(capsys, "assess", original, "--on", "2021-06-01", "--format", "json")[1], encoding="utf-8")
    original.write_text("\n".join(_lines(BORN, CARE, {**LEFT, "on": "2020-11-10"})) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "verify", receipt, original)
    assert (status, err) == (1, "")
    assert out.startswith("different: assessment on 2021-06-01")
    assert "changed  left (CareEnded, 2020-11-10)" in out
    assert "library            identical" in out and "law table          identical" in out
    assert "The answer now differs from the recorded answer:" in out


def test_verify_names_events_recorded_and_retracted_since(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.jsonl"
    moved = {"id": "moved", "type": "Moved", "on": "2022-01-01", "area": "E07000105", "arrangement": "hostel"}
    path.write_text("\n".join(_lines(BORN, CARE, LEFT, moved)) + "\n", encoding="utf-8")
    receipt = tmp_path / "receipt.json"
    receipt.write_text(run(capsys, "timeline", path, "--format", "json")[1], encoding="utf-8")
    later = {"id": "asked", "type": "SupportRequested", "on": "2025-01-01"}
    undo = {"id": "undo", "type": "Retracted", "on": "2022-02-01", "target": "moved"}
    path.write_text("\n".join(_lines(BORN, CARE, LEFT, moved, later, undo)) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "verify", receipt, path, "--format", "json")
    result = json.loads(out)
    assert status == 1 and result["differs"] == ["history"] and result["answer_differs"] is True
    assert {(e["id"], e["change"]) for e in result["events"]} == {("asked", "recorded"), ("moved", "retracted")}


def test_verify_reports_another_library_beside_both_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A receipt of another release: the library differs, and the answers are compared."""
    document = json.loads(run(capsys, "assess", W01, "--on", "2025-06-01", "--format", "json")[1])
    document["receipt"]["library"]["version"] = "0.0.1"
    document["findings"] = document["findings"][1:]
    receipt = tmp_path / "receipt.json"
    receipt.write_text(json.dumps(document), encoding="utf-8")
    status, out, _ = run(capsys, "verify", receipt, W01)
    assert status == 1
    assert "library            recorded  leavingcare 0.0.1" in out
    assert f"now       leavingcare {provenance.library_version()}" in out
    assert "history as known   identical" in out
    assert "  now only       " in out


def test_verify_reports_another_law_table_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The law table changed (s23CZB commenced a year later): verify names the law table, with both
    digests, and the answer now beside the recorded one."""
    history = lc.History.from_jsonl(W01)
    recorded = lc.assess(history, on=D(2025, 6, 1))
    receipt = tmp_path / "receipt.json"
    receipt.write_text(recorded.to_json(), encoding="utf-8")
    changed = lc.default_law().with_commencement("CA1989.s23CZB", D(2019, 4, 1))
    result = verify.verify(verify.read(receipt), history, law=changed)
    assert result.parts == (verify.Part.LAW,) and not result.identical
    assert "law table          recorded  " in verify.text(result)
    tampered = recorded.to_dict()
    tampered["receipt"]["law"] = "0" * 64
    receipt.write_text(json.dumps(tampered), encoding="utf-8")
    status, out, _ = run(capsys, "verify", receipt, W01)
    assert status == 1 and f"law table          recorded  {'0' * 64}" in out


def test_verify_a_receipt_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    receipt = tmp_path / "receipt.json"
    document = json.loads(run(capsys, "timeline", W01, "--format", "json")[1])
    receipt.write_text(json.dumps(document["receipt"]), encoding="utf-8")
    status, out, _ = run(capsys, "verify", receipt, W01)
    assert status == 0 and "the answers cannot be compared" in out


def test_verify_an_explanation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    receipt = tmp_path / "receipt.json"
    receipt.write_text(
        run(capsys, "explain", W01, "--on", "2025-06-01", "personal_adviser", "--format", "json")[1], encoding="utf-8"
    )
    status, out, _ = run(capsys, "verify", receipt, W01)
    assert status == 0 and out.startswith("identical: explanation of personal_adviser on 2025-06-01")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON (line 1, column 1)"),
        ("[1, 2]", "is not a JSON object"),
        ('{"receipt": {"schema_version": "9.0"}}', "has schema_version '9.0'; this library reads 1.0"),
        ('{"findings": []}', "has schema_version None"),
    ],
)
def test_verify_refuses_what_is_not_a_receipt_with_status_2(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    receipt = tmp_path / "receipt.json"
    receipt.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "verify", receipt, W01)
    assert (status, out) == (2, "")
    assert err.startswith(f"leavingcare: {receipt}: ") and message in err and err.count("\n") == 1


def test_verify_with_a_malformed_digest_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(run(capsys, "timeline", W01, "--format", "json")[1])
    document["receipt"]["law"] = "not a digest"
    receipt = tmp_path / "receipt.json"
    receipt.write_text(json.dumps(document), encoding="utf-8")
    status, _, err = run(capsys, "verify", receipt, W01)
    assert status == 2 and "'law' is not a SHA-256 digest" in err


def test_verify_a_missing_receipt_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "verify", tmp_path / "missing.json", W01)
    assert status == 2 and "cannot read" in err


def test_verify_reads_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with lc.open_store(url) as store:
        store.record("p1", lc.History.from_jsonl(W01).events, recorded_by="test")
    receipt = tmp_path / "receipt.json"
    receipt.write_text(
        run(capsys, "assess", "--person", "p1", "--on", "2025-06-01", "--format", "json", "--store", url)[1]
    )
    assert run(capsys, "verify", receipt, "--person", "p1", "--store", url)[0] == 0
    with lc.open_store(url) as store:
        store.record("p1", [ev.SupportRequested(on=D(2025, 5, 1))], recorded_by="test")
    status, out, _ = run(capsys, "verify", receipt, "--person", "p1", "--store", url)
    assert status == 1 and "recorded  " in out and "(SupportRequested, 2025-05-01)" in out
