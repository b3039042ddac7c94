"""Test-wide settings: in continuous integration (``CI`` set) hypothesis draws the same examples on
every run, so a red run always points at a change in the code; ``make soak`` and the ``thorough``
profile explore at random."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from soak import COUNTS, SOAK

if os.environ.get("CI") and not os.environ.get("LEAVINGCARE_SOAK"):
    settings.register_profile("ci", derandomize=True, database=None)
    settings.load_profile("ci")


@pytest.fixture(scope="module", autouse=True)
def soak_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """In a soak run, add the module's ``_counts`` (what it tried) to ``.soak/counts.jsonl``."""
    yield
    counts = getattr(request.module, "_counts", None)
    if SOAK and counts:
        COUNTS.parent.mkdir(exist_ok=True)
        with COUNTS.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"module": request.module.__name__, **counts}) + "\n")
