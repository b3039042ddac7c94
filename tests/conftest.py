"""Test-wide settings: in continuous integration (``CI`` set) hypothesis draws the same examples on
every run, so a red run always points at a change in the code; ``make soak`` and the ``thorough``
profile explore at random."""

from __future__ import annotations

import os

from hypothesis import settings

if os.environ.get("CI") and not os.environ.get("LEAVINGCARE_SOAK"):
    settings.register_profile("ci", derandomize=True, database=None)
    settings.load_profile("ci")
