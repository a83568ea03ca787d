"""The map as plain SVG, written here: boundaries, towns, one marker per placed event, legend.

The same drawing is the map of the HTML page (whose script only zooms, pans and dims
markers) and the static ``idlib report --format svg`` file, so the two cannot differ.

The projection is equirectangular with longitudes scaled by the cosine of 36 degrees north,
which is true to within 1% across the Idlib region. The outer ``<svg>`` has fixed
coordinates for the legend and the attribution; the map itself is a nested ``<svg
id="map-view">`` whose ``viewBox`` the page's script changes to zoom and pan. Marker radii and
label sizes are in screen units (``data-r``) and are rescaled by the script on zoom.

Every string from the data or the boundaries file is escaped for XML (and so for HTML).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

from ..dataset import Dataset
from .data import TYPE_COLOURS, WHERE_PREC_WORDS

#: Size of the map in SVG units (pixels at 100%), and of the legend strip below it.
WIDTH, MAP_HEIGHT, LEGEND_HEIGHT = 760.0, 740.0, 124.0
#: Height of the heading of a standalone SVG map (title, filters, version, events without a point).
HEADER_HEIGHT = 76.0
HEIGHT = MAP_HEIGHT + LEGEND_HEIGHT
#: Extent of the boundaries file (see boundaries/README.md), in degrees.
WEST, EAST, SOUTH, NORTH = 35.5, 37.9, 34.9, 37.0
#: Map units per degree of latitude; longitudes are scaled by cos(36 degrees).
SCALE = 400.0
_COS = math.cos(math.radians(36.0))

#: Kinds of place whose points are drawn and labelled (a country or governorate is drawn as a boundary).
#: Their order when labels collide: a city's label wins over a village's.
LABEL_RANK: dict[str, int] = {"city": 0, "town": 1, "crossing": 2, "camp": 2, "area": 3, "village": 4, "road": 5, "site": 5}
LABELLED_KINDS = frozenset(LABEL_RANK)

ATTRIBUTION = "Boundaries: Natural Earth (public domain). Events: idlibevents, from Wikipedia, CC BY-SA 4.0."

_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: object) -> str:
    """A string as XML/HTML text or attribute value: escaped, characters XML forbids replaced."""
    return escape(_BAD_XML.sub("\ufffd", str(value)), quote=True)


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Map units of a point: x east from 35.5 E, y south from 37 N."""
    return (longitude - WEST) * SCALE * _COS, (NORTH - latitude) * SCALE


def marker_radius(best_deaths: int) -> float:
    """Screen radius of a marker: area grows with the best-estimate deaths, 3 px for none."""
    return round(3.0 + 1.6 * math.sqrt(max(0, best_deaths)), 1)


@dataclass(frozen=True)
class Marker:
    event: str
    longitude: float
    latitude: float
    event_type: str
    best: int
    exact: bool
    title: str
    place: str | None = None  # the id of the place whose point is used
    region: bool = False  # the point stands for an area or the governorate, not a place


