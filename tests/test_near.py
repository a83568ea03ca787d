"""--near: an event is near when one of its own places is, else by its location used for mapping.

Events within --km only by an imprecise point (an area, the governorate) are left out unless asked.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.location import mapping_locations
from idlibevents.query import Filters, QueryError, haversine_km, select_events, selection

from .test_location import _event, _place

#: UCDP where_prec a point of each kind stands for (the codebook's table, 3.4.1).
_LEVEL = {"city": 1, "town": 1, "village": 1, "site": 1, "crossing": 1, "camp": 1, "district": 3, "governorate": 4}


def _within(dataset: Dataset, centre: str, km: float) -> dict[str, int]:
    """Every event within km of the centre by the documented rule, with the best where_prec that is.

    Its own places with a point count (the precise ones, if it has any); only an event with
    none of its own is measured from its mapping point.
    """
    place = dataset.places[centre]
    assert place.latitude is not None and place.longitude is not None
    mapped = mapping_locations(dataset, dataset.events)
    out = {}
    for event in dataset.events:
        own = [
            (p.latitude, p.longitude, max(event.location_precision, _LEVEL.get(p.kind, 5)))
            for p in (dataset.places[pid] for pid in event.places)
            if p.latitude is not None and p.longitude is not None and p.kind != "country" and event.location_precision < 6
        ]
        points = [o for o in own if o[2] <= 2] or own
        loc = mapped[event.id]
        if not points and loc.latitude is not None and loc.longitude is not None:
            points = [(loc.latitude, loc.longitude, loc.where_prec)]
        close = [prec for lat, lon, prec in points if lat is not None and lon is not None and haversine_km(place.latitude, place.longitude, lat, lon) <= km]
        if close:
            out[event.id] = min(close)
    return out


@pytest.mark.parametrize(
    ("centre", "km", "event_id"),
    [
        ("Iblin", 1, "2012-02-22-jabal-al-zawiya-village-raids"),  # raids on Abdita, Iblin and Balshun
        ("Kafr Nabudah", 2, "2011-10-30-al-habit-kafr-nabudah-security-vehicle-attack"),  # between al-Habit and Kafr Nabudah
        ("Kafr Oweid", 2, "2011-12-19-kansafra-kafr-oweid-defectors-killed"),  # between Kansafra and Kafr Oweid
        ("Kafr Oweid", 2, "2011-12-20-kansafra-kafr-oweid-clashes-second-day"),
    ],
)
def test_an_event_that_names_the_place_is_near_it(dataset: Dataset, centre: str, km: float, event_id: str) -> None:
    """Any of the event's own places within --km makes it near, not only the one it is mapped at."""
    event = dataset.event(event_id)
    assert event is not None
    place = dataset.places.resolve(centre)
    assert place is not None and place.id in event.places
    assert mapping_locations(dataset, [event])[event_id].place != place.id  # mapped at another of its places
    found = {e.id for e in select_events(dataset, Filters(near=centre, km=km))}
    assert event_id in found


def _made_up(points: dict[str, tuple[str, str | None, tuple[float, float] | None]], places: list[str], precision: int) -> Dataset:
    """A made-up gazetteer (the helpers of test_location) with one event at ``places``."""
    gazetteer = [_place(pid, kind, within, point) for pid, (kind, within, point) in points.items()]
    return Dataset.build([_event(places, precision)], gazetteer, [], [], {})


_PLACES: dict[str, tuple[str, str | None, tuple[float, float] | None]] = {
    "province": ("governorate", None, (35.0, 36.0)),
    "hills": ("area", "province", (35.5, 36.5)),
    "centre": ("village", "hills", (35.5, 36.51)),  # about 1 km from the hills' point
    "far": ("village", "hills", (35.9, 36.9)),  # about 57 km away
}


def test_a_context_area_does_not_make_a_precisely_placed_event_near() -> None:
    """[far, hills]: known to be at the far village, so the area named as context is not a point for it."""
    dataset = _made_up(_PLACES, ["far", "hills"], 1)
    chosen = selection(dataset, Filters(near="centre", km=5, include_imprecise=True))
    assert chosen.events == [] and chosen.imprecise_left_out == 0


def test_an_event_known_only_to_an_area_is_imprecise() -> None:
    dataset = _made_up(_PLACES, ["hills"], 5)
    narrow = selection(dataset, Filters(near="centre", km=5))
    assert narrow.events == [] and narrow.imprecise_left_out == 1
    assert len(selection(dataset, Filters(near="centre", km=5, include_imprecise=True)).events) == 1


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
    with pytest.raises(QueryError, match="--place") as raised:
        select_events(dataset, Filters(near=name, km=1, include_imprecise=True))
    kind = dataset.places.resolve(name).kind  # type: ignore[union-attr]
    assert f"is {'an' if kind[0] in 'aeiou' else 'a'} {kind}:" in str(raised.value)
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


def test_an_unknown_centre_is_no_place(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--near", "Saraqibb", "--km", "5"])
    assert result.exit_code == 2
    assert "no place called 'Saraqibb'" in result.stderr and "did you mean 'Saraqib'" in result.stderr
