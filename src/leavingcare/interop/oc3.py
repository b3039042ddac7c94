"""The young people an authority's SSDA903 return must report in its OC3 (care leavers) table for a
collection year, read from their histories.

The DfE's guide to the children looked after return says the return records "all young people who are
eligible for care leaver support and whose 17th, 18th, 19th, 20th or 21st birthday falls within the
collection period" (1 April to 31 March). Care leaver support is that of relevant and former relevant
children (CA 1989 s23A(2), s23C(1)): the 903 validator's rule 1001 rejects care leaver information for
a young person who is neither, rules 1007 and 1016 for 17- and 18-year-olds still looked after on the
birthday. So a young person is in the cohort when that birthday falls in the year and, on it, they are
not looked after and hold ``relevant_child`` (at 17) or ``former_relevant_child`` (18 to 21) status;
the responsible authority is that finding's ``by``. See docs/interop.md and docs/decisions.md (D55).

The ages come from the collection, not the law, so they are here rather than in the law table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from attrs import frozen

from leavingcare import calendar
from leavingcare.api import timeline
from leavingcare.history import History
from leavingcare.periods import Period

Date = dt.date

OC3_AGES = range(17, 22)
"""The birthdays whose year the OC3 table covers: the 17th to the 21st (validator rule 391)."""
CARE_LEAVER_STATUSES = ("relevant_child", "former_relevant_child")
COLUMNS = ("person", "birthday", "age", "authority", "status", "concerns")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def parse_year(text: str) -> int:
    """``2024-25`` -> 2024, the first calendar year of the collection year; ``ValueError`` otherwise."""
    match = _YEAR.match(text)
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError("must be a collection year written like 2024-25 (1 April 2024 to 31 March 2025)")
    return int(match[1])


def collection_year(year: int) -> Period:
    """1 April of ``year`` to 31 March of the next (half-open: until 1 April)."""
    return Period(Date(year, 4, 1), Date(year + 1, 4, 1))


@frozen
class Oc3Row:
    """One young person of the OC3 cohort: the birthday in the year, the age it brings, the responsible
    authority and status on it, and the codes of the concerns that stand on it."""

    person: str
    birthday: Date
    age: int
    authority: str | None
    status: str
    concerns: tuple[str, ...]

    def as_dict(self) -> dict[str, str]:
        return {
            "person": self.person,
            "birthday": self.birthday.isoformat(),
            "age": str(self.age),
            "authority": self.authority or "",
            "status": self.status,
            "concerns": ";".join(self.concerns),
        }


def birthday_in(born: Date, year: int) -> tuple[int, Date] | None:
    """The OC3 birthday (17th to 21st) falling in the collection year, with its age, if any."""
    window = collection_year(year)
    for age in OC3_AGES:
        day = calendar.birthday(born, age)
        if day in window:
            return age, day
    return None


def row_of(person: str, history: History, year: int, known_at: dt.datetime | None = None) -> Oc3Row | None:
    """The young person's OC3 row for the collection year beginning in April of ``year``, or None."""
    if history.nothing_known_at(known_at):
        return None
    facts = history.known_at(known_at).facts
    found = birthday_in(facts.born, year)
    if found is None:
        return None
    age, day = found
    if any(day in episode.period for episode in facts.episodes):
        return None
    on_birthday = timeline(history, known_at=known_at).at(day)
    held = [f for kind in CARE_LEAVER_STATUSES for f in on_birthday.of_kind(kind)]
    if not held:
        return None
    concerns = tuple(sorted({c.code for c in on_birthday.concerns}))
    return Oc3Row(person, day, age, held[0].by, held[0].kind, concerns)


def cohort(
    people: Iterable[tuple[str, History]],
    year: int,
    *,
    known_at: dt.datetime | None = None,
    authority: str | None = None,
) -> list[Oc3Row]:
    """Everyone of ``people`` the OC3 table of the year must report (responsible ``authority`` only,
    when given), in birthday order, then by person."""
    rows: Iterator[Oc3Row | None] = (row_of(person, history, year, known_at) for person, history in people)
    kept = [r for r in rows if r is not None and (authority is None or r.authority == authority)]
    return sorted(kept, key=lambda r: (r.birthday, r.person))
