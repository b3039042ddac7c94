"""Where a care episode was placed: a map from postcode district (the outward code of a postcode,
``LS1`` of ``LS1 4AP``) to the GSS code of an area, read from a CSV file with the columns
``postcode_district,area``.

A postcode district can straddle a boundary; the map gives one area for each, and that is the
map's choice. An area is a district or unitary-type authority (or a code of Wales, Scotland or
Northern Ireland for a placement outside England). A code the map gives that is abolished by an
episode's date is followed to its single successor; one not yet in force, or with several
successors, leaves the area unknown for that episode.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path

from attrs import frozen

from leavingcare import geography
from leavingcare.errors import InvalidEvent, UnknownCode

Date = dt.date

COLUMNS = ("postcode_district", "area")

_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])$")


def postcode_district(postcode: str, known: Mapping[str, str] | None = None) -> str | None:
    """The outward code of a full postcode (``LS1 4AP``), of a postcode sector (``LS1 4``) or of an
    outward code alone (``LS1``), with or without the space; None when it is none of these.

    Written without a space, ``LS14`` is read as the district ``LS14`` when ``known`` holds it, else as
    the sector ``LS1 4``."""
    text = " ".join(postcode.upper().split())
    if not text:
        return None
    if " " in text:
        outward = text.split(" ", 1)[0]
        return outward if _DISTRICT.match(outward) else None
    full = _FULL.match(text)
    if full:
        return full.group(1)
    if known is not None and text in known:
        return text
    sector = _SECTOR.match(text)
    if sector and (known is None or sector.group(1) in known):
        return sector.group(1)
    return text if _DISTRICT.match(text) else None


@frozen
class AreaMap:
    """Postcode district -> area code, as read from the map file."""

    districts: Mapping[str, str]
    source: str = "areas"

    def area_for(self, postcode: str, day: Date) -> tuple[str | None, str]:
        """The area of ``postcode`` on ``day`` and, when it cannot be given, why (never naming the postcode)."""
        district = postcode_district(postcode, self.districts)
        if district is None:
            return None, "PL_POST is blank or not a postcode" if not postcode.strip() else "PL_POST is not a postcode"
        code = self.districts.get(district)
        if code is None:
            return None, f"the postcode district of PL_POST is not in {self.source}"
        if geography.is_outside_england(code):
            return code, ""
        held = geography.lookup(code)
        if held is not None and held.valid_on(day):
            return code, ""
        successor, _ = geography.successor_on(code, day)
        followed = geography.lookup(successor) if successor else None
        if followed is not None and followed.housing and followed.valid_on(day):
            return followed.code, ""
        return None, f"the area {self.source} gives for PL_POST's postcode district is not in force on DECOM"


def read_area_map(path: str | os.PathLike[str]) -> AreaMap:
    """Read and check the map; raises ``InvalidEvent`` or ``UnknownCode`` naming the file and line."""
    try:
        return _read(path)
    except UnicodeDecodeError:
        raise InvalidEvent(os.fspath(path), "is not valid UTF-8") from None
    except csv.Error as exc:
        raise InvalidEvent(os.fspath(path), f"is not valid CSV ({exc})") from None


def _read(path: str | os.PathLike[str]) -> AreaMap:
    name = os.fspath(path)
    districts: dict[str, str] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f.strip() for f in reader.fieldnames or []]
        missing = [c for c in COLUMNS if c not in fields]
        if missing:
            raise InvalidEvent(name, "missing column(s): " + ", ".join(missing))
        reader.fieldnames = fields
        for row in reader:
            where = f"{name} line {reader.line_num}"
            district = (row.get("postcode_district") or "").strip().upper()
            code = (row.get("area") or "").strip().upper()
            if not district and not code:
                continue
            if not _DISTRICT.match(district):
                raise InvalidEvent(where, "postcode_district must be the outward code of a postcode, e.g. LS1")
            if not geography.is_outside_england(code):
                held = geography.lookup(code)
                if held is None or not held.housing:
                    raise UnknownCode(
                        where, "area must be the GSS code of a district or unitary-type authority (or W06, S12, N09)"
                    )
            if district in districts and districts[district] != code:
                raise InvalidEvent(
                    where, f"gives a second area for the postcode district on an earlier line ({district})"
                )
            districts[district] = code
    return AreaMap(districts, name)
