"""A catalogue of bad input (DESIGN sections 5 and 7; STYLE "Errors say what and where"): each case,
in the interchange format, in a multi-person file or at the store, raises its typed error with a
message naming the line, the event id, the person id or the store, and the rule broken, and carrying
none of the values the input gave (dates, codes, names, free text).

Cases marked ``bug`` show a defect found in the library (each reason says what); cases marked ``vague``
raise the right error without saying where; cases marked ``leak`` raise the right error but quote a
value from the input. Each is expected to fail where its defect shows, strictly, so that a fix is
noticed and the mark removed.

Then fuzzing: arbitrary bytes, and valid histories' lines mutated at random, read with
``History.from_jsonl`` and ``read_people``, raise nothing but the library's typed errors; whatever
they accept assesses without error.

``LEAVINGCARE_SOAK=1`` (``make soak``) runs ten times as many fuzz examples and adds the count of bad
inputs tried to ``.soak/counts.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve, frozen
from eventsourcing.persistence import StoredEvent
from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.errors import (
    ConcurrencyError,
    InvalidEvent,
    InvalidHistory,
    InvalidId,
    LeavingCareError,
    StoreUnavailable,
    UnknownCode,
)
from leavingcare.events.codec import MAX_LINE_BYTES, content_id
from leavingcare.interop.people import person_lines
from leavingcare.people import NAMES_NO_PERSON, REAPPEARS
from leavingcare.store import KEY_VARIABLE, HistoryStore, new_key, open_store
from leavingcare.testing import histories, property_settings
from soak import SCALE

ROOT = Path(__file__).resolve().parents[1]
_counts: Counter[str] = Counter()


@pytest.fixture(autouse=True)
def no_store_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv("LEAVINGCARE_STORE", raising=False)


# The known defects, each named once -------------------------------------------------------------------
HUGE_NUMBER = (
    "a JSON integer of more than 4300 digits (within MAX_LINE_BYTES) makes json.loads raise ValueError, "
    "which events.codec.read_line did not catch: an untyped error"
)
OUT_OF_RANGE_STAMP = (
    "a zoned recorded_at that UTC cannot hold (year 9999 at -23:59, year 1 at +01:00) is accepted by the "
    "codec, then the store's astimezone(UTC) raises OverflowError: an untyped error"
)
BATCH_NAMES_NO_PERSON = "the store's batch-level errors say 'batch:' and name neither the person nor an event id"
WRONG_KEY_WRITES = (
    "a store opened with the wrong key records without complaint, in streams that key derives, and its rows "
    "then make people() and histories() fail for everyone (StoreUnavailable: the key is wrong)"
)
NO_KEY_WRITES = (
    "a store opened without its key records without complaint: the new person's rows are written in plain text "
    "into the encrypted store, and make people() and histories() fail for readers with the key"
)
CODE_QUOTED = (
    "UnknownCode messages name the GSS code given (and its successors) as tests/test_codec.py asserts; an area "
    "code says where a young person lived or was placed"
)

# Values the inputs below carry, none of which may appear in a message ------------------------------------
DOB = "2004-03-15"
LA, AREA = "E10000017", "E07000123"
CASEWORKER = "caseworker-jd"
PERSON = "p-17"


def j(**fields: Any) -> str:
    return json.dumps(fields)


BORN = j(type="Born", on=DOB, id="b1")
CARE = j(type="CareStarted", on="2019-06-01", authority=LA, legal_status="V2", placement="U4", area=AREA, id="c1")
ENDED = j(type="CareEnded", on="2022-03-15", reason="E5", id="c2")
START = [BORN, CARE, ENDED]


def care(on: str, **fields: Any) -> str:
    obj = {"type": "CareStarted", "on": on, "authority": LA, "legal_status": "V2", "placement": "U4", "area": AREA}
    return json.dumps({**obj, **fields})


def moved(on: str = "2022-03-16", **fields: Any) -> str:
    return json.dumps({"type": "Moved", "on": on, "area": AREA, "arrangement": "supported", **fields})


APPLIED = j(type="HomelessnessApplication", on="2022-05-01", application="A1", authority=AREA, appears_homeless=True)


@frozen
class Bad:
    """One bad input: lines of one person (``reader="history"``) or of several (``"people"``), the error
    it must raise, a fragment of the reason, where the message must point, values it must not carry
    besides those computed from the lines, and a known defect or leak that makes the case fail."""

    name: str
    lines: list[str | bytes]
    error: type[LeavingCareError]
    says: str
    where: str
    reader: str = "history"
    secrets: tuple[str, ...] = ()
    bug: str | None = None
    leak: str | None = None


IDS = frozenset({"type", "id", "person", "application", "offer", "target"})
"""Fields that hold identifiers or the type: a message may name them."""


def secrets_of(case: Bad) -> set[str]:
    """The values a message must not carry: every field value of every line (ids excepted)."""
    found = set(case.secrets)
    for line in case.lines:
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not isinstance(obj, dict):
            continue
        for key, value in obj.items():
            if key in IDS or isinstance(value, bool) or value is None:
                continue
            if isinstance(value, str) and len(value.strip()) >= 2:
                found.add(value)
            elif isinstance(value, int) and abs(value) >= 1000:
                found.add(str(value))
    return found


def quoted(secret: str, message: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", message) is not None


CASES: list[Bad] = [
    # Lines that are not JSON objects
    Bad("not JSON", [BORN, '{"type": "CareEnded", "on": "2022-03-15"'], InvalidEvent, "is not valid JSON", "line 2",
        secrets=("2022-03-15",)),
    Bad("JSON then junk", [BORN, j(type="NeedsAssessed", on="2020-01-10") + " x"], InvalidEvent, "is not valid JSON",
        "line 2", secrets=("2020-01-10",)),
    Bad("an array", [BORN, '["Born", "2004-03-15"]'], InvalidEvent, "must be a JSON object", "line 2"),
    Bad("a string", [BORN, '"2004-03-15"'], InvalidEvent, "must be a JSON object", "line 2"),
    Bad("null", [BORN, "null"], InvalidEvent, "must be a JSON object", "line 2"),
    Bad("a byte order mark after line 1", [BORN, "\ufeff" + j(type="NeedsAssessed", on="2020-01-10")], InvalidEvent,
        "starts with a byte order mark", "line 2", secrets=("2020-01-10",)),
    Bad("bytes that are not UTF-8", [BORN, b'{"type": "Moved", "on": "2022-03-16", "area": "\xff\xfe"}'],
        InvalidEvent, "is not valid UTF-8", "line 2", secrets=("2022-03-16",)),
    Bad("an oversized line", [BORN, moved(note="x" * MAX_LINE_BYTES)], InvalidEvent,
        f"longer than {MAX_LINE_BYTES} bytes", "line 2"),
    Bad("nested too deeply", [BORN, '{"type": "Moved", "on": ' + "[" * 5000 + "]" * 5000 + "}"], InvalidEvent,
        "nested too deeply", "line 2"),
    Bad("a number of 5000 digits", [BORN, '{"type": "NeedsAssessed", "on": ' + "9" * 5000 + "}"], InvalidEvent,
        "line 2", "line 2"),
    # Types and fields
    Bad("no type", [BORN, j(on="2022-01-10")], InvalidEvent, "missing field 'type'", "line 2"),
    Bad("a type that is not a string", [BORN, j(type=7, on="2022-01-10")], InvalidEvent, "field 'type'", "line 2"),
    Bad("an unknown type", [BORN, j(type="CareFinished", on="2022-04-01")], InvalidEvent, "unknown event type",
        "line 2"),
    Bad("an unknown field", [*START, moved(postcode="PR1 2AB")], InvalidEvent, "unknown field(s): postcode",
        "line 4 (Moved)"),
    Bad("a missing field", [*START, j(type="Moved", on="2022-03-16", area=AREA)], InvalidEvent,
        "missing field 'arrangement'", "line 4 (Moved)"),
    Bad("a string for a flag", [*START, j(type="CustodyStarted", on="2022-06-01", remand="yes")], InvalidEvent,
        "field 'remand' must be true or false", "line 4 (CustodyStarted)"),
    Bad("a number for a code", [*START, moved(area=7000123)], InvalidEvent, "field 'area' must be a string",
        "line 4 (Moved)"),
    Bad("an object for a date", [BORN, j(type="NeedsAssessed", on={"year": 2020})], InvalidEvent,
        "field 'on' must be a date written YYYY-MM-DD", "line 2 (NeedsAssessed)"),
    Bad("NaN for a date", [BORN, '{"type": "NeedsAssessed", "on": NaN}'], InvalidEvent, "field 'on' must be a date",
        "line 2"),
    Bad("an id that is a number", [BORN, j(type="NeedsAssessed", on="2020-01-10", id=17)], InvalidId,
        "field 'id' must be a non-empty string", "line 2 (NeedsAssessed)"),
    Bad("a blank id", [BORN, j(type="NeedsAssessed", on="2020-01-10", id="  ")], InvalidId,
        "field 'id' must be a non-empty string", "line 2 (NeedsAssessed)"),
    Bad("recorded_by that is not a string", [BORN, j(type="NeedsAssessed", on="2020-01-10", recorded_by=["jd"])],
        InvalidId, "field 'recorded_by' must be a non-empty string", "line 2 (NeedsAssessed)", secrets=("jd",)),
    Bad("a blank application id", [*START, APPLIED.replace('"A1"', '" "')], InvalidId,
        "field 'application' must be a non-empty string", "line 4 (HomelessnessApplication)"),
    # Dates
    Bad("30 February", [BORN, j(type="NeedsAssessed", on="2022-02-30")], InvalidEvent, "is not a real calendar date",
        "line 2 (NeedsAssessed)"),
    Bad("month 13", [BORN, j(type="NeedsAssessed", on="2022-13-01")], InvalidEvent, "is not a real calendar date",
        "line 2"),
    Bad("a date written day first", [BORN, j(type="NeedsAssessed", on="15/03/2022")], InvalidEvent,
        "must be a date written YYYY-MM-DD", "line 2"),
    Bad("a date as a number", [BORN, j(type="NeedsAssessed", on=20220315)], InvalidEvent,
        "must be a date written YYYY-MM-DD", "line 2"),
    Bad("an impossible optional date",
        [*START, j(type="HomelessnessRiskIdentified", on="2022-04-01", by=LA, homeless_by="2022-04-31")],
        InvalidEvent, "field 'homeless_by' is not a real calendar date", "line 4"),
    Bad("recorded_at without a zone", [BORN, j(type="NeedsAssessed", on="2020-01-10", recorded_at="2020-01-11T10:00")],
        InvalidEvent, "field 'recorded_at' must carry a time zone", "line 2 (NeedsAssessed)"),
    Bad("recorded_at that is not a time", [BORN, j(type="NeedsAssessed", on="2020-01-10", recorded_at="yesterday")],
        InvalidEvent, "field 'recorded_at' must be an ISO 8601 timestamp", "line 2"),
    # Codes
    Bad("an unknown legal status", [BORN, care("2019-06-01", legal_status="C9")], UnknownCode,
        "field 'legal_status' is not a valid SSDA903 legal status", "line 2 (CareStarted)"),
    Bad("an unknown placement", [BORN, care("2019-06-01", placement="Z99")], UnknownCode,
        "field 'placement' is not a valid SSDA903 placement", "line 2 (CareStarted)"),
    Bad("an unknown reason care ended", [BORN, care("2019-06-01"), j(type="CareEnded", on="2022-03-15", reason="E99")],
        UnknownCode, "field 'reason' is not a valid SSDA903 reason", "line 3 (CareEnded)"),
    Bad("an unknown living arrangement", [*START, moved(arrangement="caravan")], UnknownCode,
        "field 'arrangement' is not a valid living arrangement", "line 4 (Moved)"),
    Bad("a district as a children's services authority", [BORN, care("2019-06-01", authority="E07000105")],
        UnknownCode, "not a children's services authority", "line 2 (CareStarted)"),
    Bad("a county after its abolition", [BORN, care("2021-06-01", authority="E10000021", area="E07000105")],
        UnknownCode, "not in force on the event's date", "line 2 (CareStarted)"),
    Bad("an area before it existed", [*START, moved(on="2020-01-01", area="E06000061")], UnknownCode,
        "is in force only from", "line 4 (Moved)"),
    Bad("a code that is not a GSS code", [*START, moved(area="PR1")], UnknownCode, "not the GSS code",
        "line 4 (Moved)"),
    Bad("a county as a housing authority", [*START, APPLIED.replace(f'"{AREA}"', f'"{LA}"')], UnknownCode,
        "not a housing authority", "line 4 (HomelessnessApplication)"),
    # Histories that do not hold together
    Bad("an id used twice", [*START, j(type="NeedsAssessed", on="2020-01-10", id="b1")], InvalidHistory,
        "repeats the id of line 1", "line 4 (NeedsAssessed)"),
    Bad("an event before Born", [*START, j(type="NeedsAssessed", on="2003-01-10")], InvalidHistory,
        "is dated before the Born event on line 1", "line 4 (NeedsAssessed)"),
    Bad("no Born", [CARE, ENDED], InvalidHistory, "has no Born event", "history"),
    Bad("no lines at all", [], InvalidHistory, "has no Born event", "history"),
    Bad("a second Born", [*START, j(type="Born", on="2005-01-01")], InvalidHistory, "a second Born event",
        "line 4 (Born)"),
    Bad("overlapping care episodes", [BORN, CARE, care("2020-01-01"), ENDED], InvalidHistory,
        "starts a care episode while the one from line 2 (CareStarted) is still open", "line 3 (CareStarted)"),
    Bad("an episode that ends before it starts", [BORN, CARE, j(type="CareEnded", on="2019-05-01", reason="E5")],
        InvalidHistory, "ends an episode before it started on line 2", "line 3 (CareEnded)"),
    Bad("a change outside care", [*START, j(type="CareChanged", on="2023-01-01", placement="U1")], InvalidHistory,
        "outside any care episode", "line 4 (CareChanged)"),
    Bad("an episode of no days", [BORN, CARE, j(type="CareEnded", on="2019-06-01", reason="E5")], InvalidHistory,
        "on the day it began (D9", "line 3 (CareEnded)"),
    Bad("custody that never started", [*START, j(type="CustodyEnded", on="2022-06-01")], InvalidHistory,
        "ends custody that was never started", "line 4 (CustodyEnded)"),
    Bad("a discharge without an admission", [*START, j(type="HospitalDischarged", on="2022-06-01")], InvalidHistory,
        "discharges from a hospital stay that was never started", "line 4"),
    Bad("a programme that never started", [*START, j(type="EducationEnded", on="2022-06-01")], InvalidHistory,
        "ends a programme that was never started", "line 4"),
    Bad("an unknown application", [*START, j(type="Homeless", on="2022-05-01", application="A-404")], InvalidHistory,
        "refers to an application not made on or before its date", "line 4 (Homeless)"),
    Bad("an application used before it was made", [*START, APPLIED, j(type="Homeless", on="2022-04-01",
        application="A1")], InvalidHistory, "refers to an application not made on or before its date",
        "line 5 (Homeless)"),
    Bad("an application id made twice", [*START, APPLIED, APPLIED.replace("2022-05-01", "2022-07-01")],
        InvalidHistory, "repeats an application id already made", "line 5 (HomelessnessApplication)"),
    Bad("a retraction of an unknown id", [*START, j(type="Retracted", on="2022-04-01", target="no-such-event")],
        InvalidHistory, "retracts an event id that is not in the history", "line 4 (Retracted)"),
    Bad("a retraction of a retraction", [*START, j(type="Retracted", on="2022-04-01", target="c2", id="r1"),
        j(type="Retracted", on="2022-04-02", target="r1")], InvalidHistory, "retracts a retraction", "line 5"),
    # Files of several people
    Bad("a line naming no person", [j(person="p1", type="Born", on=DOB), j(type="NeedsAssessed", on="2020-01-10")],
        InvalidEvent, NAMES_NO_PERSON, "line 2", reader="people"),
    Bad("an empty person id", [j(person="", type="Born", on=DOB)], InvalidEvent, NAMES_NO_PERSON, "line 1",
        reader="people"),
    Bad("a blank person id", [j(person="p1", type="Born", on=DOB), j(person="   ", type="Born", on=DOB)],
        InvalidEvent, NAMES_NO_PERSON, "line 2", reader="people"),
    Bad("a person id that is a number", [j(person=17, type="Born", on=DOB)], InvalidEvent, NAMES_NO_PERSON,
        "line 1", reader="people"),
    Bad("a person reappearing", [j(person="p1", type="Born", on=DOB), j(person="p2", type="Born", on="2005-01-01"),
        j(person="p1", type="NeedsAssessed", on="2020-01-10")], InvalidHistory, REAPPEARS, "person p1, line 3",
        reader="people"),
    Bad("a bad line of the second person", [j(person="p1", type="Born", on=DOB), j(person="p2", type="Born",
        on="2005-01-01"), j(person="p2", type="NeedsAssessed", on="2020-01-10", colour="red")], InvalidEvent,
        "unknown field(s): colour", "line 3", reader="people", secrets=("red",)),
    Bad("a person with no Born", [j(person="p1", type="Born", on=DOB), j(person="p2", type="NeedsAssessed",
        on="2020-01-10")], InvalidHistory, "has no Born event", "person p2", reader="people"),
    Bad("an id used twice by one person", [j(person="p1", type="Born", on=DOB, id="x"), j(person="p1",
        type="NeedsAssessed", on="2020-01-10", id="x")], InvalidHistory, "repeats the id of line 1",
        "person p1, line 2", reader="people"),
]  # fmt: skip


def _read(case: Bad) -> None:
    if case.reader == "people":
        list(lc.read_people(case.lines))
    else:
        lc.History.from_jsonl(case.lines)


def _marked(case: Bad, *, leaks: bool) -> Any:
    reason = case.bug or (case.leak if leaks else None)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_marked(c, leaks=False) for c in CASES])
def test_bad_lines_raise_their_typed_error_naming_where(case: Bad) -> None:
    _counts["bad inputs tried"] += 1
    with pytest.raises(LeavingCareError) as caught:
        _read(case)
    message = str(caught.value)
    assert type(caught.value) is case.error, message
    assert case.says in message, message
    assert message.startswith(case.where) or f" {case.where}" in message or f"({case.where}" in message, message


@pytest.mark.parametrize("case", [_marked(c, leaks=True) for c in CASES])
def test_bad_lines_carry_no_personal_values(case: Bad) -> None:
    with pytest.raises(LeavingCareError) as caught:
        _read(case)
    message = str(caught.value)
    assert [s for s in secrets_of(case) if quoted(s, message)] == [], message


def test_the_catalogue_is_large_enough() -> None:
    """At least 40 bad inputs, each under its own name, with store cases below."""
    names = [c.name for c in CASES] + [c.name for c in STORE_CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 40 and len(STORE_CASES) >= 10


# The store ---------------------------------------------------------------------------------------------
T1 = dt.datetime(2019, 6, 3, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2022, 3, 16, 10, 0, tzinfo=dt.UTC)
STORE_SECRETS = (DOB, "2019-06-01", "2022-03-15", LA, AREA, "V2", "U4", CASEWORKER)


def born() -> ev.Born:
    return ev.Born(on=dt.date.fromisoformat(DOB))


def care_started(on: dt.date = dt.date(2019, 6, 1)) -> ev.CareStarted:
    return ev.CareStarted(on=on, authority=LA, legal_status="V2", placement="U4", area=AREA)


def recorded(tmp_path: Path, **options: Any) -> HistoryStore:
    """An SQLite store holding the start of a person's care, recorded at T1."""
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}", **options)
    store.record(PERSON, [born(), care_started()], recorded_by=CASEWORKER, recorded_at=T1)
    return store


