"""Validated records as plain, read-only tuples: what the cache stores and the fast commands use.

A pydantic model costs tens of microseconds to build and pydantic itself a tenth of a second
to import; a command that reads 100,000 cached events can afford neither. These rows carry
exactly the fields of :mod:`idlibevents.models`, with the same names, types and order (a
test keeps them in step), so the filters, the totals and the exports read a row as they read
a model, and :meth:`EventRow.to_dict` equals ``Event.model_dump(mode="json")``.

Rows are made only from records that passed validation (see :func:`plain_event` and
:mod:`idlibevents.cache`); nothing here checks anything. This module never imports pydantic.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias, overload

from .edtf import DateSpan, parse_edtf
from .vocab import EventType

if TYPE_CHECKING:
    from .models import Event


class ActorRoleRow(NamedTuple):
    actor: str
    role: str


class ClaimRow(NamedTuple):
    outcome: str
    group: str
    count: int | None  # type: ignore[assignment]  # shadows tuple.count on purpose: the model's field name
    qualifier: str
    wording: str | None
    source: str | None
    unverified: bool
    within_claim: int | None
    note: str | None


class QuantityRow(NamedTuple):
    item: str
    measure: str
    count: int | None  # type: ignore[assignment]  # as in ClaimRow
    qualifier: str
    wording: str | None
    source: str | None
    note: str | None


class ArticleRow(NamedTuple):
    section: str
    paragraph: int


_EVENT_TYPES = {t.value: t for t in EventType}


class EventRow(NamedTuple):
    """An :class:`~idlibevents.models.Event` that passed validation, as a tuple."""

    id: str
    date: str
    places: tuple[str, ...]
    location_precision: int
    location_note: str | None
    event_type: EventType
    sub_event_type: str
    actors: tuple[ActorRoleRow, ...]
    claims: tuple[ClaimRow, ...]
    quantities: tuple[QuantityRow, ...]
    unverified: bool
    aggregates: tuple[str, ...]
    summary: str
    article: ArticleRow

    @property
    def span(self) -> DateSpan:
        """The earliest and latest possible day, and the precision, of :attr:`date`."""
        return parse_edtf(self.date)

    def sources(self) -> set[str]:
        """Ids of every source the event's claims and quantities cite."""
        return {c.source for c in self.claims if c.source} | {q.source for q in self.quantities if q.source}

    def to_dict(self) -> dict[str, Any]:
        """The event as ``Event.model_dump(mode="json")`` gives it."""
        return {
            "id": self.id,
            "date": self.date,
            "places": list(self.places),
            "location_precision": self.location_precision,
            "location_note": self.location_note,
            "event_type": self.event_type.value,
            "sub_event_type": self.sub_event_type,
            "actors": [a._asdict() for a in self.actors],
            "claims": [c._asdict() for c in self.claims],
            "quantities": [q._asdict() for q in self.quantities],
            "unverified": self.unverified,
            "aggregates": list(self.aggregates),
            "summary": self.summary,
            "article": self.article._asdict(),
        }


def _named_dict(fields: dict[str, Any]) -> dict[str, Any]:
    """A place, actor or source row as its model dumps it: aliases as a list, not a tuple."""
    fields["aliases"] = list(fields["aliases"])
    return fields


