"""Casualty totals as UCDP builds them: low, best and high, never counting a death twice.

The rules are in docs/codebook.md ("Counting"); in short: a claim gives low/best/high by its
qualifier; disagreeing claims for the same event, group and outcome give a range whose best
is their (lower) median; unverified claims widen only ``high``; vague claims are reported,
not counted; an aggregate event counts only what its parts in the selection do not.
"""

from __future__ import annotations

import functools
import itertools
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .dataset import Dataset
from .rows import AnyClaim, AnyEvent, EventStore
from .vocab import FATAL_OUTCOMES, GROUP_SIDE, UNATTRIBUTED

Cell = tuple[str, str]  # (group, outcome)
_ROLE = "\x1f"  # joins an actor's name and its role in a key of totals by actor

BY_CHOICES = ("month", "week", "place", "actor", "side", "source", "type", "group", "outcome")


@dataclass
class Figure:
    """low / best / high for one cell, plus what could not be counted."""

    low: int = 0
    best: int = 0
    high: int = 0
    vague: list[str] = field(default_factory=list)

    def add(self, other: Figure) -> None:
        self.low += other.low
        self.best += other.best
        self.high += other.high
        self.vague.extend(other.vague)

    def minus(self, other: Figure) -> Figure:
        return Figure(max(0, self.low - other.low), max(0, self.best - other.best), max(0, self.high - other.high), list(self.vague))

    @property
    def empty(self) -> bool:
        return self.low == self.best == self.high == 0


def claim_bounds(claim: AnyClaim, unverified: bool) -> tuple[int, int, int] | None:
    """(low, best, high) of one claim by its qualifier; None for a vague claim."""
    if claim.count is None:
        return None
    n = claim.count
    low = min(1, n) if claim.qualifier == "up_to" else n
    if unverified or claim.unverified:
        return 0, 0, n
    return low, n, n


def _lower_median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def event_figures(event: AnyEvent, claims: Sequence[AnyClaim] | None = None) -> dict[Cell, Figure]:
    """The figures of one event by (group, outcome), before any aggregate adjustment.

    Per cell: ``low`` is the smallest low of the verified claims (see :func:`claim_bounds`),
    ``best`` their lower median, ``high`` the largest figure of any claim; vague claims are
    listed, not counted. Written as one pass per cell: totals call it for every event.
    """
    source = event.claims if claims is None else claims
    if not source:
        return {}
    if len(source) == 1:  # the common case, without the grouping below
        (claim,) = source
        if claim.within_claim is not None:
            return {}
        n = claim.count
        if n is None:
            return {(claim.group, claim.outcome): Figure(vague=[claim.wording or "vague"])}
        if event.unverified or claim.unverified:
            return {(claim.group, claim.outcome): Figure(0, 0, n)}
        return {(claim.group, claim.outcome): Figure(min(1, n) if claim.qualifier == "up_to" else n, n, n)}
    by_cell: dict[Cell, list[AnyClaim]] = {}
    for claim in source:
        # A claim within another (a subset or breakdown) is already counted by that claim.
        if claim.within_claim is None:
            cell = (claim.group, claim.outcome)
            bucket = by_cell.get(cell)
            if bucket is None:
                by_cell[cell] = [claim]
            else:
                bucket.append(claim)
    out: dict[Cell, Figure] = {}
    unverified_event = event.unverified
    for cell, cell_claims in by_cell.items():
        vague: list[str] = []
        lows: list[int] = []
        bests: list[int] = []
        high: int | None = None
        for claim in cell_claims:
            n = claim.count
            if n is None:
                vague.append(claim.wording or "vague")
                continue
            if not (unverified_event or claim.unverified):  # unverified claims raise only high
                lows.append(min(1, n) if claim.qualifier == "up_to" else n)
                bests.append(n)
            if high is None or n > high:
                high = n
        figure = Figure(vague=vague)
        if high is not None:
            figure.low = min(lows) if lows else 0
            figure.best = _lower_median(bests) if bests else 0
            figure.high = high
        out[cell] = figure
    return out


#: Which groups a broader group of an aggregate's toll takes in: a day's toll of "people"
#: (unknown) covers soldiers and civilians alike; "government forces" covers each kind of them.
GOVERNMENT_GROUPS = frozenset({"soldiers", "security_forces", "police", "militia", "government_forces"})