@frozen
class StoreBad:
    """One bad use of the store: ``attempt`` gets a fresh folder and must raise."""

    name: str
    attempt: Callable[[Path], object]
    error: type[Exception]
    says: str
    where: str
    secrets: tuple[str, ...] = STORE_SECRETS
    bug: str | None = None
    vague: str | None = None
    leak: str | None = None


def batch(events: list[Any], **options: Any) -> Callable[[Path], object]:
    """Record ``events`` as a second batch; whatever it raises, the store must hold what it held."""

    def attempt(tmp_path: Path) -> object:
        with recorded(tmp_path) as store:
            before = [(e.id, e.event, e.recorded_at) for e in store.history(PERSON)]
            try:
                return store.record(PERSON, events, **{"recorded_by": CASEWORKER, **options})
            finally:
                assert store.version(PERSON) == len(before)
                assert [(e.id, e.event, e.recorded_at) for e in store.history(PERSON)] == before

    return attempt


def stale_version(tmp_path: Path) -> object:
    with recorded(tmp_path) as store:
        return store.record(PERSON, [ev.NeedsAssessed(on=dt.date(2020, 1, 10))], recorded_by=CASEWORKER,
                            expected_version=0)  # fmt: skip


def wrong_key(tmp_path: Path) -> object:
    recorded(tmp_path, key=new_key()).close()
    with open_store(f"sqlite:///{tmp_path / 'store.sqlite'}", key=new_key()) as store:
        return list(store.people())


