"""The HTML page of one person on one date: one self-contained page whose timeline picture has one bar per
finding period, a marker on each event date and on the date assessed, the birthdays the law turns on,
and below it the findings that hold with their citations linked and their reasons, every text escaped."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.events.base import Event
from leavingcare.report.html import LABEL, RIGHT, render_report
from leavingcare.report.text import grouped, ordered

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
W07 = ROOT / "examples" / "w07_two_authorities.jsonl"
W05 = ROOT / "examples" / "w05_education_past_21.jsonl"
KENT = "E10000016"
MAIDSTONE = "E07000110"
MEDWAY = "E06000035"

Attrs = dict[str, str]


class Page(HTMLParser):
    """Every element's tag and attributes, the picture it is drawn in (the id of its ``svg``, or ""),
    and the text outside tags."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, Attrs]] = []
        self.pictures: list[str] = []
        self.text: list[str] = []
        self.svg = ""
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "svg":
            self.svg = values.get("id", "?")
        self.elements.append((tag, values))
        self.pictures.append(self.svg)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg = ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def with_class(self, name: str, tag: str | None = None, picture: str = "timeline") -> list[Attrs]:
        """Elements of the class (and tag) in the whole-life picture, or in another ("": outside both)."""
        return [
            a
            for (t, a), drawn in zip(self.elements, self.pictures, strict=True)
            if name in a.get("class", "").split() and (tag is None or t == tag) and drawn == picture
        ]

    def tags(self, tag: str) -> list[Attrs]:
        return [a for t, a in self.elements if t == tag]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def _page(history: lc.History, on: dt.date, **options: object) -> Page:
    return Page(render_report(history, on, **options))  # type: ignore[arg-type]


def _period(item: lc.Finding | lc.Concern) -> tuple[str, str, str]:
    return (item.kind, item.since.isoformat(), item.until.isoformat() if item.until else "open")


def _kent_placed_in_medway(*more: Event) -> lc.History:
    """A Kent care leaver (a local connection to each of Kent's districts, s199(8)(b)) applies to
    Maidstone and is placed in Medway: relief, a s208 notice and open-ended housing duties."""
    return lc.History.of(
        [
            ev.Born(on=D(2003, 6, 1)),
            ev.CareStarted(on=D(2017, 6, 1), authority=KENT, legal_status="C2", placement="U4", area=MAIDSTONE),
            ev.CareEnded(on=D(2021, 6, 1), reason="E8"),
            ev.HomelessnessApplication(on=D(2024, 4, 20), application="A1", authority=MAIDSTONE, appears_homeless=True),
            ev.Homeless(on=D(2024, 4, 20), application="A1"),
            ev.AccommodationSecured(on=D(2024, 4, 22), application="A1", area=MEDWAY, under="s188", kind="hostel"),
            *more,
        ]
    )


# The picture -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [W07, W05])
def test_one_bar_per_finding_period(source: Path) -> None:
    """Each finding of the timeline has exactly one bar, with its kind and period as data."""
    history = lc.History.from_jsonl(source)
    timeline = lc.timeline(history)
    assert len(grouped(ordered(timeline.findings))) == len(timeline.findings)  # nothing shared here
    bars = _page(history, D(2025, 3, 14)).with_class("bar", "rect")
    drawn = Counter((b["data-kind"], b["data-since"], b["data-until"]) for b in bars)
    assert drawn == Counter(_period(f) for f in timeline.findings)


def test_a_local_connection_to_each_district_of_a_county_is_one_bar() -> None:
    """HA 1996 s199(8)(b): one finding per district of Kent, all with the same period, share one bar (as
    they share one row in the text views); every other finding has its own."""
    history = _kent_placed_in_medway()
    timeline = lc.timeline(history)
    to_districts = [f for f in timeline.of_kind("local_connection") if f.citation.provision.startswith("s199(8)(b)")]
    assert len(to_districts) > 1
    bars = _page(history, D(2024, 6, 5)).with_class("bar", "rect")
    assert len(bars) == len(grouped(ordered(timeline.findings))) == len(timeline.findings) - len(to_districts) + 1
    assert Counter((b["data-kind"], b["data-since"], b["data-until"]) for b in bars) == Counter(
        _period(f) for f, _ in grouped(ordered(timeline.findings))
    )


