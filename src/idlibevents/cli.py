"""The ``idlib`` command: parse options, call the library, render. Nothing else lives here.

Exit codes: 0 ok, 1 invalid data or failure, 2 bad usage. Data goes to stdout,
diagnostics to stderr.
"""

# No ``from __future__ import annotations`` here: Typer reads every option's annotation when it
# builds the command tree, and evaluating them from strings made ``idlib --help`` ~10 ms slower.
import gc
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from . import __version__

app = typer.Typer(
    name="idlib",
    help="Query and check the dataset of the 2011-2012 Idlib Governorate clashes.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DataDirOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs the Optional spelling on Python 3.11
    typer.Option("--data-dir", envvar="IDLIB_DATA_DIR", help="Folder with the data files (default: the installed copy).", show_default=False),
]


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"idlib {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Query and check the dataset of the 2011-2012 Idlib Governorate clashes."""


def _err(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def validate(
    files: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(help="Data files to check in place of the folder's own (their kind comes from the name: events*.yaml, places*.yaml, ...).", show_default=False),
    ] = None,
    data_dir: DataDirOption = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", help="text for people, json for programs.")] = ReportFormat.text,
) -> None:
    """Check every data file and every reference between them; list every problem with its file and line.

    Example: idlib validate --data-dir ./data
    """
    from .cache import cached_verdict
    from .checker import check
    from .loading import kind_of
    from .render import to_json, validation_text

    overrides: dict[str, Path] = {}
    for path in files or []:
        kind = kind_of(path)
        if kind is None:
            raise typer.BadParameter(f"{path}: cannot tell which data file this is; name it events*.yaml, places*.yaml, actors*.yaml, sources*.yaml or infobox*.yaml", param_hint="FILES")
        if kind in overrides:
            raise typer.BadParameter(f"two {kind} files given: {overrides[kind]} and {path}", param_hint="FILES")
        overrides[kind] = path
    # A folder whose exact bytes validated before (the cache's key) validates again.
    cached = cached_verdict(data_dir) if not overrides else None
    result = cached if cached is not None else check(data_dir, overrides)[0]
    if output_format is ReportFormat.json:
        typer.echo(to_json(result.to_dict()))
    elif result.ok:
        typer.echo(result.summary())
    else:
        _err(validation_text(result))
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def schema(
    write: Annotated[bool, typer.Option("--write", help="Regenerate the schema files.")] = False,
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if any schema file is missing or out of date.")] = False,
    folder: Annotated[Path, typer.Option("--dir", help="Folder of the schema files.")] = Path("schemas"),
    kind: Annotated[Optional[str], typer.Option("--print", help="Print the schema of one file (events, places, actors, sources, infobox).")] = None,  # noqa: UP045
) -> None:
    """Write, check or print the JSON Schemas (draft 2020-12) of the data files.

    Example: idlib schema --check
    """
    from .models import FILE_MODELS
    from .schema import render_schema, stale_schemas, write_schemas

    if sum([write, check_only, kind is not None]) != 1:
        raise typer.BadParameter("give exactly one of --write, --check or --print KIND")
    if kind is not None:
        name = kind.removesuffix(".yaml") + ".yaml"
        if name not in FILE_MODELS:
            raise typer.BadParameter(f"unknown data file {kind!r}; choose from events, places, actors, sources, infobox", param_hint="--print")
        typer.echo(render_schema(name), nl=False)
        return
    if write:
        changed = write_schemas(folder)
        _err(f"wrote {len(changed)} schema file(s) in {folder}" if changed else f"schemas in {folder} are up to date")
        return
    stale = stale_schemas(folder)
    for path in stale:
        _err(f"{path}: out of date (run: idlib schema --write)")
    if stale:
        raise typer.Exit(1)
    _err(f"schemas in {folder} are up to date")


