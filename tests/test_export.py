"""idlib export: every format round-trips where it can carry the data, and real consumers accept it.

The consumers are the tools analysts use, not our own readers: pandas for the ACLED and UCDP
CSVs, shapely for the GeoJSON, Datasette's own client for the SQLite database, and the
Frictionless validator for the data package.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import resource
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import shapely
import shapely.wkt
from datasette.app import Datasette
from frictionless import validate
from typer.testing import CliRunner

from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.exports import flat as export
from idlibevents.exports.acled import ACLED_COLUMNS, to_acled_csv
from idlibevents.exports.datapackage import read_datapackage, write_datapackage
from idlibevents.exports.geojson import GEOJSON_PROPERTIES
from idlibevents.exports.sqlite import build_database, read_database
from idlibevents.exports.tables import TABLES
from idlibevents.exports.ucdp import UCDP_COLUMNS, to_ucdp_csv
from idlibevents.models import Event
from idlibevents.query import Filters, select_events
from idlibevents.rows import row_of
from idlibevents.tally import tally_casualties

from .conftest import ROOT

#: Generous boxes around Syria and Turkey (min lon, min lat, max lon, max lat).
SYRIA = shapely.box(35.5, 32.2, 42.5, 37.4)
TURKEY = shapely.box(25.5, 35.8, 44.9, 42.2)


def all_events(dataset: Dataset) -> list[Event]:
    """The events in export order (what `idlib export` writes without filters)."""
    return select_events(dataset, Filters())


def cli_export(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result


# --------------------------------------------------------------------------- round trips


def test_csv_and_claims_csv_round_trip_to_the_same_events(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    events_csv, claims_csv = tmp_path / "events.csv", tmp_path / "claims.csv"
    cli_export(runner, "csv", "-o", str(events_csv))
    cli_export(runner, "claims-csv", "-o", str(claims_csv))
    back = export.events_from_csv(events_csv.read_text(encoding="utf-8"), claims_csv.read_text(encoding="utf-8"))
    expected = all_events(dataset)
    assert [row_of(e) for e in back] == expected
    assert sum(len(e.claims) for e in back) == dataset.claim_count
    assert [tuple(e.places) for e in back] == [e.places for e in expected]
    kinds = [row["kind"] for row in csv.DictReader(io.StringIO(claims_csv.read_text(encoding="utf-8")))]
    assert kinds.count("claim") == dataset.claim_count
    assert kinds.count("quantity") == sum(len(e.quantities) for e in dataset.events)


def test_json_and_jsonl_equal_the_library(runner: CliRunner, dataset: Dataset) -> None:
    events = select_events(dataset, Filters(month="2011-12"))
    expected = export.event_records(dataset, events)
    result = cli_export(runner, "json", "--month", "2011-12")
    assert result.stdout == export.to_json(expected)
    assert json.loads(result.stdout) == expected
    lines = cli_export(runner, "jsonl", "--month", "2011-12").stdout.splitlines()
    assert [json.loads(line) for line in lines] == expected


def test_sqlite_round_trips_and_keeps_its_promises(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    db = tmp_path / "idlib.db"
    result = cli_export(runner, "sqlite", "-o", str(db))
    assert "datasette" in result.stderr
    assert (tmp_path / "idlib.metadata.json").is_file(), "Datasette's metadata is named after the database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["idlib.db", "idlib.metadata.json"]
    records = read_database(db)
    assert [row_of(e) for e in records.events] == all_events(dataset)
    assert [row_of(p) for p in records.places] == dataset.places.values()
    assert [row_of(a) for a in records.actors] == dataset.actors.values()
    assert [row_of(s) for s in records.sources] == dataset.sources.values()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("select count(*) from claims").fetchone() == (dataset.claim_count,)
        declared = {row[2] for row in connection.execute("PRAGMA foreign_key_list(claims)")}
        assert declared == {"events", "sources"}
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("insert into claims (event_id, claim_index, outcome, \"group\", qualifier, unverified) values ('x', 0, 'tickled', 'civilians', 'exact', 0)")
    connection.close()


def test_build_database_keeps_the_old_file_when_it_fails(dataset: Dataset, tmp_path: Path) -> None:
    db = tmp_path / "idlib.db"
    db.write_bytes(b"old database")
    broken = dataset.events[0]._replace(places=("no-such-place",))
    bad = Dataset.build([broken], dataset.places.values(), dataset.actors.values(), dataset.sources.values(), dataset.infobox)
    with pytest.raises(sqlite3.IntegrityError):
        build_database(bad, db)
    assert db.read_bytes() == b"old database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["idlib.db"]


def test_datapackage_round_trips(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    folder = tmp_path / "package"
    cli_export(runner, "datapackage", "-o", str(folder))
    records = read_datapackage(folder)
    assert [row_of(e) for e in records.events] == all_events(dataset)
    assert [row_of(p) for p in records.places] == dataset.places.values()
    assert [row_of(a) for a in records.actors] == dataset.actors.values()
    assert [row_of(s) for s in records.sources] == dataset.sources.values()


def test_filtered_exports_hold_only_the_selection(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    chosen = select_events(dataset, Filters(places=["Saraqib"]))
    assert 0 < len(chosen) < len(dataset.events)
    cli_export(runner, "sqlite", "--place", "Saraqib", "-o", str(tmp_path / "s.db"))
    assert [row_of(e) for e in read_database(tmp_path / "s.db").events] == chosen
    cli_export(runner, "datapackage", "--place", "Saraqib", "-o", str(tmp_path / "pkg"))
    assert [row_of(e) for e in read_datapackage(tmp_path / "pkg").events] == chosen
    assert validate(str(tmp_path / "pkg" / "datapackage.json")).valid


# --------------------------------------------------------------------------- formula injection


def _hostile(dataset: Dataset) -> Dataset:
    """The dataset with text fields (and a source name) that a spreadsheet would run as formulas."""
    first = dataset.events[0]
    # The second event has a named organised actor, so that it is in the UCDP file too.
    second = next(
        e
        for e in dataset.events[1:]
        if e.claims and e.claims[0].source and e.places[0] != first.places[0] and any(dataset.actors[a.actor].side == "government" for a in e.actors)
    )
    claim = second.claims[0]._replace(note="=HYPERLINK(\"http://example.com\")")
    events = [
        first._replace(summary="=1+2", location_note="-2+3"),
        second._replace(summary="'=already quoted", location_note="+cmd|' /C calc'!A0", claims=(claim, *second.claims[1:])),
        *[e for e in dataset.events if e.id not in (first.id, second.id)],
    ]
    sources = [s._replace(name="@SUM(1)") if s.id == claim.source else s for s in dataset.sources.values()]
    return Dataset.build(events, dataset.places.values(), dataset.actors.values(), sources, dataset.infobox)


def _cells(text: str) -> Iterator[str]:
    for row in csv.reader(io.StringIO(text)):
        yield from row


@pytest.mark.parametrize("fmt", ["csv", "claims-csv", "acled", "ucdp"])
def test_no_csv_cell_starts_like_a_formula(dataset: Dataset, fmt: str) -> None:
    hostile = _hostile(dataset)
    events = hostile.events[:2]
    text = {
        "csv": lambda: export.to_csv(hostile, events),
        "claims-csv": lambda: export.to_claims_csv(hostile, events),
        "acled": lambda: to_acled_csv(hostile, events),
        "ucdp": lambda: to_ucdp_csv(hostile, events, fatal_only=False)[0],
    }[fmt]()
    markers = {"csv": ["'=1+2", "'-2+3", "''=already quoted"], "claims-csv": ["'=HYPERLINK", "'@SUM(1)"], "acled": ["'=1+2", "'@SUM(1)"], "ucdp": ["@SUM(1)"]}  # GED joins sources with ";"
    for marker in markers[fmt]:
        assert marker in text, marker
    bad = [cell for cell in _cells(text) if cell.startswith(export.FORMULA_PREFIXES)]
    assert bad == []


def test_formula_safe_cells_still_round_trip(dataset: Dataset, tmp_path: Path) -> None:
    hostile = _hostile(dataset)
    events = hostile.events
    assert [row_of(e) for e in export.events_from_csv(export.to_csv(hostile, events), export.to_claims_csv(hostile, events))] == events
    write_datapackage(hostile, tmp_path / "pkg")
    package_csv = (tmp_path / "pkg" / "events.csv").read_text(encoding="utf-8")
    assert not [cell for cell in _cells(package_csv) if cell.startswith(export.FORMULA_PREFIXES)]
    assert [row_of(e) for e in read_datapackage(tmp_path / "pkg").events] == events
    assert validate(str(tmp_path / "pkg" / "datapackage.json")).valid


def test_safe_cell_is_reversible() -> None:
    for text in ["=1", "'=1", "''=1", "'plain", "plain", "-", "'", "@x", "\tx", ""]:
        assert export.restore_cell(export.safe_cell(text)) == text
        assert not export.safe_cell(text).startswith(export.FORMULA_PREFIXES)


# --------------------------------------------------------------------------- CLI behaviour


def test_unknown_format_and_bad_usage_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    unknown = runner.invoke(app, ["export", "xlsx"])
    assert unknown.exit_code == 2
    assert "xlsx" in unknown.stderr
    assert runner.invoke(app, ["export", "sqlite"]).exit_code == 2
    assert runner.invoke(app, ["export", "datapackage", "-o", "-"]).exit_code == 2
    assert runner.invoke(app, ["export", "csv", "--metadata", str(tmp_path / "m.json")]).exit_code == 2
    assert runner.invoke(app, ["export", "ucdp", "--acled-numeric-inter"]).exit_code == 2
    assert runner.invoke(app, ["export", "parquet"]).exit_code == 2, "parquet writes a folder: -o is needed"
    bad_filter = runner.invoke(app, ["export", "csv", "--place", "Atlantis", "-o", str(tmp_path / "x.csv")])
    assert bad_filter.exit_code == 2
    assert "--place" in bad_filter.stderr
    assert not (tmp_path / "x.csv").exists()


def test_dash_and_no_output_print_to_stdout(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    # Raw bytes: click's Result.stdout turns the CSV's RFC 4180 "\r\n" into "\n".
    plain = cli_export(runner, "acled", "--month", "2012-02").stdout_bytes.decode("utf-8")
    dash = cli_export(runner, "acled", "--month", "2012-02", "-o", "-").stdout_bytes.decode("utf-8")
    assert plain == dash == to_acled_csv(dataset, select_events(dataset, Filters(month="2012-02")))
    target = tmp_path / "sub" / "acled.csv"
    written = cli_export(runner, "acled", "--month", "2012-02", "-o", str(target), "--mkdir")
    assert written.stdout == ""
    assert target.read_bytes().decode("utf-8") == plain


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Let no file grow past ``limit`` bytes (a real write failure: EFBIG; Python ignores SIGXFSZ)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@pytest.mark.parametrize(("fmt", "name"), [("csv", "events.csv"), ("geojson", "events.geojson"), ("sqlite", "idlib.db")])
def test_output_is_written_atomically(runner: CliRunner, tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"the old file")
    with file_size_limit(4096):
        failed = runner.invoke(app, ["export", fmt, "-o", str(target), "--force"])
    assert failed.exit_code == 1, failed.output
    assert "could not write" in failed.stderr
    assert target.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name], "no temporary file is left behind"
    cli_export(runner, fmt, "-o", str(target), "--force")
    assert target.read_bytes() != b"the old file"


def test_empty_selection_is_reported_and_still_valid(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "json", "--since", "2011-06-01", "--until", "2011-06-01", "--exact-dates", "--text", "zzzz"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "no events match" in result.stderr


# --------------------------------------------------------------------------- consumers


def test_datapackage_passes_frictionless_and_frictionless_really_checks(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "package"
    cli_export(runner, "datapackage", "-o", str(folder))
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-SA-4.0"
    assert "wikipedia.org" in descriptor["sources"][0]["path"]
    assert {r["name"] for r in descriptor["resources"]} == {t.name for t in TABLES}
    # Break one reference: the validator must notice, or the check above proves nothing.
    places = folder / "event_places.csv"
    rows = list(csv.reader(io.StringIO(places.read_text(encoding="utf-8"))))
    rows[1][2] = "atlantis"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    places.write_text(buffer.getvalue(), encoding="utf-8")
    broken = validate(str(folder / "datapackage.json"))
    assert not broken.valid
    assert "foreign-key" in {error[0] for error in broken.flatten(["type"])}


def test_datasette_serves_the_database(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    db = tmp_path / "idlib.db"
    cli_export(runner, "sqlite", "-o", str(db))
    metadata = json.loads((tmp_path / "idlib.metadata.json").read_text(encoding="utf-8"))

    async def ask() -> dict[str, Any]:
        datasette = Datasette([str(db)], metadata=metadata)
        await datasette.invoke_startup()
        answers: dict[str, Any] = {}
        for key, url in {
            "search": "/idlib/events.json?_search=Saraqib&_shape=array",
            "months": "/idlib/deaths_by_month.json?_shape=array",
            "claims": "/idlib/claims.json?source_id=sohr&_shape=array&_size=max",
            "database": "/idlib.json",
            "metadata": "/-/metadata.json",
        }.items():
            response = await datasette.client.get(url)
            assert response.status_code == 200, (url, response.text[:300])
            answers[key] = response.json()
        for database in datasette.databases.values():
            database.close()
        return answers

    answers = asyncio.run(ask())
    found = {row["id"] for row in answers["search"]}
    assert found and found == {e.id for e in dataset.events if "saraqib" in e.summary.lower()}
    assert sum(row["best"] for row in answers["months"]) == tally_casualties(dataset, dataset.events).deaths["best"]
    assert len(answers["claims"]) == sum(1 for e in dataset.events for c in e.claims if c.source == "sohr")
    tables = {t["name"] for t in answers["database"]["tables"] if not t["hidden"]}
    assert tables == {t.name for t in TABLES}
    described = answers["metadata"]["databases"]["idlib"]["tables"]
    with sqlite3.connect(db) as connection:
        for table in TABLES:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')]
            assert set(described[table.name]["columns"]) == set(columns), table.name
            assert all(described[table.name]["columns"].values())
    connection.close()


def test_exports_doc_describes_every_format_and_table() -> None:
    doc = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for fmt in ("csv", "claims-csv", "acled", "ucdp", "geojson", "sqlite", "datapackage", "parquet", "json", "jsonl"):
        assert f"idlib export {fmt}" in doc, fmt
    for column in (*ACLED_COLUMNS, *UCDP_COLUMNS, *export.CSV_COLUMNS, *export.CLAIM_COLUMNS, *GEOJSON_PROPERTIES, *(c.name for t in TABLES for c in t.columns)):
        assert f"`{column}`" in doc, column
    for table in TABLES:
        assert f"`{table.name}`" in doc, table.name


def test_api_doc_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    assert len(blocks) >= 6
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(blocks), "docs/api.md", "exec"), namespace)
    assert "events," in capsys.readouterr().out
    assert (tmp_path / "idlib.db").is_file()
    assert (tmp_path / "idlib-package" / "datapackage.json").is_file()
