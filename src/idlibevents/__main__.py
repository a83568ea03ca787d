"""``python -m idlibevents`` runs the ``idlib`` command, as the console script does (see :mod:`.entry`)."""

from .entry import main

main()
