"""Turning results into text for people (Rich tables, charts) or JSON for programs.

No decisions about the data are made here. Every string that comes from a data file is
passed through :func:`plain` and drawn as a Rich ``Text``, so markup such as ``[bold]``
and terminal escape sequences in a summary print literally and never style or control
the terminal.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .result import ValidationResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from .dataset import Dataset
    from .location import UnlocatedPlace
    from .rows import AnyClaim, AnyEvent, AnyQuantity
    from .tally import CasualtyTally

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: object) -> str:
    """Text safe for a terminal: control characters (ESC included) shown as \\xNN escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def validation_text(result: ValidationResult) -> str:
    lines = [plain(p) for p in result.sorted_problems()]
    lines.append(result.summary())
    return "\n".join(lines)


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def make_console(stderr: bool = False) -> Console:
    """A console that colours only a terminal and honours NO_COLOR (Rich does both)."""
    import os

    from rich.console import Console

    console = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        # A pipe or a file has no width; 80 columns would fold every id.
        console.width = 160
    return console


def _t(value: object, style: str = "") -> Any:
    from rich.text import Text

    return Text(plain(value), style=style)


PRECISION_WORDS = {1: "exact", 2: "2-6 days", 3: "week", 4: "month", 5: "longer"}


def date_label(event: AnyEvent) -> str:
    span = event.span
    if span.exact:
        return event.date
    return f"{event.date} ({PRECISION_WORDS[int(span.ucdp_date_prec)]})"


def claim_label(claim: AnyClaim | AnyQuantity) -> str:
    """``at least 111 civilians killed [sohr]``: a claim as a short phrase."""
    if claim.count is None:
        amount = claim.wording or "vague"
    else:
        words = {"exact": "", "at_least": "at least ", "about": "about ", "up_to": "up to ", "more_than": "more than "}
        amount = f"{words.get(claim.qualifier, '')}{claim.count}"
    # A claim counts people (group, outcome); a quantity counts things (item, measure).
    what = f"{claim.group} {claim.outcome}" if hasattr(claim, "group") else f"{claim.item} {claim.measure}"  # type: ignore[union-attr]
    what = what.replace("_", " ")
    source = f" [{claim.source}]" if claim.source else " [unattributed]"
    flag = " (unverified)" if getattr(claim, "unverified", False) else ""
    return f"{amount} {what}{source}{flag}"


def events_table(console: Console, dataset: Dataset, events: Sequence[AnyEvent]) -> None:
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold", expand=False)
    for column in ("date", "places", "type", "actors", "casualties", "sources", "id"):
        table.add_column(column, overflow="fold", no_wrap=column == "id", ratio=None if column in ("date", "id") else 1)
    for event in events:
        actors = ", ".join(f"{dataset.actors[a.actor].name} ({a.role})" for a in event.actors)
        casualties = "; ".join(claim_label(c) for c in event.claims) or "-"
        sources = ", ".join(sorted(event.sources())) or "-"
        places = ", ".join(dataset.places[p].name for p in event.places)
        table.add_row(
            _t(date_label(event)),
            _t(places),
            _t(event.sub_event_type),
            _t(actors or "-"),
            _t(casualties),
            _t(sources),
            _t(event.id),
        )
    console.print(table)
    console.print(_t(f"{len(events)} event{'s' if len(events) != 1 else ''}"))


