"""The validated dataset in memory, with look-ups by id and by any name or alias."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .models import Actor, Event, Infobox, Place, Source
from .names import normalize_name

Named = TypeVar("Named", Place, Actor, Source)


@dataclass
class Registry(Generic[Named]):
    """Records of one kind, found by id or by any of their names (see :func:`normalize_name`)."""

    by_id: dict[str, Named]
    by_name: dict[str, Named] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {}
        record: Named
        for record in self.by_id.values():
            for name in (record.id, record.name, *record.aliases):
                self.by_name.setdefault(normalize_name(name), record)

    def __getitem__(self, ident: str) -> Named:
        return self.by_id[ident]

    def __contains__(self, ident: object) -> bool:
        return ident in self.by_id

    def __iter__(self) -> Iterator[Named]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def values(self) -> list[Named]:
        return list(self.by_id.values())

    def resolve(self, name: str) -> Named | None:
        """The record an id, name or alias refers to, forgiving case, accents and apostrophes."""
        return self.by_id.get(name) or self.by_name.get(normalize_name(name))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Closest known names, for "did you mean ...?" messages."""
        key = normalize_name(name)
        matches = difflib.get_close_matches(key, list(self.by_name), n=n * 3, cutoff=0.6)
        out: list[str] = []
        for match in matches:
            record_name = self.by_name[match].name
            if record_name not in out:
                out.append(record_name)
        return out[:n]


@dataclass
class Dataset:
    """Everything in ``data/``, validated: events in file order and the reference registries."""

    events: list[Event]
    places: Registry[Place]
    actors: Registry[Actor]
    sources: Registry[Source]
    infobox: Infobox
    _events_by_id: dict[str, Event] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._events_by_id = {e.id: e for e in self.events}

    @classmethod
    def build(cls, events: list[Event], places: list[Place], actors: list[Actor], sources: list[Source], infobox: Infobox) -> Dataset:
        return cls(
            events=events,
            places=Registry({p.id: p for p in places}),
            actors=Registry({a.id: a for a in actors}),
            sources=Registry({s.id: s for s in sources}),
            infobox=infobox,
        )

    def event(self, ident: str) -> Event | None:
        return self._events_by_id.get(ident)

    @property
    def claim_count(self) -> int:
        return sum(len(e.claims) for e in self.events)

    def place_and_within(self, place_id: str) -> set[str]:
        """A place and every place inside it, however deep (Jabal al-Zawiya and its villages)."""
        return _descendants(place_id, {p.id: p.within for p in self.places.values()})

    def actor_and_units(self, actor_id: str) -> set[str]:
        """An actor and all its sub-units (the FSA and its battalions)."""
        return _descendants(actor_id, {a.id: a.parent for a in self.actors.values()})


def _descendants(root: str, parent_of: dict[str, str | None]) -> set[str]:
    children: dict[str, list[str]] = {}
    for child, parent in parent_of.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    out, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in out:
                out.add(child)
                stack.append(child)
    return out
