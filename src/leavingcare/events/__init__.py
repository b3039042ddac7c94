"""Event types (DESIGN section 5) and the JSONL codec.

Every event is a frozen attrs value with ``on``, the date it took effect, and validated fields:
SSDA903 codes against their lists, authority and area codes against the authorities dataset as
of ``on``.
"""

from __future__ import annotations

from leavingcare.events.base import EVENT_TYPES, FAMILIES, Event
from leavingcare.events.care import (
    Born,
    CareChanged,
    CareEnded,
    CareStarted,
    CustodyEnded,
    CustodyStarted,
    HistoryIncomplete,
    HospitalAdmitted,
    HospitalDischarged,
    Moved,
)
from leavingcare.events.codec import Envelope
from leavingcare.events.housing import (
    AccommodationEnded,
    AccommodationSecured,
    ApplicationReferred,
    ApplicationWithdrawn,
    DutyEnded,
    EligibilityChanged,
    Homeless,
    HomelessnessApplication,
    HomelessnessRiskIdentified,
    IntentionalityDecided,
    LocalConnectionDecided,
    NonCooperationNotice,
    OfferAccepted,
    OfferMade,
    OfferRefused,
    PriorityNeedDecided,
    ReferralConsentRefused,
    ReferralMade,
    Retracted,
    Section208NoticeSent,
    SignedOff,
    ThreatenedWithHomelessness,
    VulnerabilityAssessed,
)
from leavingcare.events.support import (
    EducationEnded,
    EducationStarted,
    NeedsAssessed,
    PathwayPlanReviewed,
    SupportDeclined,
    SupportRequested,
)

__all__ = [
    "EVENT_TYPES",
    "FAMILIES",
    "AccommodationEnded",
    "AccommodationSecured",
    "ApplicationReferred",
    "ApplicationWithdrawn",
    "Born",
    "CareChanged",
    "CareEnded",
    "CareStarted",
    "CustodyEnded",
    "CustodyStarted",
    "DutyEnded",
    "EducationEnded",
    "EducationStarted",
    "EligibilityChanged",
    "Envelope",
    "Event",
    "HistoryIncomplete",
    "Homeless",
    "HomelessnessApplication",
    "HomelessnessRiskIdentified",
    "HospitalAdmitted",
    "HospitalDischarged",
    "IntentionalityDecided",
    "LocalConnectionDecided",
    "Moved",
    "NeedsAssessed",
    "NonCooperationNotice",
    "OfferAccepted",
    "OfferMade",
    "OfferRefused",
    "PathwayPlanReviewed",
    "PriorityNeedDecided",
    "ReferralConsentRefused",
    "ReferralMade",
    "Retracted",
    "Section208NoticeSent",
    "SignedOff",
    "SupportDeclined",
    "SupportRequested",
    "ThreatenedWithHomelessness",
    "VulnerabilityAssessed",
]
