"""Events as records and files for other tools: JSON, JSON Lines, CSV, YAML, GeoJSON, ids.

Each writer is a plain function from events to text so that tests and users can call it;
``idlib query --format`` and ``idlib export`` only choose which one. Every spreadsheet-bound
cell goes through :func:`safe_cell`, so no value can run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from typing import Any

from .dataset import Dataset
from .models import Event
from .tally import deaths_by_event

#: Cells that a spreadsheet would run as a formula start with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def event_record(dataset: Dataset, event: Event, deaths: dict[str, int] | None = None) -> dict[str, Any]:
    """One event with every field, plus the derived dates and best death figures.

    This is what ``--format json`` prints; ``derived`` holds what the library computes
    (the date span, its UCDP/ACLED precision, and deaths after the aggregate rule).
    """
    record = event.model_dump(mode="json")
    span = event.span
    record["derived"] = {
        "date_start": span.earliest.isoformat(),
        "date_end": span.latest.isoformat(),
        "date_precision_ucdp": int(span.ucdp_date_prec),
        "time_precision_acled": int(span.acled_time_precision),
        "deaths": deaths if deaths is not None else _deaths_of(event),
    }
    return record


def _deaths_of(event: Event) -> dict[str, int]:
    figure = deaths_by_event([event])[event.id]
    return {"low": figure.low, "best": figure.best, "high": figure.high}


def event_records(dataset: Dataset, events: list[Event]) -> list[dict[str, Any]]:
    """:func:`event_record` for each event, deaths computed with aggregates in the selection."""
    deaths = deaths_by_event(events)
    return [event_record(dataset, e, {"low": deaths[e.id].low, "best": deaths[e.id].best, "high": deaths[e.id].high}) for e in events]


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_yaml(records: list[dict[str, Any]]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(records, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100))


def to_ids(events: list[Event]) -> str:
    return "".join(e.id + "\n" for e in events)


#: Columns of the flat CSV, one row per event; lists are joined with "; ".
CSV_COLUMNS = (
    "id",
    "date",
    "date_start",
    "date_end",
    "date_precision_ucdp",
    "places",
    "place_names",
    "latitude",
    "longitude",
    "location_precision",
    "location_note",
    "event_type",
    "sub_event_type",
    "attackers",
    "targets",
    "parties",
    "claims",
    "quantities",
    "deaths_low",
    "deaths_best",
    "deaths_high",
    "sources",
    "unverified",
    "aggregates",
    "summary",
    "article_section",
    "article_paragraph",
)


def _claim_text(claim: Any) -> str:
    count = claim.wording if claim.count is None else str(claim.count)
    qual = "" if claim.qualifier in ("exact", "vague") else f"{claim.qualifier} "
    src = f" [{claim.source}]" if claim.source else ""
    flag = " (unverified)" if getattr(claim, "unverified", False) else ""
    what = f"{claim.group} {claim.outcome}" if hasattr(claim, "group") else f"{claim.item} {claim.measure}"
    return f"{qual}{count} {what}{src}{flag}"


def csv_row(dataset: Dataset, event: Event, deaths: dict[str, int]) -> dict[str, Any]:
    span = event.span
    first = dataset.places[event.places[0]]
    roles = {role: "; ".join(a.actor for a in event.actors if a.role == role) for role in ("attacker", "target", "party")}
    sources = sorted(event.sources())
    return {
        "id": event.id,
        "date": event.date,
        "date_start": span.earliest.isoformat(),
        "date_end": span.latest.isoformat(),
        "date_precision_ucdp": int(span.ucdp_date_prec),
        "places": "; ".join(event.places),
        "place_names": "; ".join(dataset.places[p].name for p in event.places),
        "latitude": first.latitude if first.latitude is not None else "",
        "longitude": first.longitude if first.longitude is not None else "",
        "location_precision": event.location_precision,
        "location_note": event.location_note or "",
        "event_type": event.event_type.value,
        "sub_event_type": event.sub_event_type,
        "attackers": roles["attacker"],
        "targets": roles["target"],
        "parties": roles["party"],
        "claims": "; ".join(_claim_text(c) for c in event.claims),
        "quantities": "; ".join(_claim_text(q) for q in event.quantities),
        "deaths_low": deaths["low"],
        "deaths_best": deaths["best"],
        "deaths_high": deaths["high"],
        "sources": "; ".join(sources),
        "unverified": "true" if event.unverified else "false",
        "aggregates": "; ".join(event.aggregates),
        "summary": event.summary,
        "article_section": event.article.section,
        "article_paragraph": event.article.paragraph,
    }


def write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """CSV text with a header row, every text cell made formula-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def to_csv(dataset: Dataset, events: list[Event]) -> str:
    deaths = deaths_by_event(events)
    return write_csv(
        (csv_row(dataset, e, {"low": deaths[e.id].low, "best": deaths[e.id].best, "high": deaths[e.id].high}) for e in events),
        CSV_COLUMNS,
    )


def to_geojson(dataset: Dataset, events: list[Event], warn: bool = True) -> tuple[str, list[str]]:
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
