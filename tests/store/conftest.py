"""The PostgreSQL server the store tests use: 127.0.0.1:5432, user postgres, database test. Without it
the PostgreSQL cases skip with the reason, unless ``LEAVINGCARE_REQUIRE_POSTGRES=1``, when they fail."""

from __future__ import annotations

import os

import psycopg
import pytest

REQUIRE_POSTGRES = "LEAVINGCARE_REQUIRE_POSTGRES"
POSTGRES = "host=127.0.0.1 port=5432 user=postgres dbname=test"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    try:
        psycopg.connect(POSTGRES + " connect_timeout=3").close()
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL at 127.0.0.1:5432 (user postgres, database test) is unreachable: {exc}".strip()
    else:
        return POSTGRES
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{reason} ({REQUIRE_POSTGRES}=1 requires it)", pytrace=False)
    pytest.skip(f"{reason} (set {REQUIRE_POSTGRES}=1 to fail instead of skipping)")