def event_detail(console: Console, dataset: Dataset, event: AnyEvent) -> None:
    from rich.table import Table

    from .location import mapping_location

    console.print(_t(event.id, "bold"))
    console.print(_t(event.summary))
    span = event.span
    info = Table.grid(padding=(0, 2))
    info.add_column(style="bold")
    info.add_column()
    info.add_row("date", _t(f"{event.date}  (possible days {span.earliest} .. {span.latest}; UCDP date_prec {int(span.ucdp_date_prec)})"))
    info.add_row("type", _t(f"{event.event_type.value} / {event.sub_event_type}"))
    for pid in event.places:
        place = dataset.places[pid]
        where = f"{place.latitude}, {place.longitude}" if place.latitude is not None else "no sourced coordinates"
        info.add_row("place", _t(f"{place.name} [{pid}] ({where})"))
    info.add_row("precision", _t(f"UCDP where_prec {event.location_precision}" + (f"; {event.location_note}" if event.location_note else "")))
    mapped = mapping_location(dataset, event)
    if mapped.place is not None:
        at = f"{dataset.places[mapped.place].name} [{mapped.place}] ({mapped.latitude}, {mapped.longitude})"
        info.add_row("mapped at", _t(f"{at}; UCDP where_prec {mapped.where_prec}, ACLED geo_precision {mapped.geo_precision}"))
    else:
        info.add_row("mapped at", _t(f"no point; UCDP where_prec {mapped.where_prec}"))
    if mapped.reason:
        info.add_row("why", _t(mapped.reason))
    for actor in event.actors:
        info.add_row("actor", _t(f"{dataset.actors[actor.actor].name} [{actor.actor}], {actor.role}"))
    if event.unverified:
        info.add_row("verified", _t("no: the article says this could not be verified"))
    info.add_row("article", _t(f"section '{event.article.section}', paragraph {event.article.paragraph}"))
    console.print(info)
    if event.claims:
        claims = Table(title="claims", header_style="bold")
        for column in ("outcome", "group", "count", "qualifier", "source", "note"):
            claims.add_column(column, overflow="fold")
        for claim in event.claims:
            source = dataset.sources[claim.source].name if claim.source else "(not named in the article)"
            count = str(claim.count) if claim.count is not None else f"? ({claim.wording})"
            note = (claim.note or "") + (" [unverified]" if claim.unverified else "")
            claims.add_row(_t(claim.outcome), _t(claim.group), _t(count), _t(claim.qualifier), _t(source), _t(note))
        console.print(claims)
    if event.quantities:
        for quantity in event.quantities:
            console.print(_t(f"quantity: {claim_label(quantity)}" + (f" - {quantity.note}" if quantity.note else "")))
    for other in event.aggregates:
        console.print(_t(f"includes the figures of: {other}"))
    including = [e.id for e in dataset.events if event.id in e.aggregates]
    for other in including:
        console.print(_t(f"its figures are included in: {other}"))


def tally_table(console: Console, tally: CasualtyTally) -> None:
    from rich.table import Table

    table = Table(header_style="bold")
    if tally.by:
        table.add_column(tally.by)
    for column in ("group", "outcome", "low", "best", "high", "events", "vague reports"):
        table.add_column(column, justify="right" if column in ("low", "best", "high", "events", "vague reports") else "left")
    for row in tally.rows:
        cells = [_t(row.group.replace("_", " ")), _t(row.outcome.replace("_", " ")), _t(row.low), _t(row.best), _t(row.high), _t(row.events), _t(row.vague)]
        table.add_row(*([_t(row.key)] if tally.by else []), *cells)
    console.print(table)
    d = tally.deaths
    console.print(_t(f"deaths (killed + executed): low {d['low']}, best {d['best']}, high {d['high']}"))
    console.print(_t(f"{tally.events} events matched, {tally.events_with_figures} with countable figures, {tally.vague_reports} vague reports not counted"))
    if tally.rows_overlap:
        console.print(_t(f"rows by {tally.by} overlap (an event can count under several), so they do not add up to the totals"))
    for note in tally.aggregates:
        verb = "left out" if note.left_out else "reduced to what its parts do not already count"
        console.print(_t(f"aggregate {note.event} {verb} (parts: {', '.join(note.parts)})"))