def covering_cell(part_cell: Cell, aggregate: dict[Cell, Figure]) -> Cell | None:
    """The cell of an aggregate's figures that already counts a part's cell, if any.

    The same group comes first; then government_forces for any government group; then
    unknown, which takes in everyone. The outcome must match.
    """
    group, outcome = part_cell
    if part_cell in aggregate:
        return part_cell
    if group in GOVERNMENT_GROUPS and ("government_forces", outcome) in aggregate:
        return ("government_forces", outcome)
    if ("unknown", outcome) in aggregate:
        return ("unknown", outcome)
    return None


@dataclass
class AggregateNote:
    """An aggregate event whose figure was reduced (or left out) because its parts were counted."""

    event: str
    parts: list[str]
    left_out: bool

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "parts": self.parts, "left_out": self.left_out}


def tally_extras(events: Sequence[AnyEvent]) -> tuple[Any, ...]:
    """What the totals need of every event, as plain values for the cache to keep.

    Worked out once when the cache is built, so a total over the cached data reads them
    instead of working them out again; only the aggregate rule, which depends on the
    selection, is applied per query. Kept as columns (arrays of numbers, one string per
    distinct month, week and cell), so that reading them back for 100,000 events makes a few
    hundred objects rather than a million: see :class:`CachedFigures` for the layout.
    """
    months: dict[str, int] = {}
    weeks: dict[str, int] = {}
    cells: dict[Cell, int] = {}
    month_of, week_of, start = array("I"), array("I"), array("I", [0])
    event_of, cell_of, lows, bests, highs = array("I"), array("I"), array("q"), array("q"), array("q")
    vague: dict[int, tuple[str, ...]] = {}
    aggregates: dict[int, tuple[str, ...]] = {}
    for position, event in enumerate(events):
        earliest = event.span.earliest
        month_of.append(months.setdefault(_period_of(earliest, "month"), len(months)))
        week_of.append(weeks.setdefault(_period_of(earliest, "week"), len(weeks)))
        for cell, figure in event_figures(event).items():
            if figure.vague:
                vague[len(cell_of)] = tuple(figure.vague)
            event_of.append(position)
            cell_of.append(cells.setdefault(cell, len(cells)))
            lows.append(figure.low)
            bests.append(figure.best)
            highs.append(figure.high)
        start.append(len(cell_of))
        if event.aggregates:
            aggregates[position] = tuple(event.aggregates)
    return (
        tuple(months),
        tuple(weeks),
        tuple(cells),
        *(a.tobytes() for a in (month_of, week_of, start, event_of, cell_of, lows, bests, highs)),
        vague,
        aggregates,
    )


class CachedFigures:
    """The cache's :func:`tally_extras` read back: each event's own figures, by its position in the store.

    Event ``i`` has the figures ``start[i]:start[i + 1]``; figure ``j`` is of the event
    ``event_of[j]`` and the cell
    ``cells[cell_of[j]]`` with ``low[j]``, ``best[j]``, ``high[j]`` and the vague wordings
    ``vague.get(j, ())``. ``months[month_of[i]]`` and ``weeks[week_of[i]]`` are the periods
    of its earliest possible day, ``aggregates`` the parts of each aggregate event.
    """

    def __init__(self, extras: tuple[Any, ...]) -> None:
        self.months: tuple[str, ...] = extras[0]
        self.weeks: tuple[str, ...] = extras[1]
        self.cells: tuple[Cell, ...] = tuple((g, o) for g, o in extras[2])
        arrays = [array(code, raw) for code, raw in zip("IIIIIqqq", extras[3:11], strict=True)]
        self.month_of, self.week_of, self.start, self.event_of, self.cell_of, self.low, self.best, self.high = arrays
        self.vague: dict[int, tuple[str, ...]] = extras[11]
        self.aggregates: dict[int, tuple[str, ...]] = extras[12]

    def figures(self, i: int) -> dict[Cell, Figure]:
        """The figures of the event at position ``i``, as :func:`event_figures` gives them."""
        cells, cell_of, vague = self.cells, self.cell_of, self.vague
        return {cells[cell_of[j]]: Figure(self.low[j], self.best[j], self.high[j], list(vague.get(j, ()))) for j in range(self.start[i], self.start[i + 1])}

    def counted(self, i: int) -> list[Counted]:
        """The cells of the event at position ``i`` as the totals add them up."""
        cells, cell_of, vague = self.cells, self.cell_of, self.vague
        return [(cells[cell_of[j]], self.low[j], self.best[j], self.high[j], vague.get(j, ())) for j in range(self.start[i], self.start[i + 1])]


