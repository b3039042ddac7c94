"""Fixtures of the interoperability tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables903 import Tables


@pytest.fixture
def tables(tmp_path: Path) -> Tables:
    return Tables(tmp_path)
