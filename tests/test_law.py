"""The dated law table (DESIGN section 1; STYLE "The law table holds every date the law sets")."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from urllib.parse import urlsplit

import pytest

import leavingcare as lc
from leavingcare.duties import RULES
from leavingcare.events import Born, CareEnded, CareStarted
from leavingcare.law import Law, Parameter, Provision
from leavingcare.periods import Period

D = dt.date
LAW = lc.default_law()
STATUTE = re.compile(r"(Act|Regulations|Order) \d{4}$")
"""The name of an Act of Parliament or a statutory instrument, as cited."""


def _dated_change(before: int, after: int, on: D) -> list[Parameter]:
    """Parameters whose value changes from ``before`` to ``after`` on ``on``."""
    return [
        p
        for p in LAW.parameters.values()
        if p.on(on - dt.timedelta(days=1)) == before and p.on(on) == after and len(p.values) > 1
    ]


def test_every_provision_links_to_an_official_page() -> None:
    """Each entry carries its citation and an https URL on a gov.uk site."""
    for provision in LAW.provisions.values():
        url = urlsplit(provision.url)
        assert url.scheme == "https", provision.key
        assert url.hostname is not None and url.hostname.endswith(".gov.uk"), provision.key
        assert provision.instrument and provision.provision, provision.key


def test_every_act_and_instrument_links_to_legislation_gov_uk() -> None:
    """Acts, regulations and orders cite their legislation.gov.uk text (public general acts and UK SIs)."""
    for provision in LAW.provisions.values():
        if not STATUTE.search(provision.instrument):
            continue
        url = urlsplit(provision.url)
        assert url.hostname == "www.legislation.gov.uk", provision.key
        assert url.path.startswith(("/ukpga/", "/uksi/")), provision.key


def test_guidance_links_to_gov_uk() -> None:
    guidance = [p for p in LAW.provisions.values() if "guidance" in p.instrument.lower()]
    assert guidance
    for provision in guidance:
        assert urlsplit(provision.url).hostname == "www.gov.uk", provision.key


def test_every_parameter_names_a_provision_in_the_table() -> None:
    for parameter in LAW.parameters.values():
        assert parameter.provision in LAW.provisions, parameter.key


def test_every_provision_a_rule_cites_is_in_the_table() -> None:
    for rule in RULES:
        for key in rule.provisions:
            assert key in LAW.provisions, (rule.name, key)


def test_parameter_values_are_in_date_order_and_cover_every_day() -> None:
    for parameter in LAW.parameters.values():
        starts = [since for since, _ in parameter.values]
        assert starts[0] is None, parameter.key
        assert all(since is not None for since in starts[1:]), parameter.key
        assert starts[1:] == sorted(s for s in starts[1:] if s is not None), parameter.key
        dated = parameter.dated()
        assert dated[-1][0].until is None, parameter.key
        for (a, _), (b, _) in pairwise(dated):
            assert a.until == b.since, parameter.key


def test_repealed_provisions_end_after_they_begin() -> None:
    for provision in LAW.provisions.values():
        if provision.repealed is not None:
            assert provision.commenced is not None and provision.commenced < provision.repealed, provision.key


@pytest.mark.parametrize(
    ("before", "after", "on"),
    [
        pytest.param(28, 56, D(2018, 4, 3), id="threatened-with-homelessness-window"),
        pytest.param(22, 25, D(2021, 5, 31), id="sar-care-leaver-age-limit"),
        pytest.param(24, 25, D(2010, 1, 1), id="s24B-age-limit"),
    ],
)
def test_parameters_that_changed_change_on_their_date(before: int, after: int, on: D) -> None:
    """DESIGN section 1: the 28 → 56 day threat window (2018-04-03), the SAR care-leaver age limit
    22 → 25 (2021-05-31); CYPA 2008 s23(1): the s24B limit 24 → 25 (2010-01-01)."""
    changed = _dated_change(before, after, on)
    assert len(changed) == 1
    parameter = changed[0]
    assert parameter.on(on - dt.timedelta(days=1)) == before
    assert parameter.on(on) == after
    assert LAW.value(parameter.key, on) == after
    assert LAW.value(parameter.key, on - dt.timedelta(days=1)) == before


@pytest.mark.parametrize(
    ("key", "commenced"),
    [
        ("CA1989.s23CZB", D(2018, 4, 1)),
        ("HA1996.s213B", D(2018, 10, 1)),
        ("CODE.22.18", D(2024, 5, 3)),
        ("CA1989.s23CA", D(2011, 4, 1)),
        ("CA1989.s23CZA", D(2014, 5, 13)),
        ("CA1989.s23A", D(2001, 10, 1)),
    ],
)
def test_commencement_dates(key: str, commenced: D) -> None:
    """DESIGN section 1 and DECISIONS D13-D15, D26: in force from the day, not the day before."""
    in_force = LAW.in_force(key)
    assert LAW.commenced(key) == commenced
    assert any(commenced in p for p in in_force)
    assert not any(commenced - dt.timedelta(days=1) in p for p in in_force)


def test_prospective_provision_is_in_force_on_no_date() -> None:
    """Children's Wellbeing and Schools Act 2026 s9 is in the table with no commencement date."""
    assert LAW.commenced("CWSA2026.s9") is None
    assert LAW.in_force("CWSA2026.s9") == []
    assert LAW.provision("CWSA2026.s9").in_force is None


