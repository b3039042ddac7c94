"""The dated law table for homelessness: Housing Act 1996 Part 7 as amended by the Homelessness
Reduction Act 2017, the Priority Need Order 2002, the Suitability Order 2003 and the Code of Guidance.

Applications made before the HRA 2017 commenced (2018-04-03) keep the earlier rules for their whole
life (DECISIONS D18): the rules pick provisions by the application date, not the date assessed.
"""

from __future__ import annotations

import datetime as dt
import enum

from attrs import frozen

from leavingcare.law.model import Parameter, Provision

D = dt.date
HA = "Housing Act 1996"
HA_URL = "https://www.legislation.gov.uk/ukpga/1996/52"
HRA = D(2018, 4, 3)
PART7 = D(1997, 1, 20)


def _ha(
    key: str, provision: str, section: str, commenced: D | None, repealed: D | None = None, note: str = ""
) -> Provision:
    return Provision(f"HA1996.{key}", HA, provision, f"{HA_URL}/section/{section}", commenced, repealed, note)


HOUSING_PROVISIONS: tuple[Provision, ...] = (
    _ha("s175(4)", "s175(4)", "175", PART7, note="Threatened with homelessness: 28 days, 56 days from 2018-04-03."),
    _ha("s175(5)", "s175(5) (s21 notice)", "175", HRA, D(2026, 5, 1), note="Inserted by HRA 2017 s1."),
    _ha(
        "s175(5).s8",
        "s175(5) (s8 notice)",
        "175",
        D(2026, 5, 1),
        note="Re-pointed to s8 Housing Act 1988 notices by the Renters' Rights Act 2025 (SI 2026/421) [S].",
    ),
    _ha("s184", "s184(1)", "184", PART7),
    _ha("s185", "s185", "185", PART7, note="Eligibility for assistance: assumed until an EligibilityChanged says not."),
    _ha("s188", "s188(1)", "188", PART7),
    _ha("s188(1ZA)", "s188(1ZA)-(1ZB)", "188", HRA),
    _ha("s189(1)(c)", "s189(1)(c)", "189", PART7, note="Vulnerable for another special reason (D45)."),
    _ha("s189A", "s189A", "189A", HRA),
    _ha("s189B(2)", "s189B(2)", "189B", HRA),
    _ha("s189B(4)", "s189B(4)", "189B", HRA),
    _ha("s189B(7)", "s189B(5)-(7)", "189B", HRA),
    _ha("s190(2)", "s190(2)(a)", "190", PART7),
    _ha("s191", "s191(1)", "191", PART7, note="Becoming homeless intentionally, as the authority decides it."),
    _ha("s193(1)", "s193(1)-(1A)", "193", PART7, note="(1A) was inserted by HRA 2017 s7; see D39."),
    _ha("s193(2)", "s193(2)", "193", PART7),
    _ha("s193(5)", "s193(5)-(7AA)", "193", PART7, note="The events that end the main housing duty."),
    _ha("s193A", "s193A", "193A", HRA),
    _ha("s193B", "s193B", "193B", HRA),
    _ha("s193C(4)", "s193C(4)", "193C", HRA),
    _ha("s195(2)", "s195(2)", "195", HRA),
    _ha("s195(6)", "s195(6)", "195", HRA),
    _ha("s195(8)", "s195(8)", "195", HRA, note="The circumstances in which prevention may be ended by notice."),
    _ha(
        "s195.old",
        "s195(2) (before the HRA 2017)",
        "195",
        PART7,
        HRA,
        note="Applied to applications made before 2018-04-03 for their whole life (D18).",
    ),
    _ha("s198", "s198(A1), (1)", "198", PART7),
    _ha("s199A", "s199A", "199A", HRA),
    _ha("s200", "s200", "200", PART7),
    _ha("s208", "s208(2)-(4)", "208", PART7),
    Provision(
        "HRPR2018.reg10",
        "Homelessness (Review Procedure etc.) Regulations 2018",
        "reg 10 and Schedule (specified public authorities)",
        "https://www.legislation.gov.uk/uksi/2018/223/schedule/made",
        D(2018, 10, 1),
        note="The public authorities with the s213B duty to refer (Part 4, in force 2018-10-01; D46).",
    ),
    Provision(
        "SUITABILITY2003.art3",
        "Homelessness (Suitability of Accommodation) (England) Order 2003",
        "arts 3-4",
        "https://www.legislation.gov.uk/uksi/2003/3326/article/3",
        D(2004, 4, 1),
    ),
    Provision(
        "GUIDANCE.16-17",
        "Prevention of homelessness and provision of accommodation for 16 and 17 year old "
        "young people (MHCLG/DfE statutory guidance)",
        "B&B never suitable for 16-17 year olds",
        "https://www.gov.uk/government/publications/"
        "provision-of-accommodation-for-16-and-17-year-olds-who-may-be-homeless-andor-require-accommodation",
        D(2018, 4, 3),
    ),
    Provision(
        "GUIDANCE.CA1989.vol3",
        "Children Act 1989 guidance and regulations Volume 3: planning transition to adulthood for care leavers",
        "B&B for care leavers: exceptional, at most two working days",
        "https://www.gov.uk/government/publications/children-act-1989-transition-to-adulthood-for-care-leavers",
        D(2015, 1, 1),
    ),
)


