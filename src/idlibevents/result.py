"""Problems found in data files, collected rather than raised one at a time."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Path = tuple[str | int, ...]


def format_path(root: str, path: Path) -> str:
    """Render ``("claims", 0, "count")`` under ``events[17]`` as ``events[17].claims[0].count``."""
    out = root
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data: where it is (file, line, path) and what it is."""

    file: str
    line: int
    path: str
    message: str
    record: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: {self.path}: " if self.path else f"{self.file}:{self.line}: "
        suffix = f" ({self.record})" if self.record else ""
        return f"{where}{self.message}{suffix}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidationResult:
    """Every problem in every file, and what was counted where the data loaded."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def sorted_problems(self) -> list[Problem]:
        """Problems by file and line, so the report reads top to bottom."""
        return sorted(self.problems, key=lambda p: (p.file, p.line, p.path, p.message))

    def summary(self) -> str:
        c = self.counts
        if self.ok:
            return (
                f"ok: {c.get('events', 0)} events, {c.get('claims', 0)} claims, {c.get('places', 0)} places, "
                f"{c.get('actors', 0)} actors, {c.get('sources', 0)} sources"
            )
        files = len({p.file for p in self.problems})
        return f"invalid: {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}"

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "counts": dict(self.counts), "problems": [p.to_dict() for p in self.sorted_problems()]}


class DataError(Exception):
    """Raised by :func:`idlibevents.load` when the data does not validate; carries every problem."""

    def __init__(self, result: ValidationResult) -> None:
        self.result = result
        lines = [str(p) for p in result.sorted_problems()[:20]]
        more = len(result.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        super().__init__(result.summary() + "\n" + "\n".join(lines))
