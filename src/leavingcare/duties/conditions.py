"""Statutory tests as named, cited conditions over periods.

A ``Condition`` is one limb of a test: a name, the provision it encodes (a law-table key), its words (its
docstring; a number the law sets is written ``{key}`` and read from the law table on the date explained)
and the periods in which it holds. Tests combine conditions: ``all_of`` (each limb must hold), ``any_of``
(routes, in order of precedence) and ``unless`` (a limb that must not hold). A rule's periods are the
periods of its test, and an explanation reads the same objects: the conditions that hold on a date and,
when the test fails, the ones that fail there, with the nearest period in which each holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar

from attrs import frozen

from leavingcare.law import Law
from leavingcare.periods import Period, difference, intersect, normalise, union

Date = dt.date
T = TypeVar("T")
ALWAYS = (Period(Date.min),)
"""Every day."""


class Context(Protocol):
    """What a test is evaluated on: the law, a memo for shared work, and the periods of each test and limb
    already computed, so each is computed once per evaluation."""

    @property
    def law(self) -> Law: ...

    @property
    def tested(self) -> dict[object, list[Period]]: ...

    def memo(self, key: str, build: Callable[[], T]) -> T: ...


C = TypeVar("C", bound=Context)
Detail = Callable[[C, Date], "str | None"]

_PLACEHOLDER = re.compile(r"\{(weeks:)?([a-z0-9_.]+)(-1)?\}")


def render(words: str, law: Law, on: Date) -> str:
    """``words`` with each ``{key}`` replaced by the law table's value on ``on``: ``{weeks:key}`` in weeks,
    ``{key-1}`` one less (the last age under a limit: "aged 16 or {age.adult-1}")."""

    def value(match: re.Match[str]) -> str:
        number = law.value(match.group(2), on) - (1 if match.group(3) else 0)
        return str(number // 7) if match.group(1) else str(number)

    return _PLACEHOLDER.sub(value, words)


class Test(Generic[C]):
    """A statutory test, or a part of one: something that holds over periods."""

    name: str
    cite: str

    def compute(self, ctx: C) -> list[Period]:
        raise NotImplementedError

    def periods(self, ctx: C) -> list[Period]:
        """The days on which it holds (a normal list), computed once per evaluation."""
        tested = ctx.tested
        found = tested.get(self)
        if found is None:
            found = tested[self] = self.compute(ctx)
        return found

    def holds_on(self, ctx: C, day: Date) -> bool:
        return any(day in p for p in self.periods(ctx))

    def parts(self) -> Sequence[Test[C]]:
        return ()

    def limbs(self, ctx: C, day: Date, *, failing: bool, path: tuple[Test[C], ...] = ()) -> Iterator[Limb[C]]:
        """The leaves (conditions, and ``unless`` limbs) that fail (or hold) on ``day``, each with the routes
        above it. A test that holds has no failing limbs; one that fails has at least one."""
        raise NotImplementedError


@frozen(eq=False)
class Limb(Generic[C]):
    """One leaf of a test as it stands on a date: the condition (or ``unless`` limb), the routes above it, and
    the periods in which it holds."""

    test: Test[C]
    path: tuple[Test[C], ...]
    periods: tuple[Period, ...]

    def nearest(self, day: Date) -> Period | None:
        """The period nearest ``day`` in which the limb holds: the one containing it, else the nearest
        before or after (the later one on a tie)."""
        best: tuple[int, Period] | None = None
        for period in self.periods:
            if day in period:
                return period
            gap = (period.since - day).days if period.since > day else (day - (period.last_day or day)).days
            if best is None or gap <= best[0]:
                best = (gap, period)
        return None if best is None else best[1]


class Condition(Test[C]):
    """One limb: its name, the provision it encodes, its words, and how its periods are computed."""

    def __init__(self, name: str, cite: str, words: str, fn: Callable[[C], Iterable[Period]]) -> None:
        self.name = name
        self.cite = cite
        self.words = words
        self.fn = fn
        self.detail_fn: Detail[C] | None = None

    def compute(self, ctx: C) -> list[Period]:
        found = self.fn(ctx)
        if isinstance(found, list) and len(found) < 2 and (not found or not found[0].empty):
            return found
        return normalise(found)

    @property
    def label(self) -> str:
        """The first sentence of the words: what the limb asks, in short."""
        return self.words.split(". ", 1)[0].rstrip(".")

    def explained(self, fn: Detail[C]) -> Detail[C]:
        """Register what to say when the limb fails on a date (the count, the date it ended, ...)."""
        self.detail_fn = fn
        return fn

    def detail(self, ctx: C, day: Date) -> str | None:
        return None if self.detail_fn is None else self.detail_fn(ctx, day)

    def limbs(self, ctx: C, day: Date, *, failing: bool, path: tuple[Test[C], ...] = ()) -> Iterator[Limb[C]]:
        if self.holds_on(ctx, day) != failing:
            yield Limb(self, path, tuple(self.periods(ctx)))

    def __repr__(self) -> str:
        return f"Condition({self.name!r}, {self.cite!r})"


def condition(cite: str, *, name: str | None = None) -> Callable[[Callable[[C], Iterable[Period]]], Condition[C]]:
    """Make a condition of a function from the context to the periods in which the limb holds; its docstring
    is the limb's words."""

    def make(fn: Callable[[C], Iterable[Period]]) -> Condition[C]:
        words = " ".join((fn.__doc__ or "").split())
        return Condition(name or fn.__name__, cite, words, fn)

    return make


