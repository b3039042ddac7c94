"""The dated law table: every provision a rule cites, with its commencement, and every date, age and
day count the law sets, with the date each value took effect.

A provision with ``commenced=None`` is prospective: it is in the table, but in force on no date until
its commencement is set (``Law.with_commencement``). Rules ask this table; they never spell a date.
"""

from __future__ import annotations

import datetime as dt

from leavingcare.law.model import Parameter, Provision

D = dt.date

CA = "Children Act 1989"
CA_URL = "https://www.legislation.gov.uk/ukpga/1989/41"
HA = "Housing Act 1996"
HA_URL = "https://www.legislation.gov.uk/ukpga/1996/52"
CLR = "Care Leavers (England) Regulations 2010"
CLR_URL = "https://www.legislation.gov.uk/uksi/2010/2571"
CLER = "Children (Leaving Care) (England) Regulations 2001"
CLER_URL = "https://www.legislation.gov.uk/uksi/2001/2874"
CPPCR = "Care Planning, Placement and Case Review (England) Regulations 2010"
CPPCR_URL = "https://www.legislation.gov.uk/uksi/2010/959"
LASPO = "Legal Aid, Sentencing and Punishment of Offenders Act 2012"
LASPO_URL = "https://www.legislation.gov.uk/ukpga/2012/10"
PNO = "Homelessness (Priority Need for Accommodation) (England) Order 2002"
PNO_URL = "https://www.legislation.gov.uk/uksi/2002/2051"
UC = "Universal Credit Regulations 2013"
UC_URL = "https://www.legislation.gov.uk/uksi/2013/376"
HB = "Housing Benefit Regulations 2006"
HB_URL = "https://www.legislation.gov.uk/uksi/2006/213"
CODE = "Homelessness Code of Guidance for Local Authorities"
CODE_URL = "https://www.gov.uk/guidance/homelessness-code-of-guidance-for-local-authorities/chapter-22-care-leavers"
FLRA = "Family Law Reform Act 1969"
CYPA1969 = "Children and Young Persons Act 1969"
CWSA = "Children's Wellbeing and Schools Act 2026"
CWSA_URL = "https://www.legislation.gov.uk/ukpga/2026/21"


def _ca(key: str, provision: str, path: str, commenced: D | None, note: str = "") -> Provision:
    return Provision(f"CA1989.{key}", CA, provision, f"{CA_URL}/{path}", commenced, note=note)


