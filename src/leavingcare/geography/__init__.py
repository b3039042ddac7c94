"""English housing and children's services authorities as of a date, from the packaged
``authorities.csv`` (one row per ONS GSS code, 2009 onwards, with counties and successors).

- ``county``: children's services only (E10). ``district``: housing only (E07).
- ``unitary``, ``metropolitan``, ``london_borough``, ``isles_of_scilly``: both.
Validity dates in the file are inclusive; here they become half-open periods.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from attrs import frozen

from leavingcare.periods import Period

Date = dt.date

HOUSING_KINDS = frozenset({"district", "unitary", "metropolitan", "london_borough", "isles_of_scilly"})
CHILDRENS_KINDS = frozenset({"county", "unitary", "metropolitan", "london_borough", "isles_of_scilly"})
OUTSIDE_ENGLAND_PREFIXES = ("W06", "S12", "N09")
WALES_COUNCIL_PREFIX = "W06"


@frozen
class Authority:
    code: str
    name: str
    kind: str
    county: str | None
    valid: Period
    successors: tuple[str, ...]
    note: str

    def valid_on(self, day: Date) -> bool:
        return day in self.valid

    @property
    def housing(self) -> bool:
        return self.kind in HOUSING_KINDS

    @property
    def childrens(self) -> bool:
        return self.kind in CHILDRENS_KINDS


def _date(text: str) -> Date | None:
    return Date.fromisoformat(text) if text else None


def _parse(text: str) -> dict[str, Authority]:
    out: dict[str, Authority] = {}
    for row in csv.DictReader(io.StringIO(text)):
        valid_to = _date(row["valid_to"])
        out[row["code"]] = Authority(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            county=row["county_code"] or None,
            valid=Period(
                _date(row["valid_from"]) or Date.min,
                None if valid_to is None else valid_to + dt.timedelta(days=1),
            ),
            successors=tuple(s for s in row["successor_codes"].split(";") if s),
            note=row["note"],
        )
    return out


@cache
def _table() -> str:
    return resources.files("leavingcare").joinpath("data/authorities.csv").read_text(encoding="utf-8")


@cache
def authorities() -> dict[str, Authority]:
    """Every authority in the packaged table, by code (read once)."""
    return _parse(_table())


@cache
def table_digest() -> str:
    """A digest of the very text ``authorities`` is built from (for what is computed from it), taken
    once: the text is read once (``_table``)."""
    return hashlib.sha256(_table().encode("utf-8")).hexdigest()


def code_pattern(kinds: frozenset[str], prefixes: tuple[str, ...] = ()) -> str:
    """A regular expression of the codes the authorities of ``kinds`` have: a GSS prefix (and any further
    ``prefixes``) followed by any six digits where every code of the table with that prefix is of those
    kinds, and otherwise each code as it is (a pre-2009 code that another kind shares a prefix with, a
    placeholder for an authority not yet coded)."""
    table = authorities().values()
    mixed = {a.code[:3] for a in table if a.kind not in kinds}
    codes = [a.code for a in table if a.kind in kinds]
    whole = sorted({c[:3] for c in codes if _GSS.fullmatch(c) and c[:3] not in mixed} | set(prefixes))
    exact = sorted(re.escape(c) for c in codes if not _GSS.fullmatch(c) or c[:3] in mixed)
    return "^(" + "|".join([f"({'|'.join(whole)})[0-9]{{6}}", *exact]) + ")$"


_GSS = re.compile(r"[EWSN][0-9]{8}")


def lookup(code: str) -> Authority | None:
    return authorities().get(code)


def is_outside_england(code: str) -> bool:
    return code.startswith(OUTSIDE_ENGLAND_PREFIXES) and len(code) == 9


def is_welsh_council(code: str) -> bool:
    """A county or county borough council in Wales (W06), whose code is also its area's."""
    return code.startswith(WALES_COUNCIL_PREFIX) and len(code) == 9


def valid_on(code: str, day: Date) -> bool:
    authority = lookup(code)
    return authority is not None and authority.valid_on(day)


