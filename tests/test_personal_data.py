"""Personal data stays out of messages and logs (STYLE "Errors say what and where"; SECURITY.md).

Representative bad input is run through the library and through the ``leavingcare`` command, with
Python ``logging`` captured at DEBUG from every logger (the library's, eventsourcing's, psycopg's),
and everything said is scanned for the values the input gave: dates (of birth above all), authority
and area codes, SSDA903 codes, living arrangements, free text, recorders' names, passwords. Only ids
(person ids, event ids, line numbers, stream ids) and the rule broken may appear. An error's chained
causes are scanned too, as a service that logs the exception would print them.

Cases marked ``leak`` show a known leak (the reason says what): expected to fail, strictly.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import re
import subprocess
import sys
import textwrap
import traceback
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

import leavingcare as lc
import leavingcare.events
from leavingcare.cli import main
from leavingcare.store import KEY_VARIABLE, STORE_VARIABLE, new_key
from leavingcare.store.config import resolve_key

ROOT = Path(__file__).resolve().parents[1]
_counts: Counter[str] = Counter()

CODE_QUOTED = (
    "UnknownCode messages name the GSS code given (asserted by tests/test_codec.py); an area code says where "
    "a young person lived or was placed"
)

DOB = "2004-03-15"
LA, AREA, OTHER_AREA = "E10000017", "E07000123", "E07000117"
CASEWORKER = "caseworker-jd"
PASSWORD = "s3cret-pw"
ON = "2024-06-01"


@pytest.fixture(autouse=True)
def everything_logged(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """DEBUG from every logger, including those eventsourcing quietens on import."""
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(STORE_VARIABLE, raising=False)
    for name in (None, "leavingcare", "eventsourcing", "psycopg", "psycopg.pool"):
        caplog.set_level(logging.DEBUG, logger=name)


def obj(**fields: Any) -> dict[str, Any]:
    return fields


BORN = obj(type="Born", on=DOB, id="b1")
CARE = obj(type="CareStarted", on="2019-06-01", authority=LA, legal_status="V2", placement="U4", area=AREA, id="c1")
ENDED = obj(type="CareEnded", on="2022-03-15", reason="E5", id="c2")
MOVED = obj(type="Moved", on="2022-03-16", area=OTHER_AREA, arrangement="bed_and_breakfast", id="m1")
APPLIED = obj(type="HomelessnessApplication", on="2022-05-01", application="A1", authority=OTHER_AREA,
              appears_homeless=True, id="h1")  # fmt: skip
GOOD = [BORN, CARE, ENDED, MOVED, APPLIED]

IDS = frozenset({"type", "id", "person", "application", "offer", "target"})


def secrets_in(objects: list[dict[str, Any]]) -> set[str]:
    """Every field value of the lines (ids and types excepted)."""
    found = {CASEWORKER, PASSWORD}
    for line in objects:
        for key, value in line.items():
            if key not in IDS and isinstance(value, str) and len(value.strip()) >= 2:
                found.add(value)
    return found


def leaked(secrets: set[str], *texts: str) -> list[str]:
    text = "\n".join(texts)
    _counts["messages scanned"] += len(texts)
    return sorted(s for s in secrets if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text))


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every record: its formatted message, its raw arguments and any exception it carries."""
    out = []
    for record in caplog.records:
        out.append(record.getMessage())
        out.append(repr(record.args))
        if record.exc_info and record.exc_info[1] is not None:
            out.append("".join(traceback.format_exception_only(record.exc_info[1])))
    return out


def chain(exc: BaseException) -> str:
    """The messages of an error and of every cause a traceback would print."""
    parts = []
    current: BaseException | None = exc
    while current is not None:
        parts.append("".join(traceback.format_exception_only(current)))
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    return "\n".join(parts)


