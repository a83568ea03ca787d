"""UCDP GED export: our events in GED's 49 columns, in GED's order, with GED's codes and names.

Scripts written for a GED CSV (``usecols`` with GED's names, group-bys on ``conflict_name`` or
``dyad_new_id``, sums of ``best``) run on this file unchanged. Sides are named as GED names
them for this conflict: the opposition is ``Syrian insurgents``, whatever our actor is called;
our own actors stay reachable through ``relid``, which is our event id, in every other export.
Every mapping decision is made here and documented, column by column, in docs/exports.md.

The ids come from real GED rows for Idlib Governorate (tests/fixtures/ucdp-ged-idlib.csv, UCDP
GED, CC BY 4.0). Where GED has an id we could not source (one-sided violence by the Syrian
state: no public GED row for that dyad was found), the event is left out of the file, with the
count on standard error, rather than given an invented id or an empty one: every row has its
ids, so a group-by on any id column sums to the file's total. So is an event with no point:
every GED row has a point and a PRIO-GRID cell.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..dataset import Dataset
from ..location import mapping_location
from ..rows import AnyActor, AnyEvent, AnyPlace
from ..vocab import FATAL_OUTCOMES, EventType
from .common import DEFAULT_COUNTRY, UCDP_REGION, Where, _is_unverified, death_figures, source_ids, where
from .flat import write_csv
from .tables import ARTICLE_TITLE

#: UCDP GED's 49 columns, in the order of GED's CSV files (GED codebook; tests check them against
#: the published list).
UCDP_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
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
    "gwnoa",
    "gwnob",
)

STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3

#: Gleditsch-Ward country codes, which GED uses for ``country_id``, ``gwnoa`` and ``gwnob``.
GW_CODE = {"Syria": 652, "Turkey": 640}

GOVERNMENT_OF_SYRIA = "Government of Syria"
SYRIAN_INSURGENTS = "Syrian insurgents"
CIVILIANS = "Civilians"

#: GED's actor ids (``side_*_new_id``), as in GED's rows for Idlib Governorate.
GED_ACTOR_ID = {GOVERNMENT_OF_SYRIA: 118, SYRIAN_INSURGENTS: 4456, CIVILIANS: 1}


@dataclass(frozen=True)
class GedDyad:
    """A GED conflict and dyad: ids and names; an id GED has that we could not source is None."""

    conflict_id: int | None
    conflict_name: str
    dyad_id: int | None
    side_a: str
    side_b: str

    @property
    def dyad_name(self) -> str:
        return f"{self.side_a} - {self.side_b}"


#: The dyads this data can give, with GED's ids where GED's rows for the area show them.
#: State-based: GED conflict 299 "Syria: Government", dyad 11973. One-sided violence by the
#: insurgents: conflict 13299, dyad 14200 (GED names the conflict after the dyad).
#: One-sided violence by the Syrian state: GED codes it, but no row we hold gives its ids.
GOVERNMENT_INSURGENTS = GedDyad(299, "Syria: Government", 11973, GOVERNMENT_OF_SYRIA, SYRIAN_INSURGENTS)
INSURGENTS_CIVILIANS = GedDyad(13299, "Syrian insurgents - Civilians", 14200, SYRIAN_INSURGENTS, CIVILIANS)
GOVERNMENT_CIVILIANS = GedDyad(None, "Government of Syria - Civilians", None, GOVERNMENT_OF_SYRIA, CIVILIANS)

#: GED's names of the second-order units (districts) where ours differ: GED follows its
#: gazetteer, which calls the district of Idlib city "Markaz Idlib" (Arabic for "centre").
GED_DISTRICT = {"Idlib": "Markaz Idlib", "Jisr al-Shughur": "Jisr ash Shughur"}

#: GED's word after a place's name in ``where_coordinates`` ("Saraqib town", "Ein Laroz town"):
#: GED calls cities and towns alike "town". A name that already ends with the word ("Atmeh
#: IDP camp" in GED, our "Kilis refugee camp") gets no second one.
_WHERE_WORD = {"city": "town", "town": "town", "village": "village", "camp": "camp"}

#: GED's spelling of place names where ours differ, as GED's rows for the area show them:
#: "Jisr ash Shughur town" and "Jisr ash Shughur district" (tests/fixtures/reference).
GED_PLACE_NAME = {"Jisr al-Shughur": "Jisr ash Shughur"}

#: Why an event is not in the GED file (reported on standard error and in the docs).
NO_DEATH = "no counted death (GED lists only events with at least one death)"
NO_PERPETRATOR = "one-sided violence with no named perpetrator (GED needs an organised actor)"
NO_DYAD = "no GED dyad: violence among opposition groups (one GED actor), or a foreign state's forces alone"
NO_GED_ID = (
    "one-sided violence by the Syrian state: GED codes it, but no public GED row giving the ids of its "
    "conflict and dyad (\"Government of Syria - Civilians\") could be found, and ids are never invented"
)
NO_POINT = "no sourced point, not even of a place containing it (every GED row has a point and a PRIO-GRID cell)"


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


def _actors(dataset: Dataset, event: AnyEvent) -> list[AnyActor]:
    out: list[AnyActor] = []
    for role in event.actors:
        actor = dataset.actors[role.actor]
        if actor not in out:
            out.append(actor)
    return out


def ged_dyad(dataset: Dataset, event: AnyEvent, violence: int) -> GedDyad | None:
    """The GED conflict and dyad of an event, sides named as GED names them; None if GED would not code it.

    State-based: the government (army, security forces, and the pro-government militia, which GED
    counts with the state) against the opposition, all of which GED codes as ``Syrian
    insurgents``; a foreign state's forces with no Syrian state actor give that state as side A.
    One-sided: the perpetrator (government or insurgents) against ``Civilians``; with no named
    organised perpetrator GED has no actor to code, so the event is left out. Non-state
    violence between opposition groups is left out too: GED codes the opposition of 2011-2012
    as one actor, and a dyad of an actor with itself does not exist. So is a foreign state's
    action with no Syrian state actor: no GED row we hold gives such a dyad for this conflict.
    """
    actors = _actors(dataset, event)
    organised = [a for a in actors if a.side != "civilian"]
    if violence == ONE_SIDED:
        perpetrators = [a for a in organised if a.side in ("government", "opposition")]
        if not perpetrators:
            return None
        return GOVERNMENT_CIVILIANS if perpetrators[0].side == "government" else INSURGENTS_CIVILIANS
    if violence == NON_STATE:
        return None
    if not any(a.side == "government" for a in actors) and any(a.side == "foreign" for a in actors):
        return None
    return GOVERNMENT_INSURGENTS


def _side_deaths(dyad: GedDyad, figure: dict[str, int]) -> tuple[int, int, int, int]:
    """deaths_a, deaths_b, deaths_civilians, deaths_unknown: every death in exactly one column.

    GED counts deaths on side A and side B, civilians, and deaths it cannot place. Ours are by
    the side of the group counted: government groups die on the government's side, opposition
    groups on the insurgents'. Deaths that belong to neither named side go to unknown, so the
    four always add up to ``best``.
    """
    government, opposition, civilian = figure["government"], figure["opposition"], figure["civilian"]
    unknown = figure["unknown"] + figure["foreign"]
    if dyad.side_a == GOVERNMENT_OF_SYRIA and dyad.side_b == SYRIAN_INSURGENTS:
        return government, opposition, civilian, unknown
    if dyad.side_a == GOVERNMENT_OF_SYRIA:  # one-sided by the state
        return government, 0, civilian, unknown + opposition
    # One-sided by the insurgents.
    return opposition, 0, civilian, unknown + government


def event_clarity(event: AnyEvent) -> int:
    """UCDP's 1 (clear) or 2 (lower clarity): unverified, a vague death figure, an aggregate, or a span over a week."""
    vague_deaths = any(c.count is None and c.outcome in FATAL_OUTCOMES for c in event.claims)
    if _is_unverified(event) or vague_deaths or event.aggregates or int(event.span.ucdp_date_prec) >= 4:
        return 2
    return 1


