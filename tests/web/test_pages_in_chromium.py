"""A caseworker in Debian's Chromium signs in with a token, opens the worklist, follows a person and
sees their report, served by uvicorn on a loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from leavingcare.cli import main
from leavingcare.store import open_store
from leavingcare.web import app, tokens

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("LEAVINGCARE_REQUIRE_POSTGRES") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (LEAVINGCARE_REQUIRE_POSTGRES=1 requires the browser tests)")
    pytest.skip(f"{reason} (set LEAVINGCARE_REQUIRE_POSTGRES=1 to fail instead)")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The address of a server over a store holding w07, and a reader's token."""
    folder = tmp_path_factory.mktemp("pages")
    url = f"sqlite:///{folder / 'served.sqlite'}"
    assert (
        main(["--store", url, "record", "w07", str(ROOT / "examples" / "w07_two_authorities.jsonl"), "--by", "t"]) == 0
    )
    raw = tokens.add(folder / "tokens.jsonl", "caseworker-1", tokens.Role.READER)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with open_store(url, create=False) as store:
        server = uvicorn.Server(
            uvicorn.Config(app.create(store, tokens.load(folder / "tokens.jsonl")), port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", raw
        server.should_exit = True
        thread.join(10)


def test_sign_in_open_the_worklist_and_follow_a_person(served: tuple[str, str]) -> None:
    executable = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if executable is None:
        _unavailable("no chromium binary installed")
    from playwright.sync_api import sync_playwright

    base, raw = served
    with sync_playwright() as driver:
        browser: Any = driver.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{base}/?on=2024-06-01")
        assert page.url.endswith("/signin")
        page.fill("#token", "lc_not-a-token")
        page.click("button[type=submit]")
        assert "not known" in page.text_content("body")
        page.fill("#token", raw)
        page.click("button[type=submit]")
        page.goto(f"{base}/?on=2025-04-01")
        assert "Signed in as caseworker-1" in page.text_content("body")
        page.click("a.person")
        page.wait_for_load_state()
        assert "/people/w07/report" in page.url
        assert page.locator("svg").count() >= 1 and "w07" in page.text_content("body")
        browser.close()
