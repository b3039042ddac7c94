"""Provisions, dated parameters and the ``Law`` that rules consult."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from attrs import evolve, field, frozen

from leavingcare.periods import Period


@frozen
class Citation:
    """Where a finding comes from: the instrument, the provision, and its legislation.gov.uk page."""

    instrument: str
    provision: str
    url: str

    def __str__(self) -> str:
        return f"{self.instrument} {self.provision}"


@frozen
class Provision:
    """A provision a rule cites. ``commenced=None``: prospective, in force on no date."""

    key: str
    instrument: str
    provision: str
    url: str
    commenced: dt.date | None
    repealed: dt.date | None = None
    note: str = ""

    @property
    def citation(self) -> Citation:
        return Citation(self.instrument, self.provision, self.url)

    @property
    def in_force(self) -> Period | None:
        """The days the provision is in force, or None if it has not been commenced."""
        if self.commenced is None:
            return None
        return Period(self.commenced, self.repealed)


@frozen
class Parameter:
    """A number the law sets (an age, a day or month count), with the date each value took effect.

    ``values`` are ``(effective_from, value)`` pairs in date order; ``None`` = from the beginning.
    """

    key: str
    values: tuple[tuple[dt.date | None, int], ...]
    provision: str
    description: str

    def on(self, day: dt.date) -> int:
        current = self.values[0][1]
        for since, value in self.values:
            if since is None or since <= day:
                current = value
        return current

    def dated(self) -> list[tuple[Period, int]]:
        """Each value with the period it was in effect."""
        out: list[tuple[Period, int]] = []
        for i, (since, value) in enumerate(self.values):
            until = self.values[i + 1][0] if i + 1 < len(self.values) else None
            out.append((Period(since or dt.date.min, until), value))
        return out


def _index_provisions(items: Iterable[Provision]) -> dict[str, Provision]:
    return {p.key: p for p in items}


def _index_parameters(items: Iterable[Parameter]) -> dict[str, Parameter]:
    return {p.key: p for p in items}


@frozen
class Law:
    """The law as the rules see it: provisions by key and parameters by key.

    Each provision's citation and days in force are worked out once, when the table is built: rules
    ask for them many times a person."""

    provisions: Mapping[str, Provision] = field(converter=_index_provisions)
    parameters: Mapping[str, Parameter] = field(converter=_index_parameters)
    _citations: dict[str, Citation] = field(init=False, eq=False, repr=False)
    _in_force: dict[str, Period | None] = field(init=False, eq=False, repr=False)
    _dated: dict[str, list[tuple[Period, int]]] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_citations", {k: p.citation for k, p in self.provisions.items()})
        object.__setattr__(self, "_in_force", {k: p.in_force for k, p in self.provisions.items()})
        object.__setattr__(self, "_dated", {k: p.dated() for k, p in self.parameters.items()})

    def provision(self, key: str) -> Provision:
        try:
            return self.provisions[key]
        except KeyError:
            raise KeyError(f"no provision {key!r} in the law table") from None

    def cite(self, key: str) -> Citation:
        citation = self._citations.get(key)
        return citation if citation is not None else self.provision(key).citation

    def in_force(self, key: str) -> list[Period]:
        """The provision's days in force as a period list (empty when prospective)."""
        if key not in self._in_force:
            self.provision(key)  # raises, naming the key
        period = self._in_force[key]
        return [] if period is None else [period]

    def commenced(self, key: str) -> dt.date | None:
        return self.provision(key).commenced

    def value(self, key: str, on: dt.date) -> int:
        """A parameter's value on a date: every read says which date, so that a dated change applies."""
        try:
            parameter = self.parameters[key]
        except KeyError:
            raise KeyError(f"no parameter {key!r} in the law table") from None
        return parameter.on(on)

    def dated(self, key: str) -> list[tuple[Period, int]]:
        """Each value of a parameter with the period it was in effect."""
        found = self._dated.get(key)
        return list(found) if found is not None else self.parameters[key].dated()

    def with_commencement(self, key: str, commenced: dt.date | None) -> Law:
        """This law with one provision commenced on another date (or made prospective)."""
        changed = evolve(self.provision(key), commenced=commenced)
        provisions = {**self.provisions, key: changed}
        return Law(provisions.values(), self.parameters.values())
