"""The ``idlib`` application object and its top-level options; commands register on it.

Help reads like gh's: commands in groups, the ones that answer questions first. Each command
names its group with ``rich_help_panel``; :class:`GroupedHelp` prints the groups in
:data:`PANELS` order with Click's plain formatter (we draw help without Rich, so it looks the
same whether Rich is installed or not).
"""

# No ``from __future__ import annotations`` in this package: Typer reads every option's
# annotation when it builds the command tree, and evaluating them from strings made
# ``idlib --help`` ~10 ms slower.
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__

ANSWERS = "Find and count events"
REFERENCE = "Look up names and types"
EXPORT = "Export"
MAINTENANCE = "Check and maintain the data"
PANELS = (ANSWERS, REFERENCE, EXPORT, MAINTENANCE)


class GroupedHelp(TyperGroup):
    """Commands listed in groups (gh's "CORE COMMANDS"...), and a closed pipe ends quietly."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = [(n, c) for n in self.list_commands(ctx) if (c := self.get_command(ctx, n)) is not None and not c.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(n) for n, _ in commands)
        for panel in (*PANELS, None):
            rows = [(n, c.get_short_help_str(limit)) for n, c in commands if getattr(c, "rich_help_panel", None) == panel]
            if rows:
                with formatter.section(panel or "Other commands"):
                    formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (``idlib query | head -1``): what it read is all it wanted.
            quiet_stdout()
            raise typer.Exit(0) from None


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so flushing what is left at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


app = typer.Typer(
    name="idlib",
    cls=GroupedHelp,
    help="Query and check the dataset of the 2011-2012 Idlib Governorate clashes.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"idlib {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Query and check the dataset of the 2011-2012 Idlib Governorate clashes.

    Start with: idlib query --place Saraqib (idlib COMMAND -h for a command's options).
    """
