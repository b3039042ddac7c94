"""Care-leaver status: eligible, relevant and former relevant children, and qualifying persons.

Each status is computed once per case as a list of ``Stint``s (a period and the responsible
authority), by intersecting and cutting fact periods at birthdays and commencement dates.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from attrs import frozen

from leavingcare import calendar
from leavingcare.duties.case import Case, Stint, join, periods_of, stint_on, stints_minus, stints_within
from leavingcare.duties.findings import Reason
from leavingcare.events import codes
from leavingcare.facts import CareSegment, Education
from leavingcare.periods import Period, day_reaching, difference, intersect, normalise, union

Date = dt.date


@frozen
class FormerRelevant:
    """How someone became a former relevant child (s23C(1)(a) or (b)) and who owes the duties."""

    route: str
    authority: str | None
    at_18: Stint


@frozen
class Programme:
    """An education or training programme that keeps duties alive, with the provision it engages."""

    education: Education
    period: Period
    provision: str


class Status:
    """The statuses of one case (children.md sections 3-6; DECISIONS D6-D17)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.facts = case.facts
        self.law = case.law

    # Sch 2 para 19B: eligible child --------------------------------------------------------
    @cached_property
    def day_91(self) -> Date | None:
        """The day the 91st day looked after since the 14th birthday falls (D6: the 14th birthday
        counts; short breaks do not, D7)."""
        counted = intersect(normalise(s.period for s in self.case.countable), [Period(self.case.bday14)])
        return day_reaching(counted, self.law.value("days.eligible_looked_after", self.case.bday16))

    @cached_property
    def counted_events(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for s in self.case.countable for i in s.events))

    @cached_property
    def eligible(self) -> list[Stint]:
        """Aged 16 or 17, looked after (not on a short break), and looked after for 91 days since 14:
        from the later of the 16th birthday and the 91st day (para 19B(2); D6)."""
        case = self.case
        if self.day_91 is None:
            return []
        window = intersect(case.aged(max(case.bday16, self.day_91), case.bday18), case.in_force("CA1989.sch2.para19B"))
        counted = Reason(
            f"looked after for 13 weeks since the 14th birthday (the 91st day was {self.day_91.isoformat()})",
            self.counted_events,
        )
        stints = []
        for segment in case.countable:
            for period in intersect([segment.period], window):
                stints.append(
                    Stint(
                        period,
                        segment.authority,
                        (
                            case.age_reason("aged 16 or 17"),
                            counted,
                            Reason(f"looked after by {segment.authority}", segment.events),
                        ),
                    )
                )
        return join(stints)

    @cached_property
    def eligible_on_attaining_16(self) -> CareSegment | None:
        """An episode ending on the 16th birthday was running when the child attained 16 (FLRA 1969 s9;
        D34, read as D11a reads the 18th): with 13 weeks since 14 by the day before, that period "ended
        after he reached the age of sixteen" (para 19B(2)(b)), so the child was then an eligible child,
        for a moment no whole day records. Returns the segment they were looked after in."""
        case = self.case
        b16 = case.bday16
        segment = next((s for s in case.countable if b16 - dt.timedelta(days=1) in s.period), None)
        if segment is None or self.day_91 is None or self.day_91 >= b16:
            return None
        if not any(b16 in p for p in case.in_force("CA1989.sch2.para19B")):
            return None
        return segment

    def eligible_before(self, day: Date) -> bool:
        """Whether the child had been an eligible child at some time before ``day`` (s23A(2)(b), D38)."""
        if any(s.period.since < day for s in self.eligible):
            return True
        return self.eligible_on_attaining_16 is not None and self.case.bday16 <= day

    # s23A and CLR 2010 reg 3: relevant child -----------------------------------------------
    @cached_property
    def home_exclusions(self) -> list[tuple[Period, tuple[str, ...]]]:
        """Living with a parent for six continuous months: excluded from relevant status from
        start + 6 months until the arrangement ends (CLR 2010 reg 3(3)-(5); D10)."""
        out = []
        for period, ids in self.facts.with_parent():
            since = calendar.add_months(period.since, self.law.value("months.home_rule", period.since))
            if period.until is None or since < period.until:
                out.append((Period(since, period.until), ids))
        return out

    @cached_property
    def relevant_main(self) -> list[Stint]:
        """s23A(2): 16 or 17, not looked after, and "before last ceasing to be looked after, an eligible
        child": at any time before, not only immediately before (contrast s23C(1)(b)), so a later short
        break or short episode does not end it (D38). The responsible authority is the one that last
        looked after them (s23A(4))."""
        case = self.case
        window = intersect(case.aged(case.bday16, case.bday18), case.in_force("CA1989.s23A"))
        looked_after = case.looked_after_periods
        stints = []
        for i, spell in enumerate(looked_after):
            if spell.until is None or not self.eligible_before(spell.until):
                continue
            last_day = spell.until - dt.timedelta(days=1)
            next_start = looked_after[i + 1].since if i + 1 < len(looked_after) else None
            segment = case.segment_on(last_day)
            assert segment is not None
            for period in intersect([Period(spell.until, next_start)], window):
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
        """The looked-after segment immediately before a detention or admission on ``day``: the one
        running the day before, even if care was closed later, during the stay (D35); else one that
        ended at most a day before."""
        case = self.case
        running = case.segment_on(day - dt.timedelta(days=1))
        if running is not None:
            return running
        before = case.last_looked_after_before(day)
        if before is None or before.period.until is None or (day - before.period.until).days > 1:
            return None
        return before

    @cached_property
    def relevant_detained(self) -> list[Stint]:
        """CLR 2010 reg 3(2) (CL(E)R 2001 reg 4 before April 2011): not in care, detained or in hospital
        on attaining 16 (a stay ending on the 16th birthday counts, D34), and looked after for 13 weeks
        since 14 immediately before the detention or admission (care closed during the stay counts,
        D35); relevant whenever 16 or 17 and not looked after (a later short break does not end it)."""
        case = self.case
        b16 = case.bday16
        spells: list[tuple[Period, tuple[str, ...], str]] = [
            (c.period, c.events, "detained") for c in self.facts.custody
        ]
        spells += [(h.period, h.events, "in hospital") for h in self.facts.hospital]
        for period, ids, what in spells:
            on_attaining_16 = b16 in period or period.until == b16
            if not on_attaining_16 or case.segment_on(b16) is not None:
                continue
            before = self.looked_after_immediately_before(period.since)
            if before is None or before.care_order:
                continue
            left = next((p.until for p in case.looked_after_periods if before.period.since in p), None)
            if left is None or self.left_before_new_regime(left):
                continue
            if period.since <= case.bday14:
                continue
            counted = intersect(normalise(s.period for s in case.countable), [Period(case.bday14, period.since)])
            if day_reaching(counted, self.law.value("days.eligible_looked_after", period.since)) is None:
                continue
            not_looked_after = difference(case.aged(b16, case.bday18), case.looked_after_periods)
            window = intersect(not_looked_after, self.detained_route_in_force)
            because = (
                case.age_reason("aged 16 or 17"),
                Reason(f"{what} when they attained 16", ids),
                Reason(f"looked after by {before.authority} for 13 weeks since 14 immediately before", before.events),
            )
            # Responsible: the authority that last looked after them (CLR 2010 reg 2(1)), a later one after a
            # short break (D38).
            return [Stint(p, (case.last_looked_after_before(p.since) or before).authority, because) for p in window]
        return []

    @cached_property
    def detained_route_in_force(self) -> list[Period]:
        """The days the detained or hospital category is in force: CL(E)R 2001 reg 4 until 31 March 2011,
        then CLR 2010 reg 3(2), which carries it on without a break."""
        return union(self.case.in_force("CLER2001.reg4"), self.case.in_force("CLR2010.reg3"))

    def left_before_new_regime(self, left: Date) -> bool:
        """D17: someone who left care before the Children (Leaving Care) Act 2000 regime began
        (2001-10-01) is a qualifying person only."""
        begun = self.law.commenced("CA1989.s23A")
        return begun is None or left < begun

    @cached_property
    def relevant(self) -> list[Stint]:
        """Relevant on either route, less the days excluded by the six-months-at-home rule."""
        excluded = normalise(p for p, _ in self.home_exclusions)
        main = self.relevant_main
        detained = stints_minus(self.relevant_detained, periods_of(main))
        return join(stints_minus(main + detained, excluded))

    # s23C: former relevant child ----------------------------------------------------------
    @cached_property
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

    @cached_property
    def frc_reason(self) -> Reason:
        frc = self.former_relevant
        assert frc is not None
        if frc.route == "s23C(1)(b)":
            text = f"looked after by {frc.authority} when they attained 18, and an eligible child before"
        else:
            text = f"a relevant child of {frc.authority} when they attained 18"
        return Reason(text, (*frc.at_18.because[-1].events, self.facts.born_event))

    @cached_property
    def core(self) -> list[Stint]:
        """s23C(6): the s23C(2)-(4) duties last from 18 until 21."""
        frc = self.former_relevant
        if frc is None:
            return []
        window = intersect(self.case.aged(self.case.bday18, self.case.bday21), self.case.in_force("CA1989.s23C(2)"))
        return [Stint(p, frc.authority, (self.frc_reason, self.case.age_reason("under 21"))) for p in window]

    @cached_property
    def extension(self) -> list[Programme]:
        """s23C(7): a programme set out in the pathway plan, begun before 21 and continuing past it,
        keeps the s23C(2), (3) and (4)(b) duties while it lasts; no upper age (D12)."""
        if self.former_relevant is None:
            return []
        b21 = self.case.bday21
        out = []
        for education in self.facts.education:
            if not education.in_pathway_plan or education.period.since >= b21:
                continue
            for period in intersect([education.period], [Period(b21)]):
                out.append(Programme(education, period, "CA1989.s23C(7)"))
        return out

    @cached_property
    def core_and_extension(self) -> list[Period]:
        return union(periods_of(self.core), (p.period for p in self.extension))

    @cached_property
    def returning_to_education(self) -> list[Programme]:
        """s23CA (from 2011-04-01): a former relevant child under 25 towards whom the s23C duties no longer
        subsist and who is pursuing a programme of education or training, while it lasts (D14). A
        programme under way when the s23C duties end engages it from that day (D30); one under way when the
        section came into force, from then; either only if they are still under 25."""
        if self.former_relevant is None or not self.core_and_extension:
            return []
        core_end = self.core_and_extension[-1].until
        if core_end is None:
            return []
        after_s23c = intersect([Period(core_end)], self.case.in_force("CA1989.s23CA"))
        out = []
        for education in self.facts.education:
            for period in intersect([education.period], after_s23c):
                if period.since < self.case.bday25:
                    out.append(Programme(education, period, "CA1989.s23CA"))
        return out

    @cached_property
    def on_request(self) -> list[Stint]:
        """s23CZB (from 2018-04-01): aged 21 to 24, an authority in England had s23C duties, and they
        asked for advice and support; until 25 or until they say they no longer want it (D13). A request
        made before the section came into force is not one under it (children.md 7.2) and engages
        nothing; the first request made while it is in force does, even if an earlier one was never
        withdrawn (D29)."""
        frc = self.former_relevant
        if frc is None:
            return []
        in_force = self.case.in_force("CA1989.s23CZB")
        window = intersect(self.case.aged(self.case.bday21, self.case.bday25), in_force)
        out = []
        for spell in self.facts.support:
            engaging = next((r for r in spell.requests if any(r.on in p for p in in_force)), None)
            if engaging is None:
                continue
            asked = {r.event for r in spell.requests}
            ids = (engaging.event, *(i for i in spell.events if i not in asked))
            for period in intersect([Period(engaging.on, spell.period.until)], window):
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

    @cached_property
    def frc_status(self) -> list[Stint]:
        """Former relevant child from 18; reported until 25 (s23CZB, corporate parenting) or while an
        s23C(7) or s23CA programme continues beyond it."""
        frc = self.former_relevant
        if frc is None:
            return []
        window = intersect(self.case.aged(self.case.bday18, None), self.case.in_force("CA1989.s23C(1)(a)"))
        span = union(
            self.case.aged(self.case.bday18, self.case.bday25),
            (p.period for p in self.extension),
            (p.period for p in self.returning_to_education),
        )
        return [Stint(p, frc.authority, (self.frc_reason,)) for p in intersect(span, window)]

    # s24: qualifying person ---------------------------------------------------------------
    @cached_property
    def left_care_after_16(self) -> list[Stint]:
        """Under 21, looked after at some time after 16 while a child, and no longer looked after
        (s24(1B), (2)(a); before 2001-10-01 the old s24(1)). Responsible: the authority that last
        looked after them (s24(5)(a))."""
        case = self.case
        # Looked after on the day before the 16th birthday runs into it: looked after on attaining 16 (D34).
        on_or_after_16 = case.aged(case.bday16 - dt.timedelta(days=1), case.bday18)
        if not intersect(case.looked_after_periods, on_or_after_16):
            return []
        first_left = next((p.until for p in case.looked_after_periods if p.until and p.until >= case.bday16), None)
        if first_left is None:
            return []
        window = difference(case.aged(first_left, case.bday21), case.looked_after_periods)
        stints = []
        for period in window:
            last = case.last_looked_after_before(period.since)
            if last is None:
                continue
            stints.append(
                Stint(
                    period,
                    last.authority,
                    (
                        case.age_reason("under 21"),
                        Reason(
                            f"looked after by {last.authority} after the 16th birthday, and no longer",
                            last.events,
                        ),
                    ),
                )
            )
        return stints

    @cached_property
    def special_guardianship(self) -> list[Stint]:
        """s24(1A): 16 to 20, a special guardianship order made when looked after immediately before.
        A later order (after a return to care) supersedes an earlier one from the day it is made."""
        case = self.case
        out: list[Stint] = []
        for episode in self.facts.episodes:
            if episode.reason not in codes.SPECIAL_GUARDIANSHIP or episode.period.until is None:
                continue
            since = max(case.bday16, episode.period.until)
            window = intersect(case.aged(since, case.bday21), case.in_force("CA1989.s24(1A)"))
            out += [
                Stint(
                    p,
                    episode.authority,
                    (
                        case.age_reason("aged 16 to 20"),
                        Reason(
                            f"a special guardianship order ended care with {episode.authority}",
                            episode.events,
                        ),
                    ),
                )
                for p in window
            ]
        superseded: list[Stint] = []
        taken: list[Period] = []
        for stint in reversed(out):
            superseded += stints_minus([stint], taken)
            taken = union(taken, [stint.period])
        return sorted(superseded, key=lambda s: s.period.since)

    @cached_property
    def qualifying(self) -> list[tuple[str, Stint]]:
        """Qualifying persons, the residual category: not eligible, relevant or a former relevant
        child. s24(1B) covers only those not within s24(1A), so a special guardianship order is tried
        first. Returns (provision key, stint) pairs."""
        taken = union(periods_of(self.relevant), periods_of(self.frc_status), self.case.looked_after_periods)
        out: list[tuple[str, Stint]] = [("CA1989.s24(1A)", s) for s in stints_minus(self.special_guardianship, taken)]
        taken = union(taken, (s.period for _, s in out))
        old = self.case.in_force("CA1989.s24.old")
        new = self.case.in_force("CA1989.s24(1B)")
        for stint in stints_minus(self.left_care_after_16, taken):
            out += [("CA1989.s24.old", s) for s in stint.within(old)]
            out += [("CA1989.s24(1B)", s) for s in stint.within(new)]
        return sorted(out, key=lambda pair: pair[1].period.since)

    @cached_property
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
