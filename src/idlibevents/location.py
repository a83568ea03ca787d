"""The location used for mapping: one point (or none) per event, with the precision it honestly has.

An event's ``places`` and ``location_precision`` are coding facts: where the article says it
happened and how precisely (UCDP GED ``where_prec``). A map, a distance filter or an ACLED or
UCDP file needs more: one point. Many places have no sourced point (a prison, a market, a
village no gazetteer lists, a road, the border), so the point used is chosen here, in one
place, by the rules of docs/codebook.md ("The location used for mapping"):

1. The point of the event's most precise own place that has one: its places are listed most
   specific first, so the first of them with a sourced point.
2. Failing that, the point of the nearest place that contains the first place (its
   ``within`` chain) and has one: a building takes its town's point, a village its area's.
3. A country is never used as a point, and an event located only to a country (the
   Syria-wide toll, the ceasefire) has no point at all: it is not put somewhere in Idlib.

The precision of the point as used (``where_prec``) is that of the level the point stands
for, never more precise than the event's own ``location_precision``:

- a village, town, city, site, crossing or camp, whether it is the event's own place or the
  town that contains the event's site (a prison, a market): 1, "the location information
  corresponds exactly to the geographical coordinates available" (UCDP), as GED itself codes
  an event at a hospital in Idlib city at the city's point; the event's own precision 2 (the
  article puts it near or on the outskirts of the place) makes it 2. Naming a site is never
  less precise than naming its town alone;
- a district: 3; a governorate: 4; an area, road, border or region: 5.

An event with no point keeps its own coded precision, except that one located only to a
country is 6 (the country's level).

ACLED's ``geo_precision`` follows: 1 for where_prec 1 (a particular town, with coordinates),
2 for 2 (near a town, at that town's point), and 2 too for a named general area inside a
governorate (Jabal al-Zawiya: "a small part of a region"); 3 for anything larger (the
governorate's representative point, the border, a region).

This module only reads the dataset's records (models or rows alike); it does no I/O and
renders nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .dataset import Dataset
from .rows import AnyEvent, AnyPlace

#: Kinds of place whose point stands for the place itself (UCDP where_prec 1 when the event
#: happened there).
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "site", "crossing", "camp"})

#: The UCDP GED where_prec a point of each kind of place stands for when the event is located
#: only to that place (a settlement's own point: 1).
KIND_WHERE_PREC: dict[str, int] = {
    "city": 1,
    "town": 1,
    "village": 1,
    "site": 1,
    "crossing": 1,
    "camp": 1,
    "district": 3,
    "governorate": 4,
    "area": 5,
    "road": 5,
    "region": 5,
    "country": 6,
}

#: where_prec of a containing town's point used for a site inside it: the town's own level (1).
#: GED codes "a hospital in the city of Idlib" as where_prec 1 at the town's point; 2 is for an
#: event a source puts near or on the outskirts of a place, which its own precision says.
CONTAINING_SETTLEMENT_WHERE_PREC = 1

#: What a point of each kind of place stands for, when the event is known only to that place.
_LEVEL_NOUN = {"district": "district", "governorate": "governorate", "area": "area", "road": "road", "region": "region"}


@dataclass(frozen=True)
class MappedLocation:
    """The point an event is mapped at, how precise it is, and why it was chosen."""

    event: str
    #: Id of the place whose point is used (None: the event has no point).
    place: str | None
    latitude: float | None
    longitude: float | None
    #: UCDP GED where_prec 1-7 of the point as used (never more precise than the event's own).
    where_prec: int
    #: ACLED geo_precision 1-3 (None when there is no point).
    geo_precision: int | None
    #: True when the point is not that of one of the event's own places.
    fallback: bool
    #: For people: why this point, or why none ("placed at Idlib: ... has no sourced point").
    reason: str | None
    #: Place ids from the event's first place outwards (for admin1/admin2).
    chain: tuple[str, ...]

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def place_chain(dataset: Dataset, place_id: str) -> list[AnyPlace]:
    """A place and every place it lies within, innermost first (stops at a cycle or an unknown id)."""
    chain: list[AnyPlace] = []
    seen: set[str] = set()
    current: str | None = place_id
    while current is not None and current not in seen and current in dataset.places:
        seen.add(current)
        place = dataset.places[current]
        chain.append(place)
        current = place.within
    return chain


def kind_where_prec(kind: str) -> int:
    """The where_prec a place of this kind stands for (an unknown kind counts as a larger area)."""
    return KIND_WHERE_PREC.get(kind, 5)


def acled_geo_precision(where_prec: int, general_area: bool = False) -> int:
    """ACLED geo_precision for a point of this UCDP where_prec: 1 the town, 2 near it, 3 a region.

    ``general_area``: the point is that of a named area inside a governorate (Jabal al-Zawiya),
    which ACLED codes 2 ("a small part of a region ... a general area"), not 3.
    """
    if where_prec <= 1:
        return 1
    return 2 if where_prec == 2 or general_area else 3


def is_general_area(dataset: Dataset, place: AnyPlace) -> bool:
    """A named area that lies inside a governorate: ACLED's "small part of a region"."""
    return place.kind == "area" and any(outer.kind == "governorate" for outer in place_chain(dataset, place.id)[1:])


