"""Invariants over generated histories: what must hold whatever the events (DESIGN sections 1, 3, 5, 7).

The project's invariants, 26 in all, and where each is checked:

tests/test_properties.py
 1. Reordering events with distinct dates changes neither their ids nor the timeline.
 2. ``assess(on=D)`` is the timeline's findings whose period contains D.
 3. Findings of one kind between the same parties never overlap.
 4. An event recorded after the audit time never changes what was known at it.
 5. No personal adviser from 25 without a concern on that day (D12, D14).
 6. The same history always gives the same timeline, in one process.
 7. A retraction restores the timeline of the history without the retracted event.
 8. Every finding cites the law and names the events that decided it.
 9. No children's services finding before the 16th birthday.
10. No s23C duty after 21 without a planned programme begun before 21.
11. JSONL written and read back gives the same history and timeline.

tests/test_housing_properties.py
12. Prevention and relief never overlap (HA 1996 s195(8)(c), s189B(1)).
13. The main housing duty never starts before relief ends (s193(1)(c)).

tests/test_invariants.py (this module)
14. What was known only grows with ``known_at``, and a finding as known at T cites only events
    recorded by T.
15. What applies on a day depends only on events dated on or before it.
16. Nothing is owed, and no concern arises, before the young person is born.
17. A reason never cites a retracted event or a retraction, and some deciding event is dated on or
    before the day the finding begins.
18. Status follows its definition: ``eligible_child`` only while looked after and aged 16 or 17
    (Sch 2 para 19B), ``relevant_child`` only at 16 or 17 (s23A), ``former_relevant_child`` only
    from 18 (s23C(1)).
19. Children's services findings are owed by an authority that looked after the young person.
20. Every authority a finding or concern names is in force on the day it begins, and a local
    connection's district throughout its period, across local government reorganisations.
21. The JSON of a timeline and of an assessment (``leavingcare.report.jsonout``) reads back to the
    same findings and concerns.
22. Every event line written validates against ``json_schema()``, and a line the schema rejects
    (an unknown field, a wrong type, a missing field) the reader rejects too.
23. Timelines are identical across processes with different hash seeds.
24. A history recorded in the store (``leavingcare.store.bulk``) as known from the start is the
    file, line for line, and gives the file's timeline as known at every recording time.
25. A multi-person file written from histories reads back (``read_people``) as the same people,
    in order, with the same events, ids and recording times.
26. A history as it stood at any recording time is itself a valid history (recording order keeps
    every past view coherent), and ``known_at`` of the last recording time is the whole history.

``LEAVINGCARE_HYPOTHESIS_PROFILE=thorough`` runs twenty times as many examples; ``LEAVINGCARE_SOAK=1``
(``make soak``) ten times as many, and adds the count of histories generated to ``.soak/counts.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import calendar, geography
from leavingcare import events as ev
from leavingcare.duties.registry import CHILDRENS_DUTIES, STATUSES
from leavingcare.events.codec import encode_envelope, json_schema
from leavingcare.interop.people import person_lines
from leavingcare.periods import Period, difference, intersect, normalise
from leavingcare.report import jsonout
from leavingcare.store import open_store
from leavingcare.store.bulk import import_people
from leavingcare.store.ids import timeline_with_ids
from leavingcare.testing import envelope_lists, histories, property_settings
from recorded_ids import file_ids, same_lines
from soak import SCALE

ROOT = Path(__file__).resolve().parents[1]
_counts: Counter[str] = Counter()

Date = dt.date
DAY = dt.timedelta(days=1)
FIRST_HERE = 14
"""The number of the first invariant in the docstring that this module checks."""
CHILDRENS_KINDS = frozenset(STATUSES + CHILDRENS_DUTIES)


def examples(n: int) -> Any:
    """The project's property settings with ``n`` examples (ten times as many in a soak run)."""
    return property_settings(n * SCALE)


def generated(history: lc.History, n: int = 1) -> lc.History:
    _counts["histories generated"] += n
    return history


