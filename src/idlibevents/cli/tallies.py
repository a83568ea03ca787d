"""Commands that count: casualties, timeline."""

import sys
from typing import Annotated, Optional

import typer

from .app import app
from .options import (
    ActorOpt,
    By,
    DataDirOption,
    DateOpt,
    ExactOpt,
    ImpreciseOpt,
    KmOpt,
    MonthOpt,
    NearOpt,
    Period,
    PlaceOpt,
    SideOpt,
    SinceOpt,
    SourceOpt,
    TallyFormat,
    TextOpt,
    TypeOpt,
    UntilOpt,
    VerifiedOpt,
    filters_from,
    load_dataset,
    say_if_nothing,
    select,
)


@app.command()
def casualties(
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
    by: Annotated[Optional[By], typer.Option("--by", help="Break totals down by this.", show_default=False)] = None,  # noqa: UP045
    output_format: Annotated[TallyFormat, typer.Option("--format", help="table, json or csv.")] = TallyFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """Casualty totals, low / best / high per group and outcome, never counting anyone twice.

    Each claim gives a figure by its qualifier. Where sources disagree about the same
    event, group and outcome, low and high are the smallest and largest figures and best
    is their median (the lower middle one when there are two). Vague reports ("dozens")
    are counted as reports, not as numbers; unverified claims raise only high. An
    aggregate event (a daily toll) counts only what its parts in the selection do not.
    Rules in full: docs/codebook.md, "Counting".

    Example: idlib casualties --month 2011-12
    """
    from ..export import write_csv
    from ..render import make_console, tally_table, to_json
    from ..tally import tally_casualties

    dataset = load_dataset(data_dir)
    events = select(dataset, filters_from(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only, include_imprecise))
    tally = tally_casualties(dataset, events, by.value if by else None)
    if output_format is TallyFormat.json:
        typer.echo(to_json(tally.to_dict()))
    elif output_format is TallyFormat.csv:
        columns = ("key", "group", "outcome", "low", "best", "high", "events", "vague_reports")
        sys.stdout.write(write_csv((r.to_dict() for r in tally.rows), columns))
    else:
        if say_if_nothing(len(events)):
            return
        tally_table(make_console(), tally)


@app.command()
def timeline(
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
    by: Annotated[Period, typer.Option("--by", help="month or week.")] = Period.month,
    output_format: Annotated[TallyFormat, typer.Option("--format", help="table (a bar chart), json or csv.")] = TallyFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """A bar chart of events and best-estimate deaths per month or week.

    Example: idlib timeline --by week --since 2011-12
    """
    from ..export import write_csv
    from ..render import make_console, timeline_chart, to_json
    from ..tally import timeline_counts

    dataset = load_dataset(data_dir)
    events = select(dataset, filters_from(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only, include_imprecise))
    rows = timeline_counts(events, by.value)
    records = [{"period": p, "events": n, "deaths_best": d} for p, n, d in rows]
    if output_format is TallyFormat.json:
        typer.echo(to_json(records))
    elif output_format is TallyFormat.csv:
        sys.stdout.write(write_csv(records, ("period", "events", "deaths_best")))
    else:
        if say_if_nothing(len(events)):
            return
        timeline_chart(make_console(), rows)