def _cached_figures(dataset: Dataset) -> CachedFigures | None:
    """The cache's figures of every event, when the dataset's events are a cache's store that keeps them."""
    if not isinstance(dataset.events, EventStore):
        return None
    extras = dataset.events.extras()
    return None if extras is None else CachedFigures(extras)


#: One cell of one event as the totals add it up: (cell, low, best, high, vague wordings).
Counted = tuple[Cell, int, int, int, Sequence[str]]


def _counted(figures: dict[str, dict[Cell, Figure]]) -> Callable[[AnyEvent], Iterable[Counted]]:
    """The cells of each event in ``figures``, as :func:`tally_casualties` adds them up."""

    def cells_of(event: AnyEvent) -> Iterable[Counted]:
        return ((cell, f.low, f.best, f.high, f.vague) for cell, f in figures[event.id].items())

    return cells_of


def adjusted_figures(events: Sequence[AnyEvent], source: str | None = None, by_source: bool = False) -> tuple[dict[str, dict[Cell, Figure]], list[AggregateNote]]:
    """Per event, the figures that count after aggregates give way to their parts in the selection.

    With ``by_source``, only the claims of ``source`` count (``UNATTRIBUTED`` for claims
    without one), so each source's tolls can be set side by side.
    """

    def claims_of(event: AnyEvent) -> Sequence[AnyClaim]:
        if not by_source:
            return event.claims
        return [c for c in event.claims if (c.source or UNATTRIBUTED) == source]

    raw = {e.id: event_figures(e, claims_of(e)) for e in events}
    reduced, notes = _apply_aggregates([(e.id, e.aggregates) for e in events], raw.__getitem__, set(raw), keep_empty_notes=not by_source)
    return {e.id: reduced.get(e.id, raw[e.id]) for e in events}, notes


def _apply_aggregates(
    events: Iterable[tuple[str, Sequence[str]]], raw_of: Callable[[str], dict[Cell, Figure]], selected: set[str], keep_empty_notes: bool
) -> tuple[dict[str, dict[Cell, Figure]], list[AggregateNote]]:
    """The figures of each aggregate event whose parts are in the selection, less what those parts count.

    ``events`` are (id, the ids of its parts) of the selected events. Only the aggregate
    events are in the result; every other event counts its own figures as they are.
    """
    notes: list[AggregateNote] = []
    adjusted: dict[str, dict[Cell, Figure]] = {}
    for ident, aggregates in events:
        parts = [p for p in aggregates if p in selected] if aggregates else None
        if not parts:
            continue
        figures = raw_of(ident)
        inner: dict[Cell, Figure] = {cell: Figure() for cell in figures}
        for part in parts:
            for part_cell, part_figure in raw_of(part).items():
                target = covering_cell(part_cell, figures)
                if target is not None:
                    inner[target].add(part_figure)
        reduced = {cell: figure.minus(inner[cell]) for cell, figure in figures.items()}
        adjusted[ident] = reduced
        had_any = any(not f.empty for f in figures.values())
        if had_any or keep_empty_notes:
            notes.append(AggregateNote(ident, parts, left_out=all(f.empty for f in reduced.values())))
    return adjusted, notes


@dataclass
class TallyRow:
    key: str
    group: str
    outcome: str
    low: int
    best: int
    high: int
    events: int
    vague: int
    role: str | None = None  # by actor: the role the actor had in the events counted

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            **({"role": self.role} if self.role is not None else {}),
            "group": self.group,
            "outcome": self.outcome,
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "events": self.events,
            "vague_reports": self.vague,
        }


@dataclass
class CasualtyTally:
    """Totals of a selection of events; ``rows`` by key, group and outcome."""

    by: str | None
    rows: list[TallyRow]
    events: int
    events_with_figures: int
    vague_reports: int
    aggregates: list[AggregateNote]
    deaths: dict[str, int]
    rows_overlap: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "events": self.events,
            "events_with_figures": self.events_with_figures,
            "deaths": self.deaths,
            "vague_reports": self.vague_reports,
            "rows": [r.to_dict() for r in self.rows],
            "aggregates_adjusted": [a.to_dict() for a in self.aggregates],
            "rows_overlap": self.rows_overlap,
        }