def priogrid_gid(latitude: float, longitude: float) -> int:
    """The PRIO-GRID cell (0.5 x 0.5 degrees) of a point: rows from the south pole, 720 cells a row.

    gid = row * 720 + column + 1, with row = floor((latitude + 90) / 0.5) and column =
    floor((longitude + 180) / 0.5): Saraqib (35.864 N, 36.806 E) is 181154, as in GED.
    """
    row = min(math.floor((latitude + 90) * 2), 359)
    column = min(math.floor((longitude + 180) * 2), 719)
    return row * 720 + column + 1


def where_coordinates(place: AnyPlace | None) -> str:
    """GED's name of the point used: "Saraqib town", "Idlib Governorate", "Jisr ash Shughur district"."""
    if place is None:
        return ""
    name = GED_PLACE_NAME.get(place.name, place.name)
    word = _WHERE_WORD.get(place.kind)
    if word is None or name.lower().endswith(f" {word}"):
        return name
    return f"{name} {word}"


def _adm_2(district: str) -> str:
    return f"{GED_DISTRICT.get(district, district)} district" if district else ""


def _source_columns(dataset: Dataset, event: AnyEvent) -> dict[str, Any]:
    """number_of_sources and source_*: the sources our claims cite, or the article when none is named.

    GED lists one entry per source article, joined with ";". We hold who reported a figure
    (``source_original``; ``source_office`` the same names, as GED writes "SOHR" for both when
    SOHR publishes its own report), not the date or headline of their reports: those come from
    the one document every event is coded from, the Wikipedia article (``source_article`` names
    its section and paragraph; ``source_headline`` the section).
    """
    names = [dataset.sources[s].name for s in source_ids(event)]
    article = f"Wikipedia: {ARTICLE_TITLE}, section {event.article.section!r}, paragraph {event.article.paragraph}"
    offices = names or ["Wikipedia"]
    return {
        "number_of_sources": len(offices),
        "source_article": article,
        "source_office": ";".join(offices),
        "source_date": "",
        "source_headline": event.article.section,
        "source_original": ";".join(offices),
    }


