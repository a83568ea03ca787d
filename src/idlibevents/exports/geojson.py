"""GeoJSON export: the events as an RFC 7946 FeatureCollection for QGIS, Leaflet and geopandas."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from ..dataset import Dataset
from ..rows import AnyEvent
from .flat import event_records


def to_geojson(dataset: Dataset, events: Sequence[AnyEvent], warn: bool = True) -> tuple[str, list[str]]:
    """An RFC 7946 FeatureCollection: one Point feature per event and sourced place.

    Events none of whose places has sourced coordinates are not placed anywhere; their
    ids are returned (and by the CLI listed on stderr) instead of a guessed point.
    """
    records = {r["id"]: r for r in event_records(dataset, events)}
    features: list[dict[str, Any]] = []
    unplaced: list[str] = []
    for event in events:
        placed = False
        for pid in event.places:
            place = dataset.places[pid]
            if place.latitude is None or place.longitude is None:
                continue
            placed = True
            properties = dict(records[event.id])
            properties["place"] = pid
            properties["place_name"] = place.name
            properties["coordinates_source"] = place.coordinates_source
            features.append(
                {
                    "type": "Feature",
                    "id": f"{event.id}@{pid}",
                    "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                    "properties": properties,
                }
            )
        if not placed:
            unplaced.append(event.id)
    if warn and unplaced:
        print(f"{len(unplaced)} event(s) have no place with sourced coordinates and are not in the GeoJSON: {', '.join(unplaced)}", file=sys.stderr)
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, indent=2, ensure_ascii=False) + "\n", unplaced
