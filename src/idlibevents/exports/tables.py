"""The dataset as normalised tables: one description shared by the SQLite and data package exports.

Each table is described once here (columns with types, constraints and meanings, primary
and foreign keys, indexes); :mod:`idlibevents.exports.sqlite` turns the description into SQL
and Datasette metadata, :mod:`idlibevents.exports.datapackage` into a Frictionless table schema. The
rows are plain Python values (str, int, float, bool, None), and :func:`records_from_tables`
turns them back into the validated records, so both formats round-trip to the same events,
claims, quantities, places, actors and sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from ..dataset import Dataset
from ..location import mapping_locations
from ..models import (
    Actor,
    ActorKind,
    Alignment,
    Event,
    EventType,
    Group,
    Outcome,
    Place,
    PlaceKind,
    Qualifier,
    QuantityItem,
    QuantityMeasure,
    Role,
    Side,
    Source,
    SourceKind,
    SubEventType,
)
from ..rows import AnyActorRole, AnyClaim, AnyEvent, AnyQuantity
from ..tally import deaths_by_event

#: What the dataset is and where it comes from, for the metadata of the SQLite and data package exports.
ARTICLE_TITLE = "Idlib Governorate clashes (September 2011 – March 2012)"
ARTICLE_URL = "https://en.wikipedia.org/wiki/Idlib_Governorate_clashes_(September_2011_%E2%80%93_March_2012)"
LICENCE = "CC-BY-SA-4.0"
LICENCE_TITLE = "Creative Commons Attribution-ShareAlike 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
TITLE = "idlibevents: incidents of the Idlib Governorate clashes, 2011-2012"
DESCRIPTION = (
    "Every incident of the English Wikipedia article on the 2011-2012 Idlib Governorate clashes, "
    "coded by hand as ACLED/UCDP-style events: dates, places, actors, and every casualty figure "
    "with the source that reported it."
)

SOURCE_TITLE = f"Wikipedia: {ARTICLE_TITLE}"
SOURCE_URL = ARTICLE_URL

ColumnType = Literal["string", "integer", "number", "boolean", "date"]


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it may be empty, its allowed values or range, and what it means."""

    name: str
    type: ColumnType
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: int | float | None = None
    maximum: int | float | None = None


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _values(literal: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in get_args(literal))


def _id(description: str) -> Column:
    return Column("id", "string", description, required=True)


def _event_ref(description: str = "The event (events.id).") -> Column:
    return Column("event_id", "string", description, required=True)


def _position(description: str) -> Column:
    return Column("position", "integer", description, required=True, minimum=0)


SOURCE_FK = ForeignKey(("source_id",), "sources", ("id",))
EVENT_FK = ForeignKey(("event_id",), "events", ("id",))

