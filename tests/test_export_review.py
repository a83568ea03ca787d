"""Scripts written for real GED and ACLED files, run on ours: group-bys, units, points, names.

Each test reads the exported file as an analyst's script would (pandas, DuckDB) and checks a
property the real files have: every GED row has its ids and a point, so group-bys on the id
columns sum to the file's total; the administrative units are those of the point the row is
drawn at; ACLED's vague fatality words get ACLED's numbers; every ACLED row names a source.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from idlibevents import __version__
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.exports.acled import vague_fatalities
from idlibevents.exports.tables import LICENCE
from idlibevents.exports.ucdp import NO_GED_ID, NO_POINT, ged_export, where_coordinates
from idlibevents.location import mapping_location
from idlibevents.tally import adjusted_figures
from idlibevents.vocab import FATAL_OUTCOMES

from .test_export_contracts import ACLED_SOURCE_SCALES, GED_SAMPLE, _recoded, all_events, export_file, real_ged

ID_COLUMNS = ("conflict_new_id", "dyad_new_id", "side_a_new_id", "side_b_new_id")


def _ged(runner: CliRunner, tmp_path: Path) -> tuple[pd.DataFrame, str, Path]:
    target, result = export_file(runner, tmp_path, "ucdp", "ged.csv")
    return pd.read_csv(target), result.stderr, target


# --------------------------------------------------------------------------- 1. ids


def test_group_bys_on_every_ged_id_column_sum_to_the_files_total(runner: CliRunner, tmp_path: Path) -> None:
    frame, stderr, target = _ged(runner, tmp_path)
    total = frame["best"].sum()
    assert total > 0
    for column in ID_COLUMNS:
        assert frame[column].notna().all(), f"{column} is never empty"
        assert frame[column].dtype == "int64", column
        # groupby drops NaN keys: a row without its id would lose its deaths here.
        assert frame.groupby(column)["best"].sum().sum() == total, column
    # The same question in SQL, as a DuckDB notebook asks it.
    by_dyad = duckdb.sql(f"SELECT dyad_new_id, sum(best) AS deaths FROM read_csv_auto('{target}') GROUP BY dyad_new_id").fetchall()
    assert None not in {dyad for dyad, _ in by_dyad}
    assert sum(deaths for _, deaths in by_dyad) == total
    # What is left out for want of a sourced id is counted, by its reason, on stderr.
    match = re.search(r"(\d+) event\(s\) are not in the UCDP file: one-sided violence by the Syrian state", stderr)
    assert match is not None and int(match.group(1)) > 0


def test_one_sided_violence_by_the_state_is_never_given_an_empty_or_invented_id(dataset: Dataset) -> None:
    army = next(a.id for a in dataset.actors.values() if a.side == "government")
    civilians = next(a.id for a in dataset.actors.values() if a.side == "civilian")
    recoded, event = _recoded(dataset, [{"actor": army, "role": "attacker"}, {"actor": civilians, "role": "target"}], "Violence against civilians", "Attack")
    result = ged_export(recoded, [event])
    assert result.rows == []
    assert result.left_out[event.id] == NO_GED_ID


# --------------------------------------------------------------------------- 2. units


def test_units_are_those_of_the_place_each_row_is_mapped_at(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    events = {e.id: e for e in all_events(dataset)}
    acled_path, _ = export_file(runner, tmp_path, "acled", "acled.csv")
    acled = pd.read_csv(acled_path, keep_default_na=False)
    for row in acled.itertuples():
        mapped = mapping_location(dataset, events[row.event_id_cnty])
        assert mapped.place is not None
        place = dataset.places[mapped.place]
        if place.kind not in ("governorate", "country", "area", "road", "region") and place.district and row.country == "Syria":
            # A district in another governorate carries it in brackets: "al-Haffah (Latakia Governorate)".
            assert row.admin2 == place.district.split(" (")[0], row.event_id_cnty
    # A group-by on admin1 loses no death, except in rows outside any governorate we record
    # (docs/exports.md: events in Turkey, whose provinces the data does not hold).
    documented = acled["country"] != "Syria"
    assert (acled.loc[~documented, "admin1"] != "").all()
    by_admin1 = acled[acled["admin1"] != ""].groupby("admin1")["fatalities"].sum().sum()
    assert by_admin1 == acled.loc[~documented, "fatalities"].sum()

    ged, _, _ = _ged(runner, tmp_path)
    in_syria = ged["country"] == "Syria"
    assert ged.loc[in_syria, "adm_1"].notna().all()
    assert ged.groupby("adm_1")["best"].sum().sum() == ged.loc[in_syria, "best"].sum()
    # GED's rule: a point standing for a governorate or more (where_prec 4+) has no adm_2.
    assert ged.loc[ged["where_prec"] >= 4, "adm_2"].isna().all()
    for row in ged[in_syria & (ged["where_prec"] < 4)].itertuples():
        place = dataset.places[mapping_location(dataset, events[row.relid]).place or ""]
        if place.district:
            assert isinstance(row.adm_2, str) and row.adm_2.endswith(" district"), row.relid


# --------------------------------------------------------------------------- 3. points


def test_every_ged_row_has_a_point_and_a_cell_typed_as_in_ged(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    frame, stderr, _ = _ged(runner, tmp_path)
    real = real_ged()
    for column in ("latitude", "longitude", "priogrid_gid"):
        assert frame[column].notna().all(), column
        assert frame[column].dtype == real[column].dtype, column
    assert frame["priogrid_gid"].dtype == "int64"
    left_out = ged_export(dataset, all_events(dataset)).left_out
    unlocated = [event for event, reason in left_out.items() if reason == NO_POINT]
    events = {e.id: e for e in all_events(dataset)}
    assert unlocated and all(mapping_location(dataset, events[e]).latitude is None for e in unlocated)
    assert f"{len(unlocated)} event(s) are not in the UCDP file: no sourced point" in stderr


# --------------------------------------------------------------------------- 4. where_coordinates


def test_where_coordinates_spell_places_as_ged_and_never_double_the_kind(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    frame, _, _ = _ged(runner, tmp_path)
    real = set(pd.read_csv(GED_SAMPLE)["where_coordinates"])
    ours = set(frame["where_coordinates"])
    assert "Jisr ash Shughur town" in ours & real
    for value in ours:
        words = value.split()
        assert len(words) < 2 or words[-1].lower() != words[-2].lower(), value
    for place in dataset.places.values():
        coordinates = where_coordinates(place)
        assert not re.search(r"\b(\w+) \1$", coordinates, re.IGNORECASE), coordinates


# --------------------------------------------------------------------------- 5. sqlite --metadata


def test_metadata_naming_the_database_is_refused_before_anything_is_built(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for same in ("m4.db", "./m4.db", str(tmp_path / "m4.db")):
        result = runner.invoke(app, ["export", "sqlite", "-o", "m4.db", "--metadata", same])
        assert result.exit_code == 2, result.output
        assert "is the database file" in result.stderr
        assert not (tmp_path / "m4.db").exists()
    # An existing database is not touched either, even with --force.
    (tmp_path / "m4.db").write_bytes(b"mine")
    result = runner.invoke(app, ["export", "sqlite", "-o", "m4.db", "--metadata", "./m4.db", "--force"])
    assert result.exit_code == 2
    assert (tmp_path / "m4.db").read_bytes() == b"mine"


def test_metadata_naming_a_folder_says_so(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "meta"
    folder.mkdir()
    result = runner.invoke(app, ["export", "sqlite", "-o", str(tmp_path / "x.db"), "--metadata", str(folder), "--force"])
    assert result.exit_code == 2
    assert "is a folder" in result.stderr and "already exist" not in result.stderr
    assert not (tmp_path / "x.db").exists()


# --------------------------------------------------------------------------- 6. vague fatalities


def test_each_vague_death_wording_in_the_data_gets_acleds_number(runner: CliRunner, dataset: Dataset, tmp_path: Path) -> None:
    target, _ = export_file(runner, tmp_path, "acled", "acled.csv")
    frame = pd.read_csv(target, keep_default_na=False).set_index("event_id_cnty")
    events = [e for e in all_events(dataset) if e.id in frame.index]
    figures, _ = adjusted_figures(events)
    seen: set[str] = set()
    for event in events:
        for claim in event.claims:
            if claim.count is not None or claim.outcome not in FATAL_OUTCOMES or not claim.wording:
                continue
            if figures[event.id][(claim.group, claim.outcome)].low > 0:
                continue  # a number was reported too: ACLED takes the most conservative number
            coded = vague_fatalities(claim.wording)
            assert coded is not None and coded[0] > 0, claim.wording
            assert f"rule=vague '{claim.wording}' coded {coded[0]} ({coded[1]}" in frame.loc[event.id, "tags"], event.id
            assert frame.loc[event.id, "fatalities"] >= coded[0]
            seen.add(claim.wording)
    assert {"several", "dozens"} <= seen
    assert vague_fatalities("several") == vague_fatalities("a number of") == vague_fatalities("many")
    assert vague_fatalities("dozens") is not None and vague_fatalities("dozens")[0] == 12


# --------------------------------------------------------------------------- 7. source


def test_every_acled_row_names_a_source_and_a_scale_from_acleds_vocabulary(runner: CliRunner, tmp_path: Path) -> None:
    target, _ = export_file(runner, tmp_path, "acled", "acled.csv")
    frame = pd.read_csv(target)
    assert frame["source"].notna().all() and frame["source_scale"].notna().all()
    for scale in frame["source_scale"]:
        assert set(scale.split("-")) <= ACLED_SOURCE_SCALES, scale
    assert (frame.loc[frame["source"] == "Wikipedia", "source_scale"] == "Other").all()


# --------------------------------------------------------------------------- 8. actor names


def test_acled_actors_follow_acleds_naming_and_ours_stay_reachable(runner: CliRunner, tmp_path: Path) -> None:
    target, _ = export_file(runner, tmp_path, "acled", "acled.csv")
    events_csv, _ = export_file(runner, tmp_path, "csv", "events.csv")
    frame = pd.read_csv(target, keep_default_na=False)
    names = set(frame["actor1"]) | set(frame["actor2"])
    assert {"Military Forces of Syria (2000-2024)", "Civilians (Syria)", "Protesters (Syria)", "Unidentified Armed Group (Syria)"} <= names
    assert not names & {"Syrian Army", "Syrian security forces", "Civilians", "Protesters", "Rebels", "Unidentified gunmen", "Syrian police"}
    state = frame[frame["inter1"] == "State forces"]
    assert state["actor1"].str.match(r"(Military|Police) Forces of Syria \(2000-2024\)|Government of Syria").all()
    ours = pd.read_csv(events_csv).set_index("id")
    joined = frame.merge(ours, left_on="event_id_cnty", right_index=True, how="left", validate="one_to_one")
    assert joined["actors"].notna().all(), "event_id_cnty is our id: our own actor names are one join away"


# --------------------------------------------------------------------------- 9. format case, stdout notes


def test_format_names_are_accepted_in_any_case_and_stdout_gets_the_licence(runner: CliRunner) -> None:
    upper = runner.invoke(app, ["export", "UCDP"])
    lower = runner.invoke(app, ["export", "ucdp"])
    assert upper.exit_code == lower.exit_code == 0
    assert upper.stdout == lower.stdout
    for fmt in ("csv", "geojson"):
        result = runner.invoke(app, ["export", fmt])
        assert result.exit_code == 0
        assert __version__ in result.stderr and LICENCE in result.stderr
    geojson = runner.invoke(app, ["export", "geojson"])
    assert f'"license": "{LICENCE}"' in geojson.stdout and f'"dataset_version": "{__version__}"' in geojson.stdout
