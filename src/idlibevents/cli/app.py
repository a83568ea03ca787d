"""The ``idlib`` application object and its top-level options; commands register on it."""

# No ``from __future__ import annotations`` in this package: Typer reads every option's
# annotation when it builds the command tree, and evaluating them from strings made
# ``idlib --help`` ~10 ms slower.
from typing import Annotated

import typer

from .. import __version__

app = typer.Typer(
    name="idlib",
    help="Query and check the dataset of the 2011-2012 Idlib Governorate clashes.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"idlib {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Query and check the dataset of the 2011-2012 Idlib Governorate clashes."""

