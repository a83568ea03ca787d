"""``idlib fmt``: the data files in one canonical form, rewritten without losing a comment or a value.

Canonical form is what a reviewer wants to diff: events sorted by date (earliest possible
day, then latest, then id); fields in the models' order, which is the codebook's; dates
single-quoted so YAML can never read them as anything but text; the short records of an
event (each actor, claim and quantity, the article reference, the lists of place and
aggregate ids) on one line each, as the data has always been written; every other value
in block style, unquoted unless YAML needs quotes; one blank line between records, none
inside one; LF line endings, no byte-order mark.

Comments are the coders' reasoning, so none may be lost. A comment block above an event,
up to the event before it, belongs to that event and moves with it when events are
sorted; comments inside an event stay with the field they follow; the comment paragraphs
at the top of a file (separated from the first record by a blank line) and those after
the last record stay where they are. ruamel.yaml (round-trip mode) re-emits each record
with its inner comments; this module only cuts the file into records, orders and styles
them, and checks the result: the same comments, the same values (read back with our own
strict loader) and, for a data folder, a dataset equal to the one it started from. If
any check fails, nothing is written.
"""

from __future__ import annotations

import functools
import io
import re
import tempfile
import typing
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .edtf import EdtfError, parse_edtf
from .fsutil import atomic_write
from .loading import DATA_FILES
from .models import FILE_MODELS, DateRange, Event, Record
from .result import DataError
from .yamlsafe import YamlProblem, load_yaml, resolve_plain

try:
    from yaml import CSafeLoader as _Scanner
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]


class FmtError(Exception):
    """The file cannot be put in canonical form without losing something; nothing was written."""


#: Fields written in flow style as a whole (``places: [a, b]``, ``article: {section: ..., paragraph: 1}``).
FLOW_FIELDS: frozenset[tuple[type[Record], str]] = frozenset({(Event, "places"), (Event, "aggregates"), (Event, "article")})
#: List fields whose items are written in flow style, one per line (``- {actor: x, role: attacker}``).
FLOW_ITEM_FIELDS: frozenset[tuple[type[Record], str]] = frozenset({(Event, "actors"), (Event, "claims"), (Event, "quantities")})
#: Dates, always single-quoted.
DATE_FIELDS: frozenset[tuple[type[Record], str]] = frozenset({(Event, "date"), (DateRange, "start"), (DateRange, "end")})

_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
_ITEM_INDENT = "  "


# --------------------------------------------------------------------------- text and comments


def normalize_text(text: str) -> str:
    """LF line endings, no byte-order mark: the same YAML, since PyYAML reads every break as one."""
    return _BREAKS.sub("\n", text.removeprefix("\ufeff"))


@dataclass
class _Scan:
    """Where the tokens of a YAML text lie, line by line, and where its comments are."""

    text: str
    tokens: list[Any]
    line_starts: list[int]
    comments: dict[int, tuple[int, str]] = field(default_factory=dict)  # line -> (column, text)
    content_lines: set[int] = field(default_factory=set)  # lines that hold part of a token

    def line_of(self, index: int) -> int:
        return bisect_right(self.line_starts, index) - 1

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _scan(text: str) -> _Scan:
    """Tokens, comment positions and content lines of ``text`` (already normalized to LF)."""
    try:
        tokens = list(yaml.scan(text, Loader=_Scanner))
    except yaml.YAMLError as exc:
        raise FmtError(f"not valid YAML: {exc}") from None
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    scan = _Scan(text, tokens, starts)
    spans = sorted((t.start_mark.index, t.end_mark.index) for t in tokens if t.end_mark.index > t.start_mark.index)
    position = 0
    for start, end in [*spans, (len(text), len(text))]:
        if start > position:  # a gap: only spaces, line breaks and comments live here
            _gap_comments(scan, position, start)
        first, last = scan.line_of(start), scan.line_of(max(start, end - 1))
        if end > start:
            scan.content_lines.update(range(first, last + 1))
        position = max(position, end)
    return scan


def _gap_comments(scan: _Scan, start: int, end: int) -> None:
    text = scan.text
    at = text.find("#", start, end)
    while at != -1:
        stop = text.find("\n", at, end)
        stop = end if stop == -1 else stop
        line = scan.line_of(at)
        scan.comments[line] = (at - scan.line_starts[line], text[at:stop].rstrip())
        at = text.find("#", stop, end)