def write(path: Path, objects: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    return path


# Bad histories, one of each kind of defect -------------------------------------------------------------
BAD: dict[str, list[dict[str, Any]]] = {
    "event before birth": [*GOOD, obj(type="NeedsAssessed", on="2003-01-10")],
    "unknown field": [*GOOD, {**obj(type="NeedsAssessed", on="2020-01-10"), "postcode": "PR1 2AB"}],
    "impossible date": [*GOOD, obj(type="NeedsAssessed", on="2022-02-30")],
    "overlapping episodes": [BORN, CARE, {**CARE, "on": "2020-01-01", "id": "c3"}, ENDED],
    "unknown legal status": [BORN, {**CARE, "legal_status": "Q7"}, ENDED],
    "unknown arrangement": [*GOOD, {**MOVED, "arrangement": "caravan", "id": "m2"}],
    "recorded_at without zone": [*GOOD, obj(type="NeedsAssessed", on="2020-01-10", recorded_at="2020-01-11T10:00")],
    "repeated id": [*GOOD, obj(type="NeedsAssessed", on="2020-01-10", id="b1")],
    "unknown application": [*GOOD, obj(type="Homeless", on="2022-05-02", application="A-404")],
    "retraction of an unknown id": [*GOOD, obj(type="Retracted", on="2022-04-01", target="no-such-event")],
    "a district as an authority": [BORN, {**CARE, "authority": AREA}, ENDED],
}
LEAKS: dict[str, str] = {}

COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "assess": lambda file, _: ["assess", str(file), "--on", ON],
    "assess json": lambda file, _: ["assess", str(file), "--on", ON, "--format", "json"],
    "timeline": lambda file, _: ["timeline", str(file)],
    "explain": lambda file, _: ["explain", str(file), "--on", ON, "personal_adviser"],
    "report": lambda file, _: ["report", str(file), "--on", ON, "--html", "-"],
    "worklist": lambda file, _: ["worklist", str(file), "--on", ON],
    "export-cases": lambda file, _: ["export-cases", str(file), "--from", "2020-01-01", "--to", ON],
    "record": lambda file, store: ["record", "p-17", str(file), "--by", CASEWORKER, "--store", f"sqlite:///{store}"],
}


def _param(name: str) -> Any:
    marks = [pytest.mark.xfail(reason=LEAKS[name], strict=True)] if name in LEAKS else []
    return pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("defect", [_param(name) for name in BAD])
def test_the_library_says_nothing_of_the_values_in_bad_input(defect: str, caplog: pytest.LogCaptureFixture) -> None:
    """``History.from_jsonl`` and ``read_people``: the error, its causes and the logs name no value."""
    objects = BAD[defect]
    lines = [json.dumps(o) for o in objects]
    people = [json.dumps({"person": "p-17", **o}) for o in objects]
    said = []
    for read in (lambda: lc.History.from_jsonl(lines), lambda: list(lc.read_people(people))):
        with pytest.raises(lc.LeavingCareError) as caught:
            read()
        said.append(chain(caught.value))
    assert leaked(secrets_in(objects), *said, *logged(caplog)) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("defect", [_param(name) for name in BAD])
