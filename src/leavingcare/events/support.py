"""Requests for support, assessments, plan reviews and education."""

from __future__ import annotations

from attrs import field, frozen

from leavingcare.events import codes
from leavingcare.events.base import Event, event, flag, one_of


@event("support")
@frozen
class SupportRequested(Event):
    """Asks the responsible authority for a personal adviser's advice and support (s23CZB)."""


@event("support")
@frozen
class SupportDeclined(Event):
    """Says they no longer want a personal adviser (s23CZB(3)(b))."""


@event("support")
@frozen
class NeedsAssessed(Event):
    """The needs assessment for the pathway plan is completed."""


@event("support")
@frozen
class PathwayPlanReviewed(Event):
    """The pathway plan is reviewed."""


@event("education")
@frozen
class EducationStarted(Event):
    """Starts a programme of education or training."""

    level: str = field(validator=one_of(codes.EDUCATION_LEVELS, "education level"))
    full_time: bool = field(validator=flag)
    in_pathway_plan: bool = field(validator=flag)
    term_time_accommodation: bool = field(validator=flag)


@event("education")
@frozen
class EducationEnded(Event):
    """The programme ends or is abandoned."""
