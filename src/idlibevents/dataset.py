"""The validated dataset in memory, with look-ups by id and by any name or alias."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .names import closest, normalize_name
from .rows import ActorRow, AnyActor, AnyEvent, AnyPlace, AnySource, EventStore, PlaceRow, SourceRow

if TYPE_CHECKING:
    from .models import Infobox

Named = TypeVar("Named", PlaceRow, ActorRow, SourceRow)


@dataclass
class Registry(Generic[Named]):
    """Records of one kind, found by id or by any of their names (see :func:`normalize_name`)."""

    by_id: dict[str, Named]
    _by_name: dict[str, Named] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def by_name(self) -> dict[str, Named]:
        """Every id, name and alias, folded as look-ups fold them; built on first use."""
        if self._by_name is None:
            self._by_name = {}
            record: Named
            for record in self.by_id.values():
                for name in (record.id, record.name, *record.aliases):
                    self._by_name.setdefault(normalize_name(name), record)
        return self._by_name

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
        matches = closest(key, self.by_name, n=n * 3, cutoff=0.6)
        out: list[str] = []
        for match in matches:
            record_name = self.by_name[match].name
            if record_name not in out:
                out.append(record_name)
        return out[:n]


class Dataset:
    """Everything in ``data/``, validated: events in file order and the reference registries.

    The records are the read-only rows of :mod:`idlibevents.rows`, whether the dataset comes
    from :func:`idlibevents.load` (a list of rows) or from the cache (an
    :class:`~idlibevents.rows.EventStore` making the same rows on demand). ``infobox`` may be
    given as its validated JSON dump, made into the model on first use.
    """

    def __init__(
        self,
        events: Sequence[AnyEvent],
        places: Registry[AnyPlace],
        actors: Registry[AnyActor],
        sources: Registry[AnySource],
        infobox: Infobox | dict[str, Any],
    ) -> None:
        self.events = events
        self.places = places
        self.actors = actors
        self.sources = sources
        self._infobox = infobox
        self._events_by_id: dict[str, AnyEvent] | None = None

    def __repr__(self) -> str:
        return f"Dataset({len(self.events)} events, {len(self.places)} places, {len(self.actors)} actors, {len(self.sources)} sources)"

    @property
    def infobox(self) -> Infobox:
        if isinstance(self._infobox, dict):
            from .models import Infobox

            self._infobox = Infobox.model_validate(self._infobox)
        return self._infobox

    @classmethod
    def build(
        cls, events: Sequence[AnyEvent], places: Sequence[AnyPlace], actors: Sequence[AnyActor], sources: Sequence[AnySource], infobox: Infobox | dict[str, Any]
    ) -> Dataset:
        return cls(
            events=events,
            places=Registry({p.id: p for p in places}),
            actors=Registry({a.id: a for a in actors}),
            sources=Registry({s.id: s for s in sources}),
            infobox=infobox,
        )

    def event(self, ident: str) -> AnyEvent | None:
        if isinstance(self.events, EventStore):  # from the cache: decode that event only
            return self.events.by_id(ident)
        if self._events_by_id is None:
            self._events_by_id = {e.id: e for e in self.events}
        return self._events_by_id.get(ident)

    def events_at(self, place_ids: set[str]) -> Sequence[AnyEvent]:
        """The events that name any of these places, in file order.

        From the cache this reads the cache's index of events by place and decodes only
        those events, so a query for one place does not go through all of them.
        """
        if isinstance(self.events, EventStore):
            return self.events.at_places(place_ids)
        return [e for e in self.events if not place_ids.isdisjoint(e.places)]

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
