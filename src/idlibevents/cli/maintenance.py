"""Maintenance commands for contributors: validate, schema, fmt."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import MAINTENANCE, command
from .options import DataDirOption, ReportFormat, choose, err, format_option


@command(MAINTENANCE, short_help="Check every data file and every reference")
def validate(
    files: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(metavar="[FILE]...", help="Data files to check in place of the folder's own (their kind comes from the name: events*.yaml, places*.yaml, ...).", show_default=False),
    ] = None,
    data_dir: DataDirOption = None,
    output_format: Annotated[str, format_option(ReportFormat, "text for people, json for programs.")] = "text",
) -> None:
    """Check every data file and every reference between them; list every problem with its file and line.

    Example: idlib validate --data-dir ./data
    """
    from ..cache import cached_verdict
    from ..checker import check
    from ..loading import kind_of
    from ..render import to_json, validation_text

    fmt = choose(output_format, ReportFormat, "--format")
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
    if fmt is ReportFormat.json:
        typer.echo(to_json(result.to_dict()))
    elif result.ok:
        typer.echo(result.summary())
    else:
        err(validation_text(result))
    raise typer.Exit(0 if result.ok else 1)


@command(MAINTENANCE, short_help="Write, check or print the JSON Schemas")
def schema(
    write: Annotated[bool, typer.Option("--write", help="Regenerate the schema files.")] = False,
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if any schema file is missing or out of date.")] = False,
    folder: Annotated[Path, typer.Option("--dir", metavar="DIR", help="Folder of the schema files.")] = Path("schemas"),
    kind: Annotated[Optional[str], typer.Option("--print", metavar="KIND", help="Print the schema of one file (events, places, actors, sources, infobox).")] = None,  # noqa: UP045
) -> None:
    """Write, check or print the JSON Schemas (draft 2020-12) of the data files.

    Example: idlib schema --check
    """
    from ..models import FILE_MODELS
    from ..schema import render_schema, stale_schemas, write_schemas

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
        err(f"wrote {len(changed)} schema file(s) in {folder}" if changed else f"schemas in {folder} are up to date")
        return
    stale = stale_schemas(folder)
    for path in stale:
        err(f"{path}: out of date (run: idlib schema --write)")
    if stale:
        raise typer.Exit(1)
    err(f"schemas in {folder} are up to date")


@command(MAINTENANCE, name="fmt", short_help="Rewrite the data files in canonical form")
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
    from ..checker import default_data_dir
    from ..fmt import FmtError, format_data_dir
    from ..loading import display_path
    from ..render import plain, validation_text
    from ..result import DataError

    folder = data_dir if data_dir is not None else default_data_dir()
    try:
        changed = format_data_dir(folder, check=check_only)
    except DataError as exc:
        err(validation_text(exc.result))
        err("fmt: nothing was changed; fix these problems first (idlib validate lists them too)")
        raise typer.Exit(1) from None
    except FmtError as exc:
        err(plain(f"fmt: {exc}; nothing was changed"))
        raise typer.Exit(1) from None
    except OSError as exc:
        err(plain(f"fmt: cannot write {exc.filename or folder}: {exc.strerror or exc}"))
        raise typer.Exit(1) from None
    for path in changed:
        err(f"{display_path(path)}: not in canonical form (run: idlib fmt)" if check_only else f"{display_path(path)}: formatted")
    if check_only and changed:
        raise typer.Exit(1)
    if not changed:
        err(f"data files in {display_path(folder)} are in canonical form")

