"""Properties of the Part 7 pipeline for one application, over random orders and dates of threats,
homelessness decisions, notices, offers, referrals and changes of eligibility.

- HA 1996 s195(8)(c) and s189B(1): prevention is owed while the applicant is threatened and relief once
  homeless, so the two never overlap.
- HA 1996 s193(1)(c): the main duty applies only once the relief duty has come to an end, so it never
  starts before relief ends (and, for an application made before 2018-04-03, there is no relief at all:
  DECISIONS D18).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.events import codes
from leavingcare.events.base import Event
from leavingcare.periods import Period, intersect, union

D = dt.date
DAY = dt.timedelta(days=1)
LEEDS = "E08000035"
OTHERS = ("E07000110", "E09000025")
HRA = D(2018, 4, 3)
DUTIES = (
    "prevention",
    "relief",
    "main_housing_duty",
    "interim_accommodation",
    "intentionally_homeless_accommodation",
    "non_cooperation_accommodation",
)
REASONS = tuple(sorted(codes.DUTY_END_REASONS - {"referral_accepted"}))
OFFER_KINDS = ("suitable", "final_accommodation", "final_part6", "part6", "private_rented_sector")


def _days(draw: st.DrawFn, low: int, high: int) -> dt.timedelta:
    return draw(st.integers(low, high)) * DAY


@st.composite
def _step(draw: st.DrawFn, applied: dt.date, n: int) -> list[Event]:
    """One event (an offer comes with its answer) on a day up to 150 days after the application."""
    on = applied + _days(draw, 0, 150)
    kind = draw(
        st.sampled_from(
            (
                "threat",
                "threat",
                "homeless",
                "homeless",
                "priority_need",
                "intentionality",
                "non_cooperation",
                "ended",
                "ended",
                "offer",
                "referral",
                "eligibility",
                "vulnerability",
                "withdrawn",
            )
        )
    )
    if kind == "threat":
        homeless_by = draw(st.none() | st.just(on + _days(draw, 0, 120)))
        notice = draw(st.none() | st.just(on + _days(draw, -30, 120)))
        return [ev.ThreatenedWithHomelessness(on=on, application="A1", homeless_by=homeless_by, notice_expires=notice)]
    if kind == "homeless":
        return [ev.Homeless(on=on, application="A1")]
    if kind == "priority_need":
        return [ev.PriorityNeedDecided(on=on, application="A1", priority_need=draw(st.booleans()), ground="other")]
    if kind == "intentionality":
        return [ev.IntentionalityDecided(on=on, application="A1", intentional=draw(st.booleans()))]
    if kind == "non_cooperation":
        return [ev.NonCooperationNotice(on=on, application="A1")]
    if kind == "ended":
        duty, reason = draw(st.sampled_from(DUTIES)), draw(st.sampled_from(REASONS))
        return [ev.DutyEnded(on=on, application="A1", duty=duty, reason=reason)]
    if kind == "offer":
        offer = f"O{n}"
        answer = ev.OfferRefused if draw(st.booleans()) else ev.OfferAccepted
        return [
            ev.OfferMade(on=on, application="A1", offer=offer, kind=draw(st.sampled_from(OFFER_KINDS))),
            answer(on=on + _days(draw, 0, 30), application="A1", offer=offer),
        ]
    if kind == "referral":
        return [ev.ApplicationReferred(on=on, application="A1", to=draw(st.sampled_from(OTHERS)))]
    if kind == "eligibility":
        return [ev.EligibilityChanged(on=on, eligible=draw(st.booleans()))]
    if kind == "vulnerability":
        return [ev.VulnerabilityAssessed(on=on, vulnerable=draw(st.booleans()), cause="care")]
    return [ev.ApplicationWithdrawn(on=on, application="A1")]


@st.composite
def one_application(draw: st.DrawFn) -> tuple[lc.History, dt.date]:
    """A care leaver (looked after by Leeds from 14 to 18, born 1996-2004) who applies to Leeds once
    between 2016 and 2026, followed by up to twelve random events on that application."""
    born = D(draw(st.integers(1996, 2004)), 3, 15)
    applied = draw(st.dates(D(2016, 6, 1), D(2026, 6, 1)))
    events: list[Event] = [
        ev.Born(on=born),
        ev.CareStarted(
            on=born.replace(year=born.year + 14), authority=LEEDS, legal_status="C2", placement="U4", area=LEEDS
        ),
        ev.CareEnded(on=born.replace(year=born.year + 18), reason="E8"),
        ev.HomelessnessApplication(on=applied, application="A1", authority=LEEDS, appears_homeless=draw(st.booleans())),
    ]
    for n in range(draw(st.integers(0, 12))):
        events += draw(_step(applied, n))
    return lc.History.of(events), applied


def _periods(timeline: lc.Timeline, kind: str) -> list[Period]:
    return union(f.period for f in timeline.of_kind(kind))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_application())
def test_prevention_and_relief_never_overlap(case: tuple[lc.History, dt.date]) -> None:
    """HA 1996 s195(8)(c), s189B(1): prevention ends when the applicant becomes homeless; relief starts
    then at the earliest, whoever owes it."""
    history, _ = case
    timeline = lc.timeline(history)
    assert not intersect(_periods(timeline, "prevention"), _periods(timeline, "relief"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_application())
def test_main_duty_never_starts_before_relief_ends(case: tuple[lc.History, dt.date]) -> None:
    """HA 1996 s193(1)(c): the main duty needs the relief duty to have come to an end; before the HRA
    2017 (applications before 2018-04-03, D18) there is no relief stage at all."""
    history, applied = case
    timeline = lc.timeline(history)
    relief = timeline.of_kind("relief")
    main = timeline.of_kind("main_housing_duty")
    if applied < HRA:
        assert not relief
        return
    if not main:
        return
    if not relief:
        # Relief that ended by notice on the day it arose leaves no period of its own.
        homeless = [e.event.on for e in history if isinstance(e.event, ev.Homeless)]
        assert homeless, "a main duty with no homelessness decision before it"
        assert all(f.since >= min(homeless) for f in main), "a main duty before relief could arise"
        return
    ends = [f.until for f in relief]
    assert None not in ends, "a main duty while relief is still owed"
    last = max(u for u in ends if u is not None)
    assert all(f.since >= last for f in main), (last, [f.period for f in main])
