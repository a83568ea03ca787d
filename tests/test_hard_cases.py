"""Hard cases of the coding, pinned through the library API so a later edit cannot quietly undo them."""

from __future__ import annotations

from datetime import date

from idlibevents.dataset import Dataset
from idlibevents.models import Event
from idlibevents.query import Filters, select_events
from idlibevents.tally import tally_casualties


def event(dataset: Dataset, ident: str) -> Event:
    found = dataset.event(ident)
    assert found is not None, ident
    return found


def claims(e: Event) -> set[tuple[str, str, int | None, str, str | None]]:
    return {(c.outcome, c.group, c.count, c.qualifier, c.source) for c in e.claims}


def test_19_december_defectors_keep_every_sohr_figure(dataset: Dataset) -> None:
    e = event(dataset, "2011-12-19-kansafra-kafr-oweid-defectors-killed")
    assert e.places == ("kansafra", "kafr-oweid")
    assert e.location_precision == 2
    assert {("killed", "defectors", 72, "exact", "sohr"), ("killed_or_wounded", "defectors", 100, "exact", "sohr"), ("killed", "soldiers", 3, "exact", None)} <= claims(e)


def test_20_december_second_day_and_massacre_are_not_double_counted(dataset: Dataset) -> None:
    second = event(dataset, "2011-12-20-kansafra-kafr-oweid-clashes-second-day")
    assert {("killed", "defectors", 163, "exact", "wissam-tarif"), ("killed", "soldiers", 97, "exact", "wissam-tarif"), ("killed", "civilians", 9, "exact", "wissam-tarif")} <= claims(second)
    massacre = event(dataset, "2011-12-20-jabal-al-zawiya-civilians-massacre")
    assert ("killed", "civilians", 111, "at_least", "sohr") in claims(massacre)
    assert ("killed", "civilians", 100, "exact", "alaa-el-din-al-youssef") in claims(massacre)
    assert massacre.aggregates == (second.id,)
    both = tally_casualties(dataset, [second, massacre])
    civilians = next(r for r in both.rows if (r.group, r.outcome) == ("civilians", "killed"))
    assert (civilians.low, civilians.best, civilians.high) == (100, 100, 111)  # 9 + what the 100..111 toll adds, never 120


def test_previous_day_is_dated_to_19_december(dataset: Dataset) -> None:
    e = event(dataset, "2011-12-19-idlib-province-37-civilians-killed")
    assert e.date == "2011-12-19"
    assert ("killed", "civilians", 37, "exact", "sohr") in claims(e)


def test_undated_paragraph_gets_its_month(dataset: Dataset) -> None:
    e = event(dataset, "2012-03-ain-al-beida-army-overruns-village")
    assert e.date == "2012-03"
    assert e.span.ucdp_date_prec == 4
    assert (e.span.earliest, e.span.latest) == (date(2012, 3, 1), date(2012, 3, 31))
    assert {(q.item, q.count) for q in e.quantities} >= {("soldiers", 2000), ("tanks", 15)}


def test_late_january_and_around_5_october(dataset: Dataset) -> None:
    late = event(dataset, "2012-01-late-idlib-fsa-control-claim")
    assert (late.span.earliest, late.span.latest) == (date(2012, 1, 21), date(2012, 1, 31))
    around = [e for e in dataset.events if e.date == "2011-10-05~"]
    assert len(around) == 1
    assert around[0].span.approximate
    assert around[0].location_precision == 5


def test_day_toll_of_21_january_aggregates_the_days_incidents(dataset: Dataset) -> None:
    toll = event(dataset, "2012-01-21-idlib-governorate-daily-toll")
    assert ("killed", "unknown", 60, "exact", None) in claims(toll)
    day = select_events(dataset, Filters(date="2012-01-21", exact_dates=True))
    assert set(toll.aggregates) <= {e.id for e in day}
    assert tally_casualties(dataset, day).deaths["best"] == 60


def test_afp_updated_rebel_toll_includes_the_ambush(dataset: Dataset) -> None:
    afp = event(dataset, "2012-03-10-idlib-governorate-afp-rebel-toll")
    ambush = event(dataset, "2012-03-10-idlib-governorate-rebels-ambushed")
    assert ("killed", "rebels", 22, "exact", "afp") in claims(afp)
    assert ("killed", "rebels", 16, "exact", "sohr") in claims(ambush)
    assert tally_casualties(dataset, [ambush, afp]).deaths["best"] == 22


def test_abu_al_thuhur_sources_disagree_and_both_are_kept(dataset: Dataset) -> None:
    e = event(dataset, "2012-03-03-abu-al-thuhur-airbase-soldiers-executed")
    assert ("executed", "soldiers", 47, "exact", None) in claims(e)
    assert ("executed", "soldiers", 44, "exact", "snhr") in claims(e)
    assert tally_casualties(dataset, [e]).deaths == {"low": 44, "best": 44, "high": 47}


def test_refugee_camp_breakdown_is_not_added_to_a_total(dataset: Dataset) -> None:
    e = event(dataset, "2012-04-09-turkey-refugee-camp-cross-border-fire")
    total = next(i for i, c in enumerate(e.claims) if c.outcome == "wounded" and c.within_claim is None)
    assert e.claims[total].count == 5
    parts = [c for c in e.claims if c.within_claim == total]
    assert sorted((c.group, c.count) for c in parts) == [("civilians", 1), ("foreign_officials", 1), ("refugees", 3)]
    wounded = next(r for r in tally_casualties(dataset, [e]).rows if r.outcome == "wounded")
    assert (wounded.group, wounded.best) == ("unknown", 5)
    assert any(c.unverified and c.count == 2 and c.outcome == "killed" for c in e.claims)


def test_subsets_are_kept_but_not_added(dataset: Dataset) -> None:
    bus = event(dataset, "2012-01-21-jisr-al-shughur-prisoner-bus-attack")
    assert any(c.within_claim == 0 and c.count == 2 and c.source == "syrian-state-media" for c in bus.claims)
    assert tally_casualties(dataset, [bus]).deaths["best"] == 14
