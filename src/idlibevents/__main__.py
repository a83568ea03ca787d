"""``python -m idlibevents`` runs the ``idlib`` command."""

from .cli import main

main()
