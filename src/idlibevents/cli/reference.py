"""Listings of the reference files and vocabularies: places, actors, sources, types, infobox."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import REFERENCE, command
from .options import DataDirOption, ListFormat, ListFormatOpt, ReportFormat, SideOpt, choose, format_option, load_dataset, show_lines


def _write(rows: list[dict[str, Any]], fmt: ListFormat) -> bool:
    """Write ``rows`` in a machine format; False for the table, which the caller draws."""
    from ..exports import flat as export  # not idlibevents.export, whose GeoJSON half imports pydantic

    if fmt is ListFormat.json:
        sys.stdout.write(export.to_json(rows))
    elif fmt is ListFormat.jsonl:
        sys.stdout.write(export.to_jsonl(rows))
    elif fmt is ListFormat.yaml:
        sys.stdout.write(export.to_yaml(rows))
    elif fmt is ListFormat.csv:
        flat = [{k: "; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()} for row in rows]
        sys.stdout.write(export.write_csv(flat, tuple(rows[0].keys()) if rows else ()))
    else:
        return False
    return True


def _listing(kind: str, output_format: str, data_dir: Path | None, sides: list[str] | None = None, unlocated: bool = False) -> None:
    from ..query import QueryError, reference_listing
    from ..render import reference_table, unlocated_view
    from ..textlayout import screen

    fmt = choose(output_format, ListFormat, "--format")
    dataset = load_dataset(data_dir)
    if unlocated:
        from dataclasses import asdict

        from ..location import unlocated_places

        missing = unlocated_places(dataset)
        if not _write([asdict(u) for u in missing], fmt):
            show_lines(unlocated_view(screen(), dataset, missing))
        return
    try:
        rows = reference_listing(dataset, kind, sides or [])
    except QueryError as exc:
        raise typer.BadParameter(str(exc).split(": ", 1)[1], param_hint=exc.option) from None
    if not _write(rows, fmt):
        show_lines(reference_table(screen(), kind, rows))


@command(REFERENCE, short_help="Every place: aliases, coordinates, events")
def places(
    output_format: ListFormatOpt = "table",
    unlocated: Annotated[bool, typer.Option("--unlocated", help="Only places with no sourced point of their own: where their events are mapped instead, and why.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Every place with its aliases, coordinates (and their source) and how many events name it.

    Example: idlib places --format csv
    """
    _listing("places", output_format, data_dir, unlocated=unlocated)


@command(REFERENCE, short_help="Every actor: aliases, side, parent unit, events")
def actors(side: SideOpt = None, output_format: ListFormatOpt = "table", data_dir: DataDirOption = None) -> None:
    """Every actor with its aliases, side, parent unit and how many events name it.

    Example: idlib actors --side government
    """
    _listing("actors", output_format, data_dir, side)


@command(REFERENCE, short_help="Every source: aliases, kind, alignment, events")
def sources(output_format: ListFormatOpt = "table", data_dir: DataDirOption = None) -> None:
    """Every source with its aliases, kind, alignment and how many events cite it.

    Example: idlib sources
    """
    _listing("sources", output_format, data_dir)


@command(REFERENCE, short_help="ACLED event types and sub-types, with counts")
def types(output_format: ListFormatOpt = "table", data_dir: DataDirOption = None) -> None:
    """ACLED's event types and sub-event types, with their short names and how many events have each.

    Any of the three names works in --type.

    Example: idlib types
    """
    from ..query import type_counts
    from ..render import types_table
    from ..textlayout import screen

    fmt = choose(output_format, ListFormat, "--format")
    dataset = load_dataset(data_dir)
    rows = type_counts(dataset)
    if not _write(rows, fmt):
        counts = {str(r["event_type"]): int(str(r["events"])) for r in rows if r["sub_event_type"] is None}
        subs = {str(r["sub_event_type"]): int(str(r["events"])) for r in rows if r["sub_event_type"] is not None}
        show_lines(types_table(screen(), counts, subs))


@command(REFERENCE, short_help="The article's infobox: dates, sides, commanders")
def infobox(
    output_format: Annotated[str, format_option(ReportFormat, "text for people, json for programs.")] = "text",
    data_dir: DataDirOption = None,
) -> None:
    """The article's infobox: dates, result, sides, commanders, strengths and casualties.

    Example: idlib infobox
    """
    from ..render import infobox_view, to_json
    from ..textlayout import screen

    fmt = choose(output_format, ReportFormat, "--format")
    dataset = load_dataset(data_dir)
    if fmt is ReportFormat.json:
        typer.echo(to_json(dataset.infobox.model_dump(mode="json")))
        return
    show_lines(infobox_view(screen(), dataset))
