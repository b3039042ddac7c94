"""The session in ``docs/serve.md`` runs as the page shows it: its commands run in a fresh folder, the
server is ``leavingcare serve`` in a subprocess (on a free loopback port instead of 8000), each ``curl``
is sent as written (method, headers, body file, URL) and each answer begins as the page shows it, with
the status and media type the page's tables give."""

from __future__ import annotations

import http.client
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from leavingcare.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
SHOWN_PORT = "127.0.0.1:8000"


def session() -> list[tuple[str, list[str]]]:
    """The page's session: each command (continuation lines joined) with the lines it shows after it."""
    block = PAGE.split("## A session", 1)[1].split("\n## ", 1)[0]
    lines = [line[4:] for line in block.splitlines() if line.startswith("    ")]
    steps: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps and steps[-1][0].endswith("\\"):
            steps[-1] = (steps[-1][0][:-1] + " " + line.strip(), [])
        else:
            steps[-1][1].append(line)
    return steps


def shows(answer: str, shown: list[str]) -> bool:
    """The answer is what the page shows: every line, or the lines before a closing ``...``; ``lc_...``
    stands for a token."""
    got = answer.strip().splitlines()
    if shown and shown[-1].strip() == "...":
        shown, got = shown[:-1], got[: len(shown) - 1]
    pattern = "".join(re.escape(line).replace(r"lc_\.\.\.", r"lc_\S+") + "\n" for line in shown)
    return re.fullmatch(pattern, "".join(line + "\n" for line in got)) is not None


def curl(argv: list[str]) -> tuple[str, str, dict[str, str], bytes | None]:
    """The method, URL, headers and body of a ``curl`` command line."""
    method, url, headers, body = "GET", "", {}, None
    words = iter(argv[1:])
    for word in words:
        if word == "-s":
            continue
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(":")
            headers[name.strip()] = value.strip()
        elif word == "--data-binary":
            body = Path(next(words).removeprefix("@")).read_bytes()
        elif word.startswith("http://"):
            url = word
        else:
            raise AssertionError(f"curl option {word!r} is not understood by this test")
    return method, url, headers, body


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh folder with the examples, and the ``history.jsonl`` the page posts: twelve events of a
    case-management system's person, without the recording time the server stamps."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    lines = (ROOT / "examples" / "w08_staying_put.jsonl").read_text(encoding="utf-8").splitlines()
    unstamped = [re.sub(r', "recorded_at": "[^"]*"', "", line) for line in lines]
    (tmp_path / "history.jsonl").write_text("".join(line + "\n" for line in unstamped), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def _serve(argv: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    beside = Path(sys.executable).parent / "leavingcare"
    program = str(beside) if beside.exists() else shutil.which("leavingcare")
    assert program is not None, "the leavingcare command is not installed"
    command = [program, *argv[1:], "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    _, errors = server.communicate()
    raise AssertionError(f"leavingcare serve did not answer: {errors.decode(errors='replace')[-2000:]}")


@pytest.mark.serve
def test_the_session_on_the_page_runs_as_shown(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    steps = session()
    assert [command.split()[0] for command, _ in steps].count("curl") >= 4
    token, server, port, sent = "", None, 0, 0
    try:
        for command, shown in steps:
            if command.startswith("TOKEN="):
                assert command == "TOKEN=lc_..." and token
                continue
            argv = shlex.split(command.replace("$TOKEN", token))
            if argv[0] == "leavingcare" and "serve" in argv:
                assert argv[-1] == "&" and SHOWN_PORT in PAGE
                server, port = _serve(argv[:-1])
            elif argv[0] == "leavingcare":
                capsys.readouterr()
                assert main(argv[1:]) == 0, command
                answer = capsys.readouterr().out
                token = answer.strip() if "token" in argv else token
                assert shows(answer, shown), (command, answer[:500])
            else:
                assert argv[0] == "curl" and server is not None, command
                method, url, headers, body = curl(argv)
                assert urlsplit(url).netloc == SHOWN_PORT
                parts = urlsplit(url)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8")
                assert response.status in (200, 201), (command, response.status, text[:500])
                assert response.getheader("content-type", "").startswith("application/json"), command
                assert shows(text, shown), (command, text[:500])
                sent += 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    assert sent >= 4
