"""Orchestrates validation: read every file, check each record, then the rules across files."""

from __future__ import annotations

from pathlib import Path

from . import integrity
from .dataset import Dataset
from .fsutil import ENV_DATA_DIR as ENV_DATA_DIR  # re-exported: defined here first
from .fsutil import default_data_dir as default_data_dir
from .loading import DATA_FILES, LoadedFile, load_file
from .models import Infobox
from .result import DataError, ValidationResult
from .rows import ActorRow, EventRow, PlaceRow, SourceRow, gc_paused


def check(data_dir: Path | None = None, overrides: dict[str, Path] | None = None) -> tuple[ValidationResult, Dataset | None]:
    """Validate a data folder; ``overrides`` swaps single files in (``{"events.yaml": path}``).

    Returns every problem found, and the dataset when there were none.
    """
    result, dataset, _ = check_with_digests(data_dir, overrides)
    return result, dataset


def check_with_digests(data_dir: Path | None = None, overrides: dict[str, Path] | None = None) -> tuple[ValidationResult, Dataset | None, dict[str, str | None]]:
    """:func:`check`, plus the SHA-256 of the bytes each file was read as (None where unreadable).

    The digests are of exactly what was validated, so a cache keyed by them can never pair
    records with a different version of a file, even one changed during the check.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    overrides = overrides or {}
    with gc_paused():
        loaded: dict[str, LoadedFile] = {kind: load_file(overrides.get(kind, folder / kind), kind) for kind in DATA_FILES}
        for kind in ("places.yaml", "actors.yaml", "sources.yaml", "events.yaml"):
            integrity.check_unique_ids(loaded[kind])
        for kind in ("places.yaml", "actors.yaml", "sources.yaml"):
            integrity.check_unique_names(loaded[kind])
        integrity.check_references(
            loaded["places.yaml"], loaded["actors.yaml"], loaded["sources.yaml"], loaded["events.yaml"], loaded["infobox.yaml"]
        )
    digests = {kind: item.digest for kind, item in loaded.items()}
    for item in loaded.values():
        item.release()
    result = ValidationResult()
    for item in loaded.values():
        for problem in item.problems:
            result.add(problem)
    events = [r for r in loaded["events.yaml"].records if isinstance(r, EventRow)]
    result.counts = {
        "events": len(events),
        "claims": sum(len(e.claims) for e in events),
        "places": len(loaded["places.yaml"].records),
        "actors": len(loaded["actors.yaml"].records),
        "sources": len(loaded["sources.yaml"].records),
    }
    if not result.ok:
        return result, None, digests
    infobox = loaded["infobox.yaml"].records[0]
    assert isinstance(infobox, Infobox)
    dataset = Dataset.build(
        events,
        [r for r in loaded["places.yaml"].records if isinstance(r, PlaceRow)],
        [r for r in loaded["actors.yaml"].records if isinstance(r, ActorRow)],
        [r for r in loaded["sources.yaml"].records if isinstance(r, SourceRow)],
        infobox,
    )
    return result, dataset, digests


def load(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate the dataset; raise :class:`DataError` listing every problem if invalid."""
    result, dataset = check(Path(data_dir) if data_dir is not None else None)
    if dataset is None:
        raise DataError(result)
    return dataset