def _usable(place: AnyPlace) -> bool:
    """A sourced point that may stand for an event: never a country's."""
    return place.latitude is not None and place.longitude is not None and place.kind != "country"


def _known_only(place: AnyPlace, where_prec: int) -> str:
    """Why the event's own point is not exact: it was near the place, or is known only to an area."""
    if where_prec == 2:
        return "the event is known only to within about 25 km of it"
    noun = _LEVEL_NOUN.get(place.kind)
    return f"the event is known only to this {noun}" if noun else f"the event is known only to UCDP where_prec {where_prec}"


def _no_point(event: AnyEvent, first: AnyPlace | None, chain: tuple[str, ...]) -> MappedLocation:
    """No point. The event keeps its own coded precision; one known only to a country is 6."""
    where_prec = event.location_precision
    if first is None:  # cannot happen with validated data: every place id exists
        reason = "no point: the event names no known place"
    elif first.kind == "country":
        reason = f"no point: the event is located only to {first.name}, and a country is not mapped to a point"
        where_prec = max(where_prec, KIND_WHERE_PREC["country"])
    else:
        reason = f"no point: neither {first.name} nor any place containing it has a sourced point"
    return MappedLocation(event.id, None, None, None, where_prec, None, False, reason, chain)


def mapping_location(dataset: Dataset, event: AnyEvent) -> MappedLocation:
    """The location used for mapping ``event`` (see the module docstring for the rules)."""
    places = [dataset.places[pid] for pid in event.places if pid in dataset.places]
    chain = place_chain(dataset, event.places[0])
    chain_ids = tuple(p.id for p in chain)
    own_precision = event.location_precision
    first = places[0] if places else None
    if first is None or own_precision >= 6 or all(p.kind == "country" for p in places):
        return _no_point(event, first, chain_ids)

    fallback = False
    used = next((place for place in places if _usable(place)), None)
    if used is None:
        used = next((outer for outer in chain[1:] if _usable(outer)), None)
        fallback = used is not None
    if used is None or used.latitude is None or used.longitude is None:
        return _no_point(event, first, chain_ids)
    # The point stands for its own level, whether the place is the event's own or contains it:
    # a town's point is where_prec 1 for a site in it as for the town (never worse than the
    # town alone); "near" or "outskirts" is in the event's own precision.
    level = kind_where_prec(used.kind)

    where_prec = max(own_precision, level)
    if used.id == first.id:
        reason = None if where_prec == 1 else f"placed at {used.name}: {_known_only(used, where_prec)}"
    else:
        reason = f"placed at {used.name}: {first.name} has no sourced point"
    return MappedLocation(
        event=event.id,
        place=used.id,
        latitude=used.latitude,
        longitude=used.longitude,
        where_prec=where_prec,
        geo_precision=acled_geo_precision(where_prec, is_general_area(dataset, used)),
        fallback=fallback,
        reason=reason,
        chain=chain_ids,
    )


