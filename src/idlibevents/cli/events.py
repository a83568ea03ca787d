"""Commands that find events and show them: query, show."""

import sys
from typing import Annotated, Optional

import typer

from .app import app
from .options import (
    ActorOpt,
    DataDirOption,
    DateOpt,
    ExactOpt,
    ImpreciseOpt,
    KmOpt,
    MonthOpt,
    NearOpt,
    PlaceOpt,
    QueryFormat,
    ReportFormat,
    SideOpt,
    SinceOpt,
    SortKey,
    SourceOpt,
    TextOpt,
    TypeOpt,
    UntilOpt,
    VerifiedOpt,
    err,
    filters_from,
    load_dataset,
    say_if_nothing,
    select,
)


@app.command()
def query(
    place: PlaceOpt = None,
    near: NearOpt = None,
    km: KmOpt = None,
    actor: ActorOpt = None,
    side: SideOpt = None,
    source: SourceOpt = None,
    event_type: TypeOpt = None,
    text: TextOpt = None,
    date: DateOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    month: MonthOpt = None,
    exact_dates: ExactOpt = False,
    verified_only: VerifiedOpt = False,
    include_imprecise: ImpreciseOpt = False,
    output_format: Annotated[QueryFormat, typer.Option("--format", help="table for people; the others carry every field.")] = QueryFormat.table,
    sort: Annotated[SortKey, typer.Option("--sort", help="date, -date (newest first), killed (most deaths first) or -killed.")] = SortKey.date,
    limit: Annotated[Optional[int], typer.Option("--limit", min=0, help="At most this many events.", show_default=False)] = None,  # noqa: UP045
    data_dir: DataDirOption = None,
) -> None:
    """Find events: every filter narrows the selection; names match any alias, ignoring case and accents.

    Example: idlib query --place Saraqib
    """
    from .. import export
    from ..query import sort_events
    from ..render import events_table, make_console
    from ..tally import deaths_by_event

    dataset = load_dataset(data_dir)
    events = select(dataset, filters_from(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only, include_imprecise))
    if sort is not SortKey.date:
        deaths = {k: v.best for k, v in deaths_by_event(events).items()}
        events = sort_events(events, sort.value, deaths)
    if limit is not None:
        events = events[:limit]
    if output_format is QueryFormat.table:
        if say_if_nothing(len(events)):
            return
        events_table(make_console(), dataset, events)
        return
    if output_format is QueryFormat.ids:
        sys.stdout.write(export.to_ids(events))
    elif output_format is QueryFormat.json:
        sys.stdout.write(export.to_json(export.event_records(dataset, events)))
    elif output_format is QueryFormat.jsonl:
        sys.stdout.write(export.to_jsonl(export.event_records(dataset, events)))
    elif output_format is QueryFormat.yaml:
        sys.stdout.write(export.to_yaml(export.event_records(dataset, events)))
    elif output_format is QueryFormat.csv:
        sys.stdout.write(export.to_csv(dataset, events))
    elif output_format is QueryFormat.geojson:
        text_out, _ = export.to_geojson(dataset, events)
        sys.stdout.write(text_out)
    if not events:
        err("no events match these filters")


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id (see idlib query --format ids).")],
    output_format: Annotated[ReportFormat, typer.Option("--format", help="text or json.")] = ReportFormat.text,
    data_dir: DataDirOption = None,
) -> None:
    """One event in full: summary, every claim with its source, places, article section and paragraph.

    Example: idlib show 2011-12-19-kansafra-kafr-oweid-defectors-killed
    """
    import difflib

    from .. import export
    from ..render import event_detail, make_console, to_json

    dataset = load_dataset(data_dir)
    event = dataset.event(event_id)
    if event is None:
        close = difflib.get_close_matches(event_id, [e.id for e in dataset.events], n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        err(f"Error: no event with id {event_id!r}{hint}")
        raise typer.Exit(2)
    if output_format is ReportFormat.json:
        typer.echo(to_json(export.event_record(dataset, event)))
        return
    event_detail(make_console(), dataset, event)

