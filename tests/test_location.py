"""The location used for mapping: which point each event gets, with what precision, and why.

The pins use the shipped data (a building, a village inside an area, a border event, a
country-wide event); the rules themselves are also tested on small made-up gazetteers, so
a change to places.yaml cannot make them pass or fail by accident.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from idlibevents.cache import load_rows
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.location import MappedLocation, acled_geo_precision, mapping_location, mapping_locations, place_chain
from idlibevents.models import Event, Place

from .conftest import DATA


def _loc(dataset: Dataset, event_id: str) -> MappedLocation:
    event = dataset.event(event_id)
    assert event is not None, event_id
    return mapping_location(dataset, event)


# --------------------------------------------------------------------------- the shipped data


def test_a_building_is_placed_at_its_town_within_25_km(dataset: Dataset) -> None:
    """Idlib central prison has no sourced point: the event takes Idlib city's, at UCDP where_prec 2."""
    loc = _loc(dataset, "2012-01-17-idlib-central-prison-policemen-shot")
    city = dataset.places["idlib"]
    assert loc.place == "idlib"
    assert (loc.latitude, loc.longitude) == (city.latitude, city.longitude)
    # UCDP where_prec 2: within about 25 km of a known point (a site in or at the edge of the town).
    assert loc.where_prec == 2
    assert loc.geo_precision == 2
    assert loc.reason is not None and loc.reason.startswith("placed at Idlib:") and "Idlib Central Prison" in loc.reason
    # The coding fact is unchanged: the article names the prison, precision 1.
    event = dataset.event("2012-01-17-idlib-central-prison-policemen-shot")
    assert event is not None and event.location_precision == 1


def test_a_village_without_a_point_takes_its_areas_point_at_area_precision(dataset: Dataset) -> None:
    assert not dataset.places["rameh"].has_coordinates
    loc = _loc(dataset, "2011-06-29-rameh-civilians-killed-tank-fire")
    area = dataset.places["jabal-al-zawiya"]
    assert loc.place == "jabal-al-zawiya" and loc.fallback
    assert (loc.latitude, loc.longitude) == (area.latitude, area.longitude)
    assert loc.where_prec == 5 and loc.geo_precision == 3
    assert loc.chain[:2] == ("rameh", "jabal-al-zawiya")
    assert loc.reason == "placed at Jabal al-Zawiya: Rameh has no sourced point"


def test_a_border_event_is_placed_in_the_governorate_at_border_precision(dataset: Dataset) -> None:
    loc = _loc(dataset, "2012-04-03-turkish-border-infiltrator-killed")
    governorate = dataset.places["idlib-governorate"]
    assert loc.place == "idlib-governorate"
    assert (loc.latitude, loc.longitude) == (governorate.latitude, governorate.longitude)
    assert loc.where_prec == 5 and loc.geo_precision == 3
    assert not loc.fallback  # the governorate is one of the event's own places
    assert loc.reason is not None and "Syria-Turkey border" in loc.reason


@pytest.mark.parametrize("event_id", ["2012-04-14-syria-ceasefire-declared", "2012-01-21-idlib-governorate-daily-toll"])
def test_a_country_wide_event_has_no_point(dataset: Dataset, event_id: str) -> None:
    loc = _loc(dataset, event_id)
    assert loc.place is None and loc.latitude is None and loc.longitude is None
    assert loc.geo_precision is None and not loc.has_point
    assert loc.where_prec == 6
    assert loc.reason is not None and "Syria" in loc.reason


def test_a_place_with_its_own_point_is_used_as_it_is(dataset: Dataset) -> None:
    loc = _loc(dataset, "2012-02-27-binnish-shelling")
    assert (loc.place, loc.where_prec, loc.geo_precision, loc.fallback, loc.reason) == ("binnish", 1, 1, False, None)


def test_every_mapping_location_keeps_the_rules(dataset: Dataset) -> None:
    """Over every event: never more precise than the coding, a point only from a sourced place."""
    located = mapping_locations(dataset, dataset.events)
    assert set(located) == {e.id for e in dataset.events}
    for event in dataset.events:
        loc = located[event.id]
        assert loc.event == event.id
        assert loc.where_prec >= event.location_precision, event.id
        assert loc.chain == tuple(p.id for p in place_chain(dataset, event.places[0]))
        if loc.place is None:
            assert (loc.latitude, loc.longitude, loc.geo_precision, loc.fallback) == (None, None, None, False)
            assert loc.reason
            continue
        used = dataset.places[loc.place]
        assert (loc.latitude, loc.longitude) == (used.latitude, used.longitude)
        assert used.kind != "country"
        assert loc.geo_precision == acled_geo_precision(loc.where_prec)
        assert loc.fallback == (loc.place not in event.places), event.id
        if loc.fallback:
            assert loc.place in loc.chain[1:], event.id
        assert (loc.reason is None) == (loc.place == event.places[0] and loc.where_prec == 1), event.id


