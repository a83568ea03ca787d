"""The console script registers only the command it is asked for, and answers exactly as the whole CLI does.

See :mod:`idlibevents.entry`. Each case runs the script's ``main`` in a fresh interpreter and
compares its output with the same command run through the whole CLI (every command registered).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from idlibevents.cli import app
from idlibevents.entry import COMMAND_MODULES

from .conftest import CLI_ENV

RUN = """
import sys
from idlibevents import entry
sys.argv = ["idlib", *sys.argv[1:]]
code = 0
try:
    entry.main()
except SystemExit as exc:
    code = exc.code or 0
from idlibevents.cli import app
names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
print("registered:", " ".join(names), file=sys.stderr)
sys.exit(code)
"""


WHOLE = """
import sys
from idlibevents.cli import main
sys.argv = ["idlib", *sys.argv[1:]]
try:
    main()
finally:
    from idlibevents.cli import app
    names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
    print("registered:", " ".join(names), file=sys.stderr)
"""


def _script(args: list[str], tmp_path: Path, code: str = RUN) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **CLI_ENV, "IDLIB_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    registered = {(c.name or c.callback.__name__): c.callback.__module__ for c in app.registered_commands if c.callback is not None}
    assert registered == {name: f"idlibevents.cli.{module}" for name, module in COMMAND_MODULES.items()}


CASES = [
    ["query", "--place", "Saraqib", "--format", "ids"],
    ["casualties", "--month", "2011-12", "--format", "json"],
    ["places", "--format", "json"],
    ["query", "-h"],
    ["query", "--place", "Nowhere-at-all"],
    ["--help"],
    [],
    ["--version"],
    ["qery"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a) or "(none)" for a in CASES])
def test_the_script_answers_as_the_whole_cli(args: list[str], tmp_path: Path) -> None:
    done, whole = _script(args, tmp_path), _script(args, tmp_path, WHOLE)
    assert (done.returncode, done.stdout) == (whole.returncode, whole.stdout), done.stderr
    assert done.stderr.rsplit("registered:", 1)[0] == whole.stderr.rsplit("registered:", 1)[0]
    assert whole.stderr.rsplit("registered:", 1)[1].split() == sorted(COMMAND_MODULES)
    registered = done.stderr.rsplit("registered:", 1)[1].split()
    if args and args[0] in COMMAND_MODULES:
        assert registered == sorted(n for n, m in COMMAND_MODULES.items() if m == COMMAND_MODULES[args[0]])
    else:
        assert registered == sorted(COMMAND_MODULES)


def test_completion_gets_every_command(tmp_path: Path) -> None:
    env = {**os.environ, **CLI_ENV, "IDLIB_CACHE_DIR": str(tmp_path / "cache"), "_IDLIB_COMPLETE": "complete_bash", "COMP_WORDS": "idlib query", "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-c", RUN, "query"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "registered:" in done.stderr, (done.stdout, done.stderr)
    assert done.stderr.rsplit("registered:", 1)[1].split() == sorted(COMMAND_MODULES)
    assert done.stdout.split() == ["query"]
