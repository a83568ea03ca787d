"""The counting rules: ranges, vague reports, unverified claims, subsets and aggregates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import idlibevents
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.query import Filters, select_events
from idlibevents.tally import BY_CHOICES, tally_casualties

from .conftest import DATA

EVENTS = """
- id: 2012-01-21-test-bus
  date: '2012-01-21'
  places: [jisr-al-shughur]
  location_precision: 2
  event_type: Explosions/Remote violence
  sub_event_type: Remote explosive/landmine/IED
  claims:
    - {outcome: killed, group: unknown, count: 14, qualifier: exact, source: null}
    - {outcome: killed, group: security_forces, count: 2, qualifier: exact, source: syrian-state-media, within_claim: 0}
  summary: Test part one.
  article: {section: January 2012, paragraph: 7}
- id: 2012-01-21-test-raid
  date: '2012-01-21'
  places: [ain-al-beida]
  location_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  claims:
    - {outcome: killed, group: soldiers, count: 9, qualifier: exact, source: activists}
    - {outcome: wounded, group: unknown, count: null, qualifier: vague, wording: many, source: mohammad-fizzo}
  summary: Test part two.
  article: {section: January 2012, paragraph: 7}
- id: 2012-01-21-test-day-toll
  date: '2012-01-21'
  places: [idlib-governorate]
  location_precision: 4
  event_type: Battles
  sub_event_type: Armed clash
  claims:
    - {outcome: killed, group: unknown, count: 60, qualifier: exact, source: null}
  aggregates: [2012-01-21-test-bus, 2012-01-21-test-raid]
  summary: Test day toll.
  article: {section: January 2012, paragraph: 8}
- id: 2012-03-03-test-executions
  date: '2012-03-03'
  places: [abu-al-thuhur-airbase]
  location_precision: 1
  event_type: Violence against civilians
  sub_event_type: Attack
  claims:
    - {outcome: executed, group: soldiers, count: 47, qualifier: exact, source: null}
    - {outcome: executed, group: soldiers, count: 44, qualifier: exact, source: snhr}
    - {outcome: killed_or_wounded, group: soldiers, count: 50, qualifier: exact, source: activists}
  summary: Test conflicting claims.
  article: {section: March 2012, paragraph: 2}
- id: 2011-12-20-test-three-claims
  date: '2011-12-20'
  places: [jabal-al-zawiya]
  location_precision: 5
  event_type: Violence against civilians
  sub_event_type: Attack
  claims:
    - {outcome: killed, group: civilians, count: 111, qualifier: at_least, source: sohr}
    - {outcome: killed, group: civilians, count: 100, qualifier: exact, source: alaa-el-din-al-youssef}
    - {outcome: killed, group: civilians, count: 9, qualifier: exact, source: wissam-tarif}
  summary: Test three figures.
  article: {section: December 2011, paragraph: 8}
- id: 2011-10-25-test-up-to-and-unverified
  date: '2011-10-25'
  places: [maarat-al-numaan]
  location_precision: 2
  event_type: Battles
  sub_event_type: Armed clash
  claims:
    - {outcome: killed, group: security_forces, count: 10, qualifier: up_to, source: null}
    - {outcome: killed, group: rebels, count: 3, qualifier: exact, source: sana, unverified: true}
  summary: Test up to and unverified.
  article: {section: October 2011, paragraph: 4}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    folder = tmp_path_factory.mktemp("data")
    for name in ("places.yaml", "actors.yaml", "sources.yaml", "infobox.yaml"):
        shutil.copy(DATA / name, folder / name)
    (folder / "events.yaml").write_text(EVENTS, encoding="utf-8")
    return folder, idlibevents.load(folder)


def cells(dataset: Dataset, event_ids: list[str]) -> dict[tuple[str, str], tuple[int, int, int]]:
    events = [e for e in dataset.events if e.id in event_ids]
    return {(r.group, r.outcome): (r.low, r.best, r.high) for r in tally_casualties(dataset, events).rows}


def test_conflicting_claims_give_a_range_with_the_lower_median_as_best(small: tuple[Path, Dataset]) -> None:
    _, data = small
    assert cells(data, ["2012-03-03-test-executions"])[("soldiers", "executed")] == (44, 44, 47)
    assert cells(data, ["2011-12-20-test-three-claims"])[("civilians", "killed")] == (9, 100, 111)


def test_killed_or_wounded_is_never_a_death(small: tuple[Path, Dataset]) -> None:
    _, data = small
    tally = tally_casualties(data, [e for e in data.events if e.id == "2012-03-03-test-executions"])
    assert tally.deaths == {"low": 44, "best": 44, "high": 47}


def test_up_to_and_unverified(small: tuple[Path, Dataset]) -> None:
    _, data = small
    got = cells(data, ["2011-10-25-test-up-to-and-unverified"])
    assert got[("security_forces", "killed")] == (1, 10, 10)
    assert got[("rebels", "killed")] == (0, 0, 3)


