"""The 903 validator's rule 1001: its approximation of leaving-care eligibility from the episodes of the
two collection years it sees (``shared/data/ssda903.md`` section 2), reproduced to compare with the
rules' exact answer (``docs/interop.md``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import frozen

from leavingcare import calendar
from leavingcare.interop import codes903
from leavingcare.interop.model903 import Episode903

Date = dt.date

RULE_1001_DAYS = 91
RULE_1001_COUNT_FROM, RULE_1001_AFTER, RULE_1001_TOO_OLD = 14, 16, 20
"""The validator's own thresholds (days since the 14th birthday, a day after the 16th, under 20 at
the collection end): they describe rule 1001, not the law, so they are not in the law table."""


@frozen
class ValidatorVerdict:
    """What csc-validator-be-903 rule 1001 makes of a child's episodes (``shared/data/ssda903.md`` 2).

    ``days_after_14``: days in care from max(DECOM, 14th birthday) to DEC, summed; ``days_after_16``
    likewise from the 16th birthday; V3/V4 episodes left out. ``care_leaver`` when the first is at
    least 91 and the second at least 1, the child is under 20 at the collection end and the latest
    episode did not cease with adoption (REC E11/E12)."""

    days_after_14: int
    days_after_16: int
    adopted: bool
    too_old: bool

    @property
    def care_leaver(self) -> bool:
        enough = self.days_after_14 >= RULE_1001_DAYS and self.days_after_16 >= 1
        return enough and not self.adopted and not self.too_old


def validator_verdict(born: Date, episodes: Iterable[Episode903], collection_end: Date) -> ValidatorVerdict:
    """Rule 1001 over the episodes its two-year window sees: those open at some time from 1 April of
    the previous collection year to ``collection_end`` (the last day of the current one). An episode
    still open is counted to ``collection_end``. Birthdays are the validator's (29 February births
    reach 14 on 28 February), not the library's."""
    first_day = Date(codes903.collection_year(collection_end) - 1, 4, 1)
    seen = sorted(
        (e for e in episodes if e.decom <= collection_end and (e.dec is None or e.dec >= first_day)),
        key=lambda e: e.decom,
    )
    b14 = calendar.add_months(born, RULE_1001_COUNT_FROM * 12)
    b16 = calendar.add_months(born, RULE_1001_AFTER * 12)
    after_14 = after_16 = 0
    for episode in seen:
        if episode.ls in codes903.SHORT_BREAKS:
            continue
        end = min(episode.dec or collection_end, collection_end)
        after_14 += max(0, (end - max(episode.decom, b14)).days)
        after_16 += max(0, (end - max(episode.decom, b16)).days)
    adopted = bool(seen) and seen[-1].rec in codes903.ADOPTED
    too_old = calendar.add_months(born, RULE_1001_TOO_OLD * 12) <= collection_end
    return ValidatorVerdict(after_14, after_16, adopted, too_old)