def _keys_for(dataset: Dataset, event: AnyEvent, by: str | None, cell: Cell) -> list[str]:
    group, outcome = cell
    if by is None:
        return ["all"]
    if by in ("month", "week"):
        return [_period_of(event.span.earliest, by)]
    if by == "place":
        return [dataset.places[event.places[0]].name]
    if by == "actor":
        # An actor's role in the event goes with its name, so victims and attackers are apart.
        return sorted({f"{dataset.actors[a.actor].name}{_ROLE}{a.role}" for a in event.actors}) or ["(no actor)"]
    if by == "side":
        return [GROUP_SIDE[group]]
    if by == "type":
        return [event.event_type.value]
    if by == "group":
        return [group]
    if by == "outcome":
        return [outcome]
    raise ValueError(f"unknown --by {by!r}; choose from {', '.join(BY_CHOICES)}")


def tally_casualties(dataset: Dataset, events: Sequence[AnyEvent], by: str | None = None) -> CasualtyTally:
    """Totals of ``events`` (already filtered) by ``by``, with the aggregate rule applied."""
    if by is not None and by not in BY_CHOICES:
        raise ValueError(f"unknown --by {by!r}; choose from {', '.join(BY_CHOICES)}")
    acc: dict[tuple[str, str, str], Figure] = {}
    event_sets: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    notes: list[AggregateNote] = []
    with_figures: set[str] = set()
    vague_total = 0

    def collect(cells_of: Callable[[AnyEvent], Iterable[Counted]], key_of: Callable[[AnyEvent, Cell], list[str]]) -> None:
        nonlocal vague_total
        for event in events:
            for cell, low, best, high, vague in cells_of(event):
                vague_total += len(vague)
                empty = low == best == high == 0
                if empty and not vague:
                    continue
                if not empty:
                    with_figures.add(event.id)
                for key in key_of(event, cell):
                    slot = (key, cell[0], cell[1])
                    total = acc.get(slot)
                    if total is None:
                        total = acc[slot] = Figure()
                    total.low += low
                    total.best += best
                    total.high += high
                    total.vague.extend(vague)
                    event_sets[slot].add(event.id)

    if by == "source":
        names = sorted({c.source or UNATTRIBUTED for e in events for c in e.claims})
        for source in names:
            figures, source_notes = adjusted_figures(events, source, by_source=True)
            notes.extend(source_notes)
            label = dataset.sources[source].name if source in dataset.sources else source
            collect(_counted(figures), lambda _e, _c, label=label: [label])  # type: ignore[misc]
    else:
        cached = _cached_figures(dataset)
        positions = dataset.events.positions_of(events) if cached is not None else None  # type: ignore[attr-defined]
        if cached is None or positions is None:
            figures, notes = adjusted_figures(events)
            collect(_counted(figures), lambda e, c: _keys_for(dataset, e, by, c))
        else:
            # From the cache: each event's own figures as it keeps them; only the aggregate
            # events whose parts are in this selection are worked out here.
            at = dict(zip((e.id for e in events), positions, strict=True))
            reduced, notes = _apply_aggregates([(e.id, e.aggregates) for e in events], lambda ident: cached.figures(at[ident]), set(at), keep_empty_notes=True)

            def cells_of(event: AnyEvent) -> Iterable[Counted]:
                mine = reduced.get(event.id)
                if mine is not None:
                    return ((cell, f.low, f.best, f.high, f.vague) for cell, f in mine.items())
                return cached.counted(at[event.id])

            if by in ("month", "week"):
                periods, period_of = (cached.months, cached.month_of) if by == "month" else (cached.weeks, cached.week_of)
                collect(cells_of, lambda e, _c: [periods[period_of[at[e.id]]]])
            else:
                collect(cells_of, lambda e, c: _keys_for(dataset, e, by, c))

    totals = {slot: (f.low, f.best, f.high, len(event_sets[slot]), len(f.vague)) for slot, f in acc.items()}
    return _tally_of(dataset, events, by, totals, len(events), len(with_figures), vague_total, notes)


#: The ``--by`` keys a total over every cached event works out from the cache's figures alone.
WHOLE_BY = (None, "month", "week", "side", "group", "outcome")


