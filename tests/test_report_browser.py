"""idlib report in a real browser: Debian's Chromium, driven by Playwright for Python.

The page is written by the command and opened from a file, as a user would. The tests check
that it draws without a console error and without any request but its own file, one marker
per placed event, the events with no point listed, that a period selected through the page's
API (or by dragging across the timeline) lists the events of ``idlib query --since --until``
and shows the totals of ``idlib casualties --since --until``, that a hostile summary is shown
as text, and they take the screenshot of docs/report.png (rewritten with IDLIB_UPDATE_DOCS=1).

Chromium is ``/usr/bin/chromium`` (``apt-get install -y chromium``; .ci/run installs it when it
is missing). Playwright's own browser download is never used. The tests skip only when that
file is missing, which means the package could not be installed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.location import mapping_locations

from .conftest import CLI_ENV, ROOT
from .report_fixtures import HOSTILE_EVENT, HOSTILE_PLACE, HOSTILE_SUMMARY, hostile_data

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # as root, Chromium refuses to start with its sandbox
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = ROOT / "docs" / "report.png"

if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests skipped: Debian's chromium is not installed ({CHROMIUM} is missing) and could not be installed here; "
        "install it with `apt-get install -y chromium` (.ci/run tries to)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh profile every run
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1500},
        )
        yield context
        context.close()


def write_report(tmp_path: Path, *args: str, data_dir: Path | None = None) -> Path:
    target = tmp_path / "report.html"
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    result = CliRunner(env=CLI_ENV).invoke(app, ["report", *args, "-o", str(target), *extra])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(tmp_path_factory.mktemp("report"))


class Opened:
    """A page opened from a file, with every console error and every request it made."""

    def __init__(self, context: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready=true]", timeout=15000)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def ids(self, selector: str) -> list[str]:
        found: list[str] = self.page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('data-event-id'))")
        return found

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url], "the page asked for something other than itself"


@pytest.fixture
def opened(browser: Any, report_file: Path) -> Iterator[Opened]:
    page = Opened(browser, report_file)
    yield page
    page.page.close()


def cli(*args: str) -> str:
    result = CliRunner(env=CLI_ENV).invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def placed(dataset: Dataset) -> list[str]:
    return sorted(e for e, loc in mapping_locations(dataset, dataset.events).items() if loc.latitude is not None)


# --------------------------------------------------------------------------- tests


def test_page_opens_offline_without_errors(opened: Opened) -> None:
    assert opened.page.title() == "Idlib Governorate clashes, 2011–2012"
    assert opened.page.text_content("#meta-licences") is not None
    opened.assert_clean()


def test_one_marker_per_placed_event(opened: Opened, dataset: Dataset) -> None:
    markers = opened.ids("#map-root .marker[data-event-id]")
    assert sorted(markers) == placed(dataset)
    assert len(set(markers)) == len(markers)
    # Every table row too carries its event's id: all the events, before any selection.
    assert sorted(opened.ids("#events-body tr[data-event-id]")) == sorted(e.id for e in dataset.events)
    opened.assert_clean()


def test_events_without_a_point_are_listed(opened: Opened, dataset: Dataset) -> None:
    unplaced = sorted(e for e, loc in mapping_locations(dataset, dataset.events).items() if loc.latitude is None)
    assert unplaced, "every event has a point now: pick a test that still shows the list"
    assert sorted(opened.ids("#unplaced-list li[data-event-id]")) == unplaced
    opened.assert_clean()


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2012-01-01", "2012-03-31", ("month", "2012-01-01", "2012-03-31", False)),
        ("2011-12-19", "2011-12-25", ("week", "2011-12-19", "2011-12-25", False)),
        ("2011-12-10", "2012-01-05", ("month", "2011-12-01", "2012-01-31", True)),  # snapped to whole months
    ],
)
def test_selected_period_gives_the_events_and_totals_of_the_cli(opened: Opened, dataset: Dataset, since: str, until: str, expected: tuple[str, str, str, bool]) -> None:
    selected = opened.js("([a, b]) => window.idlibReport.select(a, b)", [since, until])
    assert (selected["granularity"], selected["since"], selected["until"], selected["snapped"]) == expected
    start, end = selected["since"], selected["until"]
    query_ids = cli("query", "--since", start, "--until", end, "--format", "ids").split()
    assert selected["events"] == query_ids
    assert opened.js("() => window.idlibReport.visibleEvents()") == query_ids  # the table, in date order
    tally = json.loads(cli("casualties", "--since", start, "--until", end, "--format", "json"))
    totals = opened.js("() => window.idlibReport.totals()")
    assert totals["deaths"] == tally["deaths"]
    assert (totals["events"], totals["events_with_figures"], totals["vague_reports"]) == (tally["events"], tally["events_with_figures"], tally["vague_reports"])
    # The map follows: the markers left bright are the selected events that have a point.
    bright = opened.ids("#map-root .marker:not(.dim)")
    assert sorted(bright) == sorted(set(query_ids) & set(placed(dataset)))
    shown = opened.page.text_content("#totals")
    assert shown is not None and f"--since {start} --until {end}" in shown and f"{tally['deaths']['best']:,}" in shown
    assert opened.js("() => window.idlibReport.clear()") is None
    assert opened.js("() => window.idlibReport.selected()") is None
    opened.assert_clean()


def test_dragging_across_the_timeline_selects_whole_periods(opened: Opened) -> None:
    periods = opened.js("() => window.idlibReport.periods('month')")
    first, last = 3, 6
    boxes = [opened.page.locator(f'#timeline-svg g[data-index="{i}"] rect.tl-hit').bounding_box() for i in (first, last)]
    y = boxes[0]["y"] + boxes[0]["height"] / 2
    opened.page.mouse.move(boxes[0]["x"] + boxes[0]["width"] * 0.7, y)
    opened.page.mouse.down()
    opened.page.mouse.move(boxes[1]["x"] + boxes[1]["width"] * 0.4, y, steps=5)
    opened.page.mouse.up()
    selected = opened.js("() => window.idlibReport.selected()")
    assert (selected["first"], selected["last"]) == (first, last)
    assert (selected["since"], selected["until"]) == (periods[first]["start"], periods[last]["end"])
    tally = json.loads(cli("casualties", "--since", selected["since"], "--until", selected["until"], "--format", "json"))
    assert opened.js("() => window.idlibReport.totals()")["deaths"] == tally["deaths"]
    opened.assert_clean()


def test_clicking_a_row_or_a_marker_opens_the_event(opened: Opened, dataset: Dataset) -> None:
    event = next(e for e in dataset.events if len(e.claims) >= 2 and e.aggregates)
    opened.page.click(f'#events-body tr[data-event-id="{event.id}"]')
    assert opened.page.is_visible("#detail")
    assert opened.page.text_content("#detail-summary") == event.summary
    assert opened.page.locator("#detail table.claims tbody tr").count() == len(event.claims)
    body = opened.page.text_content("#detail-body") or ""
    assert f"section “{event.article.section}”, paragraph {event.article.paragraph}" in body
    for part in event.aggregates:
        assert opened.page.locator(f'#detail button[data-link="{part}"]').count() == 1
    for claim in event.claims:
        if claim.source:
            assert dataset.sources[claim.source].name in body
    # A marker: the first one that is on top at its own centre, clicked where a user would.
    point = opened.js(
        """() => { window.scrollTo(0, 0); for (const m of document.querySelectorAll('#map-root .marker')) {
            const r = m.getBoundingClientRect(); const x = r.x + r.width / 2, y = r.y + r.height / 2;
            if (r.width > 4 && document.elementFromPoint(x, y) === m) return [m.getAttribute('data-event-id'), x, y]; } return null; }"""
    )
    assert point is not None
    opened.page.mouse.click(point[1], point[2])
    assert opened.page.get_attribute("#detail", "data-event-id") == point[0]
    assert opened.page.text_content("#detail-summary") == dataset.event(point[0]).summary  # type: ignore[union-attr]
    opened.assert_clean()


def test_table_sorts_and_filters(opened: Opened, dataset: Dataset) -> None:
    opened.page.click('#events-table th[data-sort="deaths"]')
    deaths = opened.js("() => window.idlibReport.visibleEvents().map(id => JSON.parse(document.getElementById('idlib-data').textContent).events.find(e => e.id === id).deaths[1])")
    assert deaths == sorted(deaths, reverse=True) and deaths[0] > 0
    opened.page.select_option("#filter-type", "Protests")
    rows = opened.js("() => window.idlibReport.visibleEvents()")
    assert rows and all(dataset.event(i).event_type.value == "Protests" for i in rows)  # type: ignore[union-attr]
    opened.page.select_option("#filter-type", "")
    opened.page.fill("#filter-text", "Saraqib")
    rows = opened.js("() => window.idlibReport.visibleEvents()")
    assert set(cli("query", "--place", "Saraqib", "--format", "ids").split()) <= set(rows)
    opened.assert_clean()


def test_zoom_and_pan_change_the_view(opened: Opened) -> None:
    before = opened.page.get_attribute("#map-view", "viewBox")
    opened.page.click("#zoom-in")
    after = opened.page.get_attribute("#map-view", "viewBox")
    assert before and after and float(after.split()[2]) < float(before.split()[2])
    box = opened.page.locator("#map-root").bounding_box()
    opened.page.mouse.move(box["x"] + 300, box["y"] + 300)
    opened.page.mouse.down()
    opened.page.mouse.move(box["x"] + 360, box["y"] + 340, steps=4)
    opened.page.mouse.up()
    panned = opened.page.get_attribute("#map-view", "viewBox")
    assert panned and panned.split()[:2] != after.split()[:2]
    opened.page.click("#zoom-home")
    assert opened.page.get_attribute("#map-view", "viewBox") == " ".join(f"{float(v):.2f}" for v in before.split())
    opened.assert_clean()


def test_hostile_strings_are_shown_as_text(browser: Any, tmp_path: Path) -> None:
    report = write_report(tmp_path, data_dir=hostile_data(tmp_path / "data"))
    opened = Opened(browser, report)
    try:
        opened.js("(id) => window.idlibReport.show(id)", HOSTILE_EVENT)
        assert opened.page.text_content("#detail-summary") == HOSTILE_SUMMARY
        assert opened.js("() => window.__pwned") is None
        assert opened.page.locator("img, iframe, #detail svg, #detail script").count() == 0
        label = opened.page.locator('#map-root text[data-place-id="report-hostile-place"]')
        assert label.text_content() == HOSTILE_PLACE
        row = opened.page.locator(f'#events-body tr[data-event-id="{HOSTILE_EVENT}"]')
        assert HOSTILE_PLACE in (row.text_content() or "")
        opened.assert_clean()  # an <img src=x> would have asked for the file x
    finally:
        opened.page.close()


def test_screenshot(opened: Opened, tmp_path: Path) -> None:
    """The picture of docs/report.md: December 2011 selected and one event open."""
    opened.js("() => window.idlibReport.select('2011-12-01', '2011-12-31')")
    opened.js("() => window.idlibReport.show('2011-12-20-jabal-al-zawiya-civilians-massacre')")
    shot = tmp_path / "report.png"
    opened.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("IDLIB_UPDATE_DOCS"):
        shutil.copy(shot, SCREENSHOT)
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "run IDLIB_UPDATE_DOCS=1 pytest tests/test_report_browser.py to make docs/report.png"
    opened.assert_clean()



def test_api_refuses_what_it_cannot_select(opened: Opened) -> None:
    from playwright.sync_api import Error

    for call in ("window.idlibReport.select('December', '2012-01-31')", "window.idlibReport.select('2012-03-01', '2012-01-31')", "window.idlibReport.select('2013-01-01', '2013-02-01')"):
        with pytest.raises(Error):
            opened.js(f"() => {call}")
        assert opened.js("() => window.idlibReport.selected()") is None
    weeks = opened.js("() => window.idlibReport.periods('week')")
    chosen = opened.js("() => window.idlibReport.selectPeriods('week', 2, 4)")
    assert (chosen["since"], chosen["until"]) == (weeks[2]["start"], weeks[4]["end"])
    assert opened.js("() => window.idlibReport.granularity()") == "week"
    opened.assert_clean()


# --------------------------------------------------------------------------- review fixes


def test_a_stacked_point_lists_every_event_there(opened: Opened, dataset: Dataset) -> None:
    locations = mapping_locations(dataset, dataset.events)
    stacked = [e for e, loc in locations.items() if loc.place == "idlib-governorate"]
    assert len(stacked) > 1
    point = opened.page.get_attribute(f'#map-root .marker[data-event-id="{stacked[0]}"]', "data-point")
    at_point = sorted(opened.ids(f'#map-root .marker[data-point="{point}"]'))
    assert at_point == sorted(stacked)
    # A user's click at the point's centre: whichever marker is on top, the list holds them all.
    opened.js("() => window.scrollTo(0, 0)")
    box = opened.page.locator(f'#map-root .marker[data-event-id="{stacked[0]}"]').bounding_box()
    opened.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert opened.page.is_visible("#point-events")
    assert sorted(opened.ids("#point-list li[data-event-id]")) == at_point
    title = opened.page.text_content("#point-title") or ""
    assert title == f"{len(at_point)} events at Idlib Governorate (place not known more precisely)"
    last = opened.ids("#point-list li[data-event-id]")[-1]
    opened.page.click(f'#point-list li[data-event-id="{last}"]')
    assert opened.page.get_attribute("#detail", "data-event-id") == last
    assert sorted(opened.ids("#map-root .marker[data-event-id]")) == placed(dataset)  # every marker stays
    # A selection narrows the list to its own events at the point.
    selected = opened.js("() => window.idlibReport.select('2012-02-01', '2012-02-29')")
    assert sorted(opened.ids("#point-list li[data-event-id]")) == sorted(set(at_point) & set(selected["events"]))
    opened.assert_clean()


def test_labels_rank_places_with_events_and_never_overprint(opened: Opened, dataset: Dataset) -> None:
    visible = opened.js(
        """() => Array.from(document.querySelectorAll('#labels text.label')).filter(t => t.getAttribute('visibility') !== 'hidden')
            .map(t => { const b = t.getBoundingClientRect(); return [t.getAttribute('data-place-id'), t.textContent, b.x, b.y, b.width, b.height]; })"""
    )
    shown = {v[0]: v[1] for v in visible}
    locations = mapping_locations(dataset, dataset.events)
    counts: dict[str, int] = {}
    for loc in locations.values():
        if loc.place is not None:
            counts[loc.place] = counts.get(loc.place, 0) + 1
    for name in ("Maarat al-Numaan", "Kafr Nabl", "Khan Shaykhun", "Binnish", "Kansafra"):
        place = next(p for p in dataset.places.values() if p.name == name)
        assert place.id in shown, f"{name} has events but no label in the first view"
        assert shown[place.id] == (f"{name} ({counts[place.id]})" if counts[place.id] > 1 else name)
    assert shown["idlib-governorate"] == f"Idlib Governorate: {counts['idlib-governorate']}(place not known more precisely)"
    for k, a in enumerate(visible):
        for b in visible[k + 1 :]:
            apart = a[2] + a[4] <= b[2] + 0.5 or b[2] + b[4] <= a[2] + 0.5 or a[3] + a[5] <= b[3] + 0.5 or b[3] + b[5] <= a[3] + 0.5
            assert apart, f"labels {a[1]!r} and {b[1]!r} overlap"
    # A label clears the largest marker of its own point, and is drawn over the markers.
    clear = opened.js(
        """() => Array.from(document.querySelectorAll('#labels text.label')).filter(t => t.getAttribute('visibility') !== 'hidden').every(t => {
            const b = t.getBoundingClientRect();
            return Array.from(document.querySelectorAll(`#map-root .marker[data-point="${t.getAttribute('data-point')}"]`)).every(m => {
                const r = m.getBoundingClientRect(); const cx = r.x + r.width / 2, cy = r.y + r.height / 2, rad = r.width / 2;
                const nx = Math.max(b.x, Math.min(cx, b.x + b.width)), ny = Math.max(b.y, Math.min(cy, b.y + b.height));
                return Math.hypot(nx - cx, ny - cy) >= rad - 1; }); })"""
    )
    assert clear
    assert opened.js("() => !!(document.getElementById('markers').compareDocumentPosition(document.getElementById('labels')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    opened.assert_clean()


def test_the_totals_command_gives_the_totals_shown(browser: Any, tmp_path: Path) -> None:
    import shlex

    report = write_report(tmp_path, "--since", "2011-12", "--until", "2012-02", "--exact-dates")
    opened = Opened(browser, report)
    try:
        for select in (None, ("2012-01-01", "2012-01-31")):
            if select:
                opened.js("([a, b]) => window.idlibReport.select(a, b)", list(select))
            shown = opened.page.text_content("#totals-command") or ""
            assert shown.startswith("Same as: idlib casualties ")
            args = shlex.split(shown.removeprefix("Same as: "))[1:]
            assert "--exact-dates" in args
            tally = json.loads(cli(*args, "--format", "json"))
            totals = opened.js("() => window.idlibReport.totals()")
            assert totals["deaths"] == tally["deaths"] and totals["events"] == tally["events"]
        opened.assert_clean()
    finally:
        opened.page.close()


def test_timeline_uses_its_whole_width(opened: Opened) -> None:
    def spans() -> tuple[float, float, float, float]:
        holder = opened.page.locator("#timeline").bounding_box()
        n = len(opened.js("() => window.idlibReport.periods()"))
        first = opened.page.locator('#timeline-svg g[data-index="0"] rect.tl-hit').bounding_box()
        last = opened.page.locator(f'#timeline-svg g[data-index="{n - 1}"] rect.tl-hit').bounding_box()
        return holder["x"], holder["x"] + holder["width"], first["x"], last["x"] + last["width"]

    left, right, first, last = spans()
    assert first - left < 60 and right - last < 3
    opened.page.set_viewport_size({"width": 960, "height": 1500})
    opened.page.wait_for_timeout(100)
    left, right, first, last = spans()
    assert first - left < 60 and right - last < 3
    opened.assert_clean()


def test_weeks_are_labelled_by_date_and_a_selection_survives_a_switch(opened: Opened) -> None:
    import re

    opened.page.click("#by-week")
    labels = opened.js("() => Array.from(document.querySelectorAll('#timeline-svg .tl-label')).map(t => t.textContent)")
    assert len(labels) > 3 and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}( \d{4})?", t) for t in labels), labels
    assert re.search(r"\d{4}$", labels[0]) and any(t.endswith("2012") for t in labels[1:])
    inside = opened.js(
        """() => { const svg = document.getElementById('timeline-svg').getBoundingClientRect();
            return Array.from(document.querySelectorAll('#timeline-svg .tl-label')).every(t => { const b = t.getBoundingClientRect(); return b.left >= svg.left && b.right <= svg.right + 0.5; }); }"""
    )
    assert inside, "a week label is cut off at the timeline's edge"
    weeks = opened.js("() => window.idlibReport.periods('week')")
    opened.js("() => window.idlibReport.selectPeriods('week', 20, 22)")
    opened.page.click("#by-month")
    selected = opened.js("() => window.idlibReport.selected()")
    assert selected["granularity"] == "month" and selected["snapped"]
    assert selected["since"] <= weeks[20]["start"] and selected["until"] >= weeks[22]["end"]
    assert opened.page.get_attribute("#timeline-svg rect.tl-selection", "visibility") == "visible"
    tally = json.loads(cli("casualties", "--since", selected["since"], "--until", selected["until"], "--format", "json"))
    assert opened.js("() => window.idlibReport.totals()")["deaths"] == tally["deaths"]
    assert "widened to whole months" in (opened.page.text_content("#selection-label") or "")
    # The low–high ranges are drawn at least 3 px tall, where low and high differ.
    heights = opened.js("() => Array.from(document.querySelectorAll('#timeline-svg .tl-range')).map(r => r.getBoundingClientRect().height)")
    assert heights and min(heights) >= 2.9
    opened.assert_clean()


def test_markers_open_from_the_keyboard_and_the_wording_is_plain(opened: Opened, dataset: Dataset) -> None:
    locations = mapping_locations(dataset, dataset.events)
    per_place: dict[str | None, int] = {}
    for loc in locations.values():
        per_place[loc.place] = per_place.get(loc.place, 0) + 1
    alone = next(e for e, loc in sorted(locations.items()) if loc.place is not None and per_place[loc.place] == 1 and loc.where_prec == 1 and not loc.fallback)
    opened.page.focus(f'#map-root .marker[data-event-id="{alone}"]')
    opened.page.keyboard.press("Enter")
    assert opened.page.get_attribute("#detail", "data-event-id") == alone
    body = opened.page.text_content("#detail-body") or ""
    assert "at the exact place (UCDP where_prec 1)" in body
    assert "known the exact place" not in body
    assert "Deaths by side of those killed (best)" in (opened.page.text_content("#totals-list") or "")
    opened.assert_clean()
