"""Rules that span records and files: unique ids and aliases, references that resolve.

Each rule reports through the file's own :class:`LoadedFile`, so a broken reference is
shown at the line of the record that makes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .loading import LoadedFile
from .models import Infobox
from .names import normalize_name
from .rows import ActorRow, EventRow, PlaceRow, SourceRow


def _records(loaded: LoadedFile) -> Iterator[tuple[tuple[int | str, ...], Any]]:
    return zip(loaded.record_paths, loaded.records, strict=True)


def check_unique_ids(loaded: LoadedFile) -> None:
    """Every id once per file; the second use is reported, naming the line of the first."""
    first: dict[str, tuple[int | str, ...]] = {}
    for path, record in _records(loaded):
        ident = getattr(record, "id", None)
        if ident is None:
            continue
        if ident in first:
            # Lines are worked out only here: on the happy path no line is ever needed.
            line = loaded.lines.line_of(first[ident] + ("id",))
            loaded.problem(path + ("id",), f"duplicate id {ident!r} (first used on line {line})", ident)
        else:
            first[ident] = path


def check_unique_names(loaded: LoadedFile) -> None:
    """A name or alias must name one record only, compared as lookups compare them."""
    owner: dict[str, str] = {}
    for path, record in _records(loaded):
        ident = getattr(record, "id", "")
        names: list[tuple[tuple[int | str, ...], str]] = [(path + ("name",), record.name)]
        names += [(path + ("aliases", i), alias) for i, alias in enumerate(record.aliases)]
        seen_here: set[str] = set()
        for where, name in names:
            key = normalize_name(name)
            if not key:
                loaded.problem(where, "a name must contain letters or digits", ident)
                continue
            if key in seen_here:
                if where[-2:-1] == ("aliases",):
                    loaded.problem(where, f"alias {name!r} repeats this record's name or another of its aliases", ident)
                continue
            seen_here.add(key)
            other = owner.get(key)
            if other is not None and other != ident:
                loaded.problem(where, f"{name!r} already names {other!r}; an alias must name one record only", ident)
            else:
                owner[key] = ident


def _check_refs(loaded: LoadedFile, refs: Iterable[tuple[tuple[int | str, ...], str | None]], known: set[str], what: str, record: str | None) -> None:
    for where, ref in refs:
        if ref is not None and ref not in known:
            loaded.problem(where, f"unknown {what} id {ref!r} (not in {what}s.yaml)", record)


def _check_tree(loaded: LoadedFile, attr: str, what: str) -> None:
    """``within``/``parent`` chains must end: no record may contain itself through others."""
    parents: dict[str, str | None] = {r.id: getattr(r, attr) for r in loaded.records}
    for path, record in _records(loaded):
        ident: str = record.id
        seen = {ident}
        current = parents.get(ident)
        while current is not None and current in parents:
            if current in seen:
                loaded.problem(path + (attr,), f"{attr} makes a cycle through {current!r}", ident)
                break
            seen.add(current)
            current = parents[current]


def check_references(places: LoadedFile, actors: LoadedFile, sources: LoadedFile, events: LoadedFile, infobox: LoadedFile) -> None:
    """Every id an event, place, actor or the infobox names must exist in its file."""
    place_ids = {r.id for r in places.records if isinstance(r, PlaceRow)}
    actor_ids = {r.id for r in actors.records if isinstance(r, ActorRow)}
    source_ids = {r.id for r in sources.records if isinstance(r, SourceRow)}
    event_ids = {r.id for r in events.records if isinstance(r, EventRow)}

    for path, place in _records(places):
        assert isinstance(place, PlaceRow)
        _check_refs(places, [(path + ("within",), place.within)], place_ids, "place", place.id)
    _check_tree(places, "within", "place")
    for path, actor in _records(actors):
        assert isinstance(actor, ActorRow)
        _check_refs(actors, [(path + ("parent",), actor.parent)], actor_ids, "actor", actor.id)
    _check_tree(actors, "parent", "actor")

    for path, event in _records(events):
        assert isinstance(event, EventRow)
        _check_refs(events, [(path + ("places", i), p) for i, p in enumerate(event.places)], place_ids, "place", event.id)
        _check_refs(events, [(path + ("actors", i, "actor"), a.actor) for i, a in enumerate(event.actors)], actor_ids, "actor", event.id)
        _check_refs(events, [(path + ("claims", i, "source"), c.source) for i, c in enumerate(event.claims)], source_ids, "source", event.id)
        _check_refs(events, [(path + ("quantities", i, "source"), q.source) for i, q in enumerate(event.quantities)], source_ids, "source", event.id)
        for i, target in enumerate(event.aggregates):
            if target not in event_ids:
                events.problem(path + ("aggregates", i), f"unknown event id {target!r} in aggregates", event.id)
        if len(set(event.places)) != len(event.places):
            events.problem(path + ("places",), "a place is listed twice", event.id)
    _check_aggregate_cycles(events)

    for path, box in _records(infobox):
        assert isinstance(box, Infobox)
        refs_p: list[tuple[tuple[int | str, ...], str | None]] = [(path + ("places", i), p) for i, p in enumerate(box.places)]
        refs_p += [(path + ("result", "towns", i), p) for i, p in enumerate(box.result.towns)]
        refs_p += [(path + ("strength", i, "place"), s.place) for i, s in enumerate(box.strength)]
        _check_refs(infobox, refs_p, place_ids, "place", None)
        refs_a = [(path + ("result", "counter_offensive_by"), box.result.counter_offensive_by), (path + ("result", "control_taken_by"), box.result.control_taken_by)]
        for i, side in enumerate(box.sides):
            refs_a += [(path + ("sides", i, "combatants", j), a) for j, a in enumerate(side.combatants)]
            refs_a += [(path + ("sides", i, "units", j), a) for j, a in enumerate(side.units)]
        refs_a += [(path + ("commanders", i, "unit"), c.unit) for i, c in enumerate(box.commanders)]
        refs_a += [(path + ("strength", i, "actor"), s.actor) for i, s in enumerate(box.strength)]
        _check_refs(infobox, refs_a, actor_ids, "actor", None)
        refs_s = [(path + ("casualties", i, "claimed_by"), c.claimed_by) for i, c in enumerate(box.casualties)]
        _check_refs(infobox, refs_s, source_ids, "source", None)


def _check_aggregate_cycles(events: LoadedFile) -> None:
    parts = {e.id: e.aggregates for e in events.records if isinstance(e, EventRow)}
    for path, event in _records(events):
        assert isinstance(event, EventRow)
        stack, seen = list(event.aggregates), set()
        while stack:
            current = stack.pop()
            if current == event.id:
                events.problem(path + ("aggregates",), "aggregates make a cycle back to this event", event.id)
                break
            if current in seen:
                continue
            seen.add(current)
            stack.extend(parts.get(current, []))
