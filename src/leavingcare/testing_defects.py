"""Hypothesis strategies for histories with exactly one defect, each with the typed error the reader must
raise for it (``defects``, ``histories_with_defect``): for tests of the interchange format's refusals.
Like ``leavingcare.testing``, it needs ``hypothesis``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from leavingcare import calendar
from leavingcare.errors import InvalidEvent, InvalidHistory, LeavingCareError, UnknownCode
from leavingcare.events import care
from leavingcare.events.codec import MAX_LINE_BYTES, Envelope, encode
from leavingcare.testing import Date, Lines, envelope_lists

__all__ = ["Defect", "defects", "histories_with_defect"]


@frozen
class Defect:
    """One injected defect: its name, the error it must raise, and the (1-based) number of the first
    line inserted for it. A malformed line is reported by that number; a history-level defect may be
    reported at the line it conflicts with instead."""

    name: str
    error: type[LeavingCareError]
    line: int


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj)


def _base_objects(draw: st.DrawFn, envelopes: list[Envelope]) -> list[dict[str, Any]]:
    with_ids = draw(st.booleans())
    objects = []
    for n, envelope in enumerate(envelopes, start=1):
        obj = encode(envelope.event)
        if with_ids:
            obj["id"] = f"ev-{n}"
        if envelope.recorded_at is not None:
            obj["recorded_at"] = envelope.recorded_at.isoformat()
        objects.append(obj)
    return objects


def _iso(day: Date) -> str:
    return day.isoformat()


def _care_started(on: Date, authority: str = "E06000001", area: str = "E06000001") -> dict[str, Any]:
    return {
        "type": "CareStarted",
        "on": _iso(on),
        "authority": authority,
        "legal_status": "C2",
        "placement": "U4",
        "area": area,
    }


def _episodes(envelopes: list[Envelope]) -> list[tuple[Date, Date | None]]:
    """The care episodes of a valid history as ``(start, end or None)``."""
    out: list[tuple[Date, Date | None]] = []
    for envelope in envelopes:
        if isinstance(envelope.event, care.CareStarted):
            out.append((envelope.event.on, None))
        elif isinstance(envelope.event, care.CareEnded):
            out[-1] = (out[-1][0], envelope.event.on)
    return out


def _outside_care(born: Date, episodes: list[tuple[Date, Date | None]]) -> list[Date]:
    """Days after birth on which no episode starts, runs or ends (so no care event may fall there)."""
    first = born + dt.timedelta(days=1)
    last = calendar.birthday(born, 26)
    gaps: list[Date] = []
    cursor = first
    for start, end in sorted(episodes, key=lambda e: e[0]):
        if cursor < start:
            gaps += [cursor, start - dt.timedelta(days=1)]
        if end is None:
            return gaps
        cursor = max(cursor, end + dt.timedelta(days=1))
    if cursor <= last:
        gaps += [cursor, last]
    return gaps


@st.composite
def defects(draw: st.DrawFn) -> tuple[Lines, Defect]:
    """JSONL lines of a valid history with one defect injected, and the ``Defect`` (its name, the
    error type reading the lines must raise and the line holding it)."""
    envelopes = draw(envelope_lists())
    born = envelopes[0].event.on
    objects = _base_objects(draw, envelopes)
    episodes = _episodes(envelopes)
    outside = _outside_care(born, episodes)
    adult = calendar.birthday(born, 19)
    options: list[str] = [
        "unknown_type",
        "unknown_field",
        "missing_field",
        "string_for_bool",
        "number_for_string",
        "impossible_date",
        "badly_written_date",
        "bad_legal_status",
        "bad_placement",
        "bad_reason",
        "abolished_county",
        "abolished_district",
        "district_as_childrens_authority",
        "not_json",
        "not_an_object",
        "not_utf8",
        "oversized",
        "naive_recorded_at",
        "before_born",
        "second_born",
        "unknown_application",
        "application_used_before_made",
        "retract_unknown",
        "retraction_before_target",
        "duplicate_id",
        "overlapping_episode",
    ]
    if outside:
        options += ["care_changed_outside", "care_ended_outside", "zero_length_episode", "end_before_start"]
    name = draw(st.sampled_from(options))
    position = draw(st.integers(1, len(objects)))
    error: type[LeavingCareError] = InvalidHistory
    inserted: list[str | bytes] = []

    def some_day() -> Date:
        return born + dt.timedelta(days=draw(st.integers(1, (adult - born).days)))

    def some_outside() -> Date:
        pairs = [(outside[i], outside[i + 1]) for i in range(0, len(outside), 2)]
        lo, hi = draw(st.sampled_from(pairs))
        return lo + dt.timedelta(days=draw(st.integers(0, (hi - lo).days)))

    if name == "unknown_type":
        error, inserted = InvalidEvent, [_line({"type": "CareFinished", "on": _iso(some_day())})]
    elif name == "unknown_field":
        target = dict(draw(st.sampled_from(objects)))
        target["colour"] = "red"
        error, inserted = InvalidEvent, [_line(target)]
    elif name == "missing_field":
        error, inserted = InvalidEvent, [_line({"type": "Moved", "on": _iso(some_day()), "area": "E06000001"})]
    elif name == "string_for_bool":
        value = draw(st.sampled_from(("true", "false", "yes", "1")))
        error, inserted = InvalidEvent, [_line({"type": "CustodyStarted", "on": _iso(some_day()), "remand": value})]
    elif name == "number_for_string":
        obj = {"type": "Moved", "on": _iso(some_day()), "area": 6000001, "arrangement": "parent"}
        error, inserted = InvalidEvent, [_line(obj)]
    elif name == "impossible_date":
        text = draw(st.sampled_from((f"{born.year + 19}-02-30", f"{born.year + 19}-13-01", f"{born.year + 19}-04-31")))
        error, inserted = InvalidEvent, [_line({"type": "SupportRequested", "on": text})]
    elif name == "badly_written_date":
        text = draw(st.sampled_from((f"01/02/{born.year + 19}", f"{born.year + 19}0102", "", "yesterday")))
        written: Any = draw(st.sampled_from((text, None, 20190102)))
        error, inserted = InvalidEvent, [_line({"type": "SupportRequested", "on": written})]
    elif name in ("bad_legal_status", "bad_placement"):
        obj = _care_started(some_day())
        obj["legal_status" if name == "bad_legal_status" else "placement"] = draw(st.sampled_from(("C9", "X", "u4")))
        error, inserted = UnknownCode, [_line(obj)]
    elif name == "bad_reason":
        error, inserted = UnknownCode, [_line({"type": "CareEnded", "on": _iso(some_day()), "reason": "E99"})]
    elif name == "abolished_county":
        county, abolished = draw(st.sampled_from((("E10000021", Date(2021, 4, 1)), ("E10000009", Date(2019, 4, 1)))))
        on = max(abolished, born + dt.timedelta(days=1)) + dt.timedelta(days=draw(st.integers(0, 2000)))
        error, inserted = UnknownCode, [_line(_care_started(on, authority=county))]
    elif name == "abolished_district":
        district, abolished = draw(st.sampled_from((("E07000150", Date(2021, 4, 1)), ("E07000163", Date(2023, 4, 1)))))
        on = max(abolished, born + dt.timedelta(days=1)) + dt.timedelta(days=draw(st.integers(0, 2000)))
        obj = {"type": "Moved", "on": _iso(on), "area": district, "arrangement": "private_tenancy"}
        error, inserted = UnknownCode, [_line(obj)]
    elif name == "district_as_childrens_authority":
        error, inserted = UnknownCode, [_line(_care_started(some_day(), authority="E07000105"))]
    elif name == "not_json":
        error, inserted = InvalidEvent, [draw(st.sampled_from(('{"type": "Born"', "not json", '{"on": 2003-05-10}')))]
    elif name == "not_an_object":
        error, inserted = InvalidEvent, [draw(st.sampled_from(("[1, 2]", '"Born"', "42", "null")))]
    elif name == "not_utf8":
        error, inserted = InvalidEvent, [b'{"type": "SupportRequested", "on": "' + b"\xff\xfe" + b'"}']
    elif name == "oversized":
        obj = {"type": "SupportRequested", "on": _iso(some_day()), "note": "x" * MAX_LINE_BYTES}
        error, inserted = InvalidEvent, [_line(obj)]
    elif name == "naive_recorded_at":
        obj = {"type": "SupportRequested", "on": _iso(some_day()), "recorded_at": "2020-01-01T10:00:00"}
        error, inserted = InvalidEvent, [_line(obj)]
    elif name == "before_born":
        earlier = born - dt.timedelta(days=draw(st.integers(1, 400)))
        inserted = [_line({"type": "SupportRequested", "on": _iso(earlier)})]
    elif name == "second_born":
        inserted = [_line({"type": "Born", "on": _iso(some_day())})]
    elif name == "unknown_application":
        inserted = [_line({"type": "Homeless", "on": _iso(some_day()), "application": "A-404"})]
    elif name == "application_used_before_made":
        made = some_day() + dt.timedelta(days=1)
        application: dict[str, Any] = {"type": "HomelessnessApplication", "on": _iso(made), "application": "A1"}
        application.update({"authority": "E06000001", "appears_homeless": True})
        inserted = [_line({"type": "Homeless", "on": _iso(made - dt.timedelta(days=1)), "application": "A1"})]
        objects.insert(draw(st.integers(0, len(objects))), application)
    elif name == "retract_unknown":
        inserted = [_line({"type": "Retracted", "on": _iso(some_day()), "target": "no-such-event"})]
    elif name == "retraction_before_target":
        stamp = dt.datetime.combine(adult, dt.time(), dt.UTC)
        target = {"type": "NeedsAssessed", "on": _iso(some_day()), "id": "late", "recorded_at": stamp.isoformat()}
        retraction = {"type": "Retracted", "on": target["on"], "target": "late"}
        if draw(st.booleans()):
            retraction["recorded_at"] = (stamp - dt.timedelta(seconds=draw(st.integers(1, 10**6)))).isoformat()
        objects.insert(draw(st.integers(0, len(objects))), target)
        inserted = [_line(retraction)]
    elif name == "duplicate_id":
        first = draw(st.integers(0, len(objects) - 1))
        objects[first] = {**objects[first], "id": "same"}
        position = draw(st.integers(first + 2, len(objects) + 1))
        inserted = [_line({"type": "SupportRequested", "on": _iso(some_day()), "id": "same"})]
    elif name == "overlapping_episode":
        if episodes:
            start, end = draw(st.sampled_from(episodes))
            last = (end - start).days - 1 if end is not None else 400
            on = start + dt.timedelta(days=draw(st.integers(0, max(0, last))))
            inserted = [_line(_care_started(on))]
        else:
            first_day = some_day()
            inserted = [_line(_care_started(first_day)), _line(_care_started(first_day + dt.timedelta(days=30)))]
    elif name == "care_changed_outside":
        inserted = [_line({"type": "CareChanged", "on": _iso(some_outside()), "placement": "U1"})]
    elif name == "care_ended_outside":
        inserted = [_line({"type": "CareEnded", "on": _iso(some_outside()), "reason": "E8"})]
    elif name == "zero_length_episode":
        on = some_outside()
        inserted = [_line(_care_started(on)), _line({"type": "CareEnded", "on": _iso(on), "reason": "E8"})]
    elif name == "end_before_start":
        ended = some_outside()
        started = ended + dt.timedelta(days=draw(st.integers(1, 60)))
        inserted = [_line(_care_started(started)), _line({"type": "CareEnded", "on": _iso(ended), "reason": "E8"})]
    else:  # pragma: no cover - every option is handled above
        raise AssertionError(name)
    lines: Lines = [_line(o) for o in objects]
    index = min(position, len(lines) + 1) - 1
    lines[index:index] = inserted
    if draw(st.booleans()):
        lines = [line if isinstance(line, bytes) else line.encode("utf-8") for line in lines]
    return lines, Defect(name, error, index + 1)


def histories_with_defect() -> st.SearchStrategy[tuple[Lines, type[LeavingCareError]]]:
    """``(lines, expected error type)``: the JSONL lines of a valid history with exactly one defect
    injected (an unknown type or field, a wrong type, an impossible date or code, an authority not in
    force on the event's date, bytes that are not UTF-8, an oversized line, an event before ``Born``,
    overlapping or zero-length episodes, a care event outside any episode, an episode that ends before
    it starts, an unknown application, a retraction of an unknown id or a repeated id). The error is
    ``InvalidEvent``, ``UnknownCode`` or ``InvalidHistory``; use ``defects()`` for the defect's name
    and line as well."""
    return defects().map(lambda drawn: (drawn[0], drawn[1].error))