class PlaceRow(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    district: str | None
    latitude: float | None
    longitude: float | None
    coordinates_source: str | None
    geonames_id: int | None
    within: str | None
    note: str | None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def to_dict(self) -> dict[str, Any]:
        """The place as ``Place.model_dump(mode="json")`` gives it."""
        return _named_dict(self._asdict())


class ActorRow(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    side: str
    kind: str
    parent: str | None
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """The actor as ``Actor.model_dump(mode="json")`` gives it."""
        return _named_dict(self._asdict())


class SourceRow(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    alignment: str
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """The source as ``Source.model_dump(mode="json")`` gives it."""
        return _named_dict(self._asdict())


# The one shape of a validated record, whether it came from the files or the cache. The
# ``Any...`` names are kept as aliases of the rows (code written when a record could be a model
# or a row still reads the same).
AnyEvent: TypeAlias = EventRow
AnyPlace: TypeAlias = PlaceRow
AnyActor: TypeAlias = ActorRow
AnySource: TypeAlias = SourceRow
AnyClaim: TypeAlias = ClaimRow
AnyQuantity: TypeAlias = QuantityRow
AnyActorRole: TypeAlias = ActorRoleRow

# --------------------------------------------------------------------------- plain tuples
#
# The cache stores each record as a tuple of plain values (str, int, float, bool, None and
# tuples of them), which ``marshal`` writes and reads fast; the functions below turn a
# validated record's JSON dump into that tuple, and the tuple into a row.


def plain_event(d: dict[str, Any]) -> tuple[Any, ...]:
    """The plain tuple of one event, from ``Event.model_dump(mode="json")``."""
    return (
        d["id"],
        d["date"],
        tuple(d["places"]),
        d["location_precision"],
        d["location_note"],
        d["event_type"],
        d["sub_event_type"],
        tuple((a["actor"], a["role"]) for a in d["actors"]),
        tuple(tuple(c.values()) for c in d["claims"]),
        tuple(tuple(q.values()) for q in d["quantities"]),
        d["unverified"],
        tuple(d["aggregates"]),
        d["summary"],
        (d["article"]["section"], d["article"]["paragraph"]),
    )


def plain_reference(d: dict[str, Any]) -> tuple[Any, ...]:
    """The plain tuple of a place, actor or source, from its ``model_dump(mode="json")``."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in d.values())


# ``tuple.__new__(Row, values)`` makes a row from a tuple of the right length without the
# Python-level ``__new__`` of a named tuple: a third of the time, for 100,000 events.
_new = tuple.__new__
_actor_role = partial(_new, ActorRoleRow)
_claim = partial(_new, ClaimRow)
_quantity = partial(_new, QuantityRow)


def event_row(t: Sequence[Any]) -> EventRow:
    """The row of a plain event tuple (see :func:`plain_event`)."""
    return _new(
        EventRow,
        (
            t[0],
            t[1],
            t[2],
            t[3],
            t[4],
            _EVENT_TYPES[t[5]],
            t[6],
            tuple(map(_actor_role, t[7])) if t[7] else (),
            tuple(map(_claim, t[8])) if t[8] else (),
            tuple(map(_quantity, t[9])) if t[9] else (),
            t[10],
            t[11],
            t[12],
            _new(ArticleRow, t[13]),
        ),
    )


def plain_event_of(event: Event | EventRow) -> tuple[Any, ...]:
    """:func:`plain_event` of a validated model (or a row), read straight from its fields (no dump: 5x faster)."""
    return (
        event.id,
        event.date,
        tuple(event.places),
        event.location_precision,
        event.location_note,
        event.event_type.value,
        event.sub_event_type,
        tuple((a.actor, a.role) for a in event.actors),
        tuple((c.outcome, c.group, c.count, c.qualifier, c.wording, c.source, c.unverified, c.within_claim, c.note) for c in event.claims),
        tuple((q.item, q.measure, q.count, q.qualifier, q.wording, q.source, q.note) for q in event.quantities),
        event.unverified,
        tuple(event.aggregates),
        event.summary,
        (event.article.section, event.article.paragraph),
    )


def row_of(record: Any) -> Any:
    """The row of a validated model (an :class:`~idlibevents.models.Event`, ``Place``, ``Actor`` or ``Source``).

    For code that validates records of its own (reading an export back, say) and hands them
    to the library, which reads rows: the same row the loader or the cache would give.
    """
    from .models import Actor, Event, Place, Source

    if isinstance(record, Event):
        return event_row(plain_event_of(record))
    rows: dict[type, type] = {Place: PlaceRow, Actor: ActorRow, Source: SourceRow}
    row = rows.get(type(record))
    if row is None:
        raise TypeError(f"no row for {type(record).__name__}")
    return row(*plain_reference(record.model_dump(mode="json")))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a large tree of objects is built.

    Loading makes millions of small objects and no cycles; each collection would walk all of
    them again, which made loading grow faster than the data. Reference counting still frees
    everything as usual, and the collector is restored (not forced on) afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class EventStore(Sequence[EventRow]):
    """The events of a cached dataset, decoded when first asked for.

    The cache holds the events in file order as ``marshal`` records of :data:`CHUNK` events
    each, with the ids in file order and, for every place id, the positions of the events
    that name it. A query for a place decodes only the records that hold its events and
    makes rows of those events alone (:meth:`at_places`); ``show`` finds an event by id
    (:meth:`by_id`); going through all of them (:meth:`__iter__`) decodes each record once,
    and then lets the encoded bytes go. It is a read-only sequence in file order, like the
    list of a dataset loaded from the files.
    """

    #: Events per record: big enough that decoding everything costs no more than one record
    #: would, small enough that a place's events leave most records alone.
    CHUNK = 64

    def __init__(
        self, records: memoryview, offsets: Sequence[int], ids: Sequence[str], places: dict[str, Sequence[int]], chunk: int = CHUNK, extras: memoryview | None = None
    ) -> None:
        self._chunk = chunk  # as the file was written
        self._extras: memoryview | None = extras  # marshalled: see extras()
        self._extras_value: Any = None
        self._records: memoryview | None = records
        self._offsets = offsets  # record k spans offsets[k]:offsets[k + 1]
        self._ids = ids
        self._places = places
        self._rows: list[EventRow | None] = [None] * len(ids)
        self._missing = len(ids)
        self._position: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def _make(self, indexes: Iterable[int]) -> None:
        """Make the rows at these positions (sorted), decoding each record they fall in once."""
        import marshal

        rows, chunk = self._rows, self._chunk
        record: Any = None
        current = -1
        for index in indexes:
            if rows[index] is not None:
                continue
            k = index // chunk
            if k != current:
                assert self._records is not None  # released only once every row exists
                record, current = marshal.loads(self._records[self._offsets[k] : self._offsets[k + 1]]), k
            rows[index] = event_row(record[index - k * chunk])
            self._missing -= 1
        if not self._missing:
            self._records = None  # every row exists: the encoded copy is no longer needed

    @overload
    def __getitem__(self, index: int) -> EventRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[EventRow]: ...

    def __getitem__(self, index: int | slice) -> EventRow | list[EventRow]:
        if isinstance(index, slice):
            wanted = range(*index.indices(len(self)))
            self._make(sorted(wanted))
            return [self._rows[i] for i in wanted]  # type: ignore[misc]  # all made just above
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("event index out of range")
        self._make((index,))
        row = self._rows[index]
        assert row is not None
        return row

    def __iter__(self) -> Iterator[EventRow]:
        if self._missing:
            self._make(range(len(self._rows)))
        return iter(self._rows)  # type: ignore[arg-type]  # every row exists now

    def by_id(self, ident: str) -> EventRow | None:
        """The event with this id, decoding only the record that holds it."""
        if self._position is None:
            self._position = {ident: n for n, ident in enumerate(self._ids)}
        index = self._position.get(ident)
        return None if index is None else self[index]

    @property
    def ids(self) -> Sequence[str]:
        """The event ids in file order, without making any row."""
        return self._ids

    def position_of(self) -> dict[str, int]:
        """Each event id's position in file order."""
        if self._position is None:
            self._position = {ident: n for n, ident in enumerate(self._ids)}
        return self._position

    def extras(self) -> Any:
        """What the cache keeps beside the events (see :func:`idlibevents.tally.tally_extras`), or None.

        Decoded on first use; no row is made, so a total over every event reads only this.
        """
        if self._extras is not None:
            import marshal

            self._extras_value, self._extras = marshal.loads(self._extras), None
        return self._extras_value

    def positions_of(self, events: Iterable[EventRow]) -> list[int] | None:
        """The positions of these events in the store, or None unless every one is this store's own row.

        The extras describe exactly those records, so a row made or changed elsewhere (even
        with the same id) gets none.
        """
        position, rows = self.position_of(), self._rows
        out = []
        for event in events:
            index = position.get(event.id)
            if index is None or rows[index] is not event:
                return None
            out.append(index)
        return out

    def at_places(self, place_ids: Iterable[str]) -> list[EventRow]:
        """The events that name any of these places, in file order; no other event becomes a row."""
        positions: set[int] = set()
        for place in place_ids:
            positions.update(self._places.get(place, ()))
        ordered = sorted(positions)
        self._make(ordered)
        return [self._rows[i] for i in ordered]  # type: ignore[misc]  # all made just above
