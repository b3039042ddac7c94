"""Care-leaver status: who is responsible for an eligible, relevant or former relevant child or a qualifying
person, over which periods, and why.

The periods are those of the statutory tests (``duties.statuses``); this module splits them by the authority
responsible (the one looking after the child, or that last looked after them, s23A(4), s24(5)) and gives the
reasons, computed once per case as lists of ``Stint``s.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from leavingcare.duties import aftercare, statuses
from leavingcare.duties.aftercare import Programme
from leavingcare.duties.case import Case, Stint, join, periods_of, stint_on, stints_minus, stints_within
from leavingcare.duties.findings import Reason
from leavingcare.duties.once import once
from leavingcare.facts import CareSegment
from leavingcare.periods import Period, intersect, union

Date = dt.date


@frozen
class FormerRelevant:
    """How someone became a former relevant child (s23C(1)(a) or (b)) and who owes the duties."""

    route: str
    authority: str | None
    at_18: Stint


class Status:
    """The statuses of one case (children.md sections 3-6; DECISIONS D6-D17)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.facts = case.facts
        self.law = case.law

    # Sch 2 para 19B: eligible child --------------------------------------------------------
    @property
    def day_91(self) -> Date | None:
        """The day the 91st day looked after since the 14th birthday falls (D6, D7)."""
        return statuses.day_91(self.case)

    @once
    def counted_events(self) -> tuple[str, ...]:
        """The events that decide the 13 weeks: those of the care that gave the first counted day and the 91st
        (not every counted care event, so the reason stays the same size however long the history)."""
        counted = statuses.counted_since_14(self.case)
        day_91 = self.day_91
        if not counted or day_91 is None:
            return ()
        deciding = (self.case.segment_on(counted[0].since), self.case.segment_on(day_91))
        return tuple(dict.fromkeys(i for s in deciding if s is not None for i in s.events[:1]))

    @once
    def eligible(self) -> list[Stint]:
        """The days of the eligible child test (para 19B(2)), each with the authority looking after the child,
        one stint for each stretch with one authority, citing the care that began it."""
        case = self.case
        day_91 = self.day_91
        window = statuses.ELIGIBLE_CHILD.periods(case)
        if day_91 is None or not window:
            return []
        counted = Reason(
            f"looked after for 13 weeks since the 14th birthday (the 91st day was {day_91.isoformat()})",
            self.counted_events,
        )
        runs: list[tuple[Period, CareSegment]] = []
        for segment in case.countable:
            for period in intersect([segment.period], window):
                last = runs[-1] if runs else None
                if last is not None and last[1].authority == segment.authority and last[0].until == period.since:
                    runs[-1] = (Period(last[0].since, period.until), last[1])
                else:
                    runs.append((period, segment))
        return [
            Stint(
                period,
                first.authority,
                (
                    case.age_reason("aged 16 or 17"),
                    counted,
                    Reason(f"looked after by {first.authority}", first.events),
                ),
            )
            for period, first in runs
        ]

    @property
    def eligible_on_attaining_16(self) -> CareSegment | None:
        return statuses.eligible_on_attaining_16(self.case)

    def eligible_before(self, day: Date) -> bool:
        """Whether the child had been an eligible child at some time before ``day`` (s23A(2)(b), D38)."""
        return statuses.eligible_before(self.case, day)

    # s23A and CLR 2010 reg 3: relevant child -----------------------------------------------
    @property
    def home_exclusions(self) -> list[tuple[Period, tuple[str, ...]]]:
        """Living with a parent for six continuous months (CLR 2010 reg 3(3)-(5); D10)."""
        return statuses.home_exclusions(self.case)

    @once
    def relevant_main(self) -> list[Stint]:
        """s23A(2), each stretch with the authority that last looked after the child (s23A(4))."""
        case = self.case
        window = statuses.RELEVANT_MAIN.periods(case)
        stints = []
        for spell, segment in statuses.spells_after_eligibility(case):
            last_day = spell.since - dt.timedelta(days=1)
            for period in intersect([spell], window):
                stints.append(
                    Stint(
                        period,
                        segment.authority,
                        (
                            case.age_reason("aged 16 or 17"),
                            Reason(
                                f"an eligible child before last ceasing to be looked after; last looked after by "
                                f"{segment.authority} until {last_day.isoformat()}",
                                segment.events,
                            ),
                        ),
                    )
                )
        return stints

    def looked_after_immediately_before(self, day: Date) -> CareSegment | None:
        return statuses.looked_after_immediately_before(self.case, day)

    @once
    def relevant_detained(self) -> list[Stint]:
        """CLR 2010 reg 3(2): relevant whenever 16 or 17 and not looked after (a later short break does not end
        it), once detained or in hospital on attaining 16 after 13 weeks looked after since 14."""
        case = self.case
        detained = statuses.detained_on_attaining_16(case)
        if detained is None:
            return []
        because = (
            case.age_reason("aged 16 or 17"),
            Reason(f"{detained.what} when they attained 16", detained.events),
            Reason(
                f"looked after by {detained.before.authority} for 13 weeks since 14 immediately before",
                detained.before.events,
            ),
        )
        # Responsible: the authority that last looked after them (CLR 2010 reg 2(1)), a later one after a
        # short break (D38).
        return [
            Stint(p, (case.last_looked_after_before(p.since) or detained.before).authority, because)
            for p in statuses.RELEVANT_DETAINED.periods(case)
        ]

    @property
    def detained_route_in_force(self) -> list[Period]:
        return statuses.detained_route_in_force.periods(self.case)

    def left_before_new_regime(self, left: Date) -> bool:
        return statuses.left_before_new_regime(self.case, left)

    @once
    def relevant(self) -> list[Stint]:
        """Relevant on either route, less the days excluded by the six-months-at-home rule."""
        main = self.relevant_main
        detained = stints_minus(self.relevant_detained, periods_of(main))
        return join(stints_within(main + detained, statuses.RELEVANT_CHILD.periods(self.case)))

    # s23C: former relevant child ----------------------------------------------------------
    @once
    def former_relevant(self) -> FormerRelevant | None:
        """s23C(1)(b): looked after at 18 and eligible immediately before ceasing (a care episode
        ending on the 18th birthday counts, D11a); s23C(1)(a): a relevant child at 18."""
        day = self.case.bday18 - dt.timedelta(days=1)
        eligible = stint_on(self.eligible, day)
        if eligible is not None:
            return FormerRelevant("s23C(1)(b)", eligible.authority, eligible)
        relevant = stint_on(self.relevant, day)
        if relevant is not None:
            return FormerRelevant("s23C(1)(a)", relevant.authority, relevant)
        return None

    @once
    def frc_reason(self) -> Reason:
        frc = self.former_relevant
        assert frc is not None
        if frc.route == "s23C(1)(b)":
            text = f"looked after by {frc.authority} when they attained 18, and an eligible child before"
            at_18 = self.case.segment_on(self.case.bday18 - dt.timedelta(days=1))
            ids = at_18.events if at_18 is not None else ()
        else:
            text = f"a relevant child of {frc.authority} when they attained 18"
            ids = frc.at_18.because[-1].events
        return Reason(text, (*ids, self.facts.born_event))

    @once
    def core(self) -> list[Stint]:
        """s23C(6): the s23C(2)-(4) duties last from 18 until 21."""
        frc = self.former_relevant
        if frc is None:
            return []
        reasons = (self.frc_reason, self.case.age_reason("under 21"))
        return [Stint(p, frc.authority, reasons) for p in aftercare.CORE.periods(self.case)]

    @property
    def extension(self) -> list[Programme]:
        """s23C(7): a programme set out in the pathway plan continuing past 21 (D12)."""
        return aftercare.extension(self.case)

    @once
    def core_and_extension(self) -> list[Period]:
        return union(periods_of(self.core), (p.period for p in self.extension))

    @property
    def returning_to_education(self) -> list[Programme]:
        """s23CA: a programme pursued after the s23C duties ended, begun under 25 (D14, D30)."""
        return aftercare.returning_to_education(self.case)

    @once
    def on_request(self) -> list[Stint]:
        """s23CZB: advice and support on request from 21 to 25 (D13, D29)."""
        frc = self.former_relevant
        if frc is None:
            return []
        window = aftercare.ON_REQUEST.periods(self.case)
        out = []
        for request, ids in aftercare.support_requests(self.case):
            for period in intersect([request], window):
                out.append(
                    Stint(
                        period,
                        frc.authority,
                        (
                            Reason("asked for advice and support from a personal adviser", ids),
                            self.frc_reason,
                            self.case.age_reason("aged 21 to 24"),
                        ),
                    )
                )
        return out

    @once
    def frc_status(self) -> list[Stint]:
        """Former relevant child from 18; reported until 25 (s23CZB, corporate parenting) or while an
        s23C(7) or s23CA programme continues beyond it."""
        frc = self.former_relevant
        if frc is None:
            return []
        return [Stint(p, frc.authority, (self.frc_reason,)) for p in aftercare.FORMER_RELEVANT_CHILD.periods(self.case)]

    # s24: qualifying person ---------------------------------------------------------------
    @once
    def left_care_after_16(self) -> list[Stint]:
        """Under 21, looked after at some time after 16 while a child, and no longer looked after
        (s24(1B), (2)(a); before 2001-10-01 the old s24(1)). Responsible: the authority that last
        looked after them (s24(5)(a))."""
        case = self.case
        stints = []
        for period in aftercare.LEFT_CARE_AFTER_16.periods(case):
            last = case.last_looked_after_before(period.since)
            if last is None:
                continue
            stints.append(
                Stint(
                    period,
                    last.authority,
                    (
                        case.age_reason("under 21"),
                        Reason(f"looked after by {last.authority} after the 16th birthday, and no longer", last.events),
                    ),
                )
            )
        return stints

    @once
    def special_guardianship(self) -> list[Stint]:
        """s24(1A): 16 to 20, a special guardianship order made when looked after immediately before."""
        return [
            Stint(
                period,
                episode.authority,
                (
                    self.case.age_reason("aged 16 to 20"),
                    Reason(f"a special guardianship order ended care with {episode.authority}", episode.events),
                ),
            )
            for period, episode in aftercare.special_guardianship(self.case)
        ]

    @once
    def qualifying(self) -> list[tuple[str, Stint]]:
        """Qualifying persons, the residual category (``aftercare.QUALIFYING_PERSON``). s24(1B) covers only those
        not within s24(1A), so a special guardianship order is tried first. Returns (provision key, stint)
        pairs."""
        window = aftercare.QUALIFYING_PERSON.periods(self.case)
        out: list[tuple[str, Stint]] = [("CA1989.s24(1A)", s) for s in stints_within(self.special_guardianship, window)]
        taken = [s.period for _, s in out]
        old = self.case.in_force("CA1989.s24.old")
        new = self.case.in_force("CA1989.s24(1B)")
        for stint in stints_minus(stints_within(self.left_care_after_16, window), union(taken)):
            out += [("CA1989.s24.old", s) for s in stint.within(old)]
            out += [("CA1989.s24(1B)", s) for s in stint.within(new)]
        return sorted(out, key=lambda pair: pair[1].period.since)

    @once
    def care_leaver_since(self) -> Date | None:
        """The first day someone was a former relevant child or a qualifying person by reason of care."""
        starts = [s.period.since for s in self.frc_status] + [s.period.since for _, s in self.qualifying]
        return min(starts, default=None)

    def authority_on(self, day: Date) -> str | None:
        """The authority responsible for care-leaver duties on ``day``."""
        for stints in (self.eligible, self.relevant, self.frc_status):
            found = stint_on(stints, day)
            if found is not None:
                return found.authority
        frc = self.former_relevant
        if frc is not None and day >= self.case.bday18:
            return frc.authority
        last = self.case.last_looked_after_before(day)
        return None if last is None else last.authority


__all__ = ["FormerRelevant", "Programme", "Status", "stints_within"]
