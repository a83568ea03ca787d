"""Plain-text layout for the terminal and for pipes: aligned columns that never split a word.

Why our own and not Rich: Rich folds any cell that does not fit, splitting dates, ids and
place names mid-word; it also pads every cell, leaving trailing spaces in a pipe, and importing
it costs more than drawing a listing. The rules here are few:

* a cell is made of *atoms* separated by ordinary spaces; a line breaks only between atoms.
  Text that must stay whole (a date, a number, an id, a place or actor name) is joined with
  no-break spaces by :func:`keep`, and printed with ordinary spaces;
* no column is narrower than its longest atom, so nothing is ever split (a web address
  longer than the whole line is the one exception: it is folded); when the columns
  cannot all fit, the lowest-priority ones are left out and the caller says which;
* ``width=None`` (no ``COLUMNS`` and no terminal: see :func:`screen`) means no limit: one line per cell, aligned;
* no line ends with a space.

Widths count terminal cells (wide East Asian characters as two, combining marks as none).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

NBSP = "\u00a0"
ELLIPSIS = "…"
GAP = "  "


def keep(text: str) -> str:
    """The text as one atom: it is never broken across lines."""
    return text.replace(" ", NBSP)


def shown(text: str) -> str:
    """The text as printed: no-break spaces back to spaces."""
    return text.replace(NBSP, " ")


def width_of(text: str) -> int:
    """Terminal cells the text takes."""
    if text.isascii():
        return len(text)
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\u200e\u200f":
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def atoms(text: str) -> list[str]:
    return [a for a in text.split(" ") if a]


def longest_atom(text: str) -> int:
    return max((width_of(a) for a in atoms(text)), default=0)


def wrap(text: str, width: int | None, indent: str = "") -> list[str]:
    """Lines of at most ``width`` cells, broken only between atoms (an atom longer than the
    width gets a line of its own rather than being split). Continuation lines get ``indent``."""
    words = atoms(text)
    if not words:
        return [""]
    if width is None:
        return [" ".join(words)]
    words = [piece for word in words for piece in _fold_address(word, width - width_of(indent))]
    lines: list[str] = []
    current = ""
    for word in words:
        prefix = indent if lines else ""
        candidate = f"{current} {word}" if current else prefix + word
        if current and width_of(candidate) > width:
            lines.append(current)
            current = indent + word
        else:
            current = candidate
    lines.append(current)
    return lines


def _fold_address(word: str, width: int) -> list[str]:
    """A web address longer than the line, in pieces: the one kind of word that is folded.

    A URL in a source note is not a date, number, id or name, and has no spaces to break at;
    folding it keeps every character on screen (as Rich did) instead of running off the edge.
    """
    if "://" not in word or width < 10 or width_of(word) <= width:
        return [word]
    pieces, current = [], ""
    for ch in word:
        if width_of(current + ch) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current]


def cut(text: str, width: int | None) -> str:
    """The text on one line of at most ``width`` cells, cut at a word and ended with ``…``."""
    flat = " ".join(atoms(text))
    if width is None or width_of(flat) <= width:
        return flat
    out = ""
    for word in atoms(text):
        candidate = f"{out} {word}" if out else word
        if width_of(candidate) + 1 > width:
            break
        out = candidate
    if not out:  # the first word alone is too long: cut inside it (free text only)
        for ch in flat:
            if width_of(out + ch) + 1 > width:
                break
            out += ch
    return out.rstrip(" ,;:-") + ELLIPSIS


@dataclass
class Column:
    """One column: its header, how it aligns, and its priority (higher stays longer)."""

    header: str
    right: bool = False
    priority: int = 0


@dataclass
class Laid:
    """A laid-out table: its lines, and the headers of the columns that did not fit."""

    lines: list[str]
    left_out: list[str] = field(default_factory=list)


def lay_out(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int | None, details: Sequence[str] | None = None) -> Laid:
    """Columns that fit in ``width``, each row's cells wrapped between atoms.

    ``details`` (one per row, optional) is a line under each row, indented by two and
    wrapped to the full width: where an id or a list of aliases goes when it would make
    the columns too wide.
    """
    keep_cols = list(range(len(columns)))
    left_out: list[str] = []

    def minimum(i: int) -> int:
        return max([longest_atom(columns[i].header)] + [longest_atom(r[i]) for r in rows])

    def natural(i: int) -> int:
        return max([width_of(columns[i].header)] + [width_of(" ".join(atoms(r[i]))) for r in rows])

    if width is not None:
        while len(keep_cols) > 1 and sum(minimum(i) for i in keep_cols) + len(GAP) * (len(keep_cols) - 1) > width:
            drop = min(keep_cols, key=lambda i: (columns[i].priority, -i))
            keep_cols.remove(drop)
            left_out.append(columns[drop].header.lower())
    widths = {i: natural(i) for i in keep_cols}
    if width is not None:
        mins = {i: minimum(i) for i in keep_cols}
        while sum(widths.values()) + len(GAP) * (len(keep_cols) - 1) > width:
            shrinkable = [i for i in keep_cols if widths[i] > mins[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i] - mins[i])
            widths[widest] -= 1

    def render_row(cells: Sequence[str]) -> list[str]:
        wrapped = {i: wrap(cells[i], widths[i]) for i in keep_cols}
        height = max(len(w) for w in wrapped.values())
        out = []
        for n in range(height):
            parts = []
            for i in keep_cols:
                text = wrapped[i][n] if n < len(wrapped[i]) else ""
                pad = " " * (widths[i] - width_of(text))
                parts.append(pad + text if columns[i].right else text + pad)
            out.append(shown(GAP.join(parts).rstrip()))
        return out

    lines = render_row([c.header for c in columns])
    for n, row in enumerate(rows):
        lines.extend(render_row(row))
        if details is not None and details[n]:
            lines.extend("  " + shown(line) for line in wrap(details[n], None if width is None else max(width - 2, 1), indent="  "))
    return Laid(lines, left_out)


@dataclass
class Screen:
    """Where output goes and how wide it may be: ``width`` None means a pipe with no limit."""

    width: int | None
    color: bool = False

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.color and text else text

    def dim(self, text: str) -> str:
        return f"\x1b[2m{text}\x1b[0m" if self.color and text else text

    def write(self, lines: Sequence[str]) -> None:
        sys.stdout.write("".join(line.rstrip() + "\n" for line in lines))

    def prose(self, text: str, indent: str = "") -> list[str]:
        """A sentence wrapped to the width between words (names kept whole by :func:`keep`)."""
        inner = None if self.width is None else max(self.width - len(indent), 20)
        lines = wrap(text, inner, indent="  " if indent else "")
        return [shown(indent + line) for line in lines]


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def _terminal_columns(stream: object) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return 80


def screen() -> Screen:
    """The width to lay out for: ``COLUMNS`` when set, else the terminal's, else none.

    The terminal is stdout's, or, when stdout is a pipe, stderr's: ``idlib query | head`` or
    ``| less`` is read on the terminal that stderr still writes to, so lines wider than it
    would wrap there. Only with no terminal at all (a script, a file in CI, ``2>&1 |``) is
    the width unbounded, so that scripted output does not depend on who ran it.
    ``/dev/tty`` is not asked: a command run by ``make`` or a test runner from a terminal
    has one even when nobody reads its output there.

    Colour (bold headers, dim ids) only when stdout is a terminal, and never with
    ``NO_COLOR`` or ``TERM=dumb``.
    """
    columns = os.environ.get("COLUMNS", "")
    is_tty = _isatty(sys.stdout)
    width: int | None = None
    if columns.strip().isdigit() and int(columns) > 0:
        width = int(columns)
    elif is_tty:
        width = _terminal_columns(sys.stdout)
    elif _isatty(sys.stderr):
        width = _terminal_columns(sys.stderr)
    color = is_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM", "") != "dumb"
    return Screen(width, color)


def stderr_width() -> int | None:
    """The width for messages on stderr: ``COLUMNS``, else stderr's terminal's, else none."""
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return int(columns)
    return _terminal_columns(sys.stderr) if _isatty(sys.stderr) else None
