"""A served store holding every example (each person named by its file), on SQLite and on PostgreSQL,
with one token of each role."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient
from psycopg import sql

from caseload import write_caseload
from leavingcare.cli import main
from leavingcare.store import open_store
from leavingcare.web import app, tokens
from store.conftest import postgres_server  # noqa: F401  (the fixture, shared with the store tests)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
ROLES = ("reader", "recorder", "auditor")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'served.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        schema = f"lc_web_{uuid.uuid4().hex[:12]}"
        url = f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
    assert main(["--store", url, "import", str(write_caseload(folder / "caseload.jsonl")), "--by", "demo"]) == 0
    yield url
    if request.param != "sqlite":
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(scope="module")
def raw_tokens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("tokens") / "tokens.jsonl"
    made = {role: tokens.add(path, f"{role}-1", tokens.Role(role)) for role in ROLES}
    return {"path": path, **made}


@pytest.fixture(scope="module")
def client(store_url: str, raw_tokens: dict[str, Any]) -> Iterator[TestClient[Any]]:
    with open_store(store_url, create=False) as store:
        served = app.create(store, tokens.load(raw_tokens["path"]))
        with TestClient(served) as test_client:
            yield test_client


def bearer(raw_tokens: dict[str, Any], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw_tokens[role]}"}
