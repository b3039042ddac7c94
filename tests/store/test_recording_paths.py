"""Recording gives the same history whatever the path (DESIGN sections 1, 5 and 7).

Five paths record into the store: ``Store.record``, ``bulk.import_people``, the recorder of
``import-903`` (``interop.people.record_people``), and the ``record`` and ``import`` commands. They
are one service (``leavingcare.store.recording``), and these cases hold it to what an auditor relies
on:

- one order: a person's stream is their lines, in line order, whatever their ``recorded_at``, so
  every path gives the timeline of the file, with no ``known_at``, with a ``known_at`` after the
  recording and, recorded as known from the start, under every ``known_at``;
- one meaning of a missing ``recorded_at``: the time of recording, or, when told, from the start;
  a ``recorded_at`` in the future is refused;
- all or nothing: a refused person leaves the store exactly as it was, whatever the reason and
  wherever the bad line is;
- stamping before checking: a file holding only a retraction of a stored event records it;
- one check a call: a history with a recording time a line is validated once, not once a line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import io
import json
import sqlite3
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.events.codec import encode_envelope, envelope_from
from leavingcare.interop.people import record_people
from leavingcare.store import KEY_VARIABLE, STORE_VARIABLE, open_store
from leavingcare.store.bulk import import_people
from leavingcare.store.ids import timeline_with_ids
from leavingcare.store.recording import KNOWN_FROM_THE_START
from leavingcare.testing import envelope_lists, property_settings
from recorded_ids import file_ids, same_lines
from soak import SCALE

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC
T1 = dt.datetime(2021, 6, 1, 9, 0, tzinfo=UTC)
T2 = dt.datetime(2022, 6, 1, 9, 0, tzinfo=UTC)
SECOND = dt.timedelta(seconds=1)
RECORDER = "caseworker-jd"

PATHS = ("Store.record", "bulk.import_people", "import-903 recorder", "leavingcare record", "leavingcare import")
Line = dict[str, Any]

BORN: Line = {"id": "born", "type": "Born", "on": "2004-03-15"}
STARTED: Line = {
    "id": "start",
    "type": "CareStarted",
    "on": "2019-06-01",
    "authority": "E10000017",
    "legal_status": "V2",
    "placement": "U4",
    "area": "E07000123",
}
ENDED: Line = {"id": "end", "type": "CareEnded", "on": "2022-03-15", "reason": "E8"}


@pytest.fixture(autouse=True)
def no_store_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(STORE_VARIABLE, raising=False)


# Recording through each path ----------------------------------------------------------------------


def envelopes_of(lines: list[Line]) -> list[ev.Envelope]:
    return [envelope_from(dict(line), n, f"line {n}") for n, line in enumerate(lines, start=1)]


def history_or_lines(lines: list[Line]) -> lc.History | list[ev.Envelope]:
    """The lines as ``read_people`` gives them (a ``History``) when they hold together on their own."""
    envelopes = envelopes_of(lines)
    try:
        return lc.History(envelopes)
    except lc.LeavingCareError:
        return envelopes


def write_lines(path: Path, lines: list[Line], person: str | None = None) -> Path:
    named = [{"person": person, **line} if person is not None else line for line in lines]
    path.write_text("".join(json.dumps(line) + "\n" for line in named), encoding="utf-8")
    return path


def record_via(
    path: str, url: str, person: str, lines: list[Line], *, known_from_the_start: bool = False, by: str = RECORDER
) -> str | None:
    """Record one person's lines (JSONL objects) through ``path``: None when they were recorded, else
    what the path said about refusing them."""
    if path.startswith("leavingcare "):
        command = path.split()[1]
        folder = Path(url.removeprefix("sqlite:///")).parent
        file = write_lines(folder / f"{uuid.uuid4().hex}.jsonl", lines, person if command == "import" else None)
        argv = [command, *([person] if command == "record" else []), str(file), "--store", url, "--by", by]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            status = main([*argv, *(["--known-from-the-start"] if known_from_the_start else [])])
        return None if status == 0 else err.getvalue()
    with open_store(url) as store:
        if path == "Store.record":
            try:
                store.record(person, envelopes_of(lines), recorded_by=by, known_from_the_start=known_from_the_start)
            except (lc.LeavingCareError, ValueError) as exc:
                return str(exc)
            return None
        if path == "bulk.import_people":
            try:  # a line the reader refuses is handed on as the person's error, as the import command does
                given: lc.History | list[ev.Envelope] | lc.LeavingCareError = history_or_lines(lines)
            except lc.LeavingCareError as exc:
                given = exc
            pairs = [(person, given)]
            summary = import_people(store, pairs, recorded_by=by, known_from_the_start=known_from_the_start)
            return "; ".join(str(f.error) for f in summary.failures) or None
        assert path == "import-903 recorder" and not known_from_the_start
        try:
            history = lc.History(envelopes_of(lines))
        except lc.LeavingCareError as exc:
            return str(exc)
        return "; ".join(r.error for r in record_people(store, [(person, history)], recorded_by=by) if r.error) or None


def paths_for(known_from_the_start: bool) -> tuple[str, ...]:
    """Every path that can record that way (``import-903`` always records its rows as learned now)."""
    return tuple(p for p in PATHS if not (known_from_the_start and p == "import-903 recorder"))


def stored(url: str, person: str) -> lc.History:
    with open_store(url) as store:
        return store.history(person)


def seen(history: lc.History, known_at: dt.datetime | None, names: dict[str, str] | None = None) -> object:
    """What an auditor sees: the findings and concerns as known at ``known_at``, or the error; with
    ``names``, each event id read as the file's (``recorded_ids``)."""
    try:
        timeline = lc.timeline(history, known_at=known_at)
    except lc.LeavingCareError as exc:
        message = str(exc)
        for stored_id, file_id in (names or {}).items():
            message = message.replace(stored_id, file_id)
        return type(exc).__name__, message
    if names:
        timeline = timeline_with_ids(timeline, names)
    return timeline.findings, timeline.concerns


