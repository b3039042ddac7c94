"""Priority need grounds (Housing Act 1996 s189(1); Priority Need Order 2002).

The care-leaver grounds are computed from the history (DECISIONS D22), and so are the grounds a finding of
vulnerability gives whatever its cause (D45); other grounds come from a ``PriorityNeedDecided`` for an
application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.case import Stint
from leavingcare.duties.findings import Reason
from leavingcare.duties.run import Run
from leavingcare.events import housing
from leavingcare.periods import Period, difference, intersect, normalise, union

Date = dt.date


def relevant_student(run: Run) -> list[tuple[Period, tuple[str, ...]]]:
    """Periods as a "relevant student" (art 1(3)): a care leaver within CA 1989 s24B(3) in full-time
    further or higher education with term-time accommodation (D22)."""
    since = run.status.care_leaver_since
    if since is None:
        return []
    within_s24b: list[Period] = []
    for dated, limit in run.law.dated("age.s24B_limit"):
        within_s24b += intersect([dated], run.case.aged(since, calendar.birthday(run.facts.born, limit)))
    return [
        (p, e.events)
        for e in run.facts.education
        if e.full_time and e.term_time_accommodation and e.level in ("higher", "further")
        for p in intersect([e.period], normalise(within_s24b))
    ]


def care_leaver_grounds(run: Run) -> list[tuple[str, Stint]]:
    """(provision key, stint) for arts 3, 4 and 5(1), computed from the history (D22)."""
    return run.memo("priority_need.grounds", lambda: list(_grounds(run)))


def _grounds(run: Run) -> Iterator[tuple[str, Stint]]:
    case, status = run.case, run.status
    born = run.facts.born_event
    students = normalise(p for p, _ in relevant_student(run))
    # Art 3: aged 16 or 17, not a relevant child, not owed a duty to be accommodated under CA 1989 s20.
    window = intersect(case.aged(case.bday16, case.bday18), case.in_force("PNO2002.art3"))
    excluded = union([s.period for s in status.relevant], case.looked_after_periods)
    for period in difference(window, excluded):
        yield (
            "PNO2002.art3",
            Stint(period, None, (Reason("aged 16 or 17, not a relevant child and not looked after", (born,)),)),
        )
    # Art 4: under 21, looked after at some time aged 16 or 17 but no longer, not a relevant student.
    after_16 = intersect(case.looked_after_periods, case.aged(case.bday16, case.bday18))
    if after_16:
        first_left = next((p.until for p in case.looked_after_periods if p.until and p.until > case.bday16), None)
        if first_left is not None:
            window = intersect(case.aged(first_left, case.bday21), case.in_force("PNO2002.art4"))
            window = difference(difference(window, case.looked_after_periods), students)
            last = case.last_looked_after_before(first_left)
            ids = last.events if last else ()
            for period in window:
                yield (
                    "PNO2002.art4",
                    Stint(
                        period,
                        None,
                        (Reason("under 21 and looked after at some time aged 16 or 17, but no longer", (born, *ids)),),
                    ),
                )
    # Art 5(1): 21 or over, vulnerable as a result of having been looked after.
    if run.status.care_leaver_since is not None or after_16:
        for period, ids in _vulnerable(run, "care"):
            window = intersect([period], intersect(case.aged(case.bday21, None), case.in_force("PNO2002.art5")))
            for piece in difference(window, students):
                yield (
                    "PNO2002.art5",
                    Stint(
                        piece,
                        None,
                        (Reason("21 or over and found vulnerable as a result of having been looked after", ids),),
                    ),
                )


OTHER_SPECIAL_REASON = "HA1996.s189(1)(c)"

VULNERABILITY_GROUNDS: dict[str, tuple[str, str]] = {
    "armed_forces": (
        "PNO2002.art5(2)",
        "found vulnerable as a result of having been a member of the regular armed forces",
    ),
    "custody": (
        "PNO2002.art5(3)",
        "found vulnerable as a result of a custodial sentence, committal for contempt or remand in custody",
    ),
    "violence": (
        "PNO2002.art6",
        "found vulnerable as a result of ceasing to occupy accommodation because of violence or threats of violence",
    ),
    "other": (OTHER_SPECIAL_REASON, "found vulnerable for another special reason"),
}
"""The ground each cause of a ``VulnerabilityAssessed`` names, other than care (art 5(1), above), and what
the finding says (D45)."""


def vulnerability_grounds(run: Run) -> list[tuple[str, Stint]]:
    """(provision key, stint) for a finding of vulnerability from a cause other than care (D45): Priority Need
    Order 2002 art 5(2) (armed forces), art 5(3) (custody or remand), art 6 (violence), HA 1996 s189(1)(c)
    (another special reason), from the finding until a later assessment of the same cause. Days before the
    Order came into force are vulnerability for another special reason (s189(1)(c))."""

    def build() -> list[tuple[str, Stint]]:
        out: list[tuple[str, Stint]] = []
        for cause, (key, text) in VULNERABILITY_GROUNDS.items():
            for period, ids in _vulnerable(run, cause):
                out += [
                    (key, Stint(p, None, (Reason(text, ids),))) for p in intersect([period], run.case.in_force(key))
                ]
                earlier = intersect(
                    difference([period], run.case.in_force(key)), run.case.in_force(OTHER_SPECIAL_REASON)
                )
                before = Reason(f"{text}, before {run.law.cite(key)} came into force: another special reason", ids)
                out += [(OTHER_SPECIAL_REASON, Stint(p, None, (before,))) for p in earlier]
        return out

    return run.memo("priority_need.vulnerability", build)


def computed_grounds(run: Run) -> list[tuple[str, Stint]]:
    """Every ground computed from the history, care-leaver grounds first (D22, D45)."""
    return [*care_leaver_grounds(run), *vulnerability_grounds(run)]


def _vulnerable(run: Run, cause: str) -> list[tuple[Period, tuple[str, ...]]]:
    """Periods from a ``VulnerabilityAssessed`` finding the person vulnerable from ``cause`` until a later
    assessment of the same cause (D22, D45)."""
    assessed = [
        e for e in run.facts.housing if isinstance(e.event, housing.VulnerabilityAssessed) and e.event.cause == cause
    ]
    out: list[tuple[Period, tuple[str, ...]]] = []
    for i, envelope in enumerate(assessed):
        event = envelope.event
        assert isinstance(event, housing.VulnerabilityAssessed)
        if not event.vulnerable:
            continue
        until = next((e.event.on for e in assessed[i + 1 :] if e.event.on > event.on), None)
        out.append((Period(event.on, until), (envelope.id,)))
    return out


def decided(run: Run, application: str, day: Date) -> tuple[bool | None, tuple[str, ...]]:
    """The authority's latest decision on a non-care-leaver ground for ``application`` by ``day``."""
    latest: tuple[bool | None, tuple[str, ...]] = (None, ())
    for envelope in run.facts.housing:
        event = envelope.event
        if isinstance(event, housing.PriorityNeedDecided) and event.application == application and event.on <= day:
            latest = (event.priority_need, (envelope.id,))
    return latest


def priority_need_on(run: Run, application: str, day: Date) -> tuple[bool, Reason]:
    """Whether the applicant has priority need on ``day``, and why (D22, D45; s189(1))."""
    for provision, stint in computed_grounds(run):
        if day in stint.period:
            citation = run.law.cite(provision)
            return True, Reason(f"priority need: {stint.because[0].text} ({citation})", stint.because[0].events)
    decision, ids = decided(run, application, day)
    if decision:
        return True, Reason("priority need decided on another ground (s189(1))", ids)
    if decision is False:
        return False, Reason("decided not in priority need, and no ground computed from the history applies", ids)
    return False, Reason("no priority need ground established", ())