@app.command(name="fmt")
def fmt_command(
    check_only: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 and name the files that are not in canonical form.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Rewrite the data files in canonical form, keeping every comment and every value.

    Events are sorted by date (earliest possible day, then latest, then id), fields follow
    the codebook's order, dates are quoted, and each actor, claim and quantity stays on one
    line. Data that does not validate is never touched. Details: docs/contributing.md.

    Example: idlib fmt --check
    """
    from .checker import default_data_dir
    from .fmt import FmtError, format_data_dir
    from .loading import display_path
    from .render import plain, validation_text
    from .result import DataError

    folder = data_dir if data_dir is not None else default_data_dir()
    try:
        changed = format_data_dir(folder, check=check_only)
    except DataError as exc:
        _err(validation_text(exc.result))
        _err("fmt: nothing was changed; fix these problems first (idlib validate lists them too)")
        raise typer.Exit(1) from None
    except FmtError as exc:
        _err(plain(f"fmt: {exc}; nothing was changed"))
        raise typer.Exit(1) from None
    except OSError as exc:
        _err(plain(f"fmt: cannot write {exc.filename or folder}: {exc.strerror or exc}"))
        raise typer.Exit(1) from None
    for path in changed:
        _err(f"{display_path(path)}: not in canonical form (run: idlib fmt)" if check_only else f"{display_path(path)}: formatted")
    if check_only and changed:
        raise typer.Exit(1)
    if not changed:
        _err(f"data files in {display_path(folder)} are in canonical form")


# --------------------------------------------------------------------------- shared filters

PlaceOpt = Annotated[Optional[list[str]], typer.Option("--place", help="Place name or any alias (repeatable); includes places within it.", show_default=False)]  # noqa: UP045
NearOpt = Annotated[Optional[str], typer.Option("--near", help="Events within --km of this place (needs sourced coordinates).", show_default=False)]  # noqa: UP045
KmOpt = Annotated[Optional[float], typer.Option("--km", help="Radius for --near, in kilometres.", show_default=False)]  # noqa: UP045
ActorOpt = Annotated[Optional[list[str]], typer.Option("--actor", help="Actor name or alias (repeatable); includes its sub-units.", show_default=False)]  # noqa: UP045
SideOpt = Annotated[Optional[list[str]], typer.Option("--side", help="government, opposition, civilian, unknown or foreign (repeatable).", show_default=False)]  # noqa: UP045
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", help="Source name or alias, e.g. SOHR (repeatable).", show_default=False)]  # noqa: UP045
TypeOpt = Annotated[Optional[list[str]], typer.Option("--type", help="ACLED event type or sub-event type (repeatable).", show_default=False)]  # noqa: UP045
TextOpt = Annotated[Optional[str], typer.Option("--text", help="Word or phrase in the summary.", show_default=False)]  # noqa: UP045
DateOpt = Annotated[Optional[str], typer.Option("--date", help="EDTF date or range the event may overlap, e.g. 2011-12-19.", show_default=False)]  # noqa: UP045
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="First day (YYYY-MM-DD, YYYY-MM or YYYY).", show_default=False)]  # noqa: UP045
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Last day (YYYY-MM-DD, YYYY-MM or YYYY).", show_default=False)]  # noqa: UP045
MonthOpt = Annotated[Optional[str], typer.Option("--month", help="One month, YYYY-MM.", show_default=False)]  # noqa: UP045
ExactOpt = Annotated[bool, typer.Option("--exact-dates", help="Only events known to fall wholly inside the date window.")]
VerifiedOpt = Annotated[bool, typer.Option("--verified-only", help="Leave out events and claims the article calls unverified.")]


def _filters(
    place: list[str] | None,
    near: str | None,
    km: float | None,
    actor: list[str] | None,
    side: list[str] | None,
    source: list[str] | None,
    event_type: list[str] | None,
    text: str | None,
    date: str | None,
    since: str | None,
    until: str | None,
    month: str | None,
    exact_dates: bool,
    verified_only: bool,
) -> Any:
    from .query import Filters

    return Filters(
        places=list(place or []),
        near=near,
        km=km,
        actors=list(actor or []),
        sides=list(side or []),
        sources=list(source or []),
        types=list(event_type or []),
        text=text,
        date=date,
        since=since,
        until=until,
        month=month,
        exact_dates=exact_dates,
        verified_only=verified_only,
    )


def _load(data_dir: Path | None) -> Any:
    """The dataset (from the cache when it holds this very data), or exit 1 with every problem."""
    from .cache import load_rows

    result, dataset = load_rows(data_dir)
    if dataset is None:
        from .render import validation_text

        _err(validation_text(result))
        raise typer.Exit(1)
    return dataset


def _select(dataset: Any, filters: Any) -> Any:
    from .query import QueryError, select_events

    try:
        return select_events(dataset, filters)
    except QueryError as exc:
        _err(f"Error: {exc}")
        raise typer.Exit(2) from None


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"
    geojson = "geojson"
    ids = "ids"


class TallyFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"


class SortKey(StrEnum):
    date = "date"
    date_desc = "-date"
    killed = "killed"
    killed_asc = "-killed"


class By(StrEnum):
    month = "month"
    week = "week"
    place = "place"
    actor = "actor"
    side = "side"
    source = "source"
    type = "type"
    group = "group"
    outcome = "outcome"


class Period(StrEnum):
    month = "month"
    week = "week"


def _nothing(count: int) -> bool:
    if count == 0:
        _err("no events match these filters")
        return True
    return False


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
    output_format: Annotated[QueryFormat, typer.Option("--format", help="table for people; the others carry every field.")] = QueryFormat.table,
    sort: Annotated[SortKey, typer.Option("--sort", help="date, -date (newest first), killed (most deaths first) or -killed.")] = SortKey.date,
    limit: Annotated[Optional[int], typer.Option("--limit", min=0, help="At most this many events.", show_default=False)] = None,  # noqa: UP045
    data_dir: DataDirOption = None,
) -> None:
    """Find events: every filter narrows the selection; names match any alias, ignoring case and accents.

    Example: idlib query --place Saraqib
    """
    from . import export
    from .query import sort_events
    from .render import events_table, make_console
    from .tally import deaths_by_event

    dataset = _load(data_dir)
    events = _select(dataset, _filters(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only))
    if sort is not SortKey.date:
        deaths = {k: v.best for k, v in deaths_by_event(events).items()}
        events = sort_events(events, sort.value, deaths)
    if limit is not None:
        events = events[:limit]
    if output_format is QueryFormat.table:
        if _nothing(len(events)):
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
        _err("no events match these filters")


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

    from . import export
    from .render import event_detail, make_console, to_json

    dataset = _load(data_dir)
    event = dataset.event(event_id)
    if event is None:
        close = difflib.get_close_matches(event_id, [e.id for e in dataset.events], n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        _err(f"Error: no event with id {event_id!r}{hint}")
        raise typer.Exit(2)
    if output_format is ReportFormat.json:
        typer.echo(to_json(export.event_record(dataset, event)))
        return
    event_detail(make_console(), dataset, event)


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
    from .export import write_csv
    from .render import make_console, tally_table, to_json
    from .tally import tally_casualties

    dataset = _load(data_dir)
    events = _select(dataset, _filters(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only))
    tally = tally_casualties(dataset, events, by.value if by else None)
    if output_format is TallyFormat.json:
        typer.echo(to_json(tally.to_dict()))
    elif output_format is TallyFormat.csv:
        columns = ("key", "group", "outcome", "low", "best", "high", "events", "vague_reports")
        sys.stdout.write(write_csv((r.to_dict() for r in tally.rows), columns))
    else:
        if _nothing(len(events)):
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
    by: Annotated[Period, typer.Option("--by", help="month or week.")] = Period.month,
    output_format: Annotated[TallyFormat, typer.Option("--format", help="table (a bar chart), json or csv.")] = TallyFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """A bar chart of events and best-estimate deaths per month or week.

    Example: idlib timeline --by week --since 2011-12
    """
    from .export import write_csv
    from .render import make_console, timeline_chart, to_json
    from .tally import timeline_counts

    dataset = _load(data_dir)
    events = _select(dataset, _filters(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only))
    rows = timeline_counts(events, by.value)
    records = [{"period": p, "events": n, "deaths_best": d} for p, n, d in rows]
    if output_format is TallyFormat.json:
        typer.echo(to_json(records))
    elif output_format is TallyFormat.csv:
        sys.stdout.write(write_csv(records, ("period", "events", "deaths_best")))
    else:
        if _nothing(len(events)):
            return
        timeline_chart(make_console(), rows)


def _listing(kind: str, output_format: ListFormat, data_dir: Path | None, columns: list[str]) -> None:
    from . import export
    from .query import reference_listing
    from .render import make_console, reference_table

    dataset = _load(data_dir)
    rows = reference_listing(dataset, kind)
    if output_format is ListFormat.json:
        sys.stdout.write(export.to_json(rows))
    elif output_format is ListFormat.jsonl:
        sys.stdout.write(export.to_jsonl(rows))
    elif output_format is ListFormat.yaml:
        sys.stdout.write(export.to_yaml(rows))
    elif output_format is ListFormat.csv:
        flat = [{k: "; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()} for row in rows]
        sys.stdout.write(export.write_csv(flat, tuple(rows[0].keys()) if rows else ()))
    else:
        table_rows = [[_cell_text(row.get(c)) for c in columns] for row in rows]
        reference_table(make_console(), kind, columns, table_rows)


def _cell_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


ListFormatOpt = Annotated[ListFormat, typer.Option("--format", help="table, json, jsonl, csv or yaml.")]


@app.command()
def places(output_format: ListFormatOpt = ListFormat.table, data_dir: DataDirOption = None) -> None:
    """Every place with its aliases, coordinates (and their source) and how many events name it.

    Example: idlib places --format csv
    """
    _listing("places", output_format, data_dir, ["id", "name", "aliases", "kind", "within", "latitude", "longitude", "events"])


@app.command()
def actors(output_format: ListFormatOpt = ListFormat.table, data_dir: DataDirOption = None) -> None:
    """Every actor with its aliases, side, parent unit and how many events name it.

    Example: idlib actors
    """
    _listing("actors", output_format, data_dir, ["id", "name", "aliases", "side", "kind", "parent", "events"])


@app.command()
def sources(output_format: ListFormatOpt = ListFormat.table, data_dir: DataDirOption = None) -> None:
    """Every source with its aliases, kind, alignment and how many events cite it.

    Example: idlib sources
    """
    _listing("sources", output_format, data_dir, ["id", "name", "aliases", "kind", "alignment", "events"])


@app.command()
def infobox(
    output_format: Annotated[ReportFormat, typer.Option("--format", help="text or json.")] = ReportFormat.text,
    data_dir: DataDirOption = None,
) -> None:
    """The article's infobox: dates, result, sides, commanders, strengths and casualties.

    Example: idlib infobox
    """
    from .render import infobox_view, make_console, to_json

    dataset = _load(data_dir)
    if output_format is ReportFormat.json:
        typer.echo(to_json(dataset.infobox.model_dump(mode="json")))
        return
    infobox_view(make_console(), dataset)


class ExportFormat(StrEnum):
    csv = "csv"
    claims_csv = "claims-csv"
    acled = "acled"
    ucdp = "ucdp"
    geojson = "geojson"
    sqlite = "sqlite"
    datapackage = "datapackage"
    json = "json"
    jsonl = "jsonl"


@app.command(name="export")
def export_command(
    export_format: Annotated[
        ExportFormat,
        typer.Argument(metavar="FORMAT", help="csv, claims-csv, acled, ucdp, geojson, sqlite, datapackage, json or jsonl (see docs/exports.md).", show_default=False),
    ],
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
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("-o", "--output", help="File to write, atomically ('-' or none: standard output); a folder for datapackage.", show_default=False),
    ] = None,
    metadata: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--metadata", help="sqlite only: where to write Datasette's metadata (default: metadata.json beside the database).", show_default=False),
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Write the selected events for other tools: spreadsheets, ACLED/UCDP scripts, GIS, SQLite/Datasette, Frictionless.

    Takes the same filters as idlib query. sqlite needs -o FILE.db and also writes
    Datasette's metadata.json; datapackage needs -o FOLDER.

    Example: idlib export acled --month 2011-12 -o idlib-acled.csv
    """
    import json
    import sqlite3

    from . import export as exporting
    from .fsutil import atomic_write

    to_stdout = output is None or output == "-"
    if export_format in (ExportFormat.sqlite, ExportFormat.datapackage) and to_stdout:
        what = "a database file: give -o FILE.db" if export_format is ExportFormat.sqlite else "a folder: give -o FOLDER"
        raise typer.BadParameter(f"{export_format.value} writes {what}", param_hint="-o")
    if metadata is not None and export_format is not ExportFormat.sqlite:
        raise typer.BadParameter("--metadata goes with the sqlite format only", param_hint="--metadata")
    dataset = _load(data_dir)
    events = _select(dataset, _filters(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only))
    if not events:
        _err("no events match these filters")
    target = Path(output) if output is not None and not to_stdout else None
    try:
        if export_format is ExportFormat.sqlite:
            from .sqlite_export import build_database, datasette_metadata

            assert target is not None
            build_database(dataset, target, events)
            meta_path = metadata if metadata is not None else target.parent / "metadata.json"
            atomic_write(meta_path, json.dumps(datasette_metadata(target.stem), indent=2, ensure_ascii=False) + "\n")
            _err(f"wrote {target} and {meta_path}; browse with: datasette {target} -m {meta_path}")
            return
        if export_format is ExportFormat.datapackage:
            from .datapackage import write_datapackage

            assert target is not None
            files = write_datapackage(dataset, target, events)
            _err(f"wrote {len(files)} files in {target}; check with: frictionless validate {target / 'datapackage.json'}")
            return
        if export_format is ExportFormat.csv:
            text_out = exporting.to_csv(dataset, events)
        elif export_format is ExportFormat.claims_csv:
            text_out = exporting.to_claims_csv(dataset, events)
        elif export_format is ExportFormat.acled:
            from .conflict_formats import to_acled_csv

            text_out = to_acled_csv(dataset, events)
        elif export_format is ExportFormat.ucdp:
            from .conflict_formats import to_ucdp_csv

            text_out, left_out = to_ucdp_csv(dataset, events)
            if left_out:
                _err(f"{len(left_out)} event(s) without a counted death are not in the UCDP file (GED lists only fatal events)")
        elif export_format is ExportFormat.geojson:
            text_out, unplaced = exporting.to_geojson(dataset, events, warn=False)
            if unplaced:
                _err(f"{len(unplaced)} event(s) have no place with sourced coordinates and are not in the GeoJSON: {', '.join(unplaced)}")
        elif export_format is ExportFormat.json:
            text_out = exporting.to_json(exporting.event_records(dataset, events))
        else:
            text_out = exporting.to_jsonl(exporting.event_records(dataset, events))
        if target is None:
            sys.stdout.write(text_out)
        else:
            atomic_write(target, text_out)
    except (OSError, sqlite3.Error) as exc:
        _err(f"Error: could not write {output}: {exc}")
        raise typer.Exit(1) from None


def main() -> None:
    """Entry point of the console script."""
    # One command, then exit: the records it loads live until the end and make no cycles, so
    # the cyclic garbage collector would only walk them again and again (with 100,000 events,
    # a third of the run time). Reference counting still frees everything as usual.
    gc.disable()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