def _stamps(history: lc.History) -> list[dt.datetime]:
    return sorted({e.recorded_at for e in history.envelopes if e.recorded_at is not None})


# 14-15: time ---------------------------------------------------------------------------------------


@examples(50)
@given(histories(recorded=True), st.data())
def test_what_was_known_only_grows_and_findings_cite_only_what_was_known(
    history: lc.History, data: st.DataObject
) -> None:
    """DESIGN section 1: ``known_at=T`` drops events recorded after T. So the events known at T1 are
    among those known at any later T2, and no finding as known at T rests on an event recorded after T
    (an auditor's view never borrows from the future)."""
    generated(history)
    stamps = _stamps(history)
    if not stamps:
        return
    first, second = sorted(data.draw(st.lists(st.sampled_from(stamps), min_size=2, max_size=2)))
    try:
        earlier, later = history.known_at(first), history.known_at(second)
    except lc.InvalidHistory:  # Born not yet recorded at the earlier time
        return
    known = {e.id for e in earlier}
    assert known <= {e.id for e in later}
    for envelope in earlier:
        assert envelope.recorded_at is None or envelope.recorded_at <= first
    view = lc.timeline(history, known_at=first)
    for item in (*view.findings, *view.concerns):
        assert set(item.events) <= known, (first, item)


@examples(50)
@given(histories(), st.data())
def test_what_applies_on_a_day_depends_only_on_events_dated_by_then(history: lc.History, data: st.DataObject) -> None:
    """Findings are periods cut from the facts as they happened: an event dated after D (an episode
    ending, a move, a later request) may end or split a finding after D, but never changes whether a
    duty was owed on D, by whom, to whom, from when, under which provision, or when it fell due."""
    generated(history)
    born = history.facts.born
    day = data.draw(st.dates(born, calendar.birthday(born, 27)))
    so_far = lc.History(e for e in history.envelopes if e.event.on <= day)

    def applying(h: lc.History) -> set[tuple[Any, ...]]:
        found = lc.assess(h, on=day)
        return {(f.kind, f.by, f.to, f.since, f.citation, f.due) for f in found.findings} | {
            (c.code, c.kind, c.by, c.to, c.since, c.citation) for c in found.concerns
        }

    assert applying(history) == applying(so_far), day


# 16-19: what a finding may rest on -------------------------------------------------------------------


@examples(40)
@given(histories())
def test_nothing_is_owed_before_birth(history: lc.History) -> None:
    """Every age the law uses counts from the date of birth: no finding or concern begins before it."""
    generated(history)
    born = history.facts.born
    timeline = lc.timeline(history)
    for item in (*timeline.findings, *timeline.concerns):
        assert item.since >= born, item
    assert not lc.assess(history, on=born - DAY).findings


@examples(50)
@given(histories(), st.data())
def test_reasons_cite_live_events_dated_by_the_start_of_the_finding(history: lc.History, data: st.DataObject) -> None:
    """DESIGN section 3: ``because`` names the events that decided a finding. A retracted event (or the
    retraction itself) decides nothing, and a finding cannot begin before every event that decided it."""
    generated(history)
    target = data.draw(st.sampled_from(history.envelopes))
    retraction = ev.Envelope("retraction", ev.Retracted(on=target.event.on, target=target.id))
    try:
        corrected = lc.History([*history.envelopes, retraction])
    except lc.InvalidHistory:
        corrected = history  # the history without that event would not hold together
    dead = {target.id, retraction.id} if corrected is not history else set()
    dates = {e.id: e.event.on for e in corrected.envelopes}
    timeline = lc.timeline(corrected)
    for item in (*timeline.findings, *timeline.concerns):
        assert not set(item.events) & dead, item
        if isinstance(item, lc.Finding):
            assert min(dates[i] for i in item.events) <= item.since, item


def _looked_after(facts: Any) -> list[Period]:
    return normalise(e.period for e in facts.episodes)