def no_key(tmp_path: Path) -> object:
    recorded(tmp_path, key=new_key()).close()
    with open_store(f"sqlite:///{tmp_path / 'store.sqlite'}") as store:
        return list(store.histories())


def malformed_key(tmp_path: Path) -> object:
    return open_store(f"sqlite:///{tmp_path / 'store.sqlite'}", key="correct-horse-battery-staple")


def write_with_wrong_key(tmp_path: Path) -> object:
    recorded(tmp_path, key=new_key()).close()
    with open_store(f"sqlite:///{tmp_path / 'store.sqlite'}", key=new_key()) as store:
        return store.record("p-18", [born()], recorded_by=CASEWORKER)


def write_without_key(tmp_path: Path) -> object:
    recorded(tmp_path, key=new_key()).close()
    with open_store(f"sqlite:///{tmp_path / 'store.sqlite'}") as store:
        return store.record("p-18", [born()], recorded_by=CASEWORKER)


def unreachable_postgres(tmp_path: Path) -> object:
    return open_store("postgresql://postgres:s3cret-pw@127.0.0.1:1/test?connect_timeout=1")


def unknown_scheme(tmp_path: Path) -> object:
    return open_store("mysql://postgres@127.0.0.1/test")


def missing_folder(tmp_path: Path) -> object:
    return open_store(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.sqlite'}")


def stored_row(topic: str, state: Callable[[HistoryStore], bytes]) -> Callable[[Path], object]:
    """A row put in the database below the store's mapper (as another program, or damage, might)."""

    def attempt(tmp_path: Path) -> object:
        with recorded(tmp_path) as store:
            app = store._app  # type: ignore[attr-defined]
            stream = store._streams.of(PERSON)  # type: ignore[attr-defined]
            app.recorder.insert_events([StoredEvent(stream, 4, topic, state(store))])
            return store.history(PERSON)

    return attempt


def sealed(body: dict[str, Any]) -> Callable[[HistoryStore], bytes]:
    payload = {"id": "row-4", "recorded_at": T2.isoformat(), "recorded_by": CASEWORKER, "event": body}
    return lambda store: store._app.records.seal(payload)  # type: ignore[attr-defined,no-any-return]


STAMP = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(-dt.timedelta(hours=23, minutes=59)))
FUTURE = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
DAY = dt.timedelta(days=1)
ENDED_EVENT = ev.CareEnded(on=dt.date(2022, 3, 15), reason="E5")
SECOND_BORN = ev.Born(on=dt.date(2005, 1, 1))
STORE_CASES: list[StoreBad] = [
    StoreBad("a stale expected version", stale_version, ConcurrencyError, "expected version 0 but 2", "person p-17"),
    StoreBad("a second Born in a batch", batch([ev.NeedsAssessed(on=dt.date(2020, 1, 10)), SECOND_BORN]),
             InvalidHistory, "a second Born event", "event r-",
             secrets=(*STORE_SECRETS, "2005-01-01", "2020-01-10")),
    StoreBad("an overlapping episode in a batch", batch([care_started(dt.date(2020, 1, 1))]), InvalidHistory,
             "while the one from event", "event r-"),
    StoreBad("a retraction of an unknown id in a batch",
             batch([ENDED_EVENT, ev.Retracted(on=dt.date(2022, 4, 1), target="no-such-event")]), InvalidHistory,
             "retracts an event id that is not in the history", "event "),
    StoreBad("an id already recorded", batch([ev.Envelope(content_id(born()), ENDED_EVENT)]), InvalidHistory,
             "repeats the id", f"event {content_id(born())}"),
    StoreBad("an envelope recorded in the future", batch([ev.Envelope("late", ENDED_EVENT, FUTURE)]),
             InvalidEvent, "field 'recorded_at' is in the future", "event late"),
    StoreBad("an envelope recorded before what is recorded", batch([ev.Envelope("late", ENDED_EVENT, T1 - DAY)]),
             InvalidHistory, "earlier than events already recorded", "event late"),
    StoreBad("a batch time in the future", batch([ENDED_EVENT], recorded_at=FUTURE), InvalidEvent,
             "recorded_at is in the future", "person p-17"),
    StoreBad("a batch time without a zone", batch([ENDED_EVENT], recorded_at=dt.datetime(2022, 3, 16, 10)),
             InvalidEvent, "recorded_at must carry a time zone", "person p-17"),
    StoreBad("a batch time before what is recorded", batch([ENDED_EVENT], recorded_at=T1 - dt.timedelta(days=1)),
             InvalidHistory, "earlier than events already recorded", "person p-17"),
    StoreBad("something not an event in a batch", batch([{"type": "CareEnded", "on": "2022-03-15"}]), InvalidEvent,
             "expected an event", "person p-17"),
    StoreBad("a batch time that UTC cannot hold", batch([ENDED_EVENT], recorded_at=STAMP), InvalidEvent,
             "recorded_at", "person p-17"),
    StoreBad("the wrong key", wrong_key, StoreUnavailable, "cannot be read (the key is wrong)", "stream "),
    StoreBad("no key for an encrypted store", no_key, StoreUnavailable, "cannot be read (it may be encrypted",
             "stream "),
    StoreBad("a malformed key", malformed_key, StoreUnavailable, "must be 16, 24 or 32 bytes", "LEAVINGCARE_KEY",
             secrets=("correct-horse-battery-staple",)),
    StoreBad("writing with the wrong key", write_with_wrong_key, StoreUnavailable, "the key is wrong", "stream "),
    StoreBad("writing without the key of an encrypted store", write_without_key, StoreUnavailable,
             "it may be encrypted", "stream "),
    StoreBad("PostgreSQL unreachable", unreachable_postgres, StoreUnavailable, "cannot be opened",
             "postgresql://postgres@127.0.0.1:1/test", secrets=("s3cret-pw",)),
    StoreBad("an unknown kind of store", unknown_scheme, StoreUnavailable, "is not one of memory, sqlite, postgresql",
             "store URL scheme 'mysql'", secrets=()),
    StoreBad("an SQLite file in a folder that does not exist", missing_folder, StoreUnavailable, "cannot be opened",
             "sqlite:///", secrets=()),
    StoreBad("a damaged row", stored_row("CareEnded/1", lambda store: b"\x00garbage"), StoreUnavailable,
             "cannot be read", "stream "),
    StoreBad("a row of a type no longer known", stored_row("EpisodeEnded/1", sealed({"on": "2022-03-15"})),
             InvalidEvent, "stored type 'EpisodeEnded/1'", "stream "),
    StoreBad("a stored event that no longer validates",
             stored_row("Moved/1", sealed({"on": "2022-03-16", "area": "E07000150", "arrangement": "hostel"})),
             UnknownCode, "not in force on the event's date", "stream ", secrets=(*STORE_SECRETS, "E07000150")),
]  # fmt: skip


