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
from idlibevents.location import MappedLocation, acled_geo_precision, is_general_area, mapping_location, mapping_locations, place_chain
from idlibevents.models import Event, Place

from .conftest import DATA


def _loc(dataset: Dataset, event_id: str) -> MappedLocation:
    event = dataset.event(event_id)
    assert event is not None, event_id
    return mapping_location(dataset, event)


# --------------------------------------------------------------------------- the shipped data


def test_a_building_is_placed_at_its_town_at_the_towns_precision(dataset: Dataset) -> None:
    """Idlib central prison has no sourced point: the event takes Idlib city's, at UCDP where_prec 1.

    UCDP where_prec 1 is "the location information corresponds exactly to the geographical
    coordinates available", and GED codes events at a site in Idlib city (a hospital, id
    215946; executions "in the city of Idlib", 216819) as 1 at the town's point; 2 ("a limited
    area around a specified location") is for an event a source puts near or on the outskirts
    of a place. The one source on the prison puts it in the city, 3 km west of its centre: a
    site within (or at the edge of) the town, not near it. ACLED: 1, a particular town.
    """
    loc = _loc(dataset, "2012-01-17-idlib-central-prison-policemen-shot")
    city = dataset.places["idlib"]
    assert loc.place == "idlib"
    assert (loc.latitude, loc.longitude) == (city.latitude, city.longitude)
    assert loc.where_prec == 1
    assert loc.geo_precision == 1
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
    # UCDP 5 (an area), but ACLED 2: "a small part of a region", a general area in the province.
    assert loc.where_prec == 5 and loc.geo_precision == 2
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


def test_a_site_named_with_its_town_is_as_precise_as_the_town(dataset: Dataset) -> None:
    """Naming the building as well as the city never makes the point less precise than the city alone."""
    for event in dataset.events:
        first = dataset.places[event.places[0]]
        if first.kind != "site" or first.has_coordinates or first.within != "idlib":
            continue
        loc = mapping_location(dataset, event)
        assert loc.place == "idlib" and loc.where_prec == event.location_precision, event.id
        assert loc.geo_precision == acled_geo_precision(event.location_precision), event.id


def test_an_event_in_an_area_gets_acled_general_area_precision(dataset: Dataset) -> None:
    """Jabal al-Zawiya's own point: UCDP 5 (an area), ACLED 2; the governorate's point stays ACLED 3."""
    area = _loc(dataset, "2011-09-29-jabal-al-zawiya-harmoush-battalion-attack")
    assert (area.place, area.where_prec, area.geo_precision) == ("jabal-al-zawiya", 5, 2)
    province = _loc(dataset, "2011-07-01-idlib-governorate-civilians-killed")
    assert (province.place, province.where_prec, province.geo_precision) == ("idlib-governorate", 4, 3)


def test_an_event_without_a_point_keeps_its_own_precision(dataset: Dataset) -> None:
    """The border checkpoint (Aleppo's stretch, not placed in Idlib) has no point but stays UCDP 5, not 6."""
    loc = _loc(dataset, "2012-04-09-turkish-border-checkpoint-attack")
    assert loc.place is None and loc.geo_precision is None
    assert loc.where_prec == 5
    north = _loc(dataset, "2012-02-06-north-syria-failed-checkpoint-attack")
    assert north.place is None and north.where_prec == 6  # located only to the country


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
        assert loc.geo_precision == acled_geo_precision(loc.where_prec, is_general_area(dataset, used))
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
    _place("edge", "area"),  # a border: no point, nothing contains it
    _place("steppe", "area", "country", (35.2, 38.2)),  # an area not inside a governorate
    _place("north", "region", "country", (36.0, 37.0)),
)