def comments_of(text: str) -> list[str]:
    """Every comment of a YAML text, in order, without trailing spaces: what fmt must keep."""
    scan = _scan(normalize_text(text))
    return [comment for _, (_, comment) in sorted(scan.comments.items())]


def _is_full_comment(scan: _Scan, line: int) -> bool:
    found = scan.comments.get(line)
    return found is not None and not scan.lines[line][: found[0]].strip()


# --------------------------------------------------------------------------- ruamel, lazily


@functools.lru_cache(maxsize=1)
def _emitter_class() -> type:
    """ruamel.yaml's round-trip emitter, writing a scalar plain only where PyYAML reads it back whole.

    Our strict loader is PyYAML, which scans YAML 1.1; ruamel.yaml picks plain style by YAML
    1.2's rules, which let a plain scalar start with ``?`` or ``:`` inside a flow collection
    (``{section: ?x}``), where PyYAML takes the ``?`` or ``:`` for an indicator and fails.
    So a scalar is written plain only if PyYAML's own emitter would write it plain in that
    context (flow or block) too: PyYAML keeps that analysis on the safe side of what its
    scanner accepts. Otherwise ruamel.yaml picks the quotes, as it does for any scalar it
    cannot write plain.
    """
    from ruamel.yaml.emitter import RoundTripEmitter

    reader = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)  # only asked, never written to

    class _Emitter(RoundTripEmitter):
        def analyze_scalar(self, scalar: Any) -> Any:
            analysis = super().analyze_scalar(scalar)
            theirs = reader.analyze_scalar(str(scalar))
            analysis.allow_flow_plain = analysis.allow_flow_plain and theirs.allow_flow_plain
            analysis.allow_block_plain = analysis.allow_block_plain and theirs.allow_block_plain
            return analysis

    return _Emitter


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.Emitter = _emitter_class()
    rt.width = 1_000_000  # never fold a line: a record's short mappings stay on one line
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.allow_unicode = True

    def null(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "null")

    rt.representer.add_representer(type(None), null)
    return rt


def _load(rt: Any, text: str) -> Any:
    """ruamel.yaml's reading of ``text``, or :class:`FmtError` when it cannot read it.

    Our strict loader (PyYAML) and ruamel.yaml do not accept exactly the same YAML (a tab
    inside a plain key, for one, suits PyYAML but stops ruamel). Where they part ways fmt
    cannot promise anything, so it refuses, whatever ruamel raised.
    """
    try:
        return rt.load(text)
    except Exception as exc:  # any failure of the third-party round trip means: refuse
        raise FmtError(f"ruamel.yaml, which fmt uses to keep comments, cannot read this record ({_first_line(exc)}); format this file by hand") from None


def _dump(rt: Any, node: Any) -> str:
    buffer = io.StringIO()
    try:
        rt.dump(node, buffer)
    except Exception as exc:  # as in _load
        raise FmtError(f"ruamel.yaml cannot write this record ({_first_line(exc)}); format this file by hand") from None
    return buffer.getvalue()


def _first_line(exc: BaseException) -> str:
    """A YAML error in one line: its problem (``found character '\\t' that cannot start any token``) if it names one."""
    problem = getattr(exc, "problem", None)
    text = problem if isinstance(problem, str) and problem else str(exc).strip().split("\n", 1)[0]
    return f"{type(exc).__name__}: {text}"


def _quoted(value: str) -> Any:
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    return SingleQuotedScalarString(value)


