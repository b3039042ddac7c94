"""The eventsourcing ``Application`` the store runs on: a fixed name, settings from the store URL
only, the record mapper (which seals rows with the key, ``leavingcare.store.sealing``), and a snapshot
store for computed timelines."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import AggregateRecorder, ApplicationRecorder, Mapper
from eventsourcing.utils import Environment, EnvType

from leavingcare.errors import StoreUnavailable
from leavingcare.store import provision
from leavingcare.store.config import Location
from leavingcare.store.mapper import RecordMapper
from leavingcare.store.schema import Schema
from leavingcare.store.translation import opening


class LeavingCareApplication(Application[UUID]):
    """One stream per young person; rows mapped by ``RecordMapper``.

    The name is fixed: it prefixes the PostgreSQL table (``leavingcare_events``), so renaming the
    class must not move the data.
    """

    name = "leavingcare"

    def __init__(
        self, settings: Mapping[str, str], schema: Schema, key: bytes | None = None, *, create: bool = True
    ) -> None:
        self.schema = schema
        self.key = key
        self.create = create
        super().__init__(env=settings)

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """The given settings only: unlike eventsourcing's default, the process environment is not read.
        Snapshotting is always on: the snapshot table keeps computed timelines, mapped (and encrypted)
        like the events."""
        return Environment(name, {**dict(env or {}), "IS_SNAPSHOTTING_ENABLED": "y"})

    def construct_mapper(self) -> Mapper[UUID]:
        return RecordMapper(self.schema, transcoder=self.construct_transcoder(), key=self.key)

    def construct_recorder(self) -> ApplicationRecorder:
        schema = self.env.get("POSTGRES_SCHEMA")
        if schema and self.create:
            _create_postgres_schema(self, schema)
        return super().construct_recorder()

    @property
    def snapshot_recorder(self) -> AggregateRecorder:
        snapshots = self.snapshots
        assert snapshots is not None
        return snapshots.recorder

    @property
    def records(self) -> RecordMapper:
        mapper = self.mapper
        assert isinstance(mapper, RecordMapper)
        return mapper


def _create_postgres_schema(app: Application[UUID], schema: str) -> None:
    """Create the PostgreSQL schema named in the URL, so a store can be given a schema of its own."""
    from eventsourcing.postgres import PostgresFactory
    from psycopg.sql import SQL, Identifier

    factory = app.factory
    assert isinstance(factory, PostgresFactory)
    with factory.datastore.transaction(commit=True) as cursor:
        cursor.execute(SQL("CREATE SCHEMA IF NOT EXISTS {}").format(Identifier(schema)))


OPEN_ATTEMPTS = 5
"""An opening that collides with another despite the schema lock ("tuple concurrently updated", from a
session that does not take it) is tried again."""


def open_application(location: Location, schema: Schema, key: bytes | None, create: bool) -> LeavingCareApplication:
    """The application on the store at ``location``, its tables made first when ``create``."""
    shown = location.shown
    for attempt in range(OPEN_ATTEMPTS):
        try:
            with provision.opening(location, create=create), opening(shown):
                return LeavingCareApplication(location.settings, schema, key, create=create)
        except StoreUnavailable as exc:
            if "concurrently" not in str(exc) or attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1) * (1 + random.random()))
    raise AssertionError("unreachable")
