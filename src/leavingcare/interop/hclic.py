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

from leavingcare.api import timeline
from leavingcare.duties.homelessness import Ending, Piece, Pipeline, pipelines
from leavingcare.duties.priority_need import care_leaver_grounds
from leavingcare.duties.run import Run
from leavingcare.events import housing as hx
from leavingcare.history import History
from leavingcare.law import Law, default_law

Date = dt.date
DAY = dt.timedelta(days=1)

CARE_LEAVER_KINDS = ("eligible_child", "relevant_child", "former_relevant_child", "qualifying_person")
"""The statuses reported, in the order one is chosen when several hold."""

END_REASONS = {
    "automatic": "end_of_56_days",
    "referral": "referred",
}
"""How an ending the rules give is written; the others keep their code (a ``DutyEnded`` reason,
``became_homeless``, ``non_cooperation``, ``withdrawn``, ``refused_final_offer``)."""

MAIN_DUTY_KINDS = {
    "main_housing_duty": "owed",
    "intentionally_homeless_accommodation": "intentionally_homeless",
    "non_cooperation_accommodation": "non_cooperation",
}
NOT_REACHED = frozenset(
    {"withdrawn", "accommodation_secured", "contact_lost", "refused_final_offer", "referral_accepted", "referral"}
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
        view = history.known_at(known_at)
        made = [p for p in pipelines(Run(view.facts, law)).values() if since <= p.applied <= until]
        if not made:
            continue
        statuses = timeline(view, law=law)
        for pipeline in made:
            at = statuses.at(pipeline.applied)
            status = next((f for kind in CARE_LEAVER_KINDS for f in at.findings if f.kind == kind), None)
            rows.append(
                _row(
                    person,
                    pipeline,
                    status.kind if status else "",
                    (status.by or "") if status else "",
                )
            )
    rows.sort(key=lambda r: (r.applied_on, r.person, r.application))
    return iter(rows)


def _pieces(pipeline: Pipeline, kind: str) -> list[Piece]:
    return sorted((p for p in pipeline.pieces if p.kind == kind), key=lambda p: p.period)


def _end_code(ending: Ending | None) -> str:
    if ending is None:
        return ""
    return END_REASONS.get(ending.code, ending.code)


def _row(person: str, pipeline: Pipeline, status: str, responsible: str) -> CaseRow:
    prevention = _pieces(pipeline, "prevention")
    relief = _pieces(pipeline, "relief")
    prevention_ended = prevention[-1].period.until if prevention else None
    relief_ended = relief[-1].period.until if relief else None
    relief_end = pipeline.relief_end if relief_ended else None
    decision, decided, tested = _decision(pipeline, relief, relief_end)
    if decided is None:
        decisions = [e.event.on for e in pipeline.events if isinstance(e.event, hx.PriorityNeedDecided)]
        tested = max(decisions, default=tested)
    priority, _ = pipeline.pn(tested)
    ground = ""
    if priority:
        found = next((key for key, stint in care_leaver_grounds(pipeline.run) if tested in stint.period), None)
        ground = GROUNDS.get(found, "other") if found else "other"
    return CaseRow(
        person=person,
        application=pipeline.id,
        authority=pipeline.authority,
        applied_on=pipeline.applied,
        care_leaver_status=status,
        care_leaver_authority=responsible,
        prevention_started=prevention[0].period.since if prevention else None,
        prevention_ended=prevention_ended,
        prevention_end_reason=_prevention_end(pipeline, prevention_ended),
        relief_started=relief[0].period.since if relief else None,
        relief_ended=relief_ended,
        relief_end_reason=_end_code(relief_end),
        referred_to=";".join(to for _, to in pipeline.referrals),
        main_duty_decision=decision,
        main_duty_decided_on=decided,
        priority_need=priority,
        priority_need_ground=ground,
        priority_need_on=tested,
    )


def _prevention_end(pipeline: Pipeline, ended: Date | None) -> str:
    """Why prevention ended: the rules' ending (from the HRA 2017); before it, the decision that the
    applicant is homeless, a withdrawal or a notice, whichever fell on the day it ended."""
    if ended is None:
        return ""
    ending: Ending | None = getattr(pipeline, "prevention_end", None)  # set only from the HRA 2017
    if ending is not None and ending.on == ended:
        return _end_code(ending)
    if pipeline.homeless_on == ended:
        return "became_homeless"
    if pipeline.withdrawal is not None and pipeline.withdrawal.on == ended:
        return "withdrawn"
    notices = (e.event for e in pipeline.events if isinstance(e.event, hx.DutyEnded))
    return next((n.reason for n in notices if n.duty == "prevention" and n.on == ended), "")


def _decision(pipeline: Pipeline, relief: list[Piece], relief_end: Ending | None) -> tuple[str, Date | None, Date]:
    """The main duty decision, its date, and the day priority need is reported on: the day the
    decision tested it; with no decision, the application date (``_row`` moves it to the authority's
    latest recorded decision on priority need, if any)."""
    duties = sorted((p for p in pipeline.pieces if p.kind in MAIN_DUTY_KINDS), key=lambda p: p.period)
    if pipeline.post_hra:
        if not relief:
            return "", None, pipeline.applied
        if relief[-1].period.until is None or relief_end is None:
            return "pending", None, pipeline.applied
        tested = relief_end.on - DAY if relief_end.code == "automatic" else relief_end.on
        if duties:
            return MAIN_DUTY_KINDS[duties[0].kind], duties[0].period.since, tested
        if relief_end.code in NOT_REACHED:
            return "not_reached", None, pipeline.applied
        return "not_owed", relief_end.on, tested
    if duties:
        decided = duties[0].period.since
        return MAIN_DUTY_KINDS[duties[0].kind], decided, decided
    if pipeline.homeless_on is None:
        return "", None, pipeline.applied
    inquiries = _pieces(pipeline, "homelessness_inquiries")
    end = inquiries[-1].period.until if inquiries else None
    if end is None:
        return "pending", None, pipeline.applied
    if pipeline.withdrawal is not None and pipeline.withdrawal.on == end:
        return "not_reached", None, pipeline.applied
    return "not_owed", end, end
