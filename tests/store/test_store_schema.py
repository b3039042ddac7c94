"""Stored type names and upcasters: rows name their event type and version, never a module path, and
rows stored under an older name are read as the current class."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder, StoredEvent

from leavingcare import events as ev
from leavingcare.errors import InvalidEvent, StoreUnavailable
from leavingcare.events import EVENT_TYPES
from leavingcare.store import Schema, Upcaster
from leavingcare.store.mapper import RecordMapper
from leavingcare.store.records import Recorded, Registered, StreamIds
from leavingcare.store.schema import REGISTRATION

STREAM = uuid.uuid4()
WHEN = dt.datetime(2024, 2, 2, 9, 30, tzinfo=dt.UTC)


def mapper(schema: Schema | None = None) -> RecordMapper:
    return RecordMapper(schema or Schema(), transcoder=JSONTranscoder())


def stored(topic: str, body: dict[str, Any], version: int = 2) -> StoredEvent:
    payload = {"id": "e1", "recorded_at": WHEN.isoformat(), "recorded_by": "cw", "event": body}
    return StoredEvent(STREAM, version, topic, mapper().seal(payload))


def test_every_event_type_is_stored_under_its_name_and_version() -> None:
    topics = Schema().topics
    assert {cls: topic for cls, topic in topics.items()} == {cls: f"{name}/1" for name, cls in EVENT_TYPES.items()}
    assert all("." not in topic and ":" not in topic for topic in topics.values())
    assert REGISTRATION not in topics.values()


def test_a_record_round_trips_through_the_mapper() -> None:
    event = ev.CareStarted(
        on=dt.date(2019, 6, 1), authority="E10000017", legal_status="V2", placement="U4", area="E07000123"
    )
    record = Recorded(STREAM, 3, ev.Envelope("e-1", event, WHEN, "cw"))
    row = mapper().to_stored_event(record)
    assert (row.topic, row.originator_version) == ("CareStarted/1", 3)
    assert b"leavingcare" not in row.state
    assert mapper().to_domain_event(row) == record
    person = Registered(STREAM, 1, "person-1")
    assert mapper().to_domain_event(mapper().to_stored_event(person)) == person


def test_upcasters_chain_from_the_oldest_name() -> None:
    """EpisodeEnded/1 became EpisodeClosed/1 (same fields), then CareEnded/1 (``rec`` renamed ``reason``)."""
    schema = Schema(
        [
            Upcaster("EpisodeEnded/1", "EpisodeClosed/1"),
            Upcaster("EpisodeClosed/1", "CareEnded/1", lambda body: {"on": body["on"], "reason": body["rec"]}),
        ]
    )
    record = mapper(schema).to_domain_event(stored("EpisodeEnded/1", {"on": "2022-03-15", "rec": "E5"}))
    assert isinstance(record, Recorded)
    assert record.envelope == ev.Envelope("e1", ev.CareEnded(on=dt.date(2022, 3, 15), reason="E5"), WHEN, "cw")


def test_a_new_version_of_a_type_upcasts_its_old_rows() -> None:
    """When a type's fields change shape its version goes up, and rows of the old version are upcast."""
    schema = Schema(
        [Upcaster("NeedsAssessed/1", "NeedsAssessed/2", lambda body: {"on": body["date"]})],
        versions={"NeedsAssessed": 2},
    )
    assert schema.topic_of(ev.NeedsAssessed(on=dt.date(2020, 5, 20))) == "NeedsAssessed/2"
    record = mapper(schema).to_domain_event(stored("NeedsAssessed/1", {"date": "2020-05-20"}))
    assert isinstance(record, Recorded)
    assert record.envelope.event == ev.NeedsAssessed(on=dt.date(2020, 5, 20))


@pytest.mark.parametrize(
    ("upcasters", "reason"),
    [
        ([Upcaster("CareEnded/1", "Born/1")], "would shadow a current type"),
        ([Upcaster("Old/1", "Older/1")], "not a current type"),
        ([Upcaster("A/1", "B/1"), Upcaster("B/1", "A/1")], "loop"),
        ([Upcaster("A/1", "Born/1"), Upcaster("A/1", "CareEnded/1")], "two upcasters"),
        ([Upcaster("no version", "Born/1")], "Name/version"),
    ],
)
def test_an_inconsistent_upcaster_table_is_refused(upcasters: list[Upcaster], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        Schema(upcasters)


def test_a_row_of_an_unknown_type_names_the_stream_and_version_not_the_values() -> None:
    with pytest.raises(InvalidEvent) as caught:
        mapper().to_domain_event(stored("EpisodeEnded/1", {"on": "2022-03-15", "rec": "E5"}, version=7))
    message = str(caught.value)
    assert f"stream {STREAM} version 7" in message
    assert "2022-03-15" not in message and "E5" not in message


def test_a_stored_event_is_validated_as_a_jsonl_line_is() -> None:
    with pytest.raises(InvalidEvent, match="unknown field"):
        mapper().to_domain_event(stored("CareEnded/1", {"on": "2022-03-15", "reason": "E5", "extra": 1}))


def test_an_unreadable_row_is_store_unavailable() -> None:
    row = StoredEvent(STREAM, 2, "CareEnded/1", b"\x00not json")
    with pytest.raises(StoreUnavailable, match="cannot be read"):
        mapper().to_domain_event(row)


def test_stream_ids_are_stable_and_keyed_when_encrypted() -> None:
    """A stream id never changes for a person id (pinned here), except that a keyed store hashes with its key."""
    plain, keyed, other_key = StreamIds(), StreamIds(b"k" * 32), StreamIds(b"j" * 32)
    assert plain.of("person-1") == StreamIds().of("person-1") == uuid.UUID("dde2fff4-339b-508a-ac9a-8ab5e7fe31f6")
    assert plain.of("person-1") != plain.of("person-2")
    assert keyed.of("person-1") == StreamIds(b"k" * 32).of("person-1")
    assert len({plain.of("person-1"), keyed.of("person-1"), other_key.of("person-1")}) == 3
