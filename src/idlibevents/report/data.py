"""The report's data: every number the page shows, computed here by the library's own rules.

The page's script never counts. It looks totals up in the tables built here, so a total the
page shows for a period is, by construction, what ``idlib casualties --since A --until B``
gives for that period with the report's filters:

- The timeline is cut into whole periods (months, or ISO weeks Monday to Sunday), clipped to
  the report's date window when it has one.
- For every run of consecutive periods ``i..j`` (78 for twelve months, about 1,200 for a
  year of weeks), the events are selected again with ``select_events`` and totalled with
  ``tally_casualties``. Per-period rows cannot simply be added up: an event whose possible
  days span two periods is selected by both, and an aggregate counts only what its parts
  *in the selection* do not, so the sum of two periods' totals is not the total of both.
- A selection on the page is therefore always a run of whole periods: a drag snaps to the
  bars it touches, and ``idlibReport.select(since, until)`` snaps to the periods those days
  fall in (it says so when it had to).
- Each event carries the first and last period its possible days overlap, so the page can
  list the events of a run ``i..j`` (an event is in it when ``first <= j`` and ``last >= i``;
  with ``--exact-dates`` when ``first >= i`` and ``last <= j``); the tests check that this
  gives exactly the events ``select_events`` gives for every run.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..dataset import Dataset
from ..location import MappedLocation, mapping_locations
from ..query import Filters, date_window, select_events
from ..render import claim_label, date_label
from ..rows import AnyEvent
from ..tally import deaths_by_event, tally_casualties
from ..vocab import FATAL_OUTCOMES, EventType

GRANULARITIES = ("month", "week")
SIDES = ("government", "opposition", "civilian", "unknown", "foreign")

#: One colour per ACLED event type, from the Okabe-Ito palette (readable with colour
#: blindness). Battles and Explosions, the two commonest, are vermillion and blue: of that
#: palette's colours, the two that stay furthest apart for every kind of colour blindness.
TYPE_COLOURS: dict[str, str] = {
    EventType.BATTLES.value: "#D55E00",
    EventType.EXPLOSIONS.value: "#0072B2",
    EventType.VIOLENCE_AGAINST_CIVILIANS.value: "#CC79A7",
    EventType.PROTESTS.value: "#009E73",
    EventType.RIOTS.value: "#56B4E9",
    EventType.STRATEGIC.value: "#F0E442",
}

#: Kinds of place whose point only stands for a larger whole: an event drawn there is not at
#: a place of that name, so the map draws it with its own symbol and says so.
REGION_KINDS = frozenset({"area", "road", "governorate", "region", "country"})

#: Order of the numbers in one totals row of the page (see :func:`totals_row`).
TOTALS_FIELDS = ("events", "events_with_figures", "vague_reports", "deaths_low", "deaths_best", "deaths_high", *(f"deaths_best_{s}" for s in SIDES))

#: UCDP GED where_prec, in words, for the detail panel and the legend.
WHERE_PREC_WORDS = {
    1: "at the exact place",
    2: "within about 25 km of the point",
    3: "only to the district",
    4: "only to the governorate",
    5: "only to a larger area, a road or the border",
    6: "only to the country",
    7: "international waters or airspace",
}

#: The command-line option of each filter, for the header and the equivalent commands.
_OPTION_OF = {
    "places": "--place",
    "near": "--near",
    "km": "--km",
    "actors": "--actor",
    "sides": "--side",
    "sources": "--source",
    "types": "--type",
    "text": "--text",
    "date": "--date",
    "since": "--since",
    "until": "--until",
    "month": "--month",
    "exact_dates": "--exact-dates",
    "verified_only": "--verified-only",
    "include_imprecise": "--include-imprecise",
}


#: The filters of a date window, replaced by a selection's own --since/--until.
DATE_FILTERS = ("date", "since", "until", "month")


@dataclass(frozen=True)
class Period:
    """One bar of the timeline: a month or ISO week, clipped to the report's date window."""

    key: str
    start: date
    end: date


def type_slug(event_type: str) -> str:
    """``Explosions/Remote violence`` -> ``explosions-remote-violence``, for CSS classes."""
    return re.sub(r"[^a-z0-9]+", "-", event_type.lower()).strip("-")


def _period_start(day: date, by: str) -> date:
    return day.replace(day=1) if by == "month" else day - timedelta(days=day.weekday())


