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

import idlibevents
from idlibevents import cache
from idlibevents.cli import app
from idlibevents.tally import BY_CHOICES, WHOLE_BY, tally_casualties, tally_whole

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


@pytest.mark.parametrize("which", ["shipped", "generated"])
def test_a_total_of_every_event_from_the_cache_alone_equals_the_total_of_the_rows(which: str, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tally_whole`` reads only the cache's figures; it must give what totalling every row gives."""
    folder = DATA if which == "shipped" else generated
    monkeypatch.setenv("IDLIB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("IDLIB_NO_CACHE", raising=False)
    loaded = idlibevents.load(folder)
    cache.load_rows(folder)  # builds the cache file
    _, cached = cache.load_rows(folder)  # and reads it back
    assert cached is not None
    for by in BY_CHOICES:
        whole = tally_whole(cached, by)
        if by not in WHOLE_BY:
            assert whole is None, by
            continue
        assert whole is not None, by
        assert whole.to_dict() == tally_casualties(loaded, list(loaded.events), by).to_dict(), by
    assert tally_whole(loaded, "month") is None  # not a cache's events: the caller totals the rows
