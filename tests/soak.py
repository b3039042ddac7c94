"""Quick runs and soak runs: ``LEAVINGCARE_SOAK=1`` (``make soak``) multiplies examples and runs by ten,
and each module's ``_counts`` are added to ``.soak/counts.jsonl`` (see ``tests/conftest.py``)."""

from __future__ import annotations

import os
from pathlib import Path

SOAK = os.environ.get("LEAVINGCARE_SOAK") == "1"
SCALE = 10 if SOAK else 1
COUNTS = Path(__file__).resolve().parents[1] / ".soak" / "counts.jsonl"
