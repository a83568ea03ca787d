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
WIDTH, MAP_HEIGHT, LEGEND_HEIGHT = 760.0, 740.0, 96.0
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
    """The strip under the map: colours by type, sizes, precision, then the attribution."""
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
    out.append(f'<text class="legend-title" x="{left:.0f}" y="16">Where</text>')
    out.append(f'<circle cx="{left + 6:.0f}" cy="28" r="5" fill="#888" fill-opacity="0.8" stroke="#222" stroke-width="0.6"/>')
    out.append(f'<text x="{left + 16:.0f}" y="32">{text("filled: at the event’s own place")}</text>')
    out.append(f'<circle cx="{left + 6:.0f}" cy="42" r="5" fill="#888" fill-opacity="0.12" stroke="#222" stroke-width="1.2" stroke-dasharray="2 1.5"/>')
    out.append(f'<text x="{left + 16:.0f}" y="46">{text("hollow: near it, or the point of an")}</text>')
    out.append(f'<text x="{left + 16:.0f}" y="59">{text("area, district or the governorate")}</text>')
    out.append(f'<text class="attribution" x="10" y="{LEGEND_HEIGHT - 10:.0f}">{text(ATTRIBUTION)}</text>')
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
#map-root .town-label{fill:#333;paint-order:stroke;stroke:#fff;stroke-width:2.5px;stroke-linejoin:round}
#map-root .area-label{font-style:italic;fill:#666}
#map-root .marker{stroke:#222;stroke-width:0.7;vector-effect:non-scaling-stroke;cursor:pointer}
#map-root .marker.exact{fill-opacity:0.78}
#map-root .marker.approx{fill-opacity:0.12;stroke-width:1.4;stroke-dasharray:3 2}
#map-root .legend-box{fill:#fff;stroke:#ddd}
#map-root #legend text{font-size:11px}
#map-root #legend .legend-title{font-weight:600}
#map-root .stack-count{font-weight:600;fill:#333;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;pointer-events:none}
#map-root .attribution{font-size:10px;fill:#555}
"""


def _towns(dataset: Dataset, scale: float) -> list[str]:
    """A dot and a label per place with a point; a label that would overlap one of higher rank is hidden.

    The page's script repeats the test with the real text sizes after every zoom, so hidden
    labels come back as room appears; the estimate here serves the first view and the SVG file.
    """
    places = [p for p in dataset.places.values() if p.latitude is not None and p.longitude is not None and p.kind in LABELLED_KINDS]
    places.sort(key=lambda p: (LABEL_RANK[p.kind], p.name))
    kept: list[tuple[float, float, float, float]] = []
    dots, labels = [], []
    for place in places:
        assert place.latitude is not None and place.longitude is not None
        x, y = project(place.longitude, place.latitude)
        area = place.kind in ("area", "road")
        if not area:
            dots.append(f'<circle class="town scaled-r" data-r="1.8" cx="{x:.1f}" cy="{y:.1f}" r="{1.8 * scale:.2f}"/>')
        size = 11 * scale
        box = (x + 4 * scale, y - 3 * scale - 0.8 * size, x + 4 * scale + 0.56 * size * len(place.name), y - 3 * scale + 0.25 * size)
        clash = any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in kept)
        if not clash:
            kept.append(box)
        cls = "town-label area-label" if area else "town-label"
        hidden = ' visibility="hidden"' if clash else ""
        labels.append(
            f'<text class="{cls} scaled" data-rank="{LABEL_RANK[place.kind]}" data-size="11" data-dx="4" data-dy="-3" x="{x + 4 * scale:.1f}" y="{y - 3 * scale:.1f}" data-x="{x:.1f}" data-y="{y:.1f}" font-size="{size:.2f}" data-place-id="{text(place.id)}"{hidden}>{text(place.name)}</text>'
        )
    return dots + labels


def map_svg(dataset: Dataset, markers: Sequence[Marker], *, title: str, standalone: bool) -> str:
    """The map: an ``<svg>`` element, or with ``standalone`` a complete SVG document."""
    geo = boundaries()
    points = [(m.longitude, m.latitude) for m in markers]
    vx, vy, vw, vh = view_box(points, geo)
    scale = vw / WIDTH  # map units per screen unit in the first view
    out: list[str] = []
    if standalone:
        out.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="map-root" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" width="{WIDTH:.0f}" height="{HEIGHT:.0f}" role="img" aria-labelledby="map-title">'
    )
    out.append(f'<title id="map-title">{text(title)}: map of the events</title>')
    out.append(f"<style>{_STYLE}</style>")
    out.append(f'<rect class="sea" x="0" y="0" width="{WIDTH:.0f}" height="{MAP_HEIGHT:.0f}"/>')
    out.append(
        f'<svg id="map-view" x="0" y="0" width="{WIDTH:.0f}" height="{MAP_HEIGHT:.0f}" viewBox="{vx} {vy} {vw} {vh}" data-home="{vx} {vy} {vw} {vh}" preserveAspectRatio="xMidYMid meet">'
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
    out.append('<g id="towns">')
    out.extend(_towns(dataset, scale))
    out.append("</g>")
    out.append('<g id="markers">')
    stacks: dict[str, list[Marker]] = {}
    # Largest first, so that a small marker on the same point stays visible and clickable.
    for m in sorted(markers, key=lambda m: (-m.best, m.event)):
        x, y = project(m.longitude, m.latitude)
        point = f"{x:.1f},{y:.1f}"
        stacks.setdefault(point, []).append(m)
        r = marker_radius(m.best)
        cls = "marker exact" if m.exact else "marker approx"
        out.append(
            f'<circle class="{cls}" data-event-id="{text(m.event)}" data-point="{point}" data-r="{r}" cx="{x:.1f}" cy="{y:.1f}" r="{r * scale:.2f}" fill="{TYPE_COLOURS[m.event_type]}"><title>{text(m.title)}</title></circle>'
        )
    out.append("</g>")
    # Many events share one point (those known only to the governorate, for one): say how many.
    out.append('<g id="stack-counts">')
    for point, stack in sorted(stacks.items()):
        if len(stack) < 2:
            continue
        sx, sy = (float(v) for v in point.split(","))
        reach = max(marker_radius(m.best) for m in stack)
        out.append(
            f'<text class="stack-count scaled" data-point="{point}" data-size="11" data-x="{sx:.1f}" data-y="{sy:.1f}" data-dx="0" data-dy="{reach + 11}" text-anchor="middle" x="{sx:.1f}" y="{sy + (reach + 11) * scale:.1f}" font-size="{11 * scale:.2f}">{len(stack)} events</text>'
        )
    out.append("</g></svg>")
    out.extend(_legend([t for t in TYPE_COLOURS if any(m.event_type == t for m in markers)]))
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
        out.append(Marker(record["id"], loc["longitude"], loc["latitude"], record["type"], best, loc["exact"], title))
    return out
