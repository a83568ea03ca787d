"""Hostile strings in the data reach people and spreadsheets harmlessly.

A data folder gets a place, an actor, a source and an event whose names and texts hold Rich
markup (``[bold red]``), terminal escape sequences (``ESC[31m``, an OSC title sequence ending in
BEL) and spreadsheet formulas (``=``, ``+``, ``-``, ``@``, tab, CR at the start). Every table
and detail view must print the markup literally and the control characters as visible
``\\xNN`` escapes; every CSV cell must be neutralised; JSON must carry the strings unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import idlibevents
from idlibevents.cli import app
from idlibevents.exports import flat as export
from idlibevents.exports.flat import FORMULA_PREFIXES, safe_cell, write_csv
from idlibevents.loading import DATA_FILES
from idlibevents.query import Filters, select_events

from .conftest import DATA

EVENT_ID = "2011-12-20-hostile-test-event"
PLACE_NAME = '=HYPERLINK("http://evil.example") [bold red]Hostile Place[/bold red]'
ACTOR_NAME = "+\x1b[31mRed Brigade\x1b[0m"
SOURCE_NAME = "@SUM(1) [link=http://evil.example]Evil Source[/link]"
SUMMARY = "=1+1 [bold red]Boom[/bold red] \x1b[31mred\x1b[0m \x1b]0;pwned\x07 [/] done"
LOCATION_NOTE = "\ttab-led note"
CLAIM_NOTE = "-2+3 [red]note[/red] \x1b[2J"
WORDING = "@dozens"

PLACE = f"""
- id: hostile-place
  name: {json.dumps(PLACE_NAME)}
  aliases: ["-2+3 Town", "\\tTab Town"]
  kind: town
  latitude: 35.9
  longitude: 36.7
  coordinates_source: "\\e[31mmade up for a test\\e[0m"
  within: idlib-governorate
"""
ACTOR = f"""
- id: hostile-actor
  name: {json.dumps(ACTOR_NAME)}
  side: opposition
  kind: rebel_group
  note: "[blink]note[/blink]"
"""
SOURCE = f"""
- id: hostile-source
  name: {json.dumps(SOURCE_NAME)}
  kind: activist
  alignment: unknown
"""
EVENT = f"""
- id: {EVENT_ID}
  date: '2011-12-20'
  places: [hostile-place]
  location_precision: 1
  location_note: {json.dumps(LOCATION_NOTE)}
  event_type: Battles
  sub_event_type: Armed clash
  actors:
    - {{actor: hostile-actor, role: attacker}}
  claims:
    - {{outcome: killed, group: civilians, count: null, qualifier: vague, wording: {json.dumps(WORDING)}, source: null}}
    - {{outcome: killed, group: rebels, count: 3, qualifier: exact, source: hostile-source, note: {json.dumps(CLAIM_NOTE)}}}
  summary: {json.dumps(SUMMARY)}
  article: {{section: December 2011, paragraph: 1}}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name in DATA_FILES:
        shutil.copy(DATA / name, folder / name)
    for name, extra in (("places.yaml", PLACE), ("actors.yaml", ACTOR), ("sources.yaml", SOURCE), ("events.yaml", EVENT)):
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(extra)
    idlibevents.load(folder)  # the strings are hostile, not invalid
    return folder