def boundaries() -> dict[str, Any]:
    """The shipped Natural Earth admin-0/admin-1 outlines around Idlib (GeoJSON)."""
    path = resources.files("idlibevents.report").joinpath("boundaries/idlib-region-admin1.geojson")
    value: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return value


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _path(rings: Iterable[Sequence[Sequence[float]]]) -> str:
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float]:
    """Area centroid of a ring (shoelace formula), in degrees: where a province's name goes."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return ring[0][0], ring[0][1]
    return cx / (3 * area), cy / (3 * area)


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))) / 2


def view_box(points: Sequence[tuple[float, float]], geo: dict[str, Any]) -> tuple[float, float, float, float]:
    """The first view: Idlib province and every marker, with a margin, at the map's aspect ratio.

    The province is always in view, so that even a page of one village shows where it lies
    (the border with Turkey, the neighbouring governorates).
    """
    idlib = [f for f in geo["features"] if f["properties"].get("iso_3166_2") == "SY-ID"]
    province = [(lon, lat) for f in idlib for ring in _rings(f["geometry"]) for lon, lat in ring]
    points = [*points, *province] or [(WEST, SOUTH), (EAST, NORTH)]
    xs = [project(lon, lat)[0] for lon, lat in points]
    ys = [project(lon, lat)[1] for lon, lat in points]
    margin = 30.0
    x0, x1, y0, y1 = min(xs) - margin, max(xs) + margin, min(ys) - margin, max(ys) + margin
    w, h = max(x1 - x0, 120.0), max(y1 - y0, 120.0)
    aspect = WIDTH / MAP_HEIGHT
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return round(cx - w / 2, 1), round(cy - h / 2, 1), round(w, 1), round(h, 1)


def _legend(types: Sequence[str]) -> list[str]:
    """The strip under the map: colours by type, sizes, the three kinds of point, then the attribution."""
    out = [f'<g id="legend" transform="translate(0,{MAP_HEIGHT:.0f})">']
    out.append(f'<rect class="legend-box" x="0" y="0" width="{WIDTH:.0f}" height="{LEGEND_HEIGHT:.0f}"/>')
    out.append('<text class="legend-title" x="10" y="16">Event type (ACLED)</text>')
    for k, name in enumerate(types):
        column, line = 10 + 180 * (k // 3), 32 + 14 * (k % 3)
        out.append(f'<circle cx="{column + 6}" cy="{line - 4}" r="5" fill="{TYPE_COLOURS[name]}" fill-opacity="0.8" stroke="#222" stroke-width="0.6"/>')
        out.append(f'<text x="{column + 16}" y="{line}">{text(name)}</text>')
    left: float = 10 + 180 * max(1, (len(types) + 2) // 3) + 10
    out.append(f'<text class="legend-title" x="{left}" y="16">Size: deaths (best)</text>')
    x = float(left)
    for deaths in (0, 10, 100):
        r = marker_radius(deaths)
        out.append(f'<circle cx="{x + r:.1f}" cy="{64 - r:.1f}" r="{r}" fill="#888" fill-opacity="0.5" stroke="#222" stroke-width="0.6"/>')
        out.append(f'<text x="{x + 2 * r + 3:.1f}" y="64">{deaths}</text>')
        x += 2 * r + 30
    left = max(left + 165, x + 6)
    out.append(f'<text class="legend-title" x="{left:.0f}" y="16">Saraqib (5)</text>')
    out.append(f'<text x="{left:.0f}" y="32">{text("5 events at one point:")}</text>')
    out.append(f'<text x="{left:.0f}" y="46">{text("click it for their list")}</text>')
    out.append('<text class="legend-title" x="10" y="84">Where</text>')
    out.append('<circle cx="62" cy="80" r="5" fill="#888" fill-opacity="0.8" stroke="#222" stroke-width="0.6"/>')
    out.append(f'<text x="72" y="84">{text("filled: at the event’s own place")}</text>')
    out.append('<circle cx="272" cy="80" r="5" fill="#888" fill-opacity="0.12" stroke="#222" stroke-width="1.2" stroke-dasharray="2 1.5"/>')
    out.append(f'<text x="282" y="84">{text("hollow, dashed: near a place, or at a place containing the event’s own")}</text>')
    out.append('<rect class="region-point" x="56" y="93" width="12" height="12"/>')
    out.append(f'<text x="72" y="103">{text("square: the point of an area or of the governorate, standing for events whose place is not known more precisely")}</text>')
    out.append(f'<text class="attribution" x="10" y="{LEGEND_HEIGHT - 8:.0f}">{text(ATTRIBUTION)}</text>')
    out.append("</g>")
    return out


_STYLE = """
#map-root text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:#222}
#map-root .sea{fill:#dbe9f4}
#map-root .land-SYR{fill:#f4f1ea}
#map-root .land-TUR{fill:#e9e6e0}
#map-root .admin1{fill:none;stroke:#9a948a;stroke-width:0.8;stroke-dasharray:4 3;vector-effect:non-scaling-stroke}
#map-root .admin1-SY-ID{fill:#fffdf6;fill-opacity:0.7}
#map-root .admin0{fill:none;stroke:#555;stroke-width:1.6;vector-effect:non-scaling-stroke}
#map-root .province-label{fill:#8a8478;font-style:italic;text-anchor:middle}
#map-root .town{fill:#333}
#map-root .label{fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;pointer-events:none}
#map-root .label.with-events{font-weight:600}
#map-root .area-label{font-style:italic;fill:#555}
#map-root .label .label-note{font-weight:400;font-style:italic}
#map-root .region-point{fill:#fff;fill-opacity:0.55;stroke:#444;stroke-width:1.3;stroke-dasharray:1 2.5;stroke-linecap:round;vector-effect:non-scaling-stroke;cursor:pointer}
#map-root .marker{stroke:#222;stroke-width:0.7;vector-effect:non-scaling-stroke;cursor:pointer}
#map-root .marker.exact{fill-opacity:0.78}
#map-root .marker.approx{fill-opacity:0.12;stroke-width:1.4;stroke-dasharray:3 2}
#map-root .marker.region{fill-opacity:0.3;stroke-dasharray:1 2}
#map-root .legend-box{fill:#fff;stroke:#ddd}
#map-root #legend text{font-size:11px}
#map-root #legend .legend-title{font-weight:600}
#map-root .attribution{font-size:10px;fill:#555}
#map-root #print-header .print-title{font-size:16px;font-weight:700}
#map-root #print-header text{font-size:11px}
"""

#: Where a label may go around its point, tried in this order (dx and dy: -1, 0 or 1).
_SPOTS: tuple[tuple[int, int], ...] = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
LABEL_SIZE = 11.0
#: The second line of the label of an area's or the governorate's point.
REGION_NOTE = "(place not known more precisely)"

Box = tuple[float, float, float, float]


def label_lines(name: str, count: int, region: bool) -> list[str]:
    """What a point's label says: ``Saraqib (5)``; ``Idlib Governorate: 67`` over the note for a region's point.

    The page's script writes the same text for the events of a selection (report.js ``labelLines``).
    """
    if region and count:
        return [f"{name}: {count}", REGION_NOTE]
    return [f"{name} ({count})" if count > 1 else name]


def _spot_box(x: float, y: float, reach: float, spot: tuple[int, int], lines: Sequence[str], scale: float) -> tuple[float, float, str, Box]:
    """Anchor point, text-anchor and estimated box of a label put at ``spot`` around ``(x, y)``."""
    size = LABEL_SIZE * scale
    width = 0.58 * size * max(len(line) for line in lines)
    height = size * (1.1 * (len(lines) - 1) + 1.05)
    gap = reach * scale
    sx, sy = spot
    ax = x + sx * gap * (0.75 if sy else 1.0)
    anchor = "start" if sx > 0 else "end" if sx < 0 else "middle"
    left = ax if sx > 0 else ax - width if sx < 0 else ax - width / 2
    if sy < 0:
        top = y - gap * (0.75 if sx else 1.0) - height
    elif sy > 0:
        top = y + gap * (0.75 if sx else 1.0)
    else:
        top = y - height / 2
    baseline = top + 0.8 * size
    return ax, baseline, anchor, (left, top, left + width, top + height)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass
class _Label:
    place_id: str
    name: str
    kind: str
    x: float
    y: float
    point: str
    count: int
    reach: float
    region: bool


def _points_of(markers: Sequence[Marker]) -> dict[str, list[Marker]]:
    stacks: dict[str, list[Marker]] = {}
    for m in markers:
        x, y = project(m.longitude, m.latitude)
        stacks.setdefault(f"{x:.1f},{y:.1f}", []).append(m)
    return stacks


def _towns(dataset: Dataset, markers: Sequence[Marker], scale: float) -> tuple[list[str], list[str]]:
    """The towns' dots, and one label per point: its name, and how many events it holds.

    Labels of points with events come first (most events first), then by the kind of place (a
    city's before a village's). Each label is tried at eight spots around its point, offset by
    the largest marker there; it takes the first spot that overlaps no label already placed
    (for a point with events, the one over the fewest markers of other points); a place with no
    events whose label finds no free spot is hidden. The page's script repeats this with the
    real text sizes after every zoom and selection (report.js ``placeLabels``); this estimate
    serves the first view and the SVG file.
    """
    stacks = _points_of(markers)
    reach = {p: max(marker_radius(m.best) for m in ms) for p, ms in stacks.items()}
    holding = {m.place for m in markers if m.place is not None}
    regions = {m.place for m in markers if m.place is not None and m.region}
    labels: list[_Label] = []
    dots: list[str] = []
    for place in dataset.places.values():
        if place.latitude is None or place.longitude is None or (place.kind not in LABELLED_KINDS and place.id not in holding):
            continue
        x, y = project(place.longitude, place.latitude)
        point = f"{x:.1f},{y:.1f}"
        count = sum(1 for m in stacks.get(point, []) if m.place == place.id)
        if place.kind not in ("area", "road") and place.id not in regions:
            dots.append(f'<circle class="town" data-r="1.8" cx="{x:.1f}" cy="{y:.1f}" r="{1.8 * scale:.2f}"/>')
        labels.append(_Label(place.id, place.name, place.kind, x, y, point, count, reach.get(point, 1.8) + 3, place.id in regions))
    labels.sort(key=lambda lb: (lb.count == 0, -lb.count, LABEL_RANK.get(lb.kind, 0), lb.name))
    circles = [(f"{x:.1f},{y:.1f}", (x - r, y - r, x + r, y + r)) for m in markers for x, y in [project(m.longitude, m.latitude)] for r in [marker_radius(m.best) * scale]]
    kept: list[Box] = []
    out: list[str] = []
    for rank, lb in enumerate(labels):
        lines = label_lines(lb.name, lb.count, lb.region)
        chosen: tuple[float, float, str, Box] | None = None
        fewest = math.inf
        for spot in _SPOTS:
            ax, baseline, anchor, box = _spot_box(lb.x, lb.y, lb.reach, spot, lines, scale)
            if any(_overlaps(box, k) for k in kept):
                continue
            under = sum(1 for point, c in circles if point != lb.point and _overlaps(box, c))
            if under < fewest:
                chosen, fewest = (ax, baseline, anchor, box), under
            if not under:
                break
        hidden = chosen is None or (lb.count == 0 and fewest > 0)
        if chosen is None:
            chosen = _spot_box(lb.x, lb.y, lb.reach, _SPOTS[0], lines, scale)
        ax, baseline, anchor, box = chosen
        if not hidden:
            kept.append(box)
        cls = "label" + (" area-label" if lb.kind in ("area", "road") or lb.region else "") + (" with-events" if lb.count else "") + (" region-label" if lb.region else "")
        body = text(lines[0])
        if len(lines) > 1:
            body = f'<tspan class="line">{body}</tspan>' + "".join(f'<tspan class="label-note" x="{ax:.1f}" dy="1.1em">{text(line)}</tspan>' for line in lines[1:])
        region = ' data-region="1"' if lb.region else ""
        visibility = ' visibility="hidden"' if hidden else ""
        out.append(
            f'<text class="{cls}" data-place-id="{text(lb.place_id)}" data-name="{text(lb.name)}" data-point="{lb.point}" data-rank="{rank}" data-kind-rank="{LABEL_RANK.get(lb.kind, 0)}"'
            f'{region} data-x="{lb.x:.1f}" data-y="{lb.y:.1f}" data-size="{LABEL_SIZE:.0f}" x="{ax:.1f}" y="{baseline:.1f}" text-anchor="{anchor}"'
            f' font-size="{LABEL_SIZE * scale:.2f}"{visibility}>{body}</text>'
        )
    return dots, out


def _print_header(lines: Sequence[str]) -> list[str]:
    """The standalone SVG's heading: what a printed map needs to be read on its own."""
    out = ['<g id="print-header">', f'<rect class="legend-box" x="0" y="0" width="{WIDTH:.0f}" height="{HEADER_HEIGHT:.0f}"/>']
    for k, line in enumerate(lines):
        cls = ' class="print-title"' if k == 0 else ""
        out.append(f'<text{cls} x="10" y="{26 + 14 * k if k else 22}">{text(line)}</text>')
    out.append("</g>")
    return out


