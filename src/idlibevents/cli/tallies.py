"""Commands that count: casualties, timeline."""

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .app import ANSWERS, command
from .options import (
    By,
    DataDirOption,
    Period,
    TallyFormat,
    choices_completion,
    choose,
    format_option,
    load_dataset,
    say_if_nothing,
    select,
    show_lines,
    takes_filters,
)

if TYPE_CHECKING:
    from ..query import Filters


@command(ANSWERS, short_help="Casualty totals by group and outcome: low, best, high")
@takes_filters
def casualties(
    filters: "Filters",
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--by", metavar="KEY", autocompletion=choices_completion([b.value for b in By]), help=f"Break totals down by: {', '.join(b.value for b in By)}.", show_default=False),
    ] = None,
    output_format: Annotated[str, format_option(TallyFormat, "table for people.")] = "table",
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
    from ..query import Filters
    from ..render import tally_table, to_json
    from ..tally import tally_casualties, tally_whole
    from ..textlayout import screen

    fmt = choose(output_format, TallyFormat, "--format")
    by_key = choose(by, By, "--by").value if by is not None else None
    dataset = load_dataset(data_dir)
    # No filter: every event, totalled from the cache's figures without making any row.
    tally = tally_whole(dataset, by_key) if filters == Filters() else None
    if tally is None:
        tally = tally_casualties(dataset, select(dataset, filters), by_key)
    if fmt is TallyFormat.json:
        typer.echo(to_json(tally.to_dict()))
    elif fmt is TallyFormat.csv:
        # The first column is named after --by (none without it); by actor, the actor's role follows.
        from ..exports.flat import write_csv

        lead = (by_key,) + (("role",) if by_key == "actor" else ()) if by_key else ()
        columns = (*lead, "group", "outcome", "low", "best", "high", "events", "vague_reports")
        records = ({c: {**r.to_dict(), by_key or "key": r.key}.get(c) for c in columns} for r in tally.rows)
        sys.stdout.write(write_csv(records, columns))
    else:
        if say_if_nothing(tally.events):
            return
        show_lines(tally_table(screen(), tally))


@command(ANSWERS, short_help="Events and deaths per month or week, as bars")
@takes_filters
def timeline(
    filters: "Filters",
    by: Annotated[str, typer.Option("--by", metavar="PERIOD", autocompletion=choices_completion([p.value for p in Period]), help="month or week (ISO weeks).")] = "month",
    output_format: Annotated[str, format_option(TallyFormat, "table (a bar chart) for people.")] = "table",
    data_dir: DataDirOption = None,
) -> None:
    """A bar chart of events and best-estimate deaths per month or week.

    The rows cover exactly the dates asked for (--month, --since, --until, --date). Each
    event counts once, in the period of its earliest possible day, or in the first period
    when it may begin before the window; the footer says how many such events there are.

    Example: idlib timeline --by week --since 2011-12
    """
    from ..exports.flat import write_csv
    from ..query import QueryError, date_window
    from ..render import timeline_chart, to_json
    from ..tally import timeline
    from ..textlayout import screen

    fmt = choose(output_format, TallyFormat, "--format")
    period = choose(by, Period, "--by")
    dataset = load_dataset(data_dir)
    events = select(dataset, filters)
    try:
        window = date_window(filters)
    except QueryError:  # pragma: no cover - select has already checked the dates
        window = None
    counts = timeline(events, period.value, window)
    records = [{"period": p, "events": n, "deaths_best": d} for p, n, d in counts.rows]
    if fmt is TallyFormat.json:
        typer.echo(to_json(records))
    elif fmt is TallyFormat.csv:
        sys.stdout.write(write_csv(records, ("period", "events", "deaths_best")))
    else:
        if say_if_nothing(len(events)):
            return
        show_lines(timeline_chart(screen(), counts, period.value))

