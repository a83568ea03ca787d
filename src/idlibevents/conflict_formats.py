"""ACLED and UCDP GED exports: our events in the two reference datasets' own columns and codes.

Analysts who already work with ACLED or UCDP GED files can load these CSVs with the
scripts they have. Every mapping decision is made here, in one place, and documented
in docs/exports.md; where the two datasets need something we do not record (an ACLED
``timestamp``, a numeric UCDP ``id``), the value is derived from the data so that the same
data always gives the same file.

Figures follow the counting rules of :mod:`idlibevents.tally` (docs/codebook.md, "Counting"):
ACLED ``fatalities`` is the sum of the ``low`` figures of the event's death cells; UCDP's
``best``/``low``/``high`` are the death totals, all after the aggregate rule within the
exported selection, so summing a column never counts a death twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from .dataset import Dataset
from .export import write_csv
from .rows import AnyActor, AnyEvent, AnyPlace
from .tally import adjusted_figures
from .vocab import FATAL_OUTCOMES, GROUP_SIDE, EventType

# --------------------------------------------------------------------------- shared geography

#: ISO 3166-1 numeric codes of the countries an event can be in.
ISO_NUMERIC = {"Syria": 760, "Turkey": 792}
#: ACLED's region of each country.
ACLED_REGION = {"Syria": "Middle East", "Turkey": "Middle East"}
#: UCDP GED's region of each country (UCDP counts Turkey in Europe).
UCDP_REGION = {"Syria": "Middle East", "Turkey": "Europe"}
#: The country of an event none of whose places lies in a recorded country: the dataset's own.
DEFAULT_COUNTRY = "Syria"

_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "site", "crossing", "camp"})
_GOVERNORATE_NOTE = re.compile(r"\(([^()]*?) Governorate\)")


@dataclass(frozen=True)
class Location:
    """Where an event is, in the terms both ACLED and UCDP use."""

    country: str
    admin1: str
    admin2: str
    name: str
    latitude: float | None
    longitude: float | None
    #: 0: the point is the first place's own; 2: another place of the event, or a town
    #: containing the first place; 3: a larger area containing it. Worsens ACLED's geo_precision.
    point_precision: int


def place_chain(dataset: Dataset, place_id: str) -> list[AnyPlace]:
    """A place and every place it lies within, innermost first."""
    chain: list[AnyPlace] = []
    seen: set[str] = set()
    current: str | None = place_id
    while current is not None and current not in seen and current in dataset.places:
        seen.add(current)
        place = dataset.places[current]
        chain.append(place)
        current = place.within
    return chain


def _admin1(chain: list[AnyPlace]) -> str:
    for place in chain:
        if place.kind == "governorate":
            return place.name.removesuffix(" Governorate")
        match = _GOVERNORATE_NOTE.search(place.district or "")
        if match:
            return match.group(1)
    return ""


def _admin2(chain: list[AnyPlace]) -> str:
    for place in chain:
        if place.kind in ("governorate", "country"):
            break
        if place.district:
            district = _GOVERNORATE_NOTE.sub("", place.district).strip()
            # A place spanning two districts (Jabal al-Zawiya) has no single second-order unit.
            return "" if ";" in district else district
    return ""


def locate(dataset: Dataset, event: AnyEvent) -> Location:
    """Country, governorate, district, name and point of an event, from its first place.

    The point is the first place's own when it has sourced coordinates; otherwise that of
    the next of the event's places that has some, then that of the nearest place containing
    the first one. No point is ever guessed: when none of these has coordinates, there is none.
    """
    chain = place_chain(dataset, event.places[0])
    country = next((p.name for p in chain if p.kind == "country"), DEFAULT_COUNTRY)
    first = chain[0]
    point: tuple[float, float] | None = None
    precision = 0
    if first.latitude is not None and first.longitude is not None:
        point = (first.latitude, first.longitude)
    else:
        for pid in event.places[1:]:
            other = dataset.places[pid]
            if other.latitude is not None and other.longitude is not None:
                point, precision = (other.latitude, other.longitude), 2
                break
        else:
            for outer in chain[1:]:
                if outer.latitude is not None and outer.longitude is not None:
                    point = (outer.latitude, outer.longitude)
                    precision = 2 if outer.kind in _SETTLEMENT_KINDS else 3
                    break
    return Location(
        country=country,
        admin1=_admin1(chain),
        admin2=_admin2(chain),
        name=first.name,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        point_precision=precision,
    )


def source_ids(event: AnyEvent) -> list[str]:
    """The sources an event's claims and quantities cite, in order of first citation."""
    out: list[str] = []
    for source in [c.source for c in event.claims] + [q.source for q in event.quantities]:
        if source and source not in out:
            out.append(source)
    return out


