"""--near measures from each event's location used for mapping, and leaves out imprecise ones unless asked."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.location import mapping_locations
from idlibevents.query import Filters, QueryError, haversine_km, select_events, selection


def _within(dataset: Dataset, centre: str, km: float) -> dict[str, int]:
    """Every event whose mapping point is within km of the centre, with its where_prec (computed here)."""
    place = dataset.places[centre]
    assert place.latitude is not None and place.longitude is not None
    out = {}
    for eid, loc in mapping_locations(dataset, dataset.events).items():
        if loc.latitude is not None and loc.longitude is not None and haversine_km(place.latitude, place.longitude, loc.latitude, loc.longitude) <= km:
            out[eid] = loc.where_prec
    return out


def test_near_keeps_precise_events_and_counts_the_imprecise_it_leaves_out(dataset: Dataset) -> None:
    within = _within(dataset, "saraqib", 25)
    precise = {e for e, prec in within.items() if prec <= 2}
    imprecise = {e for e, prec in within.items() if prec >= 3}
    assert precise and imprecise  # the province's point is within 25 km of Saraqib
    chosen = selection(dataset, Filters(near="Saraqib", km=25))
    assert {e.id for e in chosen.events} == precise
    assert chosen.imprecise_left_out == len(imprecise)
    wider = selection(dataset, Filters(near="Saraqib", km=25, include_imprecise=True))
    assert {e.id for e in wider.events} == precise | imprecise
    assert wider.imprecise_left_out == 0


def test_a_building_counts_at_its_town(dataset: Dataset) -> None:
    """The prison has no point of its own: --near Idlib finds it through the city's point."""
    found = {e.id for e in select_events(dataset, Filters(near="Idlib", km=1))}
    assert "2012-01-17-idlib-central-prison-policemen-shot" in found
    assert "2011-07-01-idlib-governorate-civilians-killed" not in found


def test_the_cli_says_on_stderr_how_many_it_left_out(runner: CliRunner, dataset: Dataset) -> None:
    within = _within(dataset, "saraqib", 25)
    left_out = sum(1 for prec in within.values() if prec >= 3)
    result = runner.invoke(app, ["query", "--near", "Saraqib", "--km", "25", "--format", "ids"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == sum(1 for prec in within.values() if prec <= 2)
    assert f"--near left out {left_out} events known only to" in result.stderr
    assert "--include-imprecise" in result.stderr
    wider = runner.invoke(app, ["query", "--near", "Saraqib", "--km", "25", "--include-imprecise", "--format", "ids"])
    assert wider.exit_code == 0 and len(wider.stdout.split()) == len(within)
    assert "left out" not in wider.stderr


@pytest.mark.parametrize("command", [["casualties"], ["timeline"], ["export", "csv"]])
def test_every_command_with_filters_takes_include_imprecise(runner: CliRunner, command: list[str]) -> None:
    narrow = runner.invoke(app, [*command, "--near", "Saraqib", "--km", "25"])
    assert narrow.exit_code == 0, narrow.output
    assert "--near left out" in narrow.stderr
    wide = runner.invoke(app, [*command, "--near", "Saraqib", "--km", "25", "--include-imprecise"])
    assert wide.exit_code == 0, wide.output
    assert "--near left out" not in wide.stderr
    assert wide.stdout != narrow.stdout


@pytest.mark.parametrize("name", ["Idlib Governorate", "Jabal al-Zawiya"])
def test_a_province_or_area_is_not_a_centre(runner: CliRunner, dataset: Dataset, name: str) -> None:
    """Its point only represents it: it must not stand as a point for every event coded to it."""
    with pytest.raises(QueryError, match="--place"):
        select_events(dataset, Filters(near=name, km=1, include_imprecise=True))
    result = runner.invoke(app, ["query", "--near", name, "--km", "1", "--include-imprecise"])
    assert result.exit_code == 2
    assert "--place" in result.stderr and "Traceback" not in result.output


def test_include_imprecise_goes_with_near(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--include-imprecise"])
    assert result.exit_code == 2
    assert "--include-imprecise" in result.stderr and "--near" in result.stderr


def test_a_centre_without_a_point_points_to_place(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--near", "Rameh", "--km", "5"])
    assert result.exit_code == 2
    assert "no sourced coordinates" in result.stderr and "--place 'Rameh'" in result.stderr
