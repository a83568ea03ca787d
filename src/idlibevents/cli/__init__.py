"""The ``idlib`` command: parse options, call the library, render. Nothing else lives here.

Exit codes: 0 ok, 1 invalid data or failure, 2 bad usage. Data goes to stdout,
diagnostics to stderr. A closed pipe (``idlib query | head -1``) ends quietly with 0.

One module per group of commands, each registering on :data:`app`; options and helpers the
commands share live in :mod:`.options`. A new command is one new module imported below,
naming its help group (``rich_help_panel``, see :mod:`.app`).
"""

import gc
import importlib
import sys

from .. import entry
from .app import app, quiet_stdout

# Registers the commands: every module, or only the one the console script was asked for (see
# :mod:`idlibevents.entry`).
for _module in (entry.only_module,) if entry.only_module else sorted(set(entry.COMMAND_MODULES.values())):
    importlib.import_module(f".{_module}", __name__)

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the console script."""
    # One command, then exit: the records it loads live until the end and make no cycles, so
    # the cyclic garbage collector would only walk them again and again (with 100,000 events,
    # a third of the run time). Reference counting still frees everything as usual.
    gc.disable()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
    except SystemExit as exc:
        # Output still buffered is written at exit; if the reader has gone, say nothing.
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
            sys.exit(0)
        raise exc from None