def moments(history: lc.History) -> list[dt.datetime | None]:
    """Every ``known_at`` that can show something different: each recording time, the instant
    before it, a time before anything and none at all."""
    stamps = sorted({e.recorded_at.astimezone(UTC) for e in history if e.recorded_at is not None})
    return [None, dt.datetime(1000, 1, 1, tzinfo=UTC), *(t + d for t in stamps for d in (-SECOND, dt.timedelta()))]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


# 1. One order ---------------------------------------------------------------------------------------

MOVED_AWAY: Line = {"type": "Moved", "on": "2022-03-15", "area": "E07000117", "arrangement": "supported"}
MOVED_BACK: Line = {"type": "Moved", "on": "2022-03-15", "area": "E07000123", "arrangement": "relative"}


def moves(first: Line, second: Line) -> list[Line]:
    """Care ends on 15 March 2022; two moves, the first line recorded later than the second."""
    return [
        BORN,
        STARTED,
        ENDED,
        {**first, "id": "first-move", "recorded_at": "2022-03-20T09:00:00Z"},
        {**second, "id": "second-move", "recorded_at": "2022-03-16T09:00:00Z"},
    ]


@pytest.mark.parametrize("path", PATHS)
def test_two_moves_on_the_same_day_follow_line_order_not_recording_time(path: str, url: str) -> None:
    """DESIGN section 1 and HA 1996 s199(1)(a) (normal residence, for local connection): of two moves
    on the same day the later line is where the young person lives, whatever the lines'
    ``recorded_at``. The store used to keep them grouped by recording time, so it put the young
    person in the other district."""
    lines = moves(MOVED_AWAY, MOVED_BACK)
    assert not record_via(path, url, "p1", lines)
    history = stored(url, "p1")
    assert [e.id for e in history] == ["born", "start", "end", "first-move", "second-move"]
    from_file = lc.History(envelopes_of(lines))
    assert history.facts.residence[-1].area == from_file.facts.residence[-1].area == "E07000123"
    assert seen(history, None) == seen(from_file, None)


