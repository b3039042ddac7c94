"""Suitability of bed and breakfast placements (housing.md section 6).

Bed and breakfast is never suitable for a 16 or 17 year old; for a care leaver it is for exceptional
emergencies and at most two working days; for an applicant with family commitments it is unlawful
beyond six weeks (Homelessness (Suitability of Accommodation) (England) Order 2003 arts 3-4).
"""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.part7 import outcome_of
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.events import housing as hx
from leavingcare.periods import Period, day_reaching, intersect, normalise, union


class SuitabilityConcern(ConcernCode):
    """Concerns about bed and breakfast placements."""

    BED_AND_BREAKFAST_16_17 = (
        "bed_and_breakfast_16_17",
        "interim_accommodation",
        "A 16 or 17 year old placed in bed and breakfast, which statutory guidance says is never suitable "
        "for them. Stands for the days placed.",
    )
    BED_AND_BREAKFAST_CARE_LEAVER = (
        "bed_and_breakfast_care_leaver",
        "interim_accommodation",
        "A care leaver (a former relevant child or qualifying person, 18 or over) in bed and breakfast "
        "beyond two working days, the most guidance allows in an emergency.",
    )
    BED_AND_BREAKFAST_FAMILY = (
        "bed_and_breakfast_family",
        "interim_accommodation",
        "An applicant with family commitments in bed and breakfast for more than six weeks in total on "
        "the application (Homelessness (Suitability of Accommodation) (England) Order 2003).",
    )


FAMILY_GROUNDS = frozenset({"dependent_children", "pregnant", "pregnancy", "family_commitments"})


def _placements(run: Run) -> Iterator[tuple[Period, str, str, tuple[str, ...]]]:
    """Each B&B placement: its period, application, placing authority and events."""
    housing = run.facts.housing
    for i, envelope in enumerate(housing):
        event = envelope.event
        if not (isinstance(event, hx.AccommodationSecured) and event.kind == "bed_and_breakfast"):
            continue
        ended = next(
            (
                e
                for e in housing[i + 1 :]
                if isinstance(e.event, hx.AccommodationSecured | hx.AccommodationEnded)
                and e.event.application == event.application
                and e.event.on >= event.on
            ),
            None,
        )
        pipeline = outcome_of(run, event.application)
        authority = pipeline.authority_on(event.on) if pipeline else ""
        ids = (envelope.id,) + ((ended.id,) if ended else ())
        yield Period(event.on, ended.event.on if ended else None), event.application, authority, ids


def _family(run: Run, application: str) -> bool:
    return any(
        isinstance(e.event, hx.PriorityNeedDecided)
        and e.event.application == application
        and e.event.priority_need
        and (e.event.ground or "") in FAMILY_GROUNDS
        for e in run.facts.housing
    )


def _care_leaver(run: Run) -> list[Period]:
    """The days someone is a care leaver to whom leaving-care duties are owed, from 18: a former relevant
    child (to 25, or while a programme continues) or a qualifying person (to 21)."""
    status, case = run.status, run.case
    periods = union((s.period for s in status.frc_status), (s.period for _, s in status.qualifying))
    return intersect(periods, case.aged(case.bday18, None))


@rule(cites=("GUIDANCE.16-17", "GUIDANCE.CA1989.vol3", "SUITABILITY2003.art3"))
def bed_and_breakfast(run: Run) -> Iterator[Finding | Concern]:
    """B&B placements: never suitable for 16-17 year olds (statutory guidance); for care leavers at most
    two working days in an emergency (CA 1989 guidance vol 3); for an applicant with family commitments
    beyond a period, or a total of periods, of six weeks (Suitability Order 2003 arts 3-4)."""
    case = run.case
    care_leaver = _care_leaver(run)
    placements = list(_placements(run))
    young = intersect(case.aged(case.bday16, case.bday18), case.in_force("GUIDANCE.16-17"))
    for period, _, authority, ids in placements:
        for piece in intersect([period], young):
            yield run.concern(
                SuitabilityConcern.BED_AND_BREAKFAST_16_17,
                Kind.INTERIM_ACCOMMODATION,
                piece,
                "GUIDANCE.16-17",
                (Reason("placed in bed and breakfast aged 16 or 17: never suitable, even in an emergency", ids),),
                by=authority,
            )
        if care_leaver:
            limit = calendar.add_working_days(period.since, run.law.value("working_days.bnb_care_leaver", period.since))
            window = intersect(
                [Period(limit, period.until)] if period.until is None or limit < period.until else [],
                intersect(care_leaver, case.in_force("GUIDANCE.CA1989.vol3")),
            )
            for piece in window:
                yield run.concern(
                    SuitabilityConcern.BED_AND_BREAKFAST_CARE_LEAVER,
                    Kind.INTERIM_ACCOMMODATION,
                    piece,
                    "GUIDANCE.CA1989.vol3",
                    (Reason("a care leaver in bed and breakfast beyond two working days", ids),),
                    by=authority,
                )
    yield from _family_beyond_six_weeks(run, placements)


def _family_beyond_six_weeks(run: Run, placements: list[tuple[Period, str, str, tuple[str, ...]]]) -> Iterator[Concern]:
    """Suitability Order 2003 art 4(1)(b): B&B is tolerated for an applicant with family commitments
    only for "a period, or a total of periods", of at most six weeks on the application: every B&B day
    from the 43rd counted while the Order is in force is a Concern."""
    in_force = run.case.in_force("SUITABILITY2003.art3")
    for application in dict.fromkeys(a for _, a, _, _ in placements):
        if not _family(run, application):
            continue
        mine = [p for p in placements if p[1] == application]
        counted = intersect(normalise(p[0] for p in mine), in_force)
        if not counted:
            continue
        beyond = day_reaching(counted, run.law.value("days.bnb_family", counted[0].since) + 1)
        if beyond is None:
            continue
        for period, _, authority, ids in mine:
            for piece in intersect([period], intersect(counted, [Period(beyond)])):
                yield run.concern(
                    SuitabilityConcern.BED_AND_BREAKFAST_FAMILY,
                    Kind.INTERIM_ACCOMMODATION,
                    piece,
                    "SUITABILITY2003.art3",
                    (
                        Reason(
                            "an applicant with family commitments in bed and breakfast for more than six weeks "
                            "in total",
                            ids,
                        ),
                    ),
                    by=authority,
                )
