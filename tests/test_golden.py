"""Casualty totals stay byte for byte what they were before the speed work (issue 12).

The files in tests/golden/ are the output of ``idlib casualties ... --format json`` written
before the totals learnt to read per-event figures from the cache; every path must still
print exactly them: reading the files (no cache), building the cache, and reading it back.
The generated dataset is bench/generate.py's, seed 8, so it holds aggregates, vague claims,
subsets and unverified claims in numbers the shipped data does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from idlibevents.cli import app

from .conftest import DATA, ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("generated") / "data"
    generate.generate(folder, 3000, 8)
    return folder


CASES = [
    ("shipped", ["--by", "month"], "casualties-by-month-shipped.json"),
    ("generated", ["--by", "month"], "casualties-by-month-generated-3000.json"),
    ("generated", ["--by", "week"], "casualties-by-week-generated-3000.json"),
    ("generated", ["--month", "2011-12"], "casualties-month-2011-12-generated-3000.json"),
]


@pytest.mark.parametrize(("which", "args", "golden"), CASES, ids=[c[2] for c in CASES])
def test_casualties_json_is_byte_identical_to_the_golden_file(
    which: str, args: list[str], golden: str, generated: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = DATA if which == "shipped" else generated
    expected = (GOLDEN / golden).read_text(encoding="utf-8")
    command = ["casualties", *args, "--format", "json", "--data-dir", str(folder)]
    monkeypatch.setenv("IDLIB_NO_CACHE", "1")
    outputs = {"no cache": runner.invoke(app, command)}
    monkeypatch.delenv("IDLIB_NO_CACHE")
    monkeypatch.setenv("IDLIB_CACHE_DIR", str(tmp_path / "cache"))
    outputs["building the cache"] = runner.invoke(app, command)
    outputs["from the cache"] = runner.invoke(app, command)
    for how, result in outputs.items():
        assert result.exit_code == 0, (how, result.output)
        assert result.stdout == expected, how
