"""Selecting events: the filters every command shares, as one plain, testable function.

Names are resolved here (a place, actor or source by any alias) and an unknown name is
an error that carries the closest known names, so the CLI can say "did you mean ...?".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .dataset import Dataset, Registry
from .edtf import EdtfError, parse_edtf
from .names import closest, normalize_name
from .rows import AnyEvent
from .vocab import SHORT_TYPES, SUB_EVENT_TYPES, EventType


class QueryError(ValueError):
    """A filter the user gave that cannot be applied (unknown name, bad date...)."""

    def __init__(self, option: str, message: str, suggestions: Sequence[str] = (), detail: str | None = None) -> None:
        self.option = option
        self.suggestions = list(suggestions)
        #: A second line, for a list of choices too long to follow the message on its own line.
        self.detail = detail
        hint = f" (did you mean {', '.join(repr(s) for s in self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"{option}: {message}{hint}" + (f"\n{detail}" if detail else ""))


@dataclass
class Filters:
    """Every filter of ``idlib query`` and friends; empty means "no restriction"."""

    places: list[str] = field(default_factory=list)
    near: str | None = None
    km: float | None = None
    actors: list[str] = field(default_factory=list)
    sides: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    text: str | None = None
    date: str | None = None
    since: str | None = None
    until: str | None = None
    month: str | None = None
    exact_dates: bool = False
    verified_only: bool = False
    #: With --near: also keep events mapped only to an area, district, governorate, border or
    #: country (UCDP where_prec 3 or more), by their representative point.
    include_imprecise: bool = False


#: The least precise mapping where_prec that --near measures from without --include-imprecise:
#: an exact place (1) or a point within about 25 km of the event (2).
NEAR_MAX_WHERE_PREC = 2


@dataclass
class Selection:
    """The events that match, and what a filter left out that the user may want to know about."""

    events: list[AnyEvent]
    #: Events that --near left out only because the point within --km merely represents an
    #: area, district, governorate, border or country (UCDP where_prec 3 or more).
    imprecise_left_out: int = 0


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_day_bound(option: str, value: str, end: bool) -> date:
    """A ``--since``/``--until`` value: a day, a month or a year (its first or last day)."""
    try:
        span = parse_edtf(value)
    except EdtfError as exc:
        raise QueryError(option, f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY ({exc})") from None
    if span.approximate or span.uncertain or span.interval:
        raise QueryError(option, f"{value!r}: give a plain day, month or year")
    return span.latest if end else span.earliest


def date_window(filters: Filters) -> tuple[date, date] | None:
    """The window the date filters describe, or None when there is none."""
    start, end = date.min, date.max
    given = False
    if filters.month is not None:
        if not _MONTH.match(filters.month) or not 1 <= int(filters.month[5:]) <= 12:
            raise QueryError("--month", f"{filters.month!r} is not a month: use YYYY-MM with a month from 01 to 12, e.g. 2011-12")
        start = max(start, parse_day_bound("--month", filters.month, end=False))
        end = min(end, parse_day_bound("--month", filters.month, end=True))
        given = True
    if filters.date is not None:
        try:
            span = parse_edtf(filters.date)
        except EdtfError as exc:
            raise QueryError("--date", f"{filters.date!r} is not a date ({exc})") from None
        start, end = max(start, span.earliest), min(end, span.latest)
        given = True
    if filters.since is not None:
        start = max(start, parse_day_bound("--since", filters.since, end=False))
        given = True
    if filters.until is not None:
        end = min(end, parse_day_bound("--until", filters.until, end=True))
        given = True
    if filters.since is not None and filters.until is not None and parse_day_bound("--since", filters.since, False) > parse_day_bound("--until", filters.until, True):
        raise QueryError("--since", f"{filters.since} comes after --until {filters.until}")
    if start > end:
        raise QueryError("--date", "the date filters given leave no day at all")
    return (start, end) if given else None


def _resolve_all(registry: Registry[object], names: Iterable[str], option: str) -> list[str]:  # type: ignore[type-var]
    ids = []
    kind = "place" if option == "--near" else option.lstrip("-")
    for name in names:
        if not name.strip():
            raise QueryError(option, f"an empty name matches nothing; give a {kind} name, id or alias (list them with: idlib {kind}s)")
        record = registry.resolve(name)
        if record is None:
            raise QueryError(option, f"no {kind} called {name!r}", registry.suggest(name))
        ids.append(record.id)  # type: ignore[attr-defined]
    return ids


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius (6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_SIDES = ("government", "opposition", "civilian", "unknown", "foreign")


def resolve_sides(values: Iterable[str]) -> list[str]:
    """``--side`` values as the data spells sides, ignoring case (GOVERNMENT is government), as names and types are."""
    out = []
    for value in values:
        side = value.strip().casefold()
        if side not in _SIDES:
            raise QueryError("--side", f"{value!r} is not a side; choose from {', '.join(_SIDES)}", suggest_choice(value, _SIDES))
        out.append(side)
    return out


def resolve_type(value: str) -> tuple[str, str]:
    """An ACLED event type or sub-event type, by name or short name (``shelling``), ignoring case.

    Returns (kind, canonical name). An unknown value is an error that names the closest
    types, including those that contain the word given (``shell`` finds the shelling type).
    """
    key = normalize_name(value)
    for event_type, subs in SUB_EVENT_TYPES.items():
        if normalize_name(event_type.value) == key:
            return "type", event_type.value
        for sub in subs:
            if normalize_name(sub) == key or normalize_name(SHORT_TYPES.get(sub, sub)) == key:
                return "sub", sub
    types = ", ".join(t.value for t in EventType)
    raise QueryError(
        "--type",
        f"{value!r} is not an ACLED event type or sub-event type",
        suggest_choice(value, TYPE_NAMES),
        detail=f"The types are {types}; idlib types lists their sub-types and short names.",
    )


#: Every event type and sub-event type, as ``--type`` takes them.
TYPE_NAMES: tuple[str, ...] = tuple([t.value for t in EventType] + [s for subs in SUB_EVENT_TYPES.values() for s in subs])


def suggest_choice(value: str, choices: Sequence[str], n: int = 3) -> list[str]:
    """The choices closest to a mistyped value: those it starts or is part of, then near spellings."""
    import difflib

    key = normalize_name(value)
    if not key:
        return []
    folded: dict[str, str] = {}
    # Of two choices that fold alike ("date", "-date"), the one with the value's sign:
    # "date" for DATE, "-deaths" for -death.
    for choice in sorted(choices, key=lambda c: c.startswith("-") != value.startswith("-")):
        folded.setdefault(normalize_name(choice), choice)
    out = [c for k, c in folded.items() if k.startswith(key) or (len(key) >= 4 and key in k)]
    out += [folded[m] for m in closest(key, folded, n=n, cutoff=0.5)]
    if not out:
        # A near spelling of one word of a longer name ("shelin" for Shelling/artillery/missile attack).
        out += [c for k, c in folded.items() if len(key) >= 4 and difflib.get_close_matches(key, re.split(r"[ /]+", k), n=1, cutoff=0.75)]
    return list(dict.fromkeys(out))[:n]


def select_events(dataset: Dataset, filters: Filters) -> list[AnyEvent]:
    """The events that match every filter, in date order (earliest possible day, then id)."""
    return selection(dataset, filters).events


def selection(dataset: Dataset, filters: Filters) -> Selection:
    """:func:`select_events`, with what --near left out for imprecision (for a note on stderr)."""
    window = date_window(filters)
    place_sets = [dataset.place_and_within(pid) for pid in _resolve_all(dataset.places, filters.places, "--place")]  # type: ignore[arg-type]
    actor_sets = [dataset.actor_and_units(aid) for aid in _resolve_all(dataset.actors, filters.actors, "--actor")]  # type: ignore[arg-type]
    source_ids = set(_resolve_all(dataset.sources, filters.sources, "--source"))  # type: ignore[arg-type]
    sides = resolve_sides(filters.sides)
    types = [resolve_type(t) for t in filters.types]
    text = normalize_name(filters.text) if filters.text else None
    if filters.text is not None and not text:
        raise QueryError("--text", "give a word to search for")

    near_point: tuple[float, float] | None = None
    if filters.near is not None or filters.km is not None:
        if filters.near is None or filters.km is None:
            raise QueryError("--near", "--near PLACE and --km N go together")
        if not (filters.km >= 0) or math.isinf(filters.km):
            raise QueryError("--km", f"{filters.km} is not a distance; give a number of kilometres >= 0")
        (near_id,) = _resolve_all(dataset.places, [filters.near], "--near")  # type: ignore[arg-type]
        centre = dataset.places[near_id]
        if centre.latitude is None or centre.longitude is None:
            raise QueryError(
                "--near",
                f"{centre.name!r} has no sourced coordinates, so distances from it are unknown; use --place {centre.name!r} to select its events (idlib places --unlocated)",
            )
        from .location import kind_where_prec  # only --near needs it: the quick answers do without importing it

        if kind_where_prec(centre.kind) > NEAR_MAX_WHERE_PREC:
            raise QueryError(
                "--near",
                f"{centre.name!r} is {_article(centre.kind)} {centre.kind}: its point only represents it, so distances from it mean little; "
                f"to select the events in it, use --place {centre.name!r}",
            )
        near_point = (centre.latitude, centre.longitude)
    elif filters.include_imprecise:
        raise QueryError("--include-imprecise", "goes with --near PLACE --km N")

    unfiltered = not (
        filters.verified_only or place_sets or actor_sets or sides or source_ids or types or text is not None or window is not None or near_point is not None
    )
    out: list[AnyEvent] = list(dataset.events) if unfiltered else []
    left_out = 0
    # With --place, only the events at those places can match: ask the dataset for them (from
    # the cache, an index lookup); the test below still applies to each, as to every event.
    candidates = dataset.events_at(set().union(*place_sets)) if place_sets else dataset.events
    for event in () if unfiltered else candidates:
        if filters.verified_only and (event.unverified or any(c.unverified for c in event.claims)):
            continue
        # Several --place options: an event matches when it is at any of them.
        if place_sets and not any(any(p in wanted for p in event.places) for wanted in place_sets):
            continue
        if actor_sets and not any(any(a.actor in wanted for a in event.actors) for wanted in actor_sets):
            continue
        if sides and not any(dataset.actors[a.actor].side in sides for a in event.actors):
            continue
        if source_ids and not (event.sources() & source_ids):
            continue
        if types and not any(event.event_type.value == name if kind == "type" else event.sub_event_type == name for kind, name in types):
            continue
        if text is not None and not any(text in normalize_name(words) for words in searchable_text(event)):
            continue
        if window is not None:
            span = event.span
            if filters.exact_dates and not span.within(*window):
                continue
            if not span.overlaps(*window):
                continue
        if near_point is not None:
            verdict = _near(dataset, event, near_point, filters.km or 0.0, filters.include_imprecise)
            if verdict != "near":
                left_out += verdict == "imprecise"
                continue
        out.append(event)
    out.sort(key=_date_order)
    return Selection(out, left_out)


def searchable_text(event: AnyEvent) -> list[str]:
    """What ``--text`` looks in: the summary, the location note, and every claim's and quantity's note."""
    texts = [event.summary]
    if event.location_note:
        texts.append(event.location_note)
    texts.extend(c.note for c in event.claims if c.note)
    texts.extend(q.note for q in event.quantities if q.note)
    return texts


def _date_order(event: AnyEvent) -> tuple[date, date, str]:
    span = event.span
    return span.earliest, span.latest, event.id


def _article(noun: str) -> str:
    """"an" before a vowel sound ("an area"), else "a" ("a governorate")."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _near(dataset: Dataset, event: AnyEvent, point: tuple[float, float], km: float, include_imprecise: bool) -> str:
    """"near", "far", or "imprecise" (within km, but only by an area's or province's representative point).

    An event is near when any of its own places with a point is within km: "between Kansafra and
    Kafr Oweid" is near Kafr Oweid, a raid on Abdita, Iblin and Balshun is near Iblin. Each own
    place counts at its own precision (an area's or the governorate's point is imprecise; the
    event's coded precision caps it); an imprecise own place (the area named as context) counts
    only when the event has no precise own place with a point. An event with no own place with
    a point is measured from its location used for mapping (docs/codebook.md, 3.4.1), so one at
    the prison counts at Idlib city. Within km only by an imprecise point (UCDP where_prec 3 or
    more: a district, governorate, area, border or road), it is "imprecise": left out unless
    the user asks for it.
    """
    from .location import kind_where_prec, mapping_location

    own = [
        (place.latitude, place.longitude, max(event.location_precision, kind_where_prec(place.kind)))
        for place in (dataset.places[pid] for pid in event.places if pid in dataset.places)
        if place.latitude is not None and place.longitude is not None and place.kind != "country"
    ]
    if event.location_precision >= 6:
        own = []  # known only to the country: no own place stands for it
    candidates: list[tuple[float, float, int]] = [p for p in own if p[2] <= NEAR_MAX_WHERE_PREC] or own
    if not candidates:
        located = mapping_location(dataset, event)
        if located.latitude is None or located.longitude is None:
            return "far"
        candidates = [(located.latitude, located.longitude, located.where_prec)]
    within = [prec for lat, lon, prec in candidates if haversine_km(point[0], point[1], lat, lon) <= km]
    if not within:
        return "far"
    if min(within) > NEAR_MAX_WHERE_PREC and not include_imprecise:
        return "imprecise"
    return "near"


