"""One row per homelessness application, in the spirit of the H-CLIC case-level return: when the
prevention and relief duties started and ended and why each ended, the main duty decision and its
date, priority need, and the applicant's care-leaver status on the application date.

The columns and codes are the library's own (``docs/interop.md``), not the H-CLIC schema's field
names. Every value is computed by the rules from the history, as the history stands (or as it was
known at ``known_at``), so a duty that ends after the window shows its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from attrs import asdict, frozen

from leavingcare.api import evaluate
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7 import Circumstances, Outcome
from leavingcare.duties.part7.outcome import Duty, Ending, Ground, Regime
from leavingcare.history import History
from leavingcare.law import Law, default_law

Date = dt.date
DAY = dt.timedelta(days=1)

CARE_LEAVER_KINDS = ("eligible_child", "relevant_child", "former_relevant_child", "qualifying_person")
"""The statuses reported, in the order one is chosen when several hold."""

END_REASONS = {
    Ground.AUTOMATIC: "end_of_56_days",
    Ground.REFERRAL: "referred",
}
"""How an ending the rules give is written; the others keep their code (a ``DutyEnded`` reason,
``became_homeless``, ``non_cooperation``, ``withdrawn``, ``refused_final_offer``)."""

MAIN_DUTY_KINDS = {
    Kind.MAIN_HOUSING_DUTY: "owed",
    Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION: "intentionally_homeless",
    Kind.NON_COOPERATION_ACCOMMODATION: "non_cooperation",
}
NOT_REACHED = frozenset(
    {
        Ground.WITHDRAWN,
        Ground.ACCOMMODATION_SECURED,
        Ground.CONTACT_LOST,
        Ground.REFUSED_FINAL_OFFER,
        Ground.REFERRAL_ACCEPTED,
        Ground.REFERRAL,
    }
)
"""Relief endings after which no main duty decision is due."""

GROUNDS = {
    "PNO2002.art3": "aged_16_17",
    "PNO2002.art4": "care_leaver_under_21",
    "PNO2002.art5": "vulnerable_as_former_care_leaver",
}

COLUMNS = (
    "person",
    "application",
    "authority",
    "applied_on",
    "care_leaver_status",
    "care_leaver_authority",
    "prevention_started",
    "prevention_ended",
    "prevention_end_reason",
    "relief_started",
    "relief_ended",
    "relief_end_reason",
    "referred_to",
    "main_duty_decision",
    "main_duty_decided_on",
    "priority_need",
    "priority_need_ground",
    "priority_need_on",
)


@frozen
class CaseRow:
    """One application. Dates are ``None`` where nothing happened (yet); codes are ``""`` then."""

    person: str
    application: str
    authority: str
    applied_on: Date
    care_leaver_status: str
    care_leaver_authority: str
    prevention_started: Date | None
    prevention_ended: Date | None
    prevention_end_reason: str
    relief_started: Date | None
    relief_ended: Date | None
    relief_end_reason: str
    referred_to: str
    main_duty_decision: str
    main_duty_decided_on: Date | None
    priority_need: bool
    priority_need_ground: str
    priority_need_on: Date

    def as_dict(self) -> dict[str, str]:
        """The row as CSV text: dates ``YYYY-MM-DD``, booleans ``yes`` / ``no``, nothing as ``""``."""
        return {key: _text(value) for key, value in asdict(self).items()}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Date):
        return value.isoformat()
    return str(value)


def case_rows(
    people: Iterable[tuple[str, History]],
    since: Date,
    until: Date,
    *,
    known_at: dt.datetime | None = None,
    law: Law | None = None,
) -> Iterator[CaseRow]:
    """A row for each application made from ``since`` to ``until`` (both included), ordered by
    application date, then person, then application id."""
    law = law or default_law()
    rows: list[CaseRow] = []
    for person, history in people:
        evaluation = evaluate(history, known_at=known_at, law=law)
        made = [o for o in evaluation.applications if since <= o.applied <= until]
        ctx = evaluation.circumstances
        if not made or ctx is None:
            continue
        for outcome in made:
            at = evaluation.at(outcome.applied)
            status = next((f for kind in CARE_LEAVER_KINDS for f in at.findings if f.kind == kind), None)
            rows.append(_row(person, outcome, ctx, status.kind if status else "", (status.by or "") if status else ""))
    rows.sort(key=lambda r: (r.applied_on, r.person, r.application))
    return iter(rows)


def _duties(outcome: Outcome, kind: Kind) -> list[Duty]:
    return sorted(outcome.of_kind(kind), key=lambda d: d.period)


def _end_code(ending: Ending | None) -> str:
    if ending is None:
        return ""
    return END_REASONS.get(ending.ground, ending.ground.value)


def _row(person: str, outcome: Outcome, ctx: Circumstances, status: str, responsible: str) -> CaseRow:
    prevention = _duties(outcome, Kind.PREVENTION)
    relief = _duties(outcome, Kind.RELIEF)
    prevention_ended = prevention[-1].period.until if prevention else None
    relief_ended = relief[-1].period.until if relief else None
    relief_end = outcome.relief_end if relief_ended else None
    decision, decided, tested = _decision(outcome, relief, relief_end)
    if decided is None:
        tested = max((d.on for d in outcome.application.priority_need), default=tested)
    priority = ctx.priority_need(outcome.id, tested).holds
    ground = ""
    if priority:
        found = ctx.care_leaver_ground(tested)
        ground = GROUNDS.get(found, "other") if found else "other"
    return CaseRow(
        person=person,
        application=outcome.id,
        authority=outcome.authority,
        applied_on=outcome.applied,
        care_leaver_status=status,
        care_leaver_authority=responsible,
        prevention_started=prevention[0].period.since if prevention else None,
        prevention_ended=prevention_ended,
        prevention_end_reason=_prevention_end(outcome, prevention_ended),
        relief_started=relief[0].period.since if relief else None,
        relief_ended=relief_ended,
        relief_end_reason=_end_code(relief_end),
        referred_to=";".join(handed.to for handed in outcome.referrals),
        main_duty_decision=decision,
        main_duty_decided_on=decided,
        priority_need=priority,
        priority_need_ground=ground,
        priority_need_on=tested,
    )


def _prevention_end(outcome: Outcome, ended: Date | None) -> str:
    """Why prevention ended: the rules' ending (from the HRA 2017); before it, the decision that the
    applicant is homeless, a withdrawal or a notice, whichever fell on the day it ended."""
    if ended is None:
        return ""
    ending = outcome.prevention_end
    if ending is not None and ending.on == ended:
        return _end_code(ending)
    if outcome.homeless_on == ended:
        return "became_homeless"
    if outcome.withdrawal is not None and outcome.withdrawal.on == ended:
        return "withdrawn"
    notices = outcome.application.notices
    return next((n.reason for n in notices if n.duty == Kind.PREVENTION and n.on == ended), "")


def _decision(outcome: Outcome, relief: list[Duty], relief_end: Ending | None) -> tuple[str, Date | None, Date]:
    """The main duty decision, its date, and the day priority need is reported on: the day the
    decision tested it; with no decision, the application date (``_row`` moves it to the authority's
    latest recorded decision on priority need, if any)."""
    duties = sorted((d for d in outcome.duties if d.kind in MAIN_DUTY_KINDS), key=lambda d: d.period)
    if outcome.regime is Regime.FROM_HRA_2017:
        if not relief:
            return "", None, outcome.applied
        if relief[-1].period.until is None or relief_end is None:
            return "pending", None, outcome.applied
        tested = relief_end.on - DAY if relief_end.ground is Ground.AUTOMATIC else relief_end.on
        if duties:
            return MAIN_DUTY_KINDS[duties[0].kind], duties[0].period.since, tested
        if relief_end.ground in NOT_REACHED:
            return "not_reached", None, outcome.applied
        return "not_owed", relief_end.on, tested
    if duties:
        decided = duties[0].period.since
        return MAIN_DUTY_KINDS[duties[0].kind], decided, decided
    if outcome.homeless_on is None:
        return "", None, outcome.applied
    inquiries = _duties(outcome, Kind.HOMELESSNESS_INQUIRIES)
    end = inquiries[-1].period.until if inquiries else None
    if end is None:
        return "pending", None, outcome.applied
    if outcome.withdrawal is not None and outcome.withdrawal.on == end:
        return "not_reached", None, outcome.applied
    return "not_owed", end, end
