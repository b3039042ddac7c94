"""Many streams at once, straight to and from eventsourcing's tables: the rows of a page of people
read in one query, for ``Store.histories`` and the timelines computed again; rows written in one
transaction, for ``Store.write`` (one stream or many); and, for
the kept timelines, a digest of each stream's rows and its latest snapshot, a query each.

eventsourcing reads one stream per query (``select_events``). Streaming the whole store that way
costs a query, and on PostgreSQL a round trip, per person. Here the rows of every stream of a page
are selected at once, ``WHERE originator_id IN (...) ORDER BY originator_id, originator_version``,
from the same table, schema and connections the recorder uses (SQLite: ``stored_events``, stream ids
written as 32 hex digits; PostgreSQL: ``{schema}.leavingcare_events``, stream ids as ``uuid``). The
rows are then opened and decoded by the store's mapper, exactly as rows read one stream at a time.

The in-memory backend has no table to select from: it has no reader, and the store reads it one
stream at a time.

Writing is one transaction, all rows or none. In memory it is the recorder's own ``insert_events``.
SQLite's recorder inserts row by row, to collect notification ids the store never uses: here the rows
go in with one ``executemany``, in the recorder's transaction, to the same table. On PostgreSQL it is
what the recorder does (its table lock and lock timeout, its ``NOTIFY``, one ``INSERT``), from arrays
of plain values that psycopg sends in binary rather than an array of composite values, which it writes
out as escaped text. Either way a row that exists already (a stream that is not new, or a writer that
lost a race) fails the whole transaction with eventsourcing's ``IntegrityError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.utils import retry

from leavingcare.store.records import FIRST_EVENT

Row = tuple[int, str, bytes]
"""One stored event of a stream: its version, stored type name and stored bytes."""

StreamRows = dict[UUID, list[Row]]
Reader = Callable[[Sequence[UUID]], StreamRows]
Writer = Callable[[Sequence[StoredEvent]], None]


def writer(recorder: ApplicationRecorder) -> Writer:
    """A function inserting rows in one transaction, all or none."""
    from eventsourcing.sqlite import SQLiteApplicationRecorder

    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite_writer(recorder)
    if type(recorder).__module__.startswith("eventsourcing.postgres"):
        from eventsourcing.postgres import PostgresApplicationRecorder

        if isinstance(recorder, PostgresApplicationRecorder) and recorder.datastore.originator_id_type == "uuid":
            return _postgres_writer(recorder)

    def insert(rows: Sequence[StoredEvent]) -> None:
        recorder.insert_events(rows)

    return insert


def _sqlite_writer(recorder: Any) -> Writer:
    datastore = recorder.datastore
    statement = f"INSERT INTO {recorder.events_table_name} VALUES (?,?,?,?)"

    def insert(rows: Sequence[StoredEvent]) -> None:
        params = [(_hex(row.originator_id), row.originator_version, row.topic, row.state) for row in rows]
        with datastore.transaction(commit=True) as cursor:
            cursor.executemany(statement, params)

    return insert


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


def _postgres_writer(recorder: Any) -> Writer:
    from psycopg.sql import SQL, Identifier

    datastore = recorder.datastore
    notify = SQL("NOTIFY {0}").format(Identifier(recorder.channel_name))
    statement = SQL(
        "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
        "SELECT * FROM unnest(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[])"
    ).format(schema=Identifier(datastore.schema), table=Identifier(recorder.events_table_name))

    def insert(rows: Sequence[StoredEvent]) -> None:
        if not rows:
            return
        columns = (
            [row.originator_id for row in rows],
            [row.originator_version for row in rows],
            [row.topic for row in rows],
            [row.state for row in rows],
        )
        with datastore.transaction(commit=True) as cursor:
            for lock in recorder.lock_table_statements:
                cursor.execute(lock, prepare=True)
            cursor.execute(notify)
            cursor.execute(statement, columns, binary=True)

    retried: Writer = retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)(insert)
    return retried


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
            cursor.execute(statement, [list(streams), FIRST_EVENT], prepare=True, binary=True)
            rows = cursor.fetchall()
        for stream, version, topic, state in rows:
            found[stream if isinstance(stream, UUID) else UUID(str(stream))].append((version, topic, bytes(state)))
        return found

    retried: Reader = retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)(read)  # as eventsourcing's
    return retried


def _hex(stream: UUID | str) -> str:
    """A stream id as eventsourcing's SQLite recorder writes it."""
    return stream.hex if isinstance(stream, UUID) else stream


# the computed-timeline cache: a digest of each stream's rows, and its latest snapshot ------------


def rows_digest(rows: Iterable[Row]) -> str:
    """A digest of a stream's event rows (version, stored type name, stored bytes), in version order:
    any row added, removed, moved or overwritten changes it. PostgreSQL computes the same in SQL
    (``stream_digests``)."""
    digest = hashlib.sha256()
    for version, topic, state in rows:
        digest.update(_digested(version, topic, state))
    return digest.hexdigest()


