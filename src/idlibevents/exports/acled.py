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
from ..tally import adjusted_figures
from ..vocab import FATAL_OUTCOMES, EventType
from .common import ACLED_REGION, DEFAULT_COUNTRY, ISO_NUMERIC, _is_unverified, source_ids, where
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

#: ACLED's actor type codes (``inter1``/``inter2``), as numbers (the form before ACLED's 2024 codebook).
INTER_STATE, INTER_REBEL, INTER_POLITICAL_MILITIA, INTER_IDENTITY_MILITIA = 1, 2, 3, 4
INTER_RIOTERS, INTER_PROTESTERS, INTER_CIVILIANS, INTER_EXTERNAL = 5, 6, 7, 8

#: ACLED's name for an attacker its sources do not identify; used when an event names no
#: attacker and no other party, since ACLED always fills ``actor1``.
UNIDENTIFIED_ARMED_GROUP = "Unidentified Armed Group (Syria)"

#: ACLED's names of the Syrian state's actors. ACLED names a state's forces after the country and
#: the period of the regime, and a unit by that name followed by the unit's; since the Assad
#: government fell in December 2024 its forces are "(2000-2024)" in ACLED's data (public scripts
#: over ACLED rows match "Military Forces of Syria (2000-2024)" and "Police Forces of Syria
#: (2000-2024)"; older downloads have "(2000-)"). See docs/exports.md, "actor1".
SYRIA_PERIOD = "(2000-2024)"
MILITARY_FORCES_OF_SYRIA = f"Military Forces of Syria {SYRIA_PERIOD}"
POLICE_FORCES_OF_SYRIA = f"Police Forces of Syria {SYRIA_PERIOD}"
GOVERNMENT_OF_SYRIA = f"Government of Syria {SYRIA_PERIOD}"
#: ACLED's generic name for opposition fighters no named group is given for.
OPPOSITION_REBELS = "Opposition Rebels (Syria)"
#: ACLED's names for the unorganised actor types, by inter code.
CIVILIAN_ACTOR_NAME = {5: "Rioters (Syria)", 6: "Protesters (Syria)", 7: "Civilians (Syria)"}
#: Our actors that are the state's forces as a whole (no unit): ACLED's plain state name.
_STATE_AS_A_WHOLE = frozenset({"syrian-armed-forces", "syrian-army", "security-forces"})
#: Our actors ACLED would not name as a group: fighters or gunmen of no named group.
_GENERIC_REBELS = frozenset({"rebels", "army-defectors"})

#: The current codebook's text for each actor type code.
INTER_NAMES = {
    INTER_STATE: "State forces",
    INTER_REBEL: "Rebel group",
    INTER_POLITICAL_MILITIA: "Political militia",
    INTER_IDENTITY_MILITIA: "Identity militia",
    INTER_RIOTERS: "Rioters",
    INTER_PROTESTERS: "Protesters",
    INTER_CIVILIANS: "Civilians",
    INTER_EXTERNAL: "External/Other forces",
}

#: ACLED's numbers for vague amounts of deaths: "tens" 10, "dozens" 12, "hundreds" 100 "and so
#: on" (ACLED Knowledge Base, "Fatalities", updated 7 May 2024).
VAGUE_FATALITIES = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000}
#: Where that rule comes from, for the ``tags`` column.
VAGUE_FATALITIES_RULE = "ACLED fatalities FAQ"

#: Wordings that say there were deaths without a number or a multiple ("several", "many", "a
#: number of", an "unspecified number"): ACLED's older codebook codes a report of an unknown or
#: plural number of deaths as 10. The current FAQ points to a section on unknown numbers whose
#: text could not be found; this is issue 14's reading (docs/exports.md, "fatalities").
UNKNOWN_NUMBER_FATALITIES = 10
UNKNOWN_NUMBER_WORDINGS = frozenset({"several", "many", "a number of", "a large number", "unspecified number", "an unknown number", "plural"})
UNKNOWN_NUMBER_RULE = "older ACLED codebook, unknown or plural number"


def vague_fatalities(wording: str) -> tuple[int, str] | None:
    """ACLED's number for a vague death wording and the rule that gives it; None for any other wording."""
    word = " ".join(wording.lower().split())
    if word in VAGUE_FATALITIES:
        return VAGUE_FATALITIES[word], VAGUE_FATALITIES_RULE
    if word in UNKNOWN_NUMBER_WORDINGS:
        return UNKNOWN_NUMBER_FATALITIES, UNKNOWN_NUMBER_RULE
    return None


#: ACLED's ``source`` and ``source_scale`` of an event whose figures cite no named source: the
#: article every event is coded from. ``Other``: Wikipedia is a compilation of other outlets'
#: reports, neither an outlet reporting at a local, national, regional or international scale
#: nor the social media ACLED calls ``New media`` (docs/exports.md, "source_scale").
ARTICLE_SOURCE, ARTICLE_SOURCE_SCALE = "Wikipedia", "Other"