@pytest.mark.parametrize(
    ("places", "precision", "expected"),
    [
        (["town"], 1, ("town", 1, 1, False)),
        (["town"], 2, ("town", 2, 2, False)),
        (["jail"], 1, ("town", 1, 1, True)),  # a site in a town: the town's point, as precise as the town
        (["cell"], 1, ("town", 1, 1, True)),  # however deep the site is nested
        (["jail", "town"], 1, ("town", 1, 1, False)),  # the town named too: its own place
        (["jail"], 2, ("town", 2, 2, True)),  # a source puts it near / on the outskirts: 2
        (["hamlet"], 1, ("hills", 5, 2, True)),  # a village in an area: UCDP the area's 5, ACLED a general area
        (["hamlet", "town"], 2, ("town", 2, 2, False)),  # an own place with a point comes before a fallback
        (["road"], 5, ("province", 5, 3, True)),
        (["province"], 4, ("province", 4, 3, False)),
        (["hills"], 5, ("hills", 5, 2, False)),
        (["hills", "province"], 5, ("hills", 5, 2, False)),  # list order: the most specific first
        (["steppe"], 5, ("steppe", 5, 3, False)),  # an area in no governorate: ACLED 3
        (["north"], 5, ("north", 5, 3, False)),  # a large region: ACLED 3
        (["town"], 4, ("town", 4, 3, False)),  # never more precise than the coding
    ],
)
def test_rules(places: list[str], precision: int, expected: tuple[str, int, int, bool]) -> None:
    loc = mapping_location(GAZETTEER, _event(places, precision))
    assert (loc.place, loc.where_prec, loc.geo_precision, loc.fallback) == expected
    assert loc.chain[0] == places[0]


@pytest.mark.parametrize(
    ("places", "precision", "where_prec"),
    [(["country"], 6, 6), (["country"], 5, 6), (["town"], 6, 6), (["lost"], 1, 1), (["edge"], 5, 5)],
)
def test_no_point_from_a_country(places: list[str], precision: int, where_prec: int) -> None:
    """A country's point (even if one is recorded) never stands for an event.

    Without a point the event keeps its own coded precision: 6 only when it is located to a
    country (a border village with no point is still known exactly; the border is still 5).
    """
    loc = mapping_location(GAZETTEER, _event(places, precision))
    assert loc.place is None and not loc.has_point and loc.geo_precision is None
    assert loc.where_prec == where_prec
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
            assert located[event.id].place in inside, event.id  # placed in the governorate, not beyond it
        if not located[event.id].has_point:
            assert not in_idlib
            assert all(p.kind == "country" or not p.has_coordinates for pid in event.places for p in place_chain(dataset, pid)), event.id


def test_border_events_that_do_not_list_the_governorate(dataset: Dataset) -> None:
    """An event at the border gets a point in Idlib through another of its places, or says why not.

    The border has no ``within`` (two countries share it), so an event named at it alone is in
    no governorate: it has no point, keeps its own precision, and its location note must say
    which stretch of the border it is and why it is not placed in Idlib.
    """
    border = [e for e in dataset.events if "syria-turkey-border" in e.places]
    without_governorate = [e for e in border if "idlib-governorate" not in e.places]
    assert without_governorate  # the check below is not empty
    inside = dataset.place_and_within("idlib-governorate")
    for event in without_governorate:
        loc = mapping_location(dataset, event)
        others_in_idlib = [pid for pid in event.places if pid in inside]
        if others_in_idlib:
            assert loc.has_point and loc.place in inside, event.id  # Darkush, on the border
        else:
            assert not loc.has_point, event.id
            assert loc.where_prec == event.location_precision, event.id
            assert event.location_note and "not placed in Idlib" in event.location_note, event.id


# --------------------------------------------------------------------------- show and places --unlocated