def _canonical_scalar(value: Any, date: bool, current: Any = None) -> Any:
    """The value to emit: our loader's reading of it, quoted where YAML would read it as another type.

    A number is kept as written (``36.700`` stays ``36.700``: the digits a source gave are
    information) when ruamel.yaml read the same number there.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if type(current) is not bool and isinstance(current, (int, float)) and current == value:
            return current
        return value
    if isinstance(value, str):
        try:
            needs_quotes = date or not isinstance(resolve_plain(value), str)
        except ValueError:  # all digits, too many to be an int: quote it
            needs_quotes = True
        return _quoted(value) if needs_quotes else value
    return value


def _field_models(model: type[BaseModel]) -> dict[str, type[Record] | None]:
    """For each field of ``model``, the record model its value (or its list items) are, if any."""
    hints = typing.get_type_hints(model)
    out: dict[str, type[Record] | None] = {}
    for name in model.model_fields:
        annotation = hints.get(name)
        nested: type[Record] | None = None
        for candidate in (annotation, *typing.get_args(annotation)):
            if isinstance(candidate, type) and issubclass(candidate, Record):
                nested = candidate
        out[name] = nested
    return out


def _set_style(node: Any, flow: bool) -> None:
    if flow or not node:  # an empty list is written [] in any case
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _canonical_record(node: Any, raw: dict[str, Any], model: type[Record], path: _Path, block: set[_Path]) -> None:
    """Put one record (a comment-free ruamel mapping) in canonical form, in place, from our loader's ``raw``.

    ``block`` holds the collections that must stay in block style because a comment sits inside them.
    """
    if not isinstance(raw, dict) or sorted(map(str, node)) != sorted(raw):
        raise FmtError(f"ruamel.yaml and the strict loader read a {model.__name__} differently")
    nested = _field_models(model)
    order = [name for name in model.model_fields if name in raw] + [key for key in raw if key not in model.model_fields]
    for key in order:
        node.move_to_end(key)
    for key in order:
        value, sub, here = raw[key], nested.get(key), (*path, key)
        if isinstance(value, dict):
            child = node[key]
            if sub is not None:
                _canonical_record(child, value, sub, here, block)
            _set_style(child, (model, key) in FLOW_FIELDS and here not in block)
        elif isinstance(value, list):
            child = node[key]
            if len(child) != len(value):
                raise FmtError(f"ruamel.yaml and the strict loader read {model.__name__}.{key} differently")
            for index, item in enumerate(value):
                if isinstance(item, dict) and sub is not None:
                    _canonical_record(child[index], item, sub, (*here, index), block)
                    _set_style(child[index], (model, key) in FLOW_ITEM_FIELDS and (*here, index) not in block)
                elif not isinstance(item, (dict, list)):
                    child[index] = _canonical_scalar(item, date=False, current=child[index])
            _set_style(child, (model, key) in FLOW_FIELDS and here not in block)
        else:
            node[key] = _canonical_scalar(value, date=(model, key) in DATE_FIELDS, current=node[key])


# --------------------------------------------------------------------------- where each value is


_Path = tuple[str | int, ...]


@dataclass
class _Where:
    """The lines of one value: its key's (for a mapping entry), its first and its last."""

    key_line: int | None
    start: int
    end: int

    @property
    def first(self) -> int:
        return self.start if self.key_line is None else self.key_line


def _positions(text: str) -> dict[_Path, _Where]:
    """Every value of a YAML text by path, with its lines, from the parser's events (iterative)."""
    out: dict[_Path, _Where] = {}
    frames: list[list[Any]] = []  # [path, is_mapping, pending key or next index, key line, flow]

    def last_line(mark: Any) -> int:
        return int(mark.line) - 1 if mark.column == 0 and mark.line > 0 else int(mark.line)

    def close(path: _Path, end: int) -> None:
        out[path].end = max(out[path].end, end)
        if frames:
            parent = out[frames[-1][0]]
            parent.end = max(parent.end, out[path].end)

    loader = _Scanner(text)
    try:
        while True:
            try:
                event: Any = loader.get_event()
            except yaml.YAMLError as exc:  # what ruamel.yaml wrote and PyYAML cannot read: refuse, never crash
                raise FmtError(f"PyYAML cannot read what ruamel.yaml wrote ({_first_line(exc)}); format this file by hand") from None
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                path, _, _, _, flow = frames.pop()
                close(path, last_line(event.end_mark) if flow else out[path].end)
                continue
            key_line = None
            if frames:
                frame = frames[-1]
                if frame[1]:  # a mapping: a key, then its value
                    if frame[2] is None:
                        frame[2], frame[3] = str(getattr(event, "value", "")), event.start_mark.line
                        continue
                    path, key_line = (*frame[0], frame[2]), frame[3]
                    frame[2] = None
                else:
                    path = (*frame[0], frame[2])
                    frame[2] += 1
            else:
                path = ()
            out[path] = _Where(key_line, event.start_mark.line, event.start_mark.line)
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                close(path, last_line(event.end_mark))
            else:
                mapping = isinstance(event, yaml.MappingStartEvent)
                frames.append([path, mapping, None if mapping else 0, None, bool(event.flow_style)])
    finally:
        loader.dispose()
    return out


@dataclass
class _Comment:
    text: str
    where: str  # "before" a value, at the end of its "line", on its "key" line, or at the "end" of the record
    path: _Path | None


