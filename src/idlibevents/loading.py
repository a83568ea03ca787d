"""Reading one data file into validated records, with every problem located by line.

A file goes through three gates, each reporting rather than raising: the bytes (exists,
is a file, is readable, not too large, UTF-8), the YAML (strict: see :mod:`yamlsafe`), and
the model (each record validated on its own, so one bad event does not hide the others).

Lines cost more than they are worth on the happy path: a valid file is parsed without a line
map and validated a few thousand records at a time. Only when something is wrong is the text
parsed again with the line-recording loader (:attr:`LoadedFile.lines`), so every problem
still names its line; the messages are the same either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .fsutil import DEFAULT_MAX_FILE_MB as DEFAULT_MAX_FILE_MB  # re-exported: defined here first
from .fsutil import max_file_bytes
from .models import FILE_MODELS, Infobox
from .result import Problem, format_path
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


@dataclass
class LoadedFile:
    """What came out of one file: the records that validated, where they are, and the problems.

    ``digest`` is the SHA-256 of the bytes read (the cache's key is made of these), and
    ``text`` the text parsed, kept so that :attr:`lines` can be worked out when a problem
    needs a line; :meth:`release` drops it once the checks are over.
    """

    kind: str  # the file name it plays the part of, e.g. "events.yaml"
    path: FsPath
    shown: str
    records: list[BaseModel] = field(default_factory=list)
    record_paths: list[tuple[int | str, ...]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    digest: str | None = None
    text: str | None = field(default=None, repr=False)
    line_map: LineMap | None = field(default=None, repr=False)

    @property
    def lines(self) -> LineMap:
        """The line of every value, parsed again from :attr:`text` on first use (only problems need it)."""
        if self.line_map is None:
            self.line_map = LineMap()
            if self.text is not None:
                with contextlib.suppress(YamlProblem):  # cannot happen: the text parsed once already, by the same rules
                    self.line_map = load_yaml(self.text)[1]
        return self.line_map

    def problem(self, path: tuple[int | str, ...], message: str, record: str | None = None) -> None:
        self.problems.append(Problem(self.shown, self.lines.line_of(path), format_path(ROOTS[self.kind], path), message, record))

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


def _validate(loaded: LoadedFile, model: type[BaseModel], raw: Any, base: tuple[int | str, ...]) -> None:
    label = _record_label(raw)
    try:
        record = model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
            # A model-level (after) validator names no field; pydantic adds enum/union branch names we drop.
            path = base + tuple(p for p in loc if isinstance(p, (int, str)))
            if error["type"] == "missing":
                message = "required field is missing"
                loaded.problems.append(Problem(loaded.shown, loaded.lines.line_of(base), format_path(ROOTS[loaded.kind], path), message, label))
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
            loaded.problem(path, message, label)
        return
    loaded.records.append(record)
    loaded.record_paths.append(base)


#: Records validated per call on the happy path: big enough to make the per-call cost vanish,
#: small enough that the raw records of a chunk are freed as soon as it has become models.
CHUNK = 2048

_ADAPTERS: dict[type[BaseModel], TypeAdapter[list[Any]]] = {}


def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


def _validate_list(loaded: LoadedFile, model: type[BaseModel], raw: list[Any]) -> None:
    """Validate every record, a chunk per pydantic call; a chunk that fails is gone through record by record.

    Only the record-by-record path words the messages, so they are the same as ever. Each
    chunk's raw records are dropped once validated, so the raw tree and the models are
    never both held whole.
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
                loaded.records.extend(records)
                loaded.record_paths.extend((index,) for index in range(start, start + len(chunk)))
                raw[start : start + len(chunk)] = [None] * len(chunk)
                continue
        for index, item in enumerate(chunk, start):
            if not isinstance(item, dict):
                loaded.problem((index,), f"expected a mapping (a record with fields), found a {_kind_name(item)}")
            else:
                _validate(loaded, model, item, (index,))
            raw[index] = None


def load_file(path: FsPath, kind: str) -> LoadedFile:
    """Read, parse and validate one data file playing the part of ``kind`` (e.g. ``events.yaml``)."""
    loaded = LoadedFile(kind=kind, path=path, shown=display_path(path))
    text, loaded.digest, problem = read_text_and_digest(path, loaded.shown)
    if problem is not None:
        loaded.problems.append(problem)
        return loaded
    assert text is not None
    loaded.text = text
    try:
        raw = load_yaml_fast(text)
    except NeedsCarefulLoad:
        try:
            raw, loaded.line_map = load_yaml(text)
        except YamlProblem as exc:
            loaded.problems.append(Problem(loaded.shown, exc.line, "", exc.message))
            return loaded
    model = FILE_MODELS[kind]
    if raw is None:
        loaded.problems.append(Problem(loaded.shown, 1, "", "file is empty" + ("; expected the infobox mapping" if model is Infobox else "; expected a list of records (use [] for none)")))
        return loaded
    if model is Infobox:
        if not isinstance(raw, dict):
            loaded.problems.append(Problem(loaded.shown, loaded.lines.line_of(()), "", f"expected a mapping of infobox fields at the top level, found a {_kind_name(raw)}"))
            return loaded
        _validate(loaded, model, raw, ())
        return loaded
    if not isinstance(raw, list):
        loaded.problems.append(Problem(loaded.shown, loaded.lines.line_of(()), "", f"expected a list of records at the top level (each starting with '- id:'), found a {_kind_name(raw)}"))
        return loaded
    _validate_list(loaded, model, raw)
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