def test_aggregate_counts_only_what_its_parts_do_not(small: tuple[Path, Dataset]) -> None:
    _, data = small
    day = ["2012-01-21-test-bus", "2012-01-21-test-raid", "2012-01-21-test-day-toll"]
    tally = tally_casualties(data, [e for e in data.events if e.id in day])
    assert tally.deaths["best"] == 60  # 14 + 9 in the parts, 37 more from the day's toll: never 83, never 85
    assert [n.event for n in tally.aggregates] == ["2012-01-21-test-day-toll"]
    assert tally.aggregates[0].left_out is False
    assert tally.vague_reports == 1
    alone = tally_casualties(data, [e for e in data.events if e.id == "2012-01-21-test-day-toll"])
    assert alone.deaths["best"] == 60 and not alone.aggregates
    parts = tally_casualties(data, [e for e in data.events if e.id in day[:2]])
    assert parts.deaths["best"] == 23  # the subset of two security men is inside the 14


def test_casualties_cli_json_equals_library(small: tuple[Path, Dataset], runner: CliRunner) -> None:
    folder, data = small
    result = runner.invoke(app, ["casualties", "--data-dir", str(folder), "--month", "2012-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = tally_casualties(data, select_events(data, Filters(month="2012-01"))).to_dict()
    assert json.loads(result.stdout) == expected
    table = runner.invoke(app, ["casualties", "--data-dir", str(folder), "--month", "2012-01"])
    assert "aggregate 2012-01-21-test-day-toll reduced" in table.stdout
    assert "1 vague report (VAGUE) not counted" in table.stdout


def test_by_source_shows_each_source_alone(small: tuple[Path, Dataset]) -> None:
    _, data = small
    tally = tally_casualties(data, list(data.events), "source")
    by_key = {(r.key, r.group, r.outcome): r.best for r in tally.rows}
    assert by_key[("Syrian Network for Human Rights", "soldiers", "executed")] == 44
    assert by_key[("Syrian Observatory for Human Rights", "civilians", "killed")] == 111
    assert ("(unattributed)", "soldiers", "executed") in by_key
    assert tally.rows_overlap


def test_by_side(small: tuple[Path, Dataset]) -> None:
    _, data = small
    tally = tally_casualties(data, list(data.events), "side")
    sides = {r.key for r in tally.rows}
    assert {"government", "civilian", "opposition", "unknown"} <= sides


def test_real_data_december_has_no_double_counted_massacre(dataset: Dataset) -> None:
    december = select_events(dataset, Filters(month="2011-12"))
    tally = tally_casualties(dataset, december)
    assert any(n.event == "2011-12-20-jabal-al-zawiya-civilians-massacre" for n in tally.aggregates)
    civilians = next(r for r in tally.rows if (r.group, r.outcome) == ("civilians", "killed"))
    assert civilians.best < 37 + 111 + 9 + 100 + 11 + 5 + 4 + 3 + 1  # the competing figures are not summed


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_rows_by_period_add_up_to_the_totals(dataset: Dataset, data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.sampled_from(dataset.events), unique_by=lambda e: e.id, max_size=40))
    chosen.sort(key=lambda e: (e.span.earliest, e.id))
    whole = {(r.group, r.outcome): (r.low, r.best, r.high) for r in tally_casualties(dataset, chosen).rows}
    for by in [b for b in BY_CHOICES if b not in ("actor", "source")]:
        summed: dict[tuple[str, str], list[int]] = {}
        for row in tally_casualties(dataset, chosen, by).rows:
            slot = summed.setdefault((row.group, row.outcome), [0, 0, 0])
            slot[0] += row.low
            slot[1] += row.best
            slot[2] += row.high
        assert {k: tuple(v) for k, v in summed.items()} == whole, by


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_adding_an_event_never_lowers_the_totals(dataset: Dataset, data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.sampled_from(dataset.events), unique_by=lambda e: e.id, max_size=30))
    extra = data.draw(st.sampled_from(dataset.events))
    before = tally_casualties(dataset, chosen).deaths
    more = chosen if any(e.id == extra.id for e in chosen) else [*chosen, extra]
    after = tally_casualties(dataset, more).deaths
    # An aggregate gives way to its parts by no more than the parts add, so totals only grow.
    assert after["low"] >= before["low"]
    assert after["best"] >= before["best"]
    assert after["high"] >= before["high"]


def test_timeline(runner: CliRunner) -> None:
    result = runner.invoke(app, ["timeline", "--format", "json"])
    rows = json.loads(result.stdout)
    periods = [r["period"] for r in rows]
    assert periods == sorted(periods) and periods[0] == "2011-06"
    assert sum(r["events"] for r in rows) == len(idlibevents.load(DATA).events)
    chart = runner.invoke(app, ["timeline", "--by", "week", "--month", "2011-12"])
    assert chart.exit_code == 0 and "█" in chart.stdout and "2011-W51" in chart.stdout
