"""idlibevents: every incident of the 2011-2012 Idlib Governorate clashes, as validated data.

``idlibevents.load()`` returns the :class:`Dataset`; the command-line tool is ``idlib``.
"""

from __future__ import annotations

from .checker import check, load
from .dataset import Dataset
from .result import DataError, Problem, ValidationResult

__version__ = "0.1.0"

__all__ = ["DataError", "Dataset", "Problem", "ValidationResult", "__version__", "check", "load"]
