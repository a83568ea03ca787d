"""UCDP GED export: our events in GED's 49 columns, in GED's order, with GED's codes.

Scripts written for a GED CSV run on this one unchanged. Every mapping decision is made
here and documented in docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..dataset import Dataset
from ..rows import AnyActor, AnyEvent
from ..vocab import FATAL_OUTCOMES, EventType
from .common import DEFAULT_COUNTRY, UCDP_REGION, _cell, _is_unverified, death_figures, locate, source_ids
from .flat import write_csv

# --------------------------------------------------------------------------- UCDP GED

#: UCDP GED's columns used here, in GED's order.
UCDP_COLUMNS = (
    "id",
    "relid",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_office",
    "where_prec",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "country",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)

STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3
GOVERNMENT_OF_SYRIA = "Government of Syria"


def type_of_violence(dataset: Dataset, event: AnyEvent) -> int:
    """UCDP's 1 state-based, 2 non-state or 3 one-sided violence.

    One-sided: no target is an organised (non-civilian) actor, and the event is violence
    against civilians, force against protesters, or (other than a battle) an attack whose
    targets are all civilians. Executing captured soldiers is therefore not one-sided.
    Non-state: no state actor, and at least two organised non-state actors. State-based
    otherwise: the conflict is between the government and the opposition, so a fight where
    only one side is named is read as part of it.
    """
    sides = [(role.role, dataset.actors[role.actor]) for role in event.actors]
    targets = [actor.side for role, actor in sides if role == "target"]
    if all(side == "civilian" for side in targets):
        if event.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS or event.sub_event_type == "Excessive force against protesters":
            return ONE_SIDED
        if targets and event.event_type is not EventType.BATTLES:
            return ONE_SIDED
    states = [actor for _, actor in sides if actor.side in ("government", "foreign")]
    armed = {actor.id for _, actor in sides if actor.side in ("opposition", "unknown")}
    if not states and len(armed) >= 2:
        return NON_STATE
    return STATE_BASED


def ucdp_sides(dataset: Dataset, event: AnyEvent, violence: int) -> tuple[str, str]:
    """side_a and side_b as GED names them: the government (or perpetrator) first."""
    actors: list[AnyActor] = []
    for role in event.actors:
        actor = dataset.actors[role.actor]
        if actor not in actors:
            actors.append(actor)
    organised = [a for a in actors if a.side != "civilian"]
    if violence == ONE_SIDED:
        if not organised:
            return "", "Civilians"
        perpetrator = organised[0]
        state = perpetrator.side == "government" and perpetrator.kind != "militia"
        return (GOVERNMENT_OF_SYRIA if state else perpetrator.name), "Civilians"
    if violence == NON_STATE:
        return organised[0].name, organised[1].name
    syrian_state = any(a.side == "government" for a in actors)
    foreign = [a for a in actors if a.side == "foreign"]
    side_a = GOVERNMENT_OF_SYRIA if syrian_state or not foreign else foreign[0].name
    others = [a for a in actors if a.side in ("opposition", "unknown")]
    return side_a, others[0].name if others else ""


def event_clarity(event: AnyEvent) -> int:
    """UCDP's 1 (clear) or 2 (lower clarity): unverified, a vague death figure, an aggregate, or a span over a week."""
    vague_deaths = any(c.count is None and c.outcome in FATAL_OUTCOMES for c in event.claims)
    if _is_unverified(event) or vague_deaths or event.aggregates or int(event.span.ucdp_date_prec) >= 4:
        return 2
    return 1


def ucdp_rows(dataset: Dataset, events: Sequence[AnyEvent], fatal_only: bool = True) -> tuple[list[dict[str, Any]], list[str]]:
    """One GED row per event with a counted death, and the ids of the events left out.

    GED lists only events with at least one death; ``fatal_only=False`` keeps every event.
    ``id`` is the event's 1-based position in the whole dataset (so a filtered export keeps
    the ids of a full one); ``relid`` is our stable event id.
    """
    positions = {e.id: n for n, e in enumerate(dataset.events, start=1)}
    deaths = death_figures(events)
    rows: list[dict[str, Any]] = []
    left_out: list[str] = []
    for event in events:
        figure = deaths[event.id]
        if fatal_only and figure["high"] == 0:
            left_out.append(event.id)
            continue
        span = event.span
        location = locate(dataset, event)
        violence = type_of_violence(dataset, event)
        side_a, side_b = ucdp_sides(dataset, event, violence)
        names = "; ".join(dataset.places[p].name for p in event.places)
        point = location.latitude is not None and location.longitude is not None
        rows.append(
            {
                "id": positions.get(event.id, 0),
                "relid": event.id,
                "year": span.earliest.year,
                "type_of_violence": violence,
                "side_a": side_a,
                "side_b": side_b,
                "source_office": "; ".join(dataset.sources[s].name for s in source_ids(event)),
                "where_prec": event.location_precision,
                "where_description": f"{names}: {event.location_note}" if event.location_note else names,
                "adm_1": f"{location.admin1} governorate" if location.admin1 else "",
                "adm_2": f"{location.admin2} district" if location.admin2 else "",
                "latitude": _cell(location.latitude),
                "longitude": _cell(location.longitude),
                "geom_wkt": f"POINT ({location.longitude} {location.latitude})" if point else "",
                "country": location.country,
                "region": UCDP_REGION.get(location.country, UCDP_REGION[DEFAULT_COUNTRY]),
                "event_clarity": event_clarity(event),
                "date_prec": int(span.ucdp_date_prec),
                "date_start": span.earliest.isoformat(),
                "date_end": span.latest.isoformat(),
                "deaths_a": figure["government"],
                "deaths_b": figure["opposition"],
                "deaths_civilians": figure["civilian"],
                "deaths_unknown": figure["unknown"] + figure["foreign"],
                "best": figure["best"],
                "high": figure["high"],
                "low": figure["low"],
            }
        )
    return rows, left_out


def to_ucdp_csv(dataset: Dataset, events: Sequence[AnyEvent], fatal_only: bool = True) -> tuple[str, list[str]]:
    """The selected events as a UCDP GED-style CSV, and the ids of events without a counted death."""
    rows, left_out = ucdp_rows(dataset, events, fatal_only)
    return write_csv(rows, UCDP_COLUMNS), left_out

