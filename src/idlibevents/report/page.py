"""The HTML page: the template with the map, the data, the script and the styles inlined.

Nothing is fetched when the page opens: the Content-Security-Policy of the template
(``default-src 'none'``) makes any request fail, so a future slip shows as a console error
in the browser tests rather than as a silent download.

Safety of inlined content:

- the data goes into ``<script type="application/json">`` through :func:`script_json`,
  which escapes ``<``, ``>``, ``&``, U+2028 and U+2029, so no string can close the script
  element or break a parser;
- the map is SVG written by :mod:`.svgmap`, which escapes every string;
- the script puts data on the page only with ``textContent`` and attributes, never as markup;
- the header's few strings are escaped here.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from ..dataset import Dataset
from .svgmap import map_svg, markers_of, text

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

LICENCES = (
    "Event data: idlibevents, built from the Wikipedia article “Idlib Governorate clashes (September 2011 – March 2012)”, "
    "CC BY-SA 4.0. Boundaries: Natural Earth 1:10m admin-1, public domain. Page script and styles: idlibevents, MIT."
)

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TO_ESCAPE = re.compile("[<>&\u2028\u2029]")
_SLOT = re.compile(r"\{\{(\w+)\}\}")


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element of an HTML page.

    Those five characters can only occur inside JSON strings, where ``\\uXXXX`` means the same,
    so ``JSON.parse`` reads the very same value.
    """
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _TO_ESCAPE.sub(lambda m: _ESCAPES[m.group()], raw)


def asset(name: str) -> str:
    """A file of ``report/static`` (the template, the script, the styles), as text."""
    return resources.files("idlibevents.report").joinpath("static", name).read_text(encoding="utf-8")


def _fill(template: str, slots: dict[str, str]) -> str:
    """Put each slot's text in place, in one pass: inserted text is never scanned for slots."""
    return _SLOT.sub(lambda m: slots[m.group(1)], template)


def render_html(data: dict[str, Any], dataset: Dataset) -> str:
    """The whole page for the report's ``data`` (see :func:`.data.report_data`)."""
    script, style = asset("report.js"), asset("report.css")
    if re.search(r"</script", script, re.I) or re.search(r"</style", style, re.I):  # pragma: no cover - a packaging mistake
        raise ValueError("report.js or report.css contains a closing tag and cannot be inlined")
    counts = data["counts"]
    filters = " ".join(data["filters"]) or "none (every event)"
    slots = {
        "csp": text(CSP),
        "title": text(data["title"]),
        "filters": text(filters),
        "version": text(data["version"]),
        "counts": text(f"{counts['events']} events, {counts['placed']} on the map, {counts['unplaced']} without a point; {counts['claims']} claims"),
        "licences": text(LICENCES),
        "style": style,
        "map": map_svg(dataset, markers_of(data), title=data["title"], standalone=False),
        "data": script_json(data),
        "script": script,
    }
    return _fill(asset("template.html"), slots)


def print_header(data: dict[str, Any]) -> list[str]:
    """The lines under the title of a standalone map: what a printed map must say about itself."""
    counts = data["counts"]
    filters = " ".join(data["filters"]) or "none (every event)"
    dated = f"; days {data['days'][0]} to {data['days'][1]}" if data.get("days") else ""
    unplaced = counts["unplaced"]
    missing = f"{unplaced} event{'s' if unplaced != 1 else ''} without a point {'are' if unplaced != 1 else 'is'} not shown" if unplaced else "every event has a point"
    return [
        f"Filters: {filters}{dated}",
        f"Dataset: {data['version']}" if data["version"] else "Dataset: (version not given)",
        f"{counts['events']} events, {counts['placed']} on the map; {missing}.",
    ]


def render_svg(data: dict[str, Any], dataset: Dataset) -> str:
    """The map alone, as a standalone SVG document, with a heading for print."""
    return map_svg(dataset, markers_of(data), title=data["title"], standalone=True, header=print_header(data))
