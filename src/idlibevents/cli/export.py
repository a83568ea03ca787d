"""The export command: files for spreadsheets, ACLED/UCDP scripts, GIS, SQLite, Frictionless."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from .app import EXPORT, command
from .options import (
    DataDirOption,
    ExportFormat,
    choices_completion,
    choose,
    err,
    load_dataset,
    select,
    takes_filters,
)

if TYPE_CHECKING:
    from ..query import Filters

FILE_FORMATS = frozenset({ExportFormat.sqlite})
FOLDER_FORMATS = frozenset({ExportFormat.datapackage, ExportFormat.parquet})


def _refuse(message: str) -> NoReturn:
    err(f"Error: {message}")
    raise typer.Exit(2)


def _prepare(target: Path, files: list[Path], folder: bool, force: bool, mkdir: bool) -> None:
    """Check that writing ``files`` is what the user asked for; create the folders they allowed.

    An existing file is replaced only with --force; a missing parent folder is created only
    with --mkdir (a data package or Parquet folder named by -o is itself created).
    """
    if folder and target.exists() and not target.is_dir():
        _refuse(f"{target} is a file; this format writes a folder of files: give -o FOLDER")
    if not folder and target.is_dir():
        _refuse(f"{target} is a folder; give a file name, e.g. -o {target / 'idlib.out'}")
    existing = [f for f in files if f.exists()]
    if existing and not force:
        names = ", ".join(str(f) for f in existing)
        _refuse(f"{names} already exist{'s' if len(existing) == 1 else ''}; add --force to replace {'it' if len(existing) == 1 else 'them'}")
    parents = {target.parent} | {f.parent for f in files if f.parent != target}
    for parent in sorted(parents):
        if not parent.is_dir():
            if not mkdir:
                _refuse(f"folder {parent} does not exist; create it or add --mkdir")
            parent.mkdir(parents=True, exist_ok=True)
    if folder:
        target.mkdir(exist_ok=True)


def _licence_note() -> str:
    from .. import __version__
    from ..exports.tables import LICENCE

    return f"idlibevents dataset {__version__}, licence {LICENCE} (cite the Wikipedia article it is coded from; see CITATION.cff)"


@command(EXPORT, name="export", short_help="Write the selected events for other tools")
@takes_filters
def export_command(
    export_format_name: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            autocompletion=choices_completion([f.value for f in ExportFormat]),
            help="csv, claims-csv, acled, ucdp, geojson, sqlite, datapackage, parquet, json or jsonl (see docs/exports.md).",
            show_default=False,
        ),
    ],
    filters: "Filters",
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("-o", "--output", metavar="FILE", help="File to write, atomically ('-' or none: standard output); a folder for datapackage and parquet.", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that already exist.")] = False,
    mkdir: Annotated[bool, typer.Option("--mkdir", help="Create the folder -o names a file in, if it does not exist.")] = False,
    metadata: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--metadata", metavar="FILE", help="sqlite only: where to write Datasette's metadata (default: DB.metadata.json beside DB.db).", show_default=False),
    ] = None,
    acled_numeric_inter: Annotated[
        bool, typer.Option("--acled-numeric-inter", help="acled only: inter1, inter2 and interaction as the numeric codes of ACLED before 2024.")
    ] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Write the selected events for other tools: spreadsheets, ACLED/UCDP scripts, GIS, SQLite/Datasette, Frictionless, Parquet.

    Takes the same filters as idlib query. sqlite needs -o FILE.db and also writes
    Datasette's metadata to FILE.metadata.json; datapackage and parquet need -o FOLDER.
    Existing files are replaced only with --force.

    Example: idlib export acled --month 2011-12 -o idlib-acled.csv
    """
    import json
    import sqlite3

    from ..fsutil import atomic_write

    # Format names are lower case; "UCDP" or "GeoJSON" as people write them mean the same.
    export_format = choose(export_format_name.strip().lower(), ExportFormat, "FORMAT")
    to_stdout = output is None or output == "-"
    if (export_format in FILE_FORMATS or export_format in FOLDER_FORMATS) and to_stdout:
        what = "a database file: give -o FILE.db" if export_format in FILE_FORMATS else "a folder: give -o FOLDER"
        raise typer.BadParameter(f"{export_format.value} writes {what}", param_hint="-o")
    if metadata is not None and export_format is not ExportFormat.sqlite:
        raise typer.BadParameter("--metadata goes with the sqlite format only", param_hint="--metadata")
    if acled_numeric_inter and export_format is not ExportFormat.acled:
        raise typer.BadParameter("--acled-numeric-inter goes with the acled format only", param_hint="--acled-numeric-inter")
    if export_format is ExportFormat.parquet:
        from ..exports.parquet import ParquetUnavailable, _pyarrow

        try:
            _pyarrow()
        except ParquetUnavailable as exc:
            err(f"Error: {exc}")
            raise typer.Exit(1) from None
    dataset = load_dataset(data_dir)
    events = select(dataset, filters)
    if not events:
        err("no events match these filters")
    target = Path(output) if output is not None and not to_stdout else None
    try:
        if target is not None and export_format is ExportFormat.sqlite:
            _check_metadata(target, metadata if metadata is not None else _metadata_path(target))
        if target is not None:
            _prepare(target, _files_of(export_format, target, metadata), export_format in FOLDER_FORMATS, force, mkdir)
        if export_format is ExportFormat.sqlite:
            from ..exports.sqlite import build_database, datasette_metadata

            assert target is not None
            meta_path = metadata if metadata is not None else _metadata_path(target)
            build_database(dataset, target, events)
            atomic_write(meta_path, json.dumps(datasette_metadata(target.stem), indent=2, ensure_ascii=False) + "\n")
            err(f"wrote {target} and {meta_path}; browse with: datasette {target} -m {meta_path}")
            return
        if export_format in FOLDER_FORMATS:
            assert target is not None
            if export_format is ExportFormat.parquet:
                from ..exports.parquet import write_parquet

                files = write_parquet(dataset, target, events)
                err(f"wrote {len(files)} Parquet files in {target}; {_licence_note()}")
            else:
                from ..exports.datapackage import write_datapackage

                files = write_datapackage(dataset, target, events)
                err(f"wrote {len(files)} files in {target}; check with: frictionless validate {target / 'datapackage.json'}")
            return
        text_out = _text_export(export_format, dataset, events, acled_numeric_inter)
        if target is None:
            sys.stdout.write(text_out)
            # The file's reader gets the version and licence on stderr (GeoJSON also carries them
            # in its metadata member); `2>notes.txt` keeps them.
            err(_licence_note())
        else:
            atomic_write(target, text_out)
            err(f"wrote {target}: {_licence_note()}")
    except (OSError, sqlite3.Error) as exc:
        err(f"Error: could not write {output}: {exc}")
        raise typer.Exit(1) from None


