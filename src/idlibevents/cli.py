"""The ``idlib`` command: parse options, call the library, render. Nothing else lives here.

Exit codes: 0 ok, 1 invalid data or failure, 2 bad usage. Data goes to stdout,
diagnostics to stderr.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

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
    result, _ = check(data_dir, overrides)
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


def main() -> None:
    """Entry point of the console script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
