"""Properties every valid history must satisfy, whatever its events (DESIGN sections 1, 3 and 5).

Histories come from ``leavingcare.testing``; ``LEAVINGCARE_HYPOTHESIS_PROFILE=thorough`` runs twenty
times as many examples.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import pairwise

import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import calendar
from leavingcare.duties.registry import CHILDRENS_DUTIES, STATUSES
from leavingcare.events import (
    Envelope,
    Event,
    Moved,
    NeedsAssessed,
    PathwayPlanReviewed,
    Retracted,
    SupportDeclined,
    SupportRequested,
)
from leavingcare.periods import Period, difference, intersect, normalise
from leavingcare.testing import areas, envelope_lists, histories, property_settings

CHILDRENS_KINDS = frozenset(STATUSES + CHILDRENS_DUTIES)
"""The children's services finding kinds of DESIGN section 4."""

CITATION_SITES = ("https://www.legislation.gov.uk/", "https://www.gov.uk/")


def born_of(history: lc.History) -> dt.date:
    return history.facts.born


@st.composite
def history_and_day(draw: st.DrawFn, **options: bool) -> tuple[lc.History, dt.date]:
    """A history and a day anywhere from before birth to 30, birthdays (and the day before) favoured."""
    history = draw(histories(**options))
    born = born_of(history)
    birthdays = [calendar.birthday(born, n) + dt.timedelta(days=k) for n in (14, 16, 18, 21, 25) for k in (-1, 0)]
    day = draw(
        st.one_of(
            st.dates(born - dt.timedelta(days=60), calendar.birthday(born, 30)),
            st.sampled_from(birthdays),
        )
    )
    return history, day