@examples(50)
@given(histories())
def test_status_follows_its_definition(history: lc.History) -> None:
    """Sch 2 para 19B: an eligible child is looked after and aged 16 or 17. s23A(2): a relevant child
    is aged 16 or 17. s23C(1): a former relevant child is 18 or over."""
    generated(history)
    facts = history.facts
    sixteen, eighteen = calendar.birthday(facts.born, 16), calendar.birthday(facts.born, 18)
    window = [Period(sixteen, eighteen)]
    looked_after = _looked_after(facts)
    timeline = lc.timeline(history)
    for finding in timeline.of_kind("eligible_child"):
        assert difference([finding.period], intersect(looked_after, window)) == [], (finding, looked_after)
    for finding in timeline.of_kind("relevant_child"):
        assert difference([finding.period], window) == [], finding
    for finding in timeline.of_kind("former_relevant_child"):
        assert finding.since >= eighteen, finding


@examples(50)
@given(histories())
def test_childrens_services_findings_are_owed_by_an_authority_that_looked_after_them(history: lc.History) -> None:
    """s23A(4), s23C(1), s24(1A): the responsible authority is the one that last looked after the young
    person (or, for an eligible child, the one looking after them); never an authority they never had."""
    generated(history)
    looked_after_by = {episode.authority for episode in history.facts.episodes}
    for finding in lc.timeline(history).findings:
        if finding.kind in CHILDRENS_KINDS:
            assert finding.by in looked_after_by, (finding, looked_after_by)


# 20: geography across reorganisations -------------------------------------------------------------


def _reorganised(code: str) -> bool:
    """Whether a code, or the county of a district, starts or ends within the dataset."""
    found = geography.lookup(code)
    if found is None:
        return False
    if found.valid.since != Date.min or found.valid.until is not None:
        return True
    return found.county is not None and _reorganised(found.county)