@dataclass
class GedExport:
    """The rows of a GED file and, for each event left out, the reason."""

    rows: list[dict[str, Any]]
    left_out: dict[str, str]


def _active_years(dataset: Dataset) -> set[tuple[str, int]]:
    """Dyad-years (by dyad name) with at least 25 best deaths in the whole dataset: GED's active_year.

    GED marks an event 1 when its dyad (or one-sided actor) reaches 25 deaths in the calendar
    year. Only the whole dataset is counted, so a filtered export gives the same value; since
    it holds only this area's events, the real GED total is at least as high.
    """
    events = list(dataset.events)
    deaths = death_figures(events)
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for event in events:
        dyad = ged_dyad(dataset, event, type_of_violence(dataset, event))
        if dyad is not None:
            totals[(dyad.dyad_name, event.span.earliest.year)] += deaths[event.id]["best"]
    return {key for key, total in totals.items() if total >= 25}


def _blank(value: int | None) -> object:
    return "" if value is None else value


def ged_export(dataset: Dataset, events: Sequence[AnyEvent], fatal_only: bool = True) -> GedExport:
    """One GED row per event GED would code, and why each other event is left out.

    GED lists only events with at least one death and an organised actor on side A;
    ``fatal_only=False`` keeps events without a counted death (but still not those without a
    perpetrator). ``id`` is the event's 1-based position in the whole dataset (so a filtered
    export keeps the ids of a full one); ``relid`` is our stable event id.
    """
    positions = {e.id: n for n, e in enumerate(dataset.events, start=1)}
    deaths = death_figures(events)
    active = _active_years(dataset)
    rows: list[dict[str, Any]] = []
    left_out: dict[str, str] = {}
    for event in events:
        figure = deaths[event.id]
        if fatal_only and figure["high"] == 0:
            left_out[event.id] = NO_DEATH
            continue
        violence = type_of_violence(dataset, event)
        dyad = ged_dyad(dataset, event, violence)
        if dyad is None:
            left_out[event.id] = NO_PERPETRATOR if violence == ONE_SIDED else NO_DYAD
            continue
        if dyad.conflict_id is None or dyad.dyad_id is None:
            left_out[event.id] = NO_GED_ID
            continue
        if mapping_location(dataset, event).latitude is None:
            left_out[event.id] = NO_POINT
            continue
        rows.append(_row(dataset, event, positions.get(event.id, 0), violence, dyad, figure, (dyad.dyad_name, event.span.earliest.year) in active))
    return GedExport(rows, left_out)