#: The keys of ``--sort``; each sorts ascending, or descending with a leading ``-``.
SORT_KEYS: tuple[str, ...] = ("date", "deaths", "place", "type")
#: Older spellings still taken: ``killed`` is ``deaths``.
SORT_ALIASES: dict[str, str] = {"killed": "deaths"}


def sort_events(events: Sequence[AnyEvent], key: str, deaths: dict[str, int] | None = None, place_names: dict[str, str] | None = None) -> list[AnyEvent]:
    """Order for ``--sort``: KEY ascending, -KEY descending, for every key; ties stay in date order.

    ``date`` is the earliest possible day (then the latest, then the id); ``deaths`` the best
    estimate of deaths (``deaths``: {event id: best}); ``place`` the name of the event's
    first place (``place_names``: {place id: name}); ``type`` the event type, then sub-type.
    """
    descending = key.startswith("-")
    name = SORT_ALIASES.get(key.lstrip("-"), key.lstrip("-"))
    ordered = sorted(events, key=_date_order)
    if name == "date":
        return ordered[::-1] if descending else ordered
    if name == "deaths":
        counts = deaths or {}
        return sorted(ordered, key=lambda e: counts.get(e.id, 0), reverse=descending)
    if name == "place":
        names = place_names or {}
        return sorted(ordered, key=lambda e: normalize_name(names.get(e.places[0], e.places[0])) if e.places else "", reverse=descending)
    if name == "type":
        return sorted(ordered, key=lambda e: (e.event_type.value, e.sub_event_type), reverse=descending)
    raise QueryError("--sort", f"{key!r}: choose {', '.join(SORT_KEYS)}, each with - for descending", suggest_choice(key.lstrip("-"), SORT_KEYS))


