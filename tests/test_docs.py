"""The command output shown in README.md and docs/commands.md is real, and stays real.

A block in the docs written as::

    <!-- output: idlib casualties --month 2011-12 -->
    ```text
    ...
    ```

is re-run here through the CLI and must match. ``IDLIB_UPDATE_DOCS=1 pytest tests/test_docs.py``
rewrites the blocks after a change to the data or the output.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from idlibevents.cli import app

from .conftest import CLI_ENV, ROOT

DOCS = [ROOT / "README.md", ROOT / "docs" / "commands.md"]
BLOCK = re.compile(r"(<!-- output: (?P<cmd>[^\n]*?) -->\n```text\n)(?P<body>.*?)(```)", re.S)
DOCS_ENV = {**CLI_ENV, "COLUMNS": "80"}


def render(command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "idlib", command
    result = CliRunner(env=DOCS_ENV).invoke(app, args[1:])
    assert result.exit_code == 0, f"{command}: {result.output}"
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"


def blocks(path: Path) -> list[tuple[str, str]]:
    return [(m.group("cmd"), m.group("body")) for m in BLOCK.finditer(path.read_text(encoding="utf-8"))]


def test_docs_have_output_blocks() -> None:
    readme = [cmd for cmd, _ in blocks(ROOT / "README.md")]
    assert "idlib query --place Saraqib" in readme
    assert "idlib casualties --month 2011-12" in readme


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_shown_output_is_real(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if os.environ.get("IDLIB_UPDATE_DOCS"):
        text = BLOCK.sub(lambda m: m.group(1) + render(m.group("cmd")) + m.group(4), text)
        path.write_text(text, encoding="utf-8")
    for command, body in blocks(path):
        assert body == render(command), f"{path.name}: output of `{command}` changed; run IDLIB_UPDATE_DOCS=1 pytest tests/test_docs.py"
        machine = "--format" in command or command.startswith(("idlib export", "idlib schema"))  # CSV, JSON: no width
        too_wide = [line for line in body.splitlines() if len(line) > int(DOCS_ENV["COLUMNS"]) and not machine]
        assert not too_wide, f"{path.name}: `{command}` is wider than the {DOCS_ENV['COLUMNS']} columns it is shown at: {too_wide}"


def test_readme_setup_commands_match_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'pip install ".[test]" && pytest -q'
    assert test_command in readme and test_command in ci
    main_job = "pip install . && idlib query --place Saraqib"
    assert main_job in readme and main_job in ci


def test_the_shared_filter_lists_name_every_command_that_takes_the_filters() -> None:
    import typer.main

    group = typer.main.get_command(app)
    ctx = group.make_context("idlib", ["query"], resilient_parsing=True)
    with_filters = sorted(n for n in group.list_commands(ctx) if {"place", "month", "event_type"} <= {p.name for p in group.get_command(ctx, n).params})
    assert "query" in with_filters and "report" in with_filters
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    commands = " ".join((ROOT / "docs" / "commands.md").read_text(encoding="utf-8").split())
    for text, phrase in ((readme, "share the filters"), (commands, "take the same filters")):
        sentence = text[: text.index(phrase)].rsplit(". ", 1)[-1]
        named = set(re.findall(r"`(\w+)`", sentence))
        assert named == set(with_filters), (phrase, named, with_filters)
