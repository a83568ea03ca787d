"""Shared fixtures: the shipped data, a CLI runner with a fixed terminal width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

import idlibevents
from idlibevents.dataset import Dataset

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# No Hypothesis deadline anywhere: on a loaded machine a slow example is not a failure.
# Speed is measured in bench/, never in tests. (Tests that set their own settings say deadline=None too.)
settings.register_profile("idlib", deadline=None)
settings.load_profile("idlib")

#: Rich reads COLUMNS; a fixed width keeps tables identical on every machine.
CLI_ENV = {"COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb", "IDLIB_DATA_DIR": str(DATA)}


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests' cache files out of the user's ~/.cache (tests of the cache set their own)."""
    import os

    previous = os.environ.get("IDLIB_CACHE_DIR")
    os.environ["IDLIB_CACHE_DIR"] = str(tmp_path_factory.mktemp("idlib-cache"))
    yield
    if previous is None:
        os.environ.pop("IDLIB_CACHE_DIR", None)
    else:
        os.environ["IDLIB_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return idlibevents.load(DATA)


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    return CliRunner(env=CLI_ENV)
