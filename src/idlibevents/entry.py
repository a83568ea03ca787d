"""The ``idlib`` console script: registers only the command it is asked for, then runs the CLI.

Building Typer's tree of every command (reading each one's signature and making its Click
options) costs about 6 ms of a 75 ms answer, and importing every command's module a few more.
When the first argument names a command, only the module that registers it is imported
(:data:`COMMAND_MODULES`); help, completion, an option first (``--version``) or an unknown
name get every command, so ``idlib --help``, completion and "no such command" read exactly
as before. ``python -m idlibevents`` runs this too; importing :mod:`idlibevents.cli` any
other way (the tests) registers every command.
"""

import os
import sys

#: The module of :mod:`idlibevents.cli` that registers each command (tests/test_cli_modules.py
#: checks it against the commands the modules register).
COMMAND_MODULES = {
    "query": "events",
    "show": "events",
    "casualties": "tallies",
    "timeline": "tallies",
    "places": "reference",
    "actors": "reference",
    "sources": "reference",
    "types": "reference",
    "infobox": "reference",
    "export": "export",
    "report": "report",
    "validate": "maintenance",
    "schema": "maintenance",
    "fmt": "maintenance",
}

#: Set by :func:`main` before :mod:`idlibevents.cli` is imported: the one module to register, or None for all.
only_module: str | None = None


def main() -> None:
    """Entry point of the console script."""
    global only_module
    name = sys.argv[1] if len(sys.argv) > 1 else None
    if name in COMMAND_MODULES and not any(key.endswith("_COMPLETE") for key in os.environ):
        only_module = COMMAND_MODULES[name]
    from .cli import main as run

    run()
