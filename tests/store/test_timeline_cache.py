"""The pieces of the computed-timeline cache that need no store: the JSON form of a timeline and the
key a kept timeline is reused under."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leavingcare as lc
from leavingcare import kept as cache
from leavingcare.kept import Kept, cache_key, kept_to_json, pack, read_entry
from leavingcare.provenance import law_digest
from leavingcare.testing import histories, property_settings

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").glob("*.jsonl"))


def through_packed(timeline: lc.Timeline) -> lc.Timeline:
    return read_entry(json.dumps(kept_to_json(Kept("digest", "key", None, timeline)))).kept().timeline


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_examples_timeline_reads_back_equal(path: Path) -> None:
    history = lc.History.from_jsonl(path)
    timeline = lc.timeline(history)
    assert timeline.findings
    assert through_packed(timeline) == timeline
    as_known = lc.timeline(history, known_at=dt.datetime(2024, 1, 31, tzinfo=dt.UTC))
    assert through_packed(as_known) == as_known


@given(drawn=histories())
@property_settings(max_examples=25)
def test_any_timeline_reads_back_equal(drawn: lc.History) -> None:
    timeline = lc.timeline(drawn)
    assert through_packed(timeline) == timeline


@given(drawn=histories(), on=st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
@property_settings(max_examples=25)
def test_a_kept_timeline_assessed_on_a_date_is_the_timeline_assessed_on_it(drawn: lc.History, on: dt.date) -> None:
    """Reading back only what holds on the date gives the assessment of the whole timeline, receipt
    included (``made_at`` too: it is the timeline's)."""
    timeline = lc.timeline(drawn)
    entry = read_entry(json.dumps(kept_to_json(Kept("digest", "key", None, timeline))))
    assessed, expected = entry.at(on), timeline.at(on)
    assert assessed == expected
    assert assessed.to_dict() == expected.to_dict()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_kept_timeline_assessed_on_each_boundary_is_the_timeline_assessed_there(path: Path) -> None:
    """Each day a finding starts or ends, and the day before: the pairs a period's edges make."""
    timeline = lc.timeline(lc.History.from_jsonl(path))
    entry = read_entry(json.dumps(kept_to_json(Kept("digest", "key", None, timeline))))
    edges = {day for f in (*timeline.findings, *timeline.concerns) for day in (f.since, f.until) if day is not None}
    for day in sorted(edges | {d - dt.timedelta(days=1) for d in edges}):
        assert entry.at(day).to_dict() == timeline.at(day).to_dict(), day


def test_an_entry_that_is_not_the_kept_form_is_refused_as_malformed() -> None:
    timeline = lc.timeline(lc.History.from_jsonl(EXAMPLES[0]))
    good = kept_to_json(Kept("digest", "key", None, timeline))
    for bad in (
        b"[]",
        b"{",
        json.dumps({**good, "timeline": {**good["timeline"], "dates": ["2020-13-01"]}}),
        json.dumps({**good, "timeline": {**good["timeline"], "strings": [1]}}),
        json.dumps({**good, "digest": None}),
    ):
        with pytest.raises(ValueError):
            read_entry(bad)


def test_the_law_digest_is_stable_and_sees_every_change() -> None:
    law = lc.default_law()
    assert law_digest(law) == law_digest(lc.default_law())
    moved = law.with_commencement("CA1989.sch2.para19B", dt.date(2021, 1, 1))
    prospective = law.with_commencement("CA1989.sch2.para19B", None)
    digests = {law_digest(law), law_digest(moved), law_digest(prospective)}
    assert len(digests) == 3
    assert law_digest(law.with_commencement("CA1989.sch2.para19B", dt.date(2021, 1, 1))) == law_digest(moved)


def test_the_key_changes_with_the_library_the_source_the_law_and_the_authorities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    law = lc.default_law()
    key = cache_key(law)
    assert cache_key(law) == key
    assert cache_key(law.with_commencement("CA1989.sch2.para19B", None)) != key
    for part in ("library_version", "source_digest", "authorities_digest"):
        with monkeypatch.context() as patched:
            patched.setattr(cache, part, lambda: "something else")
            assert cache_key(law) != key, part
    assert cache_key(law) == key


def test_the_packed_form_writes_each_string_once() -> None:
    timeline = lc.timeline(lc.History.from_jsonl(EXAMPLES[0]))
    packed = pack(timeline)
    assert len(packed["strings"]) == len(set(packed["strings"]))
    assert len(packed["reasons"]) == len(
        {(r.text, r.events) for f in timeline for r in f.because}
        | {(r.text, r.events) for c in timeline.concerns for r in c.because}
    )


def test_the_key_is_taken_as_the_package_is_imported() -> None:
    """The version, source and authorities table are read with the rules, when ``leavingcare`` is
    imported: a release installed while a process runs must not lend its key to what the old code
    computes."""
    probe = (
        "import leavingcare\n"
        "from leavingcare import geography\n"
        "from leavingcare import kept as cache\n"
        "print(cache.library_version.cache_info().currsize, cache.source_digest.cache_info().currsize,"
        " geography._table.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1", "1"]
