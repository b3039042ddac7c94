"""The dated law table for local connection and the shared accommodation rate exemption.

Housing Act 1996 s199 (the care-leaver subsections (8)-(11) inserted by the Homelessness Reduction Act
2017 s8 from 2018-04-03), the Local Authorities' Agreement working tests for normal residence (guidance,
not statute), and the age limits of the care-leaver exemption from the shared accommodation rate.
"""

from __future__ import annotations

import datetime as dt

from leavingcare.law.model import Parameter, Provision

D = dt.date
HA_URL = "https://www.legislation.gov.uk/ukpga/1996/52/section/199"

CONNECTION_PROVISIONS: tuple[Provision, ...] = (
    Provision(
        "HA1996.s199(1)(a)",
        "Housing Act 1996",
        "s199(1)(a), (3)",
        HA_URL,
        D(1997, 1, 20),
        note="Normal residence of the person's own choice; residence while detained is not (s199(3)(b)).",
    ),
    Provision(
        "HA1996.s199(1)",
        "Housing Act 1996",
        "s199(1)(b)-(d)",
        HA_URL,
        D(1997, 1, 20),
        note="Employment, family associations, special circumstances: decided by the authority.",
    ),
    Provision("HA1996.s199(8)(a)", "Housing Act 1996", "s199(8)(a)", HA_URL, D(2018, 4, 3)),
    Provision("HA1996.s199(8)(b)", "Housing Act 1996", "s199(8)(b)", HA_URL, D(2018, 4, 3)),
    Provision("HA1996.s199(10)", "Housing Act 1996", "s199(10)-(11)", HA_URL, D(2018, 4, 3)),
    Provision(
        "LGA.agreement",
        "Local Authorities' Agreement (LGA): guidelines for local connection referrals",
        "working tests of normal residence",
        "https://www.local.gov.uk/publications/local-authorities-agreement-homelessness-referrals",
        D(1997, 1, 20),
        note="Guidance, not statute: 6 of the last 12 months or 3 of the last 5 years.",
    ),
    Provision(
        "HA1996.s198",
        "Housing Act 1996",
        "s198(2), (A1)",
        "https://www.legislation.gov.uk/ukpga/1996/52/section/198",
        D(1997, 1, 20),
    ),
)

CONNECTION_PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "months.placement_residence",
        ((None, 24),),
        "HA1996.s199(10)",
        "s199(10): normally resident in the district for a continuous period of at least two years",
    ),
    Parameter("months.residence_recent_window", ((None, 12),), "LGA.agreement", "the last 12 months"),
    Parameter("months.residence_recent_needed", ((None, 6),), "LGA.agreement", "6 of the last 12 months"),
    Parameter("months.residence_long_window", ((None, 60),), "LGA.agreement", "the last 5 years"),
    Parameter("months.residence_long_needed", ((None, 36),), "LGA.agreement", "3 of the last 5 years"),
    Parameter(
        "age.sar_care_leaver_limit",
        ((None, 22), (D(2021, 5, 31), 25)),
        "UC2013.sch4.para29",
        "care leavers are exempt from the shared accommodation rate under 22, under 25 from 2021-05-31",
    ),
    Parameter(
        "days.s208_notice",
        ((None, 14),),
        "HA1996.s208",
        "s208(4): notice before the end of 14 days beginning with the day accommodation was made available",
    ),
)