def test_an_open_ended_period_runs_to_the_right_edge_with_an_arrow() -> None:
    """An open period (relief with no end recorded) is clipped at the end of the axis and marked open."""
    page = _page(_kent_placed_in_medway(), D(2024, 6, 5))
    (relief,) = [b for b in page.with_class("bar", "rect") if b["data-kind"] == "relief"]
    assert relief["data-until"] == "open"
    assert float(relief["x"]) + float(relief["width"]) == pytest.approx(RIGHT, abs=0.2)
    periods = [*page.with_class("bar", "rect"), *page.with_class("concern", "rect")]
    assert len(page.with_class("open", "polygon")) == sum(1 for b in periods if b["data-until"] == "open")
    assert not page.with_class("continues")  # nothing is cut in the whole-life picture


def test_the_close_up_covers_six_months_either_side_of_the_date() -> None:
    """Relief (HA 1996 s189B(2)) runs for 56 days: the close-up from 2023-10-01 to 2024-10-31 around
    2024-04-20 draws every period that holds in it, cut at its edges, and the events and the birthday in it."""
    history = _kent_placed_in_medway()
    on = D(2024, 4, 20)
    page = _page(history, on)
    window = lc.timeline(history).findings
    near = [f for f, _ in grouped(ordered(window)) if f.since <= D(2024, 10, 31) and (f.until or on) > D(2023, 10, 1)]
    bars = page.with_class("bar", "rect", picture="near")
    assert Counter((b["data-kind"], b["data-since"], b["data-until"]) for b in bars) == Counter(map(_period, near))
    assert {m["data-on"] for m in page.with_class("event", "path", picture="near")} == {"2024-04-20", "2024-04-22"}
    assert [a["data-on"] for a in page.with_class("assessed", "line", picture="near")] == ["2024-04-20"]
    assert [m["data-age"] for m in page.with_class("milestone", picture="near")] == ["21"]  # on 2024-06-01
    (sar,) = [b for b in bars if b["data-kind"] == "sar_exemption"]  # 2021-06-01 to 2028-05-31
    assert float(sar["x"]) == pytest.approx(LABEL) and float(sar["x"]) + float(sar["width"]) == pytest.approx(RIGHT)
    assert len(page.with_class("continues", "polygon", picture="near")) >= 2
    assert "Close up: 2023-10-01 to 2024-10-31" in page.all_text


def test_no_close_up_when_nothing_holds_near_the_date() -> None:
    page = _page(lc.History.of([ev.Born(on=D(2004, 3, 15))]), D(2040, 1, 1))
    assert [svg["id"] for svg in page.tags("svg")] == ["timeline"]


def test_bars_holding_on_the_date_are_marked() -> None:
    history = lc.History.from_jsonl(W07)
    on = D(2025, 3, 14)
    holding = {_period(f) for f in lc.assess(history, on=on).findings}
    for bar in _page(history, on).with_class("bar", "rect"):
        assert (bar["data-holds"] == "yes") == ((bar["data-kind"], bar["data-since"], bar["data-until"]) in holding)


def test_a_marker_on_every_event_date_and_on_the_date_assessed() -> None:
    """Every event date but the birth (the origin of the age scale, given in the heading) has one marker,
    naming the ids of that day's events; the date assessed has its own."""
    history = lc.History.from_jsonl(W07)
    page = _page(history, D(2025, 3, 14))
    markers = page.with_class("event", "path")
    dates = {e.event.on.isoformat() for e in history.envelopes if not isinstance(e.event, ev.Born)}
    assert sorted(m["data-on"] for m in markers) == sorted(dates)
    named = {i for m in markers for i in m["data-events"].split()}
    assert named == {e.id for e in history.envelopes if not isinstance(e.event, ev.Born)}
    assert [a["data-on"] for a in page.with_class("assessed", "line")] == ["2025-03-14"]