def _check_metadata(database: Path, meta_path: Path) -> None:
    """Refuse, before anything is built, a --metadata that would destroy the database or cannot be a file.

    ``--metadata m4.db`` (or ``./m4.db``) with ``-o m4.db`` names one file twice: the metadata
    would replace the database just written. A folder cannot be replaced by a file either.
    """
    if meta_path.resolve() == database.resolve():
        _refuse(f"--metadata {meta_path} is the database file -o names; give another file, e.g. --metadata {_metadata_path(database)}")
    if meta_path.is_dir():
        _refuse(f"--metadata {meta_path} is a folder; give a file name, e.g. --metadata {meta_path / _metadata_path(database).name}")


def _metadata_path(database: Path) -> Path:
    """Datasette's metadata beside the database, named after it: mine.db -> mine.metadata.json."""
    return database.with_name(f"{database.stem}.metadata.json")


def _files_of(export_format: ExportFormat, target: Path, metadata: Path | None) -> list[Path]:
    """Every file an export to ``target`` writes, so that none is replaced without --force."""
    if export_format is ExportFormat.sqlite:
        return [target, metadata if metadata is not None else _metadata_path(target)]
    if export_format is ExportFormat.parquet:
        from ..exports.parquet import parquet_files

        return parquet_files(target)
    if export_format is ExportFormat.datapackage:
        from ..exports.datapackage import package_files

        return package_files(target)
    return [target]


def _text_export(export_format: ExportFormat, dataset: Any, events: Any, acled_numeric_inter: bool) -> str:
    """The text of a format written to one file or standard output; notes on what was left out go to stderr."""
    from ..exports import flat

    if export_format is ExportFormat.csv:
        return flat.to_csv(dataset, events)
    if export_format is ExportFormat.claims_csv:
        return flat.to_claims_csv(dataset, events)
    if export_format is ExportFormat.acled:
        from ..exports.acled import ACLED_COLUMNS, acled_export

        acled = acled_export(dataset, events, acled_numeric_inter)
        if acled.unlocated:
            err(f"{len(acled.unlocated)} event(s) with no sourced point, not even of a place containing them, are not in the ACLED file: {', '.join(acled.unlocated)}")
        return flat.write_csv(acled.rows, ACLED_COLUMNS)
    if export_format is ExportFormat.ucdp:
        from ..exports.ucdp import UCDP_COLUMNS, ged_export

        ged = ged_export(dataset, events)
        reasons: dict[str, int] = {}
        for reason in ged.left_out.values():
            reasons[reason] = reasons.get(reason, 0) + 1
        for reason, count in reasons.items():
            err(f"{count} event(s) are not in the UCDP file: {reason}")
        return flat.write_csv(ged.rows, UCDP_COLUMNS)
    if export_format is ExportFormat.geojson:
        from ..exports.geojson import to_geojson

        text_out, unplaced = to_geojson(dataset, events, warn=False)
        if unplaced:
            err(f"{len(unplaced)} event(s) with no sourced point have a null geometry in the GeoJSON: {', '.join(unplaced)}")
        return text_out
    if export_format is ExportFormat.json:
        return flat.to_json(flat.event_records(dataset, events))
    return flat.to_jsonl(flat.event_records(dataset, events))
