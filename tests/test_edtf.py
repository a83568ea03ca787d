"""Our small EDTF parser against the reference `edtf` package, on the data and on generated dates."""

from __future__ import annotations

from datetime import date, timedelta

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibevents.dataset import Dataset
from idlibevents.edtf import APPROXIMATE_SLACK, EdtfError, parse_edtf


def reference_bounds(text: str) -> tuple[date, date]:
    """Earliest and latest day per the edtf package, before our reading of '~'."""
    parsed = edtf.parse_edtf(text.replace("~", "").replace("%", "").replace("?", ""))
    lower = date(*parsed.lower_strict()[:3])
    upper = date(*parsed.upper_strict()[:3])
    return lower, upper


def our_bounds(text: str) -> tuple[date, date]:
    span = parse_edtf(text)
    if span.approximate:
        slack = APPROXIMATE_SLACK[span.precision] if not span.interval else timedelta(0)
        return span.earliest + slack, span.latest - slack
    return span.earliest, span.latest


def test_every_date_in_the_data_agrees_with_the_edtf_package(dataset: Dataset) -> None:
    for event in dataset.events:
        edtf.parse_edtf(event.date)  # the reference accepts it
        if "~" in event.date and "/" in event.date:
            continue
        assert our_bounds(event.date) == reference_bounds(event.date), event.date


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def edtf_strings(draw: st.DrawFn) -> str:
    day = draw(days)
    form = draw(st.sampled_from(["day", "month", "year"]))
    text = {"day": day.isoformat(), "month": day.strftime("%Y-%m"), "year": day.strftime("%Y")}[form]
    return text + draw(st.sampled_from(["", "~", "?", "%"]))


@settings(deadline=None)  # speed is measured in bench/, never in tests
@given(edtf_strings())
def test_generated_single_dates_agree(text: str) -> None:
    assert our_bounds(text) == reference_bounds(text)
    assert edtf.parse_edtf(text) is not None


@settings(deadline=None)
@given(days, days)
def test_generated_intervals_agree(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    text = f"{start.isoformat()}/{end.isoformat()}"
    assert our_bounds(text) == reference_bounds(text)


@settings(deadline=None)
@given(days, days)
def test_reversed_intervals_are_refused_by_both(a: date, b: date) -> None:
    if a <= b:
        a, b = b, a
    if a == b:
        return
    with pytest.raises(EdtfError):
        parse_edtf(f"{a.isoformat()}/{b.isoformat()}")


@pytest.mark.parametrize("bad", ["2011-13", "2011-02-30", "11-12-2011", "2011/", "..", "2011-12-19/..", "", "2011-1-1", "0000"])
def test_malformed_dates_are_refused(bad: str) -> None:
    with pytest.raises(EdtfError):
        parse_edtf(bad)


def test_precision_mapping() -> None:
    assert parse_edtf("2011-09-08").ucdp_date_prec == 1
    assert parse_edtf("2011-10-05~").ucdp_date_prec == 3, "seven days wide: GED's week"
    assert parse_edtf("2011-12-19/2011-12-20").ucdp_date_prec == 2
    assert parse_edtf("2012-01-21/2012-01-31").ucdp_date_prec == 4
    assert parse_edtf("2012-01").ucdp_date_prec == 4
    assert parse_edtf("2012-02-01/2012-04-10").ucdp_date_prec == 5
    assert parse_edtf("2011-09-08").acled_time_precision == 1
    assert parse_edtf("2011-10-05~").acled_time_precision == 2
    assert parse_edtf("2012-01").acled_time_precision == 3
