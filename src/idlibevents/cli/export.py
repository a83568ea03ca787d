"""The export command: files for spreadsheets, ACLED/UCDP scripts, GIS, SQLite, Frictionless."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import EXPORT, command
from .options import (
    ActorOpt,
    DataDirOption,
    DateOpt,
    ExactOpt,
    ExportFormat,
    ImpreciseOpt,
    KmOpt,
    MonthOpt,
    NearOpt,
    PlaceOpt,
    SideOpt,
    SinceOpt,
    SourceOpt,
    TextOpt,
    TypeOpt,
    UntilOpt,
    VerifiedOpt,
    choices_completion,
    choose,
    err,
    filters_from,
    load_dataset,
    select,
)


@command(EXPORT, name="export")
def export_command(
    export_format_name: Annotated[
        str,
        typer.Argument(metavar="FORMAT", autocompletion=choices_completion([f.value for f in ExportFormat]), help="csv, claims-csv, acled, ucdp, geojson, sqlite, datapackage, json or jsonl (see docs/exports.md).", show_default=False),
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
    include_imprecise: ImpreciseOpt = False,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("-o", "--output", metavar="FILE", help="File to write, atomically ('-' or none: standard output); a folder for datapackage.", show_default=False),
    ] = None,
    metadata: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--metadata", metavar="FILE", help="sqlite only: where to write Datasette's metadata (default: metadata.json beside the database).", show_default=False),
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

    from .. import export as exporting
    from ..fsutil import atomic_write

    export_format = choose(export_format_name, ExportFormat, "FORMAT")
    to_stdout = output is None or output == "-"
    if export_format in (ExportFormat.sqlite, ExportFormat.datapackage) and to_stdout:
        what = "a database file: give -o FILE.db" if export_format is ExportFormat.sqlite else "a folder: give -o FOLDER"
        raise typer.BadParameter(f"{export_format.value} writes {what}", param_hint="-o")
    if metadata is not None and export_format is not ExportFormat.sqlite:
        raise typer.BadParameter("--metadata goes with the sqlite format only", param_hint="--metadata")
    dataset = load_dataset(data_dir)
    events = select(dataset, filters_from(place, near, km, actor, side, source, event_type, text, date, since, until, month, exact_dates, verified_only, include_imprecise))
    if not events:
        err("no events match these filters")
    target = Path(output) if output is not None and not to_stdout else None
    try:
        if export_format is ExportFormat.sqlite:
            from ..sqlite_export import build_database, datasette_metadata

            assert target is not None
            build_database(dataset, target, events)
            meta_path = metadata if metadata is not None else target.parent / "metadata.json"
            atomic_write(meta_path, json.dumps(datasette_metadata(target.stem), indent=2, ensure_ascii=False) + "\n")
            err(f"wrote {target} and {meta_path}; browse with: datasette {target} -m {meta_path}")
            return
        if export_format is ExportFormat.datapackage:
            from ..datapackage import write_datapackage

            assert target is not None
            files = write_datapackage(dataset, target, events)
            err(f"wrote {len(files)} files in {target}; check with: frictionless validate {target / 'datapackage.json'}")
            return
        if export_format is ExportFormat.csv:
            text_out = exporting.to_csv(dataset, events)
        elif export_format is ExportFormat.claims_csv:
            text_out = exporting.to_claims_csv(dataset, events)
        elif export_format is ExportFormat.acled:
            from ..conflict_formats import to_acled_csv

            text_out = to_acled_csv(dataset, events)
        elif export_format is ExportFormat.ucdp:
            from ..conflict_formats import to_ucdp_csv

            text_out, left_out = to_ucdp_csv(dataset, events)
            if left_out:
                err(f"{len(left_out)} event(s) without a counted death are not in the UCDP file (GED lists only fatal events)")
        elif export_format is ExportFormat.geojson:
            text_out, unplaced = exporting.to_geojson(dataset, events, warn=False)
            if unplaced:
                err(f"{len(unplaced)} event(s) have no place with sourced coordinates and are not in the GeoJSON: {', '.join(unplaced)}")
        elif export_format is ExportFormat.json:
            text_out = exporting.to_json(exporting.event_records(dataset, events))
        else:
            text_out = exporting.to_jsonl(exporting.event_records(dataset, events))
        if target is None:
            sys.stdout.write(text_out)
        else:
            atomic_write(target, text_out)
    except (OSError, sqlite3.Error) as exc:
        err(f"Error: could not write {output}: {exc}")
        raise typer.Exit(1) from None