#: Every table, parents before the tables that refer to them (the order rows are inserted in).
TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "Who a figure or report is attributed to in the article (sources.yaml).",
        (
            _id("Stable source id."),
            Column("name", "string", "The source's usual name.", required=True),
            Column("kind", "string", "What kind of source it is.", required=True, enum=_values(SourceKind)),
            Column("alignment", "string", "Its alignment, as far as the article says.", required=True, enum=_values(Alignment)),
            Column("note", "string", "Context for the source."),
        ),
        ("id",),
    ),
    Table(
        "actors",
        "Armed groups, units, institutions and categories of people taking part in events (actors.yaml).",
        (
            _id("Stable actor id."),
            Column("name", "string", "The actor's name.", required=True),
            Column("side", "string", "The side the actor belongs to.", required=True, enum=_values(Side)),
            Column("kind", "string", "What kind of actor it is (army, brigade, rebel group, civilians...).", required=True, enum=_values(ActorKind)),
            Column("parent_id", "string", "The actor this one is part of (actors.id): the FSA for one of its battalions."),
            Column("note", "string", "Context for the actor."),
        ),
        ("id",),
        (ForeignKey(("parent_id",), "actors", ("id",)),),
        (("parent_id",),),
    ),
    Table(
        "places",
        "Named places the article mentions, with sourced coordinates where a source gives them (places.yaml).",
        (
            _id("Stable place id."),
            Column("name", "string", "The place's usual name.", required=True),
            Column("kind", "string", "What kind of place it is.", required=True, enum=_values(PlaceKind)),
            Column("district", "string", "The district (or governorate note) the reference source gives."),
            Column("latitude", "number", "WGS 84 latitude in degrees; empty when no source gives a point.", minimum=-90, maximum=90),
            Column("longitude", "number", "WGS 84 longitude in degrees; empty when no source gives a point.", minimum=-180, maximum=180),
            Column("coordinates_source", "string", "Where the coordinates come from, or why there are none.", required=True),
            Column("geonames_id", "integer", "GeoNames id of the place, when known.", minimum=1),
            Column("within_id", "string", "A larger place containing this one (places.id)."),
            Column("note", "string", "Context for the place."),
        ),
        ("id",),
        (ForeignKey(("within_id",), "places", ("id",)),),
        (("within_id",),),
    ),
    Table(
        "events",
        "One row per incident: when, where, what kind, and the deaths it counts after the aggregate rule (events.yaml).",
        (
            _id("Stable event id: date, place and what happened."),
            _position("Order of the event in this export (date order), from 0."),
            Column("date", "string", "The date as coded, in EDTF ('2011-12-19', '2012-03', '2011-10-05~', '2012-01-21/2012-01-31').", required=True),
            Column("date_start", "date", "Earliest possible day of the event (UCDP date_start).", required=True),
            Column("date_end", "date", "Latest possible day of the event (UCDP date_end).", required=True),
            Column("date_precision_ucdp", "integer", "UCDP date_prec: 1 exact day ... 5 longer than a month.", required=True, minimum=1, maximum=5),
            Column("time_precision_acled", "integer", "ACLED time_precision: 1 day, 2 week, 3 month or more.", required=True, minimum=1, maximum=3),
            Column("location_precision", "integer", "UCDP where_prec: 1 exact place ... 7 international waters or airspace.", required=True, minimum=1, maximum=7),
            Column("location_note", "string", "Where exactly, in words, when the places alone would mislead."),
            Column("map_place_id", "string", "The place whose sourced point maps the event (the location used for mapping, places.id); empty when there is none."),
            Column("latitude", "number", "Latitude of the point the event is mapped at (WGS 84); empty when there is none.", minimum=-90, maximum=90),
            Column("longitude", "number", "Longitude of the point the event is mapped at (WGS 84); empty when there is none.", minimum=-180, maximum=180),
            Column("map_where_prec", "integer", "UCDP where_prec of that point as used: never more precise than location_precision.", required=True, minimum=1, maximum=7),
            Column("map_geo_precision", "integer", "ACLED geo_precision of that point (1 town, 2 near it, 3 region); empty when there is no point.", minimum=1, maximum=3),
            Column("event_type", "string", "ACLED event type.", required=True, enum=tuple(t.value for t in EventType)),
            Column("sub_event_type", "string", "ACLED sub-event type (belongs to the event type).", required=True, enum=_values(SubEventType)),
            Column("unverified", "boolean", "True when the article says the event itself could not be verified.", required=True),
            Column("summary", "string", "What happened, in the project's own words.", required=True),
            Column("article_section", "string", "Heading of the article section that reports the event.", required=True),
            Column("article_paragraph", "integer", "Paragraph of that section, from 1.", required=True, minimum=1),
            Column("deaths_low", "integer", "Deaths (killed and executed), lowest figure, after the aggregate rule within this export.", required=True, minimum=0),
            Column("deaths_best", "integer", "Deaths, best estimate, after the aggregate rule within this export.", required=True, minimum=0),
            Column("deaths_high", "integer", "Deaths, highest figure, after the aggregate rule within this export.", required=True, minimum=0),
        ),
        ("id",),
        (ForeignKey(("map_place_id",), "places", ("id",)),),
        (("date_start",), ("event_type",), ("sub_event_type",), ("map_place_id",)),
    ),
    Table(
        "claims",
        "Every figure for people (killed, wounded, arrested...) with who reported it; one row per claim.",
        (
            _event_ref(),
            Column("claim_index", "integer", "Position of the claim within the event's claims, from 0.", required=True, minimum=0),
            Column("outcome", "string", "What happened to the people counted.", required=True, enum=_values(Outcome)),
            Column("group", "string", "Who was counted, as the article describes them.", required=True, enum=_values(Group)),
            Column("count", "integer", "The number stated; empty when the article gives only a vague amount.", minimum=0),
            Column("qualifier", "string", "How the number is stated (exact, at_least, about, up_to, more_than, vague).", required=True, enum=_values(Qualifier)),
            Column("wording", "string", "The article's word for a vague or hedged amount ('dozens')."),
            Column("source_id", "string", "Who reported the figure (sources.id); empty when the article names nobody."),
            Column("unverified", "boolean", "True when the article says this figure could not be verified.", required=True),
            Column("within_claim", "integer", "claim_index of another claim of the same event that already counts these people.", minimum=0),
            Column("note", "string", "Names, context, or the coding decision behind the claim."),
        ),
        ("event_id", "claim_index"),
        (EVENT_FK, SOURCE_FK),
        (("source_id",), ("outcome", "group")),
    ),
    Table(
        "quantities",
        "Numbers that are not about people harmed: vehicles destroyed, crowd and force sizes.",
        (
            _event_ref(),
            Column("quantity_index", "integer", "Position within the event's quantities, from 0.", required=True, minimum=0),
            Column("item", "string", "What is counted.", required=True, enum=_values(QuantityItem)),
            Column("measure", "string", "What the number measures.", required=True, enum=_values(QuantityMeasure)),
            Column("count", "integer", "The number stated; empty when only a vague amount is given.", minimum=0),
            Column("qualifier", "string", "How the number is stated.", required=True, enum=_values(Qualifier)),
            Column("wording", "string", "The article's word for a vague or hedged amount."),
            Column("source_id", "string", "Who reported the number (sources.id)."),
            Column("note", "string", "Context."),
        ),
        ("event_id", "quantity_index"),
        (EVENT_FK, SOURCE_FK),
        (("source_id",),),
    ),
    Table(
        "event_places",
        "Which places each event happened at, most specific first.",
        (
            _event_ref(),
            _position("Order among the event's places, from 0 (0 is the most specific)."),
            Column("place_id", "string", "The place (places.id).", required=True),
        ),
        ("event_id", "position"),
        (EVENT_FK, ForeignKey(("place_id",), "places", ("id",))),
        (("place_id",),),
    ),
    Table(
        "event_actors",
        "Which actors took part in each event, and as what.",
        (
            _event_ref(),
            _position("Order among the event's actors, from 0."),
            Column("actor_id", "string", "The actor (actors.id).", required=True),
            Column("role", "string", "attacker, target, or party (took part, neither clearly the attacker).", required=True, enum=_values(Role)),
        ),
        ("event_id", "position"),
        (EVENT_FK, ForeignKey(("actor_id",), "actors", ("id",))),
        (("actor_id",),),
    ),
    Table(
        "event_aggregates",
        "Events whose figures another event's figures already include (a daily toll and its incidents).",
        (
            _event_ref("The aggregate event (events.id)."),
            _position("Order among the parts, from 0."),
            Column("part_id", "string", "An event the aggregate includes; not a foreign key, since a filtered export may leave the part out.", required=True),
        ),
        ("event_id", "position"),
        (EVENT_FK,),
        (("part_id",),),
    ),
    Table(
        "place_aliases",
        "Every other spelling of a place's name.",
        (Column("place_id", "string", "The place (places.id).", required=True), _position("Order of the alias, from 0."), Column("alias", "string", "Another name.", required=True)),
        ("place_id", "position"),
        (ForeignKey(("place_id",), "places", ("id",)),),
    ),
    Table(
        "actor_aliases",
        "Every other name of an actor.",
        (Column("actor_id", "string", "The actor (actors.id).", required=True), _position("Order of the alias, from 0."), Column("alias", "string", "Another name.", required=True)),
        ("actor_id", "position"),
        (ForeignKey(("actor_id",), "actors", ("id",)),),
    ),
    Table(
        "source_aliases",
        "Every other name of a source.",
        (Column("source_id", "string", "The source (sources.id).", required=True), _position("Order of the alias, from 0."), Column("alias", "string", "Another name.", required=True)),
        ("source_id", "position"),
        (SOURCE_FK,),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

Rows = dict[str, list[dict[str, Any]]]


def table_rows(dataset: Dataset, events: Sequence[AnyEvent]) -> Rows:
    """The selected events and every place, actor and source, as rows of :data:`TABLES`.

    Places, actors and sources are always complete, so every reference of a filtered
    selection still resolves; deaths follow the aggregate rule within the selection.
    """
    deaths = deaths_by_event(events)
    mapped = mapping_locations(dataset, events)
    rows: Rows = {t.name: [] for t in TABLES}
    for source in dataset.sources:
        rows["sources"].append({"id": source.id, "name": source.name, "kind": source.kind, "alignment": source.alignment, "note": source.note})
        rows["source_aliases"].extend({"source_id": source.id, "position": n, "alias": a} for n, a in enumerate(source.aliases))
    for actor in dataset.actors:
        rows["actors"].append({"id": actor.id, "name": actor.name, "side": actor.side, "kind": actor.kind, "parent_id": actor.parent, "note": actor.note})
        rows["actor_aliases"].extend({"actor_id": actor.id, "position": n, "alias": a} for n, a in enumerate(actor.aliases))
    for place in dataset.places:
        rows["places"].append(
            {
                "id": place.id,
                "name": place.name,
                "kind": place.kind,
                "district": place.district,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "coordinates_source": place.coordinates_source,
                "geonames_id": place.geonames_id,
                "within_id": place.within,
                "note": place.note,
            }
        )
        rows["place_aliases"].extend({"place_id": place.id, "position": n, "alias": a} for n, a in enumerate(place.aliases))
    for position, event in enumerate(events):
        span = event.span
        figure = deaths[event.id]
        rows["events"].append(
            {
                "id": event.id,
                "position": position,
                "date": event.date,
                "date_start": span.earliest.isoformat(),
                "date_end": span.latest.isoformat(),
                "date_precision_ucdp": int(span.ucdp_date_prec),
                "time_precision_acled": int(span.acled_time_precision),
                "location_precision": event.location_precision,
                "location_note": event.location_note,
                "map_place_id": mapped[event.id].place,
                "latitude": mapped[event.id].latitude,
                "longitude": mapped[event.id].longitude,
                "map_where_prec": mapped[event.id].where_prec,
                "map_geo_precision": mapped[event.id].geo_precision,
                "event_type": event.event_type.value,
                "sub_event_type": event.sub_event_type,
                "unverified": event.unverified,
                "summary": event.summary,
                "article_section": event.article.section,
                "article_paragraph": event.article.paragraph,
                "deaths_low": figure.low,
                "deaths_best": figure.best,
                "deaths_high": figure.high,
            }
        )
        claims: Sequence[AnyClaim] = event.claims  # a model's list or a row's tuple
        for n, claim in enumerate(claims):
            rows["claims"].append(
                {
                    "event_id": event.id,
                    "claim_index": n,
                    "outcome": claim.outcome,
                    "group": claim.group,
                    "count": claim.count,
                    "qualifier": claim.qualifier,
                    "wording": claim.wording,
                    "source_id": claim.source,
                    "unverified": claim.unverified,
                    "within_claim": claim.within_claim,
                    "note": claim.note,
                }
            )
        quantities: Sequence[AnyQuantity] = event.quantities
        for n, quantity in enumerate(quantities):
            rows["quantities"].append(
                {
                    "event_id": event.id,
                    "quantity_index": n,
                    "item": quantity.item,
                    "measure": quantity.measure,
                    "count": quantity.count,
                    "qualifier": quantity.qualifier,
                    "wording": quantity.wording,
                    "source_id": quantity.source,
                    "note": quantity.note,
                }
            )
        rows["event_places"].extend({"event_id": event.id, "position": n, "place_id": p} for n, p in enumerate(event.places))
        actors: Sequence[AnyActorRole] = event.actors
        rows["event_actors"].extend({"event_id": event.id, "position": n, "actor_id": a.actor, "role": a.role} for n, a in enumerate(actors))
        rows["event_aggregates"].extend({"event_id": event.id, "position": n, "part_id": p} for n, p in enumerate(event.aggregates))
    return rows


@dataclass
class Records:
    """What a normalised export carries, read back as validated records."""

    events: list[Event]
    places: list[Place]
    actors: list[Actor]
    sources: list[Source]


def _grouped(rows: list[dict[str, Any]], key: str, order: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r[key], r[order])):
        out[row[key]].append(row)
    return out


