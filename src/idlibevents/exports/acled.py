"""ACLED export: our events in ACLED's own columns, codes and vocabularies.

Analysts who already work with ACLED files can load this CSV with the scripts they have.
Every mapping decision is made here and documented in docs/exports.md; where ACLED needs
something we do not record (a ``timestamp``), the value is derived from the data so that the
same data always gives the same file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..dataset import Dataset
from ..rows import AnyActor, AnyEvent
from ..vocab import EventType
from .common import ACLED_REGION, DEFAULT_COUNTRY, ISO_NUMERIC, Location, _cell, _is_unverified, death_figures, locate, source_ids
from .flat import write_csv

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