def test_the_command_says_nothing_of_the_values_in_bad_input(
    defect: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """Each command exits 2 with one line on stderr naming the line or id; nothing else is said."""
    objects = BAD[defect]
    file = write(tmp_path / "history.jsonl", objects)
    status = main(COMMANDS[command](file, tmp_path / "store.sqlite"))
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    assert re.search(r"line \d+|history|person p-17", err), err
    assert leaked(secrets_in(objects), out, err, *logged(caplog)) == []


def test_import_reports_skipped_people_by_id_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """``import`` of several people, some refused: each refusal is reported by person id and line,
    and neither the report nor the progress bar nor the logs carry a value."""
    objects = []
    for n, (name, defect) in enumerate(BAD.items()):
        if name not in LEAKS:
            objects += [{"person": f"p-{n}", **o} for o in defect]
    objects += [{"person": "p-good", **o} for o in GOOD]
    file = write(tmp_path / "people.jsonl", objects)
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    status = main(["import", str(file), "--by", CASEWORKER, "--progress", "--store", store])
    out, err = capsys.readouterr()
    assert status in (1, 2), (out, err)
    assert "p-" in err
    assert leaked(secrets_in(objects), out, err, *logged(caplog)) == []


def test_assess_all_reports_a_bad_person_naming_only_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    objects = [{"person": "p-bad", **o} for o in BAD["impossible date"]] + [{"person": "p-good", **o} for o in GOOD]
    file = write(tmp_path / "people.jsonl", objects)
    status = main(["assess", "--all", str(file), "--on", ON])
    out, err = capsys.readouterr()
    record = json.loads(out.splitlines()[0])
    assert status == 1 and record["person"] == "p-bad" and record["error"]["where"].startswith("line")
    assert json.loads(out.splitlines()[1])["person"] == "p-good"
    assert leaked(secrets_in(objects), record["error"]["where"], record["error"]["reason"], err, *logged(caplog)) == []


def test_store_failures_name_the_store_and_ids_only(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wrong key, no key, a malformed key, an unreachable PostgreSQL with a password in its URL:
    each exits 2 naming the store or a stream id, never a key, a password or an event's values."""
    file = write(tmp_path / "history.jsonl", GOOD)
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    key = new_key()
    monkeypatch.setenv(KEY_VARIABLE, key)
    assert main(["record", "p-17", str(file), "--by", CASEWORKER, "--store", store]) == 0
    capsys.readouterr()
    secrets = secrets_in(GOOD) | {key}
    runs: list[tuple[str | None, list[str]]] = [
        (new_key(), ["people", "--store", store]),
        (new_key(), ["assess", "--person", "p-17", "--on", ON, "--store", store]),
        (None, ["timeline", "--person", "p-17", "--store", store]),
        (None, ["worklist", "--on", ON, "--store", store]),
        ("not base64 at all", ["people", "--store", store]),
        (None, ["people", "--store", f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/test?connect_timeout=1"]),
    ]
    for run_key, argv in runs:
        if run_key is None:
            monkeypatch.delenv(KEY_VARIABLE, raising=False)
        else:
            monkeypatch.setenv(KEY_VARIABLE, run_key)
        status = main(argv)
        out, err = capsys.readouterr()
        assert status == 2, (argv, out, err)
        assert leaked(secrets | ({run_key} if run_key else set()), out, err) == [], argv
    assert leaked(secrets, *logged(caplog)) == []


def test_a_successful_import_logs_no_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing is logged or said on stderr, even at DEBUG, that carries an event's values, when all goes well."""
    objects = [{"person": f"p-{n}", **o, "id": f"{o['id']}-{n}"} for n in range(3) for o in GOOD]
    file = write(tmp_path / "people.jsonl", objects)
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert main(["import", str(file), "--by", CASEWORKER, "--progress", "--store", store]) == 0
    _, err = capsys.readouterr()
    assert leaked(secrets_in(objects), err, *logged(caplog)) == []


def test_postgres_logs_carry_no_values_or_password(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """psycopg and its pool log connection attempts at DEBUG: no password, and no event values."""
    try:
        psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3").close()
    except psycopg.OperationalError:
        if os.environ.get("LEAVINGCARE_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is unreachable (LEAVINGCARE_REQUIRE_POSTGRES=1 requires it)")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable (set LEAVINGCARE_REQUIRE_POSTGRES=1 to fail)")
    schema = f"lc_pd_{uuid.uuid4().hex[:10]}"
    file = write(tmp_path / "people.jsonl", [{"person": "p-1", **o} for o in GOOD])
    try:
        status = main(["import", str(file), "--by", CASEWORKER, "--store",
                       f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"])  # fmt: skip
        _, err = capsys.readouterr()
        assert status == 0, err
        assert leaked(secrets_in(GOOD), err, *logged(caplog)) == []
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(psycopg.sql.Identifier(schema)))


SSDA903_HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1001,1,15/03/2004,WBRI,,,\n1002,2,31/02/2005,WBRI,,,\n"
SSDA903_EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    "1001,01/06/2019,S,Q7,N1,U4,PR1,15/03/2022,E5,,ZZ99 9,LS6 2,\n"
    "1001,01/06/2020,S,C2,N1,X9,PR1,,,,ZZ99 9,LS6 2,\n"
    "1002,12/12/2019,S,C2,N1,U4,PR1,10/10/2019,E5,,ZZ99 9,BD7 1,\n"
)


def test_the_ssda903_import_report_names_child_ids_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """``import-903`` with rejected rows: the report on stderr names files, lines and CHILD ids."""
    header, episodes = tmp_path / "header.csv", tmp_path / "episodes.csv"
    header.write_text(SSDA903_HEADER, encoding="utf-8")
    episodes.write_text(SSDA903_EPISODES, encoding="utf-8")
    status = main(["import-903", "--header", str(header), "--episodes", str(episodes), "--authority", "E08000035",
                   "--out", str(tmp_path / "out.jsonl")])  # fmt: skip
    _, err = capsys.readouterr()
    assert status in (0, 1, 2), err
    assert "rejected" in err or "1001" in err, err
    secrets = {"15/03/2004", "31/02/2005", "01/06/2019", "15/03/2022", "01/06/2020", "12/12/2019", "10/10/2019", "Q7",
               "X9", "ZZ99 9", "LS6 2", "BD7 1", "2004-03-15"}  # fmt: skip
    assert leaked(secrets, err, *logged(caplog)) == []


# Event ids the store gives -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, new_key()], ids=["random ids without a key", "keyed ids with a key"])
def test_an_event_id_in_a_message_does_not_give_away_the_date_of_birth(key: str | None) -> None:
    """A store refusing a second ``Born`` names both events by id; no id may let a reader of the
    message work the date of birth out. The store gives an event without an id of its own a random id
    (no key) or a keyed hash (with a key), never one derived from its content alone, which trying every
    date used to reverse in a fraction of a second (SECURITY.md)."""
    from leavingcare.events.codec import content_id

    with lc.open_store("memory://", key=key) as store:
        store.record("p-17", [lc.events.Born(on=dt.date.fromisoformat(DOB))], recorded_by=CASEWORKER)
        with pytest.raises(lc.InvalidHistory) as caught:
            store.record("p-17", [lc.events.Born(on=dt.date(2005, 1, 1))], recorded_by=CASEWORKER)
    named = set(re.findall(r"event ([^ ]+) \(Born\)", str(caught.value)))
    assert len(named) == 2, caught.value
    day, found = dt.date(1980, 1, 1), []
    while day < dt.date(2030, 1, 1):
        if content_id(lc.events.Born(on=day)) in named:
            found.append(day.isoformat())
        day += dt.timedelta(days=1)
    assert found == [], f"the message {caught.value} gives away {found}"


# SECURITY.md cannot rot -------------------------------------------------------------------------------------
SECURITY = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^( *)```(\w+)\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)


def security_blocks(language: str) -> list[str]:
    return [textwrap.dedent(body) for _, lang, body in BLOCK.findall(SECURITY) if lang == language]


def test_security_md_makes_keys_the_store_accepts() -> None:
    shell, *_ = security_blocks("sh")
    code = re.search(r'python -c "(.*)"', shell)
    assert code is not None
    out = subprocess.run([sys.executable, "-c", code.group(1)], capture_output=True, text=True, check=True).stdout
    key = out.strip()
    assert len(base64.b64decode(key, validate=True)) == 32
    assert resolve_key(key) == key


def test_security_md_key_check_refuses_the_wrong_key(tmp_path: Path) -> None:
    check, _ = security_blocks("python")
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with lc.open_store(url, key=new_key()) as store:
        store.record("p-17", [lc.events.Born(on=dt.date.fromisoformat(DOB))], recorded_by=CASEWORKER)
        exec(compile(check, "SECURITY.md key check", "exec"), {"store": store})
    for key in (new_key(), None):
        with lc.open_store(url, key=key) as store, pytest.raises(lc.StoreUnavailable, match="cannot be read"):
            exec(compile(check, "SECURITY.md key check", "exec"), {"store": store})


def test_security_md_rotation_copies_every_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented procedure, run as written: every history, recording time and recorder is copied
    into a store under the new key, which the old key cannot read; run again, it refuses to replace it."""
    _, rotation = security_blocks("python")
    old_url, new_url = f"sqlite:///{tmp_path / 'old.sqlite'}", f"sqlite:///{tmp_path / 'new.sqlite'}"
    old_key, fresh_key = new_key(), new_key()
    first = dt.datetime(2019, 6, 3, 9, 0, tzinfo=dt.UTC)
    with lc.open_store(old_url, key=old_key) as old:
        history = lc.History.from_jsonl([json.dumps(o) for o in GOOD])
        old.record("p-17", history.envelopes[:2], recorded_by=CASEWORKER, recorded_at=first)
        old.record("p-17", history.envelopes[2:], recorded_by="caseworker-kw", recorded_at=first.replace(year=2022))
        old.record("p-18", [lc.events.Born(on=dt.date(2005, 1, 1))], recorded_by=CASEWORKER)
    for name, value in (("OLD_STORE", old_url), ("OLD_KEY", old_key), ("NEW_STORE", new_url), ("NEW_KEY", fresh_key)):
        monkeypatch.setenv(name, value)
    exec(compile(rotation, "SECURITY.md rotation", "exec"), {"__name__": "rotation"})
    with pytest.raises(lc.StoreUnavailable, match="there already"):  # never over a store already there
        exec(compile(rotation, "SECURITY.md rotation, again", "exec"), {"__name__": "rotation"})
    with lc.open_store(new_url, key=fresh_key) as new:
        assert list(new.people()) == ["p-17", "p-18"]
        assert [e.recorded_by for e in new.history("p-17")] == [CASEWORKER] * 2 + ["caseworker-kw"] * 3
        assert [e.id for e in new.history("p-17")] == [e.id for e in history.envelopes]
    with lc.open_store(new_url, key=old_key) as new, pytest.raises(lc.StoreUnavailable):
        list(new.people())