def _attach(scan: _Scan, places: dict[_Path, _Where]) -> list[_Comment]:
    """Give each comment of a record the value it belongs to.

    A comment on a line of its own belongs to the value that starts next (the shallowest
    one starting on that line). A comment at the end of a line belongs to the value on that
    line: one that starts and ends there, else the entry whose key is there, else one that
    ends there; failing all, to the value that starts next.
    """
    by_first: dict[int, list[_Path]] = {}
    for path, where in places.items():
        if path:
            by_first.setdefault(where.first, []).append(path)
    firsts = sorted(by_first)

    def shallowest(paths: list[_Path]) -> _Path:
        return min(paths, key=lambda p: (len(p), places[p].start))

    def next_value(line: int) -> _Comment | None:
        at = bisect_right(firsts, line)
        return None if at == len(firsts) else _Comment("", "before", shallowest(by_first[firsts[at]]))

    comments: list[_Comment] = []
    for line in sorted(scan.comments):
        text = scan.comments[line][1]
        if not _is_full_comment(scan, line):
            one_line = [p for p, w in places.items() if p and w.start == w.end == line]
            keyed = [p for p, w in places.items() if p and w.key_line == line and w.start > line]
            ending = [p for p, w in places.items() if p and w.end == line]
            for kind, found in (("line", one_line), ("key", keyed), ("line", ending)):
                if found:
                    comments.append(_Comment(text, kind, shallowest(found)))
                    break
            else:
                following = next_value(line)
                comments.append(_Comment(text, "before", following.path) if following else _Comment(text, "end", None))
            continue
        following = next_value(line)
        comments.append(_Comment(text, "before", following.path) if following else _Comment(text, "end", None))
    return comments


def _strip_comments(scan: _Scan) -> str:
    """The text without its comments and without blank lines outside values: what ruamel is given."""
    out = []
    for number, line in enumerate(scan.lines):
        found = scan.comments.get(number)
        if found is not None:
            line = line[: found[0]].rstrip()
        if line.strip() or number in scan.content_lines:
            out.append(line)
    return "\n".join(out) + "\n"


def _place_comments(text: str, comments: list[_Comment]) -> str:
    """Put the comments back into ruamel's comment-free output, next to the values they belong to."""
    places = _positions(text)
    lines = text.rstrip("\n").split("\n")
    above: dict[int, list[str]] = {}
    after: dict[int, str] = {}
    tail: list[str] = []
    for comment in comments:
        where = places.get(comment.path) if comment.path is not None else None
        if where is None:
            tail.append(comment.text)
            continue
        if comment.where == "before":
            above.setdefault(where.first, []).append(comment.text)
            continue
        target = where.end if comment.where == "line" else where.first
        if target in after:  # two comments for one line: the second goes above it
            above.setdefault(target, []).append(comment.text)
        else:
            after[target] = comment.text
    out: list[str] = []
    for number, line in enumerate(lines):
        indent = line[: len(line) - len(line.lstrip(" "))]
        out.extend(indent + text for text in above.get(number, []))
        out.append(line + "  " + after[number] if number in after else line)
    out.extend(tail)
    return "\n".join(out) + "\n"


def _outermost_start(path: _Path, raw: Any, model: type[Record]) -> _Path:
    """The outermost value whose first line is that of ``path`` once fields are in canonical order.

    A comment placed above the field that comes first in a list item (``- actor: ...``) or
    in the record sits above the item or the record itself: attaching it there keeps fmt a
    fixed point (a second run reads it the same way).
    """
    while path and isinstance(path[-1], str) and (len(path) == 1 or isinstance(path[-2], int)):
        parent, owner = raw, model
        for part in path[:-1]:
            parent = parent[part]
            if isinstance(part, str) and owner is not None:
                owner = _field_models(owner).get(part)  # type: ignore[assignment]
        if not isinstance(parent, dict):
            break
        order = [name for name in (owner.model_fields if owner is not None else ()) if name in parent] + [k for k in parent if owner is None or k not in owner.model_fields]
        if not order or order[0] != path[-1]:
            break
        path = path[:-1]
    return path