def death_figures(events: Sequence[AnyEvent]) -> dict[str, dict[str, int]]:
    """Per event: deaths low/best/high, and best deaths by side, after the aggregate rule."""
    figures, _ = adjusted_figures(events)
    out: dict[str, dict[str, int]] = {}
    for event in events:
        totals = {"low": 0, "best": 0, "high": 0, "government": 0, "opposition": 0, "civilian": 0, "unknown": 0, "foreign": 0}
        for (group, outcome), figure in figures[event.id].items():
            if outcome not in FATAL_OUTCOMES:
                continue
            totals["low"] += figure.low
            totals["best"] += figure.best
            totals["high"] += figure.high
            totals[GROUP_SIDE[group]] += figure.best
        out[event.id] = totals
    return out


def _is_unverified(event: AnyEvent) -> bool:
    return event.unverified or any(c.unverified for c in event.claims)


def _cell(value: object) -> object:
    return "" if value is None else value


# --------------------------------------------------------------------------- ACLED

#: ACLED's columns, in the order of its export files.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

#: ACLED's actor type codes (``inter1``/``inter2``).
INTER_STATE, INTER_REBEL, INTER_POLITICAL_MILITIA, INTER_IDENTITY_MILITIA = 1, 2, 3, 4
INTER_RIOTERS, INTER_PROTESTERS, INTER_CIVILIANS, INTER_EXTERNAL = 5, 6, 7, 8

#: ACLED's name for an attacker its sources do not identify; used when an event names no
#: attacker and no other party, since ACLED always fills ``actor1``.
UNIDENTIFIED_ARMED_GROUP = "Unidentified Armed Group (Syria)"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

#: ACLED's ``source_scale`` of each kind of source.
SOURCE_SCALE = {
    "witness": "Local",
    "state_media": "National",
    "government": "National",
    "news_agency": "International",
    "broadcaster": "International",
    "newspaper": "International",
    "activist": "New media",
    "human_rights_monitor": "Other",
    "ngo": "Other",
    "opposition": "Other",
}
_SCALE_ORDER = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")

_QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "about": "around ", "up_to": "up to ", "more_than": "more than "}


