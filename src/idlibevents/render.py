"""Turning results into text for people (aligned tables, charts) or JSON for programs.

No decisions about the data are made here. Every string that comes from a data file is
passed through :func:`plain`, so terminal escape sequences in a summary print as visible
``\\xNN`` escapes and never control the terminal (and markup such as ``[bold]`` is just text:
nothing here interprets markup).

Each view returns its lines for a :class:`~idlibevents.textlayout.Screen` of a given width
(``None``: a pipe, no limit), laid out by :mod:`idlibevents.textlayout` so that no date,
number, id or name is ever split across lines. Nothing here imports Rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .result import ValidationResult
from .textlayout import NBSP, Column, Laid, Screen, cut, keep, lay_out, shown, width_of, wrap
from .vocab import SHORT_TYPES, UNATTRIBUTED, counted

if TYPE_CHECKING:
    from .dataset import Dataset
    from .location import UnlocatedPlace
    from .rows import AnyClaim, AnyEvent, AnyQuantity
    from .tally import CasualtyTally, Figure, Timeline

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # a tab too: it would break the alignment


def plain(value: object) -> str:
    """Text safe for a terminal: control characters (ESC and tab included) shown as \\xNN escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def name(value: object) -> str:
    """A name, id, date or number from the data: safe, and one atom (never split)."""
    return keep(plain(value))


#: What the loader says of a data file it could not read at all.
_UNREAD = ("file not found", "is a directory", "is not a regular file")
_REFERENCE_INTO = re.compile(r"\(not in ([\w.-]+\.yaml)\)$")


def validation_text(result: ValidationResult) -> str:
    """Every problem, one a line, then the summary.

    When a data file could not be read at all (a --data-dir holding only some of them), each
    reference into it would be a problem of its own, hundreds of lines for one cause: the file
    gets its one line and the references into it are counted, not listed.
    """
    problems = result.sorted_problems()
    unread = {p.file.replace("\\", "/").rsplit("/", 1)[-1] for p in problems if not p.path and p.message.startswith(_UNREAD)}
    shown_problems, skipped = [], 0
    for problem in problems:
        into = _REFERENCE_INTO.search(problem.message)
        if into is not None and into.group(1) in unread:
            skipped += 1
        else:
            shown_problems.append(problem)
    lines = [plain(p) for p in shown_problems]
    if skipped:
        lines.append(f"{skipped} reference{'s' if skipped != 1 else ''} into {', '.join(sorted(unread))} not checked, as {'those files' if len(unread) != 1 else 'that file'} could not be read")
    lines.append(ValidationResult(shown_problems, result.counts).summary() if skipped else result.summary())
    return "\n".join(lines)


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def short_type(sub_event_type: str) -> str:
    return SHORT_TYPES.get(sub_event_type, sub_event_type)


def deaths_label(figure: Figure | None) -> str:
    """``12``, ``12 (10-15)`` when sources disagree, ``-`` when no death is counted."""
    if figure is None or figure.high == 0:
        return "-"
    if figure.low == figure.best == figure.high:
        return str(figure.best)
    return f"{figure.best} ({figure.low}-{figure.high})"


def source_name(dataset: Dataset, source: str | None) -> str:
    """A claim's source as people know it, or the one spelling of "no source"."""
    if not source:
        return UNATTRIBUTED
    return dataset.sources[source].name if source in dataset.sources else source


PRECISION_WORDS = {1: "exact", 2: "2-6 days", 3: "week", 4: "month", 5: "longer"}


def date_label(event: AnyEvent) -> str:
    """``2011-12-05/2011-12-06 (2-6 days)``: the date and, when not one day, its UCDP precision in words."""
    span = event.span
    if span.exact:
        return event.date
    return f"{event.date} ({PRECISION_WORDS[int(span.ucdp_date_prec)]})"


def claim_label(claim: AnyClaim | AnyQuantity, dataset: Dataset | None = None, whole: bool = False) -> str:
    """``at least 111 civilians killed (Syrian Observatory for Human Rights)``: a claim as a phrase.

    The source is named when ``dataset`` is given (else its id). With ``whole``, the amount
    and the source are atoms for :mod:`.textlayout`, never broken across lines.
    """
    label = _claim_phrase(claim, dataset)
    return label if whole else shown(label)