def records_from_tables(rows: Rows) -> Records:
    """The records the rows describe (the inverse of :func:`table_rows`), each validated again.

    Derived columns (dates, precisions, deaths) are ignored: they follow from the rest.
    A row that does not make a valid record raises pydantic's ``ValidationError``.
    """
    aliases = {kind: _grouped(rows[f"{kind}_aliases"], f"{kind}_id", "position") for kind in ("place", "actor", "source")}

    def alias_list(kind: str, ident: str) -> list[str]:
        return [r["alias"] for r in aliases[kind].get(ident, [])]

    sources = [
        Source.model_validate({"id": r["id"], "name": r["name"], "aliases": alias_list("source", r["id"]), "kind": r["kind"], "alignment": r["alignment"], "note": r["note"]})
        for r in rows["sources"]
    ]
    actors = [
        Actor.model_validate(
            {"id": r["id"], "name": r["name"], "aliases": alias_list("actor", r["id"]), "side": r["side"], "kind": r["kind"], "parent": r["parent_id"], "note": r["note"]}
        )
        for r in rows["actors"]
    ]
    places = [
        Place.model_validate(
            {
                "id": r["id"],
                "name": r["name"],
                "aliases": alias_list("place", r["id"]),
                "kind": r["kind"],
                "district": r["district"],
                "latitude": r["latitude"],
                "longitude": r["longitude"],
                "coordinates_source": r["coordinates_source"],
                "geonames_id": r["geonames_id"],
                "within": r["within_id"],
                "note": r["note"],
            }
        )
        for r in rows["places"]
    ]
    claims = _grouped(rows["claims"], "event_id", "claim_index")
    quantities = _grouped(rows["quantities"], "event_id", "quantity_index")
    places_of = _grouped(rows["event_places"], "event_id", "position")
    actors_of = _grouped(rows["event_actors"], "event_id", "position")
    parts_of = _grouped(rows["event_aggregates"], "event_id", "position")
    events: list[Event] = []
    for r in sorted(rows["events"], key=lambda row: row["position"]):
        ident = r["id"]
        record = {
            "id": ident,
            "date": r["date"],
            "places": [p["place_id"] for p in places_of.get(ident, [])],
            "location_precision": r["location_precision"],
            "location_note": r["location_note"],
            "event_type": r["event_type"],
            "sub_event_type": r["sub_event_type"],
            "actors": [{"actor": a["actor_id"], "role": a["role"]} for a in actors_of.get(ident, [])],
            "claims": [
                {
                    "outcome": c["outcome"],
                    "group": c["group"],
                    "count": c["count"],
                    "qualifier": c["qualifier"],
                    "wording": c["wording"],
                    "source": c["source_id"],
                    "unverified": bool(c["unverified"]),
                    "within_claim": c["within_claim"],
                    "note": c["note"],
                }
                for c in claims.get(ident, [])
            ],
            "quantities": [
                {
                    "item": q["item"],
                    "measure": q["measure"],
                    "count": q["count"],
                    "qualifier": q["qualifier"],
                    "wording": q["wording"],
                    "source": q["source_id"],
                    "note": q["note"],
                }
                for q in quantities.get(ident, [])
            ],
            "unverified": bool(r["unverified"]),
            "aggregates": [p["part_id"] for p in parts_of.get(ident, [])],
            "summary": r["summary"],
            "article": {"section": r["article_section"], "paragraph": r["article_paragraph"]},
        }
        events.append(Event.model_validate(record))
    return Records(events=events, places=places, actors=actors, sources=sources)