def test_rows_from_the_cache_give_the_same_locations(dataset: Dataset) -> None:
    result, rows = load_rows(DATA)
    assert result.ok and rows is not None
    assert mapping_locations(rows, rows.events) == mapping_locations(dataset, dataset.events)


# --------------------------------------------------------------------------- the rules on made-up places


def _place(pid: str, kind: str, within: str | None = None, point: tuple[float, float] | None = None) -> Place:
    lat, lon = point if point else (None, None)
    return Place(id=pid, name=pid.replace("-", " ").title(), kind=kind, within=within, latitude=lat, longitude=lon, coordinates_source="test")  # type: ignore[arg-type]


def _event(places: list[str], precision: int) -> Event:
    data: dict[str, Any] = {
        "id": "2011-09-08-test",
        "date": "2011-09-08",
        "places": places,
        "location_precision": precision,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "summary": "A test event.",
        "article": {"section": "Lead", "paragraph": 1},
    }
    return Event.model_validate(data)


def _gazetteer(*places: Place) -> Dataset:
    return Dataset.build([], list(places), [], [], {})


GAZETTEER = _gazetteer(
    _place("country", "country", point=(35.0, 38.0)),
    _place("province", "governorate", "country", (35.5, 36.5)),
    _place("hills", "area", "province", (35.7, 36.7)),
    _place("hamlet", "village", "hills"),
    _place("town", "town", "province", (35.9, 36.6)),
    _place("jail", "site", "town"),
    _place("cell", "site", "jail"),
    _place("lost", "village", "country"),
    _place("road", "road", "province"),
)


@pytest.mark.parametrize(
    ("places", "precision", "expected"),
    [
        (["town"], 1, ("town", 1, 1, False)),
        (["town"], 2, ("town", 2, 2, False)),
        (["jail"], 1, ("town", 2, 2, True)),  # a site in a town: the town's point, within 25 km
        (["cell"], 1, ("town", 2, 2, True)),  # however deep the site is nested
        (["jail", "town"], 1, ("town", 2, 2, False)),  # the town named too: own place, still 2
        (["hamlet"], 1, ("hills", 5, 3, True)),  # a village in an area: the area's precision
        (["hamlet", "town"], 2, ("town", 2, 2, False)),  # an own place with a point comes before a fallback
        (["road"], 5, ("province", 5, 3, True)),
        (["province"], 4, ("province", 4, 3, False)),
        (["hills"], 5, ("hills", 5, 3, False)),
        (["hills", "province"], 5, ("hills", 5, 3, False)),  # list order: the most specific first
        (["town"], 4, ("town", 4, 3, False)),  # never more precise than the coding
    ],
)
def test_rules(places: list[str], precision: int, expected: tuple[str, int, int, bool]) -> None:
    loc = mapping_location(GAZETTEER, _event(places, precision))
    assert (loc.place, loc.where_prec, loc.geo_precision, loc.fallback) == expected
    assert loc.chain[0] == places[0]


@pytest.mark.parametrize(("places", "precision"), [(["country"], 6), (["country"], 5), (["town"], 6), (["lost"], 1)])
def test_no_point_from_a_country(places: list[str], precision: int) -> None:
    """A country's point (even if one is recorded) never stands for an event."""
    loc = mapping_location(GAZETTEER, _event(places, precision))
    assert loc.place is None and not loc.has_point and loc.geo_precision is None
    assert loc.where_prec == max(precision, 6)  # no point: known only to the country
    assert loc.reason is not None and loc.reason.startswith("no point")


def test_place_chain_stops_at_a_cycle() -> None:
    looped = _gazetteer(_place("aa", "village", "bb"), _place("bb", "area", "aa"))
    assert [p.id for p in place_chain(looped, "aa")] == ["aa", "bb"]
    assert place_chain(looped, "missing") == []


def test_every_event_in_the_governorate_or_at_its_border_has_a_point(dataset: Dataset) -> None:
    """Only events known to no place in Idlib Governorate (the country, another border stretch) lack one."""
    located = mapping_locations(dataset, dataset.events)
    inside = dataset.place_and_within("idlib-governorate")
    for event in dataset.events:
        in_idlib = any(pid in inside for pid in event.places)
        if in_idlib:
            assert located[event.id].has_point, (event.id, located[event.id].reason)
        if not located[event.id].has_point:
            assert not in_idlib
            assert all(p.kind == "country" or not p.has_coordinates for pid in event.places for p in place_chain(dataset, pid)), event.id