@pytest.mark.parametrize("path", PATHS)
def test_two_moves_a_day_apart_follow_their_dates_whatever_the_line_order(path: str, url: str) -> None:
    """The day after: a move dated later is where the young person lives, in whichever line it is."""
    lines = moves({**MOVED_BACK, "on": "2022-03-16"}, MOVED_AWAY)
    assert not record_via(path, url, "p1", lines)
    assert stored(url, "p1").facts.residence[-1].area == "E07000123"


@pytest.mark.parametrize("path", paths_for(known_from_the_start=True))
def test_every_path_records_a_file_alike(path: str, tmp_path: Path) -> None:
    """W3 (a release known only once the sentence was recorded): recorded as known from the start,
    every path stores the same ids, events, recording times and recorders, in file order. Two
    importers used to stamp the release from different dates."""
    lines = [json.loads(line) for line in (ROOT / "examples" / "w03_detained_on_16th_birthday.jsonl").open()]
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert not record_via(path, url, "w03", lines, known_from_the_start=True)
    expected = [
        (e.id, e.event, e.recorded_at or KNOWN_FROM_THE_START, RECORDER) for e in lc.History(envelopes_of(lines))
    ]
    assert [(e.id, e.event, e.recorded_at, e.recorded_by) for e in stored(url, "w03")] == expected


@st.composite
def files(draw: st.DrawFn) -> list[Line]:
    """A valid history's lines with same-day events and mixed ``recorded_at``, in any line order."""
    envelopes = draw(envelope_lists())
    lines = [encode_envelope(e) for e in lc.History.of(envelopes)]
    return draw(st.permutations(lines))


