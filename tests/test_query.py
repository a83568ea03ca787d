"""idlib query and the library's select_events: every filter, every format, every error path."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from typer.testing import CliRunner

from idlibevents import export
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.query import Filters, QueryError, haversine_km, searchable_text, select_events


def ids(result_stdout: str) -> list[str]:
    return result_stdout.split()


def query_ids(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(app, ["query", "--format", "ids", *args])
    assert result.exit_code == 0, result.output
    return ids(result.stdout)


@pytest.mark.parametrize("name", ["Saraqib", "saraqib", "Saraqeb", "SARAQEB", "سراقب"])
def test_place_aliases_resolve_to_one_place(runner: CliRunner, name: str) -> None:
    assert query_ids(runner, "--place", name) == query_ids(runner, "--place", "saraqib")


@pytest.mark.parametrize("name", ["Maarat al-Numaan", "maaret numan", "Maarrat al-Nu'man", "Ma’arrat an-Nu’man", "MAARRAT AL NUMAN"])
def test_accents_apostrophes_and_case_are_forgiven(runner: CliRunner, dataset: Dataset, name: str) -> None:
    found = query_ids(runner, "--place", name)
    assert found
    assert all("maarat-al-numaan" in dataset.event(i).places for i in found)  # type: ignore[union-attr]


def test_place_includes_places_within_it(dataset: Dataset) -> None:
    area = select_events(dataset, Filters(places=["Jabal al-Zawiya"]))
    villages = {p for e in area for p in e.places}
    assert {"kansafra", "al-bara"} <= villages
    for village in ("Kansafra", "al-Bara", "Iblin"):
        assert {e.id for e in select_events(dataset, Filters(places=[village]))} <= {e.id for e in area}


def test_repeated_place_matches_either(dataset: Dataset) -> None:
    a = {e.id for e in select_events(dataset, Filters(places=["Saraqib"]))}
    b = {e.id for e in select_events(dataset, Filters(places=["Sarmin"]))}
    both = {e.id for e in select_events(dataset, Filters(places=["Saraqib", "Sarmin"]))}
    assert both == a | b and a and b


def test_unknown_place_exits_2_with_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--place", "Sarakib"])
    assert result.exit_code == 2
    assert "did you mean" in result.stderr and "Saraqib" in result.stderr
    assert "Traceback" not in result.output


def test_near_radius(dataset: Dataset) -> None:
    near = select_events(dataset, Filters(near="Idlib", km=10))
    saraqib = dataset.places["saraqib"]
    idlib = dataset.places["idlib"]
    assert saraqib.latitude and saraqib.longitude and idlib.latitude and idlib.longitude
    distance = haversine_km(idlib.latitude, idlib.longitude, saraqib.latitude, saraqib.longitude)
    assert 14 < distance < 18  # Saraqib is about 16 km from Idlib city
    assert not any("saraqib" in e.places for e in near)
    wider = {e.id for e in select_events(dataset, Filters(near="Idlib", km=20))}
    assert {e.id for e in near} < wider
    assert any("saraqib" in dataset.event(i).places for i in wider)  # type: ignore[union-attr]


def test_near_needs_coordinates_and_km(dataset: Dataset) -> None:
    with pytest.raises(QueryError, match="no sourced coordinates"):
        select_events(dataset, Filters(near="Rameh", km=5))
    with pytest.raises(QueryError, match="go together"):
        select_events(dataset, Filters(near="Idlib"))


def test_actor_includes_sub_units(dataset: Dataset) -> None:
    fsa = {e.id for e in select_events(dataset, Filters(actors=["FSA"]))}
    battalion = {e.id for e in select_events(dataset, Filters(actors=["Harmoush Battalion"]))}
    assert battalion and battalion <= fsa


def test_side_source_type_text_filters(dataset: Dataset) -> None:
    for event in select_events(dataset, Filters(sides=["civilian"])):
        assert any(dataset.actors[a.actor].side == "civilian" for a in event.actors)
    sohr = select_events(dataset, Filters(sources=["S.O.H.R."]))
    assert sohr == select_events(dataset, Filters(sources=["Syrian Observatory for Human Rights"]))
    assert all("sohr" in e.sources() for e in sohr)
    battles = select_events(dataset, Filters(types=["battles"]))
    assert battles and all(e.event_type.value == "Battles" for e in battles)
    ieds = select_events(dataset, Filters(types=["Remote explosive/landmine/IED"]))
    assert ieds and all(e.sub_event_type == "Remote explosive/landmine/IED" for e in ieds)
    massacre = select_events(dataset, Filters(text="massacre"))
    # --text looks in the summary, the location note and the claims' and quantities' notes.
    assert massacre and all(any("massacre" in t.lower() for t in searchable_text(e)) for e in massacre)
    assert {e.id for e in massacre} >= {e.id for e in dataset.events if "massacre" in e.summary.lower()}


def test_month_overlap_and_exact_dates(dataset: Dataset) -> None:
    december = select_events(dataset, Filters(month="2011-12"))
    assert all(e.span.overlaps(*_month(2011, 12)) for e in december)
    exact = select_events(dataset, Filters(month="2011-12", exact_dates=True))
    assert {e.id for e in exact} <= {e.id for e in december}
    assert all(e.span.within(*_month(2011, 12)) for e in exact)
    # An event spanning months overlaps December but is not wholly inside it.
    assert any(not e.span.within(*_month(2011, 12)) for e in december)


def _month(year: int, month: int) -> tuple[object, object]:
    from datetime import date

    return date(year, month, 1), date(year, month, 31)


def test_since_until_and_date(dataset: Dataset) -> None:
    window = select_events(dataset, Filters(since="2011-12-19", until="2011-12-20"))
    assert any(e.id.startswith("2011-12-19-kansafra") for e in window)
    assert all(e.span.overlaps(*_day_range("2011-12-19", "2011-12-20")) for e in window)
    assert select_events(dataset, Filters(date="2011-12-19/2011-12-20")) == window


def _day_range(a: str, b: str) -> tuple[object, object]:
    from datetime import date

    return date.fromisoformat(a), date.fromisoformat(b)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2011-13"], "--month"),
        (["--month", "December"], "--month"),
        (["--since", "2012-01-01", "--until", "2011-12-01"], "comes after"),
        (["--since", "yesterday"], "--since"),
        (["--side", "rebels"], "--side"),
        (["--type", "Bombing"], "--type"),
        (["--place", ""], "empty"),
        (["--source", "Twitter"], "--source"),
        (["--near", "Idlib", "--km", "-5"], "--km"),
    ],
)
def test_bad_filters_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["query", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["--limit", "-1"], ["--km", "abc", "--near", "Idlib"], ["--format", "xml"], ["--sort", "size"]])
def test_bad_option_values_are_usage_errors(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, ["query", *args])
    assert result.exit_code == 2


def test_empty_result_is_not_an_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--place", "Saraqib", "--month", "2011-07"])
    assert result.exit_code == 0
    assert "no events match" in result.stderr
    json_result = runner.invoke(app, ["query", "--place", "Saraqib", "--month", "2011-07", "--format", "json"])
    assert json_result.exit_code == 0 and json.loads(json_result.stdout) == []


def test_json_equals_the_library(runner: CliRunner, dataset: Dataset) -> None:
    result = runner.invoke(app, ["query", "--place", "Saraqib", "--format", "json"])
    assert result.exit_code == 0
    expected = export.event_records(dataset, select_events(dataset, Filters(places=["Saraqib"])))
    assert json.loads(result.stdout) == expected


def test_every_machine_format_carries_the_same_events(runner: CliRunner, dataset: Dataset) -> None:
    wanted = [e.id for e in select_events(dataset, Filters(month="2011-12"))]
    out = {fmt: runner.invoke(app, ["query", "--month", "2011-12", "--format", fmt]) for fmt in ("json", "jsonl", "csv", "yaml", "geojson", "ids", "table")}
    assert all(r.exit_code == 0 for r in out.values())
    assert [r["id"] for r in json.loads(out["json"].stdout)] == wanted
    assert [json.loads(line)["id"] for line in out["jsonl"].stdout.splitlines()] == wanted
    assert [row["id"] for row in csv.DictReader(io.StringIO(out["csv"].stdout))] == wanted
    assert [r["id"] for r in yaml.safe_load(out["yaml"].stdout)] == wanted
    assert ids(out["ids"].stdout) == wanted
    features = json.loads(out["geojson"].stdout)["features"]
    assert {f["properties"]["id"] for f in features} <= set(wanted)
    assert all(i in out["table"].stdout for i in wanted)
    records = json.loads(out["json"].stdout)
    assert set(records[0]) >= {"id", "date", "places", "claims", "quantities", "summary", "article", "derived"}


def test_sort_and_limit(runner: CliRunner, dataset: Dataset) -> None:
    newest = query_ids(runner, "--sort", "-date", "--limit", "3")
    assert len(newest) == 3
    assert newest[0] == max(dataset.events, key=lambda e: (e.span.earliest, e.span.latest, e.id)).id
    deadliest = runner.invoke(app, ["query", "--sort", "-deaths", "--limit", "5", "--format", "json"])
    deaths = [r["derived"]["deaths"]["best"] for r in json.loads(deadliest.stdout)]
    assert deaths == sorted(deaths, reverse=True) and deaths[0] >= 100


def test_show_one_event(runner: CliRunner, dataset: Dataset) -> None:
    event_id = "2011-12-19-kansafra-kafr-oweid-defectors-killed"
    result = runner.invoke(app, ["show", event_id])
    assert result.exit_code == 0
    for text in ("Kansafra", "Syrian Observatory for Human Rights", "December 2011", "paragraph 8", "72"):
        assert text in result.stdout
    as_json = runner.invoke(app, ["show", event_id, "--format", "json"])
    assert json.loads(as_json.stdout) == export.event_record(dataset, dataset.event(event_id))  # type: ignore[arg-type]
    missing = runner.invoke(app, ["show", "2011-12-19-kansafra-kafr-oweid-defector-killed"])
    assert missing.exit_code == 2 and "did you mean" in missing.stderr


def test_table_prints_markup_literally(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--text", "massacre"])
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal


@pytest.mark.parametrize("command", ["places", "actors", "sources"])
def test_reference_listings(runner: CliRunner, dataset: Dataset, command: str) -> None:
    table = runner.invoke(app, [command])
    assert table.exit_code == 0
    rows = json.loads(runner.invoke(app, [command, "--format", "json"]).stdout)
    registry = {"places": dataset.places, "actors": dataset.actors, "sources": dataset.sources}[command]
    assert [r["id"] for r in rows] == [r.id for r in registry.values()]
    assert all(isinstance(r["events"], int) for r in rows)
    assert sum(r["events"] for r in rows) > 0
    assert runner.invoke(app, [command, "--format", "csv"]).stdout.startswith("id,")


def test_source_counts_include_aliases(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(app, ["sources", "--format", "json"]).stdout)
    sohr = next(r for r in rows if r["id"] == "sohr")
    assert "S.O.H.R." in sohr["aliases"] and sohr["events"] >= 10


def test_infobox(runner: CliRunner, dataset: Dataset) -> None:
    result = runner.invoke(app, ["infobox"])
    assert result.exit_code == 0
    for text in ("2011-09-08", "2012-03-27", "Free Syrian Army", "806", "Ghanem Ibrahim al-Hassan", "killed in action", "25,000"):
        assert text in result.stdout
    assert json.loads(runner.invoke(app, ["infobox", "--format", "json"]).stdout) == dataset.infobox.model_dump(mode="json")


def test_version_and_help(runner: CliRunner) -> None:
    from idlibevents import __version__

    assert runner.invoke(app, ["--version"]).stdout.strip() == f"idlib {__version__}"
    for command in ("query", "show", "casualties", "timeline", "places", "actors", "sources", "infobox", "validate", "schema"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example: idlib" in result.stdout, command


def test_shell_completion_is_available(runner: CliRunner) -> None:
    # Click's protocol (what `idlib --show-completion bash` prints, without guessing the shell
    # from the parent processes, which fails under some test runners).
    result = runner.invoke(app, [], env={"_IDLIB_COMPLETE": "source_bash"}, prog_name="idlib")
    assert result.exit_code == 0, result.output
    assert "complete -o default -F _idlib_completion idlib" in result.stdout