def map_svg(dataset: Dataset, markers: Sequence[Marker], *, title: str, standalone: bool, header: Sequence[str] = ()) -> str:
    """The map: an ``<svg>`` element, or with ``standalone`` a complete SVG document.

    A standalone map has a heading (``title`` and the ``header`` lines: filters, dataset
    version, how many events have no point), since on paper there is no page around it.
    """
    geo = boundaries()
    points = [(m.longitude, m.latitude) for m in markers]
    vx, vy, vw, vh = view_box(points, geo)
    scale = vw / WIDTH  # map units per screen unit in the first view
    top = HEADER_HEIGHT if standalone else 0.0
    out: list[str] = []
    if standalone:
        out.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="map-root" viewBox="0 0 {WIDTH:.0f} {HEIGHT + top:.0f}" width="{WIDTH:.0f}" height="{HEIGHT + top:.0f}" role="img" aria-labelledby="map-title">'
    )
    out.append(f'<title id="map-title">{text(title)}: map of the events</title>')
    out.append(f"<style>{_STYLE}</style>")
    if standalone:
        out.extend(_print_header([title, *header]))
    out.append(f'<rect class="sea" x="0" y="{top:.0f}" width="{WIDTH:.0f}" height="{MAP_HEIGHT:.0f}"/>')
    out.append(
        f'<svg id="map-view" x="0" y="{top:.0f}" width="{WIDTH:.0f}" height="{MAP_HEIGHT:.0f}" viewBox="{vx} {vy} {vw} {vh}" data-home="{vx} {vy} {vw} {vh}" preserveAspectRatio="xMidYMid meet">'
    )
    features = geo["features"]
    countries = [(text(f["properties"]["adm0_a3"]), _path(_rings(f["geometry"]))) for f in features if f["properties"].get("layer") == "admin0"]
    # Land first, the provinces' dashed outlines over it, the border on top of both.
    out.append('<g id="land">' + "".join(f'<path class="land-{code}" d="{d}"/>' for code, d in countries) + "</g>")
    out.append('<g id="provinces">')
    labels = []
    for f in features:
        p = f["properties"]
        if p.get("layer") != "admin1":
            continue
        code = text(p.get("iso_3166_2") or "")
        out.append(f'<path class="admin1 admin1-{code}" d="{_path(_rings(f["geometry"]))}"><title>{text(p["name"])}</title></path>')
        biggest = max(_rings(f["geometry"]), key=_ring_area)
        lon, lat = _centroid(biggest)
        x, y = project(lon, lat)
        labels.append(f'<text class="province-label scaled" data-size="13" x="{x:.1f}" y="{y:.1f}" font-size="{13 * scale:.2f}">{text(p["name"])}</text>')
    out.append("</g>")
    out.append('<g id="borders">' + "".join(f'<path class="admin0" d="{d}"/>' for _code, d in countries))
    out.append("</g>")
    out.append('<g id="province-labels">' + "".join(labels) + "</g>")
    dots, town_labels = _towns(dataset, markers, scale)
    out.append('<g id="towns">' + "".join(dots) + "</g>")
    stacks = _points_of(markers)
    # An area's or the governorate's point: a dotted square around its markers, so it does not read as a town.
    out.append('<g id="region-points">')
    for point, stack in sorted(stacks.items()):
        if not any(m.region for m in stack):
            continue
        sx, sy = (float(v) for v in point.split(","))
        half = max(marker_radius(m.best) for m in stack) + 3
        out.append(
            f'<rect class="region-point" data-point="{point}" data-half="{half}" data-x="{sx:.1f}" data-y="{sy:.1f}" x="{sx - half * scale:.2f}" y="{sy - half * scale:.2f}" width="{2 * half * scale:.2f}" height="{2 * half * scale:.2f}"/>'
        )
    out.append("</g>")
    out.append('<g id="markers">')
    # Largest first, so that a small marker on the same point stays visible and clickable.
    for m in sorted(markers, key=lambda m: (-m.best, m.event)):
        x, y = project(m.longitude, m.latitude)
        r = marker_radius(m.best)
        cls = "marker exact" if m.exact else "marker approx region" if m.region else "marker approx"
        out.append(
            f'<circle class="{cls}" data-event-id="{text(m.event)}" data-point="{x:.1f},{y:.1f}" data-r="{r}" cx="{x:.1f}" cy="{y:.1f}" r="{r * scale:.2f}" fill="{TYPE_COLOURS[m.event_type]}" tabindex="0"><title>{text(m.title)}</title></circle>'
        )
    out.append("</g>")
    # Labels over the markers, so no marker hides a name or a count.
    out.append('<g id="labels">' + "".join(town_labels) + "</g>")
    out.append("</svg>")
    legend = _legend([t for t in TYPE_COLOURS if any(m.event_type == t for m in markers)])
    if top:
        legend[0] = f'<g id="legend" transform="translate(0,{top + MAP_HEIGHT:.0f})">'
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def markers_of(data: dict[str, Any]) -> list[Marker]:
    """One marker per event of the report's data that has a point."""
    out = []
    for record in data["events"]:
        loc = record["location"]
        if loc["latitude"] is None or loc["longitude"] is None:
            continue
        low, best, high = record["deaths"]
        deaths = f"{best} deaths (low {low}, high {high})" if high else "no deaths counted"
        where = WHERE_PREC_WORDS.get(loc["where_prec"], "")
        title = f"{record['date_label']} · {record['sub_type']} · {', '.join(record['places'])} · {deaths} · location: {where}"
        out.append(Marker(record["id"], loc["longitude"], loc["latitude"], record["type"], best, loc["exact"], title, loc["place_id"], loc["region"]))
    return out