def timeline_chart(console: Console, rows: list[tuple[str, int, int]], width: int = 40) -> None:
    """Bars of events and best deaths per period: rows of (period, events, deaths)."""
    from rich.table import Table

    most_events = max((r[1] for r in rows), default=0) or 1
    most_deaths = max((r[2] for r in rows), default=0) or 1
    half = max(10, width // 2)
    table = Table(header_style="bold", box=None, padding=(0, 1))
    for column in ("period", "events", "", "deaths (best)", ""):
        table.add_column(column)
    for period, events, deaths in rows:
        table.add_row(
            _t(period),
            _t(events),
            _t("█" * round(events / most_events * half), "cyan"),
            _t(deaths),
            _t("█" * round(deaths / most_deaths * half), "red"),
        )
    console.print(table)


def reference_table(console: Console, title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.table import Table

    table = Table(title=title, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[_t(cell) for cell in row])
    console.print(table)


def infobox_view(console: Console, dataset: Dataset) -> None:
    from rich.table import Table

    box = dataset.infobox

    def actor_names(ids: list[str]) -> str:
        return ", ".join(f"{dataset.actors[a].name} [{a}]" for a in ids)

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("conflict", _t(box.conflict))
    grid.add_row("part of", _t("; ".join(box.part_of)))
    grid.add_row("dates", _t(f"{box.dates.start} to {box.dates.end}"))
    grid.add_row("place", _t(", ".join(dataset.places[p].name for p in box.places)))
    grid.add_row("result", _t(box.result.text))
    if box.result.towns:
        grid.add_row("towns", _t(", ".join(dataset.places[p].name for p in box.result.towns)))
    for side in box.sides:
        grid.add_row(f"side {side.side}", _t(actor_names(side.combatants)))
        if side.units:
            units = []
            for unit in side.units:
                actor = dataset.actors[unit]
                parent = f" (under {dataset.actors[actor.parent].name})" if actor.parent else ""
                units.append(actor.name + parent)
            grid.add_row(f"units {side.side}", _t("; ".join(units)))
    for commander in box.commanders:
        parts = [commander.rank or "", commander.name]
        unit = f", {dataset.actors[commander.unit].name}" if commander.unit else ""
        kia = " (killed in action)" if commander.killed_in_action else ""
        grid.add_row(f"commander {commander.side}", _t(" ".join(p for p in parts if p) + unit + kia))
    for strength in box.strength:
        amount = f"{strength.count:,}" if strength.count is not None else f"{strength.low:,}-{strength.high:,}"
        scope = []
        if strength.actor:
            scope.append(dataset.actors[strength.actor].name)
        if strength.place:
            scope.append(dataset.places[strength.place].name)
        grid.add_row(f"strength {strength.side}", _t(f"{amount} {strength.what}" + (f" ({', '.join(scope)})" if scope else "")))
    for casualty in box.casualties:
        amount = f"{casualty.count:,}" if casualty.count is not None else (casualty.wording or "unknown")
        claimed = f", claimed by {dataset.sources[casualty.claimed_by].name}" if casualty.claimed_by else ""
        grid.add_row(f"casualties {casualty.side}", _t(f"{amount} {casualty.what}{claimed}"))
    console.print(grid)


def unlocated_view(console: Console, dataset: Dataset, places: Sequence[UnlocatedPlace]) -> None:
    """``idlib places --unlocated``: one block per place, so no id or name is split at 80 columns."""
    from rich.table import Table

    console.print(_t(f"{len(places)} places have no sourced point of their own; coordinates are wanted for the settlements and sites among them.", "bold"))
    for place in places:
        console.print()
        console.print(_t(f"{place.name} [{place.id}]", "bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column(overflow="fold")  # a long address folds rather than losing its end
        named = "not named by any event" if not place.events else f"named by {place.events} event{'s' if place.events != 1 else ''}"
        grid.add_row("kind", _t(f"{place.kind}, {named}"))
        for at in place.mapped:  # how the events that name it are mapped now
            where = f"{dataset.places[at.place].name} [{at.place}]" if at.place is not None else "no point"
            grid.add_row("mapped at", _t(f"{where}, UCDP where_prec {at.where_prec} ({at.events} event{'s' if at.events != 1 else ''} naming it)"))
        # The fallback, for an event named only at the place, unless its events already show it.
        if place.placed_at is None:
            grid.add_row("fallback", _t(place.no_point or "no point"))
        elif [(at.place, at.where_prec) for at in place.mapped] != [(place.placed_at, place.where_prec)]:
            fallback = f"{dataset.places[place.placed_at].name} [{place.placed_at}], UCDP where_prec {place.where_prec}"
            grid.add_row("fallback", _t(f"{fallback} (for an event named only at it)"))
        grid.add_row("why", _t(place.why))
        console.print(grid)
