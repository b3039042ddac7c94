"""The whole stream (DESIGN sections 1 and 5): coherence of the events together, ids, the ``known_at``
view and retractions. Errors name the line or event id and the rule broken, never personal data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import leavingcare as lc
from leavingcare.errors import InvalidEvent, InvalidHistory, LeavingCareError
from leavingcare.events import (
    Born,
    CareChanged,
    CareEnded,
    CareStarted,
    CustodyEnded,
    CustodyStarted,
    EducationEnded,
    EducationStarted,
    Envelope,
    HospitalAdmitted,
    HospitalDischarged,
    Moved,
    NeedsAssessed,
    Retracted,
    SupportRequested,
)
from leavingcare.events.codec import content_id
from leavingcare.periods import Period

D = dt.date
BORN = D(2003, 5, 10)


def line(type_: str, on: str, **fields: Any) -> str:
    return json.dumps({"type": type_, "on": on, **fields})


def started(on: str, **fields: Any) -> str:
    values = {"authority": "E10000016", "legal_status": "C2", "placement": "U4", "area": "E07000105"}
    values.update(fields)
    return line("CareStarted", on, **values)


def started_event(on: D) -> CareStarted:
    return CareStarted(on=on, authority="E10000016", legal_status="C2", placement="U4", area="E07000105")


BORN_LINE = line("Born", BORN.isoformat())


def rejected(*lines: str) -> str:
    """The InvalidHistory message for the lines; it carries no date of the stream."""
    with pytest.raises(LeavingCareError) as info:
        lc.History.from_jsonl(list(lines))
    assert type(info.value) is InvalidHistory, info.value
    message = str(info.value)
    for text in lines:
        assert json.loads(text)["on"] not in message, message
    return message


# Order of events within the stream --------------------------------------------------------------------
def test_event_before_born_names_both_lines() -> None:
    message = rejected(BORN_LINE, line("SupportRequested", "2003-05-09"))
    assert message == "line 2 (SupportRequested): is dated before the Born event on line 1 (Born)"


def test_event_on_the_day_of_birth_is_accepted() -> None:
    """A baby can be taken into care on the day of birth."""
    history = lc.History.from_jsonl([started(BORN.isoformat()), BORN_LINE])
    assert history.facts.episodes[0].period.since == BORN


def test_a_history_needs_a_born_event() -> None:
    message = rejected(line("SupportRequested", "2022-01-09"))
    assert message == "history: has no Born event"


def test_a_second_born_event() -> None:
    message = rejected(BORN_LINE, line("Born", "2004-01-01"))
    assert message == "line 2 (Born): a second Born event (the first is line 1 (Born))"


# Care episodes ----------------------------------------------------------------------------------------
def test_overlapping_care_episodes_name_both_lines() -> None:
    message = rejected(
        BORN_LINE, started("2017-01-09"), started("2017-02-09"), line("CareEnded", "2017-03-01", reason="E8")
    )
    assert message.startswith("line 3 (CareStarted): starts a care episode while the one from line 2")


def test_an_episode_may_begin_the_day_the_last_ended() -> None:
    """Same-day order: an ending is applied before a beginning, whatever the order of the lines."""
    lines = [
        BORN_LINE,
        started("2017-02-09", authority="E06000001"),
        line("CareEnded", "2017-02-09", reason="E8"),
        started("2017-01-09"),
    ]
    episodes = lc.History.from_jsonl(lines).facts.episodes
    assert [(e.period.since, e.period.until, e.authority) for e in episodes] == [
        (D(2017, 1, 9), D(2017, 2, 9), "E10000016"),
        (D(2017, 2, 9), None, "E06000001"),
    ]


def test_care_changed_outside_any_episode() -> None:
    message = rejected(BORN_LINE, line("CareChanged", "2017-01-09", placement="U1"))
    assert message == "line 2 (CareChanged): is outside any care episode (no episode is open on its date)"


def test_care_changed_on_the_day_the_episode_ended() -> None:
    """On the day a care episode ends the child is no longer looked after ([since, until))."""
    message = rejected(
        BORN_LINE,
        started("2017-01-09"),
        line("CareEnded", "2017-06-01", reason="E8"),
        line("CareChanged", "2017-06-01", placement="U1"),
    )
    assert message == (
        "line 4 (CareChanged): changes an episode on the day it ended (the day an episode ends, it is no longer open)"
    )


def test_care_ended_outside_any_episode() -> None:
    message = rejected(
        BORN_LINE,
        started("2017-01-09"),
        line("CareEnded", "2017-06-01", reason="E8"),
        line("CareEnded", "2018-01-01", reason="E8"),
    )
    assert message == "line 4 (CareEnded): is outside any care episode (no episode is open on its date)"


def test_an_episode_that_ends_before_it_starts() -> None:
    message = rejected(BORN_LINE, started("2017-01-09"), line("CareEnded", "2017-01-08", reason="E8"))
    assert message.startswith("line 3 (CareEnded): ends an episode before it started on line 2 (CareStarted)")


def test_d9_zero_length_episode_is_rejected() -> None:
    """DECISIONS D9: a recorded episode is taken to exceed 24 hours, so one that ends the day it begins
    is an error."""
    message = rejected(BORN_LINE, started("2017-01-09"), line("CareEnded", "2017-01-09", reason="E8"))
    assert message.startswith("line 3 (CareEnded): ends the episode of line 2 (CareStarted) on the day it began")


def test_d9_one_day_episode_is_accepted() -> None:
    history = lc.History.from_jsonl([BORN_LINE, started("2017-01-09"), line("CareEnded", "2017-01-10", reason="E8")])
    assert history.facts.episodes[0].period.days() == 1


def test_care_changed_keeps_unchanged_fields() -> None:
    history = lc.History.from_jsonl(
        [
            BORN_LINE,
            started("2017-01-09"),
            line("CareChanged", "2017-03-01", placement="U1"),
            line("CareChanged", "2017-05-01", area="E06000001"),
            line("CareEnded", "2017-06-01", reason="E8"),
        ]
    )
    segments = history.facts.segments
    assert [(s.period.since, s.placement, s.area, s.legal_status) for s in segments] == [
        (D(2017, 1, 9), "U4", "E07000105", "C2"),
        (D(2017, 3, 1), "U1", "E07000105", "C2"),
        (D(2017, 5, 1), "U1", "E06000001", "C2"),
    ]
    assert segments[-1].period.until == D(2017, 6, 1)


# Other spells -----------------------------------------------------------------------------------------
def test_custody_ended_without_start() -> None:
    assert rejected(BORN_LINE, line("CustodyEnded", "2019-01-01")) == (
        "line 2 (CustodyEnded): ends custody that was never started"
    )


def test_custody_started_twice() -> None:
    message = rejected(
        BORN_LINE, line("CustodyStarted", "2019-01-01", remand=True), line("CustodyStarted", "2019-02-01", remand=False)
    )
    assert message.startswith("line 3 (CustodyStarted): starts custody while the custody from line 2")


def test_hospital_discharge_without_admission() -> None:
    assert rejected(BORN_LINE, line("HospitalDischarged", "2019-01-01")).startswith("line 2 (HospitalDischarged)")


def test_education_ended_without_start_and_overlapping_programmes() -> None:
    assert rejected(BORN_LINE, line("EducationEnded", "2022-01-01")).startswith("line 2 (EducationEnded)")
    programme = {"level": "higher", "full_time": True, "in_pathway_plan": True, "term_time_accommodation": False}
    message = rejected(
        BORN_LINE,
        line("EducationStarted", "2022-01-01", **programme),
        line("EducationStarted", "2022-09-01", **programme),
    )
    assert message.startswith("line 3 (EducationStarted): starts a programme while the one from line 2")


# Applications and retractions -----------------------------------------------------------------------
def test_reference_to_an_unknown_application() -> None:
    message = rejected(BORN_LINE, line("Homeless", "2022-01-09", application="A1"))
    assert message == "line 2 (Homeless): refers to an application not made on or before its date"


def test_reference_to_an_application_before_it_was_made() -> None:
    application = line(
        "HomelessnessApplication", "2022-01-10", application="A1", authority="E06000001", appears_homeless=True
    )
    message = rejected(BORN_LINE, line("Homeless", "2022-01-09", application="A1"), application)
    assert message.startswith("line 2 (Homeless): refers to an application not made")


def test_an_application_id_made_twice() -> None:
    application = line(
        "HomelessnessApplication", "2022-01-10", application="A1", authority="E06000001", appears_homeless=True
    )
    second = application.replace("2022-01-10", "2022-03-10")
    assert rejected(BORN_LINE, application, second).startswith("line 3 (HomelessnessApplication): repeats")


def test_retraction_of_an_unknown_id() -> None:
    message = rejected(BORN_LINE, json.dumps({"type": "Retracted", "on": "2022-01-09", "target": "nope"}))
    assert message == "line 2 (Retracted): retracts an event id that is not in the history"


def test_retraction_of_a_retraction() -> None:
    message = rejected(
        BORN_LINE,
        json.dumps({"id": "s", "type": "SupportRequested", "on": "2022-01-09"}),
        json.dumps({"id": "r", "type": "Retracted", "on": "2022-01-10", "target": "s"}),
        json.dumps({"type": "Retracted", "on": "2022-01-11", "target": "r"}),
    )
    assert message.startswith("line 4 (Retracted): retracts a retraction")


def test_retraction_that_leaves_an_incoherent_history_is_rejected() -> None:
    """Withdrawing a CareStarted leaves its CareEnded outside any episode: withdraw both instead."""
    lines = [
        BORN_LINE,
        json.dumps({"id": "start", **json.loads(started("2017-01-09"))}),
        json.dumps({"id": "end", "type": "CareEnded", "on": "2017-06-01", "reason": "E8"}),
        json.dumps({"type": "Retracted", "on": "2017-06-02", "target": "start"}),
    ]
    assert rejected(*lines).startswith("line 3 (CareEnded)")
    both = [*lines, json.dumps({"type": "Retracted", "on": "2017-06-02", "target": "end"})]
    assert lc.History.from_jsonl(both).facts.episodes == ()


def test_a_retracted_event_is_left_out_of_the_facts() -> None:
    history = lc.History.from_jsonl(
        [
            BORN_LINE,
            json.dumps(
                {"id": "move", "type": "Moved", "on": "2021-01-01", "area": "E06000001", "arrangement": "hostel"}
            ),
            json.dumps({"type": "Retracted", "on": "2021-02-01", "target": "move"}),
        ]
    )
    assert len(history) == 3
    assert history.facts.residence == ()


def test_a_retraction_cannot_be_recorded_before_its_target() -> None:
    """Otherwise the view at a time between the two would retract an event not yet recorded."""
    message = rejected(
        BORN_LINE,
        json.dumps({"id": "s", "type": "SupportRequested", "on": "2022-01-09", "recorded_at": "2022-02-01T00:00:00Z"}),
        json.dumps({"type": "Retracted", "on": "2022-01-10", "target": "s", "recorded_at": "2022-01-31T00:00:00Z"}),
    )
    assert message == "line 3 (Retracted): is recorded before the event it retracts (line 2 (SupportRequested))"
    unstamped = json.dumps({"type": "Retracted", "on": "2022-01-10", "target": "s"})
    assert rejected(
        BORN_LINE,
        json.dumps({"id": "s", "type": "SupportRequested", "on": "2022-01-09", "recorded_at": "2022-02-01T00:00:00Z"}),
        unstamped,
    )
    same_time = json.dumps(
        {"type": "Retracted", "on": "2022-01-10", "target": "s", "recorded_at": "2022-02-01T01:00:00+01:00"}
    )
    history = lc.History.from_jsonl(
        [
            BORN_LINE,
            json.dumps(
                {"id": "s", "type": "SupportRequested", "on": "2022-01-09", "recorded_at": "2022-02-01T00:00:00Z"}
            ),
            same_time,
        ]
    )
    assert history.facts.support == ()


def test_duplicate_ids_name_both_lines() -> None:
    message = rejected(
        json.dumps({"id": "x", "type": "Born", "on": BORN.isoformat()}),
        json.dumps({"id": "x", "type": "SupportRequested", "on": "2022-01-09"}),
    )
    assert message == "line 2 (SupportRequested): repeats the id of line 1 (Born)"


# Ids ------------------------------------------------------------------------------------------------------
def test_content_derived_ids_do_not_depend_on_order() -> None:
    events = [
        Born(on=BORN),
        started_event(D(2017, 1, 9)),
        CareChanged(on=D(2018, 1, 1), placement="U1"),
        CareEnded(on=D(2021, 5, 10), reason="E8"),
        Moved(on=D(2021, 5, 10), area="E06000001", arrangement="private_tenancy"),
    ]
    forward = {e.event: e.id for e in lc.History.of(events)}
    backward = {e.event: e.id for e in lc.History.of(list(reversed(events)))}
    assert forward == backward
    assert forward[events[0]] == content_id(events[0])
    assert len(set(forward.values())) == len(events)


def test_identical_events_get_distinct_ids() -> None:
    history = lc.History.of([Born(on=BORN), NeedsAssessed(on=D(2020, 1, 1)), NeedsAssessed(on=D(2020, 1, 1))])
    ids = [e.id for e in history]
    assert ids[2] == f"{ids[1]}-2"


def test_explicit_ids_are_kept() -> None:
    history = lc.History.from_jsonl([json.dumps({"id": "born-1", "type": "Born", "on": BORN.isoformat()})])
    assert history.envelopes[0].id == "born-1"


def test_errors_from_events_name_the_event_id() -> None:
    """Built from values rather than lines, an error names the event by id."""
    with pytest.raises(InvalidHistory) as info:
        lc.History.of([Born(on=BORN), started_event(D(2017, 1, 9)), CareEnded(on=D(2017, 1, 9), reason="E8")])
    ended = content_id(CareEnded(on=D(2017, 1, 9), reason="E8"))
    assert str(info.value).startswith(f"event {ended} (CareEnded): ")
    assert "2017-01-09" not in str(info.value)


def test_history_of_rejects_other_values() -> None:
    with pytest.raises(InvalidEvent):
        lc.History.of([Born(on=BORN), "Moved"])  # type: ignore[list-item]


def test_an_invalid_event_value_is_rejected_when_built() -> None:
    with pytest.raises(InvalidEvent):
        CustodyStarted(on=D(2019, 1, 1), remand="yes")  # type: ignore[arg-type]


# known_at ---------------------------------------------------------------------------------------------------
def stamped(event: Any, when: str | None) -> Envelope:
    return Envelope("", event, None if when is None else dt.datetime.fromisoformat(when))


def test_known_at_leaves_out_events_recorded_later() -> None:
    """DESIGN section 1: ``known_at=T`` drops the events recorded after T; events with no
    ``recorded_at`` are known from the start."""
    history = lc.History.of(
        [
            stamped(Born(on=BORN), None),
            stamped(started_event(D(2017, 1, 9)), "2017-01-10T09:00:00+00:00"),
            stamped(CareEnded(on=D(2021, 5, 10), reason="E8"), "2021-06-01T09:00:00+00:00"),
        ]
    )
    assert len(history.known_at(None)) == 3
    assert len(history.known_at(dt.datetime(2017, 1, 10, 9, tzinfo=dt.UTC))) == 2
    assert len(history.known_at(dt.datetime(2017, 1, 10, 8, 59, tzinfo=dt.UTC))) == 1
    assert history.known_at(dt.datetime(2021, 1, 1, tzinfo=dt.UTC)).facts.episodes[0].period.until is None


def test_known_at_compares_instants_across_zones() -> None:
    history = lc.History.of(
        [stamped(Born(on=BORN), None), stamped(NeedsAssessed(on=D(2020, 1, 1)), "2020-01-01T10:00:00+01:00")]
    )
    assert len(history.known_at(dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.UTC))) == 2
    assert len(history.known_at(dt.datetime(2020, 1, 1, 8, 59, tzinfo=dt.UTC))) == 1
    assert len(history.known_at(dt.datetime(2020, 1, 1, 9, 0))) == 2, "a naive time is read as UTC"


def test_known_at_changes_the_assessment_of_a_past_date() -> None:
    """Care ended at 16 but the end was recorded weeks later: replaying 1 February 2020 with what was
    known on 15 February shows an eligible child (Sch 2 para 19B), with everything a relevant child (s23A)."""
    history = lc.History.of(
        [
            stamped(Born(on=BORN), None),
            stamped(started_event(D(2017, 1, 9)), "2017-01-10T09:00:00+00:00"),
            stamped(CareEnded(on=D(2020, 1, 10), reason="E8"), "2020-03-01T09:00:00+00:00"),
        ]
    )
    day, audit = D(2020, 2, 1), dt.datetime(2020, 2, 15, tzinfo=dt.UTC)
    now = lc.assess(history, on=day)
    then = lc.assess(history, on=day, known_at=audit)
    assert then.known_at == audit
    assert now.owes("relevant_child", by="E10000016") and not now.owes("eligible_child")
    assert then.owes("eligible_child", by="E10000016") and not then.owes("relevant_child")


def test_a_retraction_recorded_later_does_not_rewrite_the_past_view() -> None:
    move = Moved(on=D(2021, 1, 1), area="E06000001", arrangement="hostel")
    history = lc.History.of(
        [
            stamped(Born(on=BORN), None),
            stamped(move, "2021-01-02T00:00:00+00:00"),
            stamped(Retracted(on=D(2021, 3, 1), target=content_id(move)), "2021-03-01T00:00:00+00:00"),
        ]
    )
    assert history.facts.residence == ()
    assert len(history.known_at(dt.datetime(2021, 2, 1, tzinfo=dt.UTC)).facts.residence) == 1


# Files and round trips -----------------------------------------------------------------------------
def test_from_a_file_path(tmp_path: Path) -> None:
    path = tmp_path / "person.jsonl"
    path.write_text("\n".join([BORN_LINE, started("2017-01-09"), line("CareEnded", "2021-05-10", reason="E8")]) + "\n")
    history = lc.History.from_jsonl(path)
    assert len(history) == 3
    assert lc.History.from_jsonl(str(path)).events == history.events


def test_errors_from_a_file_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "person.jsonl"
    path.write_bytes(BORN_LINE.encode() + b"\n\xff\xfe\n")
    with pytest.raises(InvalidEvent, match=r"^line 2: is not valid UTF-8$"):
        lc.History.from_jsonl(path)


def test_to_jsonl_keeps_ids_and_recording_times() -> None:
    history = lc.History.of(
        [
            stamped(Born(on=BORN), None),
            Envelope("mine", SupportRequested(on=D(2025, 1, 1)), dt.datetime(2025, 1, 2, tzinfo=dt.UTC), "worker-7"),
            stamped(
                EducationStarted(
                    on=D(2022, 9, 1), level="higher", full_time=True, in_pathway_plan=True, term_time_accommodation=True
                ),
                None,
            ),
            stamped(EducationEnded(on=D(2025, 6, 1)), None),
            stamped(CustodyStarted(on=D(2019, 1, 1), remand=False), None),
            stamped(CustodyEnded(on=D(2019, 3, 1)), None),
        ]
    )
    lines = [json.loads(text) for text in history.to_jsonl().splitlines()]
    assert lines[1] == {
        "id": "mine",
        "type": "SupportRequested",
        "on": "2025-01-01",
        "recorded_at": "2025-01-02T00:00:00+00:00",
        "recorded_by": "worker-7",
    }
    again = lc.History.from_jsonl(history.to_jsonl().splitlines())
    assert [(e.id, e.event, e.recorded_at, e.recorded_by) for e in again] == [
        (e.id, e.event, e.recorded_at, e.recorded_by) for e in history
    ]


def test_hospital_stay_runs_from_admission_to_discharge() -> None:
    history = lc.History.of([Born(on=BORN), HospitalAdmitted(on=D(2019, 1, 1)), HospitalDischarged(on=D(2019, 2, 1))])
    assert [h.period for h in history.facts.hospital] == [Period(D(2019, 1, 1), D(2019, 2, 1))]