#: ACLED's ``source_scale`` of each kind of source.
SOURCE_SCALE = {
    "witness": "Other",
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
_SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")

_QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "about": "around ", "up_to": "up to ", "more_than": "more than "}


def acled_date(day: date) -> str:
    """ACLED's date form in the current codebook and API, ISO 8601: ``2011-12-19``."""
    return day.isoformat()


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


def interaction_text(inter1: int, inter2: int) -> str:
    """The current codebook's interaction: ``Rebel group-Civilians``, ``Protesters only``.

    The two types come in the order of their codes (lower first), except that ACLED writes
    external forces before civilians (``External/Other forces-Civilians``).
    """
    if inter2 == 0:
        return f"{INTER_NAMES[inter1]} only"
    low, high = sorted((inter1, inter2))
    if (low, high) == (INTER_CIVILIANS, INTER_EXTERNAL):
        low, high = high, low
    return f"{INTER_NAMES[low]}-{INTER_NAMES[high]}"


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction: both codes, the lower first (12); a lone actor gives 10, 20, ..."""
    if inter2 == 0:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def acled_actor_name(actor: AnyActor, inter: int) -> tuple[str, str | None]:
    """ACLED's name of one of our actors, and our name when ACLED's hides it (for ``assoc_actor``).

    The Syrian state: ``Military Forces of Syria (2000-2024)`` for the army and security forces
    as a whole, the same followed by the unit for a named unit, ``Police Forces of Syria
    (2000-2024)``, ``Government of Syria (2000-2024)``. Fighters of no named group: ``Opposition
    Rebels (Syria)``; unidentified gunmen: ``Unidentified Armed Group (Syria)``. Civilians,
    protesters and rioters: ``Civilians (Syria)``, ``Protesters (Syria)``, ``Rioters (Syria)``,
    with a specific group (journalists, the Red Crescent) named as the associated actor, as
    ACLED does. Named groups (the Free Syrian Army, a battalion, the Shabiha) and foreign forces
    keep our name: ACLED names groups by their own name, and the period label of Turkey's forces
    in 2011-2012 could not be checked.
    """
    if actor.side == "government":
        if actor.kind == "police":
            return POLICE_FORCES_OF_SYRIA, None
        if actor.kind == "government":
            return GOVERNMENT_OF_SYRIA, None
        if actor.kind == "militia":
            return actor.name, None
        if actor.id in _STATE_AS_A_WHOLE:
            return MILITARY_FORCES_OF_SYRIA, None
        return f"{MILITARY_FORCES_OF_SYRIA} {actor.name}", None
    if actor.side == "opposition":
        return (OPPOSITION_REBELS, None) if actor.id in _GENERIC_REBELS else (actor.name, None)
    if actor.side == "unknown":
        return UNIDENTIFIED_ARMED_GROUP, None
    if actor.side == "civilian":
        generic = actor.id in ("civilians", "protesters")
        return CIVILIAN_ACTOR_NAME.get(inter, CIVILIAN_ACTOR_NAME[INTER_CIVILIANS]), None if generic else actor.name
    return actor.name, None


def _named(actor: AnyActor, event: AnyEvent, assoc: list[str]) -> str:
    """ACLED's name of ``actor``; our name of a specific civilian group is added to ``assoc``."""
    name, identity = acled_actor_name(actor, inter_code(actor, event))
    if identity is not None:
        assoc.append(identity)
    return name


def _associated(actors: list[AnyActor], event: AnyEvent, main: str) -> list[str]:
    """ACLED's names of the associated actors, without repeats or the main actor's own name."""
    out: list[str] = []
    for actor in actors:
        extra: list[str] = []
        name = _named(actor, event, extra)
        for item in [name, *extra]:
            if item != main and item not in out:
                out.append(item)
    return out


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
    identities1: list[str] = []
    identities2: list[str] = []
    if actor1 is None:
        name1, inter1 = UNIDENTIFIED_ARMED_GROUP, INTER_POLITICAL_MILITIA
    else:
        name1, inter1 = _named(actor1, event, identities1), inter_code(actor1, event)
    name2 = _named(actor2, event, identities2) if actor2 else ""
    return AcledActors(
        actor1=name1,
        assoc1=[*identities1, *(a for a in _associated(assoc1, event, name1) if a not in identities1)],
        inter1=inter1,
        actor2=name2,
        assoc2=[*identities2, *(a for a in _associated(assoc2, event, name2) if a not in identities2)],
        inter2=inter_code(actor2, event) if actor2 else 0,
    )


@dataclass
class AcledFatalities:
    """ACLED's fatality figure of an event and the rules that gave it, for the ``tags`` column."""

    count: int
    #: How much of ``count`` comes from ACLED's numbers for vague words (not in ``idlib casualties``' low).
    from_vague: int
    rules: list[str]


