"""A small parser for the subset of EDTF (levels 0 and 1) that the dataset uses.

The `edtf` package would do, but importing it costs more than the whole CLI may spend
starting up; the test suite checks this parser against it on every date in the data and
on generated strings, so the two cannot drift apart.

Supported: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, each optionally followed by one
qualifier (``~`` approximate, ``?`` uncertain, ``%`` both), and closed intervals
``A/B`` of two such dates.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%])?$")

#: How far an approximate date ("~") may lie from the stated one, by precision.
#: "Around 5 October" is read as 2 to 8 October; the codebook states the rule.
APPROXIMATE_SLACK = {"day": timedelta(days=3), "month": timedelta(days=15), "year": timedelta(days=182)}


class EdtfError(ValueError):
    """A date string outside the supported EDTF subset, or an impossible date."""


class UcdpDatePrecision(IntEnum):
    """UCDP GED ``date_prec``: how closely the event's date is known."""

    EXACT = 1
    DAYS_2_TO_6 = 2
    WEEK = 3
    MONTH = 4
    LONGER = 5


class AcledTimePrecision(IntEnum):
    """ACLED ``time_precision``: 1 exact day, 2 within a week, 3 within a month or more."""

    DAY = 1
    WEEK = 2
    MONTH = 3


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The earliest and latest day an EDTF string allows, and how it was stated."""

    text: str
    earliest: date
    latest: date
    precision: str  # "day" | "month" | "year": the coarsest part of the statement
    approximate: bool
    uncertain: bool
    interval: bool

    @property
    def days(self) -> int:
        """Number of days in the span, both ends included."""
        return (self.latest - self.earliest).days + 1

    @property
    def exact(self) -> bool:
        """True when the event is known to fall on one stated day."""
        return self.days == 1 and not self.approximate and not self.uncertain

    @property
    def ucdp_date_prec(self) -> UcdpDatePrecision:
        """Map onto UCDP GED's ``date_prec`` by the width of the span."""
        if self.exact:
            return UcdpDatePrecision.EXACT
        # GED codebook: 2 a span of 2-6 days, 3 a week, 4 a month, 5 longer. By the width alone:
        # an approximate day ("2011-10-05~", three days either side) spans seven days: a week.
        days = self.days
        if days <= 6:
            return UcdpDatePrecision.DAYS_2_TO_6
        if days == 7:
            return UcdpDatePrecision.WEEK
        if days <= 31:
            return UcdpDatePrecision.MONTH
        return UcdpDatePrecision.LONGER

    @property
    def acled_time_precision(self) -> AcledTimePrecision:
        """Map onto ACLED's ``time_precision`` by the width of the span."""
        if self.exact:
            return AcledTimePrecision.DAY
        if self.days <= 7:
            return AcledTimePrecision.WEEK
        return AcledTimePrecision.MONTH

    def overlaps(self, start: date, end: date) -> bool:
        """True when some possible day of the event lies in ``start..end``."""
        return self.earliest <= end and self.latest >= start

    def within(self, start: date, end: date) -> bool:
        """True when every possible day of the event lies in ``start..end``."""
        return start <= self.earliest and self.latest <= end


def _parse_one(text: str) -> tuple[date, date, str, bool, bool]:
    match = _DATE.match(text)
    if match is None:
        raise EdtfError(f"{text!r} is not an EDTF date of the form YYYY, YYYY-MM or YYYY-MM-DD (optionally ending in ~, ? or %)")
    year = int(match["year"])
    if year == 0:
        raise EdtfError(f"{text!r}: year 0000 is not used in this dataset")
    qualifier = match["q"] or ""
    approximate = qualifier in ("~", "%")
    uncertain = qualifier in ("?", "%")
    try:
        if match["day"] is not None:
            earliest = latest = date(year, int(match["month"]), int(match["day"]))
            precision = "day"
        elif match["month"] is not None:
            month = int(match["month"])
            earliest = date(year, month, 1)
            latest = date(year, month, calendar.monthrange(year, month)[1])
            precision = "month"
        else:
            earliest, latest = date(year, 1, 1), date(year, 12, 31)
            precision = "year"
    except ValueError as exc:
        raise EdtfError(f"{text!r} is not a real calendar date ({exc})") from None
    if approximate:
        slack = APPROXIMATE_SLACK[precision]
        earliest, latest = earliest - slack, latest + slack
    return earliest, latest, precision, approximate, uncertain


_RANK = {"day": 0, "month": 1, "year": 2}


def parse_edtf(text: str) -> DateSpan:
    """Parse one EDTF string of the supported subset into a :class:`DateSpan`.

    Spans are remembered by text (they are immutable): a dataset uses a few hundred distinct
    dates, and filters, sorting and totals ask for an event's span again and again.
    """
    if not isinstance(text, str):
        raise EdtfError(f"expected an EDTF string, got {type(text).__name__}")
    return _parse_edtf(text)


@functools.lru_cache(maxsize=8192)
def _parse_edtf(text: str) -> DateSpan:
    if text.count("/") > 1:
        raise EdtfError(f"{text!r}: an interval has exactly one '/'")
    if "/" in text:
        left, right = text.split("/")
        if not left or not right or ".." in (left, right):
            raise EdtfError(f"{text!r}: open or unknown interval ends are not used; give both ends")
        a_start, _, a_prec, a_approx, a_unc = _parse_one(left)
        _, b_end, b_prec, b_approx, b_unc = _parse_one(right)
        # Compare the stated ends, before any widening for approximation.
        if _parse_one(right.rstrip("~?%"))[1] < _parse_one(left.rstrip("~?%"))[0]:
            raise EdtfError(f"{text!r}: the interval ends ({right}) before it starts ({left})")
        precision = a_prec if _RANK[a_prec] >= _RANK[b_prec] else b_prec
        return DateSpan(text, a_start, b_end, precision, a_approx or b_approx, a_unc or b_unc, True)
    earliest, latest, precision, approximate, uncertain = _parse_one(text)
    return DateSpan(text, earliest, latest, precision, approximate, uncertain, False)
