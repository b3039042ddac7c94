"""SSDA903 code lists by collection year (``shared/data/ssda903.md``; the 903 validator's rules 144,
146 and 149 in its year packs 2022-23 to 2026-27).

A collection year runs from 1 April to 31 March and is named by its two years, ``2024-25``. The
lists before 2022-23 are not held here: the 2022-23 lists are applied to earlier years.

- Legal status (LS), reason for new episode (RNE) and reason episode ceased (REC) are the same in
  every year held.
- Placement (PLACE): K3 (registered supported accommodation) from 2024-25; from 2025-26 H5 and P2
  are removed and Z1 is split into Z11, Z12, Z13 and Z14.
"""

from __future__ import annotations

import datetime as dt

from leavingcare.events import codes

Date = dt.date

LEGAL_STATUS = codes.LEGAL_STATUS
"""LS (rule 144): the same in every year held."""

REASON_CEASED = codes.REASON_ENDED
"""REC (rule 149): the same in every year held. X1: the episode ceases and a new one starts that day."""

NEW_EPISODE = frozenset({"S", "L", "P", "T", "B", "U"})
"""RNE: S started; L legal status; P placement and carer; T placement, same carer; B = L + P; U = L + T."""

LEGAL_STATUS_CHANGES = frozenset({"L", "B", "U"})
PLACEMENT_CHANGES = frozenset({"P", "T", "B", "U"})
CONTINUES = "X1"
SHORT_BREAKS = codes.SHORT_BREAKS
ADOPTED = codes.ADOPTED

_SPLIT_OF_Z1 = frozenset({"Z11", "Z12", "Z13", "Z14"})
_PLACEMENT_2024 = codes.PLACEMENT - _SPLIT_OF_Z1
"""2024-25: every code an event may carry but Z11-Z14."""
_PLACEMENT_2022 = _PLACEMENT_2024 - {"K3"}
"""2022-23 and 2023-24 (and, here, earlier years): A3-A6 H5 K1 K2 P1-P3 R1-R3 R5 S1 T0-T4 U1-U6 Z1."""
_PLACEMENT_2025 = codes.PLACEMENT - {"H5", "P2", "Z1"}
"""2025-26 on: H5 and P2 removed, Z1 split into Z11-Z14."""

_PLACEMENT_FROM: tuple[tuple[int, frozenset[str]], ...] = (
    (2025, _PLACEMENT_2025),
    (2024, _PLACEMENT_2024),
)

PLACE_LIST_HISTORY = "K3 is used from 2024-25; H5, P2 and Z1 until 2024-25; Z11-Z14 from 2025-26"
"""How the PLACE list changed, for rejection messages: the same text whatever the code or the year, so
a message tells neither."""


def collection_year(day: Date) -> int:
    """The first calendar year of the collection year containing ``day`` (1 April to 31 March)."""
    return day.year if day >= Date(day.year, 4, 1) else day.year - 1


def placements(year: int) -> frozenset[str]:
    """The PLACE codes of the collection year beginning in April of ``year``."""
    return next((listed for first, listed in _PLACEMENT_FROM if year >= first), _PLACEMENT_2022)