def _store_marked(case: StoreBad, *, leaks: bool) -> Any:
    reason = case.bug or (case.leak if leaks else case.vague)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_store_marked(c, leaks=False) for c in STORE_CASES])
def test_bad_store_use_raises_its_typed_error_naming_where(case: StoreBad, tmp_path: Path) -> None:
    _counts["bad inputs tried"] += 1
    with pytest.raises(Exception) as caught:
        case.attempt(tmp_path)
    message = str(caught.value)
    assert type(caught.value) is case.error, f"{type(caught.value).__name__}: {message}"
    assert case.says in message, message
    assert case.where in message, message


@pytest.mark.parametrize("case", [_store_marked(c, leaks=True) for c in STORE_CASES])
def test_bad_store_use_carries_no_personal_values(case: StoreBad, tmp_path: Path) -> None:
    with pytest.raises(Exception) as caught:
        case.attempt(tmp_path)
    message = str(caught.value)
    assert isinstance(caught.value, LeavingCareError), message
    assert [s for s in case.secrets if quoted(s, message)] == [], message


# Fuzzing -------------------------------------------------------------------------------------------------


def fuzz(n: int) -> Any:
    return property_settings(n * SCALE)


def _only_typed_errors(lines: list[str | bytes]) -> None:
    """Reading the lines (as one person, and as people) either succeeds, and the result assesses, or
    raises one of the library's typed errors naming a line, a person or the history."""
    _counts["bad inputs tried"] += 1
    for read in (lc.History.from_jsonl, lambda ls: list(lc.read_people(ls))):
        try:
            result = read(lines)
        except LeavingCareError as exc:
            assert re.match(r"(line \d+|history|person )", str(exc)), str(exc)
            continue
        for history in [h for _, h in result] if isinstance(result, list) else [result]:
            lc.timeline(history)


