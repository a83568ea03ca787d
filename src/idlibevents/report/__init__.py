"""``idlib report``: one self-contained HTML page (map, timeline, table) or a static SVG map.

- :mod:`.data` computes everything the page shows (the periods and the totals of every run
  of them, by the library's own counting rules, and each event's record);
- :mod:`.svgmap` draws the map as SVG (boundaries, towns, markers, legend);
- :mod:`.page` fills ``static/template.html`` with the map, the data as escaped JSON, the
  hand-written ``static/report.js`` and ``static/report.css``.

The boundaries (``boundaries/``) are Natural Earth's, public domain; see boundaries/README.md.
Nothing here writes a file: the command does, atomically.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..dataset import Dataset
from ..query import Filters
from ..vocab import DATA_FILES
from .data import report_data
from .page import render_html, render_svg

__all__ = ["build_report", "data_version", "render_html", "render_svg", "report_data"]

DEFAULT_TITLE = "Idlib Governorate clashes, 2011–2012"


def data_version(folder: Path) -> str:
    """The package version and a digest of the data files, so a reader knows what a page shows."""
    from .. import __version__

    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = folder / name
        digest.update(name.encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return f"idlibevents {__version__}, data sha256 {digest.hexdigest()[:12]}"


def build_report(dataset: Dataset, filters: Filters, *, fmt: str = "html", title: str = DEFAULT_TITLE, version: str = "") -> tuple[str, dict[str, object]]:
    """The page (``fmt`` ``html``) or the map (``svg``) for the selected events, and its data."""
    data = report_data(dataset, filters, title=title, version=version)
    if fmt == "svg":
        return render_svg(data, dataset), data
    if fmt != "html":
        raise ValueError(f"unknown report format {fmt!r}; choose html or svg")
    return render_html(data, dataset), data