def _claim_phrase(claim: AnyClaim | AnyQuantity, dataset: Dataset | None) -> str:
    if claim.count is None:
        amount = plain(claim.wording or "vague")
    else:
        words = {"exact": "", "at_least": "at least ", "about": "about ", "up_to": "up to ", "more_than": "more than "}
        amount = f"{words.get(claim.qualifier, '')}{claim.count}"
    # A claim counts people (group, outcome); a quantity counts things (item, measure).
    if hasattr(claim, "group"):
        what = f"{counted(claim.count, claim.group)} {claim.outcome.replace('_', ' ')}"  # type: ignore[union-attr]
    else:
        what = f"{counted(claim.count, claim.item)} {claim.measure.replace('_', ' ')}"
    source = source_name(dataset, claim.source) if dataset is not None else (claim.source or UNATTRIBUTED)
    flag = " [unverified]" if getattr(claim, "unverified", False) else ""
    said = name(source) if source == UNATTRIBUTED else f"({name(source)})"
    return f"{keep(amount)} {what} {said}{flag}"


# --------------------------------------------------------------------------- the event list


def events_list(screen: Screen, dataset: Dataset, events: Sequence[AnyEvent], deaths: Mapping[str, Figure], total: int, matched: int) -> list[str]:
    """One record per event: date, deaths, then place · type · summary (cut with …), and its id.

    The date is the event's EDTF date, which carries its precision (``2011-12`` a month,
    ``2011-10-05~`` about that day, ``A/B`` some time between). The id goes on a line of its
    own, under the text, so that it is whole and can be copied into ``idlib show``.
    """
    width = screen.width
    date_w = max([4] + [width_of(plain(e.date)) for e in events])
    labels = {e.id: deaths_label(deaths.get(e.id)) for e in events}
    deaths_w = max([6] + [len(v) for v in labels.values()])
    text_at = date_w + 2 + deaths_w + 2
    text_w = None if width is None else max(width - text_at, 20)
    pad = " " * text_at
    # Ids start in the text's column, or as far right as the longest lets them: all in one column.
    longest_id = max(len(plain(e.id)) for e in events) if events else 0
    id_pad = " " * (text_at if width is None else max(2, min(text_at, width - longest_id)))
    lines = [screen.bold(f"{'DATE'.ljust(date_w)}  {'DEATHS'.rjust(deaths_w)}  PLACE · TYPE · SUMMARY")]
    for event in events:
        places = ", ".join(name(dataset.places[p].name) for p in event.places)
        head = wrap(f"{places}{NBSP}· {name(short_type(event.sub_event_type))}", text_w, indent="")
        summary = plain(event.summary)
        room = None if text_w is None else text_w - width_of(head[-1]) - 3
        own_line = room is not None and room < 16
        if not own_line:
            head[-1] += " · " + cut(summary, room)
        first = f"{plain(event.date).ljust(date_w)}  {labels[event.id].rjust(deaths_w)}  "
        lines.append(shown(first + head[0]))
        lines.extend(shown(pad + more) for more in head[1:])
        if own_line and width is not None:
            # No room left beside the place and type: the summary gets a line of its own, in the id's column.
            lines.append(id_pad + cut(summary, width - len(id_pad)))
        lines.append(screen.dim(id_pad + plain(event.id)))
    lines.extend(screen.prose(events_footer(len(events), total, matched)))
    lines.extend(screen.prose(f"One in full: {keep('idlib show ID')}; every field: {keep('--format csv')}, json or yaml."))
    return lines


def events_footer(shown_count: int, total: int, matched: int) -> str:
    """``3 of 140 events``; with ``--limit``, how many matched."""
    text = f"{shown_count} of {total} event{'s' if total != 1 else ''}"
    if matched != shown_count:
        text += f" ({matched} match; --limit cut the rest)"
    return text


