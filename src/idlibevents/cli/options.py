"""Options and helpers shared by the commands: filters, formats, loading, errors.

A new command imports what it needs from here, so every command spells an option alike.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

DataDirOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs the Optional spelling on Python 3.11
    typer.Option("--data-dir", envvar="IDLIB_DATA_DIR", help="Folder with the data files (default: the installed copy).", show_default=False),
]


class ReportFormat(StrEnum):
    text = "text"
    json = "json"



def err(message: str) -> None:
    typer.echo(message, err=True)



# --------------------------------------------------------------------------- shared filters

PlaceOpt = Annotated[Optional[list[str]], typer.Option("--place", help="Place name or any alias (repeatable); includes places within it.", show_default=False)]  # noqa: UP045
NearOpt = Annotated[Optional[str], typer.Option("--near", help="Events within --km of this place (needs sourced coordinates).", show_default=False)]  # noqa: UP045
KmOpt = Annotated[Optional[float], typer.Option("--km", help="Radius for --near, in kilometres.", show_default=False)]  # noqa: UP045
ActorOpt = Annotated[Optional[list[str]], typer.Option("--actor", help="Actor name or alias (repeatable); includes its sub-units.", show_default=False)]  # noqa: UP045
SideOpt = Annotated[Optional[list[str]], typer.Option("--side", help="government, opposition, civilian, unknown or foreign (repeatable).", show_default=False)]  # noqa: UP045
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", help="Source name or alias, e.g. SOHR (repeatable).", show_default=False)]  # noqa: UP045
TypeOpt = Annotated[Optional[list[str]], typer.Option("--type", help="ACLED event type or sub-event type (repeatable).", show_default=False)]  # noqa: UP045
TextOpt = Annotated[Optional[str], typer.Option("--text", help="Word or phrase in the summary.", show_default=False)]  # noqa: UP045
DateOpt = Annotated[Optional[str], typer.Option("--date", help="EDTF date or range the event may overlap, e.g. 2011-12-19.", show_default=False)]  # noqa: UP045
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="First day (YYYY-MM-DD, YYYY-MM or YYYY).", show_default=False)]  # noqa: UP045
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Last day (YYYY-MM-DD, YYYY-MM or YYYY).", show_default=False)]  # noqa: UP045
MonthOpt = Annotated[Optional[str], typer.Option("--month", help="One month, YYYY-MM.", show_default=False)]  # noqa: UP045
ExactOpt = Annotated[bool, typer.Option("--exact-dates", help="Only events known to fall wholly inside the date window.")]
VerifiedOpt = Annotated[bool, typer.Option("--verified-only", help="Leave out events and claims the article calls unverified.")]
ImpreciseOpt = Annotated[bool, typer.Option("--include-imprecise", help="With --near, also keep events known only to an area, district, governorate, border or country.")]


def filters_from(
    place: list[str] | None,
    near: str | None,
    km: float | None,
    actor: list[str] | None,
    side: list[str] | None,
    source: list[str] | None,
    event_type: list[str] | None,
    text: str | None,
    date: str | None,
    since: str | None,
    until: str | None,
    month: str | None,
    exact_dates: bool,
    verified_only: bool,
    include_imprecise: bool = False,
) -> Any:
    from ..query import Filters

    return Filters(
        places=list(place or []),
        near=near,
        km=km,
        actors=list(actor or []),
        sides=list(side or []),
        sources=list(source or []),
        types=list(event_type or []),
        text=text,
        date=date,
        since=since,
        until=until,
        month=month,
        exact_dates=exact_dates,
        verified_only=verified_only,
        include_imprecise=include_imprecise,
    )


def load_dataset(data_dir: Path | None) -> Any:
    """The dataset (from the cache when it holds this very data), or exit 1 with every problem."""
    from ..cache import load_rows

    result, dataset = load_rows(data_dir)
    if dataset is None:
        from ..render import validation_text

        err(validation_text(result))
        raise typer.Exit(1)
    return dataset


def select(dataset: Any, filters: Any) -> Any:
    from ..query import QueryError, selection

    try:
        chosen = selection(dataset, filters)
    except QueryError as exc:
        err(f"Error: {exc}")
        raise typer.Exit(2) from None
    if chosen.imprecise_left_out:
        n = chosen.imprecise_left_out
        err(f"--near left out {n} event{'s' if n != 1 else ''} known only to an area, district, governorate, border or country; --include-imprecise keeps them")
    return chosen.events


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"
    geojson = "geojson"
    ids = "ids"


class TallyFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"


class SortKey(StrEnum):
    date = "date"
    date_desc = "-date"
    killed = "killed"
    killed_asc = "-killed"


class By(StrEnum):
    month = "month"
    week = "week"
    place = "place"
    actor = "actor"
    side = "side"
    source = "source"
    type = "type"
    group = "group"
    outcome = "outcome"


class Period(StrEnum):
    month = "month"
    week = "week"


def say_if_nothing(count: int) -> bool:
    if count == 0:
        err("no events match these filters")
        return True
    return False



def cell_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


ListFormatOpt = Annotated[ListFormat, typer.Option("--format", help="table, json, jsonl, csv or yaml.")]



class ExportFormat(StrEnum):
    csv = "csv"
    claims_csv = "claims-csv"
    acled = "acled"
    ucdp = "ucdp"
    geojson = "geojson"
    sqlite = "sqlite"
    datapackage = "datapackage"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"