def mapping_locations(dataset: Dataset, events: Sequence[AnyEvent]) -> dict[str, MappedLocation]:
    """The location used for mapping each event, by event id."""
    return {event.id: mapping_location(dataset, event) for event in events}


@dataclass(frozen=True)
class MappedAt:
    """Where the events that name an unlocated place are actually mapped, and how many."""

    #: Id of the place whose point they use (None: they have no point).
    place: str | None
    #: UCDP where_prec of that point as used for them.
    where_prec: int
    #: How many of the events that name the place are mapped so.
    events: int


@dataclass(frozen=True)
class UnlocatedPlace:
    """A place with no sourced point of its own, and where events at it are mapped instead."""

    id: str
    name: str
    kind: str
    #: How many events name the place (any position in their ``places``).
    events: int
    #: Id of the nearest containing place with a point, where an event named only at this
    #: place is mapped (None: no containing place has one, or it is a country).
    placed_at: str | None
    #: UCDP where_prec of that fallback point for such an event (None without one).
    where_prec: int | None
    #: Why the place has no point: its ``coordinates_source``, which says what was checked.
    why: str
    #: Why an event named only at the place gets no point (None when it gets one): no place
    #: contains it, or only a country does.
    no_point: str | None = None
    #: How the events that name the place are actually mapped (by another of their places, or
    #: the fallback above), most events first: what a point for this place would change.
    mapped: tuple[MappedAt, ...] = ()


def _no_point_reason(chain: Sequence[AnyPlace]) -> str:
    """Why a place without a point of its own has no fallback either, said for people."""
    if chain[0].kind == "country":
        return "no point: a country is not mapped to a point"
    country = next((outer for outer in chain[1:] if outer.kind == "country"), None)
    if country is not None and len(chain) == 2:
        return f"no point: the place containing it is {country.name}, a country, which is not mapped to a point"
    if country is not None:
        return f"no point: no place containing it has a sourced point, and {country.name} is a country, which is not mapped to a point"
    if len(chain) == 1:
        return "no point: no place containing it is recorded (places.yaml gives it no within)"
    return "no point: no place containing it has a sourced point"


def unlocated_places(dataset: Dataset) -> list[UnlocatedPlace]:
    """Every place without a sourced point of its own, in file order: the coordinates still wanted.

    Lines (roads, the border) and countries are listed too, with why they have no point, so the
    list says for each what a contributor could add and what mapping does meanwhile: where an
    event named only at it would be mapped, and where the events that name it are mapped.
    """
    naming: dict[str, list[AnyEvent]] = {}
    for event in dataset.events:
        for pid in dict.fromkeys(event.places):
            naming.setdefault(pid, []).append(event)
    out: list[UnlocatedPlace] = []
    for place in dataset.places:
        if place.latitude is not None and place.longitude is not None:
            continue
        chain = place_chain(dataset, place.id)
        outer = next((p for p in chain[1:] if _usable(p)), None)
        placed_at, where_prec, no_point = None, None, None
        if outer is not None:
            placed_at = outer.id
            where_prec = max(kind_where_prec(place.kind), kind_where_prec(outer.kind))
        else:
            no_point = _no_point_reason(chain)
        tally: dict[tuple[str | None, int], int] = {}
        for event in naming.get(place.id, []):
            located = mapping_location(dataset, event)
            key = (located.place, located.where_prec)
            tally[key] = tally.get(key, 0) + 1
        mapped = tuple(MappedAt(pid, prec, n) for (pid, prec), n in sorted(tally.items(), key=lambda item: (-item[1], item[0][1], item[0][0] or "")))
        why = place.coordinates_source or "no source is given"
        out.append(UnlocatedPlace(place.id, place.name, place.kind, len(naming.get(place.id, [])), placed_at, where_prec, why, no_point, mapped))
    return out
