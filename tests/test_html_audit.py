"""The HTML report as an audit record: the events it was computed from, every reason linked to them, the
receipt, "why not" for the main duties not owed (the explanation ``explain`` gives), due dates ahead
drawn apart from overdue ones, changes since an earlier view, and the picture's text alternative; and,
in a real Chromium, what a person sees: text contrast of at least 4.5:1 (WCAG 2.2 AA 1.4.3), the
picture's accessible name, and an A4 print with every legislation address whole.

The browser cases fail, rather than skip, when ``LEAVINGCARE_REQUIRE_POSTGRES=1`` (as ``.ci/run`` sets)
and Chromium cannot start."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.cli import main
from leavingcare.report.html import render_report
from leavingcare.report.html_audit import MAIN_DUTIES, anchor

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
W07 = ROOT / "examples" / "w07_two_authorities.jsonl"
KENT = "E10000016"
MAIDSTONE = "E07000110"
MEDWAY = "E06000035"
REQUIRED = os.environ.get("LEAVINGCARE_REQUIRE_POSTGRES") == "1"
AA = 4.5


class Page(HTMLParser):
    """Elements with their attributes and the text inside each element with an id or a class."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.open: list[tuple[str, dict[str, str], list[str]]] = []
        self.texts: dict[str, list[str]] = {}
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if tag not in ("br", "meta", "rect", "path", "line", "polygon"):
            self.open.append((tag, values, []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, values, text = self.open.pop()
            key = values.get("id") or values.get("class")
            if key:
                self.texts.setdefault(key, []).append("".join(text))
            if self.open:
                self.open[-1][2].append("".join(text))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def text(self, key: str) -> str:
        return "".join(self.texts.get(key, []))


def _kent_placed_in_medway(*more: ev.Event) -> lc.History:
    """A Kent care leaver applies to Maidstone, is placed in Medway: relief (due on day 56) and a s208
    notice due on day 14 (2024-05-05)."""
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


# the record ---------------------------------------------------------------------------------------


def test_the_events_table_lists_every_event_with_when_and_by_whom_it_was_recorded() -> None:
    history = lc.History.from_jsonl(W07)
    page = Page(render_report(history, D(2025, 3, 14), person="w07"))
    rows = [a["id"] for a in page.all("tr") if a.get("id", "").startswith("event-")]
    assert rows == [anchor(e.id) for e in history.envelopes]
    events = page.text("events")
    for envelope in history.envelopes:
        assert envelope.id in events and type(envelope.event).__name__ in events
        if envelope.recorded_at is not None:
            assert envelope.recorded_at.isoformat() in events


def test_every_reason_links_to_the_events_it_names() -> None:
    history = lc.History.from_jsonl(W07)
    page = Page(render_report(history, D(2025, 3, 14), person="w07"))
    targets = {a["id"] for a in page.all("tr") if a.get("id")}
    links = [a["href"] for a in page.all("a", **{"class": "event-link"})]
    named = {i for f in lc.assess(history, on=D(2025, 3, 14)).findings for r in f.because for i in r.events}
    assert {f"#{anchor(i)}" for i in named} <= set(links)
    assert all(link[1:] in targets for link in links)


def test_a_retracted_event_says_what_retracts_it() -> None:
    history = _kent_placed_in_medway(ev.Moved(on=D(2024, 5, 1), area=MEDWAY, arrangement="hostel"))
    moved = history.envelopes[-1].id
    lines = [
        *history.to_jsonl().splitlines(),
        f'{{"id": "undo", "type": "Retracted", "on": "2024-05-02", "target": "{moved}"}}',
    ]
    page = Page(render_report(lc.History.from_jsonl(lines), D(2024, 6, 5)))
    assert "retracted by undo" in page.text("events") and f"retracts {moved}" in page.text("events")


def test_the_receipt_is_in_the_footer() -> None:
    history = lc.History.from_jsonl(W07)
    receipt = lc.assess(history, on=D(2025, 3, 14)).receipt
    assert receipt is not None
    footer = Page(render_report(history, D(2025, 3, 14))).text("receipt")
    for part in (receipt.history, receipt.law, receipt.authorities, receipt.source, f"leavingcare {receipt.library}"):
        assert part in footer
    assert "assessment on 2025-03-14, from everything recorded" in footer


def test_why_not_gives_the_explanation_explain_gives_for_each_main_duty_not_owed() -> None:
    """w07 on 2025-03-14: a relevant child of Southwark; staying_put, relief and the main housing duty are
    not owed, and each says why in the words of ``explain``."""
    history = lc.History.from_jsonl(W07)
    on = D(2025, 3, 14)
    page = Page(render_report(history, on))
    owed = {f.kind for f in lc.assess(history, on=on).findings}
    shown = [a["data-kind"] for a in page.all("article", **{"class": "why-not"})]
    assert shown == [k for k in MAIN_DUTIES if k not in owed]
    texts = page.texts["explanation"]
    for kind, text in zip(shown, texts, strict=True):
        assert text == lc.explain(history, on, kind).text.rstrip()


def test_an_overdue_due_date_is_drawn_apart_from_one_ahead() -> None:
    """HA 1996 s208(4), D25: the notice to Medway is due on 2024-05-05 (day 14). On that day it is due
    (ahead: today); the day after it is overdue, in the table and on the picture."""
    history = _kent_placed_in_medway()
    due = D(2024, 5, 5)
    on_the_day = Page(render_report(history, due))
    after = Page(render_report(history, due + dt.timedelta(days=1)))
    assert "2024-05-05 (today)" in on_the_day.text("date due upcoming")
    assert "2024-05-05" not in on_the_day.text("date due overdue")
    assert "2024-05-05 overdue" in after.text("date due overdue")
    assert "2024-05-05 (" not in after.text("date due upcoming")
    assert on_the_day.all("path", **{"class": "due upcoming", "data-due": "2024-05-05"})
    assert after.all("path", **{"class": "due overdue", "data-due": "2024-05-05"})
    assert not after.all("path", **{"class": "due upcoming", "data-due": "2024-05-05"})


def test_the_picture_has_a_title_a_description_and_a_table_of_the_same_periods() -> None:
    history = lc.History.from_jsonl(W07)
    page = Page(render_report(history, D(2025, 3, 14)))
    (svg,) = page.all("svg", id="timeline")
    assert svg["aria-labelledby"] == "timeline-title" and svg["aria-describedby"] == "timeline-desc"
    assert page.text("timeline-title").startswith("Timeline of findings and concerns")
    assert "table Periods" in page.text("timeline-desc")
    timeline = lc.timeline(history)
    rows = page.text("periods")
    for finding in timeline.findings:
        assert finding.kind in rows and finding.since.isoformat() in rows


def test_changes_since_an_earlier_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """w07: what changed on 2024-01-15 since what was known on 2024-01-31, on the page when asked."""
    out = tmp_path / "page.html"
    argv = ["report", str(W07), "--on", "2024-01-15", "--changes-since", "2024-01-31", "--html", str(out)]
    assert main(argv) == 0
    page = Page(out.read_text(encoding="utf-8"))
    changes = page.text("changes")
    assert "recorded w07-southwark-start" in changes and "relevant_child" in changes
    assert "authority: E10000024 Nottinghamshire (county) → E09000028 Southwark (london_borough)" in changes
    assert "changes" not in {
        a.get("id") for _, a in Page(render_report(lc.History.from_jsonl(W07), D(2024, 1, 15))).elements
    }


# in Chromium --------------------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (LEAVINGCARE_REQUIRE_POSTGRES=1 requires the browser tests)")
    pytest.skip(f"{reason} (set LEAVINGCARE_REQUIRE_POSTGRES=1 to fail instead)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no browser is downloaded)."""
    executable = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if executable is None:
        _unavailable("no chromium binary installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    driver = sync_playwright().start()
    try:
        launched = driver.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
    except Exception as exc:  # the browser cannot start: say why
        driver.stop()
        _unavailable(f"chromium cannot start: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    yield launched
    launched.close()
    driver.stop()


@pytest.fixture(scope="module")
def shown(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The Kent care leaver's page on 2024-05-10 (s208 notice overdue, relief due), as Chromium shows it,
    in a window as tall as the page so that every element can be looked at where it is."""
    folder = tmp_path_factory.mktemp("page")
    source = folder / "report.html"
    source.write_text(render_report(_kent_placed_in_medway(), D(2024, 5, 10), person="kent-1"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(source.as_uri())
    page.set_viewport_size({"width": 1280, "height": int(page.evaluate("document.documentElement.scrollHeight"))})
    yield page
    page.close()


CONTRAST_SCRIPT = """
() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const shapes = new Set(['rect', 'polygon', 'path', 'circle', 'ellipse']);
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el) || el.closest('title, desc, style')) continue;
    seen.add(el);
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
    const svg = el instanceof SVGElement;
    const fg = parse(svg ? style.fill : style.color);
    const layers = [];
    for (const e of document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)) {
      if (e === el || el.contains(e) || e instanceof SVGTextContentElement) continue;
      const s = getComputedStyle(e);
      let c = null, a = 0;
      if (e instanceof SVGElement) {
        if (!shapes.has(e.tagName)) continue;
        c = parse(s.fill);
        if (c) a = c[3] * parseFloat(s.fillOpacity) * parseFloat(s.opacity);
      } else {
        c = parse(s.backgroundColor);
        if (c) a = c[3] * parseFloat(s.opacity);
      }
      if (!c || a === 0) continue;
      layers.push([c[0], c[1], c[2], a]);
      if (a >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const l of layers.reverse()) bg = bg.map((v, i) => l[i] * l[3] + v * (1 - l[3]));
    const fa = fg[3] * (svg ? parseFloat(style.fillOpacity) : 1) * parseFloat(style.opacity);
    const colour = fg.slice(0, 3).map((v, i) => v * fa + bg[i] * (1 - fa));
    out.push({text: node.textContent.trim().slice(0, 40), cls: el.getAttribute('class') || el.tagName,
              fg: colour, bg: bg});
  }
  return out;
}
"""


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: list[float], bg: list[float]) -> float:
    """WCAG 2.2's contrast ratio of two colours."""
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.browser
def test_every_text_has_a_contrast_of_at_least_4_5_to_1(shown: Any) -> None:
    """WCAG 2.2 AA (1.4.3): every text element as drawn, against what lies under it (row stripes, bars at
    full strength or paler, table headings, the explanation boxes), has a contrast of at least 4.5:1."""
    measured = shown.evaluate(CONTRAST_SCRIPT)
    assert len(measured) > 200
    low = [
        (m["text"], m["cls"], round(contrast(m["fg"], m["bg"]), 2)) for m in measured if contrast(m["fg"], m["bg"]) < AA
    ]
    assert low == []
    assert any(m["cls"] == "on-bar faded" for m in measured) and any(m["cls"] == "on-bar" for m in measured)


def test_the_contrast_of_black_on_white_is_21() -> None:
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21)
    assert contrast([0x71, 0x80, 0x96], [255, 255, 255]) == pytest.approx(4.02, abs=0.01)


@pytest.mark.browser
def test_what_a_person_sees_the_events_the_receipt_and_why_not(shown: Any) -> None:
    history = _kent_placed_in_medway()
    events = shown.locator("#events table.events tbody tr")
    assert events.count() == len(history.envelopes)
    assert events.first.is_visible()
    receipt = lc.assess(history, on=D(2024, 5, 10)).receipt
    assert receipt is not None
    footer = shown.locator("footer.receipt")
    assert footer.is_visible() and receipt.history in footer.inner_text()
    why = shown.locator("#why-not article.why-not")
    assert why.count() >= 1 and why.first.is_visible()
    assert "does not hold on 2024-05-10" in why.first.inner_text()
    overdue = shown.locator("td.due.overdue")
    assert overdue.first.is_visible() and "overdue" in overdue.first.inner_text()
    link = shown.locator("a.event-link").first
    target = link.get_attribute("href")
    assert shown.locator(f"tr{target}").count() == 1


@pytest.mark.browser
def test_the_picture_has_an_accessible_name(shown: Any) -> None:
    picture = shown.get_by_role("img", name="Timeline of findings and concerns, assessed on 2024-05-10")
    assert picture.count() == 1 and picture.get_attribute("id") == "timeline"
    close_up = shown.get_by_role("img", name="Close up of the timeline, assessed on 2024-05-10")
    assert close_up.get_attribute("id") == "near"
    assert shown.get_by_role("table").count() >= 4


@pytest.mark.browser
def test_an_a4_print_holds_every_citation_address_whole(shown: Any) -> None:
    """Printed on A4, the page's text (read back from the PDF) holds each provision's address unbroken."""
    from pypdf import PdfReader

    pdf = shown.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width == pytest.approx(595.3, abs=1.5) and height == pytest.approx(841.9, abs=1.5)  # A4 in points
    text = "\n".join(page.extract_text() for page in reader.pages)
    timeline = lc.timeline(_kent_placed_in_medway())
    urls = {i.citation.url for i in (*timeline.findings, *timeline.concerns) if i.citation.url.startswith("https://")}
    assert urls and "https://www.legislation.gov.uk/" in " ".join(urls)
    missing = sorted(url for url in urls if url not in text)
    assert missing == []
