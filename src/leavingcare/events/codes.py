"""SSDA903 code lists used by care events (DfE children looked after return; see docs/decisions.md)."""

from __future__ import annotations

from enum import StrEnum

LEGAL_STATUS = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})
CARE_ORDERS = frozenset({"C1", "C2", "D1", "E1"})
"""Legal statuses under which the child is in the authority's care (s22(1)(a); s22A accommodation)."""
SHORT_BREAKS = frozenset({"V3", "V4"})
SECTION_20 = frozenset({"V2", "V3", "V4"})
"""Legal statuses under which the child is provided with accommodation under CA 1989 s20 (a single period, or
an agreed series of short breaks)."""
REMAND = frozenset({"J1"})
"""Remanded to local authority accommodation or to youth detention accommodation (SSDA903 LS J1)."""

PLACEMENT = frozenset(
    {
        "A3",
        "A4",
        "A5",
        "A6",
        "H5",
        "K1",
        "K2",
        "K3",
        "P1",
        "P2",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "Z1",
        "Z11",
        "Z12",
        "Z13",
        "Z14",
    }
)
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
WITH_PARENT_PLACEMENTS = frozenset({"P1"})
CUSTODIAL_PLACEMENTS = frozenset({"R5"})
"""PLACE R5, young offender institution: before LASPO 2012 a remand there (or to a prison or remand centre,
which SSDA903 records the same way) was custody, not local authority accommodation (D33)."""

REASON_ENDED = frozenset(
    {
        "E11",
        "E12",
        "E2",
        "E3",
        "E4A",
        "E4B",
        "E13",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "E14",
        "E15",
        "E16",
        "E17",
        "X1",
    }
)
RETURNED_HOME = frozenset({"E4A", "E4B"})
CHILD_ARRANGEMENTS = frozenset({"E41"})
"""A residence order or a child arrangements order naming the person the child is to live with (CA 1989
s12(2) gives that person parental responsibility)."""
SPECIAL_GUARDIANSHIP = frozenset({"E45", "E46", "E47", "E48"})
STAYED_WITH_CARERS = frozenset({"E17"})
ADOPTED = frozenset({"E11", "E12"})
WITH_PARENTAL_RESPONSIBILITY = RETURNED_HOME | CHILD_ARRANGEMENTS | SPECIAL_GUARDIANSHIP | ADOPTED
"""Care ended to live with a parent or a person with parental responsibility, which starts the six months
of CLR 2010 reg 3 (D10): a return home (E4A/E4B), a lives-with order (E41), a special guardianship order
(E45-E48; the special guardian has parental responsibility, s14C(1)(a)) or adoption (E11/E12; the adopters
are the child's parents, D37)."""


class Arrangement(StrEnum):
    """Where and with whom someone lives outside care (``Moved``)."""

    PARENT = "parent"
    RELATIVE = "relative"
    FORMER_FOSTER_CARER = "former_foster_carer"
    SUPPORTED = "supported"
    SUPPORTED_LODGINGS = "supported_lodgings"
    SOCIAL_TENANCY = "social_tenancy"
    PRIVATE_TENANCY = "private_tenancy"
    STUDENT_HALLS = "student_halls"
    BED_AND_BREAKFAST = "bed_and_breakfast"
    HOSTEL = "hostel"
    NO_FIXED_ABODE = "no_fixed_abode"
    OTHER = "other"


ARRANGEMENTS = frozenset(a.value for a in Arrangement)
EDUCATION_LEVELS = frozenset({"higher", "further", "training", "apprenticeship"})
VULNERABILITY_CAUSES = frozenset({"care", "custody", "armed_forces", "violence", "other"})
SERVICES = frozenset({"housing", "childrens"})
ROLE_MAX_LENGTH = 100
"""The longest sign-off role recorded: any job title a protocol uses fits well within it."""
OFFER_KINDS = frozenset({"suitable", "final_accommodation", "final_part6", "part6", "private_rented_sector"})
DUTY_END_REASONS = frozenset(
    {
        "accommodation_secured",
        "became_homeless",
        "days_elapsed",
        "refused_offer",
        "refused_final_offer",
        "intentionally_homeless_from_accommodation",
        "ineligible",
        "withdrawn",
        "non_cooperation",
        "contact_lost",
        "referral_accepted",
    }
)
ACCOMMODATION_UNDER = frozenset({"s188", "s190", "s193", "s193C", "s195", "s189B", "s199A", "s200", "pending_review"})
ACCOMMODATION_KINDS = frozenset({"bed_and_breakfast", "hostel", "temporary", "supported", "private_rented", "social"})
LOCAL_CONNECTION_GROUNDS = frozenset({"residence", "employment", "family", "special_circumstances"})
