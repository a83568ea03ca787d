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
from ..location import mapping_location, place_chain
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

_GOVERNORATE_NOTE = re.compile(r"\(([^()]*?) Governorate\)")


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


@dataclass(frozen=True)
class Where:
    """Everything an export says about where an event is: its units and the one point it is mapped at."""

    country: str
    admin1: str
    admin2: str
    #: The name of the event's first (most specific) place.
    name: str
    #: The place whose point is used, or None when there is no point.
    place: AnyPlace | None
    latitude: float | None
    longitude: float | None
    #: UCDP GED where_prec (1-7) of the point as used.
    where_prec: int
    #: ACLED geo_precision (1-3), None without a point.
    geo_precision: int | None
    #: For people: why this point (or none), from :mod:`idlibevents.location`.
    reason: str | None


def unit_chain(dataset: Dataset, event: AnyEvent, mapped_place: str | None) -> list[AnyPlace]:
    """The ``within`` chain the administrative units are read from: that of the place mapped at.

    admin1/admin2 (ACLED) and adm_1/adm_2 (GED) describe where the point is, so they come from
    the chain of the place whose point is used. When that chain reaches no governorate (no
    point, or a point outside any governorate), the first of the event's own places whose
    chain does is used; failing that, the first place's chain (country only).
    """
    chains = [place_chain(dataset, mapped_place)] if mapped_place is not None else []
    chains += [place_chain(dataset, p) for p in event.places]
    for chain in chains:
        if _admin1(chain):
            return chain
    return next((chain for chain in chains if chain), [])


def where(dataset: Dataset, event: AnyEvent) -> Where:
    """Country, governorate, district and the mapping point of an event.

    The point and its precision are :func:`idlibevents.location.mapping_location`'s, the one
    rule every export and the map use; the units come from the ``within`` chain of the place
    mapped at (:func:`unit_chain`), so that they describe the point the row is drawn at.
    """
    mapped = mapping_location(dataset, event)
    chain = unit_chain(dataset, event, mapped.place)
    first = place_chain(dataset, event.places[0])
    country = next((p.name for p in chain + first if p.kind == "country"), DEFAULT_COUNTRY)
    return Where(
        country=country,
        admin1=_admin1(chain),
        admin2=_admin2(chain),
        name=first[0].name if first else "",
        place=dataset.places[mapped.place] if mapped.place is not None else None,
        latitude=mapped.latitude,
        longitude=mapped.longitude,
        where_prec=mapped.where_prec,
        geo_precision=mapped.geo_precision,
        reason=mapped.reason,
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