@cache
def _codes_on(day: Date, kinds: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    every = tuple(sorted(a.code for a in geography.current(day) if a.kind in kinds))
    return every, tuple(c for c in every if _reorganised(c))


def _code_on(draw: st.DrawFn, day: Date, kinds: frozenset[str]) -> str:
    """A code in force on ``day``; two times in three one that a reorganisation touches."""
    every, touched = _codes_on(day, kinds)
    return draw(st.sampled_from(touched)) if touched and draw(st.integers(0, 2)) else draw(st.sampled_from(every))


@st.composite
def reorganised_histories(draw: st.DrawFn) -> lc.History:
    """A care leaver born 1993-2007, looked after by an authority in force on the day care began
    (often a county later abolished), placed in one of its districts, moving after care to areas in
    force on each move's date, and perhaps applying as homeless to an authority in force that day."""
    born = draw(st.dates(Date(1993, 1, 1), Date(2007, 12, 31)))

    def birthday(n: int) -> Date:
        return calendar.birthday(born, n)

    def between(lo: Date, hi: Date) -> Date:
        return lo + dt.timedelta(days=draw(st.integers(0, max(0, (hi - lo).days))))

    events: list[ev.Event] = [ev.Born(on=born)]
    start = between(birthday(10), birthday(17) - DAY)
    authority = _code_on(draw, start, geography.CHILDRENS_KINDS)
    districts = geography.districts_of(authority, start)
    area = draw(st.sampled_from(districts)) if districts else _code_on(draw, start, geography.HOUSING_KINDS)
    events.append(
        ev.CareStarted(
            on=start,
            authority=authority,
            legal_status=draw(st.sampled_from(("C2", "V2", "C1"))),
            placement=draw(st.sampled_from(("U4", "K2", "P1", "R1"))),
            area=area,
        )
    )
    left = between(start + DAY, birthday(18)) if draw(st.booleans()) else birthday(18)
    if draw(st.integers(0, 4)):
        events.append(ev.CareEnded(on=left, reason=draw(st.sampled_from(("E8", "E17", "E4A", "E5")))))
    for _ in range(draw(st.integers(0, 4))):
        day = between(left, birthday(26))
        arrangement = draw(st.sampled_from(("private_tenancy", "social_tenancy", "parent", "hostel", "supported")))
        events.append(ev.Moved(on=day, area=_code_on(draw, day, geography.HOUSING_KINDS), arrangement=arrangement))
    if draw(st.booleans()):
        day = between(birthday(17), birthday(24))
        applied_to = _code_on(draw, day, geography.HOUSING_KINDS)
        events.append(ev.HomelessnessApplication(on=day, application="A1", authority=applied_to, appears_homeless=True))
        events.append(ev.Homeless(on=between(day, day + 40 * DAY), application="A1"))
    return lc.History.of(events)


@examples(80)
@given(reorganised_histories())
def test_named_authorities_are_in_force_when_the_finding_begins(history: lc.History) -> None:
    """DESIGN section 1 ("geography is dated"): an authority named in ``by`` or ``to`` is in force on
    the day the finding begins, and a local connection (HA 1996 s199) is with a district in force on
    every day of the connection, so a connection with an abolished district passes to its successor."""
    generated(history)
    timeline = lc.timeline(history)
    for item in (*timeline.findings, *timeline.concerns):
        for code in (item.by, item.to):
            if code is None or geography.is_outside_england(code):
                continue
            found = geography.lookup(code)
            assert found is not None and found.valid_on(item.since), (item, found)
            if item.kind == "local_connection" and code == item.to:
                valid = found.valid
                assert valid.until is None or (item.until is not None and item.until <= valid.until), (item, valid)


# 21-23: what leaves the library -------------------------------------------------------------------


def _citation(obj: dict[str, Any]) -> lc.Citation:
    return lc.Citation(obj["instrument"], obj["provision"], obj["url"])


def _day(text: str | None) -> Date | None:
    return None if text is None else Date.fromisoformat(text)


def _fields(obj: dict[str, Any]) -> dict[str, Any]:
    since = _day(obj["since"])
    assert since is not None
    return {
        "kind": obj["kind"],
        "by": obj["by"],
        "to": obj["to"],
        "citation": _citation(obj["citation"]),
        "since": since,
        "until": _day(obj["until"]),
        "due": _day(obj["due"]),
        "because": tuple(lc.Reason(r["text"], tuple(r["events"])) for r in obj["because"]),
    }


def _finding(obj: dict[str, Any]) -> lc.Finding:
    return lc.Finding(**_fields(obj))


def _concern(obj: dict[str, Any]) -> lc.Concern:
    return lc.Concern(code=obj["code"], **_fields(obj))


@examples(40)
@given(histories(), st.data())
def test_json_output_reads_back_to_the_same_findings(history: lc.History, data: st.DataObject) -> None:
    """The JSON of a timeline and of an assessment (the CLI's ``--format json``) carries every field of
    DESIGN section 3, so reading it back gives the same findings and concerns."""
    generated(history)
    timeline = lc.timeline(history)
    obj = json.loads(jsonout.dumps(jsonout.timeline(timeline)))
    assert tuple(_finding(f) for f in obj["findings"]) == timeline.findings
    assert tuple(_concern(c) for c in obj["concerns"]) == timeline.concerns
    born = history.facts.born
    day = data.draw(st.dates(born, calendar.birthday(born, 27)))
    assessment = lc.assess(history, on=day)
    obj = json.loads(jsonout.dumps(jsonout.assessment(assessment)))
    assert _day(obj["on"]) == day and obj["known_at"] is None
    assert tuple(_finding(f) for f in obj["findings"]) == assessment.findings
    assert tuple(_concern(c) for c in obj["concerns"]) == assessment.concerns


def _schema_errors(value: Any, schema: dict[str, Any]) -> list[str]:
    """The few JSON Schema keywords ``json_schema()`` uses, checked strictly (formats included)."""
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not _schema_errors(value, s)]
        return [] if len(matching) == 1 else [f"matches {len(matching)} variants, not one"]
    errors = []
    if "const" in schema and value != schema["const"]:
        errors.append("const")
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            return ["not an object"]
        errors += [f"missing {name}" for name in schema.get("required", []) if name not in value]
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            errors += [f"extra {name}" for name in value if name not in properties]
        for name, item in value.items():
            if name in properties:
                errors += [f"{name}: {e}" for e in _schema_errors(item, properties[name])]
    elif kind == "string":
        if not isinstance(value, str):
            return ["not a string"]
        if len(value) < schema.get("minLength", 0):
            errors.append("too short")
        if schema.get("format") == "date":
            try:
                Date.fromisoformat(value)
            except ValueError:
                errors.append("not a date")
        if schema.get("format") == "date-time":
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                errors.append("not a date-time")
    elif kind == "boolean" and not isinstance(value, bool):
        errors.append("not a boolean")
    return errors