def _row(dataset: Dataset, event: AnyEvent, position: int, violence: int, dyad: GedDyad, figure: dict[str, int], active: bool) -> dict[str, Any]:
    span = event.span
    point: Where = where(dataset, event)
    names = "; ".join(dataset.places[p].name for p in event.places)
    located = point.latitude is not None and point.longitude is not None
    deaths_a, deaths_b, deaths_civilians, deaths_unknown = _side_deaths(dyad, figure)
    state_b = dyad.side_b.startswith("Government of ")
    return {
        "id": position,
        "relid": event.id,
        "year": span.earliest.year,
        "active_year": 1 if active else 0,
        "code_status": "Clear",
        "type_of_violence": violence,
        "conflict_dset_id": "",
        "conflict_new_id": _blank(dyad.conflict_id),
        "conflict_name": dyad.conflict_name,
        "dyad_dset_id": "",
        "dyad_new_id": _blank(dyad.dyad_id),
        "dyad_name": dyad.dyad_name,
        "side_a_dset_id": "",
        "side_a_new_id": _blank(GED_ACTOR_ID.get(dyad.side_a)),
        "side_a": dyad.side_a,
        "side_b_dset_id": "",
        "side_b_new_id": _blank(GED_ACTOR_ID.get(dyad.side_b)),
        "side_b": dyad.side_b,
        **_source_columns(dataset, event),
        "where_prec": point.where_prec,
        "where_coordinates": where_coordinates(point.place),
        "where_description": f"{names}: {event.location_note}" if event.location_note else names,
        "adm_1": f"{point.admin1} Governorate" if point.admin1 else "",
        # GED leaves adm_2 empty when the point stands for a governorate or more (where_prec 4+).
        "adm_2": _adm_2(point.admin2) if point.where_prec < 4 else "",
        "latitude": point.latitude if located else "",
        "longitude": point.longitude if located else "",
        "geom_wkt": f"POINT ({point.longitude} {point.latitude})" if located else "",
        "priogrid_gid": priogrid_gid(point.latitude, point.longitude) if point.latitude is not None and point.longitude is not None else "",
        "country": point.country,
        "country_id": GW_CODE.get(point.country, GW_CODE[DEFAULT_COUNTRY]),
        "region": UCDP_REGION.get(point.country, UCDP_REGION[DEFAULT_COUNTRY]),
        "event_clarity": event_clarity(event),
        "date_prec": int(span.ucdp_date_prec),
        "date_start": span.earliest.isoformat(),
        "date_end": span.latest.isoformat(),
        "deaths_a": deaths_a,
        "deaths_b": deaths_b,
        "deaths_civilians": deaths_civilians,
        "deaths_unknown": deaths_unknown,
        "best": deaths_a + deaths_b + deaths_civilians + deaths_unknown,
        "high": figure["high"],
        "low": figure["low"],
        "gwnoa": _blank(_state_code(dyad.side_a)),
        "gwnob": _blank(_state_code(dyad.side_b)) if state_b else "",
    }


def _state_code(side: str) -> int | None:
    return GW_CODE.get(side.removeprefix("Government of ")) if side.startswith("Government of ") else None


def ucdp_rows(dataset: Dataset, events: Sequence[AnyEvent], fatal_only: bool = True) -> tuple[list[dict[str, Any]], list[str]]:
    """The GED rows and the ids of the events left out (see :func:`ged_export` for why)."""
    result = ged_export(dataset, events, fatal_only)
    return result.rows, list(result.left_out)


def to_ucdp_csv(dataset: Dataset, events: Sequence[AnyEvent], fatal_only: bool = True) -> tuple[str, list[str]]:
    """The selected events as a UCDP GED CSV, and the ids of the events left out."""
    rows, left_out = ucdp_rows(dataset, events, fatal_only)
    return write_csv(rows, UCDP_COLUMNS), left_out