def _naive_utc(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(tzinfo=None)


def _stamped(envelopes: list[Envelope]) -> list[dt.datetime]:
    return sorted(e.recorded_at for e in envelopes if e.recorded_at is not None)


@property_settings(60)
@given(envelope_lists(distinct_dates=True), st.data())
def test_order_of_events_with_distinct_dates_does_not_change_the_timeline(
    envelopes: list[Envelope], data: st.DataObject
) -> None:
    """DESIGN section 1: the fold orders events by their effective date, not by where they stand in
    the input; content-derived ids do not depend on the order either (section 5)."""
    shuffled = data.draw(st.permutations(envelopes))
    original = lc.History.of(envelopes)
    reordered = lc.History.of(shuffled)
    assert {e.event: e.id for e in original} == {e.event: e.id for e in reordered}
    assert lc.timeline(reordered) == lc.timeline(original)


@property_settings(60)
@given(history_and_day())
def test_assess_on_a_day_is_the_timeline_at_that_day(case: tuple[lc.History, dt.date]) -> None:
    """DESIGN section 1: ``assess(on=D)`` selects the findings whose period contains D."""
    history, day = case
    assessment = lc.assess(history, on=day)
    assert assessment == lc.timeline(history).at(day)
    assert assessment.on == day
    assert all(f.since <= day and (f.until is None or day < f.until) for f in assessment.findings)


@property_settings(60)
@given(histories())
def test_findings_of_one_kind_between_the_same_parties_never_overlap(history: lc.History) -> None:
    """Rules compute periods (DESIGN section 1): one duty between the same parties is one set of days,
    so its findings are disjoint (adjacent pieces may differ in citation or due date)."""
    groups: dict[tuple[str, str | None, str | None], list[lc.Finding]] = defaultdict(list)
    for finding in lc.timeline(history).findings:
        assert finding.until is None or finding.since < finding.until, finding
        groups[(finding.kind, finding.by, finding.to)].append(finding)
    for key, findings in groups.items():
        ordered = sorted(findings, key=lambda f: f.since)
        for first, second in pairwise(ordered):
            assert first.until is not None and first.until <= second.since, (key, first, second)


@st.composite
def late_event(draw: st.DrawFn, born: dt.date) -> Event:
    """An event that keeps any history valid: a move, a request, an assessment or a review."""
    on = draw(st.dates(born + dt.timedelta(days=1), calendar.birthday(born, 27)))
    kind = draw(st.sampled_from(("Moved", "SupportRequested", "SupportDeclined", "NeedsAssessed", "Reviewed")))
    if kind == "Moved":
        return Moved(on=on, area=draw(areas()), arrangement=draw(st.sampled_from(("parent", "hostel", "other"))))
    if kind == "SupportRequested":
        return SupportRequested(on=on)
    if kind == "SupportDeclined":
        return SupportDeclined(on=on)
    if kind == "NeedsAssessed":
        return NeedsAssessed(on=on)
    return PathwayPlanReviewed(on=on)


@property_settings(60)
@given(envelope_lists(recorded=True), st.data())
def test_an_event_recorded_after_the_audit_time_never_changes_what_was_known(
    envelopes: list[Envelope], data: st.DataObject
) -> None:
    """DESIGN section 1: ``known_at=T`` drops events recorded after T, so late-recorded facts and
    corrections (here an added event or a retraction recorded after T) never rewrite a past view."""
    history = lc.History.of(envelopes)
    born = born_of(history)
    stamps = _stamped(envelopes) or [dt.datetime.combine(born, dt.time(), dt.UTC)]
    earliest = envelopes[0].recorded_at or stamps[0]
    between = st.datetimes(_naive_utc(earliest), _naive_utc(stamps[-1]))
    known_at = data.draw(st.sampled_from(stamps) | between.map(lambda t: t.replace(tzinfo=dt.UTC)))
    recorded_at = known_at + dt.timedelta(seconds=data.draw(st.integers(1, 3 * 365 * 86400)))
    if data.draw(st.booleans()):
        added: Event = data.draw(late_event(born))
    else:
        target = data.draw(st.sampled_from(history.envelopes))
        added = Retracted(on=target.event.on, target=target.id)
    try:
        extended = lc.History.of([*history.envelopes, Envelope("", added, recorded_at)])
    except lc.InvalidHistory:
        assume(False)
        return
    note(f"known_at={known_at.isoformat()} added={added!r} recorded_at={recorded_at.isoformat()}")
    day = data.draw(st.dates(born, calendar.birthday(born, 28)))
    before = lc.assess(history, on=day, known_at=known_at)
    assert lc.assess(extended, on=day, known_at=known_at) == before
    assert lc.timeline(extended, known_at=known_at) == lc.timeline(history, known_at=known_at)


@property_settings(60)
@given(histories())
def test_no_personal_adviser_from_25_without_a_concern_that_day(history: lc.History) -> None:
    """DECISIONS D12 and D14: no upper age is applied to a continuing programme, but every day a
    personal adviser is owed on or after the 25th birthday is flagged by a Concern."""
    timeline = lc.timeline(history)
    from_25 = [Period(calendar.birthday(born_of(history), 25))]
    flagged = normalise(c.period for c in timeline.concerns if c.kind == "personal_adviser")
    for finding in timeline.of_kind("personal_adviser"):
        unflagged = difference(intersect([finding.period], from_25), flagged)
        assert unflagged == [], (finding, unflagged)


@property_settings(40)
@given(histories())
def test_the_same_history_always_gives_the_same_timeline(history: lc.History) -> None:
    """Replaying is deterministic: the same events give the same findings, however often replayed and
    whether or not the history is rebuilt from its envelopes."""
    first = lc.timeline(history)
    assert lc.timeline(history) == first
    assert lc.timeline(lc.History(history.envelopes)) == first
    assert lc.timeline(lc.History.of([e.event for e in history.envelopes])) == first


@property_settings(60)
@given(histories(), st.data())
def test_a_retraction_restores_the_history_without_the_retracted_event(
    history: lc.History, data: st.DataObject
) -> None:
    """DESIGN section 5: ``Retracted`` withdraws an event recorded in error. The result is the history
    without that event, and a retraction that would leave an incoherent history is rejected exactly
    when the history without the event is."""
    target = data.draw(st.sampled_from(history.envelopes))
    retraction = Envelope("", Retracted(on=target.event.on, target=target.id), target.recorded_at)
    without = [e for e in history.envelopes if e.id != target.id]
    try:
        expected = lc.timeline(lc.History(without))
    except lc.InvalidHistory:
        with pytest.raises(lc.InvalidHistory):
            lc.History([*history.envelopes, retraction])
        return
    assert lc.timeline(lc.History([*history.envelopes, retraction])) == expected


@property_settings(60)
@given(histories())
def test_every_finding_cites_the_law_and_the_events_that_decided_it(history: lc.History) -> None:
    """DESIGN section 3: a finding carries a citation with its legislation.gov.uk (or gov.uk) page and
    reasons naming the ids of the events that decided it, each an event of the history."""
    ids = {e.id for e in history.envelopes}
    timeline = lc.timeline(history)
    for finding in timeline.findings:
        assert finding.citation.url.startswith(CITATION_SITES), finding.citation
        assert finding.citation.instrument and finding.citation.provision, finding.citation
        assert finding.events, finding
        assert set(finding.events) <= ids, finding
    for concern in timeline.concerns:
        assert concern.citation.url.startswith(CITATION_SITES), concern.citation
        assert set(concern.events) <= ids, concern


@property_settings(60)
@given(histories())
def test_no_childrens_services_finding_before_the_16th_birthday(history: lc.History) -> None:
    """Sch 2 para 19B, s23A, s23C and s24 all start at 16: no care-leaver duty or status is owed to a
    younger child, however long they were looked after."""
    bday16 = calendar.birthday(born_of(history), 16)
    for finding in lc.timeline(history).findings:
        if finding.kind in CHILDRENS_KINDS:
            assert finding.since >= bday16, finding


@property_settings(60)
@given(histories())
def test_no_s23c_duty_after_21_without_a_planned_programme(history: lc.History) -> None:
    """CA 1989 s23C(6)-(7) and DECISIONS D12: the s23C duties end at 21 unless a programme of
    education or training set out in the pathway plan, begun before 21, continues; only while it does."""
    facts = history.facts
    bday21 = calendar.birthday(facts.born, 21)
    programmes = normalise(e.period for e in facts.education if e.in_pathway_plan and e.period.since < bday21)
    for finding in lc.timeline(history).findings:
        provision = finding.citation.provision
        if finding.kind == "former_relevant_child" or not provision.startswith("s23C("):
            continue
        after_21 = intersect([finding.period], [Period(bday21)])
        assert difference(after_21, programmes) == [], (finding, programmes)


@property_settings(60)
@given(histories())
def test_jsonl_round_trip_gives_the_same_history_and_timeline(history: lc.History) -> None:
    """DESIGN section 5: writing a history as JSONL and reading it back keeps every event, id and
    recording time, and so every finding, including at each recording time."""
    text = history.to_jsonl()
    again = lc.History.from_jsonl(text.splitlines())
    assert [(e.id, e.event, e.recorded_at, e.recorded_by) for e in again] == [
        (e.id, e.event, e.recorded_at, e.recorded_by) for e in history
    ]
    assert lc.timeline(again) == lc.timeline(history)
    assert again.to_jsonl() == text
    for stamp in _stamped(list(history.envelopes))[:3]:
        assert lc.timeline(again, known_at=stamp) == lc.timeline(history, known_at=stamp)
    assert lc.History.from_jsonl([line.encode() for line in text.splitlines()]).events == history.events
