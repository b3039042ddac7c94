"""Notice of an out-of-district placement (Housing Act 1996 s208; DECISIONS D25, D47)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from leavingcare import calendar, geography
from leavingcare.duties.case import Stint
from leavingcare.duties.findings import Concern, Finding, Reason
from leavingcare.duties.kinds import ConcernCode, Kind
from leavingcare.duties.part7 import outcome_of
from leavingcare.duties.registry import rule
from leavingcare.duties.run import Run
from leavingcare.duties.succession import handover
from leavingcare.events import housing as hx
from leavingcare.periods import Period


class NoticeConcern(ConcernCode):
    """Concerns about s208 notices."""

    SECTION_208_NOTICE_MISSING = (
        "section_208_notice_missing",
        "section_208_notice",
        "Accommodation was secured in another housing authority's district and no s208 notice to it is "
        "recorded by day 14 (D25). Stands from day 15.",
    )
    SECTION_208_NOTICE_LATE = (
        "section_208_notice_late",
        "section_208_notice",
        "The s208 notice was sent after day 14 (D25). Stands from day 15 to the day it was sent.",
    )


DAY = dt.timedelta(days=1)


S208_CONTENTS = (
    "the applicant's name",
    "the number and description of the other people who normally live, or might be expected to live, with them",
    "the address of the accommodation",
    "the date the accommodation was made available",
    "which function under Part 7 the authority is discharging",
)
"""What a s208 notice must state (s208(3))."""


def _host_on(host: str, area: str, day: dt.date) -> str:
    """The housing authority for the host district on ``day``: itself, or after its abolition the
    successor that took over its area (D11)."""
    successor, _ = geography.successor_on(host, day, area)
    return successor or host


def _hosts(host: str, area: str, placing: str, period: Period) -> Iterator[tuple[Period, str, tuple[Reason, ...]]]:
    """``period`` split at the abolition of the host district: each piece with the authority the notice
    is owed to then, and why it changed. Once that is the placing authority itself (both merged into one
    council), no notice is owed any more."""
    for piece, to, _ in handover(host, period, lambda _: area):
        current = to or host
        if current != host and current == _host_on(placing, area, piece.since):
            return
        moved = f"{host} was abolished; {current} took over its area from {piece.since.isoformat()} (D11)"
        yield piece, current, (() if current == host else (Reason(moved, ()),))


@rule(Kind.SECTION_208_NOTICE, cites=("HA1996.s208",))
def section_208_notice(run: Run) -> Iterator[Finding | Concern]:
    """HA 1996 s208(2)-(4): accommodation secured in another local housing authority's district (in England,
    or a council in Wales: Housing Act 1985 s1; D47) needs notice to that authority before the end of 14
    days beginning with the day it was made available (``due`` is day 14); owed until a
    ``Section208NoticeSent`` names that authority (D25), or, once it has been abolished, the successor that
    took over its area (D11), to which the notice is then owed. Concerns: a notice sent late, or still
    missing after its due date."""
    yield from notices(run)


def notices(run: Run) -> list[Finding | Concern]:
    """The s208 notices owed and the concerns about them, computed once per run."""
    return run.memo("section_208.notices", lambda: list(_notices(run)))


def _notices(run: Run) -> Iterator[Finding | Concern]:
    housing = run.facts.housing
    for envelope in housing:
        event = envelope.event
        if not isinstance(event, hx.AccommodationSecured):
            continue
        pipeline = outcome_of(run, event.application)
        if pipeline is None:
            continue
        placing = pipeline.authority_on(event.on)
        host = geography.local_housing_authority_for(event.area, event.on)
        if host is None or host == placing:
            continue
        due = calendar.last_day_of(event.on, run.law.value("days.s208_notice", event.on))
        sent = next(
            (
                e
                for e in housing
                if isinstance(e.event, hx.Section208NoticeSent)
                and e.event.application == event.application
                and e.event.on >= event.on
                and e.event.to == _host_on(host, event.area, e.event.on)
            ),
            None,
        )
        until = sent.event.on + DAY if sent else None
        because = [
            Reason(
                f"accommodation secured under {event.under} in {host}'s district, outside {placing}'s, "
                f"made available on {event.on.isoformat()}",
                (envelope.id,),
            ),
            *(Reason(f"the notice must state {item}", ()) for item in S208_CONTENTS),
        ]
        if sent is not None:
            because.append(Reason(f"notice sent on {sent.event.on.isoformat()}", (sent.id,)))
        for piece, to, moved in _hosts(host, event.area, placing, Period(event.on, until)):
            yield run.finding(
                Kind.SECTION_208_NOTICE, Stint(piece, placing, because), "HA1996.s208", due=due, to=to, extra=moved
            )
        overdue = Period(due + DAY, until) if until is None or until > due + DAY else None
        if overdue is None:
            continue
        code = NoticeConcern.SECTION_208_NOTICE_LATE if sent else NoticeConcern.SECTION_208_NOTICE_MISSING
        text = "sent after its due date" if sent else "not sent by its due date"
        late = Reason(
            f"the s208 notice to {host} was {text} ({due.isoformat()})", (envelope.id,) + ((sent.id,) if sent else ())
        )
        for piece, to, moved in _hosts(host, event.area, placing, overdue):
            yield run.concern(
                code, Kind.SECTION_208_NOTICE, piece, "HA1996.s208", (late, *moved), by=placing, to=to, due=due
            )