@fuzz(150)
@given(st.lists(st.binary(max_size=200), max_size=6))
def test_arbitrary_bytes_raise_only_typed_errors(lines: list[bytes]) -> None:
    _only_typed_errors(list(lines))


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.dates().map(dt.date.isoformat),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _mutate(data: st.DataObject, objects: list[dict[str, Any]]) -> list[str | bytes]:
    """One to three random changes to the lines of a valid history, at the JSON or the byte level."""
    lines: list[str | bytes] = [json.dumps(o) for o in objects]
    for _ in range(data.draw(st.integers(1, 3))):
        if not lines:
            break
        n = data.draw(st.integers(0, len(lines) - 1))
        kind = data.draw(st.sampled_from(("value", "drop", "add", "type", "bytes", "cut", "copy", "swap", "person")))
        raw = lines[n]
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        try:
            obj = json.loads(text)
        except ValueError:
            obj = None
        if kind in ("value", "drop", "add", "type", "person") and isinstance(obj, dict) and obj:
            key = data.draw(st.sampled_from(sorted(obj)))
            if kind == "value":
                obj[key] = data.draw(JSON_VALUES)
            elif kind == "drop":
                del obj[key]
            elif kind == "add":
                obj[data.draw(st.text(max_size=8))] = data.draw(JSON_VALUES)
            elif kind == "type":
                obj["type"] = data.draw(st.sampled_from(sorted(ev.EVENT_TYPES)) | st.text(max_size=8))
            else:
                obj["person"] = data.draw(st.sampled_from(("p0", "p1", "", " ")) | JSON_VALUES)
            lines[n] = json.dumps(obj)
        elif kind == "bytes":
            encoded = text.encode("utf-8")
            at = data.draw(st.integers(0, len(encoded)))
            lines[n] = encoded[:at] + data.draw(st.binary(min_size=1, max_size=4)) + encoded[at + 1 :]
        elif kind == "cut":
            lines[n] = text[: data.draw(st.integers(0, len(text)))]
        elif kind == "copy":
            lines.insert(data.draw(st.integers(0, len(lines))), raw)
        elif kind == "swap":
            m = data.draw(st.integers(0, len(lines) - 1))
            lines[n], lines[m] = lines[m], lines[n]
    return lines


