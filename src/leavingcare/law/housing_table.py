"""The dated law table for homelessness: Housing Act 1996 Part 7 as amended by the Homelessness
Reduction Act 2017, the Priority Need Order 2002, the Suitability Order 2003 and the Code of Guidance.

Applications made before the HRA 2017 commenced (2018-04-03) keep the earlier rules for their whole
life (DECISIONS D18): the rules pick provisions by the application date, not the date assessed.
"""

from __future__ import annotations

import datetime as dt

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
    _ha("s188", "s188(1)", "188", PART7),
    _ha("s188(1ZA)", "s188(1ZA)-(1ZB)", "188", HRA),
    _ha("s189A", "s189A", "189A", HRA),
    _ha("s189B(2)", "s189B(2)", "189B", HRA),
    _ha("s189B(4)", "s189B(4)", "189B", HRA),
    _ha("s189B(7)", "s189B(5)-(7)", "189B", HRA),
    _ha("s190(2)", "s190(2)(a)", "190", PART7),
    _ha("s193(2)", "s193(2)", "193", PART7),
    _ha("s193A", "s193A", "193A", HRA),
    _ha("s193B", "s193B", "193B", HRA),
    _ha("s193C(4)", "s193C(4)", "193C", HRA),
    _ha("s195(2)", "s195(2)", "195", HRA),
    _ha("s195(6)", "s195(6)", "195", HRA),
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