# --------------------------------------------------------------------------- one event


def grid(screen: Screen, pairs: Sequence[tuple[str, str]], indent: str = "") -> list[str]:
    """``label  value`` lines, values wrapped between atoms under their own column."""
    label_w = max((len(label) for label, _ in pairs), default=0)
    value_at = len(indent) + label_w + 2
    value_w = None if screen.width is None else max(screen.width - value_at, 20)
    lines: list[str] = []
    for label, value in pairs:
        wrapped = wrap(value, value_w)
        lines.append(shown(f"{indent}{screen.bold(label.ljust(label_w))}  {wrapped[0]}"))
        lines.extend(shown(" " * value_at + more) for more in wrapped[1:])
    return lines


def _possible_days(span: Any) -> str:
    """``possible days A to B; `` when the date is not one known day (for one day, the date says it all)."""
    if span.earliest == span.latest:
        return ""
    return f"possible days {name(span.earliest)} to {name(span.latest)}; "


def event_detail(screen: Screen, dataset: Dataset, event: AnyEvent) -> list[str]:
    """One event in full, as ``gh issue view`` shows an issue: id, summary, fields, claims."""
    from .location import mapping_location

    lines = [screen.bold(plain(event.id))]
    lines.extend(screen.prose(plain(event.summary)))
    lines.append("")
    span = event.span
    pairs: list[tuple[str, str]] = [
        ("date", f"{name(event.date)} ({_possible_days(span)}UCDP date_prec {int(span.ucdp_date_prec)})"),
        ("type", f"{name(event.event_type.value)} / {name(event.sub_event_type)}"),
    ]
    for pid in event.places:
        place = dataset.places[pid]
        where = f"{name(place.latitude)}, {name(place.longitude)}" if place.latitude is not None else "no sourced coordinates"
        pairs.append(("place", f"{name(place.name)} [{name(pid)}] ({where})"))
    pairs.append(("precision", f"UCDP where_prec {event.location_precision}" + (f"; {plain(event.location_note)}" if event.location_note else "")))
    mapped = mapping_location(dataset, event)
    if mapped.place is not None:
        at = f"{name(dataset.places[mapped.place].name)} [{name(mapped.place)}] ({name(mapped.latitude)}, {name(mapped.longitude)})"
        pairs.append(("mapped at", f"{at}; UCDP where_prec {mapped.where_prec}, ACLED geo_precision {mapped.geo_precision}"))
    else:
        pairs.append(("mapped at", f"no point; UCDP where_prec {mapped.where_prec}"))
    if mapped.reason:
        pairs.append(("why", plain(mapped.reason)))
    for actor in event.actors:
        pairs.append(("actor", f"{name(dataset.actors[actor.actor].name)} [{name(actor.actor)}], {actor.role}"))
    if event.unverified:
        pairs.append(("verified", "no: the article says this could not be verified"))
    pairs.append(("article", f"section '{name(event.article.section)}', paragraph {event.article.paragraph}"))
    lines.extend(grid(screen, pairs))
    if event.claims:
        lines.extend(["", screen.bold("claims")])
        for claim in event.claims:
            lines.extend(screen.prose(claim_label(claim, dataset, whole=True), indent="  "))
            if claim.note:
                lines.extend(screen.prose(plain(claim.note), indent="    "))
    if event.quantities:
        lines.extend(["", screen.bold("quantities")])
        for quantity in event.quantities:
            lines.extend(screen.prose(claim_label(quantity, dataset, whole=True), indent="  "))
            if quantity.note:
                lines.extend(screen.prose(plain(quantity.note), indent="    "))
    links = [("includes the figures of", other) for other in event.aggregates]
    links += [("its figures are included in", e.id) for e in dataset.events if event.id in e.aggregates]
    if links:
        lines.append("")
        for label, other in links:
            lines.extend(screen.prose(f"{label}: {name(other)}"))
    return lines


# --------------------------------------------------------------------------- totals