def _format_mapping(kind: str, text: str, item: bool) -> str:
    """One record in canonical form with its comments: a ``- ...`` item of a list file, or a whole mapping (the infobox)."""
    try:
        raw, _ = load_yaml(text)
    except YamlProblem as exc:  # pragma: no cover - the whole file parsed, so its records do
        raise FmtError(f"a record does not parse on its own ({exc.message})") from None
    if item:
        if not isinstance(raw, list) or len(raw) != 1 or not isinstance(raw[0], dict):
            raise FmtError(f"expected one record in {text[:60]!r}")
        raw = raw[0]
    scan = _scan(text)
    places = _positions(text)
    if item:
        places = {path[1:]: where for path, where in places.items() if path}
    comments = _attach(scan, places)
    model = FILE_MODELS[kind]
    for comment in comments:
        if comment.where == "before" and comment.path is not None:
            comment.path = _outermost_start(comment.path, raw, model)
    # A collection with a comment inside it (not just above or after it) cannot be written on one line.
    block = {c.path[:cut] for c in comments if c.path is not None for cut in range(len(c.path))}
    rt = _round_trip()
    loaded = _load(rt, _strip_comments(scan))
    node = loaded[0] if item else loaded
    _canonical_record(node, raw, model, (), block)
    body = _place_comments(_dump(rt, node), comments).rstrip("\n").split("\n")
    if not item:
        return "\n".join(body) + "\n"
    first = next(i for i, line in enumerate(body) if not line.startswith("#"))  # comments above the first field go above the "-"
    return "\n".join([*body[:first], "- " + body[first], *[_ITEM_INDENT + line if line else line for line in body[first + 1 :]]])


def _tidy(text: str, inside_record: bool) -> str:
    """Lay out comments and blank lines, which YAML gives no meaning: each full-line comment
    indented like the line it precedes, two spaces before an end-of-line comment, and no
    blank line inside a record (elsewhere, runs of blank lines become one). Lines inside a
    multi-line scalar are left alone.

    Used on what ruamel writes, and on each record before ruamel reads it, so that a comment
    at a stray indentation is attached where a reader would expect.
    """
    scan = _scan(text)
    lines = scan.lines
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in scan.content_lines:
            found = scan.comments.get(number)
            out.append(line if found is None else line[: found[0]].rstrip() + "  " + found[1])
        elif number in scan.comments:
            following = next((lines[n] for n in range(number + 1, len(lines)) if n in scan.content_lines), "")
            out.append(following[: len(following) - len(following.lstrip(" "))] + scan.comments[number][1])
        elif not line.strip() and not inside_record and out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    while out and out[0] == "":
        out.pop(0)
    return "\n".join(out) + "\n" if out else ""


# --------------------------------------------------------------------------- files that are lists of records


@dataclass
class _Item:
    first: int  # line of its "-"
    last: int  # line of its last token
    leading: list[str] = field(default_factory=list)  # comment lines ("" for a blank) above it
    trailing: list[str] = field(default_factory=list)  # indented comment lines right below it
    text: str = ""


def _top_level_items(scan: _Scan) -> tuple[str, list[_Item]]:
    """The kind of the root node ("block", "flow", "empty" or "other") and, for a block list, its items."""
    depth = 0
    root = "empty"
    items: list[_Item] = []
    last_end = -1
    for token in scan.tokens:
        name = type(token).__name__
        if name in ("StreamStartToken", "StreamEndToken", "DocumentStartToken", "DocumentEndToken", "DirectiveToken"):
            continue
        if depth == 0 and root == "empty":
            root = {"BlockSequenceStartToken": "block", "FlowSequenceStartToken": "flow"}.get(name, "other")
            if root != "block":
                return root, []
        if name in ("BlockSequenceStartToken", "BlockMappingStartToken", "FlowSequenceStartToken", "FlowMappingStartToken"):
            depth += 1
        elif name in ("BlockEndToken", "FlowSequenceEndToken", "FlowMappingEndToken"):
            depth -= 1
            if depth == 0:
                break
        if depth == 1 and name == "BlockEntryToken":
            if items:
                items[-1].last = scan.line_of(max(last_end - 1, 0))
            items.append(_Item(first=scan.line_of(token.start_mark.index), last=-1))
            last_end = token.end_mark.index
        elif token.end_mark.index > token.start_mark.index:
            last_end = max(last_end, token.end_mark.index)
    if items:
        items[-1].last = scan.line_of(max(last_end - 1, 0))
    return root, items


def _region(scan: _Scan, start: int, stop: int) -> list[str]:
    """Lines ``start..stop-1`` outside any record: their comments (moved to column 0) and blank lines.

    Anything else there (``---``, ``...``, a ``%YAML`` directive) carries no value for our
    loader and is dropped, though a comment on such a line is kept.
    """
    out: list[str] = []
    for number in range(start, stop):
        if number in scan.comments:
            out.append(scan.comments[number][1])
        elif not scan.lines[number].strip():
            out.append("")
    return out


