"""Two reads over a page of streams at once, for the computed-timeline cache: how far each stream has
been recorded (its last row's version and its number of rows), and each stream's latest snapshot.

SQLite and PostgreSQL answer each in one query against the recorders' own tables; any other recorder
(memory) is asked one stream at a time through eventsourcing's interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent

StreamState = tuple[int, int]
"""A stream's last version and its number of rows."""


def stream_states(recorder: AggregateRecorder, kind: str, streams: Sequence[UUID]) -> dict[UUID, StreamState]:
    if not streams:
        return {}
    if kind == "sqlite":
        table = _sqlite_table(recorder)
        marks = ",".join("?" * len(streams))
        statement = (
            f"SELECT originator_id, MAX(originator_version) AS version, COUNT(*) AS rows FROM {table} "
            f"WHERE originator_id IN ({marks}) GROUP BY originator_id"
        )
        rows = _sqlite_rows(recorder, statement, [s.hex for s in streams])
        return {UUID(row["originator_id"]): (row["version"], row["rows"]) for row in rows}
    if kind == "postgresql":
        from psycopg.sql import SQL

        query = SQL(
            "SELECT originator_id, MAX(originator_version) AS version, COUNT(*) AS rows FROM {table} "
            "WHERE originator_id = ANY(%s) GROUP BY originator_id"
        ).format(table=_postgres_table(recorder))
        rows = _postgres_rows(recorder, query, [list(streams)])
        return {_uuid(row["originator_id"]): (int(row["version"]), int(row["rows"])) for row in rows}
    states: dict[UUID, StreamState] = {}
    for stream in streams:
        stored = recorder.select_events(stream)
        if stored:
            states[stream] = (stored[-1].originator_version, len(stored))
    return states


def latest_snapshots(recorder: AggregateRecorder, kind: str, streams: Sequence[UUID]) -> dict[UUID, StoredEvent]:
    if not streams:
        return {}
    if kind == "sqlite":
        table = _sqlite_table(recorder)
        marks = ",".join("?" * len(streams))
        statement = (
            f"SELECT s.originator_id, s.originator_version, s.topic, s.state FROM {table} AS s "
            f"JOIN (SELECT originator_id, MAX(originator_version) AS version FROM {table} "
            f"WHERE originator_id IN ({marks}) GROUP BY originator_id) AS m "
            "ON s.originator_id = m.originator_id AND s.originator_version = m.version"
        )
        rows = _sqlite_rows(recorder, statement, [s.hex for s in streams])
        return {UUID(row["originator_id"]): _stored(UUID(row["originator_id"]), row) for row in rows}
    if kind == "postgresql":
        from psycopg.sql import SQL

        query = SQL(
            "SELECT DISTINCT ON (originator_id) originator_id, originator_version, topic, state FROM {table} "
            "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version DESC"
        ).format(table=_postgres_table(recorder))
        rows = _postgres_rows(recorder, query, [list(streams)])
        return {_uuid(row["originator_id"]): _stored(_uuid(row["originator_id"]), row) for row in rows}
    latest: dict[UUID, StoredEvent] = {}
    for stream in streams:
        stored = recorder.select_events(stream, desc=True, limit=1)
        if stored:
            latest[stream] = stored[0]
    return latest


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _stored(stream: UUID, row: Any) -> StoredEvent:
    return StoredEvent(
        originator_id=stream,
        originator_version=int(row["originator_version"]),
        topic=row["topic"],
        state=bytes(row["state"]),
    )


def _sqlite_table(recorder: AggregateRecorder) -> str:
    from eventsourcing.sqlite import SQLiteAggregateRecorder

    assert isinstance(recorder, SQLiteAggregateRecorder)
    return recorder.events_table_name


def _sqlite_rows(recorder: AggregateRecorder, statement: str, params: list[str]) -> list[Any]:
    from eventsourcing.sqlite import SQLiteAggregateRecorder

    assert isinstance(recorder, SQLiteAggregateRecorder)
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall())


def _postgres_table(recorder: AggregateRecorder) -> Any:
    from eventsourcing.postgres import PostgresAggregateRecorder
    from psycopg.sql import Identifier

    assert isinstance(recorder, PostgresAggregateRecorder)
    return Identifier(recorder.datastore.schema, recorder.events_table_name)


def _postgres_rows(recorder: AggregateRecorder, statement: Any, params: list[Any]) -> list[Any]:
    from eventsourcing.postgres import PostgresAggregateRecorder

    assert isinstance(recorder, PostgresAggregateRecorder)
    with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall())
