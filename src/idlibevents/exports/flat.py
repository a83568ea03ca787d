"""Events as records and files for other tools: JSON, JSON Lines, CSV, YAML, GeoJSON, ids.

Each writer is a plain function from events to text so that tests and users can call it;
``idlib query --format`` and ``idlib export`` only choose which one. Every spreadsheet-bound
cell goes through :func:`safe_cell`, so no value can run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..dataset import Dataset
from ..location import mapping_location
from ..rows import AnyClaim, AnyEvent, AnyQuantity
from ..tally import deaths_by_event

if TYPE_CHECKING:
    from ..models import Event

#: Cells that a spreadsheet would run as a formula start with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: text starting like a formula gets a leading quote.

    Text that already starts with quotes followed by a formula character gets one more, so
    that :func:`restore_cell` can undo the change exactly and CSV exports read back losslessly.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The text :func:`safe_cell` was given: drop the one quote it added, if it added one."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def event_record(dataset: Dataset, event: AnyEvent, deaths: dict[str, int] | None = None) -> dict[str, Any]:
    """One event with every field, plus the derived dates and best death figures.

    This is what ``--format json`` prints; ``derived`` holds what the library computes
    (the date span, its UCDP/ACLED precision, and deaths after the aggregate rule).
    """
    record = event.to_dict() if isinstance(event, tuple) else event.model_dump(mode="json")
    span = event.span
    record["derived"] = {
        "date_start": span.earliest.isoformat(),
        "date_end": span.latest.isoformat(),
        "date_precision_ucdp": int(span.ucdp_date_prec),
        "time_precision_acled": int(span.acled_time_precision),
        "deaths": deaths if deaths is not None else _deaths_of(event),
        "location": _location_of(dataset, event),
    }
    return record


def _location_of(dataset: Dataset, event: AnyEvent) -> dict[str, Any]:
    """The location used for mapping (:mod:`idlibevents.location`): the one point every export and map use."""
    mapped = mapping_location(dataset, event)
    return {
        "place": mapped.place,
        "latitude": mapped.latitude,
        "longitude": mapped.longitude,
        "where_prec": mapped.where_prec,
        "geo_precision": mapped.geo_precision,
        "reason": mapped.reason,
    }


def _deaths_of(event: AnyEvent) -> dict[str, int]:
    figure = deaths_by_event([event])[event.id]
    return {"low": figure.low, "best": figure.best, "high": figure.high}


def event_records(dataset: Dataset, events: Sequence[AnyEvent]) -> list[dict[str, Any]]:
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


def to_ids(events: Sequence[AnyEvent]) -> str:
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
    "map_place",
    "map_where_prec",
    "location_precision",
    "location_note",
    "event_type",
    "sub_event_type",
    "actors",
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


def csv_row(dataset: Dataset, event: AnyEvent, deaths: dict[str, int]) -> dict[str, Any]:
    span = event.span
    mapped = mapping_location(dataset, event)
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
        "latitude": _blank(mapped.latitude),
        "longitude": _blank(mapped.longitude),
        "map_place": _blank(mapped.place),
        "map_where_prec": mapped.where_prec,
        "location_precision": event.location_precision,
        "location_note": event.location_note or "",
        "event_type": event.event_type.value,
        "sub_event_type": event.sub_event_type,
        "actors": "; ".join(f"{a.actor}:{a.role}" for a in event.actors),
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
    # RFC 4180 line ends: with "\r\n" the writer quotes any cell holding CR or LF, so a CR inside a cell
    # cannot start a new spreadsheet row whose first character is a formula.
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def to_csv(dataset: Dataset, events: Sequence[AnyEvent]) -> str:
    deaths = deaths_by_event(events)
    return write_csv(
        (csv_row(dataset, e, {"low": deaths[e.id].low, "best": deaths[e.id].best, "high": deaths[e.id].high}) for e in events),
        CSV_COLUMNS,
    )


#: Columns of the claims CSV: one row per claim and per quantity (``kind`` says which), so that
#: the event CSV and this one together hold every field of every event.
CLAIM_COLUMNS = (
    "event_id",
    "kind",
    "index",
    "outcome",
    "group",
    "item",
    "measure",
    "count",
    "qualifier",
    "wording",
    "source",
    "source_name",
    "unverified",
    "within_claim",
    "note",
)


def _blank(value: object) -> object:
    return "" if value is None else value


def claim_rows(dataset: Dataset, events: Sequence[AnyEvent]) -> list[dict[str, Any]]:
    """Every claim, then every quantity, of each event, with the event id and the position in its list."""
    rows: list[dict[str, Any]] = []
    for event in events:
        claims: Sequence[AnyClaim] = event.claims  # a model's list or a row's tuple
        for index, claim in enumerate(claims):
            rows.append(
                {
                    "event_id": event.id,
                    "kind": "claim",
                    "index": index,
                    "outcome": claim.outcome,
                    "group": claim.group,
                    "item": "",
                    "measure": "",
                    "count": _blank(claim.count),
                    "qualifier": claim.qualifier,
                    "wording": _blank(claim.wording),
                    "source": _blank(claim.source),
                    "source_name": dataset.sources[claim.source].name if claim.source else "",
                    "unverified": "true" if claim.unverified else "false",
                    "within_claim": _blank(claim.within_claim),
                    "note": _blank(claim.note),
                }
            )
        quantities: Sequence[AnyQuantity] = event.quantities
        for index, quantity in enumerate(quantities):
            rows.append(
                {
                    "event_id": event.id,
                    "kind": "quantity",
                    "index": index,
                    "outcome": "",
                    "group": "",
                    "item": quantity.item,
                    "measure": quantity.measure,
                    "count": _blank(quantity.count),
                    "qualifier": quantity.qualifier,
                    "wording": _blank(quantity.wording),
                    "source": _blank(quantity.source),
                    "source_name": dataset.sources[quantity.source].name if quantity.source else "",
                    "unverified": "",
                    "within_claim": "",
                    "note": _blank(quantity.note),
                }
            )
    return rows


def to_claims_csv(dataset: Dataset, events: Sequence[AnyEvent]) -> str:
    """The claims CSV (see :data:`CLAIM_COLUMNS`): every figure of the selected events, one per row."""
    return write_csv(claim_rows(dataset, events), CLAIM_COLUMNS)


def _optional(value: str) -> str | None:
    return restore_cell(value) if value != "" else None


def _split(value: str) -> list[str]:
    return [part for part in value.split("; ") if part] if value else []


def events_from_csv(events_csv: str, claims_csv: str) -> list[Event]:
    """Rebuild the events from the event CSV and the claims CSV, validating each one.

    This is the inverse of :func:`to_csv` plus :func:`to_claims_csv`: the two files carry
    every field, so the events come back equal to the ones exported. Derived columns
    (dates, deaths, names, the readable ``claims`` text) are ignored. A row that does not
    make a valid event raises pydantic's ``ValidationError``.
    """
    from ..models import Event

    figures: dict[str, dict[str, list[tuple[int, dict[str, str]]]]] = {}
    for row in csv.DictReader(io.StringIO(claims_csv)):
        if row["kind"] not in ("claim", "quantity"):
            raise ValueError(f"claims CSV: kind {row['kind']!r} of event {row['event_id']} is neither 'claim' nor 'quantity'")
        figures.setdefault(row["event_id"], {"claim": [], "quantity": []})[row["kind"]].append((int(row["index"]), row))
    events: list[Event] = []
    for row in csv.DictReader(io.StringIO(events_csv)):
        own = figures.get(row["id"], {"claim": [], "quantity": []})
        claims = [
            {
                "outcome": r["outcome"],
                "group": r["group"],
                "count": int(r["count"]) if r["count"] else None,
                "qualifier": r["qualifier"],
                "wording": _optional(r["wording"]),
                "source": _optional(r["source"]),
                "unverified": r["unverified"] == "true",
                "within_claim": int(r["within_claim"]) if r["within_claim"] else None,
                "note": _optional(r["note"]),
            }
            for _, r in sorted(own["claim"], key=lambda pair: pair[0])
        ]
        quantities = [
            {
                "item": r["item"],
                "measure": r["measure"],
                "count": int(r["count"]) if r["count"] else None,
                "qualifier": r["qualifier"],
                "wording": _optional(r["wording"]),
                "source": _optional(r["source"]),
                "note": _optional(r["note"]),
            }
            for _, r in sorted(own["quantity"], key=lambda pair: pair[0])
        ]
        actors = [{"actor": actor, "role": role} for actor, _, role in (part.partition(":") for part in _split(row["actors"]))]
        record = {
            "id": row["id"],
            "date": row["date"],
            "places": _split(row["places"]),
            "location_precision": int(row["location_precision"]),
            "location_note": _optional(row["location_note"]),
            "event_type": row["event_type"],
            "sub_event_type": row["sub_event_type"],
            "actors": actors,
            "claims": claims,
            "quantities": quantities,
            "unverified": row["unverified"] == "true",
            "aggregates": _split(row["aggregates"]),
            "summary": restore_cell(row["summary"]),
            "article": {"section": restore_cell(row["article_section"]), "paragraph": int(row["article_paragraph"])},
        }
        events.append(Event.model_validate(record))
    return events