def _paragraphs(lines: list[str], keep_final_blank: bool) -> list[str]:
    """Comment lines with runs of blank lines made one and no blank line first (or last, unless asked)."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    if out and not out[-1] and not keep_final_blank:
        out.pop()
    return out


def _format_list_file(kind: str, raw: list[Any], scan: _Scan, items: list[_Item]) -> str:
    model = FILE_MODELS[kind]
    if len(items) != len(raw):
        raise FmtError("could not find where each record starts and ends")
    lines = scan.lines
    # What lies between records: trailing indented comments of the one above, then leading comments of the next.
    header: list[str] = []
    for index, item in enumerate(items):
        stop = item.first
        start = items[index - 1].last + 1 if index else 0
        if index:
            start = _take_trailing(scan, items[index - 1], start, stop)
            item.leading = _paragraphs(_region(scan, start, stop), keep_final_blank=True)
        else:
            region = _region(scan, start, stop)
            # Above the first record: the paragraph touching it is its own; the rest is the file's header.
            cut = len(region)
            while cut and region[cut - 1]:
                cut -= 1
            header, item.leading = _paragraphs(region[:cut], keep_final_blank=False), region[cut:]
    after = _take_trailing(scan, items[-1], items[-1].last + 1, len(lines))
    footer = _paragraphs(_region(scan, after, len(lines)), keep_final_blank=False)

    for item in items:
        try:
            item.text = _format_record(kind, "\n".join(lines[item.first : item.last + 1]) + "\n")
        except FmtError as exc:
            raise FmtError(f"the record at line {item.first + 1}: {exc}") from None

    order = list(range(len(items)))
    if model is Event:
        order.sort(key=lambda i: _event_key(raw[i]))
    blocks: list[str] = []
    if header:
        blocks.append("\n".join(header))
    for i in order:
        item = items[i]
        parts = [*item.leading, item.text, *(_ITEM_INDENT + line for line in item.trailing)]
        blocks.append("\n".join(parts))
    if footer:
        blocks.append("\n".join(footer))
    return "\n\n".join(blocks) + "\n"


@functools.lru_cache(maxsize=4096)
def _format_record(kind: str, chunk: str) -> str:
    """One record of a list file (its lines, from its ``-`` to its last value) in canonical form.

    A pure function of its text, so it is memoised: ruamel.yaml's round trip is the slow part.
    """
    return _format_mapping(kind, chunk, item=True)


def _format_mapping_file(kind: str, scan: _Scan) -> str:
    """A file that is one mapping (the infobox): its header comments, the mapping, the comments after it."""
    lines = scan.lines
    first, last = min(scan.content_lines), max(scan.content_lines)
    start = max((n + 1 for n in range(first) if not lines[n].strip()), default=0)  # the paragraph touching the mapping is its own
    header = _paragraphs(_region(scan, 0, start), keep_final_blank=False)
    footer = _paragraphs(_region(scan, last + 1, len(lines)), keep_final_blank=False)
    body = _format_mapping(kind, "\n".join(lines[start : last + 1]) + "\n", item=False).rstrip("\n")
    return "\n\n".join(part for part in ("\n".join(header), body, "\n".join(footer)) if part) + "\n"


def _take_trailing(scan: _Scan, item: _Item, start: int, stop: int) -> int:
    """Indented comment lines right below a record (no blank line between) are its own; return the line after them."""
    while start < stop and _is_full_comment(scan, start) and scan.lines[start][:1] == " ":
        item.trailing.append(scan.comments[start][1])
        start += 1
    return start


def _event_key(raw: Any) -> tuple[Any, ...]:
    try:
        span = parse_edtf(raw["date"])
        return (span.earliest, span.latest, str(raw["id"]))
    except (EdtfError, KeyError, TypeError):
        raise FmtError("every event needs an id and a valid date before fmt can order them (run: idlib validate)") from None


def _format_flow_list(raw: list[Any], scan: _Scan) -> str:
    if raw:
        raise FmtError("a list written in flow style ([...]) must be rewritten as a block list, one '- ' per record, before fmt can order it")
    # An empty list, "[]": keep every comment around it, above it.
    comments = [comment for _, (_, comment) in sorted(scan.comments.items())]
    return "\n".join([*comments, "[]"]) + "\n"


# --------------------------------------------------------------------------- one file, one folder


def format_text(kind: str, text: str) -> str:
    """The canonical form of the text of one data file playing the part of ``kind`` (``events.yaml`` ...).

    The text must be valid YAML for our loader; the records need not have been validated,
    but event dates must parse (they decide the order). Raises :class:`FmtError` when the
    result would not keep every comment and every value.
    """
    if kind not in FILE_MODELS:
        raise FmtError(f"unknown data file kind {kind!r}")
    text = normalize_text(text)
    try:
        raw, _ = load_yaml(text)
    except YamlProblem as exc:
        raise FmtError(f"line {exc.line}: {exc.message}") from None
    scan = _scan(text)
    model = FILE_MODELS[kind]
    if kind == "infobox.yaml" and isinstance(raw, dict):
        out = _format_mapping_file(kind, scan)
        expected: Any = raw
    elif isinstance(raw, list):
        root, items = _top_level_items(scan)
        out = _format_list_file(kind, raw, scan, items) if root == "block" else _format_flow_list(raw, scan)
        expected = sorted(raw, key=_event_key) if model is Event else raw
    else:
        raise FmtError(f"{kind} holds a list of records" if kind != "infobox.yaml" else "infobox.yaml holds one mapping")
    _verify(text, out, expected)
    return out


def _verify(before: str, after: str, expected: Any) -> None:
    lost = Counter(comments_of(before)) - Counter(comments_of(after))
    added = Counter(comments_of(after)) - Counter(comments_of(before))
    if lost or added:
        example = next(iter(lost or added))
        raise FmtError(f"the canonical form would {'lose' if lost else 'add'} a comment ({example!r}); format this file by hand")
    try:
        value, _ = load_yaml(after)
    except YamlProblem as exc:  # pragma: no cover - a bug in fmt, caught before anything is written
        raise FmtError(f"the canonical form does not read back (line {exc.line}: {exc.message})") from None
    if value != expected:
        raise FmtError("the canonical form would change a value; format this file by hand")


def _same_dataset(a: Any, b: Any) -> bool:
    return (
        sorted(a.events, key=lambda e: e.id) == sorted(b.events, key=lambda e: e.id)
        and a.places == b.places
        and a.actors == b.actors
        and a.sources == b.sources
        and a.infobox == b.infobox
    )


def formatted_files(data_dir: Path) -> dict[Path, tuple[bytes, str]]:
    """Each data file of a valid folder with its bytes now and its canonical text.

    Raises :class:`DataError` (with every problem) when the folder does not validate, and
    :class:`FmtError` when the canonical texts would not load to an equal dataset.
    """
    from .checker import check

    folder = Path(data_dir)
    result, dataset = check(folder)
    if dataset is None:
        raise DataError(result)
    files: dict[Path, tuple[bytes, str]] = {}
    for kind in DATA_FILES:
        path = folder / kind
        data = path.read_bytes()
        try:
            files[path] = (data, format_text(kind, data.decode("utf-8")))
        except FmtError as exc:
            raise FmtError(f"{path}: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="idlib-fmt-") as scratch:
        for path, (_, text) in files.items():
            (Path(scratch) / path.name).write_text(text, encoding="utf-8")
        after_result, after = check(Path(scratch))
        if after is None or not _same_dataset(dataset, after):  # pragma: no cover - a bug in fmt
            raise FmtError("the canonical files would not load to the same dataset; nothing was written\n" + after_result.summary())
    return files


def format_data_dir(data_dir: Path, check: bool = False) -> list[Path]:
    """Rewrite the data files of ``data_dir`` in canonical form; return the files that were not.

    With ``check`` nothing is written. Refuses (raising :class:`DataError`) to touch a folder
    that does not validate, and writes each file atomically, only after every file's
    canonical form has been checked to keep every comment and load to an equal dataset.
    """
    files = formatted_files(data_dir)
    changed = [path for path, (data, text) in files.items() if data != text.encode("utf-8")]
    if not check:
        for path in changed:
            atomic_write(path, files[path][1])
    return changed


def iter_comment_lines(text: str) -> Iterator[str]:
    """The full-line comments of a text (a comment alone on its line), for counting in reviews."""
    scan = _scan(normalize_text(text))
    for line in sorted(scan.comments):
        if _is_full_comment(scan, line):
            yield scan.comments[line][1]