def test_show_prints_the_mapping_location_and_why(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "2012-01-17-idlib-central-prison-policemen-shot"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    mapped = next(line for line in lines if line.startswith("mapped at"))
    assert "Idlib [idlib]" in mapped and "UCDP where_prec 1" in mapped and "ACLED geo_precision 1" in mapped
    assert any(line.startswith("why") and "placed at Idlib: Idlib Central Prison has no sourced point" in line for line in lines)
    ceasefire = runner.invoke(app, ["show", "2012-04-14-syria-ceasefire-declared"])
    assert any(line.startswith("mapped at") and "no point" in line for line in ceasefire.stdout.splitlines())


def test_places_unlocated_lists_every_place_without_its_own_point(runner: CliRunner, dataset: Dataset) -> None:
    result = runner.invoke(app, ["places", "--unlocated", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {p.id for p in dataset.places if not p.has_coordinates}
    assert rows["idlib-central-prison"]["placed_at"] == "idlib" and rows["idlib-central-prison"]["where_prec"] == 1
    assert rows["rameh"]["placed_at"] == "jabal-al-zawiya" and rows["rameh"]["where_prec"] == 5
    assert rows["syria"]["placed_at"] is None
    # How its events are actually mapped, not only the fallback for an event named at it alone:
    # the Jbala crossroads event is placed at Khan Shaykhun, the other place it names.
    assert rows["jbala-crossroads"]["placed_at"] == "idlib-governorate"
    assert rows["jbala-crossroads"]["mapped"] == [{"place": "khan-shaykhun", "where_prec": 2, "events": 1}]
    assert "country" in rows["damascus-aleppo-highway"]["no_point"] and "Syria" in rows["damascus-aleppo-highway"]["no_point"]
    for pid, row in rows.items():
        assert row["why"] == dataset.places[pid].coordinates_source
        assert row["events"] == sum(1 for e in dataset.events if pid in e.places)
        assert sum(m["events"] for m in row["mapped"]) == row["events"]
        for m in row["mapped"]:
            at = [mapping_location(dataset, e) for e in dataset.events if pid in e.places]
            assert sum(1 for loc in at if (loc.place, loc.where_prec) == (m["place"], m["where_prec"])) == m["events"]
    table = runner.invoke(app, ["places", "--unlocated"], env={"COLUMNS": "80"})
    assert table.exit_code == 0
    blocks = table.stdout.split("\n\n")
    jbala = next(b for b in blocks if "[jbala-crossroads]" in b)
    assert "Khan Shaykhun [khan-shaykhun], UCDP where_prec 2" in " ".join(jbala.split())
    highway = " ".join(next(b for b in blocks if "[damascus-aleppo-highway]" in b).split())
    assert "Syria, a country" in highway and "no place containing it has one" not in highway
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
        assert loc.geo_precision is None
        country_only = dataset.places[event.places[0]].kind == "country"
        assert loc.where_prec == (max(event.location_precision, 6) if country_only else event.location_precision)
    else:
        used = dataset.places[loc.place]
        assert used.kind != "country" and (loc.latitude, loc.longitude) == (used.latitude, used.longitude)
        in_governorate = used.kind == "area" and any(p.kind == "governorate" for p in place_chain(dataset, used.id)[1:])
        assert loc.geo_precision == (2 if in_governorate and loc.where_prec > 2 else acled_geo_precision(loc.where_prec))


@settings(max_examples=200, deadline=None)
@given(_gazetteer_and_event())
def test_naming_a_site_is_never_less_precise_than_naming_its_town(case: tuple[Dataset, Event]) -> None:
    """An event at a site within a settlement maps at least as precisely as the same event at the settlement."""
    dataset, event = case
    site = dataset.places[event.places[0]]
    town = dataset.places[site.within] if site.within and site.within in dataset.places else None
    if site.kind != "site" or town is None or town.kind not in {"city", "town", "village", "camp"}:
        return
    at_site = mapping_location(dataset, _event([site.id], event.location_precision))
    at_town = mapping_location(dataset, _event([town.id], event.location_precision))
    assert at_site.where_prec <= at_town.where_prec
    if at_town.has_point:
        assert at_site.has_point


def test_the_module_is_core_it_imports_no_pydantic_rich_or_yaml() -> None:
    """Exports and the report import it for every event; it must stay as light as the rows."""
    import subprocess
    import sys

    code = "import sys, idlibevents.location; print(sorted(m for m in ('pydantic', 'rich', 'yaml', 'typer') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