CHECKS = property_settings(
    max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.mark.parametrize("path", PATHS)
@CHECKS
@given(lines=files())
def test_every_path_gives_the_files_timeline_now_and_after_the_recording(
    tmp_path: Path, lines: list[Line], path: str
) -> None:
    """Any history, recorded as learned now: with no ``known_at`` and with a ``known_at`` after the
    recording, the store's timeline is the file's (each event id read as the file's: the store gives
    its own to the lines named by their content)."""
    url, person = f"sqlite:///{tmp_path / 'now.sqlite'}", f"p-{uuid.uuid4().hex}"
    from_file = lc.History(envelopes_of(lines))
    assert not record_via(path, url, person, lines)
    after = dt.datetime.now(UTC) + SECOND
    history = stored(url, person)
    names = file_ids(history.envelopes, from_file.envelopes)
    assert len(history) == len(from_file)
    for known_at in (None, after):
        assert seen(history, known_at, names) == seen(from_file, known_at), known_at


@pytest.mark.parametrize("path", paths_for(known_from_the_start=True))
@CHECKS
@given(lines=files())
def test_every_path_gives_the_files_timeline_under_every_known_at_when_known_from_the_start(
    tmp_path: Path, lines: list[Line], path: str
) -> None:
    """Any history, recorded as known from the start: under every ``known_at`` (each recording time,
    the instant before it, before anything), the store's timeline, or the error its view raises, is
    the file's."""
    url, person = f"sqlite:///{tmp_path / 'start.sqlite'}", f"p-{uuid.uuid4().hex}"
    from_file = lc.History(envelopes_of(lines))
    assert not record_via(path, url, person, lines, known_from_the_start=True)
    history = stored(url, person)
    names = file_ids(history.envelopes, from_file.envelopes)
    for known_at in moments(from_file):
        assert seen(history, known_at, names) == seen(from_file, known_at), known_at


def _population() -> ModuleType:
    spec = importlib.util.spec_from_file_location("population", ROOT / "benchmarks" / "population.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("population", module)
    spec.loader.exec_module(module)
    return module


POPULATION = 40 * SCALE
SAME_DAY_LATE = (1963, 3493, 4378, 4421, 6003, 6004, 6723, 6937, 7085, 7879, 8708)
"""The people of the 10,000 drawn with seed 1 whose timelines from the store differed from the file's
when the store kept a person's lines grouped by recording time (same-day events recorded apart)."""


def differences(
    url: str, people: dict[str, lc.History], known: Callable[[lc.History], list[Any]], files: dict[Any, object]
) -> list[str]:
    """The people (and moments) whose timeline from the store is not the file's (``files`` keeps what
    the file shows, for the next path)."""
    found = []
    with open_store(url) as store:
        held = dict(store.histories())
    for person, from_file in people.items():
        history = held.get(person)
        if history is None or not same_lines(history.envelopes, from_file.envelopes):
            found.append(f"{person}: stream")
            continue
        names = file_ids(history.envelopes, from_file.envelopes)
        for t in known(from_file):
            if (person, t) not in files:
                files[person, t] = seen(from_file, t)
            if seen(history, t, names) != files[person, t]:
                found.append(f"{person} at {t}")
    return found


def now_and_after(after: dt.datetime) -> Callable[[lc.History], list[dt.datetime | None]]:
    return lambda _: [None, after]


def test_the_benchmark_population_records_alike_through_every_path(tmp_path: Path) -> None:
    """The benchmark population (``benchmarks/population.py``, seed 1: same-day events, lines recorded
    late), its first people and those whose timelines used to differ, recorded through every path:
    no person's timeline differs from the file's, with no ``known_at`` or one after the recording,
    nor, recorded as known from the start, under any ``known_at``."""
    population = _population()
    drawn = [*range(POPULATION), *SAME_DAY_LATE]
    file = write_lines(tmp_path / "people.jsonl", [line for i in drawn for line in population.person_lines(i, seed=1)])
    people = dict(lc.read_people(file))
    lines = {person: [encode_envelope(e) for e in history] for person, history in people.items()}
    found: dict[str, list[str]] = {}
    files: dict[Any, object] = {}
    for known_from_the_start in (False, True):
        for path in paths_for(known_from_the_start):
            url = f"sqlite:///{tmp_path / f'{len(found)}.sqlite'}"
            if path == "leavingcare import":
                argv = ["import", str(file), "--store", url, *(["--known-from-the-start"] * known_from_the_start)]
                assert main(argv) == 0
            elif path == "bulk.import_people":
                with open_store(url) as store:
                    summary = import_people(
                        store, lc.read_people(file), recorded_by=RECORDER, known_from_the_start=known_from_the_start
                    )
                    assert summary.ok
            else:
                for person, person_lines in lines.items():
                    assert not record_via(path, url, person, person_lines, known_from_the_start=known_from_the_start)
            known = moments if known_from_the_start else now_and_after(dt.datetime.now(UTC) + SECOND)
            found[f"{path}{' --known-from-the-start' if known_from_the_start else ''}"] = differences(
                url, people, known, files
            )
    assert {path: len(diff) for path, diff in found.items()} == dict.fromkeys(found, 0), found


# 2. One meaning of a missing recorded_at ----------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_line_without_recorded_at_is_stamped_with_the_time_of_recording(path: str, url: str) -> None:
    """DESIGN section 5: the store records when it learned something. Whether or not another line
    carries a ``recorded_at``, a line without one is stamped with the time of recording (the
    ``record`` command used to take such lines as known from the start when another line had one)."""
    before = dt.datetime.now(UTC)
    assert not record_via(path, url, "p1", [BORN, STARTED, {**ENDED, "recorded_at": T2.isoformat()}])
    stamps = [e.recorded_at for e in stored(url, "p1")]
    assert stamps[2] == T2
    assert stamps[0] == stamps[1] and stamps[0] is not None and before <= stamps[0] <= dt.datetime.now(UTC)


@pytest.mark.parametrize("path", paths_for(known_from_the_start=True))
def test_known_from_the_start_stamps_a_line_without_recorded_at_before_any_known_at(path: str, url: str) -> None:
    """DESIGN section 5, migrating a history whose knowledge time is unknown: the line is in every
    view, as in the file; a line with its own ``recorded_at`` keeps it."""
    assert not record_via(
        path, url, "p1", [BORN, STARTED, {**ENDED, "recorded_at": T2.isoformat()}], known_from_the_start=True
    )
    history = stored(url, "p1")
    assert [e.recorded_at for e in history] == [KNOWN_FROM_THE_START, KNOWN_FROM_THE_START, T2]
    assert [e.id for e in history.known_at(dt.datetime(1, 1, 1, tzinfo=UTC))] == ["born", "start"]


@pytest.mark.parametrize("path", PATHS)
def test_a_recorded_at_a_moment_ago_is_taken(path: str, url: str) -> None:
    """The instant before the recording: a line learned a second ago is recorded with that time."""
    moment = dt.datetime.now(UTC) - SECOND
    assert not record_via(path, url, "p1", [BORN, {**STARTED, "recorded_at": moment.isoformat()}])
    assert stored(url, "p1").envelopes[1].recorded_at == moment


@pytest.mark.parametrize("path", PATHS)
def test_a_recorded_at_in_the_future_is_refused(path: str, url: str) -> None:
    """DESIGN section 5: a ``recorded_at`` in the future is refused, and nothing is recorded."""
    future = dt.datetime.now(UTC) + dt.timedelta(minutes=5)
    error = record_via(path, url, "p1", [BORN, {**STARTED, "recorded_at": future.isoformat()}])
    assert error is not None and "line 2 (CareStarted): field 'recorded_at' is in the future" in error
    with open_store(url) as store:
        assert list(store.people()) == []


# 3. All or nothing ----------------------------------------------------------------------------------


def rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of an SQLite store."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}


LATE = "2022-06-01T09:00:00Z"
RETRACTED: Line = {"id": "fix", "type": "Retracted", "on": "2022-04-01", "target": "end"}
REFUSALS: dict[str, tuple[str, list[Line], str]] = {
    "a history that does not hold together": ("new", [BORN, ENDED], "line 2 (CareEnded): is outside any care episode"),
    "a second Born late": (
        "new",
        [BORN, STARTED, {**BORN, "id": "again", "recorded_at": LATE}],
        "line 3 (Born): a second Born event",
    ),
    "a recorder over 200 characters in a late line": (
        "new",
        [BORN, STARTED, {**ENDED, "recorded_at": LATE, "recorded_by": "x" * 201}],
        "line 3 (CareEnded): field 'recorded_by' must be at most 200 characters",
    ),
    "a blank recorder in a late line": (
        "new",
        [BORN, STARTED, {**ENDED, "recorded_at": LATE, "recorded_by": " "}],
        "line 3 (CareEnded): field 'recorded_by' must be a non-empty string",
    ),
    "an id that cannot be encoded in a late line": (
        "new",
        [BORN, STARTED, {**ENDED, "id": "\ud800", "recorded_at": LATE}],
        "lone surrogate",
    ),
    "a recorded_at in the future": (
        "new",
        [BORN, STARTED, {**ENDED, "recorded_at": "2999-01-01T00:00:00Z"}],
        "line 3 (CareEnded): field 'recorded_at' is in the future",
    ),
    "a retraction recorded before its event": (
        "new",
        [BORN, STARTED, {**ENDED, "recorded_at": LATE}, {**RETRACTED, "recorded_at": "2022-05-01T00:00:00Z"}],
        "line 4 (Retracted): is recorded before the event it retracts",
    ),
    "an id recorded before for another event": ("kept", [{**ENDED, "id": "born"}], "(CareEnded): "),
    "a recorded_at before what is recorded": (
        "kept",
        [{**ENDED, "recorded_at": "2020-01-01T00:00:00Z"}],
        "(CareEnded): recorded_at is earlier than events already recorded",
    ),
    "a person id over 200 characters": ("q" * 201, [BORN], "must be at most 200 characters"),
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("reason", list(REFUSALS))
def test_a_refused_person_leaves_the_store_exactly_as_it_was(path: str, reason: str, url: str) -> None:
    """DESIGN section 5: nothing from a refused person is stored, wherever the bad line is (a late
    recorder used to leave the earlier lines, and the Born, stored)."""
    assert not record_via(path, url, "kept", [BORN, STARTED], by="first")
    before = rows(url)
    person, lines, says = REFUSALS[reason]
    if person == "kept" and path == "import-903 recorder":  # a later return repeats what was recorded
        lines = [BORN, STARTED, *lines]
    error = record_via(path, url, person, lines)
    assert error is not None and says in error, error
    assert rows(url) == before


@pytest.mark.parametrize("command", ["record", "import"])
def test_a_refused_command_line_says_so_and_writes_nothing(command: str, url: str, tmp_path: Path) -> None:
    """The commands name the person and the line; ``import`` reports the person as skipped."""
    assert not record_via(f"leavingcare {command}", url, "kept", [BORN], by="first")
    before = rows(url)
    late = {**ENDED, "recorded_at": LATE, "recorded_by": "x" * 201}
    file = write_lines(tmp_path / "p.jsonl", [BORN, STARTED, late], "p1" if command == "import" else None)
    argv = [command, *(["p1"] if command == "record" else []), str(file), "--store", url]
    assert main(argv) == (1 if command == "import" else 2)
    assert rows(url) == before


def test_a_stale_expected_version_writes_nothing(url: str) -> None:
    """``expected_version`` read before another writer appended: refused, nothing written."""
    with open_store(url) as store:
        store.record("kept", envelopes_of([BORN, STARTED]), recorded_by="first")
        before = rows(url)
        with pytest.raises(lc.ConcurrencyError):
            store.record("kept", envelopes_of([ENDED]), recorded_by=RECORDER, expected_version=1)
    assert rows(url) == before


# 3. Stamping before checking ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [p for p in PATHS if p != "import-903 recorder"])
def test_a_file_holding_only_a_retraction_of_a_stored_event_records_it(path: str, url: str) -> None:
    """README, the store: a mistake is corrected with a ``Retracted`` event. The retraction is stamped
    with the time of recording before the history is checked, so it is recorded after its target;
    it used to be refused as "recorded before the event it retracts"."""
    assert not record_via(path, url, "p1", [BORN, STARTED, ENDED])
    assert not record_via(path, url, "p1", [RETRACTED])
    history = stored(url, "p1")
    assert [e.id for e in history] == ["born", "start", "end", "fix"]
    assert history.facts.episodes[0].period.until is None


def test_a_retraction_recorded_the_same_second_as_its_event_is_taken(url: str) -> None:
    """The boundary, in one file: a retraction recorded the same second as its event is recorded."""
    lines = [BORN, STARTED, {**ENDED, "recorded_at": LATE}, {**RETRACTED, "recorded_at": LATE}]
    for path in PATHS:
        assert not record_via(path, url, f"p-{path}", lines), path


def test_a_retraction_recorded_a_second_before_its_event_is_refused(url: str) -> None:
    """... and one recorded a second earlier is refused: a view would hold it without its target."""
    earlier = (dt.datetime.fromisoformat(LATE) - SECOND).isoformat()
    lines = [BORN, STARTED, {**ENDED, "recorded_at": LATE}, {**RETRACTED, "recorded_at": earlier}]
    for path in PATHS:
        error = record_via(path, url, f"p-{path}", lines)
        assert error is not None and "line 4 (Retracted): is recorded before the event it retracts" in error, path


# 3. One check a call --------------------------------------------------------------------------------


@pytest.fixture
def folds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times a history is folded (validated)."""
    import leavingcare.history as history_module

    counted: list[int] = []
    fold = history_module.fold

    def counting(envelopes: Any) -> Any:
        counted.append(len(envelopes))
        return fold(envelopes)

    monkeypatch.setattr(history_module, "fold", counting)
    yield counted


@pytest.mark.parametrize("path", PATHS)
def test_a_history_with_a_recording_time_a_line_is_checked_once(
    path: str, url: str, folds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording is linear in the events: 300 assessments, each recorded a minute after the one
    before, are checked as one history, not once for each recording time."""
    start = dt.datetime(2020, 1, 1, tzinfo=UTC)
    lines = [BORN] + [
        {"type": "NeedsAssessed", "on": (dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat(),
         "recorded_at": (start + dt.timedelta(minutes=n)).isoformat()}
        for n in range(300)
    ]  # fmt: skip
    assert not record_via(path, url, "p1", lines)
    assert len(folds) <= 3, folds