def one_day(d: date) -> tuple[date, date]:
    return d, d + timedelta(days=0)


def type_counts(dataset: Dataset) -> list[dict[str, object]]:
    """Each ACLED event type (``sub_event_type`` None) and sub-event type, its short name and event count."""
    per_type: dict[str, int] = {}
    per_sub: dict[str, int] = {}
    for event in dataset.events:
        per_type[event.event_type.value] = per_type.get(event.event_type.value, 0) + 1
        per_sub[event.sub_event_type] = per_sub.get(event.sub_event_type, 0) + 1
    rows: list[dict[str, object]] = []
    for event_type, subs in SUB_EVENT_TYPES.items():
        rows.append({"event_type": event_type.value, "sub_event_type": None, "short_name": None, "events": per_type.get(event_type.value, 0)})
        rows.extend({"event_type": event_type.value, "sub_event_type": sub, "short_name": SHORT_TYPES[sub], "events": per_sub.get(sub, 0)} for sub in subs)
    return rows


def reference_listing(dataset: Dataset, kind: str, sides: Sequence[str] = ()) -> list[dict[str, object]]:
    """The places, actors or sources with their aliases and how many events name each.

    ``sides`` keeps only the actors of those sides (as ``--side`` does for events).
    """
    sides = resolve_sides(sides)
    counts: dict[str, int] = {}
    for event in dataset.events:
        if kind == "places":
            named = set(event.places)
        elif kind == "actors":
            named = {a.actor for a in event.actors}
        elif kind == "sources":
            named = event.sources()
        else:
            raise ValueError(f"unknown listing {kind!r}")
        for ident in named:
            counts[ident] = counts.get(ident, 0) + 1
    registry: Registry[Any] = {"places": dataset.places, "actors": dataset.actors, "sources": dataset.sources}[kind]  # type: ignore[assignment]
    rows: list[dict[str, object]] = []
    for record in registry.values():
        row = record.to_dict() if hasattr(record, "to_dict") else record.model_dump(mode="json")
        row["events"] = counts.get(record.id, 0)
        if not sides or row.get("side") in sides:
            rows.append(row)
    return rows