def _tally_columns(tally: CasualtyTally, width: int | None, together: bool) -> Laid:
    columns: list[Column] = []
    if tally.by:
        columns.append(Column(tally.by.upper(), priority=9))
    with_role = any(r.role is not None for r in tally.rows)
    if with_role:
        columns.append(Column("ROLE", priority=8))
    columns += [Column("CASUALTIES", priority=9)] if together else [Column("GROUP", priority=9), Column("OUTCOME", priority=9)]
    columns += [Column(h, right=True, priority=p) for h, p in (("LOW", 7), ("BEST", 9), ("HIGH", 7), ("EVENTS", 6), ("VAGUE", 5))]
    rows = []
    for row in tally.rows:
        cells = [name(row.key)] if tally.by else []
        if with_role:
            cells.append(row.role or "")
        group, outcome = plain(row.group.replace("_", " ")), plain(row.outcome.replace("_", " "))
        cells += [f"{group} {outcome}"] if together else [group, outcome]
        cells += [str(row.low), str(row.best), str(row.high), str(row.events), str(row.vague)]
        rows.append(cells)
    return lay_out(columns, rows, width)


def tally_table(screen: Screen, tally: CasualtyTally) -> list[str]:
    """Totals per group and outcome (and per --by key), with what was not counted and why.

    When the columns do not all fit (by place or actor at 80 columns), group and outcome share
    one column, CASUALTIES (``soldiers executed``), before any count is left out.
    """
    laid = _tally_columns(tally, screen.width, together=False)
    if laid.left_out and screen.width is not None:
        laid = _tally_columns(tally, screen.width, together=True)
    lines = [screen.bold(laid.lines[0]), *laid.lines[1:]]
    d = tally.deaths
    notes = [f"deaths (killed + executed): low {d['low']}, best {d['best']}, high {d['high']}"]
    notes.append(f"{tally.events} events matched, {tally.events_with_figures} with countable figures, {tally.vague_reports} vague report{'s' if tally.vague_reports != 1 else ''} (VAGUE) not counted")
    if tally.rows_overlap:
        notes.append(f"rows by {tally.by} overlap (an event can count under several), so they do not add up to the totals")
    for aggregate in tally.aggregates:
        verb = "left out" if aggregate.left_out else "reduced to what its parts do not already count"
        notes.append(f"aggregate {name(aggregate.event)} {verb} (parts: {', '.join(name(p) for p in aggregate.parts)})")
    if laid.left_out:
        notes.append(f"too narrow for the columns {', '.join(laid.left_out)}: see --format csv")
    for note in notes:
        lines.extend(screen.prose(note))
    return lines


