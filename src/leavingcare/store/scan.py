"""Reading many streams in one query: the rows of a page of people, straight from eventsourcing's
events table, for ``Store.histories``.

eventsourcing reads one stream per query (``select_events``). Streaming the whole store that way
costs a query, and on PostgreSQL a round trip, per person. Here the rows of every stream of a page
are selected at once, ``WHERE originator_id IN (...) ORDER BY originator_id, originator_version``,
from the same table, schema and connections the recorder uses (SQLite: ``stored_events``, stream ids
written as 32 hex digits; PostgreSQL: ``{schema}.leavingcare_events``, stream ids as ``uuid``). The
rows are then opened and decoded by the store's mapper, exactly as rows read one stream at a time.

The in-memory backend has no table to select from: it has no reader, and the store reads it one
stream at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, InterfaceError, OperationalError
from eventsourcing.utils import retry

from leavingcare.store.records import FIRST_EVENT

Row = tuple[int, str, bytes]
"""One stored event of a stream: its version, stored type name and stored bytes."""

StreamRows = dict[UUID, list[Row]]
Reader = Callable[[Sequence[UUID]], StreamRows]


def reader(recorder: ApplicationRecorder) -> Reader | None:
    """A function reading the event rows (the person row left out) of many streams in one query, for
    the recorder's database; None for a backend without one (in memory)."""
    from eventsourcing.sqlite import SQLiteApplicationRecorder

    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder)
    if not type(recorder).__module__.startswith("eventsourcing.postgres"):
        return None  # in memory; checked first so that psycopg is imported only for PostgreSQL
    from eventsourcing.postgres import PostgresApplicationRecorder

    return _postgres(recorder) if isinstance(recorder, PostgresApplicationRecorder) else None


def _sqlite(recorder: Any) -> Reader:
    datastore = recorder.datastore
    table = recorder.events_table_name

    def read(streams: Sequence[UUID]) -> StreamRows:
        found: StreamRows = {stream: [] for stream in streams}
        if not streams:
            return found
        by_hex = {stream.hex: stream for stream in streams}
        statement = (
            f"SELECT originator_id, originator_version, topic, state FROM {table} "
            f"WHERE originator_id IN ({','.join('?' * len(by_hex))}) AND originator_version >= ? "
            "ORDER BY originator_id, originator_version"
        )
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, [*by_hex, FIRST_EVENT])
            rows = cursor.fetchall()
        for stream_hex, version, topic, state in rows:
            found[by_hex[stream_hex]].append((version, topic, state))
        return found

    return read


def _postgres(recorder: Any) -> Reader:
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL, Identifier

    datastore = recorder.datastore
    statement = SQL(
        "SELECT originator_id, originator_version, topic, state FROM {schema}.{table} "
        "WHERE originator_id = ANY(%s) AND originator_version >= %s "
        "ORDER BY originator_id, originator_version"
    ).format(schema=Identifier(datastore.schema), table=Identifier(recorder.events_table_name))

    def read(streams: Sequence[UUID]) -> StreamRows:
        found: StreamRows = {stream: [] for stream in streams}
        if not streams:
            return found
        with datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cursor:
            cursor.execute(statement, [list(streams), FIRST_EVENT], prepare=True)
            rows = cursor.fetchall()
        for stream, version, topic, state in rows:
            found[stream if isinstance(stream, UUID) else UUID(str(stream))].append((version, topic, bytes(state)))
        return found

    retried: Reader = retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)(read)  # as eventsourcing's
    return retried
