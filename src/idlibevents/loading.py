"""Reading one data file into validated records, with every problem located by line.

A file goes through three gates, each reporting rather than raising: the bytes (exists,
is a file, is readable, not too large, UTF-8), the YAML (strict: see :mod:`yamlsafe`), and
the model (each record validated on its own, so one bad event does not hide the others).

Lines cost more than they are worth on the happy path: a valid file is parsed without a line
map and validated a few thousand records at a time. The parse notes only the line each record
starts on; when a problem needs a deeper line, that one record's text is parsed again with the
line-recording loader (:class:`RecordLines`), never the whole file, so every problem still names
its line and the messages are the same either way.

A large list file is cut at its top-level ``- `` lines into as many pieces as there are cores;
each piece is parsed and validated in a process of its own (``fork``), which hands back its
records as plain tuples (see :mod:`idlibevents.rows`). The cut is trusted only when every piece
parses on its own as a list: otherwise, and for any YAML syntax error, the whole file is parsed
as one, as before. What comes out is the same either way (a test runs both on every fixture).

Records come out as the read-only rows of :mod:`idlibevents.rows` (the infobox as its model):
the one shape the rest of the library reads, whether the data came from the files or the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .fsutil import DEFAULT_MAX_FILE_MB as DEFAULT_MAX_FILE_MB  # re-exported: defined here first
from .fsutil import max_file_bytes
from .models import FILE_MODELS, Actor, Event, Infobox, Place, Source
from .result import Problem, format_path
from .rows import ActorRow, PlaceRow, SourceRow, event_row, plain_event_of, plain_reference
from .vocab import DATA_FILES as DATA_FILES
from .yamlsafe import LineMap, NeedsCarefulLoad, YamlProblem, load_yaml, load_yaml_fast

#: The name each file's records go by in problem paths (``events[3].date``).
ROOTS = {"events.yaml": "events", "places.yaml": "places", "actors.yaml": "actors", "sources.yaml": "sources", "infobox.yaml": "infobox"}


def display_path(path: FsPath) -> str:
    """A path as users should see it in messages: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(FsPath.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _whole_map(text: str | None) -> LineMap:
    """The line map of a whole text, parsed again (it parsed once already, by the same rules)."""
    if text is not None:
        with contextlib.suppress(YamlProblem):  # cannot happen, see above
            return load_yaml(text)[1]
    return LineMap()


_ID_ON_ITS_LINE = re.compile(r"- id:[ \t]+[^\s#]")


class RecordLines:
    """The lines of a list file's values, from where each record starts.

    ``starts`` holds the line of the list and then of each record, as the fast parse saw them
    (:func:`~idlibevents.yamlsafe.load_yaml_fast`). A record's own line, and that of an id on
    the record's first line (``- id: ...``), need nothing more; a deeper path parses that
    record's text again (from its ``- `` line to the next record's) and nothing else. Where a
    record cannot be cut out so (a file of unusual layout or line breaks), the whole text is
    parsed again, as it always used to be: slower, the same lines.
    """

    def __init__(self, text: str, starts: list[int], begins: list[int] | None = None) -> None:
        self._text = text
        self._root = starts[0]
        self._starts = starts[1:]
        # Where each record's value begins in the text (the parser's mark), when known: the
        # record's line is then found around it, without scanning the whole text.
        self._begins = begins[1:] if begins is not None and len(begins) == len(starts) else None
        self._offsets: dict[int, int] | None = None
        self._maps: dict[int, LineMap | None] = {}
        self._whole: LineMap | None = None

    def line_of(self, path: tuple[int | str, ...]) -> int:
        if not path:
            return self._root
        index = path[0]
        if not isinstance(index, int) or not 0 <= index < len(self._starts):
            return self.whole().line_of(path)
        start = self._starts[index]
        if len(path) == 1:
            return start
        offset = self._line_start(index)
        if offset is not None and path[1:] == ("id",) and _ID_ON_ITS_LINE.match(self._text, offset):
            return start
        record = self._record_map(index)
        if record is None:
            return self.whole().line_of(path)
        return record.line_of((0, *path[1:]))

    def whole(self) -> LineMap:
        if self._whole is None:
            self._whole = _whole_map(self._text)
        return self._whole

    def offsets(self) -> dict[int, int]:
        """Where each line that starts with ``- `` begins in the text, by line number.

        Only for texts whose line breaks are all ``\n`` or ``\r\n``, which ``str.count``
        counts as the parser does; for any other text it is empty (the whole text is used).
        """
        if self._offsets is None:
            self._offsets = {}
            text = self._text
            if any(c in text for c in "\x85\u2028\u2029") or text.count("\r") != text.count("\r\n"):
                return self._offsets
            if text.startswith(("- ", "-\n", "-\r")):
                self._offsets[1] = 0
            line, last = 1, 0
            at = text.find("\n-")
            while at != -1:
                if text.startswith((" ", "\n", "\r"), at + 2):
                    line += text.count("\n", last, at + 1)
                    last = at + 1
                    self._offsets[line] = at + 1
                at = text.find("\n-", at + 2)
        return self._offsets

    def _line_start(self, index: int) -> int | None:
        """Where the ``- `` line that record ``index`` starts on begins in the text; None if it starts otherwise."""
        if self._begins is None:
            return self.offsets().get(self._starts[index])
        begin = self._begins[index]
        at = self._text.rfind("\n", 0, begin) + 1
        # Only the text between that "\n" and the record's mark decides whether the line
        # begins there: with any other line break in it (a lone "\r", NEL, LS, PS, which the
        # parser also counts), give none, as offsets() does for such a text. Checking this
        # little span, not the whole text, keeps one error from costing five scans of 80 MB.
        if any(c in self._text[at:begin] for c in "\r\x85\u2028\u2029"):
            return None
        return at if self._text.startswith(("- ", "-\n", "-\r"), at) else None

    def _record_map(self, index: int) -> LineMap | None:
        if index in self._maps:
            return self._maps[index]
        found: LineMap | None = None
        start = self._starts[index]
        begin = self._line_start(index)
        end = self._line_start(index + 1) if index + 1 < len(self._starts) else len(self._text)
        if begin is not None and end is not None and begin < end:
            try:
                value, lines = load_yaml(self._text[begin:end], first_line=start)
            except YamlProblem:
                value = None
            # Trusted only when the piece is that one record, starting where the whole parse saw it.
            if isinstance(value, list) and len(value) == 1 and lines.lines.get((0,)) == start:
                found = lines
        self._maps[index] = found
        return found


#: A problem whose line is worked out later: path from the file's root, message, record label.
Pending = tuple[tuple[int | str, ...], str, str | None]


@dataclass
class LoadedFile:
    """What came out of one file: the records that validated, where they are, and the problems.

    ``digest`` is the SHA-256 of the bytes read (the cache's key is made of these), and
    ``text`` the text parsed, kept so that :attr:`lines` can be worked out when a problem
    needs a line; :meth:`release` drops it once the checks are over. ``records`` are rows
    (:mod:`idlibevents.rows`), or the :class:`~idlibevents.models.Infobox` of the infobox.
    """

    kind: str  # the file name it plays the part of, e.g. "events.yaml"
    path: FsPath
    shown: str
    records: list[Any] = field(default_factory=list)
    record_paths: list[tuple[int | str, ...]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    digest: str | None = None
    text: str | None = field(default=None, repr=False)
    line_map: LineMap | RecordLines | None = field(default=None, repr=False)

    @property
    def lines(self) -> LineMap | RecordLines:
        """The line of every value: from where each record starts, or the whole text parsed again on first use."""
        if self.line_map is None:
            self.line_map = _whole_map(self.text)
        return self.line_map

    def problem(self, path: tuple[int | str, ...], message: str, record: str | None = None) -> None:
        self.problems.append(Problem(self.shown, self.lines.line_of(path), format_path(ROOTS[self.kind], path), message, record))

    def add_pending(self, pending: list[Pending]) -> None:
        for path, message, record in pending:
            self.problem(path, message, record)

    def release(self) -> None:
        """Forget the text and the line map: after the checks, only the records are needed."""
        self.text = None
        self.line_map = None


def _human_size(size: int) -> str:
    for unit, scale in (("MB", 1048576), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _read_at_most(path: FsPath, most: int) -> bytes:
    """Up to ``most`` bytes, read in chunks: ``read(most)`` would reserve ``most`` bytes up front."""
    data = bytearray()
    with path.open("rb") as handle:
        while len(data) < most:
            chunk = handle.read(min(1 << 20, most - len(data)))
            if not chunk:
                break
            data += chunk
    return bytes(data)


def read_text(path: FsPath, shown: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the reason it cannot be had (missing, a folder, unreadable, too big, not UTF-8)."""
    text, _, problem = read_text_and_digest(path, shown)
    return text, problem


def read_text_and_digest(path: FsPath, shown: str) -> tuple[str | None, str | None, Problem | None]:
    """:func:`read_text`, plus the SHA-256 of the bytes read: the key of what was checked."""
    limit = max_file_bytes()

    def too_big(size: int) -> Problem:
        return Problem(shown, 1, "", f"file is {_human_size(size)}, over the {_human_size(limit)} limit (set IDLIB_MAX_FILE_MB to raise it)")

    try:
        try:
            info = path.stat()
        except FileNotFoundError:
            return None, None, Problem(shown, 1, "", "file not found")
        if stat.S_ISDIR(info.st_mode):
            return None, None, Problem(shown, 1, "", "is a directory, expected a YAML file")
        if not stat.S_ISREG(info.st_mode):
            # A pipe would block and /dev/zero would never end: only regular files are read.
            return None, None, Problem(shown, 1, "", "is not a regular file (a device, pipe or socket), expected a YAML file")
        if info.st_size > limit:
            return None, None, too_big(info.st_size)
        data = _read_at_most(path, limit + 1)  # never more than the limit, even if the file grew meanwhile
        if len(data) > limit:
            return None, None, too_big(len(data))
    except PermissionError:
        return None, None, Problem(shown, 1, "", "permission denied: cannot read the file")
    except OSError as exc:
        return None, None, Problem(shown, 1, "", f"cannot read the file: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, digest, Problem(shown, line, "", f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, digest, Problem(shown, line, "", "contains a NUL byte; data files are text")
    return text, digest, None


def _clean_message(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


#: Longest record label shown in a message; a hostile id must not flood the report.
MAX_LABEL = 80


def _record_label(raw: Any) -> str | None:
    if isinstance(raw, dict):
        ident = raw.get("id")
        if isinstance(ident, str):
            return ident if len(ident) <= MAX_LABEL else ident[: MAX_LABEL - 3] + "..."
    return None


def _validate(out: _Out, model: type[BaseModel], raw: Any, base: tuple[int | str, ...]) -> None:
    label = _record_label(raw)
    try:
        record = model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
            # A model-level (after) validator names no field; pydantic adds enum/union branch names we drop.
            path = base + tuple(p for p in loc if isinstance(p, (int, str)))
            if error["type"] == "missing":
                out.missing.append((base, path, label))
                continue
            if not loc and isinstance(raw, dict):
                # A rule checked across fields names the field it is about first: point at it.
                first_word = _clean_message(error["msg"]).split(" ", 1)[0]
                if first_word in raw:
                    path = (*base, first_word)
            if error["type"] == "extra_forbidden":
                message = f"unknown field {str(loc[-1])!r} (see docs/codebook.md for the fields of this record)"
            else:
                message = _clean_message(error["msg"])
            out.pending.append((path, message, label))
        return
    out.add(model, [record], base[0] if base else None)


#: Records validated per call on the happy path: big enough to make the per-call cost vanish
#: (256 or 2,048 records a call take the same time), small enough that the raw records of a
#: chunk are freed as soon as it has become models, and that a chunk with a bad record, whose
#: list validation is thrown away before its records are gone through one by one, wastes little.
CHUNK = 256

_ADAPTERS: dict[type[BaseModel], TypeAdapter[list[Any]]] = {}


def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


def _plain(model: type[BaseModel], record: Any) -> tuple[Any, ...]:
    """The plain tuple of a validated record (see :mod:`idlibevents.rows`)."""
    if model is Event:
        return plain_event_of(record)
    return plain_reference(record.model_dump(mode="json"))


_ROWS: dict[type[BaseModel], Any] = {Event: event_row, Place: lambda t: PlaceRow(*t), Actor: lambda t: ActorRow(*t), Source: lambda t: SourceRow(*t)}


@dataclass
class _Out:
    """What validating records gives before lines are known: plain records and pending problems.

    Plain values only (``marshal`` carries them from a worker process). ``missing`` holds
    (record path, field path, label) of missing fields, reported at the record's line.
    """

    plains: list[tuple[Any, ...]] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    missing: list[tuple[tuple[int | str, ...], tuple[int | str, ...], str | None]] = field(default_factory=list)
    infobox: Any = None

    def add(self, model: type[BaseModel], records: list[Any], first: int | str | None) -> None:
        if model is Infobox:
            self.infobox = records[0]
            return
        assert isinstance(first, int)
        self.plains.extend(_plain(model, r) for r in records)
        self.indexes.extend(range(first, first + len(records)))

    def dump(self) -> tuple[Any, ...]:
        return (self.plains, self.indexes, self.pending, self.missing)


def _validate_list(out: _Out, model: type[BaseModel], raw: list[Any], first_index: int = 0) -> None:
    """Validate every record, a chunk per pydantic call; a chunk that fails is gone through record by record.

    Only the record-by-record path words the messages, so they are the same as ever. Each
    chunk's raw records are dropped once validated, and its models once they are plain
    tuples, so the raw tree, the models and the rows are never all held whole.
    """
    adapter = _list_adapter(model)
    for start in range(0, len(raw), CHUNK):
        chunk = raw[start : start + CHUNK]
        if all(type(item) is dict for item in chunk):
            try:
                records = adapter.validate_python(chunk)
            except ValidationError:
                pass
            else:
                out.add(model, records, first_index + start)
                raw[start : start + len(chunk)] = [None] * len(chunk)
                continue
        for index, item in enumerate(chunk, first_index + start):
            if not isinstance(item, dict):
                out.pending.append(((index,), f"expected a mapping (a record with fields), found a {_kind_name(item)}", None))
            else:
                _validate(out, model, item, (index,))
            raw[index - first_index] = None


def _finish(loaded: LoadedFile, model: type[BaseModel], outs: list[tuple[Any, ...]]) -> None:
    """Rows and problems (now with their lines) of the validated pieces, in file order."""
    make = _ROWS[model]
    for plains, indexes, pending, missing in outs:
        loaded.records.extend(map(make, plains))
        loaded.record_paths.extend((i,) for i in indexes)
        _report(loaded, pending, missing)


def _report(loaded: LoadedFile, pending: list[Pending], missing: list[tuple[tuple[int | str, ...], tuple[int | str, ...], str | None]]) -> None:
    """File the problems found while validating, now that lines can be worked out."""
    loaded.add_pending(pending)
    for base, path, label in missing:  # a missing field is shown at its record's line
        loaded.problems.append(Problem(loaded.shown, loaded.lines.line_of(base), format_path(ROOTS[loaded.kind], path), "required field is missing", label))


# --------------------------------------------------------------------------- pieces in parallel

#: Files smaller than this are read in one piece: a process costs more than it saves.
PARALLEL_MIN_BYTES = 4 << 20
#: ``IDLIB_JOBS``: how many processes read a large file (default: the cores this process may use, at most 4).
ENV_JOBS = "IDLIB_JOBS"


def jobs() -> int:
    value = os.environ.get(ENV_JOBS, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def cut_points(text: str, pieces: int) -> list[int]:
    """Offsets where ``text`` may be cut into about ``pieces`` equal parts: starts of top-level ``- `` lines."""
    points = [0]
    for k in range(1, pieces):
        at = text.find("\n- ", max(points[-1], len(text) * k // pieces))
        if at == -1:
            break
        points.append(at + 1)
    return points


def _read_piece(model: type[BaseModel], text: str, line: int, at: int = 0) -> tuple[Any, ...]:
    """Parse and validate one piece of a list file, which starts on ``line`` of the file.

    ("ok", starts, out) where starts are the file's lines of the piece's list and records;
    ("yaml", message, line) for a problem that holds wherever the piece is (anchors, tags,
    duplicate keys ...); ("whole",) when only the whole text can tell (not a list, a syntax error).
    """
    starts: list[int] = []
    begins: list[int] = []
    try:
        raw = load_yaml_fast(text, starts, begins)
    except NeedsCarefulLoad:
        try:
            load_yaml(text, first_line=line)
        except YamlProblem as exc:
            if not exc.syntax:
                return ("yaml", exc.message, exc.line)
        return ("whole",)
    if not isinstance(raw, list) or not starts:
        return ("whole",)
    out = _Out()
    _validate_list(out, model, raw)
    return ("ok", [s + line - 1 for s in starts], out.dump(), [b + at for b in begins])


def _in_child(model: type[BaseModel], text: str, line: int, at: int) -> tuple[int, int]:
    """Fork a process that reads a piece and writes its result, marshalled, to a pipe; (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        code = 1
        try:
            os.close(read_end)
            blob = marshal.dumps(_read_piece(model, text, line, at))
            with os.fdopen(write_end, "wb") as handle:
                handle.write(blob)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _from_child(pid: int, read_end: int) -> tuple[Any, ...] | None:
    with os.fdopen(read_end, "rb") as handle:
        blob = handle.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not blob:
        return None
    try:
        value = marshal.loads(blob)
    except (ValueError, EOFError, TypeError):  # pragma: no cover - the child wrote it whole or not at all
        return None
    return value if isinstance(value, tuple) else None


def _starts_at_column_0(text: str) -> bool:
    """Whether the text's first line that is neither blank nor a comment is a ``- `` item at column 0.

    Then the records the pieces begin with (``- `` at column 0, see :func:`cut_points`) are
    items of that same top-level list; anything else (a mapping, an indented or a flow list,
    directives) is read in one piece.
    """
    for line in text.splitlines()[:1000]:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return line == "-" or line.startswith(("- ", "-\t"))
    return False


def _line_count(text: str, end: int) -> int:
    """The 1-based line of ``text[end]`` (texts of ``\n`` or ``\r\n`` line breaks only)."""
    return text.count("\n", 0, end) + 1


def _load_in_pieces(loaded: LoadedFile, model: type[BaseModel], text: str, pieces: int) -> bool:
    """Read a list file in pieces, one process each; False when the whole text must be read as one."""
    if any(c in text for c in "\x85\u2028\u2029") or text.count("\r") != text.count("\r\n"):
        return False
    if not _starts_at_column_0(text):
        return False
    points = cut_points(text, pieces)
    if len(points) < 2:
        return False
    bounds = list(zip(points, [*points[1:], len(text)], strict=True))
    first_lines = [_line_count(text, start) for start in points]
    _list_adapter(model)  # built once, before the fork, for every process
    children = []
    try:
        for (start, end), line in zip(bounds[1:], first_lines[1:], strict=True):
            children.append(_in_child(model, text[start:end], line, start))
    except OSError:  # no fork here, or no more processes: read it in one piece
        for pid, read_end in children:
            _from_child(pid, read_end)
        return False
    results: list[tuple[Any, ...] | None] = [_read_piece(model, text[bounds[0][0] : bounds[0][1]], 1, 0)]
    results += [_from_child(pid, read_end) for pid, read_end in children]
    for k, result in enumerate(results):
        if result is None:  # the child failed (out of memory?): read its piece here
            results[k] = _read_piece(model, text[bounds[k][0] : bounds[k][1]], first_lines[k], bounds[k][0])
    for result in results:
        assert result is not None
        if result[0] == "whole":
            return False
        if result[0] == "yaml":  # the first problem in the file, as the whole parse would stop at it
            loaded.problems.append(Problem(loaded.shown, result[2], "", result[1]))
            return True
    starts = [results[0][1][0]]  # type: ignore[index]
    begins = [results[0][3][0]]  # type: ignore[index]
    outs = []
    offset = 0
    for result in results:
        assert result is not None
        piece_starts, (plains, indexes, pending, missing) = result[1], result[2]
        starts += piece_starts[1:]
        begins += result[3][1:]
        if offset:
            indexes = [i + offset for i in indexes]
            pending = [((path[0] + offset, *path[1:]), message, label) for path, message, label in pending]
            missing = [((base[0] + offset, *base[1:]), (path[0] + offset, *path[1:]), label) for base, path, label in missing]
        outs.append((plains, indexes, pending, missing))
        offset += len(piece_starts) - 1
    loaded.line_map = RecordLines(text, starts, begins)
    _finish(loaded, model, outs)
    return True


def load_file(path: FsPath, kind: str) -> LoadedFile:
    """Read, parse and validate one data file playing the part of ``kind`` (e.g. ``events.yaml``)."""
    loaded = LoadedFile(kind=kind, path=path, shown=display_path(path))
    text, loaded.digest, problem = read_text_and_digest(path, loaded.shown)
    if problem is not None:
        loaded.problems.append(problem)
        return loaded
    assert text is not None
    loaded.text = text
    model = FILE_MODELS[kind]
    pieces = jobs() if len(text) >= PARALLEL_MIN_BYTES and model is not Infobox else 1
    if pieces > 1 and _load_in_pieces(loaded, model, text, pieces):
        return loaded
    return _load_whole(loaded, model, text)


def _load_whole(loaded: LoadedFile, model: type[BaseModel], text: str) -> LoadedFile:
    """Read a file's text in one piece, in this process."""
    starts: list[int] = []
    begins: list[int] = []
    try:
        raw = load_yaml_fast(text, starts, begins)
        if starts:
            loaded.line_map = RecordLines(text, starts, begins)
    except NeedsCarefulLoad:
        try:
            raw, loaded.line_map = load_yaml(text)
        except YamlProblem as exc:
            loaded.problems.append(Problem(loaded.shown, exc.line, "", exc.message))
            return loaded
    if raw is None:
        loaded.problems.append(Problem(loaded.shown, 1, "", "file is empty" + ("; expected the infobox mapping" if model is Infobox else "; expected a list of records (use [] for none)")))
        return loaded
    if model is Infobox:
        if not isinstance(raw, dict):
            loaded.problems.append(Problem(loaded.shown, loaded.lines.line_of(()), "", f"expected a mapping of infobox fields at the top level, found a {_kind_name(raw)}"))
            return loaded
        out = _Out()
        _validate(out, model, raw, ())
        if out.infobox is not None:
            loaded.records.append(out.infobox)
            loaded.record_paths.append(())
        _report(loaded, out.pending, out.missing)
        return loaded
    if not isinstance(raw, list):
        loaded.problems.append(Problem(loaded.shown, loaded.lines.line_of(()), "", f"expected a list of records at the top level (each starting with '- id:'), found a {_kind_name(raw)}"))
        return loaded
    out = _Out()
    _validate_list(out, model, raw)
    _finish(loaded, model, [out.dump()])
    return loaded


def _kind_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    return type(value).__name__ if not isinstance(value, str) else "string"


def kind_of(path: FsPath) -> str | None:
    """Which data file a path plays the part of, by its name: ``events-foo.yaml`` is an events file."""
    name = path.name.lower()
    for kind in FILE_MODELS:
        stem = kind.removesuffix(".yaml")
        if name == kind or (name.startswith(stem) and name.endswith((".yaml", ".yml"))):
            return kind
    return None