def acled_date(day: date) -> str:
    """ACLED's date form, ``19 December 2011`` (English month names whatever the locale)."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def representative_day(event: AnyEvent) -> date:
    """The one day an ACLED row needs: the stated day, or the middle of the event's span."""
    span = event.span
    return span.earliest + timedelta(days=(span.latest - span.earliest).days // 2)


def disorder_type(event: AnyEvent) -> str:
    """ACLED's disorder type of an event, from its type and sub-type."""
    if event.sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event.event_type is EventType.STRATEGIC:
        return "Strategic developments"
    if event.event_type is EventType.PROTESTS or event.sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return "Political violence"


def inter_code(actor: AnyActor, event: AnyEvent) -> int:
    """ACLED's actor type code of one of our actors, by its side and kind and the event's type."""
    if actor.side == "government":
        return INTER_POLITICAL_MILITIA if actor.kind == "militia" else INTER_STATE
    if actor.side == "opposition":
        return INTER_REBEL
    if actor.side == "foreign":
        return INTER_EXTERNAL
    if actor.side == "civilian":
        if event.event_type is EventType.RIOTS:
            return INTER_RIOTERS
        if event.event_type is EventType.PROTESTS or actor.id == "protesters":
            return INTER_PROTESTERS
        return INTER_CIVILIANS
    # side unknown: unidentified gunmen, which ACLED codes as a political militia.
    return INTER_POLITICAL_MILITIA


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction: both codes, the lower first (12); a lone actor gives 10, 20, ..."""
    if inter2 == 0:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


@dataclass
class AcledActors:
    actor1: str
    assoc1: list[str]
    inter1: int
    actor2: str
    assoc2: list[str]
    inter2: int


def acled_actors(dataset: Dataset, event: AnyEvent) -> AcledActors:
    """actor1 = the first attacker, else the first party; actor2 = the first target, else the next party.

    Other attackers are associated with actor1 and other targets with actor2; a remaining
    party joins the one of the two on its side (actor1 when neither is).
    """
    roles: dict[str, list[AnyActor]] = {"attacker": [], "target": [], "party": []}
    for role in event.actors:
        roles[role.role].append(dataset.actors[role.actor])
    parties = list(roles["party"])
    assoc1: list[AnyActor] = []
    assoc2: list[AnyActor] = []
    actor1: AnyActor | None
    if roles["attacker"]:
        actor1, assoc1 = roles["attacker"][0], list(roles["attacker"][1:])
    elif parties:
        actor1 = parties.pop(0)
    else:
        actor1 = None
    actor2: AnyActor | None
    if roles["target"]:
        actor2, assoc2 = roles["target"][0], list(roles["target"][1:])
    elif parties and actor1 is not None:
        actor2 = parties.pop(0)
    else:
        actor2 = None
    for party in parties:
        if actor2 is not None and (actor1 is None or party.side != actor1.side) and party.side == actor2.side:
            assoc2.append(party)
        else:
            assoc1.append(party)
    if actor1 is None:
        name1, inter1 = UNIDENTIFIED_ARMED_GROUP, INTER_POLITICAL_MILITIA
    else:
        name1, inter1 = actor1.name, inter_code(actor1, event)
    return AcledActors(
        actor1=name1,
        assoc1=[a.name for a in assoc1],
        inter1=inter1,
        actor2=actor2.name if actor2 else "",
        assoc2=[a.name for a in assoc2],
        inter2=inter_code(actor2, event) if actor2 else 0,
    )


def acled_geo_precision(event: AnyEvent, location: Location) -> int:
    """ACLED's 1 (the town itself), 2 (near it, or part of a region) or 3 (a larger region)."""
    base = {1: 1, 2: 2}.get(event.location_precision, 3)
    return max(base, location.point_precision)


def acled_tags(event: AnyEvent) -> list[str]:
    """ACLED-style tags: ``unverified``, and the crowd size of protests (``no report`` if none)."""
    tags: list[str] = []
    if _is_unverified(event):
        tags.append("unverified")
    crowds = [q for q in event.quantities if q.measure == "crowd_size"]
    for q in crowds:
        size = q.wording if q.count is None else f"{_QUALIFIER_WORDS.get(q.qualifier, '')}{q.count}"
        tags.append(f"crowd size={size}")
    if not crowds and event.event_type in (EventType.PROTESTS, EventType.RIOTS):
        tags.append("crowd size=no report")
    return tags


def source_scale(dataset: Dataset, event: AnyEvent) -> str:
    """ACLED's source scale: the scales of the cited sources, smallest first, joined with '-'."""
    scales = {SOURCE_SCALE[dataset.sources[s].kind] for s in source_ids(event)}
    return "-".join(s for s in _SCALE_ORDER if s in scales)


def acled_timestamp(event: AnyEvent) -> int:
    """A fixed stand-in for ACLED's edit time: midnight UTC of the event's last possible day."""
    return int(datetime.combine(event.span.latest, time(), tzinfo=UTC).timestamp())


def acled_rows(dataset: Dataset, events: Sequence[AnyEvent]) -> list[dict[str, Any]]:
    """One ACLED row per event (see :data:`ACLED_COLUMNS` and docs/exports.md)."""
    deaths = death_figures(events)
    rows: list[dict[str, Any]] = []
    for event in events:
        day = representative_day(event)
        actors = acled_actors(dataset, event)
        location = locate(dataset, event)
        civilian_target = any(role.role == "target" and dataset.actors[role.actor].side == "civilian" for role in event.actors)
        rows.append(
            {
                "event_id_cnty": event.id,
                "event_date": acled_date(day),
                "year": day.year,
                "time_precision": int(event.span.acled_time_precision),
                "disorder_type": disorder_type(event),
                "event_type": event.event_type.value,
                "sub_event_type": event.sub_event_type,
                "actor1": actors.actor1,
                "assoc_actor_1": "; ".join(actors.assoc1),
                "inter1": actors.inter1,
                "actor2": actors.actor2,
                "assoc_actor_2": "; ".join(actors.assoc2),
                "inter2": actors.inter2,
                "interaction": interaction_code(actors.inter1, actors.inter2),
                "civilian_targeting": "Civilian targeting" if civilian_target else "",
                "iso": ISO_NUMERIC.get(location.country, ISO_NUMERIC[DEFAULT_COUNTRY]),
                "region": ACLED_REGION.get(location.country, ACLED_REGION[DEFAULT_COUNTRY]),
                "country": location.country,
                "admin1": location.admin1,
                "admin2": location.admin2,
                "admin3": "",
                "location": location.name,
                "latitude": _cell(location.latitude),
                "longitude": _cell(location.longitude),
                "geo_precision": acled_geo_precision(event, location),
                "source": "; ".join(dataset.sources[s].name for s in source_ids(event)),
                "source_scale": source_scale(dataset, event),
                "notes": event.summary,
                "fatalities": deaths[event.id]["low"],
                "tags": "; ".join(acled_tags(event)),
                "timestamp": acled_timestamp(event),
            }
        )
    return rows


def to_acled_csv(dataset: Dataset, events: Sequence[AnyEvent]) -> str:
    """The selected events as an ACLED-style CSV, every text cell formula-safe."""
    return write_csv(acled_rows(dataset, events), ACLED_COLUMNS)


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