@fuzz(150)
@given(histories(), st.data())
def test_mutated_valid_lines_raise_only_typed_errors(history: lc.History, data: st.DataObject) -> None:
    """Valid histories' lines, each with a person (two people, so that ``read_people`` is exercised),
    mutated at random."""
    split = data.draw(st.integers(1, len(history.envelopes)))
    people = [("p0", history)]
    objects = [json.loads(line) for line in person_lines(people)]
    for obj in objects[split:]:
        obj["person"] = "p1"
    if data.draw(st.booleans()):
        for obj in objects:
            obj.pop("id", None)
    _only_typed_errors(_mutate(data, objects))


@fuzz(150)
@given(st.sampled_from(sorted(ev.EVENT_TYPES)), st.dictionaries(st.text(max_size=16), JSON_VALUES, max_size=6),
       st.data())  # fmt: skip
def test_any_fields_under_a_real_type_raise_only_typed_errors(
    kind: str, extra: dict[str, Any], data: st.DataObject
) -> None:
    """An event type with its own fields given random JSON values (or left out), and random others."""
    import attrs

    obj: dict[str, Any] = {"type": kind}
    for field in attrs.fields(ev.EVENT_TYPES[kind]):
        if data.draw(st.integers(0, 4)):
            obj[field.name] = data.draw(JSON_VALUES | st.sampled_from((LA, AREA, "2020-01-10", "E5", "U4", "A1")))
    if data.draw(st.booleans()):
        obj.update(extra)
    born_line = json.dumps({"type": "Born", "on": DOB})
    _only_typed_errors([born_line, json.dumps(obj)])


def test_a_valid_history_with_odd_values_still_reads(tmp_path: Path) -> None:
    """The other side of the catalogue: unusual but valid lines are accepted (blank lines skipped but
    counted, ids of any characters, a zone other than UTC), so the cases above fail for their defect."""
    lines = [
        BORN,
        "",
        "   ",
        j(type="NeedsAssessed", on="2020-01-10", id="événement ✓ 1", recorded_at="2020-01-11T10:00:00+05:30"),
        moved(on="2022-03-16", id="line-5"),
    ]
    history = lc.History.from_jsonl(lines)
    assert [e.line for e in history] == [1, 4, 5]
    assert [e.id for e in history][1:] == ["événement ✓ 1", "line-5"]
    assert evolve(history.envelopes[1], line=None).where == "event événement ✓ 1 (NeedsAssessed)"
