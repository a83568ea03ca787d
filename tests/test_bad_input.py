"""Hostile and broken data files that cannot be static fixtures: huge, unreadable, not files,
and the ones whose point is a bound on time or memory.

Each must be reported as a problem naming the file (and line), exit 1 through the CLI, and
never raise: the static cases live in fixtures/invalid/ and are walked by test_fixtures.py.
"""

from __future__ import annotations

import os
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from idlibevents import checker, loading, yamlsafe
from idlibevents.cli import app
from idlibevents.loading import load_file, max_file_bytes
from idlibevents.yamlsafe import MAX_DEPTH, YamlProblem, load_yaml

from .conftest import FIXTURES

MINIMAL = (FIXTURES / "valid" / "events-minimal.yaml").read_text(encoding="utf-8")


def _validate(runner: CliRunner, path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stderr


def _only_problem(path: Path) -> tuple[int, str]:
    loaded = load_file(path, "events.yaml")
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    assert problem.file.endswith(path.name)
    return problem.line, problem.message


# --------------------------------------------------------------------------- anchors, aliases


def billion_laughs(levels: int = 9) -> str:
    lines = ["- summary: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefghij", "bcdefghijk"[: levels - 1], strict=False):
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "events-laughs.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    try:
        line, message = _only_problem(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (line, message) == (1, "anchors (&a) are not allowed in data files; write the value out")
    # Expanded, the document holds 9**9 strings (gigabytes); refused at the first anchor, it takes a few MB.
    # (No time bound: speed is measured in bench/, and a busy machine must not fail a test.)
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes"


def test_an_alias_alone_is_refused_by_line(tmp_path: Path) -> None:
    path = tmp_path / "events-alias.yaml"
    path.write_text(MINIMAL.replace("summary: A test event in Saraqib.", "summary: *nowhere"), encoding="utf-8")
    assert _only_problem(path) == (12, "aliases (*nowhere) are not allowed in data files; write the value out")


# --------------------------------------------------------------------------- nesting


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("flow-lists-10k", "[" * 10_000 + "]" * 10_000),
        ("flow-lists-1m", "[" * 1_000_000 + "]" * 1_000_000),
        ("flow-maps-10k", "{a: " * 10_000 + "1" + "}" * 10_000),
        ("block-lists-100k", "- " * 100_000 + "x"),
        ("block-maps-3k", "".join(" " * i + "a:\n" for i in range(3_000))),
    ],
)
@pytest.mark.parametrize("parser", ["C", "pure-Python"])
def test_deep_nesting_is_refused_without_recursion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, parser: str) -> None:
    if parser == "pure-Python":
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:  # pragma: no cover - depends on the PyYAML build
        pytest.skip("PyYAML built without libyaml")
    path = tmp_path / f"events-{name}.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    line, message = _only_problem(path)
    assert message == f"nesting deeper than {MAX_DEPTH} levels"
    assert line <= MAX_DEPTH + 2


def test_deep_nesting_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "events-deep.yaml"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    code, stderr = _validate(runner, path)
    assert code == 1
    assert f"events-deep.yaml:1: nesting deeper than {MAX_DEPTH} levels" in stderr


# --------------------------------------------------------------------------- size