def timeline_chart(screen: Screen, timeline: Timeline, by: str) -> list[str]:
    """Bars of events and best deaths per period, and how events spanning periods were counted."""
    # A period the window covers only in part (--since 2011-12 by week: 2011-W48 starts on
    # 28 November) is marked with *, and a note says which of its days were counted.
    marked = {p[0] for p in timeline.partial}
    rows = [(f"{p}*" if p in marked else p, n, d) for p, n, d in timeline.rows]
    most_events = max((r[1] for r in rows), default=0) or 1
    most_deaths = max((r[2] for r in rows), default=0) or 1
    period_w = max([6] + [len(r[0]) for r in rows])
    events_w = max([6] + [len(str(r[1])) for r in rows])
    deaths_w = max([6] + [len(str(r[2])) for r in rows])
    fixed = period_w + events_w + deaths_w + 8
    half = 20 if screen.width is None else max(4, min(30, (screen.width - fixed) // 2))
    lines = [screen.bold(f"{'PERIOD'.ljust(period_w)}  {'EVENTS'.rjust(events_w)}  {''.ljust(half)}  {'DEATHS'.rjust(deaths_w)}".rstrip())]
    for period, events, deaths in rows:
        bar_e = ("█" * round(events / most_events * half)).ljust(half)
        bar_d = "█" * round(deaths / most_deaths * half)
        lines.append(f"{period.ljust(period_w)}  {str(events).rjust(events_w)}  {bar_e}  {str(deaths).rjust(deaths_w)}  {bar_d}".rstrip())
    counted_events = sum(r[1] for r in rows)
    note = f"{counted_events} events; DEATHS is the best estimate. Each event is counted once, in the {by} of its earliest possible day"
    if timeline.earlier:
        note += f"; {timeline.earlier} that may begin before the window are counted in its first {by}"
    if timeline.spanning:
        note += f"; {timeline.spanning} may fall in more than one {by}: each is counted here once, while {keep('idlib query --month')} finds an event in every month it may overlap"
    lines.extend(screen.prose(note + ". Rules: docs/codebook.md, 6.6.1."))
    for period, first, last, since, until in timeline.partial:
        days = name(since) if since == until else f"{name(since)} to {name(until)}"
        lines.extend(screen.prose(f"* {name(period)} runs {name(first)} to {name(last)}; only {days} {'is' if since == until else 'are'} in the window and counted."))
    return lines


# --------------------------------------------------------------------------- reference lists

_REFERENCE: dict[str, tuple[tuple[tuple[str, str, bool], ...], str | None]] = {
    # kind: ((field, header, right-aligned), ...), the field naming the parent
    "places": ((("name", "NAME", False), ("kind", "KIND", False), ("latitude", "LAT", True), ("longitude", "LON", True), ("events", "EVENTS", True)), "within"),
    "actors": ((("name", "NAME", False), ("side", "SIDE", False), ("kind", "KIND", False), ("events", "EVENTS", True)), "parent"),
    "sources": ((("name", "NAME", False), ("kind", "KIND", False), ("alignment", "ALIGNMENT", False), ("events", "EVENTS", True)), None),
}


def reference_table(screen: Screen, kind: str, rows: Sequence[Mapping[str, object]]) -> list[str]:
    """Places, actors or sources: the main fields in columns, the id and aliases under each."""
    fields, parent_field = _REFERENCE[kind]
    columns = [Column(header, right=right, priority=len(fields) - n) for n, (_, header, right) in enumerate(fields)]
    names = {str(r["id"]): str(r["name"]) for r in rows}
    # Names stay whole; a kind ("human rights monitor") may wrap between its words.
    cells = [[(name if f == "name" else plain)("" if r.get(f) is None else str(r.get(f)).replace("_", " ")) for f, _, _ in fields] for r in rows]
    details = []
    for r in rows:
        parts = [f"id {name(r['id'])}"]
        parent = r.get(parent_field) if parent_field else None
        if parent:
            parts.append(f"{'within' if kind == 'places' else 'under'} {name(names.get(str(parent), str(parent)))}")
        aliases = r.get("aliases") or []
        if isinstance(aliases, list) and aliases:
            parts.append("aliases: " + "; ".join(name(a) for a in aliases))
        details.append(" · ".join(parts))
    laid = lay_out(columns, cells, screen.width, details)
    lines = [screen.bold(laid.lines[0]), *laid.lines[1:]]
    footer = f"{len(rows)} {kind}"
    if laid.left_out:
        footer += f"; too narrow for the columns {', '.join(laid.left_out)}"
    lines.extend(screen.prose(footer + ". Every field: --format csv, json or yaml."))
    return lines


def types_table(screen: Screen, counts: Mapping[str, int], sub_counts: Mapping[str, int]) -> list[str]:
    """ACLED's event types, each with its sub-event types, short names and event counts."""
    from .vocab import SUB_EVENT_TYPES

    columns = [Column("TYPE / SUB-EVENT TYPE", priority=3), Column("SHORT", priority=2), Column("EVENTS", right=True, priority=3)]
    rows = []
    for event_type, subs in SUB_EVENT_TYPES.items():
        rows.append([name(event_type.value), "", str(counts.get(event_type.value, 0))])
        rows.extend([NBSP * 2 + name(sub), name(short_type(sub)), str(sub_counts.get(sub, 0))] for sub in subs)
    laid = lay_out(columns, rows, screen.width)
    lines = [screen.bold(laid.lines[0]), *laid.lines[1:]]
    lines.extend(screen.prose(f"{sum(counts.values())} events. --type takes a type, a sub-event type or its short name, in any case."))
    return lines


def infobox_view(screen: Screen, dataset: Dataset) -> list[str]:
    box = dataset.infobox

    def actor_names(ids: list[str]) -> str:
        return ", ".join(keep(f"{plain(dataset.actors[a].name)} [{plain(a)}]") for a in ids)

    pairs: list[tuple[str, str]] = [
        ("conflict", plain(box.conflict)),
        ("part of", "; ".join(plain(p) for p in box.part_of)),
        ("dates", f"{name(box.dates.start)} to {name(box.dates.end)}"),
        ("place", ", ".join(name(dataset.places[p].name) for p in box.places)),
        ("result", plain(box.result.text)),
    ]
    if box.result.towns:
        pairs.append(("towns", ", ".join(name(dataset.places[p].name) for p in box.result.towns)))
    for side in box.sides:
        pairs.append((f"side {side.side}", actor_names(side.combatants)))
        if side.units:
            units = []
            for unit in side.units:
                actor = dataset.actors[unit]
                parent = f" (under {name(dataset.actors[actor.parent].name)})" if actor.parent else ""
                units.append(name(actor.name) + parent)
            pairs.append((f"units {side.side}", "; ".join(units)))
    for commander in box.commanders:
        parts = [plain(commander.rank or ""), name(commander.name)]
        unit = f", {name(dataset.actors[commander.unit].name)}" if commander.unit else ""
        kia = " (killed in action)" if commander.killed_in_action else ""
        pairs.append((f"commander {commander.side}", " ".join(p for p in parts if p) + unit + kia))
    for strength in box.strength:
        amount = f"{strength.count:,}" if strength.count is not None else f"{strength.low:,}-{strength.high:,}"
        scope = []
        if strength.actor:
            scope.append(name(dataset.actors[strength.actor].name))
        if strength.place:
            scope.append(name(dataset.places[strength.place].name))
        pairs.append((f"strength {strength.side}", f"{amount} {plain(strength.what)}" + (f" ({', '.join(scope)})" if scope else "")))
    for casualty in box.casualties:
        amount = f"{casualty.count:,}" if casualty.count is not None else plain(casualty.wording or "unknown")
        claimed = f", claimed by {name(dataset.sources[casualty.claimed_by].name)}" if casualty.claimed_by else ""
        pairs.append((f"casualties {casualty.side}", f"{keep(amount)} {plain(casualty.what)}{claimed}"))
    return grid(screen, pairs)


def unlocated_view(screen: Screen, dataset: Dataset, places: Sequence[UnlocatedPlace]) -> list[str]:
    """``idlib places --unlocated``: one block per place, so no id or name is split at 80 columns."""
    lines = screen.prose(f"{len(places)} places have no sourced point of their own; coordinates are wanted for the settlements and sites among them.")
    for place in places:
        lines.extend(["", screen.bold(shown(f"{name(place.name)} [{name(place.id)}]"))])
        named = "not named by any event" if not place.events else f"named by {place.events} event{'s' if place.events != 1 else ''}"
        pairs = [("kind", f"{plain(place.kind)}, {named}")]
        for at in place.mapped:  # how the events that name it are mapped now
            where = f"{name(dataset.places[at.place].name)} [{name(at.place)}]" if at.place is not None else "no point"
            pairs.append(("mapped at", f"{where}, UCDP where_prec {at.where_prec} ({at.events} event{'s' if at.events != 1 else ''} naming it)"))
        # The fallback, for an event named only at the place, unless its events already show it.
        if place.placed_at is None:
            pairs.append(("fallback", plain(place.no_point or "no point")))
        elif [(at.place, at.where_prec) for at in place.mapped] != [(place.placed_at, place.where_prec)]:
            fallback = f"{name(dataset.places[place.placed_at].name)} [{name(place.placed_at)}], UCDP where_prec {place.where_prec}"
            pairs.append(("fallback", f"{fallback} (for an event named only at it)"))
        pairs.append(("why", plain(place.why)))
        lines.extend(grid(screen, pairs))
    return lines
