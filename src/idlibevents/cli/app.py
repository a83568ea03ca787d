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
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

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


class HumanCommand(TyperCommand):
    """A command whose arguments read as people write them: ``idlib show [OPTIONS] ID...``.

    Typer shows an argument's Python type (``ID <list[str]>``) and, in some versions, wraps
    required ones in braces (``{ID}``); here an argument is its metavar, ``...`` when it takes
    several, in brackets when optional, as in gh's and git's help.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .options import own_completion

        own_completion(self.params)

    def _argument_label(self, param: Any) -> str:
        label = str(param.metavar or param.name.upper())
        if param.nargs != 1 and not label.endswith("..."):
            label += "..."
        return label if param.required or label.startswith("[") else f"[{label}]"

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [self._argument_label(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = self.get_params(ctx)
        arguments = [(self._argument_label(p), getattr(p, "help", None) or "") for p in params if p.param_type_name == "argument" and not getattr(p, "hidden", False)]
        options = [r for p in params if p.param_type_name == "option" and (r := p.get_help_record(ctx)) is not None]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


F = TypeVar("F", bound=Callable[..., Any])


def command(panel: str, name: str | None = None, short_help: str | None = None) -> Callable[[F], F]:
    """``@command(ANSWERS, short_help=...)``: register a command in a help group, with :class:`HumanCommand` help.

    ``short_help`` is its line in ``idlib --help``: short enough for 80 columns (about 55
    characters), so that it is not cut with "..." as the docstring's first sentence would be.
    """
    register: Callable[[F], F] = app.command(name=name, cls=HumanCommand, rich_help_panel=panel, short_help=short_help)
    return register


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
