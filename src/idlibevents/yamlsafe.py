"""Strict YAML reading that remembers the line of every value.

Data files are edited by hand, so we refuse what PyYAML would quietly accept: duplicate
keys (PyYAML keeps the last one), anchors and aliases (the "billion laughs" attack, and
values that silently change in two places), and any tag (``!!python/object/apply`` must
never even reach a constructor). Scalars resolve as YAML 1.2's core schema does, except
that timestamps stay strings: an EDTF date is text, and ``2011-09-08`` must not become a
``datetime.date`` while ``2011-09`` stays a string.

We build values from the parser's event stream ourselves, which is both what lets us
refuse those constructs before anything is built and what gives each value its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # The C parser is several times faster; fall back when libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

#: Deepest nesting a data file may use; ours need 4, and a limit keeps recursion bounded.
MAX_DEPTH = 32

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_ALLOWED_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class YamlProblem(Exception):
    """A file that is not acceptable YAML for a data file; carries the 1-based line."""

    def __init__(self, message: str, line: int, syntax: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        #: True for what libyaml itself refused (syntax, unreadable characters): such messages
        #: may name the start of the enclosing collection, so they hold only for the whole text.
        self.syntax = syntax


@dataclass
class LineMap:
    """The line each value of a document starts on, by its path of keys and indexes."""

    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its closest ancestor that has one (1 for the root)."""
        path = tuple(path)
        while path:
            line = self.lines.get(path)
            if line is not None:
                return line
            path = path[:-1]
        return self.lines.get((), 1)


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return int(mark.line) + 1 if mark is not None else 1


def resolve_plain(value: str) -> Any:
    """What a plain (unquoted) scalar stands for: null, a bool, an int, a float, or the text itself.

    This is the one place that decides it, so that ``idlib fmt`` can quote exactly the strings
    that would otherwise read back as something else. Raises ``ValueError`` for an integer
    with more digits than Python converts (``sys.get_int_max_str_digits``), which would
    otherwise escape as an exception from ``int()``.
    """
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"a number with {len(value.lstrip('+-'))} digits is too long for a data file") from None
    if _FLOAT.match(value):
        return float(value)
    return value


def _scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    if tag not in _ALLOWED_TAGS:
        raise YamlProblem(f"tag {tag!r} is not allowed in data files", _line(event))
    if not event.implicit[0] or tag == "tag:yaml.org,2002:str":  # quoted or explicitly tagged
        return value
    try:
        return resolve_plain(value)
    except ValueError as exc:
        raise YamlProblem(str(exc), _line(event)) from None


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


#: Characters YAML refuses in a stream (C0/C1 controls other than tab and line breaks, DEL,
#: U+FFFE/U+FFFF); found ourselves so the message can give the line and the character.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_at(text: str, index: int) -> int:
    """The 1-based line of ``text[index]``, counting line breaks as the YAML parser does."""
    return len(_BREAK.findall(text, 0, index)) + 1


def _reader_problem(text: str, exc: yaml.YAMLError) -> YamlProblem:
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        char = bad.group()
        return YamlProblem(
            f"contains the control character U+{ord(char):04X}, which YAML does not allow; delete it (or write it as an escape in a double-quoted string)",
            _line_at(text, bad.start()),
            syntax=True,
        )
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return YamlProblem(f"not readable as YAML: {reason}", 1, syntax=True)


class NeedsCarefulLoad(Exception):
    """Raised by :func:`load_yaml_fast` when it cannot vouch for the text; :func:`load_yaml` can tell why."""


#: First characters a plain scalar must start with to stand for anything but text (see :func:`resolve_plain`).
_MAYBE_NOT_TEXT = frozenset("~nNtTfF+-.0123456789")
#: resolve_plain turns a plain scalar into something other than text only when it starts with one
#: of these (a number) or is one of the words (null, true, false): the fast loader's shortcut.
_NUMBER_START = frozenset("+-.0123456789")
_WORDS = _NULL | _TRUE | _FALSE


