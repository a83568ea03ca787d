"""The report command: one self-contained HTML page (map, timeline, table), or the map as SVG."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .app import EXPORT, command
from .options import (
    DataDirOption,
    choose,
    err,
    format_option,
    load_dataset,
    select,
    takes_filters,
)

if TYPE_CHECKING:
    from ..query import Filters


class PageFormat(StrEnum):
    html = "html"
    svg = "svg"


def _target(output: str | None, page_format: PageFormat, force: bool) -> Path | None:
    """Where to write (None: standard output); refuses a missing folder or, without --force, an existing file."""
    if output == "-":
        return None
    if output is not None and not output.strip():
        raise typer.BadParameter("give a file name, or '-' for standard output", param_hint="-o")
    target = Path(output) if output else Path("report.html" if page_format is PageFormat.html else "map.svg")
    if target.is_dir():
        raise typer.BadParameter(f"{target} is a folder; give a file name, e.g. {target / 'report.html'}", param_hint="-o")
    if not target.parent.is_dir():
        raise typer.BadParameter(f"folder {target.parent} does not exist; create it first", param_hint="-o")
    if target.exists() and not force:
        raise typer.BadParameter(f"{target} already exists; give --force to replace it", param_hint="-o")
    return target


_SUFFIXES = {".svg": PageFormat.svg, ".html": PageFormat.html, ".htm": PageFormat.html}


def _page_format(name: str | None, output: str | None) -> PageFormat:
    """--format, or the one -o's extension names; a warning when the two disagree.

    A map.svg that holds an HTML page (or the reverse) would open as garbage, so a file name
    with a known extension decides when --format is not given, and is warned about when it is.
    """
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    implied = _SUFFIXES.get(suffix)
    if name is None:
        return implied or PageFormat.html
    chosen: PageFormat = choose(name, PageFormat, "--format")
    if implied is not None and implied is not chosen:
        err(f"Warning: -o {output} ends in {suffix} but --format is {chosen.value}; writing {'an HTML page' if chosen is PageFormat.html else 'an SVG map'} anyway")
    return chosen


@command(EXPORT, short_help="Write an offline report: an HTML page or an SVG map")
@takes_filters
def report(
    filters: "Filters",
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("-o", "--output", metavar="FILE", help="File to write (default report.html, or map.svg with --format svg; '-': standard output).", show_default=False),
    ] = None,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="Title of the page and the map.", show_default=False)] = None,  # noqa: UP045
    page_format_name: Annotated[
        Optional[str],  # noqa: UP045
        format_option(PageFormat, "html: the whole page; svg: the static map alone (default: svg when -o ends in .svg, else html)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    open_page: Annotated[bool, typer.Option("--open", help="Open the written file in the default browser.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Write an offline report: map, timeline and table of the selected events in one HTML file.

    Takes the same filters as idlib query. Everything is inlined (data, script, styles,
    boundaries) and the page makes no request. Totals for a period selected on the page
    equal idlib casualties --since/--until for it. See docs/report.md.

    Example: idlib report --since 2011-12 --until 2012-03 -o report.html
    """
    from ..fsutil import atomic_write, default_data_dir
    from ..report import DEFAULT_TITLE, build_report, data_version

    page_format = _page_format(page_format_name, output)
    if open_page and output == "-":
        raise typer.BadParameter("--open needs a file; give -o FILE", param_hint="--open")
    if title is not None and not title.strip():
        raise typer.BadParameter("give a title with some text", param_hint="--title")
    target = _target(output, page_format, force)
    dataset = load_dataset(data_dir)
    if not select(dataset, filters):  # bad filters exit 2 here, with the message every command gives
        err("no events match these filters; nothing written")
        raise typer.Exit(1)
    version = data_version(data_dir if data_dir is not None else default_data_dir())
    page, data = build_report(dataset, filters, fmt=page_format.value, title=title or DEFAULT_TITLE, version=version)
    counts = data["counts"]
    assert isinstance(counts, dict)
    if target is None:
        typer.echo(page, nl=False)
        return
    try:
        atomic_write(target, page)
    except OSError as exc:
        err(f"Error: could not write {target}: {exc}")
        raise typer.Exit(1) from None
    size = len(page.encode("utf-8"))
    err(f"wrote {target} ({size:,} bytes): {counts['events']} events, {counts['placed']} on the map, {counts['unplaced']} without a point")
    if open_page:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())
