"""The README cannot rot: its Python blocks run in order, and each console block's command prints
exactly the output shown."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from leavingcare.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == language]


def test_readme_opens_with_make_demo_and_make_test() -> None:
    first = BLOCK.search(README)
    assert first is not None and first.group(1) == "sh"
    assert [line.split("#")[0].strip() for line in first.group(2).splitlines()] == ["make demo", "make test"]


def test_readme_python_blocks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    found = blocks("python")
    assert found
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, code in enumerate(found, start=1):
        exec(compile(code, f"README.md python block {number}", "exec"), namespace)


@pytest.mark.parametrize("block", blocks("console"))
def test_readme_console_block_shows_real_output(
    block: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    command, _, expected = block.partition("\n")
    argv = shlex.split(command.removeprefix("$ "))
    assert argv[0] == "leavingcare"
    assert main(argv[1:]) == 0
    assert sealed(capsys.readouterr().out) == sealed(expected)


def sealed(output: str) -> str:
    """Output with a receipt's digests shown as ``<sha256>`` and the time it was made as ``<time>``: they
    change with every release and every run, and the README shows them so."""
    output = re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", output)
    return re.sub(r"(made at +)\S+", r"\1<time>", output)