def run(runner: CliRunner, folder: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--data-dir", str(folder)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_inert(text: str) -> None:
    """No raw control character other than newline reached the output."""
    for char in ("\x1b", "\x07", "\r", "\t", "\x9b"):
        assert char not in text, f"raw {char!r} in output:\n{text}"


VIEWS = [
    (["query", "--place", "-2+3 Town"], ["[bold red]Hostile Place[/bold red]", "[bold red]Boom[/bold red] \\x1b[31mred\\x1b[0m", EVENT_ID]),
    (["show", EVENT_ID], ["[bold red]Boom[/bold red] \\x1b[31mred\\x1b[0m \\x1b]0;pwned\\x07 [/] done", "-2+3 [red]note[/red] \\x1b[2J", "@SUM(1) [link=http://evil.example]Evil Source[/link]", "tab-led note", "@dozens civilians killed", "\\x1b[31mRed Brigade\\x1b[0m [hostile-actor], attacker"]),
    (["casualties", "--by", "place", "--month", "2011-12"], ["[bold red]Hostile Place[/bold red]"]),
    (["casualties", "--by", "actor", "--month", "2011-12"], ["\\x1b[31mRed Brigade\\x1b[0m"]),
    (["places"], ["[bold red]Hostile Place[/bold red]", "-2+3 Town;", "Tab Town"]),
    (["actors"], ["+\\x1b[31mRed Brigade\\x1b[0m", "hostile-actor"]),
    (["sources"], ["@SUM(1) [link=http://evil.example]Evil Source[/link]"]),
    (["timeline", "--place", "Hostile Place"], ["2011-12"]),
    (["infobox"], ["Idlib"]),
]


@pytest.mark.parametrize(("args", "shown"), VIEWS, ids=[a[0] + (f" {a[1]}" if len(a) > 1 and a[0] != "show" else "") for a, _ in VIEWS])
def test_views_print_markup_and_escapes_literally(runner: CliRunner, hostile: Path, args: list[str], shown: list[str]) -> None:
    out = run(runner, hostile, *args)
    assert_inert(out)
    for text in shown:
        assert text in out, f"{text!r} not printed literally in:\n{out}"


def test_validation_messages_print_escapes_literally(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "events-hostile.yaml"
    path.write_text('- id: "\\e[31m[bold]x[/bold]"\n  colour: "\\e]0;t\\a"\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert_inert(result.stderr)
    assert "\\x1b[31m[bold]x[/bold]" in result.stderr


def test_json_carries_the_strings_unchanged(runner: CliRunner, hostile: Path) -> None:
    dataset = idlibevents.load(hostile)
    events = select_events(dataset, Filters(places=["Hostile Place"]))
    out = run(runner, hostile, "query", "--place", "Hostile Place", "--format", "json")
    assert json.loads(out) == export.event_records(dataset, events)
    assert json.loads(out)[0]["summary"] == SUMMARY


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))  # as a spreadsheet reads it: CR ends a row too


_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            # A negative number is a number to a spreadsheet, not a formula.
            assert _NUMBER.match(cell) or not cell.startswith(FORMULA_PREFIXES), f"formula-like cell {cell!r}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["query", "--place", "Hostile Place", "--format", "csv"], ["'" + SUMMARY, "'" + PLACE_NAME, "'" + LOCATION_NOTE, "'@dozens civilians killed; 3 rebels killed [hostile-source]"]),
        (["casualties", "--by", "place", "--place", "Hostile Place", "--format", "csv"], ["'" + PLACE_NAME]),
        (["casualties", "--by", "actor", "--place", "Hostile Place", "--format", "csv"], ["'" + ACTOR_NAME]),
        (["places", "--format", "csv"], ["'" + PLACE_NAME, "'-2+3 Town; \tTab Town"]),
        (["actors", "--format", "csv"], ["'" + ACTOR_NAME]),
        (["sources", "--format", "csv"], ["'" + SOURCE_NAME]),
    ],
    ids=["query", "casualties-by-place", "casualties-by-actor", "places", "actors", "sources"],
)
def test_csv_cells_cannot_run_as_formulas(runner: CliRunner, hostile: Path, args: list[str], expected: list[str]) -> None:
    rows = _cells(run(runner, hostile, *args))
    _assert_no_formula(rows)
    cells = {cell for row in rows for cell in row}
    for value in expected:
        assert value in cells, f"{value!r} not among the cells"


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_safe_cell_neutralises_each_prefix(prefix: str) -> None:
    value = prefix + "cmd|' /C calc'!A0"
    assert safe_cell(value) == "'" + value
    assert safe_cell("plain " + value) == "plain " + value
    assert safe_cell(-5) == -5  # numbers are numbers, not formulas
    assert safe_cell(None) is None


def test_write_csv_neutralises_every_column() -> None:
    rows = [{"a": p + "=x", "b": "ok", "c": 1} for p in FORMULA_PREFIXES if p != "\r"] + [{"a": "ok", "b": "@x", "c": -1}]
    rows_read = _cells(write_csv(rows, ("a", "b", "c")))
    assert len(rows_read) == len(rows) + 1
    _assert_no_formula(rows_read)


@pytest.mark.parametrize("value", ["note\r=1+1", "\r=1+1"])
def test_a_carriage_return_inside_a_cell_cannot_start_a_formula_row(value: str) -> None:
    rows_read = _cells(write_csv([{"a": "x", "b": value}], ("a", "b")))
    assert len(rows_read) == 2, rows_read
    _assert_no_formula(rows_read)


def test_to_csv_library_matches_the_cli(runner: CliRunner, hostile: Path) -> None:
    dataset = idlibevents.load(hostile)
    events = select_events(dataset, Filters(places=["Hostile Place"]))
    # click's Result.stdout shows the CSV's "\r\n" line ends as "\n".
    assert run(runner, hostile, "query", "--place", "Hostile Place", "--format", "csv") == export.to_csv(dataset, events).replace("\r\n", "\n")


@pytest.mark.parametrize("export_format", ["csv", "claims-csv", "acled", "ucdp"])
def test_every_csv_export_is_formula_safe(runner: CliRunner, hostile: Path, export_format: str) -> None:
    rows = _cells(run(runner, hostile, "export", export_format, "--place", "Hostile Place"))
    assert len(rows) >= 2, "the hostile event was exported"
    _assert_no_formula(rows)
    assert any(mark in cell for row in rows for cell in row for mark in HOSTILE_MARKS), "the hostile strings reached the export"


def test_the_data_package_tables_are_formula_safe(runner: CliRunner, hostile: Path, tmp_path: Path) -> None:
    run(runner, hostile, "export", "datapackage", "--place", "Hostile Place", "-o", str(tmp_path / "package"))
    tables = sorted((tmp_path / "package").rglob("*.csv"))
    assert tables
    cells = []
    for table in tables:
        rows = _cells(table.read_text(encoding="utf-8"))
        _assert_no_formula(rows)
        cells += [cell for row in rows for cell in row]
    assert any(mark in cell for cell in cells for mark in HOSTILE_MARKS)


#: Fragments of the hostile strings, one of which each export must carry (neutralised).
HOSTILE_MARKS = ("[bold red]", "[red]note", "Red Brigade", "@dozens", "Evil Source")