def load_yaml_fast(text: str, starts: list[int] | None = None, begins: list[int] | None = None) -> Any:
    """Parse one YAML document as :func:`load_yaml` does, without recording lines.

    When ``starts`` is given and the document is a list, the 1-based line of the list and
    then the line of each of its items are appended to it: the lines :func:`load_yaml` gives
    the paths ``()``, ``(0,)``, ``(1,)``, ... (a problem in a record is then found at its
    line without parsing the file again). ``begins`` gets, alongside, where each of those
    values begins in the text (the parser's character index).

    The happy path of loading: the same events and the same rules, but no line map (on a
    large file the map costs more than the parse) and cheaper checks. For any problem at all
    it raises :class:`NeedsCarefulLoad` without saying what: the caller then runs
    :func:`load_yaml` on the same text, which finds the problem and its line. So both give
    the same value for every text this accepts, and this never decides an error message.

    The loop reads a mapping's key and value together, and checks a scalar's tag and anchor
    before anything else: each saved step counts, for millions of events.
    """
    loader = _Loader(text)
    get_event = loader.get_event
    scalar_event, seq_start, map_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
    allowed, maybe_not_text, str_tag = _ALLOWED_TAGS, _MAYBE_NOT_TEXT, "tag:yaml.org,2002:str"
    number_start, words = _NUMBER_START, _WORDS

    def scalar(event: Any) -> Any:
        if event.anchor is not None or event.tag not in allowed:
            raise NeedsCarefulLoad
        value = event.value
        if event.implicit[0] and (not value or value[0] in maybe_not_text) and event.tag != str_tag:
            try:
                return resolve_plain(value)
            except ValueError:
                raise NeedsCarefulLoad from None
        return value

    def opened(event: Any) -> Any:
        """The empty container an event starts, or None when the event starts none."""
        cls = event.__class__
        if cls is not map_start and cls is not seq_start:
            return None
        if event.anchor is not None or event.tag not in allowed:
            raise NeedsCarefulLoad
        return {} if cls is map_start else []

    try:
        if get_event().__class__ is not yaml.StreamStartEvent:  # pragma: no cover - libyaml always starts so
            raise NeedsCarefulLoad
        event: Any = get_event()
        if event.__class__ is yaml.StreamEndEvent:
            return None
        if event.__class__ is not yaml.DocumentStartEvent:  # pragma: no cover
            raise NeedsCarefulLoad
        event = get_event()
        if event.__class__ is scalar_event:
            root: Any = scalar(event)
        else:
            root = opened(event)
            if root is None:  # an alias
                raise NeedsCarefulLoad
            stack: list[Any] = [root]
            container: Any = root
            if starts is not None and root.__class__ is list:
                starts.append(event.start_mark.line + 1)
                if begins is not None:
                    begins.append(event.start_mark.index)
            else:
                starts = None
            while stack:
                event = get_event()
                cls = event.__class__
                if type(container) is dict:
                    if cls is map_end:
                        stack.pop()
                        container = stack[-1] if stack else None
                        continue
                    if cls is not scalar_event:  # a key that is a list or mapping, or an alias
                        raise NeedsCarefulLoad
                    # scalar(event), inlined for the usual key: a plain word, no tag, no anchor.
                    key = event.value
                    if event.anchor is not None or event.tag is not None or not key or not event.implicit[0] or key[0] in number_start or key in words:
                        key = scalar(event)
                        if key.__class__ is not str:
                            key = str(key) if key is not None else "null"
                    if key in container:
                        raise NeedsCarefulLoad
                    event = get_event()
                    if event.__class__ is scalar_event:
                        # scalar(event), inlined for the usual value: text or a number, no tag, no anchor.
                        value = event.value
                        if event.anchor is not None or event.tag is not None or (event.implicit[0] and (not value or value[0] in number_start or value in words)):
                            # A small plain integer (counts, paragraphs, precisions): what resolve_plain gives, sooner.
                            if value.isdigit() and value.isascii() and len(value) < 10 and (value[0] != "0" or len(value) == 1) and event.implicit[0] and event.tag is None and event.anchor is None:
                                container[key] = int(value)
                                continue
                            value = scalar(event)
                        container[key] = value
                        continue
                    child = opened(event)
                    if child is None:
                        raise NeedsCarefulLoad
                    container[key] = child
                else:
                    if cls is seq_end:
                        stack.pop()
                        container = stack[-1] if stack else None
                        continue
                    if starts is not None and container is root:  # a record starts
                        mark = event.start_mark
                        starts.append(mark.line + 1)
                        if begins is not None:
                            begins.append(mark.index)
                    if cls is scalar_event:
                        # scalar(event), inlined for the usual item: text, no tag, no anchor.
                        value = event.value
                        if event.anchor is None and event.tag is None and not (event.implicit[0] and (not value or value[0] in number_start or value in words)):
                            container.append(value)
                        else:
                            container.append(scalar(event))
                        continue
                    child = opened(event)
                    if child is None:
                        raise NeedsCarefulLoad
                    container.append(child)
                if len(stack) >= MAX_DEPTH:
                    raise NeedsCarefulLoad
                stack.append(child)
                container = child
        if get_event().__class__ is not yaml.DocumentEndEvent:  # pragma: no cover - libyaml ends what it started
            raise NeedsCarefulLoad
        if get_event().__class__ is not yaml.StreamEndEvent:  # a second document
            raise NeedsCarefulLoad
    except yaml.YAMLError:
        raise NeedsCarefulLoad from None
    finally:
        loader.dispose()
    return root


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse one YAML document strictly; return its value and where each value starts.

    Raises :class:`YamlProblem` for syntax errors and for every construct refused above.
    An empty document gives ``None``. ``first_line`` is the line of the file that ``text``
    starts on, when it is one record cut from a file: lines, in the map and in messages, are
    then the file's.
    """
    shift = first_line - 1
    try:
        return _load_yaml(text, shift)
    except YamlProblem as exc:
        if shift:
            exc.line += shift
        raise


def _load_yaml(text: str, shift: int) -> tuple[Any, LineMap]:
    """:func:`load_yaml`, with every line in the map ``shift`` lines on (those of problems are not)."""
    lines = LineMap()
    loader = _Loader(text)
    stack: list[tuple[Any, Path, list[Any]]] = []  # (container, path, [pending key, key line])
    root: Any = None
    documents = 0
    try:
        while True:
            event: Any = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem("a data file holds one YAML document; found a second '---'", _line(event))
                continue
            line = _line(event)
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(f"aliases (*{event.anchor}) are not allowed in data files; write the value out", line)
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                continue
            if getattr(event, "anchor", None) is not None:
                raise YamlProblem(f"anchors (&{event.anchor}) are not allowed in data files; write the value out", line)

            # Where does this value go?
            if stack:
                container, path, pending = stack[-1]
                if isinstance(container, dict) and not pending:
                    # This event is a key.
                    if not isinstance(event, yaml.ScalarEvent):
                        raise YamlProblem("a mapping key must be a plain value, not a list or mapping", line)
                    key = _scalar(event)
                    if not isinstance(key, str):
                        key = str(key) if key is not None else "null"
                    if key in container:
                        first = lines.lines.get(path + (key,), line + shift)
                        raise YamlProblem(f"duplicate key {key!r} (first given on line {first})", line)
                    pending.append(key)
                    continue
                if isinstance(container, dict):
                    key = pending.pop()
                    child_path = path + (key,)
                else:
                    key = len(container)
                    child_path = path + (key,)
            else:
                container, key, child_path = None, None, ()

            if isinstance(event, yaml.ScalarEvent):
                value: Any = _scalar(event)
            elif isinstance(event, yaml.SequenceStartEvent):
                if event.tag not in _ALLOWED_TAGS:
                    raise YamlProblem(f"tag {event.tag!r} is not allowed in data files", line)
                value = []
            elif isinstance(event, yaml.MappingStartEvent):
                if event.tag not in _ALLOWED_TAGS:
                    raise YamlProblem(f"tag {event.tag!r} is not allowed in data files", line)
                value = {}
            else:  # pragma: no cover - the event kinds above are exhaustive
                raise YamlProblem(f"unexpected YAML construct {type(event).__name__}", line)

            lines.lines[child_path] = line + shift
            if container is None:
                root = value
            elif isinstance(container, dict):
                container[key] = value
            else:
                container.append(value)
            if isinstance(value, (list, dict)):
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", line)
                stack.append((value, child_path, []))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or str(exc)
        if "maximum nesting depth" in problem:  # libyaml's own guard, hit before ours on deep flow nesting
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", line, syntax=True) from None
        if exc.context:
            problem = f"{exc.context}: {problem}"
        if exc.context_mark is not None and exc.problem_mark is not None and exc.context_mark.line != exc.problem_mark.line:
            problem += f" (the unfinished part starts on line {exc.context_mark.line + 1})"
        source_lines = text.splitlines()
        for candidate in (line, line - 1):
            if 0 < candidate <= len(source_lines) and "\t" in _indentation(source_lines[candidate - 1]):
                problem, line = "a tab in the indentation; YAML indents with spaces only", candidate
                break
        raise YamlProblem(f"YAML syntax error: {problem}", line, syntax=True) from None
    except yaml.YAMLError as exc:  # reader errors: bad bytes, control characters
        raise _reader_problem(text, exc) from None
    finally:
        loader.dispose()
    return root, lines