@examples(40)
@given(histories(), st.data())
def test_event_lines_validate_against_the_schema_and_the_schema_agrees_with_the_reader(
    history: lc.History, data: st.DataObject
) -> None:
    """DESIGN section 5 and ``leavingcare schema``: every line a history writes is valid against the
    published JSON Schema (one variant exactly); a line made invalid against it by an unknown field,
    a value of the wrong type or a missing field is refused by the reader as well."""
    generated(history)
    schema = json_schema()
    lines = [encode_envelope(e) for e in history.envelopes]
    for line in lines:
        assert _schema_errors(line, schema) == [], line
    line = dict(data.draw(st.sampled_from(lines)))
    variant = next(s for s in schema["oneOf"] if s["title"] == line["type"])
    breakage = data.draw(st.sampled_from(("unknown field", "wrong type", "missing field")))
    if breakage == "unknown field":
        line["note"] = "x"
    elif breakage == "wrong type":
        name = data.draw(st.sampled_from(sorted(k for k in line if k not in ("type", "recorded_at"))))
        line[name] = 12345
    else:
        required = [name for name in variant["required"] if name != "type"]
        line.pop(data.draw(st.sampled_from(required)))
    assert _schema_errors(line, schema) != [], line
    with pytest.raises(lc.InvalidEvent):
        lc.History.from_jsonl([json.dumps(encode_envelope(history.envelopes[0])), json.dumps(line)])


DETERMINISM_SCRIPT = """
import json, sys
import leavingcare as lc
from leavingcare.report import jsonout
for person, history in lc.read_people(sys.argv[1]):
    document = jsonout.timeline(lc.timeline(history))
    del document["receipt"]["made_at"]
    print(json.dumps({"person": person, **document}, sort_keys=False))
"""


def _made_at_aside(document: dict[str, Any]) -> dict[str, Any]:
    del document["receipt"]["made_at"]
    return document