def test_with_commencement_switches_a_prospective_provision_on() -> None:
    """A prospective provision switches on by data: the same table with a commencement date."""
    day = D(2027, 1, 1)
    commenced = LAW.with_commencement("CWSA2026.s9", day)
    assert commenced.in_force("CWSA2026.s9") == [Period(day)]
    assert commenced.commenced("CWSA2026.s9") == day
    assert LAW.in_force("CWSA2026.s9") == [], "the shipped table is unchanged"
    assert commenced.provisions.keys() == LAW.provisions.keys()
    assert commenced.parameters == LAW.parameters
    assert commenced.cite("CWSA2026.s9") == LAW.cite("CWSA2026.s9")


def test_with_commencement_none_makes_a_provision_prospective() -> None:
    law = LAW.with_commencement("CA1989.s23CZB", None)
    assert law.in_force("CA1989.s23CZB") == []
    assert LAW.in_force("CA1989.s23CZB") == [Period(D(2018, 4, 1))]


def test_a_rule_follows_the_commencement_in_the_table() -> None:
    """CA 1989 s23CZA (Staying Put): moving its commencement moves the finding, with no code change."""
    history = lc.History.of(
        [
            Born(on=D(1997, 6, 1)),
            CareStarted(on=D(2013, 1, 2), authority="E06000001", legal_status="C2", placement="U1", area="E06000001"),
            CareEnded(on=D(2015, 6, 1), reason="E17"),
        ]
    )
    shipped = lc.timeline(history).of_kind("staying_put")
    assert [(f.since, f.until) for f in shipped] == [(D(2015, 6, 1), D(2018, 6, 1))]
    later = LAW.with_commencement("CA1989.s23CZA", D(2016, 1, 1))
    moved = lc.timeline(history, law=later).of_kind("staying_put")
    assert [(f.since, f.until) for f in moved] == [(D(2016, 1, 1), D(2018, 6, 1))]
    never = LAW.with_commencement("CA1989.s23CZA", None)
    assert lc.timeline(history, law=never).of_kind("staying_put") == ()


def test_unknown_keys_are_named_in_the_error() -> None:
    with pytest.raises(KeyError, match=r"no provision 'CA1989\.s99'"):
        LAW.provision("CA1989.s99")
    with pytest.raises(KeyError, match=r"no parameter 'age\.none'"):
        LAW.value("age.none", D(2020, 1, 1))


def test_a_law_can_be_built_from_its_own_entries() -> None:
    law = Law(
        [Provision("X.s1", "Example Act 2020", "s1", "https://www.legislation.gov.uk/ukpga/2020/1/section/1", None)],
        [Parameter("days.x", ((None, 1), (D(2021, 1, 1), 2)), "X.s1", "an example")],
    )
    assert law.in_force("X.s1") == []
    assert law.value("days.x", D.min) == 1
    assert law.value("days.x", D(2020, 12, 31)) == 1
    assert law.value("days.x", D(2021, 1, 1)) == 2
    assert law.dated("days.x") == [(Period(D.min, D(2021, 1, 1)), 1), (Period(D(2021, 1, 1)), 2)]
    assert str(law.cite("X.s1")) == "Example Act 2020 s1"
