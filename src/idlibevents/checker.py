"""Orchestrates validation: read every file, check each record, then the rules across files."""

from __future__ import annotations

import os
from pathlib import Path

from . import integrity
from .dataset import Dataset
from .loading import DATA_FILES, LoadedFile, load_file
from .models import Actor, Event, Infobox, Place, Source
from .result import DataError, ValidationResult

ENV_DATA_DIR = "IDLIB_DATA_DIR"


def default_data_dir() -> Path:
    """Where the data is when no folder is given: ``$IDLIB_DATA_DIR``, else the installed copy.

    A wheel carries the data inside the package; an editable install of a checkout
    finds the repository's own ``data/`` folder instead.
    """
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    packaged = Path(__file__).parent / "data"
    if (packaged / "events.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def check(data_dir: Path | None = None, overrides: dict[str, Path] | None = None) -> tuple[ValidationResult, Dataset | None]:
    """Validate a data folder; ``overrides`` swaps single files in (``{"events.yaml": path}``).

    Returns every problem found, and the dataset when there were none.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    overrides = overrides or {}
    loaded: dict[str, LoadedFile] = {kind: load_file(overrides.get(kind, folder / kind), kind) for kind in DATA_FILES}
    for kind in ("places.yaml", "actors.yaml", "sources.yaml", "events.yaml"):
        integrity.check_unique_ids(loaded[kind])
    for kind in ("places.yaml", "actors.yaml", "sources.yaml"):
        integrity.check_unique_names(loaded[kind])
    integrity.check_references(
        loaded["places.yaml"], loaded["actors.yaml"], loaded["sources.yaml"], loaded["events.yaml"], loaded["infobox.yaml"]
    )
    result = ValidationResult()
    for item in loaded.values():
        for problem in item.problems:
            result.add(problem)
    events = [r for r in loaded["events.yaml"].records if isinstance(r, Event)]
    result.counts = {
        "events": len(events),
        "claims": sum(len(e.claims) for e in events),
        "places": len(loaded["places.yaml"].records),
        "actors": len(loaded["actors.yaml"].records),
        "sources": len(loaded["sources.yaml"].records),
    }
    if not result.ok:
        return result, None
    infobox = loaded["infobox.yaml"].records[0]
    assert isinstance(infobox, Infobox)
    dataset = Dataset.build(
        events,
        [r for r in loaded["places.yaml"].records if isinstance(r, Place)],
        [r for r in loaded["actors.yaml"].records if isinstance(r, Actor)],
        [r for r in loaded["sources.yaml"].records if isinstance(r, Source)],
        infobox,
    )
    return result, dataset


def load(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate the dataset; raise :class:`DataError` listing every problem if invalid."""
    result, dataset = check(Path(data_dir) if data_dir is not None else None)
    if dataset is None:
        raise DataError(result)
    return dataset