def acled_fatalities(events: Sequence[AnyEvent]) -> dict[str, AcledFatalities]:
    """ACLED's fatalities: the most conservative figure of each death cell, vague words by ACLED's numbers.

    A cell (who, killed or executed) reported with numbers counts its lowest figure (our
    ``low``, after the aggregate rule): ACLED takes the most conservative of conflicting
    reports. A cell reported only with a vague word counts ACLED's number for it
    (:func:`vague_fatalities`), the smallest when there are several; the tag names the rule.
    """
    figures, _ = adjusted_figures(events)
    out: dict[str, AcledFatalities] = {}
    for event in events:
        count = from_vague = 0
        rules: list[str] = []
        conflicting = False
        for (group, outcome), figure in figures[event.id].items():
            if outcome not in FATAL_OUTCOMES:
                continue
            count += figure.low
            if figure.low != figure.high:
                conflicting = True
            coded: list[tuple[int, str, str]] = []
            for word in figure.vague:
                found = vague_fatalities(word)
                if found is not None:
                    coded.append((found[0], found[1], word))
            if figure.low == 0 and coded:
                extra, rule, word = min(coded, key=lambda item: item[0])
                count += extra
                from_vague += extra
                rules.append(f"fatalities rule=vague '{word}' coded {extra} ({rule}: {group} {outcome})")
        if conflicting:
            rules.append("fatalities rule=most conservative of differing reports")
        out[event.id] = AcledFatalities(count, from_vague, rules)
    return out


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
    return "-".join(s for s in _SCALE_ORDER if s in scales) or ARTICLE_SOURCE_SCALE


def acled_source(dataset: Dataset, event: AnyEvent) -> str:
    """ACLED's ``source``: the sources our claims cite, or the article when they name none."""
    return "; ".join(dataset.sources[s].name for s in source_ids(event)) or ARTICLE_SOURCE


def acled_timestamp(event: AnyEvent) -> int:
    """A fixed stand-in for ACLED's edit time: midnight UTC of the event's last possible day."""
    return int(datetime.combine(event.span.latest, time(), tzinfo=UTC).timestamp())


@dataclass
class AcledExport:
    """The rows of an ACLED file and the ids of the events left out because they have no point."""

    rows: list[dict[str, Any]]
    unlocated: list[str]


def acled_rows(dataset: Dataset, events: Sequence[AnyEvent], numeric_inter: bool = False) -> list[dict[str, Any]]:
    """One ACLED row per event that has a point (see :func:`acled_export`)."""
    return acled_export(dataset, events, numeric_inter).rows


def acled_export(dataset: Dataset, events: Sequence[AnyEvent], numeric_inter: bool = False) -> AcledExport:
    """One ACLED row per event (see :data:`ACLED_COLUMNS` and docs/exports.md).

    An ACLED row always has a point: an event is placed at its mapping location
    (:mod:`idlibevents.location`), which may be a containing place's point at a coarser
    ``geo_precision``; an event with no point at all (known only to the country) is left out
    and its id returned in ``unlocated``.

    ``numeric_inter`` writes ``inter1``/``inter2``/``interaction`` as the numbers of ACLED's
    codebooks before 2024 (``2``, ``27``), for older scripts; the default is the current text.
    """
    fatalities = acled_fatalities(events)
    rows: list[dict[str, Any]] = []
    unlocated: list[str] = []
    for event in events:
        day = representative_day(event)
        actors = acled_actors(dataset, event)
        location = where(dataset, event)
        if location.latitude is None or location.longitude is None or location.geo_precision is None:
            unlocated.append(event.id)
            continue
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
                "inter1": actors.inter1 if numeric_inter else INTER_NAMES[actors.inter1],
                "actor2": actors.actor2,
                "assoc_actor_2": "; ".join(actors.assoc2),
                "inter2": actors.inter2 if numeric_inter else INTER_NAMES.get(actors.inter2, ""),
                "interaction": interaction_code(actors.inter1, actors.inter2) if numeric_inter else interaction_text(actors.inter1, actors.inter2),
                "civilian_targeting": "Civilian targeting" if civilian_target else "",
                "iso": ISO_NUMERIC.get(location.country, ISO_NUMERIC[DEFAULT_COUNTRY]),
                "region": ACLED_REGION.get(location.country, ACLED_REGION[DEFAULT_COUNTRY]),
                "country": location.country,
                "admin1": location.admin1,
                "admin2": location.admin2,
                "admin3": "",
                "location": location.place.name if location.place is not None else location.name,
                "latitude": location.latitude,
                "longitude": location.longitude,
                "geo_precision": location.geo_precision,
                "source": acled_source(dataset, event),
                "source_scale": source_scale(dataset, event),
                "notes": event.summary,
                "fatalities": fatalities[event.id].count,
                "tags": "; ".join([*acled_tags(event), *fatalities[event.id].rules]),
                "timestamp": acled_timestamp(event),
            }
        )
    return AcledExport(rows, unlocated)


def to_acled_csv(dataset: Dataset, events: Sequence[AnyEvent], numeric_inter: bool = False) -> str:
    """The selected events as an ACLED-style CSV, every text cell formula-safe."""
    return write_csv(acled_rows(dataset, events, numeric_inter), ACLED_COLUMNS)


