"""idlibevents: every incident of the 2011-2012 Idlib Governorate clashes, as validated data.

``idlibevents.load()`` returns the :class:`Dataset`; the command-line tool is ``idlib``.

The names below are imported on first use (PEP 562), so that ``import idlibevents`` and
``idlib --help`` do not pay for pydantic and PyYAML before they are needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["DataError", "Dataset", "Problem", "ValidationResult", "__version__", "check", "load"]

#: Where each public name lives.
_LAZY = {
    "check": "checker",
    "load": "checker",
    "Dataset": "dataset",
    "DataError": "result",
    "Problem": "result",
    "ValidationResult": "result",
}

if TYPE_CHECKING:
    from .checker import check, load
    from .dataset import Dataset
    from .result import DataError, Problem, ValidationResult


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
