"""Suitability of bed and breakfast placements (housing.md section 6).

Bed and breakfast is never suitable for a 16 or 17 year old; for a care leaver it is for exceptional
emergencies and at most two working days; for an applicant with family commitments it is unlawful
beyond six weeks (Homelessness (Suitability of Accommodation) (England) Order 2003 arts 3-4).
"""

from __future__ import annotations

from collections.abc import Iterator

from leavingcare import calendar
from leavingcare.duties.engine import Run
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.registry import rule
from leavingcare.events import housing as hx
from leavingcare.periods import Period, intersect

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
        from leavingcare.duties.homelessness import pipelines

        pipeline = pipelines(run).get(event.application)
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


@rule("bed_and_breakfast", cites=("GUIDANCE.16-17", "GUIDANCE.CA1989.vol3", "SUITABILITY2003.art3"))
def bed_and_breakfast(run: Run) -> Iterator[Finding | Concern]:
    """B&B placements: never suitable for 16-17 year olds (statutory guidance); for care leavers at most
    two working days in an emergency (CA 1989 guidance vol 3); beyond six weeks for an applicant with
    family commitments (Suitability Order 2003 arts 3-4)."""
    case, status = run.case, run.status
    care_leaver = status.care_leaver_since
    for period, application, authority, ids in _placements(run):
        for piece in intersect([period], case.aged(case.bday16, case.bday18)):
            yield run.concern(
                "bed_and_breakfast_16_17",
                "interim_accommodation",
                piece,
                "GUIDANCE.16-17",
                (Reason("placed in bed and breakfast aged 16 or 17: never suitable, even in an emergency", ids),),
                by=authority,
            )
        if care_leaver is not None:
            limit = calendar.add_working_days(period.since, run.law.value("working_days.bnb_care_leaver"))
            window = intersect(
                [Period(limit, period.until)] if period.until is None or limit < period.until else [],
                case.aged(max(case.bday18, care_leaver), None),
            )
            for piece in window:
                yield run.concern(
                    "bed_and_breakfast_care_leaver",
                    "interim_accommodation",
                    piece,
                    "GUIDANCE.CA1989.vol3",
                    (Reason("a care leaver in bed and breakfast beyond two working days", ids),),
                    by=authority,
                )
        if _family(run, application):
            limit = calendar.add_days(period.since, run.law.value("days.bnb_family"))
            for piece in intersect(
                [Period(limit, period.until)] if period.until is None or limit < period.until else [],
                run.case.in_force("SUITABILITY2003.art3"),
            ):
                yield run.concern(
                    "bed_and_breakfast_family",
                    "interim_accommodation",
                    piece,
                    "SUITABILITY2003.art3",
                    (Reason("an applicant with family commitments in bed and breakfast beyond six weeks", ids),),
                    by=authority,
                )