@examples(2)
@given(st.lists(histories(), min_size=6, max_size=6))
def test_timelines_are_identical_across_processes_and_hash_seeds(drawn: list[lc.History]) -> None:
    """Replaying is deterministic across processes: string hashing is seeded per process, so nothing
    (the order of findings, of reasons, of event ids in a reason, a receipt's digests) may follow the
    order of a set."""
    for history in drawn:
        generated(history)
    people = [(f"p{n}", history) for n, history in enumerate(drawn)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.jsonl"
        path.write_text("".join(person_lines(people)), encoding="utf-8")
        here = "".join(
            json.dumps({"person": p, **_made_at_aside(jsonout.timeline(lc.timeline(h)))}) + "\n"
            for p, h in lc.read_people(path)
        )
        for seed in ("0", "1", "4242"):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            out = subprocess.run(
                [sys.executable, "-c", DETERMINISM_SCRIPT, str(path)],
                capture_output=True,
                text=True,
                env=env,
                check=True,
                timeout=120,
            ).stdout
            assert out == here, f"PYTHONHASHSEED={seed}"


# 24-26: what is stored and read back ----------------------------------------------------------------


@examples(30)
@given(envelope_lists(recorded=True))
def test_the_store_replays_what_was_known_at_every_recording_time(envelopes: list[ev.Envelope]) -> None:
    """DESIGN section 7: a history imported into the store as known from the start (lines without
    ``recorded_at`` known before any ``known_at``, the others at their own time) is the file, line
    for line (the lines named by their content given the store's ids, SECURITY.md), and gives, at
    every recording time and just before it, the timeline the file gives as known then, each event
    id read as the file's."""
    history = generated(lc.History.of(envelopes))
    with open_store("memory://") as store:
        summary = import_people(store, [("person", history)], recorded_by="importer", known_from_the_start=True)
        assert summary.ok, summary.failures
        stored = store.history("person")
        assert same_lines(stored.envelopes, history.envelopes)
        names = file_ids(stored.envelopes, history.envelopes)
        for stamp in _stamps(history):
            for moment in (stamp - dt.timedelta(seconds=1), stamp):
                seen = _timeline_or_error(stored, moment, names)
                assert seen == _timeline_or_error(history, moment), moment


def _timeline_or_error(history: lc.History, known_at: dt.datetime, names: dict[str, str] | None = None) -> object:
    """The findings and concerns as known at ``known_at``, or the error that view raises; with
    ``names``, each event id read as the file's."""
    try:
        timeline = lc.timeline(history, known_at=known_at)
    except lc.LeavingCareError as exc:
        message = str(exc)
        for stored_id, file_id in (names or {}).items():
            message = message.replace(stored_id, file_id)
        return type(exc), message
    if names:
        timeline = timeline_with_ids(timeline, names)
    return timeline.findings, timeline.concerns


PERSON_IDS = (
    st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1, max_size=12)
    .map(lambda s: unicodedata.normalize("NFC", s))
    .filter(lambda s: s.strip() != "")
)
"""Person ids of any printable characters, in NFC (the form ``read_people`` gives every person id)."""


@examples(30)
@given(st.lists(st.tuples(PERSON_IDS, histories()), min_size=1, max_size=4, unique_by=lambda p: p[0]))
def test_a_multi_person_file_reads_back_as_the_same_people(people: list[tuple[str, lc.History]]) -> None:
    """Multi-person JSONL (``"person"`` on every line, each person's lines together) written from
    histories and read with ``read_people`` gives the same people in the same order, each with the
    same events, ids and recording times, whatever printable characters the person ids hold."""
    for _, history in people:
        generated(history)
    read = list(lc.read_people(person_lines(people)))
    assert [p for p, _ in read] == [p for p, _ in people]
    for (_, again), (_, history) in zip(read, people, strict=True):
        assert [(e.id, e.event, e.recorded_at) for e in again] == [(e.id, e.event, e.recorded_at) for e in history]


@examples(50)
@given(histories(recorded=True))
def test_every_past_view_is_a_valid_history(history: lc.History) -> None:
    """DESIGN section 1: an auditor can replay any moment. The history as known at each recording time
    (from Born's on) holds together, each view contains the one before, and the view at the last
    recording time is the whole history."""
    generated(history)
    stamps = _stamps(history)
    born_at = history.envelopes[0].recorded_at if isinstance(history.envelopes[0].event, ev.Born) else None
    views = [history.known_at(t) for t in stamps if born_at is None or t >= born_at]
    for before, after in pairwise(views):
        assert {e.id for e in before} <= {e.id for e in after}
    if views:
        assert [e.id for e in views[-1]] == [e.id for e in history]
        assert lc.timeline(views[-1]) == lc.timeline(history)


def test_the_module_docstring_counts_the_invariants() -> None:
    """The count in the docstring matches its numbered list, this module holds one test for each
    invariant listed for it, and the other files named there exist."""
    doc = __doc__ or ""
    numbers = [int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\. ", doc, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert f"{len(numbers)} in all" in doc
    assert len(numbers) >= 15
    here = [name for name in globals() if name.startswith("test_") and "docstring" not in name]
    assert len(here) == sum(1 for n in numbers if n >= FIRST_HERE)
    for name in ("test_properties.py", "test_housing_properties.py"):
        assert (ROOT / "tests" / name).is_file()