def test_a_200_mb_file_is_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "events-huge.yaml"
    with path.open("wb") as handle:  # sparse: no 200 MB written to disk
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        line, message = _only_problem(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert line == 1
    assert message == "file is 200 MB, over the 192 MB limit (set IDLIB_MAX_FILE_MB to raise it)"
    assert peak < 1024 * 1024, "the file was read"


def test_the_size_limit_follows_the_environment(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events-big.yaml"
    path.write_text(MINIMAL + "# padding\n" * 300, encoding="utf-8")
    monkeypatch.setenv("IDLIB_MAX_FILE_MB", "0.001")  # about 1 KB
    code, stderr = _validate(runner, path)
    assert code == 1
    assert "events-big.yaml:1: file is 3.4 KB, over the 1 KB limit (set IDLIB_MAX_FILE_MB to raise it)" in stderr


@pytest.mark.parametrize("value", ["abc", "inf", "nan", "-5", "0", ""])
def test_a_meaningless_size_limit_falls_back_to_the_default(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("IDLIB_MAX_FILE_MB", value)
    assert max_file_bytes() == loading.DEFAULT_MAX_FILE_MB * 1024 * 1024


# --------------------------------------------------------------------------- not a readable file


def test_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    code, stderr = _validate(runner, tmp_path / "events-missing.yaml")
    assert code == 1
    assert "events-missing.yaml:1: file not found" in stderr


def test_a_directory_in_place_of_a_file(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "events-folder.yaml"
    folder.mkdir()
    code, stderr = _validate(runner, folder)
    assert code == 1
    assert "events-folder.yaml:1: is a directory, expected a YAML file" in stderr


def test_a_data_folder_with_a_directory_for_events(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "events.yaml").mkdir()
    result = runner.invoke(app, ["validate", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "events.yaml:1: is a directory, expected a YAML file" in result.stderr
    assert "places.yaml:1: file not found" in result.stderr


def test_an_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "events-secret.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user can read a file with no permissions (root)")
        code, stderr = _validate(runner, path)
    finally:
        path.chmod(0o644)
    assert code == 1
    assert "events-secret.yaml:1: permission denied: cannot read the file" in stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_opened(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "events-pipe.yaml"
    os.mkfifo(path)  # opening it for reading would block for ever
    code, stderr = _validate(runner, path)
    assert code == 1
    assert "events-pipe.yaml:1: is not a regular file (a device, pipe or socket), expected a YAML file" in stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_an_endless_device_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "events-zero.yaml"
    path.symlink_to("/dev/zero")
    assert _only_problem(path) == (1, "is not a regular file (a device, pipe or socket), expected a YAML file")


# --------------------------------------------------------------------------- content


def test_a_python_tag_is_never_executed(runner: CliRunner, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "events-apply.yaml"
    path.write_text(f"- !!python/object/apply:builtins.open [{str(marker)!r}, w]\n", encoding="utf-8")
    code, stderr = _validate(runner, path)
    assert code == 1
    assert "events-apply.yaml:1: tag 'tag:yaml.org,2002:python/object/apply:builtins.open' is not allowed in data files" in stderr
    assert not marker.exists()


@pytest.mark.parametrize(("content", "message"), [(b"", "file is empty"), (b"   \n\n", "file is empty"), (b"---\n", "file is empty")])
def test_empty_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "events-empty.yaml"
    path.write_bytes(content)
    line, got = _only_problem(path)
    assert line == 1
    assert got.startswith(message)


def test_utf16_is_reported_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "events-utf16.yaml"
    path.write_bytes(MINIMAL.encode("utf-16"))
    line, message = _only_problem(path)
    assert line == 1
    assert message.startswith("not valid UTF-8 (byte 0xff at offset 0)")


def test_a_nul_byte_is_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "events-nul.yaml"
    path.write_bytes(MINIMAL.replace("A test event", "A test\x00 event").encode())
    assert _only_problem(path) == (12, "contains a NUL byte; data files are text")


def test_a_hostile_id_does_not_flood_the_report(tmp_path: Path) -> None:
    path = tmp_path / "events-long-id.yaml"
    path.write_text("- id: " + "x" * 1_000_000 + "\n", encoding="utf-8")
    loaded = load_file(path, "events.yaml")
    assert loaded.problems
    assert all(len(str(p)) < 400 for p in loaded.problems)


def test_crlf_line_numbers_match_lf(tmp_path: Path) -> None:
    body = MINIMAL.replace("location_precision: 1", "location_precision: 9")
    lf, crlf = tmp_path / "events-lf.yaml", tmp_path / "events-crlf.yaml"
    lf.write_bytes(body.encode())
    crlf.write_bytes(body.replace("\n", "\r\n").encode())
    assert _only_problem(lf)[0] == _only_problem(crlf)[0] == 5


def test_load_yaml_raises_only_yaml_problem_for_a_reader_error() -> None:
    with pytest.raises(YamlProblem) as info:
        load_yaml("- a\n- b\x1b[31m\n")
    assert info.value.line == 2
    assert "U+001B" in info.value.message


def test_check_never_raises_for_a_folder_of_junk(tmp_path: Path) -> None:
    for name, content in {"events.yaml": b"\xff\xfe", "places.yaml": b"[", "actors.yaml": b"{}", "sources.yaml": b"- 1", "infobox.yaml": b"!!binary x"}.items():
        (tmp_path / name).write_bytes(content)
    result, dataset = checker.check(tmp_path)
    assert dataset is None
    assert {Path(p.file).name for p in result.problems} == {"events.yaml", "places.yaml", "actors.yaml", "sources.yaml", "infobox.yaml"}


def test_the_recursion_limit_is_untouched() -> None:
    # The loader is iterative; nothing here should have needed a deeper stack.
    assert sys.getrecursionlimit() <= 10_000