def _digested(version: int, topic: str, state: bytes) -> bytes:
    """One row as the digest takes it: unambiguous, since a type name holds no NUL."""
    return version.to_bytes(8, "big", signed=True) + topic.encode() + b"\x00" + len(state).to_bytes(4, "big") + state


_POSTGRES_DIGESTS = (
    "SELECT originator_id, encode(sha256(string_agg(int8send(originator_version) "
    "|| convert_to(coalesce(topic, ''), 'UTF8') || '\\x00'::bytea "
    "|| int4send(octet_length(coalesce(state, ''::bytea))) || coalesce(state, ''::bytea), ''::bytea "
    "ORDER BY originator_version)), 'hex') AS digest FROM {table} "
    "WHERE originator_id = ANY(%s) AND originator_version >= %s GROUP BY originator_id"
)


def stream_digests(recorder: AggregateRecorder, kind: str, streams: Sequence[UUID]) -> dict[UUID, str]:
    """The digest of the event rows of each of ``streams`` (streams with none are left out): computed by
    PostgreSQL itself; on SQLite from the rows as the cursor gives them; else from each stream's rows."""
    if not streams:
        return {}
    if kind == "postgresql":
        from psycopg.sql import SQL

        query = SQL(_POSTGRES_DIGESTS).format(table=_postgres_table(recorder))
        rows = _postgres_rows(recorder, query, [list(streams), FIRST_EVENT])
        return {_uuid(row["originator_id"]): row["digest"] for row in rows}
    if kind == "sqlite":
        return _sqlite_digests(recorder, streams)
    found = {stream: event_rows(recorder, stream) for stream in streams}
    return {stream: rows_digest(rows) for stream, rows in found.items() if rows}


def _sqlite_digests(recorder: Any, streams: Sequence[UUID]) -> dict[UUID, str]:
    by_hex = {stream.hex: stream for stream in streams}
    statement = (
        f"SELECT originator_id, originator_version, topic, state FROM {recorder.events_table_name} "
        f"WHERE originator_id IN ({','.join('?' * len(by_hex))}) AND originator_version >= ? "
        "ORDER BY originator_id, originator_version"
    )
    digests: dict[UUID, str] = {}
    current, digest = None, hashlib.sha256()
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, [*by_hex, FIRST_EVENT])
        rows = cursor.fetchall()
    for stream_hex, version, topic, state in rows:
        if stream_hex != current:
            if current is not None:
                digests[by_hex[current]] = digest.hexdigest()
            current, digest = stream_hex, hashlib.sha256()
        digest.update(_digested(version, topic, state))
    if current is not None:
        digests[by_hex[current]] = digest.hexdigest()
    return digests


def event_rows(recorder: AggregateRecorder, stream: UUID) -> list[Row]:
    """The event rows of one stream (the person row left out), in version order."""
    return [
        (row.originator_version, row.topic, row.state) for row in recorder.select_events(stream, gt=FIRST_EVENT - 1)
    ]


def latest_snapshots(recorder: AggregateRecorder, kind: str, streams: Sequence[UUID]) -> dict[UUID, StoredEvent]:
    """The latest snapshot of each of ``streams`` (streams with none are left out)."""
    if not streams:
        return {}
    rows = _select(
        recorder,
        kind,
        streams,
        "SELECT s.originator_id, s.originator_version, s.topic, s.state FROM {table} AS s "
        "JOIN (SELECT originator_id, MAX(originator_version) AS version FROM {table} "
        "WHERE originator_id IN ({marks}) GROUP BY originator_id) AS m "
        "ON s.originator_id = m.originator_id AND s.originator_version = m.version",
        "SELECT DISTINCT ON (originator_id) originator_id, originator_version, topic, state FROM {table} "
        "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version DESC",
    )
    if rows is not None:
        return {_uuid(row["originator_id"]): _stored(_uuid(row["originator_id"]), row) for row in rows}
    latest: dict[UUID, StoredEvent] = {}
    for stream in streams:
        stored = recorder.select_events(stream, desc=True, limit=1)
        if stored:
            latest[stream] = stored[0]
    return latest


def _select(
    recorder: AggregateRecorder, kind: str, streams: Sequence[UUID], sqlite: str, postgresql: str
) -> list[Any] | None:
    """The rows of one query over ``streams`` on SQLite or PostgreSQL (``{table}`` is the recorder's
    table; ``{marks}`` SQLite's placeholders, one a stream); None for another backend."""
    if kind == "sqlite":
        statement = sqlite.format(table=_sqlite_table(recorder), marks=",".join("?" * len(streams)))
        return _sqlite_rows(recorder, statement, [stream.hex for stream in streams])
    if kind == "postgresql":
        from psycopg.sql import SQL

        query = SQL(postgresql).format(table=_postgres_table(recorder))
        return _postgres_rows(recorder, query, [list(streams)])
    return None


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
