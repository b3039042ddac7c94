"""Duties to tell another authority: the public authorities' duty to refer (HA 1996 s213B)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leavingcare import geography
from leavingcare.duties.case import Stint
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import Kind
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.events import housing as hx
from leavingcare.law.housing_table import SpecifiedAuthority, specified_local_authority
from leavingcare.periods import Period, intersect

DAY = dt.timedelta(days=1)


def specified(code: str, day: dt.date) -> SpecifiedAuthority | None:
    """Whether the local authority ``code`` is a specified public authority on ``day`` (SI 2018/223 reg 10 and
    Schedule): only a social services authority is, by its kind in the dated geography (D46)."""
    authority = geography.lookup(code)
    if authority is None or not authority.valid_on(day):
        return None
    return specified_local_authority(authority.kind)


@rule(Kind.DUTY_TO_REFER, cites=("HA1996.s213B",))
def duty_to_refer(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s213B (from 2018-10-01): a specified public authority (SI 2018/223 reg 10 and Schedule; of
    local authorities, a social services authority, not a district council) that considers a person may
    be homeless or threatened with homelessness within 56 days must, with consent, refer them to the
    housing authority they choose; owed until a referral, a refusal of consent or a homelessness
    application (D28, D46)."""
    for stint, to in referrals(run):
        yield run.finding(Kind.DUTY_TO_REFER, stint, "HA1996.s213B", to=to)


def referrals(run: Run) -> list[tuple[Stint, str | None]]:
    """Each stretch of the duty to refer, owed by the authority that identified the risk, with the housing
    authority referred to (once referred); computed once per run."""
    return run.memo("duty_to_refer", lambda: list(_referrals(run)))


def _referrals(run: Run) -> Iterator[tuple[Stint, str | None]]:
    in_force = run.case.in_force("HA1996.s213B")
    if not in_force:
        return
    housing = run.facts.housing
    for envelope in housing:
        event = envelope.event
        if not isinstance(event, hx.HomelessnessRiskIdentified):
            continue
        entry = specified(event.by, event.on)
        if entry is None:
            continue
        start = event.on
        # s175(4) as it stands when the duty can first be owed: the risk's date, or s213B's commencement.
        window = run.law.value("days.threat_window", max(event.on, in_force[0].since))
        if event.homeless_by is not None and event.homeless_by > start + window * DAY:
            start = event.homeless_by - window * DAY
        ending = next(
            (
                e
                for e in housing
                if e.event.on >= event.on
                and e is not envelope
                and isinstance(e.event, hx.ReferralMade | hx.ReferralConsentRefused | hx.HomelessnessApplication)
            ),
            None,
        )
        until = ending.event.on if ending else None
        to = ending.event.to if ending and isinstance(ending.event, hx.ReferralMade) else None
        because = [
            Reason(f"{event.by} considers the person may be homeless or threatened with homelessness", (envelope.id,)),
            Reason(f"{event.by} is {entry.description} (SI 2018/223 {entry.paragraph})", (envelope.id,)),
        ]
        if ending is not None:
            because.append(
                Reason(f"ended on {ending.event.on.isoformat()}: {type(ending.event).__name__}", (ending.id,))
            )
        if until is not None and until <= start:
            continue
        for period in intersect([Period(start, until)], in_force):
            yield Stint(period, event.by, because), to