class AllOf(Test[C]):
    """Holds where every part holds (the limbs of one provision, joined by "and")."""

    def __init__(self, name: str, cite: str, *parts: Test[C]) -> None:
        self.name, self.cite, self._parts = name, cite, parts

    def parts(self) -> Sequence[Test[C]]:
        return self._parts

    def compute(self, ctx: C) -> list[Period]:
        out: list[Period] | None = None
        for part in self._parts:
            out = part.periods(ctx) if out is None else intersect(out, part.periods(ctx))
            if not out:
                return []
        return list(ALWAYS) if out is None else out

    def limbs(self, ctx: C, day: Date, *, failing: bool, path: tuple[Test[C], ...] = ()) -> Iterator[Limb[C]]:
        if failing and self.holds_on(ctx, day):
            return
        for part in self._parts:
            yield from part.limbs(ctx, day, failing=failing, path=(*path, self))


class AnyOf(Test[C]):
    """Holds where any route holds; routes are listed in order of precedence (the first cited)."""

    def __init__(self, name: str, cite: str, *routes: Test[C]) -> None:
        self.name, self.cite, self._parts = name, cite, routes

    def parts(self) -> Sequence[Test[C]]:
        return self._parts

    def compute(self, ctx: C) -> list[Period]:
        return union(*(route.periods(ctx) for route in self._parts))

    def limbs(self, ctx: C, day: Date, *, failing: bool, path: tuple[Test[C], ...] = ()) -> Iterator[Limb[C]]:
        if failing:
            if self.holds_on(ctx, day):
                return
            for route in self._parts:
                yield from route.limbs(ctx, day, failing=True, path=(*path, self))
            return
        for route in self._parts:  # what holds: the routes that hold
            if route.holds_on(ctx, day):
                yield from route.limbs(ctx, day, failing=False, path=(*path, self))


class Unless(Test[C]):
    """A limb that must not hold (an exclusion): holds on every day ``part`` does not."""

    def __init__(self, part: Test[C], words: str) -> None:
        self.part = part
        self.name = f"unless:{part.name}"
        self.cite = part.cite
        self.words = words

    @property
    def label(self) -> str:
        return self.words.split(". ", 1)[0].rstrip(".")

    def parts(self) -> Sequence[Test[C]]:
        return (self.part,)

    def compute(self, ctx: C) -> list[Period]:
        return difference(list(ALWAYS), self.part.periods(ctx))

    def limbs(self, ctx: C, day: Date, *, failing: bool, path: tuple[Test[C], ...] = ()) -> Iterator[Limb[C]]:
        if self.holds_on(ctx, day) != failing:
            yield Limb(self, path, tuple(self.periods(ctx)))


def all_of(name: str, cite: str, *parts: Test[C]) -> AllOf[C]:
    return AllOf(name, cite, *parts)


def any_of(name: str, cite: str, *routes: Test[C]) -> AnyOf[C]:
    return AnyOf(name, cite, *routes)


def unless(part: Test[C], words: str) -> Unless[C]:
    return Unless(part, words)


def in_force(key: str) -> Condition[Any]:
    """The limb "the provision is in force": its days in force in the law table."""
    return Condition(f"in_force:{key}", key, "the provision is in force", lambda ctx: ctx.law.in_force(key))


def leaves(test: Test[C]) -> Iterator[Test[C]]:
    """Every condition and ``unless`` limb of a test, once each, in order."""
    seen: set[int] = set()
    stack = [test]
    while stack:
        node = stack.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Condition | Unless):
            yield node
        else:
            stack[:0] = list(node.parts())