def tally_whole(dataset: Dataset, by: str | None = None) -> CasualtyTally | None:
    """:func:`tally_casualties` of every event, from the cache's figures alone, without making any row.

    None when that cannot be done (the events are not a cache's, or ``by`` needs more of each
    event than its figures and dates: a place, actor, source or type), so the caller selects
    and totals the rows as usual. Same rules, same result: a test compares the two.
    """
    if by not in WHOLE_BY:
        return None
    cached = _cached_figures(dataset)
    if cached is None:
        return None
    store: EventStore = dataset.events  # type: ignore[assignment]  # _cached_figures checked it
    ids = store.ids
    position = store.position_of()
    reduced, notes = _apply_aggregates(
        [(ids[i], parts) for i, parts in cached.aggregates.items()], lambda ident: cached.figures(position[ident]), set(position), keep_empty_notes=True
    )
    reduced_at = {position[ident]: figures for ident, figures in reduced.items()}
    cells, cell_of, lows, bests, highs, vague = cached.cells, cached.cell_of, cached.low, cached.best, cached.high, cached.vague
    periods: tuple[str, ...] = ()
    period_of = array("I")
    if by in ("month", "week"):
        periods, period_of = (cached.months, cached.month_of) if by == "month" else (cached.weeks, cached.week_of)
    ncells = len(cells)

    def key_of(slot: int) -> tuple[str, str, str]:
        """The row of a slot: period * ncells + cell (the period is 0 when there is none)."""
        group, outcome = cells[slot % ncells]
        key = periods[slot // ncells] if periods else "all" if by is None else GROUP_SIDE[group] if by == "side" else group if by == "group" else outcome
        return key, group, outcome

    # Per slot [low, best, high, events, vague reports]. A row is (key, group, outcome) and the
    # key depends only on the event, so each slot is one row and an event has at most one
    # figure in it (its cells are distinct): each figure counted is one more event of its row.
    totals: dict[int, list[int]] = {}
    with_figures = vague_total = 0
    counted = -1  # the last event found to have a figure (an event's figures are consecutive)
    cell_index = {cell: n for n, cell in enumerate(cells)}
    # The figures as the cache keeps them, then the aggregate events' as reduced just above.
    kept = ((i, cell_of[j], lows[j], bests[j], highs[j], vague.get(j, ())) for j, i in enumerate(cached.event_of) if i not in reduced_at)
    adjusted = ((i, cell_index[cell], f.low, f.best, f.high, f.vague) for i, figures in reduced_at.items() for cell, f in figures.items())
    for i, c, low, best, high, words in itertools.chain(kept, adjusted):
        if words:
            vague_total += len(words)
        elif low == best == high == 0:
            continue
        if (low or best or high) and counted != i:
            counted = i
            with_figures += 1
        slot = period_of[i] * ncells + c if periods else c
        total = totals.get(slot)
        if total is None:
            total = totals[slot] = [0, 0, 0, 0, 0]
        total[0] += low
        total[1] += best
        total[2] += high
        total[3] += 1
        total[4] += len(words)
    return _tally_of(dataset, store, by, {key_of(k): (t[0], t[1], t[2], t[3], t[4]) for k, t in totals.items()}, len(ids), with_figures, vague_total, notes)


def _tally_of(
    dataset: Dataset,
    events: Sequence[AnyEvent],
    by: str | None,
    totals: dict[tuple[str, str, str], tuple[int, int, int, int, int]],
    n_events: int,
    with_figures: int,
    vague_total: int,
    notes: list[AggregateNote],
) -> CasualtyTally:
    """The tally of ``totals`` ((key, group, outcome): low, best, high, events, vague reports)."""
    rows = []
    for (key, group, outcome), (low, best, high, count, vague) in totals.items():
        name, has_role, role = key.partition(_ROLE)
        rows.append(TallyRow(name, group, outcome, low, best, high, count, vague, role if has_role else None))
    rows.sort(key=lambda r: (r.key, r.role or "", r.outcome not in FATAL_OUTCOMES, r.outcome, r.group))
    deaths = {"low": 0, "best": 0, "high": 0}
    if by in (None, "month", "week", "place", "side", "type", "group", "outcome"):
        for row in rows:
            if row.outcome in FATAL_OUTCOMES:
                deaths["low"] += row.low
                deaths["best"] += row.best
                deaths["high"] += row.high
    else:
        whole = tally_casualties(dataset, events, None)
        deaths = whole.deaths
    unique_notes = {(n.event, tuple(n.parts)): n for n in notes}
    return CasualtyTally(
        by=by,
        rows=rows,
        events=n_events,
        events_with_figures=with_figures,
        vague_reports=vague_total,
        aggregates=sorted(unique_notes.values(), key=lambda n: n.event),
        deaths=deaths,
        rows_overlap=by in ("actor", "source"),
    )


def deaths_by_event(events: Sequence[AnyEvent]) -> dict[str, Figure]:
    """Deaths (killed + executed) per event after the aggregate rule: for sorting and exports."""
    figures, _ = adjusted_figures(events)
    out: dict[str, Figure] = {}
    for event in events:
        total = Figure()
        for (_group, outcome), figure in figures[event.id].items():
            if outcome in FATAL_OUTCOMES:
                total.add(figure)
        out[event.id] = total
    return out


@functools.lru_cache(maxsize=4096)
def _period_of(day: date, by: str) -> str:
    """The month (``2011-12``) or ISO week (``2011-W50``) of a day; remembered, as days repeat."""
    if by == "week":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return day.strftime("%Y-%m")


@dataclass
class Timeline:
    """Events and best deaths per period, with what the reader needs to trust the rows.

    ``rows`` are (period, events, best deaths) for every period of the window (or, without
    one, from the first event's period to the last), empty ones included. ``earlier``
    counts the events that may begin before the window: each is in the first row.
    ``spanning`` counts the events whose possible days reach into more than one period of
    the window: each is counted once, in the period of its earliest possible day in the window.
    """

    rows: list[tuple[str, int, int]]
    earlier: int = 0
    spanning: int = 0
    #: The first or last row when the window covers only part of its period: (period, the
    #: period's first day, its last day, the first day counted, the last day counted).
    partial: list[tuple[str, date, date, date, date]] = field(default_factory=list)


def timeline(events: Sequence[AnyEvent], by: str = "month", window: tuple[date, date] | None = None) -> Timeline:
    """Count ``events`` (already filtered) per month or ISO week, over exactly ``window`` if given.

    An event counts once, in the period of its earliest possible day, or of the window's
    first day when it may begin before the window (as ``--since``/``--month`` keep every
    event that may overlap them). Rules: docs/codebook.md, 6.6.1 "Timeline".
    """
    if by not in ("month", "week"):
        raise ValueError(f"unknown --by {by!r}; choose month or week")
    if not events and window is None:
        return Timeline([])
    deaths = deaths_by_event(events)
    start = window[0] if window is not None and window[0] != date.min else min(e.span.earliest for e in events)
    end = window[1] if window is not None and window[1] != date.max else max(max(e.span.earliest for e in events), start) if events else start
    counts: dict[str, list[int]] = {}
    day = start
    step = timedelta(days=1)
    while day <= end:
        counts.setdefault(_period_of(day, by), [0, 0])
        day += step
    earlier = spanning = 0
    for event in events:
        first = event.span.earliest
        if first < start:
            first = start
            earlier += 1
        last = min(event.span.latest, end)
        if _period_of(first, by) != _period_of(last, by):
            spanning += 1
        slot = counts.setdefault(_period_of(first, by), [0, 0])
        slot[0] += 1
        slot[1] += deaths[event.id].best
    rows = [(period, n, d) for period, (n, d) in sorted(counts.items())]
    partial = []
    if window is not None and rows:
        for period in dict.fromkeys((rows[0][0], rows[-1][0])):
            first, last = _period_days(period)
            counted = (max(first, start), min(last, end))
            if counted != (first, last):
                partial.append((period, first, last, *counted))
    return Timeline(rows, earlier, spanning, partial)


def _period_days(period: str) -> tuple[date, date]:
    """The first and last day of a month (``2011-12``) or ISO week (``2011-W48``)."""
    if "-W" in period:
        year, week = period.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        return monday, monday + timedelta(days=6)
    first = date(int(period[:4]), int(period[5:7]), 1)
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, after - timedelta(days=1)


def timeline_counts(events: Sequence[AnyEvent], by: str = "month", window: tuple[date, date] | None = None) -> list[tuple[str, int, int]]:
    """The rows of :func:`timeline`: (period, events, best deaths)."""
    return timeline(events, by, window).rows
