"""Reading a file in pieces (one process each) gives exactly what reading it whole gives.

A large list file is cut at its top-level ``- `` lines and each piece is parsed and validated
in a process of its own (:mod:`idlibevents.loading`); a problem's line is worked out from where
its record starts, parsing that record again when a deeper path needs one
(:class:`~idlibevents.loading.RecordLines`). Both are shortcuts, so both are checked here
against the slow, plain way on every fixture, on the shipped data and on files made broken in
many ways: the same records, the same problems with the same lines and messages.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from idlibevents import loading
from idlibevents.loading import LoadedFile, RecordLines, kind_of, load_file
from idlibevents.yamlsafe import NeedsCarefulLoad, YamlProblem, load_yaml, load_yaml_fast

from .conftest import DATA, FIXTURES

FIXTURE_FILES = sorted((FIXTURES / "valid").glob("*.yaml")) + sorted((FIXTURES / "invalid").glob("*.yaml"))
DATA_FILES = sorted(DATA.glob("*.yaml"))


def _outcome(loaded: LoadedFile) -> tuple[list[object], list[tuple[int | str, ...]], list[tuple[object, ...]]]:
    problems = sorted((p.line, p.path, p.message, p.record or "") for p in loaded.problems)
    return loaded.records, loaded.record_paths, problems  # type: ignore[return-value]


def _whole(path: Path, monkeypatch: pytest.MonkeyPatch) -> LoadedFile:
    """The plain way: one piece, and every line from a line map of the whole file."""
    with monkeypatch.context() as patch:
        patch.setattr(loading, "PARALLEL_MIN_BYTES", 1 << 62)
        patch.setattr(loading, "RecordLines", _WholeLines)
        return load_file(path, kind_of(path) or "events.yaml")


class _WholeLines:
    """Stands in for RecordLines: lines from the whole file parsed with the line-recording loader."""

    def __init__(self, text: str, starts: list[int], begins: list[int] | None = None) -> None:
        self._map = load_yaml(text)[1]

    def line_of(self, path: tuple[int | str, ...]) -> int:
        return self._map.line_of(path)


def _in_pieces(path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> LoadedFile:
    with monkeypatch.context() as patch:
        patch.setattr(loading, "PARALLEL_MIN_BYTES", 0)
        patch.setenv(loading.ENV_JOBS, str(jobs))
        return load_file(path, kind_of(path) or "events.yaml")


@pytest.mark.parametrize("path", FIXTURE_FILES + DATA_FILES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURE_FILES + DATA_FILES])
def test_pieces_and_record_lines_agree_with_the_whole_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _outcome(_whole(path, monkeypatch))
    for jobs in (1, 2, 3):
        assert _outcome(_in_pieces(path, monkeypatch, jobs)) == expected, jobs


def _break(text: str, rng: random.Random) -> str:
    """The shipped events with one to three things wrong, each in a random record."""
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if line.startswith("- id:")]
    for _ in range(rng.randint(1, 3)):
        n = rng.choice(starts)
        k = rng.randrange(n + 1, min(n + 12, len(lines)))
        kind = rng.randrange(11)
        if kind == 0:  # a bad value deep in the record
            lines[k] = lines[k].replace("count: ", "count: -", 1) if "count: " in lines[k] else lines[k] + "  # x"
        elif kind == 1:  # an unknown field
            lines.insert(n + 1, "  colour: red")
        elif kind == 2:  # a field missing
            if lines[n + 1].startswith("  date:"):
                del lines[n + 1]
        elif kind == 3:  # a duplicate id
            lines[n] = lines[starts[0]]
        elif kind == 4:  # a duplicate key
            lines.insert(n + 1, "  unverified: true\n  unverified: false")
        elif kind == 5:  # an anchor
            lines[n] = lines[n].replace("- id: ", "- id: &a ", 1)
        elif kind == 6:  # a YAML syntax error
            lines.insert(k, "  summary: [unclosed")
        elif kind == 7:  # a record that is not a mapping
            lines.insert(n, "- just text")
        elif kind == 8:  # an id on the line after the dash
            lines[n] = "-\n  id: " + lines[n][len("- id: ") :]
        elif kind == 9:  # an unknown place
            lines[k] = lines[k].replace("places: [", "places: [nowhere, ", 1)
        else:  # comments and blank lines between records
            lines.insert(n, "# a comment\n\n  # an indented one\n")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(12))
def test_pieces_agree_on_broken_files(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    text = _break((DATA / "events.yaml").read_text(encoding="utf-8"), rng)
    if seed % 3 == 0:
        text = text.replace("\n", "\r\n")
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    expected = _outcome(_whole(path, monkeypatch))
    for jobs in (2, 4):
        assert _outcome(_in_pieces(path, monkeypatch, jobs)) == expected, jobs


def test_record_lines_give_every_line_of_the_whole_map() -> None:
    for path in [*DATA_FILES, *FIXTURE_FILES]:
        text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        try:
            whole = load_yaml(text)[1]
            starts: list[int] = []
            load_yaml_fast(text, starts)
        except (YamlProblem, NeedsCarefulLoad):  # files that do not parse have no lines to compare
            continue
        if not starts:
            continue
        begins: list[int] = []
        load_yaml_fast(text, [], begins)
        for lines in (RecordLines(text, starts), RecordLines(text, starts, begins)):  # from a scan of the text, and from the parser's marks
            for where in whole.lines:
                assert lines.line_of(where) == whole.line_of(where), (path.name, where)
            assert lines.line_of((0, "no-such-field")) == whole.line_of((0, "no-such-field"))


def test_a_cut_inside_a_quoted_scalar_falls_back_to_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A double-quoted scalar may go on at column 0 with '- ': cut there, the first piece does
    # not parse, and the file is read whole, giving the one record the whole parse gives.
    text = (DATA / "events.yaml").read_text(encoding="utf-8")
    first = text.index("  summary: ", text.index("- id:"))
    end = text.index("\n", first)
    text = text[:first] + '  summary: "one\n- two"' + text[end:]
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    whole = _whole(path, monkeypatch)
    cut = text.index("\n- two") + 1
    monkeypatch.setattr(loading, "cut_points", lambda text, pieces: [0, cut])
    assert _outcome(_in_pieces(path, monkeypatch, 2)) == _outcome(whole)
    assert any(getattr(r, "summary", None) == "one - two" for r in whole.records)


def test_a_large_list_file_is_read_by_more_than_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[int] = []
    real = loading._in_child

    def counted(*args: object) -> tuple[int, int]:
        forks.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "_in_child", counted)
    loaded = _in_pieces(DATA / "events.yaml", monkeypatch, 3)
    assert len(forks) == 2 and not loaded.problems
    assert [p[0] for p in loaded.record_paths] == list(range(len(loaded.records)))


@pytest.mark.parametrize(
    "text",
    [
        "a: [~, null, Null, NULL, true, True, false, FALSE, 012, .5, .NaN, +1, -0, 1e3, 'true', \"1\", nope, tiny, faux, ~x, Nullx]",
        "- [1, '1', ~, t, T, n, .inf, -.inf, +.5, 3., 00, 0, 007, 123456789, 1234567890, ٣]\n- {n: 1, note: x, 'true': 2, t: ~}",
        "- {count: 4, paragraph: 12, location_precision: 0, summary: The tanks, role: target, group: fighters}",
    ],
)
def test_the_fast_loader_gives_the_careful_loaders_values_and_types(text: str) -> None:
    # The fast loader skips resolve_plain for scalars that can only be text, and reads small
    # integers itself: repr() tells 1 from 1.0 and True from 1, which == does not.
    assert repr(load_yaml_fast(text)) == repr(load_yaml(text)[0])


@pytest.mark.parametrize("brk", ["\r", "\x85", "\u2028", "\u2029"])
def test_record_lines_agree_with_the_whole_map_around_other_line_breaks(brk: str) -> None:
    # A lone CR, NEL, LS or PS is a line break to the parser but not to a search for "\n": a
    # record's line must still be the whole parse's, wherever such a break is.
    text = (DATA / "events.yaml").read_text(encoding="utf-8")
    records = [m.start() for m in re.finditer(r"\n- ", text)]
    for at in records[3:-1:7]:  # some line breaks just before a record's "- "
        text = text[:at] + brk + text[at + 1 :]
    try:
        whole = load_yaml(text)[1]
        starts: list[int] = []
        begins: list[int] = []
        load_yaml_fast(text, starts, begins)
    except (YamlProblem, NeedsCarefulLoad):
        pytest.skip("the fast loader leaves such a text to the careful one")
    lines = RecordLines(text, starts, begins)
    for where in whole.lines:
        assert lines.line_of(where) == whole.line_of(where), where