PROVISIONS: tuple[Provision, ...] = (
    # Age arithmetic.
    Provision(
        "FLRA1969.s9",
        FLRA,
        "s9",
        "https://www.legislation.gov.uk/ukpga/1969/46/section/9",
        D(1970, 1, 1),
        note="Age attained at the start of the anniversary of birth; 29 February births: DECISIONS D1.",
    ),
    # Children Act 1989 as first in force: the old s24.
    Provision(
        "CA1989.s24.old",
        CA,
        "s24 (as enacted)",
        f"{CA_URL}/section/24/enacted",
        D(1991, 10, 14),
        D(2001, 10, 1),
        note="Replaced on 2001-10-01 by the s24 that CL(A)A 2000 s4 substituted.",
    ),
    _ca("s22(2)", "s22(1)-(2)", "section/22", D(1991, 10, 14)),
    # Children (Leaving Care) Act 2000 regime.
    _ca("sch2.para19A", "Sch 2 para 19A", "schedule/2/paragraph/19A", D(2001, 10, 1)),
    _ca("sch2.para19B", "Sch 2 para 19B(2)", "schedule/2/paragraph/19B", D(2001, 10, 1)),
    _ca("sch2.para19B(4)", "Sch 2 para 19B(4)-(5)", "schedule/2/paragraph/19B", D(2001, 10, 1)),
    _ca("sch2.para19C", "Sch 2 para 19C", "schedule/2/paragraph/19C", D(2001, 10, 1)),
    _ca("s23A", "s23A(2)", "section/23A", D(2001, 10, 1)),
    _ca("s23A(4)", "s23A(4)", "section/23A", D(2001, 10, 1)),
    _ca("s23B(1)", "s23B(1)", "section/23B", D(2001, 10, 1)),
    _ca("s23B(2)", "s23B(2)", "section/23B", D(2001, 10, 1)),
    _ca("s23B(3)", "s23B(3)", "section/23B", D(2001, 10, 1)),
    _ca("s23B(8)", "s23B(8)", "section/23B", D(2001, 10, 1)),
    _ca("s23C(1)(a)", "s23C(1)(a)", "section/23C", D(2001, 10, 1)),
    _ca("s23C(1)(b)", "s23C(1)(b)", "section/23C", D(2001, 10, 1)),
    _ca("s23C(2)", "s23C(2)", "section/23C", D(2001, 10, 1)),
    _ca("s23C(3)(a)", "s23C(3)(a)", "section/23C", D(2001, 10, 1)),
    _ca("s23C(3)(b)", "s23C(3)(b)", "section/23C", D(2001, 10, 1)),
    _ca("s23C(4)(b)", "s23C(4)(b)", "section/23C", D(2001, 10, 1)),
    _ca(
        "s23C(7)",
        "s23C(7)",
        "section/23C",
        D(2001, 10, 1),
        note="No upper age in s23C(7); a Concern past the 25th birthday (DECISIONS D12).",
    ),
    _ca("s24(1B)", "s24(1B), (2)(a)", "section/24", D(2001, 10, 1)),
    _ca(
        "s24(1A)",
        "s24(1A)",
        "section/24",
        D(2005, 12, 30),
        note=(
            "In force 30 December 2005: SI 2005/2213 art 2(o) appoints that day for Adoption and Children Act "
            "2002 Sch 3 paras 54-59, 61-64 and 67-81 and s139(1) so far as it relates to them, and the Special "
            "Guardianship Regulations 2005, made under s24(5)(za), came into force the same day."
        ),
    ),
    _ca("s24(4)", "s24(4)", "section/24", D(2001, 10, 1)),
    _ca("s24(5)", "s24(5)", "section/24", D(2001, 10, 1)),
    _ca("s24B(5)", "s24B(5)", "section/24B", D(2001, 10, 1)),
    _ca("s23C(9)", "s23C(9)", "section/23C", D(2001, 10, 1)),
    _ca(
        "s23CA",
        "s23CA",
        "section/23CA",
        D(2011, 4, 1),
        note=(
            "Inserted by CYPA 2008 s22(2); in force in England 1 April 2011: SI 2010/2981 art 4 appoints that "
            "day for CYPA 2008 provisions in England (its list was read only in part), and CLR 2010, in force "
            "the same day, gives s23CA effect in regs 2(1) and 5(2)(b)."
        ),
    ),
    _ca("s23CZA", "s23CZA", "section/23CZA", D(2014, 5, 13)),
    _ca("s23CZB", "s23CZB(3)", "section/23CZB", D(2018, 4, 1)),
    _ca("s23CZB(4)", "s23CZB(4)", "section/23CZB", D(2018, 4, 1)),
    _ca(
        "s23CZAA",
        "s23CZAA",
        "section/23CZAA",
        None,
        note="Inserted by CWSA 2026 s7; prospective, commenced by regulations under s78(5).",
    ),
    # Regulations.
    Provision("CLER2001.reg3", CLER, "reg 3", f"{CLER_URL}/regulation/3", D(2001, 10, 1), D(2011, 4, 1)),
    Provision("CLER2001.reg4", CLER, "reg 4", f"{CLER_URL}/regulation/4", D(2001, 10, 1), D(2011, 4, 1)),
    Provision("CPPCR2010.reg40", CPPCR, "reg 40", f"{CPPCR_URL}/regulation/40", D(2011, 4, 1)),
    Provision("CPPCR2010.reg42", CPPCR, "reg 42(1)", f"{CPPCR_URL}/regulation/42", D(2011, 4, 1)),
    Provision("CLR2010.reg3", CLR, "reg 3", f"{CLR_URL}/regulation/3", D(2011, 4, 1)),
    Provision("CLR2010.reg5", CLR, "reg 5(2)", f"{CLR_URL}/regulation/5", D(2011, 4, 1)),
    Provision("CLR2010.reg7", CLR, "reg 7", f"{CLR_URL}/regulation/7", D(2011, 4, 1)),
    Provision(
        "CYPA1969.s23(1)",
        CYPA1969,
        "s23(1)",
        "https://www.legislation.gov.uk/ukpga/1969/54/section/23",
        D(1991, 10, 14),
        D(2012, 12, 3),
        note="Remand to local authority accommodation, so looked after (CA 1989 s21(2)(c), s22(1)(b)); a remand "
        "to a prison, remand centre or young offender institution was not (DECISIONS D33). Taken from the "
        "commencement of the 1989 Act; replaced by the LASPO 2012 remand framework on 2012-12-03.",
    ),
    Provision(
        "LASPO2012.s104",
        LASPO,
        "s104",
        f"{LASPO_URL}/section/104",
        D(2012, 12, 3),
        note="A child remanded to youth detention accommodation is looked after (DECISIONS D8).",
    ),
    # Housing Act 1996 Part 7 (used from the housing rules on).
    Provision(
        "HRA2017",
        "Homelessness Reduction Act 2017",
        "commencement",
        "https://www.legislation.gov.uk/uksi/2018/167/article/3",
        D(2018, 4, 3),
    ),
    Provision("HA1996.s213B", HA, "s213B", f"{HA_URL}/section/213B", D(2018, 10, 1)),
    Provision("PNO2002.art3", PNO, "art 3", f"{PNO_URL}/article/3", D(2002, 7, 31)),
    Provision("PNO2002.art4", PNO, "art 4", f"{PNO_URL}/article/4", D(2002, 7, 31)),
    Provision("PNO2002.art5", PNO, "art 5(1)", f"{PNO_URL}/article/5", D(2002, 7, 31)),
    Provision("PNO2002.art5(2)", PNO, "art 5(2)", f"{PNO_URL}/article/5", D(2002, 7, 31)),
    Provision("PNO2002.art5(3)", PNO, "art 5(3)", f"{PNO_URL}/article/5", D(2002, 7, 31)),
    Provision(
        "PNO2002.art6",
        PNO,
        "art 6",
        f"{PNO_URL}/article/6",
        D(2002, 7, 31),
        note="Violence or threats of violence; domestic abuse is its own ground from 2021-07-05 (s189(1)(e)).",
    ),
    Provision("CODE.22.18", CODE, "paras 22.17-22.19", CODE_URL, D(2024, 5, 3)),
    Provision(
        "CWSA2026.s9",
        CWSA,
        "s9",
        f"{CWSA_URL}/section/9",
        None,
        note="Prospective: intentionality decisions for care leavers under 25; no commencement yet.",
    ),
    Provision("UC2013.sch4.para29", UC, "Sch 4 para 29(2)", f"{UC_URL}/schedule/4/paragraph/29", D(2013, 4, 29)),
    Provision("HB2006.reg2", HB, "reg 2(1) (young individual)", f"{HB_URL}/regulation/2", D(2006, 10, 6)),
)


