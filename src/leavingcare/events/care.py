"""Birth, care episodes, custody, hospital and where the young person lives."""

from __future__ import annotations

from attrs import field, frozen

from leavingcare.events import codes
from leavingcare.events.base import Event, childrens_authority, event, flag, one_of
from leavingcare.events.base import area as area_code


@event("person")
@frozen
class Born(Event):
    """The date of birth: every age the law uses is counted from it."""


@event("person")
@frozen
class HistoryIncomplete(Event):
    """The record is incomplete from ``on``: events on or after it may be missing (an import kept only
    what its source showed before a problem). Every assessment of the person carries the concern
    ``incomplete_history`` until this event is retracted."""


@event("care")
@frozen
class CareStarted(Event):
    """A care episode begins: looked after by ``authority`` (SSDA903 DECOM)."""

    authority: str = field(validator=childrens_authority)
    legal_status: str = field(validator=one_of(codes.LEGAL_STATUS, "SSDA903 legal status (LS) code"))
    placement: str = field(validator=one_of(codes.PLACEMENT, "SSDA903 placement (PLACE) code"))
    area: str = field(validator=area_code)


@event("care")
@frozen
class CareChanged(Event):
    """Within an episode: a new legal status, placement or placement area."""

    legal_status: str | None = field(
        default=None, validator=one_of(codes.LEGAL_STATUS, "SSDA903 legal status (LS) code")
    )
    placement: str | None = field(default=None, validator=one_of(codes.PLACEMENT, "SSDA903 placement (PLACE) code"))
    area: str | None = field(default=None, validator=area_code)


@event("care")
@frozen
class CareEnded(Event):
    """The episode ends; ``on`` is the first day no longer looked after (SSDA903 DEC, REC)."""

    reason: str = field(validator=one_of(codes.REASON_ENDED, "SSDA903 reason episode ceased (REC) code"))


@event("custody")
@frozen
class CustodyStarted(Event):
    """Detained (sentenced, or remanded when ``remand``)."""

    remand: bool = field(validator=flag)


@event("custody")
@frozen
class CustodyEnded(Event):
    """Released from custody."""


@event("custody")
@frozen
class HospitalAdmitted(Event):
    """Admitted to hospital."""


@event("custody")
@frozen
class HospitalDischarged(Event):
    """Discharged from hospital."""


@event("residence")
@frozen
class Moved(Event):
    """Starts living in ``area`` under ``arrangement``."""

    area: str = field(validator=area_code)
    arrangement: str = field(validator=one_of(codes.ARRANGEMENTS, "living arrangement"))