def test_age_milestones_on_the_axis() -> None:
    """The 14th, 16th, 18th, 21st and 25th birthdays (born 2007-04-03) are marked on the axis."""
    page = _page(lc.History.from_jsonl(W07), D(2025, 3, 14))
    marks = {(m["data-age"], m["data-on"]) for m in page.with_class("milestone")}
    assert marks == {(str(n), f"{2007 + n}-04-03") for n in (14, 16, 18, 21, 25)}
    assert "age 18" in page.all_text


def test_retracted_events_have_no_marker() -> None:
    history = lc.History.from_jsonl(
        [
            '{"id": "born", "type": "Born", "on": "2004-03-15"}',
            '{"id": "moved", "type": "Moved", "on": "2021-05-01", "area": "E07000123", "arrangement": "relative"}',
            '{"id": "oops", "type": "Retracted", "on": "2021-06-01", "target": "moved"}',
        ]
    )
    assert _page(history, D(2021, 6, 1)).with_class("event") == []


def test_known_at_leaves_out_what_was_recorded_later() -> None:
    """Events recorded after ``known_at`` neither change the findings nor get a marker."""
    history = lc.History.from_jsonl(
        [
            '{"id": "born", "type": "Born", "on": "2004-03-15"}',
            '{"id": "start", "type": "CareStarted", "on": "2019-06-01", "authority": "E10000017", '
            '"legal_status": "C2", "placement": "U4", "area": "E07000123", "recorded_at": "2019-06-02T09:00:00Z"}',
            '{"id": "late", "type": "NeedsAssessed", "on": "2020-06-10", "recorded_at": "2021-01-05T09:00:00Z"}',
        ]
    )
    when = dt.datetime(2020, 12, 1, tzinfo=dt.UTC)
    page = _page(history, D(2020, 12, 1), known_at=when)
    assert [m["data-on"] for m in page.with_class("event")] == ["2019-06-01"]
    bars = Counter(b["data-kind"] for b in page.with_class("bar"))
    assert bars == Counter(f.kind for f, _ in grouped(ordered(lc.timeline(history, known_at=when).findings)))
    assert "None on this date." not in page.all_text  # the assessment was not yet known: overdue
    assert "None on this date." in _page(history, D(2020, 12, 1)).all_text
    assert "as known at 2020-12-01T00:00:00+00:00" in page.all_text


# The findings on the date ----------------------------------------------------------------------------


def test_citations_link_to_their_pages() -> None:
    """Each finding and concern holding on the date links its citation to the provision's page."""
    history = _kent_placed_in_medway()
    on = D(2024, 6, 5)
    held = lc.assess(history, on=on)
    links = _page(history, on).with_class("citation", "a", picture="")
    assert {a["href"] for a in links} == {f.citation.url for f in (*held.findings, *held.concerns)}
    assert any(a["href"].startswith("https://www.legislation.gov.uk/") for a in links)


def test_reasons_name_their_events() -> None:
    history = lc.History.from_jsonl(W07)
    on = D(2025, 3, 14)
    text = _page(history, on).all_text
    held = lc.assess(history, on=on)
    for finding in held.findings:
        for reason in finding.because:
            assert reason.text in text
            for event in reason.events:
                assert event in text


def test_concerns_on_the_date_are_listed_with_their_codes() -> None:
    """HA 1996 s208(4): the notice to Medway was not sent by 2024-05-05."""
    page = _page(_kent_placed_in_medway(), D(2024, 6, 5))
    assert "section_208_notice_missing" in page.all_text
    assert "concerns" in {t["class"] for t in page.tags("table")}


def test_nothing_owed_says_so() -> None:
    """Never looked after: only the art 3 priority need of a 16 or 17 year old, and not on this date."""
    page = _page(lc.History.of([ev.Born(on=D(2004, 3, 15))]), D(2025, 1, 1))
    assert "Nothing is owed on this date." in page.all_text
    assert "No care-leaver status on this date." in page.all_text
    assert "None on this date." in page.all_text
    assert [b["data-kind"] for b in page.with_class("bar")] == ["priority_need"]


# Escaping and self-containment -----------------------------------------------------------------------