# --------------------------------------------------------------------------- show and places --unlocated


def test_show_prints_the_mapping_location_and_why(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "2012-01-17-idlib-central-prison-policemen-shot"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    mapped = next(line for line in lines if line.startswith("mapped at"))
    assert "Idlib [idlib]" in mapped and "UCDP where_prec 2" in mapped and "ACLED geo_precision 2" in mapped
    assert any(line.startswith("why") and "placed at Idlib: Idlib Central Prison has no sourced point" in line for line in lines)
    ceasefire = runner.invoke(app, ["show", "2012-04-14-syria-ceasefire-declared"])
    assert any(line.startswith("mapped at") and "no point" in line for line in ceasefire.stdout.splitlines())


def test_places_unlocated_lists_every_place_without_its_own_point(runner: CliRunner, dataset: Dataset) -> None:
    result = runner.invoke(app, ["places", "--unlocated", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {p.id for p in dataset.places if not p.has_coordinates}
    assert rows["idlib-central-prison"]["placed_at"] == "idlib" and rows["idlib-central-prison"]["where_prec"] == 2
    assert rows["rameh"]["placed_at"] == "jabal-al-zawiya" and rows["rameh"]["where_prec"] == 5
    assert rows["syria"]["placed_at"] is None
    for pid, row in rows.items():
        assert row["why"] == dataset.places[pid].coordinates_source
        assert row["events"] == sum(1 for e in dataset.events if pid in e.places)
    table = runner.invoke(app, ["places", "--unlocated"], env={"COLUMNS": "80"})
    assert table.exit_code == 0
    for pid in rows:
        assert f"[{pid}]" in table.stdout  # every id whole, at 80 columns
    assert max(len(line.rstrip()) for line in table.stdout.splitlines()) <= 80


# --------------------------------------------------------------------------- the rules on any gazetteer

_KINDS = ["city", "town", "village", "site", "crossing", "camp", "area", "road", "region", "governorate", "country"]


@st.composite
def _gazetteer_and_event(draw: st.DrawFn) -> tuple[Dataset, Event]:
    """Up to eight places, each within an earlier one (or none), some with points, and one event."""
    count = draw(st.integers(1, 8))
    places = []
    for index in range(count):
        within = draw(st.one_of(st.none(), st.integers(0, index - 1))) if index else None
        point = draw(st.one_of(st.none(), st.tuples(st.floats(30, 40), st.floats(30, 40))))
        places.append(_place(f"p{index}", draw(st.sampled_from(_KINDS)), f"p{within}" if within is not None else None, point))
    chosen = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=3, unique=True))
    return _gazetteer(*places), _event([f"p{i}" for i in chosen], draw(st.integers(1, 7)))


@settings(max_examples=200, deadline=None)
@given(_gazetteer_and_event())
def test_rules_hold_on_any_gazetteer(case: tuple[Dataset, Event]) -> None:
    dataset, event = case
    loc = mapping_location(dataset, event)
    chain = place_chain(dataset, event.places[0])
    assert loc.chain == tuple(p.id for p in chain)
    assert loc.where_prec >= event.location_precision
    own_with_point = [pid for pid in event.places if dataset.places[pid].has_coordinates and dataset.places[pid].kind != "country"]
    outer = [p.id for p in chain[1:] if p.has_coordinates and p.kind != "country"]
    only_countries = all(dataset.places[pid].kind == "country" for pid in event.places)
    if event.location_precision >= 6 or only_countries:
        assert loc.place is None
    elif own_with_point:
        assert loc.place == own_with_point[0] and not loc.fallback  # the first own place with a point
    elif outer:
        assert loc.place == outer[0] and loc.fallback  # the nearest containing place with a point
    else:
        assert loc.place is None
    if loc.place is None:
        assert loc.where_prec >= 6 and loc.geo_precision is None
    else:
        used = dataset.places[loc.place]
        assert used.kind != "country" and (loc.latitude, loc.longitude) == (used.latitude, used.longitude)
        assert loc.geo_precision == acled_geo_precision(loc.where_prec)


def test_the_module_is_core_it_imports_no_pydantic_rich_or_yaml() -> None:
    """Exports and the report import it for every event; it must stay as light as the rows."""
    import subprocess
    import sys

    code = "import sys, idlibevents.location; print(sorted(m for m in ('pydantic', 'rich', 'yaml', 'typer') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
