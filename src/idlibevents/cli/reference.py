"""Listings of the reference files: places, actors, sources, infobox."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .options import DataDirOption, ListFormat, ListFormatOpt, ReportFormat, cell_text, load_dataset


def _listing(kind: str, output_format: ListFormat, data_dir: Path | None, columns: list[str], unlocated: bool = False) -> None:
    from .. import export
    from ..render import make_console, reference_table

    dataset = load_dataset(data_dir)
    if unlocated:
        from dataclasses import asdict

        from ..location import unlocated_places
        from ..render import unlocated_view

        missing = unlocated_places(dataset)
        if output_format is ListFormat.table:
            unlocated_view(make_console(), dataset, missing)
            return
        rows: list[dict[str, object]] = [asdict(u) for u in missing]
    else:
        from ..query import reference_listing

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
        table_rows = [[cell_text(row.get(c)) for c in columns] for row in rows]
        reference_table(make_console(), kind, columns, table_rows)



@app.command()
def places(
    output_format: ListFormatOpt = ListFormat.table,
    unlocated: Annotated[bool, typer.Option("--unlocated", help="Only places with no sourced point of their own: where their events are mapped instead, and why.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Every place with its aliases, coordinates (and their source) and how many events name it.

    Example: idlib places --format csv
    """
    if unlocated:
        _listing("places", output_format, data_dir, [], unlocated=True)
        return
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
    from ..render import infobox_view, make_console, to_json

    dataset = load_dataset(data_dir)
    if output_format is ReportFormat.json:
        typer.echo(to_json(dataset.infobox.model_dump(mode="json")))
        return
    infobox_view(make_console(), dataset)