HOUSING_PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "days.threat_window",
        ((None, 28), (HRA, 56)),
        "HA1996.s175(4)",
        "threatened with homelessness: likely to become homeless within 28 days, 56 from 2018-04-03",
    ),
    Parameter(
        "days.relief",
        ((None, 56),),
        "HA1996.s189B(4)",
        "relief: the period of 56 days beginning with the day "
        "the authority is first satisfied the applicant is homeless and eligible",
    ),
    Parameter(
        "days.prevention",
        ((None, 56),),
        "HA1996.s195(6)",
        "prevention may end on the 56-day ground only after "
        "56 days (s195(8)(b)), and not while a possession notice expires within 56 days (s195(6))",
    ),
    Parameter(
        "days.bnb_family",
        ((None, 42),),
        "SUITABILITY2003.art3",
        "B&B for an applicant with family commitments: no more than 6 weeks (art 4)",
    ),
    Parameter(
        "working_days.bnb_care_leaver",
        ((None, 2),),
        "GUIDANCE.CA1989.vol3",
        "B&B for a care leaver only in an emergency and for at most two working days",
    ),
    Parameter(
        "age.joint_sign_off_upper",
        ((None, 25),),
        "CODE.22.18",
        "joint sign-off for intentionality decisions about former relevant children aged 18 to 24",
    ),
)


class Specified(enum.Enum):
    """The public authorities specified for the duty to refer (HA 1996 s213B; SI 2018/223 reg 10 and
    Schedule; Code of Guidance 4.3)."""

    PRISON = "prison"
    CONTRACTED_OUT_PRISON = "contracted_out_prison"
    YOUNG_OFFENDER_INSTITUTION = "young_offender_institution"
    SECURE_TRAINING_CENTRE = "secure_training_centre"
    CONTRACTED_OUT_SECURE_TRAINING_CENTRE = "contracted_out_secure_training_centre"
    SECURE_COLLEGE = "secure_college"
    YOUTH_OFFENDING_TEAM = "youth_offending_team"
    PROBATION = "probation"
    JOBCENTRE_PLUS = "jobcentre_plus"
    SOCIAL_SERVICES_AUTHORITY = "social_services_authority"
    DIRECTED_LOCAL_AUTHORITY_FUNCTIONS = "directed_local_authority_functions"
    NHS_TRUST = "nhs_trust"
    DEFENCE = "defence"


@frozen
class SpecifiedAuthority:
    """One entry of the list: which kind of body, where it is specified, and in the regulation's words."""

    kind: Specified
    paragraph: str
    description: str


SPECIFIED_AUTHORITIES: tuple[SpecifiedAuthority, ...] = (
    SpecifiedAuthority(Specified.PRISON, "Schedule para 1", "the governor of a prison"),
    SpecifiedAuthority(Specified.CONTRACTED_OUT_PRISON, "Schedule para 2", "the director of a contracted out prison"),
    SpecifiedAuthority(
        Specified.YOUNG_OFFENDER_INSTITUTION, "Schedule para 3", "the governor of a young offender institution"
    ),
    SpecifiedAuthority(Specified.SECURE_TRAINING_CENTRE, "Schedule para 4", "the governor of a secure training centre"),
    SpecifiedAuthority(
        Specified.CONTRACTED_OUT_SECURE_TRAINING_CENTRE,
        "Schedule para 5",
        "the director of a contracted out secure training centre",
    ),
    SpecifiedAuthority(Specified.SECURE_COLLEGE, "Schedule para 6", "the principal of a secure college"),
    SpecifiedAuthority(Specified.YOUTH_OFFENDING_TEAM, "Schedule para 7", "a youth offending team"),
    SpecifiedAuthority(Specified.PROBATION, "Schedule para 8", "a provider of probation services"),
    SpecifiedAuthority(
        Specified.JOBCENTRE_PLUS, "Schedule para 9", "an officer designated by the Secretary of State at Jobcentre Plus"
    ),
    SpecifiedAuthority(Specified.SOCIAL_SERVICES_AUTHORITY, "Schedule para 10", "a social services authority"),
    SpecifiedAuthority(
        Specified.DIRECTED_LOCAL_AUTHORITY_FUNCTIONS,
        "Schedule para 11",
        "a person performing a local authority's functions under a direction (Education Act 1996 s497A(4), (4A))",
    ),
    SpecifiedAuthority(
        Specified.NHS_TRUST,
        "Schedule para 12",
        "an NHS trust or NHS foundation trust, for emergency departments, urgent treatment centres and in-patient "
        "treatment",
    ),
    SpecifiedAuthority(
        Specified.DEFENCE, "reg 10", "the Secretary of State for Defence, for members of the regular forces"
    ),
)
"""Every specified public authority, in the Schedule's order (D46)."""

SOCIAL_SERVICES_KINDS = frozenset({"county", "unitary", "metropolitan", "london_borough", "isles_of_scilly"})
"""The kinds of authority in the dated geography that are social services authorities (HA 1996 s217(1): local
authorities for the purposes of the Local Authority Social Services Act 1970, s1: the councils of
non-metropolitan counties and metropolitan districts, London boroughs and the City of London; a unitary
council has a county council's functions, the Council of the Isles of Scilly by order). A district council in
a two-tier area is not one (D46)."""


def specified_local_authority(kind: str) -> SpecifiedAuthority | None:
    """The entry that specifies a local authority of ``kind`` (as the geography has it on the day), if any."""
    if kind not in SOCIAL_SERVICES_KINDS:
        return None
    return next(a for a in SPECIFIED_AUTHORITIES if a.kind is Specified.SOCIAL_SERVICES_AUTHORITY)