def current(day: Date) -> Iterator[Authority]:
    """The authorities in force on ``day``."""
    return (a for a in authorities().values() if a.valid_on(day))


def county_of(district: str, day: Date) -> str | None:
    """The county council of a district on ``day`` (None for a unitary-type area or a code not in force)."""
    authority = lookup(district)
    if authority is None or not authority.valid_on(day) or authority.kind != "district":
        return None
    return authority.county


@cache
def _districts_by_county() -> dict[str, tuple[Authority, ...]]:
    grouped: dict[str, list[Authority]] = {}
    for a in authorities().values():
        if a.county:
            grouped.setdefault(a.county, []).append(a)
    return {county: tuple(members) for county, members in grouped.items()}


def members(county: str) -> tuple[Authority, ...]:
    """Every district that has ever been part of a county council's area (check ``valid`` for when)."""
    return _districts_by_county().get(county, ())


def districts_of(county: str, day: Date) -> tuple[str, ...]:
    """The districts of a county council on ``day``, in code order."""
    return tuple(sorted(a.code for a in _districts_by_county().get(county, ()) if a.valid_on(day)))


def housing_authority_for(area: str, day: Date) -> str | None:
    """The housing authority for an area (a district or unitary-type code) on ``day``."""
    authority = lookup(area)
    if authority is None or not authority.valid_on(day) or not authority.housing:
        return None
    return authority.code


def local_housing_authority_for(area: str, day: Date) -> str | None:
    """The local housing authority for an area on ``day`` (Housing Act 1985 s1, Housing Act 1996 s230): the
    housing authority in England, or the council in Wales for a Welsh area. None for Scotland and Northern
    Ireland, whose councils are not local housing authorities under those Acts."""
    if is_welsh_council(area):
        return area
    return housing_authority_for(area, day)


def childrens_authority_for(area: str, day: Date) -> str | None:
    """The children's services authority for an area on ``day``: the county of a district, else itself."""
    authority = lookup(area)
    if authority is None or not authority.valid_on(day):
        return None
    if authority.kind == "district":
        return authority.county
    return authority.code if authority.childrens else None


def successor_on(code: str, day: Date, area: str | None = None) -> tuple[str | None, list[str]]:
    """The authority that carries ``code``'s functions on ``day``, following successor links.

    Where an abolished authority has several successors, the one whose area contains ``area`` (itself
    followed to ``day``) is chosen. Returns ``(code or None, candidates)``: None with the candidates
    when the choice cannot be made.
    """
    authority = lookup(code)
    if authority is None:
        return None, []
    seen: set[str] = set()
    while authority.valid.until is not None and day >= authority.valid.until and authority.code not in seen:
        seen.add(authority.code)
        if not authority.successors:
            return None, []
        if len(authority.successors) == 1:
            nxt = lookup(authority.successors[0])
        else:
            chosen = _successor_containing(authority.successors, area, authority.valid.until)
            if chosen is None:
                return None, list(authority.successors)
            nxt = lookup(chosen)
        if nxt is None:
            return None, []
        authority = nxt
    return authority.code, [authority.code]


def _successor_containing(successors: tuple[str, ...], area: str | None, day: Date) -> str | None:
    if area is None:
        return None
    followed, _ = successor_on(area, day)
    if followed in successors:
        return followed
    if followed is not None:
        county = childrens_authority_for(followed, day)
        if county in successors:
            return county
    return None


def abolitions(code: str) -> list[Date]:
    """The days on which ``code`` and each authority after it in its chain stop being in force."""
    out: list[Date] = []
    authority = lookup(code)
    seen: set[str] = set()
    while authority is not None and authority.valid.until is not None and authority.code not in seen:
        seen.add(authority.code)
        out.append(authority.valid.until)
        authority = lookup(authority.successors[0]) if authority.successors else None
    return out


def describe(code: str) -> str:
    """A one-line description: name and kind."""
    authority = lookup(code)
    return code if authority is None else f"{authority.name} ({authority.kind})"