PARAMETERS: tuple[Parameter, ...] = (
    # Ages (Family Law Reform Act 1969 s9 fixes when each is attained).
    Parameter(
        "age.eligible_count_from",
        ((None, 14),),
        "CPPCR2010.reg40",
        "the prescribed age after which looked-after time counts (CL(E)R 2001 reg 3(1); CPPCR reg 40(1))",
    ),
    Parameter("age.sixteen", ((None, 16),), "CA1989.sch2.para19B", "eligible and relevant children are 16 or 17"),
    Parameter("age.adult", ((None, 18),), "CA1989.s23C(1)(b)", "a child is under 18; a former relevant child is 18+"),
    Parameter(
        "age.core_leaving_care_end",
        ((None, 21),),
        "CA1989.s23C(7)",
        "s23C(6): the s23C(2)-(4) duties last until 21; s24 qualifying status until 21; s23CZA until 21",
    ),
    Parameter("age.upper", ((None, 25),), "CA1989.s23CZB", "s23CZB and s23CA: under 25"),
    Parameter(
        "age.s24B_limit",
        ((None, 24), (D(2010, 1, 1), 25)),
        "CA1989.s24B(5)",
        "s24B(3): under 24, under 25 from 1 January 2010 (CYPA 2008 s23(1); SI 2009/3354)",
    ),
    # Day and month counts.
    Parameter(
        "days.eligible_looked_after",
        ((None, 91),),
        "CPPCR2010.reg40",
        "13 weeks = 91 days looked after (DECISIONS D6)",
    ),
    Parameter(
        "months.home_rule",
        ((None, 6),),
        "CLR2010.reg3",
        "six continuous months living with a parent or person with parental responsibility (D10)",
    ),
    Parameter(
        "months.needs_assessment",
        ((None, 3),),
        "CLR2010.reg5",
        "needs assessment within 3 months (CPPCR reg 42(1); CLR 2010 reg 5(2))",
    ),
    Parameter("months.plan_review", ((None, 6),), "CLR2010.reg7", "pathway plan reviewed at least every 6 months"),
)
