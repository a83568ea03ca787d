"""docs/contributing.md explains real messages: every one in its table is produced by the code."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from idlibevents.cli import app

from .conftest import FIXTURES, ROOT

DOC = ROOT / "docs" / "contributing.md"


def table_messages() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## What the messages mean", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [m for row in rows for m in re.findall(r"`([^`]+)`", row.split(" | ")[0])]


def test_the_table_covers_the_usual_problems() -> None:
    assert len(table_messages()) >= 40


def test_every_message_in_the_table_is_one_the_code_gives(runner: CliRunner) -> None:
    # What the code can say: its own source text, plus every report over the invalid fixtures
    # (which adds the messages pydantic words, such as "Input should be").
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "idlibevents").rglob("*.py"))
    for path in sorted((FIXTURES / "invalid").glob("*.yaml")):
        corpus += runner.invoke(app, ["validate", str(path)]).stderr
    for message in table_messages():
        for piece in re.split(r"…|\.\.\.\]|\(\*…\)|\(&…\)", message):
            piece = piece.strip(" '")
            if len(piece) >= 6:
                assert piece in corpus, f"{piece!r} (from {message!r}) is not a message the code gives"


def test_the_readme_links_here() -> None:
    assert "docs/contributing.md" in (ROOT / "README.md").read_text(encoding="utf-8")