def test_every_text_is_escaped() -> None:
    """A person id and an event id carrying markup appear as text, never as elements."""
    history = _kent_placed_in_medway()
    lines = history.to_jsonl().splitlines()
    marked = [line.replace('"id": "', '"id": "<b>x</b>&', 1) for line in lines]
    history = lc.History.from_jsonl(marked)
    source = render_report(history, D(2024, 6, 5), person='<script>alert("p")</script>')
    page = Page(source)
    assert "<script" not in source and "<b>" not in source
    assert not page.tags("script") and not page.tags("b")
    assert '<script>alert("p")</script>' in page.all_text
    assert "<b>x</b>&" in page.all_text
    assert any("<b>x</b>&" in m["data-events"] for m in page.with_class("event"))


def test_the_page_fetches_nothing() -> None:
    """Inline CSS and SVG only: no script, stylesheet link, image, font or frame, no url() in the CSS,
    and the only links are the citations (in the tables, and with their whole address in the provisions
    cited) and the event ids that link to the events table on the page."""
    source = render_report(lc.History.from_jsonl(W07), D(2025, 3, 14), person="w07")
    page = Page(source)
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert not page.tags(tag)
    assert "url(" not in source and "@import" not in source and "@font-face" not in source
    assert all("src" not in attrs for _, attrs in page.elements)
    for a in page.tags("a"):
        assert a["class"] in ("citation", "url", "event-link"), a
        assert (a["class"] == "event-link") == a["href"].startswith("#event-")
    assert [svg["id"] for svg in page.tags("svg")] == ["timeline", "near"] and len(page.tags("style")) == 1
    assert source.startswith("<!DOCTYPE html>")


def test_the_person_is_named_by_id_only() -> None:
    source = render_report(lc.History.from_jsonl(W07), D(2025, 3, 14), person="w07")
    assert "<title>Leaving-care duties on 2025-03-14 for w07</title>" in source
    assert "Person w07 · born 2007-04-03 (aged 17) · from everything recorded" in Page(source).all_text


# The command -----------------------------------------------------------------------------------------


def test_cli_report_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "w07.html"
    status = main(["report", str(W07), "--on", "2025-03-14", "--html", str(out)])
    stdout, stderr = capsys.readouterr()
    assert (status, stdout, stderr) == (0, "", "")
    page = Page(out.read_text(encoding="utf-8"))
    assert "Person w07_two_authorities" in page.all_text
    assert page.with_class("bar")


def test_cli_report_to_standard_output_with_known_at(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["report", str(W07), "--on", "2025-03-14", "--known-at", "2024-01-01", "--html", "-"])
    stdout, _ = capsys.readouterr()
    assert status == 0
    assert "as known at 2024-01-01T00:00:00+00:00" in Page(stdout).all_text


def test_cli_report_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "missing" / "page.html"
    status = main(["report", str(W07), "--on", "2025-03-14", "--html", str(out)])
    _, err = capsys.readouterr()
    assert status == 2
    assert err == f"leavingcare: cannot write {out}: No such file or directory\n"


def test_cli_report_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["report", str(W07), "--on", "2025-03-14"])
    _, err = capsys.readouterr()
    assert status == 2 and "--html" in err and err.count("\n") == 1


# In a browser ----------------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.browser
def test_the_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    """The page as a browser draws it: a PNG of the whole window, well above the size of a blank one."""
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("LEAVINGCARE_REQUIRE_POSTGRES") == "1":
            pytest.fail("no chromium binary installed (LEAVINGCARE_REQUIRE_POSTGRES=1 requires the browser tests)")
        pytest.skip("no chromium binary installed (set LEAVINGCARE_REQUIRE_POSTGRES=1 to fail instead)")
    page = tmp_path / "report.html"
    page.write_text(render_report(_kent_placed_in_medway(), D(2024, 6, 5), person="kent-1"), encoding="utf-8")
    shot = tmp_path / "report.png"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,1400",
        f"--screenshot={shot}",
        page.as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert shot.exists()
    assert _png_size(shot) == (1280, 1400)
    assert shot.stat().st_size > 50_000  # a blank page of this size compresses to a few kilobytes