def _period_end(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _period_key(start: date, by: str) -> str:
    if by == "week":
        iso = start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return f"{start.year}-{start.month:02d}"


def make_periods(events: Sequence[AnyEvent], by: str, window: tuple[date, date] | None) -> list[Period]:
    """Every period from the first possible day of any event to the last, lulls included.

    A period is whole (a calendar month, a Monday-to-Sunday week) unless the report's own
    date window cuts it.
    """
    if by not in GRANULARITIES:
        raise ValueError(f"unknown period {by!r}; choose month or week")
    if not events:
        return []
    low, high = window if window is not None else (date.min, date.max)
    first, last = days_covered(events, window)
    out: list[Period] = []
    start = _period_start(first, by)
    while start <= last:
        end = _period_end(start, by)
        out.append(Period(_period_key(start, by), max(start, low), min(end, high)))
        start = end + timedelta(days=1)
    return out


def days_covered(events: Sequence[AnyEvent], window: tuple[date, date] | None) -> tuple[date, date]:
    """The first and last possible day of any of the events, cut by the report's date window."""
    low, high = window if window is not None else (date.min, date.max)
    return max(low, min(e.span.earliest for e in events)), min(high, max(e.span.latest for e in events))


def period_span(event: AnyEvent, periods: Sequence[Period]) -> tuple[int, int]:
    """Indexes of the first and last period the event's possible days overlap (clipped to the periods)."""
    span = event.span
    earliest = max(span.earliest, periods[0].start)
    latest = min(span.latest, periods[-1].end)
    first = next(i for i, p in enumerate(periods) if p.end >= earliest)
    last = max(i for i, p in enumerate(periods) if p.start <= latest)
    return first, last


def totals_row(dataset: Dataset, events: Sequence[AnyEvent]) -> list[int]:
    """The numbers of one selection, in the order of :data:`TOTALS_FIELDS`, by ``tally_casualties``."""
    tally = tally_casualties(dataset, events, "side")
    by_side = dict.fromkeys(SIDES, 0)
    for row in tally.rows:
        if row.outcome in FATAL_OUTCOMES:
            by_side[row.key] = by_side.get(row.key, 0) + row.best
    d = tally.deaths
    return [tally.events, tally.events_with_figures, tally.vague_reports, d["low"], d["best"], d["high"], *(by_side[s] for s in SIDES)]


def run_filters(filters: Filters, periods: Sequence[Period], first: int, last: int) -> Filters:
    """The report's filters narrowed to the periods ``first..last`` (as ``--since``/``--until``)."""
    return dataclasses.replace(filters, since=periods[first].start.isoformat(), until=periods[last].end.isoformat())


def run_totals(dataset: Dataset, filters: Filters, periods: Sequence[Period]) -> list[list[list[int]]]:
    """``table[i][j - i]``: the totals of the periods ``i..j``, each selected and tallied afresh."""
    table: list[list[list[int]]] = []
    for first in range(len(periods)):
        row = []
        for last in range(first, len(periods)):
            row.append(totals_row(dataset, select_events(dataset, run_filters(filters, periods, first, last))))
        table.append(row)
    return table


def filter_arguments(filters: Filters, leave_out: Sequence[str] = ()) -> list[str]:
    """The filters as command-line arguments (``--place Saraqib``), in a fixed order."""
    args: list[str] = []
    for name, option in _OPTION_OF.items():
        if name in leave_out:
            continue
        value = getattr(filters, name)
        if isinstance(value, bool):
            if value:
                args.append(option)
        elif isinstance(value, list):
            for item in value:
                args.extend([option, str(item)])
        elif value is not None:
            args.extend([option, str(value)])
    return args


def _location_record(event: AnyEvent, location: MappedLocation, dataset: Dataset) -> dict[str, Any]:
    place = dataset.places[location.place] if location.place is not None and location.place in dataset.places else None
    return {
        "place": place.name if place is not None else None,
        "place_id": place.id if place is not None else None,
        "region": place is not None and place.kind in REGION_KINDS,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "where_prec": location.where_prec,
        "where_words": WHERE_PREC_WORDS.get(location.where_prec, ""),
        "geo_precision": location.geo_precision,
        "fallback": location.fallback,
        "reason": location.reason,
        "event_precision": event.location_precision,
        "event_precision_words": WHERE_PREC_WORDS.get(event.location_precision, ""),
        "note": event.location_note,
        "exact": is_exact(location),
    }


def is_exact(location: MappedLocation) -> bool:
    """Drawn as a filled marker: the point is the event's own place, known exactly."""
    return location.where_prec == 1 and not location.fallback


def event_record(
    dataset: Dataset,
    event: AnyEvent,
    location: MappedLocation,
    deaths: tuple[int, int, int],
    included_in: Sequence[str],
    spans: dict[str, tuple[int, int]],
) -> dict[str, Any]:
    """Everything the table and the detail panel show for one event, as plain JSON values."""
    span = event.span
    sides = sorted({dataset.actors[a.actor].side for a in event.actors if a.actor in dataset.actors})
    sources = sorted(event.sources())
    return {
        "id": event.id,
        "date": event.date,
        "date_label": date_label(event),
        "earliest": span.earliest.isoformat(),
        "latest": span.latest.isoformat(),
        "date_prec": int(span.ucdp_date_prec),
        "type": event.event_type.value,
        "sub_type": event.sub_event_type,
        "places": [dataset.places[p].name for p in event.places],
        "actors": [{"name": dataset.actors[a.actor].name, "role": a.role, "side": dataset.actors[a.actor].side} for a in event.actors],
        "sides": sides,
        "sources": sources,
        "claims": [
            {
                "label": claim_label(c, dataset),
                "outcome": c.outcome,
                "group": c.group,
                "count": c.count,
                "qualifier": c.qualifier,
                "wording": c.wording,
                "source": dataset.sources[c.source].name if c.source and c.source in dataset.sources else None,
                "unverified": c.unverified,
                "within_claim": c.within_claim,
                "note": c.note,
            }
            for c in event.claims
        ],
        "quantities": [{"label": claim_label(q, dataset), "note": q.note} for q in event.quantities],
        "unverified": event.unverified,
        "aggregates": list(event.aggregates),
        "included_in": list(included_in),
        "summary": event.summary,
        "article": {"section": event.article.section, "paragraph": event.article.paragraph},
        "location": _location_record(event, location, dataset),
        "deaths": list(deaths),
        "periods": {g: list(spans[g]) for g in GRANULARITIES},
    }


def report_data(dataset: Dataset, filters: Filters, *, title: str, version: str) -> dict[str, Any]:
    """The page's data for the events ``filters`` select: events, periods, totals, header.

    Raises :class:`~idlibevents.query.QueryError` for a filter that cannot be applied, as
    ``select_events`` does.
    """
    events = select_events(dataset, filters)
    window = date_window(filters)
    locations = mapping_locations(dataset, events)
    deaths = deaths_by_event(events)
    included_in: dict[str, list[str]] = {}
    for event in dataset.events:
        for part in event.aggregates:
            included_in.setdefault(part, []).append(event.id)
    periods = {g: make_periods(events, g, window) for g in GRANULARITIES}
    records = []
    for event in events:
        spans = {g: period_span(event, periods[g]) for g in GRANULARITIES}
        d = deaths[event.id]
        records.append(event_record(dataset, event, locations[event.id], (d.low, d.best, d.high), included_in.get(event.id, []), spans))
    placed = sum(1 for loc in locations.values() if loc.latitude is not None)
    used_types = sorted({e.event_type.value for e in events}, key=list(TYPE_COLOURS).index)
    return {
        "title": title,
        "version": version,
        "filters": filter_arguments(filters),
        # The commands the page shows beside the totals. With no selection: every filter of the
        # report. For a selection: the report's filters without its own dates, which the
        # selection's --since/--until replace (its periods lie inside the report's window).
        "casualties_command": shlex.join(["idlib", "casualties", *filter_arguments(filters)]),
        "casualties_command_base": shlex.join(["idlib", "casualties", *filter_arguments(filters, leave_out=DATE_FILTERS)]),
        "exact_dates": filters.exact_dates,
        "days": [d.isoformat() for d in days_covered(events, window)] if events else None,
        "counts": {"events": len(events), "placed": placed, "unplaced": len(events) - placed, "claims": sum(len(e.claims) for e in events)},
        "types": [{"name": t, "slug": type_slug(t), "colour": TYPE_COLOURS[t]} for t in used_types],
        "sides": sorted({s for r in records for s in r["sides"]}),
        "sources": [{"id": s, "name": dataset.sources[s].name if s in dataset.sources else s} for s in sorted({s for e in events for s in e.sources()})],
        "totals_fields": list(TOTALS_FIELDS),
        "totals": totals_row(dataset, events),
        "periods": {g: [{"key": p.key, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in periods[g]] for g in GRANULARITIES},
        "runs": {g: run_totals(dataset, filters, periods[g]) for g in GRANULARITIES},
        "events": records,
    }
