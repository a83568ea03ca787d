"""Contract tests: the ACLED, UCDP GED, GeoJSON and Parquet files are what real tools expect.

The references are outside our code: GED's published column list and real GED rows for Idlib
Governorate (tests/fixtures/reference, UCDP data CC BY 4.0, Sundberg & Melander 2013), ACLED's
column list, and the interaction codes as ACLED's API takes them. The readers are real ones:
pandas with the patterns of public dashboards and notebooks, DuckDB, shapely.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely
from shapely.geometry import Point, shape
from typer.testing import CliRunner

from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.exports.acled import ACLED_COLUMNS
from idlibevents.exports.common import death_figures
from idlibevents.exports.flat import event_record
from idlibevents.exports.tables import TABLES
from idlibevents.exports.ucdp import UCDP_COLUMNS, ged_export, priogrid_gid
from idlibevents.location import mapping_location
from idlibevents.models import Event
from idlibevents.query import Filters, select_events
from idlibevents.rows import EventRow, row_of
from idlibevents.tally import tally_casualties

from .conftest import FIXTURES, ROOT

REFERENCE = FIXTURES / "reference"
GED_SAMPLE = REFERENCE / "ucdp-ged-idlib.csv"
#: Generous boxes around Syria and Turkey (min lon, min lat, max lon, max lat).
SYRIA = shapely.box(35.5, 32.2, 42.5, 37.4)
TURKEY = shapely.box(25.5, 35.8, 44.9, 42.2)

#: ACLED's actor types in the current codebook (inter1, inter2).
ACLED_INTER_TYPES = {"State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters", "Civilians", "External/Other forces"}
#: ACLED's interactions with the numbers its API and pre-2024 files use (the interaction codes
#: of the ACLED codebook, as the public R client for ACLED's API lists them).
ACLED_INTERACTIONS = {
    "State forces only": 10, "State forces-State forces": 11, "State forces-Rebel group": 12, "State forces-Political militia": 13,
    "State forces-Identity militia": 14, "State forces-Rioters": 15, "State forces-Protesters": 16, "State forces-Civilians": 17,
    "State forces-External/Other forces": 18, "Rebel group only": 20, "Rebel group-Rebel group": 22, "Rebel group-Political militia": 23,
    "Rebel group-Identity militia": 24, "Rebel group-Rioters": 25, "Rebel group-Protesters": 26, "Rebel group-Civilians": 27,
    "Rebel group-External/Other forces": 28, "Political militia only": 30, "Political militia-Political militia": 33,
    "Political militia-Identity militia": 34, "Political militia-Rioters": 35, "Political militia-Protesters": 36,
    "Political militia-Civilians": 37, "Political militia-External/Other forces": 38, "Identity militia only": 40,
    "Identity militia-Identity militia": 44, "Identity militia-Rioters": 45, "Identity militia-Protesters": 46,
    "Identity militia-Civilians": 47, "Identity militia-External/Other forces": 48, "Rioters only": 50, "Rioters-Rioters": 55,
    "Rioters-Protesters": 56, "Rioters-Civilians": 57, "Rioters-External/Other forces": 58, "Protesters only": 60,
    "Protesters-Protesters": 66, "Protesters-Civilians": 67, "Protesters-External/Other forces": 68, "Civilians only": 70,
    "Civilians-Civilians": 77, "External/Other forces-Civilians": 78, "External/Other forces only": 80,
    "External/Other forces-External/Other forces": 88,
}  # fmt: skip
#: ACLED's source_scale values; a row joins several with "-".
ACLED_SOURCE_SCALES = {"Local partner", "Subnational", "National", "Regional", "International", "New media", "Other"}


def all_events(dataset: Dataset) -> list[Event]:
    return select_events(dataset, Filters())


def export_file(runner: CliRunner, tmp_path: Path, fmt: str, name: str, *extra: str) -> tuple[Path, Any]:
    target = tmp_path / name
    result = runner.invoke(app, ["export", fmt, "-o", str(target), *extra])
    assert result.exit_code == 0, result.output
    return target, result


def real_ged() -> pd.DataFrame:
    return pd.read_csv(GED_SAMPLE)


# --------------------------------------------------------------------------- UCDP GED


def test_ucdp_header_is_geds_49_columns_in_geds_order(runner: CliRunner, tmp_path: Path) -> None:
    published = (REFERENCE / "ucdp-ged-columns.txt").read_text(encoding="utf-8").split()
    assert len(published) == 49
    assert list(UCDP_COLUMNS) == published
    target, _ = export_file(runner, tmp_path, "ucdp", "ged.csv")
    assert list(pd.read_csv(target, nrows=0).columns) == published
    # Every column of the real GED rows is in our file, so code written for them finds it.
    assert set(real_ged().columns) <= set(published)


def test_dashboard_usecols_and_group_bys_written_for_ged_run_on_ours(runner: CliRunner, tmp_path: Path) -> None:
    target, _ = export_file(runner, tmp_path, "ucdp", "ged.csv")
    # The column list of a public GED dashboard (conflict-dashboard, src/constants.py).
    usecols = ["id", "year", "active_year", "type_of_violence", "conflict_name", "side_a", "side_b", "where_prec", "where_coordinates",
               "latitude", "longitude", "country", "region", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
               "deaths_civilians", "deaths_unknown", "best"]  # fmt: skip
    ours = pd.read_csv(target, usecols=usecols)
    real = pd.read_csv(GED_SAMPLE, usecols=usecols)
    assert ours.dtypes.to_dict().keys() == real.dtypes.to_dict().keys()
    for column in ("type_of_violence", "best", "deaths_a", "date_prec", "where_prec", "year"):
        assert ours[column].dtype == real[column].dtype == "int64", column
    by_conflict = ours.groupby("conflict_name")["best"].sum()
    assert by_conflict.sum() == ours["best"].sum(), "no row has an empty conflict_name"
    by_side = ours.groupby(["side_a", "side_b"])["best"].sum()
    assert by_side.sum() == ours["best"].sum(), "no row has an empty side"


def test_ucdp_names_and_ids_are_those_of_real_ged_rows(runner: CliRunner, tmp_path: Path) -> None:
    target, _ = export_file(runner, tmp_path, "ucdp", "ged.csv")
    ours = pd.read_csv(target, dtype={"conflict_new_id": "Int64", "dyad_new_id": "Int64", "side_a_new_id": "Int64", "side_b_new_id": "Int64"})
    real = real_ged()
    actor_ids = dict(zip(real["side_a"], real["side_a_new_id"], strict=True)) | dict(zip(real["side_b"], real["side_b_new_id"], strict=True))
    conflicts = dict(zip(real["conflict_new_id"], real["conflict_name"], strict=True))
    dyads = dict(zip(real["dyad_new_id"], real["dyad_name"], strict=True))
    for side in ("side_a", "side_b"):
        assert ours[side].notna().all(), side
        named = ours.dropna(subset=[f"{side}_new_id"])
        assert all(actor_ids[name] == ident for name, ident in zip(named[side], named[f"{side}_new_id"], strict=True)), side
    assert set(ours["side_a"]) | set(ours["side_b"]) <= set(actor_ids), "every side is named as GED names it"
    with_ids = ours.dropna(subset=["conflict_new_id"])
    assert len(with_ids) > 0
    assert all(conflicts[c] == name for c, name in zip(with_ids["conflict_new_id"], with_ids["conflict_name"], strict=True))
    assert all(dyads[d] == name for d, name in zip(with_ids["dyad_new_id"], with_ids["dyad_name"], strict=True))
    state_based = ours[ours["type_of_violence"] == 1]
    assert set(state_based["conflict_new_id"]) == {299}
    assert set(state_based["dyad_new_id"]) == {11973}
    assert set(ours["dyad_name"]) >= {"Government of Syria - Syrian insurgents"}
    # Ids we could not source stay empty, never made up: the one-sided dyad of the Syrian state.
    one_sided_state = ours[(ours["type_of_violence"] == 3) & (ours["side_a"] == "Government of Syria")]
    assert one_sided_state["conflict_new_id"].isna().all() and one_sided_state["dyad_new_id"].isna().all()
    assert set(ours["adm_1"].dropna()) <= set(real["adm_1"])
    assert set(ours["adm_2"].dropna()) <= set(real["adm_2"].dropna())
    assert set(ours["code_status"]) == {"Clear"}
    syria = ours[ours["country"] == "Syria"]
    assert set(syria["country_id"]) == set(real["country_id"]) == {652}
    assert set(syria["region"]) == set(real["region"])
    assert set(ours["gwnoa"].dropna()) <= {652, 640}


def test_priogrid_formula_gives_the_cells_of_real_ged_rows() -> None:
    real = real_ged()
    assert [priogrid_gid(lat, lon) for lat, lon in zip(real["latitude"], real["longitude"], strict=True)] == real["priogrid_gid"].tolist()


def test_ucdp_points_dates_and_deaths_follow_the_codebook(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    target, result = export_file(runner, tmp_path, "ucdp", "ged.csv")
    frame = pd.read_csv(target)
    events = {e.id: e for e in all_events(dataset)}
    for row in frame.itertuples():
        mapped = mapping_location(dataset, events[row.relid])
        assert row.where_prec == mapped.where_prec, row.relid
        if mapped.latitude is None:
            assert pd.isna(row.latitude) and pd.isna(row.priogrid_gid)
            continue
        assert (row.latitude, row.longitude) == (mapped.latitude, mapped.longitude)
        assert shapely.from_wkt(row.geom_wkt).equals(Point(row.longitude, row.latitude))
        assert row.priogrid_gid == priogrid_gid(row.latitude, row.longitude)
        assert SYRIA.contains(Point(row.longitude, row.latitude)) or TURKEY.contains(Point(row.longitude, row.latitude))
        assert isinstance(row.where_coordinates, str) and row.where_coordinates
    start = pd.to_datetime(frame["date_start"], format="%Y-%m-%d")
    end = pd.to_datetime(frame["date_end"], format="%Y-%m-%d")
    days = (end - start).dt.days + 1
    # GED codebook: 1 the day, 2 a span of 2-6 days, 3 a week, 4 a month, 5 longer.
    expected = days.map(lambda n: 1 if n == 1 else 2 if n <= 6 else 3 if n == 7 else 4 if n <= 31 else 5)
    one_day = days == 1
    assert (frame.loc[~one_day, "date_prec"] == expected[~one_day]).all()
    assert frame.loc[one_day, "date_prec"].isin([1, 2]).all(), "a single day marked uncertain is 2"
    assert (start.dt.year == frame["year"]).all()
    sides = frame["deaths_a"] + frame["deaths_b"] + frame["deaths_civilians"] + frame["deaths_unknown"]
    assert (sides == frame["best"]).all()
    assert ((frame["low"] <= frame["best"]) & (frame["best"] <= frame["high"])).all()
    assert (frame["number_of_sources"] == frame["source_office"].str.split(";").str.len()).all()
    assert frame["relid"].is_unique and set(frame["relid"]) <= set(events)
    # Left out: counted on stderr, and their deaths are exactly what the file lacks.
    left_out = ged_export(dataset, list(events.values())).left_out
    assert len(frame) + len(left_out) == len(events)
    counts = [int(n) for n in re.findall(r"(\d+) event\(s\) are not in the UCDP file", result.stderr)]
    assert sum(counts) == len(left_out) > 0
    # Each event's deaths as counted in the whole selection (after the aggregate rule, so a toll
    # that others are part of counts only its remainder): the file lacks exactly the left-out ones'.
    whole = tally_casualties(dataset, list(events.values())).deaths
    per_event = death_figures(list(events.values()))
    assert sum(f["best"] for f in per_event.values()) == whole["best"]
    assert frame["best"].sum() + sum(per_event[i]["best"] for i in left_out) == whole["best"]


def test_our_actors_stay_reachable_through_relid(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    ged, _ = export_file(runner, tmp_path, "ucdp", "ged.csv")
    claims, _ = export_file(runner, tmp_path, "claims-csv", "claims.csv")
    events_csv, _ = export_file(runner, tmp_path, "csv", "events.csv")
    frame = pd.read_csv(ged)
    ours = pd.read_csv(events_csv).set_index("id")
    figures = pd.read_csv(claims)
    joined = frame.merge(ours, left_on="relid", right_index=True, how="left", validate="one_to_one")
    assert joined["date"].notna().all(), "every GED row finds its event, and with it our actors"
    assert joined["actors"].notna().sum() > 0
    with_sources = frame[frame["source_office"] != "Wikipedia"]
    assert set(with_sources["relid"]) <= set(figures["event_id"])


# --------------------------------------------------------------------------- ACLED


def test_acled_header_and_vocabularies_follow_the_codebook(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    published = (REFERENCE / "acled-columns.txt").read_text(encoding="utf-8").split()
    assert list(ACLED_COLUMNS) == published
    target, result = export_file(runner, tmp_path, "acled", "acled.csv")
    frame = pd.read_csv(target, keep_default_na=False, na_values=[""])
    assert list(frame.columns) == published
    assert set(frame["inter1"]) <= ACLED_INTER_TYPES
    assert set(frame["inter2"].dropna()) <= ACLED_INTER_TYPES
    assert set(frame["interaction"]) <= set(ACLED_INTERACTIONS)
    for scale in frame["source_scale"].dropna():
        assert set(scale.split("-")) <= ACLED_SOURCE_SCALES or scale in ACLED_SOURCE_SCALES, scale
    # Notebook pattern: the month from the ISO date string.
    months = frame["event_date"].map(lambda d: int(d.split("-")[1]))
    days = pd.to_datetime(frame["event_date"], format="%Y-%m-%d")
    assert (months == days.dt.month).all() and (days.dt.year == frame["year"]).all()
    # Every row is located; the events that cannot be are counted on stderr.
    assert frame["latitude"].notna().all() and frame["longitude"].notna().all()
    assert frame["geo_precision"].between(1, 3).all()
    assert all(SYRIA.contains(Point(x, y)) or TURKEY.contains(Point(x, y)) for x, y in zip(frame["longitude"], frame["latitude"], strict=True))
    unlocated = len(dataset.events) - len(frame)
    if unlocated:
        assert f"{unlocated} event(s) with no sourced point" in result.stderr
    for column in ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp"):
        assert frame[column].dtype == "int64", column


def test_acled_numeric_inter_matches_the_text_codes(runner: CliRunner, tmp_path: Path) -> None:
    text, _ = export_file(runner, tmp_path, "acled", "text.csv")
    numeric, _ = export_file(runner, tmp_path, "acled", "numeric.csv", "--acled-numeric-inter")
    words = pd.read_csv(text, keep_default_na=False)
    codes = pd.read_csv(numeric)
    assert (codes["interaction"] == words["interaction"].map(ACLED_INTERACTIONS)).all()
    assert codes["inter1"].dtype == codes["inter2"].dtype == "int64"
    assert ((codes["inter2"] == 0) == (words["inter2"] == "")).all()


def test_acled_fatalities_follow_acleds_rules_and_name_them(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    target, _ = export_file(runner, tmp_path, "acled", "acled.csv")
    frame = pd.read_csv(target, keep_default_na=False)
    located = [e for e in all_events(dataset) if e.id in set(frame["event_id_cnty"])]
    low = tally_casualties(dataset, located).deaths["low"]
    vague = frame["tags"].map(lambda tags: sum(int(n) for n in re.findall(r"rule=vague '[^']+' coded (\d+)", tags)))
    assert vague.sum() > 0, "the data has a vague death figure ACLED gives a number ('dozens')"
    assert "fatalities rule=vague 'dozens' coded 12" in " ".join(frame["tags"])
    # The most conservative figure, plus ACLED's numbers for vague words: nothing else.
    assert frame["fatalities"].sum() == low + vague.sum()
    differing = frame[frame["tags"].str.contains("most conservative")]
    assert len(differing) > 0


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_is_one_flat_feature_per_event_and_never_counts_a_death_twice(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    target, _ = export_file(runner, tmp_path, "geojson", "events.geojson")
    collection = json.loads(target.read_text(encoding="utf-8"))
    events = all_events(dataset)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert collection["metadata"]["license"] == "CC-BY-SA-4.0" and collection["metadata"]["dataset_version"]
    features = collection["features"]
    assert [f["id"] for f in features] == [e.id for e in events]
    for feature, event in zip(features, events, strict=True):
        properties = feature["properties"]
        assert all(v is None or isinstance(v, str | int | float | bool) for v in properties.values()), "flat scalar properties"
        assert json.loads(properties["record"])["id"] == event.id
        mapped = mapping_location(dataset, event)
        if mapped.latitude is None:
            assert feature["geometry"] is None
            continue
        point = shape(feature["geometry"])
        assert isinstance(point, Point) and (point.x, point.y) == (mapped.longitude, mapped.latitude)
        assert properties["place"] == mapped.place and properties["where_prec"] == mapped.where_prec
    totals = tally_casualties(dataset, events).deaths
    frame = pd.DataFrame([f["properties"] for f in features])
    assert (frame["deaths_low"].sum(), frame["deaths_best"].sum(), frame["deaths_high"].sum()) == (totals["low"], totals["best"], totals["high"])
    record = json.loads(features[0]["properties"]["record"])
    assert record == json.loads(json.dumps(event_record(dataset, events[0], record["derived"]["deaths"])))


# --------------------------------------------------------------------------- Parquet


def test_parquet_tables_read_in_duckdb_and_pandas(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    folder, result = export_file(runner, tmp_path, "parquet", "lake")
    assert "CC-BY-SA-4.0" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t.name}.parquet" for t in TABLES)
    for name in ("events", "claims", "places", "actors", "sources"):
        assert (folder / f"{name}.parquet").is_file(), name
    totals = tally_casualties(dataset, dataset.events).deaths
    events = str(folder / "events.parquet")
    assert duckdb.sql(f"select sum(deaths_low), sum(deaths_best), sum(deaths_high) from '{events}'").fetchall() == [(totals["low"], totals["best"], totals["high"])]
    claims = str(folder / "claims.parquet")
    joined = duckdb.sql(f"select count(*) from '{claims}' c join '{events}' e on c.event_id = e.id").fetchall()
    assert joined == [(dataset.claim_count,)]
    frame = pd.read_parquet(folder / "places.parquet")
    assert len(frame) == len(dataset.places.values()) and frame["latitude"].dtype == "float64"
    assert pd.read_parquet(folder / "events.parquet")["date_start"].map(type).eq(type(pd.Timestamp("2011-01-01").date())).all()
    metadata = pq.read_schema(folder / "events.parquet").metadata
    assert metadata[b"idlibevents.license"] == b"CC-BY-SA-4.0" and metadata[b"idlibevents.dataset_version"]


def test_parquet_without_pyarrow_says_how_to_install_it(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what Python does for a module that is not installed
    result = runner.invoke(app, ["export", "parquet", "-o", str(tmp_path / "lake")])
    assert result.exit_code == 1
    assert 'pip install "idlibevents[parquet]"' in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "lake").exists()


# --------------------------------------------------------------------------- writing files


@pytest.mark.parametrize(("fmt", "name"), [("csv", "x.csv"), ("ucdp", "x.csv"), ("geojson", "x.geojson"), ("sqlite", "x.db")])
def test_an_existing_file_is_replaced_only_with_force(runner: CliRunner, tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"keep me")
    refused = runner.invoke(app, ["export", fmt, "-o", str(target)])
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert target.read_bytes() == b"keep me"
    replaced = runner.invoke(app, ["export", fmt, "-o", str(target), "--force"])
    assert replaced.exit_code == 0, replaced.output
    assert target.read_bytes() != b"keep me"


def test_sqlite_never_touches_a_file_it_was_not_told_to_write(runner: CliRunner, tmp_path: Path) -> None:
    unrelated = tmp_path / "metadata.json"
    unrelated.write_text('{"mine": true}', encoding="utf-8")
    result = runner.invoke(app, ["export", "sqlite", "-o", str(tmp_path / "mine.db")])
    assert result.exit_code == 0, result.output
    assert unrelated.read_text(encoding="utf-8") == '{"mine": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json", "mine.db", "mine.metadata.json"]
    metadata = json.loads((tmp_path / "mine.metadata.json").read_text(encoding="utf-8"))
    assert "mine" in metadata["databases"] and "CC-BY-SA-4.0" in metadata["description"]
    again = runner.invoke(app, ["export", "sqlite", "-o", str(tmp_path / "mine.db")])
    assert again.exit_code == 2, "the database and its metadata exist now"


@pytest.mark.parametrize(("fmt", "name"), [("csv", "x.csv"), ("sqlite", "x.db"), ("datapackage", "pkg"), ("parquet", "lake")])
def test_a_missing_folder_is_created_only_with_mkdir(runner: CliRunner, tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / "no" / "such" / "dir" / name
    refused = runner.invoke(app, ["export", fmt, "-o", str(target)])
    assert refused.exit_code == 2
    assert "--mkdir" in refused.stderr
    assert list(tmp_path.iterdir()) == []
    made = runner.invoke(app, ["export", fmt, "-o", str(target), "--mkdir"])
    assert made.exit_code == 0, made.output
    assert target.exists()


def test_a_folder_export_refuses_to_replace_its_files_without_force(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    assert runner.invoke(app, ["export", "datapackage", "-o", str(folder)]).exit_code == 0
    before = (folder / "datapackage.json").read_bytes()
    refused = runner.invoke(app, ["export", "datapackage", "-o", str(folder), "--place", "Saraqib"])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (folder / "datapackage.json").read_bytes() == before
    assert runner.invoke(app, ["export", "datapackage", "-o", str(folder), "--force"]).exit_code == 0


# --------------------------------------------------------------------------- round trips of the deaths


def _deaths_from(fmt: str, path: Path) -> tuple[int, int, int] | int:
    if fmt in ("csv", "datapackage", "parquet", "sqlite", "json", "jsonl", "geojson"):
        if fmt == "csv":
            frame = pd.read_csv(path)
        elif fmt == "datapackage":
            frame = pd.read_csv(path / "events.csv")
        elif fmt == "parquet":
            frame = pd.read_parquet(path / "events.parquet")
        elif fmt == "sqlite":
            with sqlite3.connect(path) as connection:
                frame = pd.read_sql("select deaths_low, deaths_best, deaths_high from events", connection)
            connection.close()
        elif fmt in ("json", "jsonl"):
            frame = pd.json_normalize(pd.read_json(path, lines=True).to_dict("records")) if fmt == "jsonl" else pd.json_normalize(json.loads(path.read_text(encoding="utf-8")))
            frame = frame.rename(columns={f"derived.deaths.{k}": f"deaths_{k}" for k in ("low", "best", "high")})
        else:
            frame = pd.json_normalize([f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]])
        return int(frame["deaths_low"].sum()), int(frame["deaths_best"].sum()), int(frame["deaths_high"].sum())
    raise AssertionError(fmt)


@pytest.mark.parametrize(("fmt", "name"), [("csv", "e.csv"), ("json", "e.json"), ("jsonl", "e.jsonl"), ("geojson", "e.geojson"), ("sqlite", "e.db"), ("datapackage", "pkg"), ("parquet", "lake")])
def test_pandas_round_trip_sums_the_deaths_of_idlib_casualties(runner: CliRunner, dataset: Dataset, tmp_path: Path, fmt: str, name: str) -> None:
    for args in ([], ["--month", "2011-12"]):
        target = tmp_path / f"{len(args)}-{name}"
        result = runner.invoke(app, ["export", fmt, *args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        casualties = runner.invoke(app, ["casualties", *args, "--format", "json"])
        assert casualties.exit_code == 0, casualties.output
        deaths = json.loads(casualties.stdout)["deaths"]
        assert _deaths_from(fmt, target) == (deaths["low"], deaths["best"], deaths["high"]), (fmt, args)



@pytest.mark.parametrize(("fmt", "name"), [("csv", "e.csv"), ("acled", "a.csv"), ("ucdp", "g.csv"), ("json", "e.json")])
def test_files_without_room_for_metadata_get_the_version_and_licence_on_stderr(runner: CliRunner, tmp_path: Path, fmt: str, name: str) -> None:
    from idlibevents import __version__

    _, result = export_file(runner, tmp_path, fmt, name)
    assert f"dataset {__version__}" in result.stderr and "CC-BY-SA-4.0" in result.stderr
    piped = runner.invoke(app, ["export", fmt])
    assert "CC-BY-SA-4.0" not in piped.stdout, "the data on stdout stays clean"


def test_the_data_package_names_its_version_and_licence(runner: CliRunner, tmp_path: Path) -> None:
    from idlibevents import __version__

    folder, _ = export_file(runner, tmp_path, "datapackage", "pkg")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == __version__
    assert descriptor["licenses"][0]["name"] == "CC-BY-SA-4.0"


def _recoded(dataset: Dataset, actors: list[dict[str, str]], event_type: str, sub_event_type: str) -> tuple[Dataset, EventRow]:
    """The dataset with its first fatal event given other actors and type (a case the data lacks)."""
    base = next(e for e in dataset.events if any(c.outcome == "killed" and c.count for c in e.claims))
    # Validated as a model (so the recoding is a valid event), handed on as the row the library reads.
    event = row_of(Event.model_validate({**base.to_dict(), "actors": actors, "event_type": event_type, "sub_event_type": sub_event_type, "aggregates": []}))
    events = [event if e.id == base.id else e for e in dataset.events]
    return Dataset.build(events, dataset.places.values(), dataset.actors.values(), dataset.sources.values(), dataset.infobox), event


def test_one_sided_violence_by_the_insurgents_is_coded_as_in_real_ged(dataset: Dataset) -> None:
    rebels = next(a.id for a in dataset.actors.values() if a.side == "opposition")
    civilians = next(a.id for a in dataset.actors.values() if a.side == "civilian")
    recoded, event = _recoded(dataset, [{"actor": rebels, "role": "attacker"}, {"actor": civilians, "role": "target"}], "Violence against civilians", "Attack")
    row = ged_export(recoded, [event]).rows[0]
    real = real_ged()
    reference = real[(real["type_of_violence"] == 3) & (real["side_a"] == "Syrian insurgents")].iloc[0]
    for column in ("type_of_violence", "conflict_new_id", "conflict_name", "dyad_new_id", "dyad_name", "side_a_new_id", "side_a", "side_b_new_id", "side_b"):
        assert str(row[column]) == str(reference[column]), column


def test_violence_among_opposition_groups_is_left_out_with_its_reason(dataset: Dataset) -> None:
    rebels = [a.id for a in dataset.actors.values() if a.side == "opposition"][:2]
    recoded, event = _recoded(dataset, [{"actor": rebels[0], "role": "attacker"}, {"actor": rebels[1], "role": "target"}], "Battles", "Armed clash")
    result = ged_export(recoded, [event])
    assert result.rows == []
    assert "one GED actor" in result.left_out[event.id]


def test_the_docs_give_the_counts_of_events_left_out(dataset: Dataset) -> None:
    from idlibevents.exports.acled import acled_export
    from idlibevents.exports.ucdp import NO_DEATH, NO_GED_ID, NO_PERPETRATOR, NO_POINT

    doc = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    events = all_events(dataset)
    reasons = list(ged_export(dataset, events).left_out.values())
    ucdp = " ".join(doc.split("## ucdp", 1)[1].split("\n## ", 1)[0].split())
    assert f"fatal events ({reasons.count(NO_DEATH)} events in this release)" in ucdp
    assert f"the victims ({reasons.count(NO_PERPETRATOR)} events in this release)" in ucdp
    assert f"left empty ({reasons.count(NO_GED_ID)} events in this release" in ucdp
    assert f"{reasons.count(NO_POINT)} events in this release): every GED row has a point" in ucdp
    acled = doc.split("## acled", 1)[1].split("\n## ", 1)[0]
    assert f"({len(acled_export(dataset, events).unlocated)} events in this release)" in acled
