"""Commands that find events and show them: query, show."""

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .app import ANSWERS, command
from .options import (
    SORT_ALIASES,
    DataDirOption,
    QueryFormat,
    ReportFormat,
    SortKey,
    choices_completion,
    choose,
    complete_event_id,
    err,
    format_option,
    load_dataset,
    number,
    say_error,
    select,
    show_lines,
    takes_filters,
)

if TYPE_CHECKING:
    from ..query import Filters

_SORT_HELP = "date, deaths, place or type; ascending, or descending with a leading - (-deaths: most deaths first)."


@command(ANSWERS, short_help="Find events by place, actor, type, words and dates")
@takes_filters
def query(
    filters: "Filters",
    output_format: Annotated[str, format_option(QueryFormat, "table for people; the others carry every field.")] = "table",
    sort: Annotated[str, typer.Option("--sort", metavar="KEY", autocompletion=choices_completion([k.value for k in SortKey]), help=_SORT_HELP)] = "date",
    limit_text: Annotated[Optional[str], typer.Option("--limit", metavar="N", help="At most this many events.", show_default=False)] = None,  # noqa: UP045
    data_dir: DataDirOption = None,
) -> None:
    """Find events by place, actor, side, source, type, words and dates.

    Different filters narrow the selection; a filter given twice matches either value
    (--place Saraqib --place Taftanaz: events at either). Names match any alias, ignoring
    case and accents. --sort KEY is ascending, --sort -KEY descending.

    Example: idlib query --place Saraqib --sort -deaths
    """
    from ..query import sort_events

    fmt = choose(output_format, QueryFormat, "--format")
    limit = number(limit_text, "--limit", "a whole number of events", int) if limit_text is not None else None
    if limit is not None and limit < 0:
        raise typer.BadParameter(f"{limit} is not a number of events: give 0 or more", param_hint="--limit")
    sort_key = choose(SORT_ALIASES.get(sort, sort), SortKey, "--sort")
    dataset = load_dataset(data_dir)
    events = select(dataset, filters)
    matched = len(events)
    deaths = {}
    if fmt is QueryFormat.table or "deaths" in sort_key:
        from ..tally import deaths_by_event

        deaths = deaths_by_event(events)
    if sort_key is not SortKey.date:
        events = sort_events(events, sort_key.value, {k: v.best for k, v in deaths.items()}, {p.id: p.name for p in dataset.places.values()})
    if limit is not None:
        events = events[:limit]
    if fmt is QueryFormat.table:
        if not events:
            err(_nothing_shown(matched))
            return
        from ..render import events_list
        from ..textlayout import screen

        show_lines(events_list(screen(), dataset, events, deaths, len(dataset.events), matched))
        return
    if fmt is QueryFormat.ids:
        # As exports.flat.to_ids writes them, without importing the exports (a few ms of an 80 ms answer).
        sys.stdout.write("".join(e.id + "\n" for e in events))
    else:
        from ..exports import flat as export  # not idlibevents.export, whose GeoJSON half imports pydantic

        if fmt is QueryFormat.json:
            sys.stdout.write(export.to_json(export.event_records(dataset, events)))
        elif fmt is QueryFormat.jsonl:
            sys.stdout.write(export.to_jsonl(export.event_records(dataset, events)))
        elif fmt is QueryFormat.yaml:
            sys.stdout.write(export.to_yaml(export.event_records(dataset, events)))
        elif fmt is QueryFormat.csv:
            sys.stdout.write(export.to_csv(dataset, events))
        elif fmt is QueryFormat.geojson:
            from ..exports.geojson import to_geojson

            text_out, _ = to_geojson(dataset, events)
            sys.stdout.write(text_out)
    if not events:
        err(_nothing_shown(matched))


def _nothing_shown(matched: int) -> str:
    """Why the list is empty: nothing matched, or ``--limit 0`` showed none of what did."""
    if matched:
        return f"0 of {matched} matching event{'s' if matched != 1 else ''} shown (--limit 0)"
    return "no events match these filters"


def resolve_event_ids(dataset: object, wanted: list[str]) -> list[str]:
    """Each id given, or the one event whose id it begins; ``-`` reads ids from stdin (one a line).

    Anything else is a bad-usage error naming every id that matched, or the closest ids.
    """
    import difflib

    ids = [e.id for e in dataset.events]  # type: ignore[attr-defined]
    known = set(ids)
    given: list[str] = []
    for value in wanted:
        if value == "-":
            given.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            given.append(value)
    if not given:
        raise typer.BadParameter("no ids given (stdin was empty)", param_hint="ID...")
    out: list[str] = []
    for value in given:
        if value in known:
            out.append(value)
            continue
        starting = [i for i in ids if i.startswith(value)] if value else []
        if len(starting) == 1:
            out.append(starting[0])
            continue
        from ..render import plain

        if starting:
            more = f" and {len(starting) - 5} more" if len(starting) > 5 else ""
            say_error(f"Error: {plain(value)!r} begins {len(starting)} event ids: {', '.join(starting[:5])}{more}; give more of the id")
        else:
            # The most similar first: a one-letter typo must come before its neighbours of the same day.
            ranked = sorted(((difflib.SequenceMatcher(None, value, i).ratio(), i) for i in ids), key=lambda r: -r[0])
            close = [i for ratio, i in ranked[:3] if ratio >= 0.5]
            hint = f" (did you mean {', '.join(close)}?)" if close else " (list them with: idlib query --format ids)"
            say_error(f"Error: no event with id {plain(value)!r}{hint}")
        raise typer.Exit(2)
    return out


@command(ANSWERS, short_help="Events in full, every claim with its source")
def show(
    event_ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", autocompletion=complete_event_id, help="Event ids, or unique beginnings of ids; - reads ids from standard input.", show_default=False),
    ],
    output_format: Annotated[str, format_option(ReportFormat, "text for people; json for programs (a list when several ids are given).")] = "text",
    data_dir: DataDirOption = None,
) -> None:
    """Events in full: summary, every claim with its source, places, article section and paragraph.

    Example: idlib query --place Saraqib --format ids | idlib show -
    """
    from ..exports import flat as export  # not idlibevents.export, whose GeoJSON half imports pydantic
    from ..render import event_detail, to_json
    from ..textlayout import screen

    fmt = choose(output_format, ReportFormat, "--format")
    dataset = load_dataset(data_dir)
    ids = resolve_event_ids(dataset, event_ids)
    if fmt is ReportFormat.json:
        records = [export.event_record(dataset, dataset.event(i)) for i in ids]
        typer.echo(to_json(records[0] if len(records) == 1 else records))
        return
    view = screen()
    for n, ident in enumerate(ids):
        if n:
            show_lines([""])
        show_lines(event_detail(view, dataset, dataset.event(ident)))
