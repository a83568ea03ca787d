"""The quick answers import neither pydantic nor Rich (nor PyYAML) once the cache holds the data.

Importing pydantic costs about 70 ms and Rich about 60 ms, more than the rest of such a run;
what is fast is measured in bench/, and this keeps the imports that make it so. Each command
runs twice in a fresh interpreter: the first builds the cache, the second is checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CLI_ENV, DATA

CODE = """
import sys
from idlibevents.cli import main
sys.argv = ["idlib", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in ("pydantic", "rich", "yaml") if m in sys.modules), file=sys.stderr)
"""

QUICK = [
    ["--help"],
    ["query", "--place", "Saraqib", "--format", "ids"],
    ["query", "--place", "Saraqib", "--format", "json"],
    ["casualties", "--month", "2011-12", "--format", "json"],
    ["casualties", "--by", "month", "--format", "json"],
]


@pytest.mark.parametrize("args", QUICK, ids=[" ".join(a) for a in QUICK])
def test_quick_answers_import_neither_pydantic_nor_rich(args: list[str], tmp_path: Path) -> None:
    env = {**os.environ, **CLI_ENV, "IDLIB_DATA_DIR": str(DATA), "IDLIB_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("IDLIB_NO_CACHE", None)
    for attempt in ("builds the cache", "reads it"):
        done = subprocess.run([sys.executable, "-c", CODE, *args], env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, (attempt, done.stderr)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
