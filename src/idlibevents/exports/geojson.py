"""GeoJSON export: one RFC 7946 feature per event, for QGIS, Leaflet, geopandas and the like.

Each event is one feature at its mapping location (:mod:`idlibevents.location`), so summing a
deaths property over the features never counts a death twice: the deaths are the event's,
after the aggregate rule within the export, exactly as ``idlib casualties`` counts them. An
event with no point at all (known only to the country) is still a feature, with a ``null``
geometry as RFC 7946 allows, so that the totals stay whole; GIS tools list it without drawing it.

Properties are flat scalars (text, numbers, booleans) that GIS attribute tables show as
columns; lists are joined with "; ". The full record (as ``idlib export json`` writes it) is
one more property, ``record``, holding it as a JSON string.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from ..dataset import Dataset
from ..rows import AnyEvent
from .common import where
from .flat import event_records
from .tables import LICENCE, TITLE

#: The properties of every feature, in order (docs/exports.md describes each).
GEOJSON_PROPERTIES = (
    "id",
    "date",
    "date_start",
    "date_end",
    "event_type",
    "sub_event_type",
    "place",
    "place_name",
    "places",
    "place_names",
    "other_places",
    "where_prec",
    "geo_precision",
    "location_reason",
    "actors",
    "deaths_low",
    "deaths_best",
    "deaths_high",
    "sources",
    "unverified",
    "summary",
    "record",
)


def geojson_features(dataset: Dataset, events: Sequence[AnyEvent]) -> list[dict[str, Any]]:
    """One feature per event: its mapping point (or a null geometry) and flat properties."""
    records = event_records(dataset, events)
    features: list[dict[str, Any]] = []
    for event, record in zip(events, records, strict=True):
        point = where(dataset, event)
        located = point.latitude is not None and point.longitude is not None
        used = point.place.id if point.place is not None else None
        deaths = record["derived"]["deaths"]
        properties = {
            "id": event.id,
            "date": event.date,
            "date_start": record["derived"]["date_start"],
            "date_end": record["derived"]["date_end"],
            "event_type": event.event_type.value,
            "sub_event_type": event.sub_event_type,
            "place": used,
            "place_name": point.place.name if point.place is not None else None,
            "places": "; ".join(event.places),
            "place_names": "; ".join(dataset.places[p].name for p in event.places),
            "other_places": "; ".join(p for p in event.places if p != used),
            "where_prec": point.where_prec,
            "geo_precision": point.geo_precision,
            "location_reason": point.reason,
            "actors": "; ".join(f"{a.actor}:{a.role}" for a in event.actors),
            "deaths_low": deaths["low"],
            "deaths_best": deaths["best"],
            "deaths_high": deaths["high"],
            "sources": "; ".join(sorted(event.sources())),
            "unverified": bool(event.unverified),
            "summary": event.summary,
            "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
        }
        geometry = {"type": "Point", "coordinates": [point.longitude, point.latitude]} if located else None
        features.append({"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties})
    return features


def to_geojson(dataset: Dataset, events: Sequence[AnyEvent], warn: bool = True) -> tuple[str, list[str]]:
    """An RFC 7946 FeatureCollection of the events, and the ids of those with no point (null geometry).

    The collection's ``metadata`` member names the dataset, its version and licence (RFC 7946
    lets a collection carry members of its own; readers ignore it).
    """
    from .. import __version__

    features = geojson_features(dataset, events)
    unplaced = [f["id"] for f in features if f["geometry"] is None]
    if warn and unplaced:
        print(f"{len(unplaced)} event(s) have no point and have a null geometry in the GeoJSON: {', '.join(unplaced)}", file=sys.stderr)
    collection = {
        "type": "FeatureCollection",
        "metadata": {"title": TITLE, "dataset_version": __version__, "license": LICENCE},
        "features": features,
    }
    return json.dumps(collection, indent=2, ensure_ascii=False) + "\n", unplaced
