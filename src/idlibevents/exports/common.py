"""What the ACLED and UCDP GED exports share: where an event is, who reported it, and its deaths.

Both reference datasets need a country, first- and second-order administrative units and
one point per event, the sources cited, and the deaths split by side; each is computed
once here. Figures follow :mod:`idlibevents.tally` (docs/codebook.md, "Counting"), after the
aggregate rule within the exported selection, so summing a column never counts a death twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..dataset import Dataset
from ..rows import AnyEvent, AnyPlace
from ..tally import adjusted_figures
from ..vocab import FATAL_OUTCOMES, GROUP_SIDE

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


