"""Options and helpers shared by the commands: filters, formats, loading, errors.

A new command imports what it needs from here, so every command spells an option alike.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer


def check_data_dir(value: Path | None) -> Path | None:
    """``--data-dir`` must be a folder holding data files: else one line naming it, exit 2."""
    if value is None:
        return None
    from ..vocab import DATA_FILES

    if not value.exists():
        problem = "no such folder"
    elif not value.is_dir():
        problem = "not a folder (give the folder that holds events.yaml, places.yaml, ...)"
    elif not any((value / f).exists() for f in DATA_FILES):
        problem = f"holds none of the data files ({', '.join(DATA_FILES)})"
    else:
        return value
    # One line, as for every unusable data folder: no usage text before it.
    err(f"Error: --data-dir {plain_text(str(value))}: {problem}")
    raise typer.Exit(2)


def plain_text(value: str) -> str:
    from ..render import plain

    return plain(value)


DataDirOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs the Optional spelling on Python 3.11
    typer.Option(
        "--data-dir",
        envvar="IDLIB_DATA_DIR",
        metavar="DIR",
        callback=check_data_dir,
        help="Folder with the data files (default: the installed copy).",
        show_default=False,
    ),
]


class ReportFormat(StrEnum):
    text = "text"
    json = "json"



def err(message: str) -> None:
    typer.echo(message, err=True)


def say_error(message: str) -> None:
    """A message on stderr, each line wrapped to the terminal's width (not at all without one).

    Lines break between words, never inside a quoted value or an item of a comma-separated list
    (a type such as "Explosions/Remote violence" stays whole).
    """
    from ..textlayout import keep, shown, stderr_width, wrap

    width = stderr_width()
    for line in message.split("\n"):
        whole = re.sub(r"'[^']*'", lambda m: keep(m.group()), line)
        items = whole.split(", ")
        for n in range(1, len(items)):  # the items after the first, each up to a "; " that ends the list
            head, sep, tail = items[n].partition("; ")
            items[n] = keep(head) + sep + tail
        whole = ", ".join(items)
        for piece in wrap(whole, width, indent="  "):
            err(shown(piece))



# --------------------------------------------------------------------------- shared filters

# Shell completion: each callback imports and loads only when the shell asks, from the cache.
#
# Two rules make a candidate usable on a real command line:
# * it is one shell word: bash inserts a candidate as it is, so "Idlib Governorate" would
#   become two arguments. A name with a space or a quote completes to the record's id
#   (``idlib-governorate``), which every name filter takes, with the name as its help;
# * what was typed is matched as the filters match it (any alias or the id, ignoring case and
#   accents): ``--source SO`` finds SOHR, ``--actor fsa`` the Free Syrian Army. The spelling
#   offered is one that starts with exactly what was typed when there is one (so bash can
#   extend the word), else the id. Typer keeps only candidates that start with exactly what
#   was typed, which would drop these; :func:`own_completion` installs them without that filter.

_SHELL_WORD = re.compile(r"[A-Za-z0-9_./+@%-]+")


def candidates(items: Iterable[tuple[Sequence[str], str]], incomplete: str) -> list[tuple[str, str]]:
    """(value, help) for each item one of whose spellings begins with ``incomplete``, as the filters compare names.

    ``items`` are (spellings, help); the first spelling must be a shell word (an id), the
    value offered when no other spelling starts with exactly what was typed.
    """
    from ..names import normalize_name

    key = normalize_name(incomplete)
    out = []
    for spellings, help_text in items:
        if not any(normalize_name(s).startswith(key) for s in spellings):
            continue
        words = [s for s in spellings if _SHELL_WORD.fullmatch(s)]
        value = next((s for s in words if s.startswith(incomplete)), spellings[0])
        out.append((value, help_text))
    return list(dict.fromkeys(out))


def _completion_dataset(ctx: typer.Context) -> Any:
    import os

    from ..cache import load_rows

    folder = ctx.params.get("data_dir") or os.environ.get("IDLIB_DATA_DIR") or None
    try:
        return load_rows(Path(folder) if folder else None)[1]
    except Exception:  # completion must never print a traceback into the shell
        return None


def _complete_names(kind: str) -> Any:
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        dataset = _completion_dataset(ctx)
        if dataset is None:
            return []
        return candidates((((r.id, r.name, *r.aliases), r.name) for r in getattr(dataset, kind).values()), incomplete)

    return complete


complete_place = _complete_names("places")
complete_actor = _complete_names("actors")
complete_source = _complete_names("sources")


def complete_event_id(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _completion_dataset(ctx)
    return [] if dataset is None else [e.id for e in dataset.events if e.id.startswith(incomplete)]


def _word(name: str) -> str:
    """A type name as one shell word: ``armed-clash`` (--type folds hyphens into spaces, as names do)."""
    return name.replace(" ", "-")


def complete_type(incomplete: str) -> list[tuple[str, str]]:
    from ..vocab import SHORT_TYPES, SUB_EVENT_TYPES

    items: list[tuple[Sequence[str], str]] = [((_word(t.value),), "event type") for t in SUB_EVENT_TYPES]
    for event_type, subs in SUB_EVENT_TYPES.items():
        for sub in subs:
            # The short name first: the value offered when neither starts with exactly what was typed.
            items.append(((_word(SHORT_TYPES[sub]), _word(sub)), f"{sub} ({event_type.value})"))
    return candidates(items, incomplete)


def choices_completion(choices: Any) -> Any:
    def complete(incomplete: str) -> list[tuple[str, str]]:
        return candidates((((str(c),), "") for c in choices), incomplete)

    return complete


SIDES = ("government", "opposition", "civilian", "unknown", "foreign")
complete_side = choices_completion(SIDES)

#: The completers that choose their own candidates, by the parameter they complete.
COMPLETERS: dict[str, Callable[..., list[Any]]] = {
    "place": complete_place,
    "near": complete_place,
    "actor": complete_actor,
    "source": complete_source,
    "side": lambda ctx, incomplete: complete_side(incomplete),
    "event_type": lambda ctx, incomplete: complete_type(incomplete),
}


def own_completion(params: Iterable[Any]) -> None:
    """Complete the parameters of :data:`COMPLETERS` with their candidates as they are.

    Typer wraps an ``autocompletion`` callback in a filter that keeps only the candidates
    starting with exactly what was typed, case and all: ``--source SO`` would offer nothing
    and ``--place Idlib\\ Go`` could not become ``idlib-governorate``. Click's own hook for a
    parameter's completion (what its ``shell_complete=`` argument sets) takes them unfiltered.
    """
    for param in params:
        complete = COMPLETERS.get(param.name)
        if complete is None:
            continue

        def shell_complete(ctx: Any, _param: Any, incomplete: str, complete: Callable[..., list[Any]] = complete) -> list[Any]:
            try:
                from typer._click.shell_completion import CompletionItem
            except ImportError:  # pragma: no cover - a Typer that does not vendor Click
                from click.shell_completion import CompletionItem  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]
            try:
                found = complete(ctx, incomplete)
            except Exception:  # completion must never print a traceback into the shell
                return []
            return [CompletionItem(value, help=help_text or None) for value, help_text in found]

        param._custom_shell_complete = shell_complete

_REPEAT = "Repeat to match any of several."
PlaceOpt = Annotated[Optional[list[str]], typer.Option("--place", metavar="NAME", autocompletion=complete_place, help=f"Place name, id or alias; takes in the places within it. {_REPEAT}", show_default=False)]  # noqa: UP045
NearOpt = Annotated[Optional[str], typer.Option("--near", metavar="PLACE", autocompletion=complete_place, help="Events within --km of this place (needs sourced coordinates).", show_default=False)]  # noqa: UP045
# A number is read by :func:`number`, so a typo is told in words, not as "not a valid float".
KmOpt = Annotated[Optional[str], typer.Option("--km", metavar="N", help="Radius for --near, in kilometres.", show_default=False)]  # noqa: UP045
ActorOpt = Annotated[Optional[list[str]], typer.Option("--actor", metavar="NAME", autocompletion=complete_actor, help=f"Actor name, id or alias; takes in its sub-units. {_REPEAT}", show_default=False)]  # noqa: UP045
SideOpt = Annotated[Optional[list[str]], typer.Option("--side", metavar="SIDE", autocompletion=complete_side, help=f"An actor's side: {', '.join(SIDES)}. {_REPEAT}", show_default=False)]  # noqa: UP045
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", metavar="NAME", autocompletion=complete_source, help=f"Source name, id or alias, e.g. SOHR. {_REPEAT}", show_default=False)]  # noqa: UP045
TypeOpt = Annotated[Optional[list[str]], typer.Option("--type", metavar="TYPE", autocompletion=complete_type, help=f"ACLED event type, sub-event type or short name (see idlib types). {_REPEAT}", show_default=False)]  # noqa: UP045
TextOpt = Annotated[Optional[str], typer.Option("--text", metavar="WORDS", help="Word or phrase in the summary, the location note or a claim's note.", show_default=False)]  # noqa: UP045
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="EDTF", help="EDTF date or range the event may overlap, e.g. 2011-12-19.", show_default=False)]  # noqa: UP045
SinceOpt = Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="First day (YYYY-MM-DD, YYYY-MM or YYYY).", show_default=False)]  # noqa: UP045
UntilOpt = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Last day (YYYY-MM-DD, YYYY-MM or YYYY).", show_default=False)]  # noqa: UP045
MonthOpt = Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help="One month.", show_default=False)]  # noqa: UP045
ExactOpt = Annotated[bool, typer.Option("--exact-dates", help="Only events known to fall wholly inside the date window.")]
VerifiedOpt = Annotated[bool, typer.Option("--verified-only", help="Leave out events and claims the article calls unverified.")]
ImpreciseOpt = Annotated[bool, typer.Option("--include-imprecise", help="With --near, also keep events known only to an area, district, governorate, border or country.")]

#: The shared filters in the order --help lists them: (parameter, its option, its default).
FILTER_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("place", PlaceOpt, None),
    ("near", NearOpt, None),
    ("km", KmOpt, None),
    ("actor", ActorOpt, None),
    ("side", SideOpt, None),
    ("source", SourceOpt, None),
    ("event_type", TypeOpt, None),
    ("text", TextOpt, None),
    ("date", DateOpt, None),
    ("since", SinceOpt, None),
    ("until", UntilOpt, None),
    ("month", MonthOpt, None),
    ("exact_dates", ExactOpt, False),
    ("verified_only", VerifiedOpt, False),
    ("include_imprecise", ImpreciseOpt, False),
)


def takes_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command every shared filter option in place of its ``filters`` parameter.

    Typer builds options from a function's signature, so each command once spelled out all
    fifteen filters and passed them on by hand; a new filter meant editing five commands.
    The command now declares ``filters`` and receives the :class:`~idlibevents.query.Filters`
    they make; Typer sees the options here, in the same order, with the same help.
    """
    import functools
    import inspect

    signature = inspect.signature(command)
    parameters = list(signature.parameters.values())
    at = [p.name for p in parameters].index("filters")
    shared = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=option, default=default) for name, option, default in FILTER_OPTIONS]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name, _, _ in FILTER_OPTIONS}
        command(*args, filters=filters_from(**values), **kwargs)

    new = signature.replace(parameters=[*parameters[:at], *shared, *parameters[at + 1 :]])
    run.__signature__ = new  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in new.parameters.values()} | {"return": None}
    return run


def number(value: str, option: str, what: str, kind: type[float] | type[int]) -> Any:
    """``value`` as a number of ``kind``, or exit 2 saying what the option wants."""
    try:
        return kind(value)
    except ValueError:
        raise typer.BadParameter(f"{plain_text(repr(value))} is not {what}", param_hint=option) from None


def filters_from(
    place: list[str] | None,
    near: str | None,
    km: str | None,
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
        km=number(km, "--km", "a distance in kilometres", float) if km is not None else None,
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


def choose(value: str, choices: type[StrEnum], option: str) -> Any:
    """The member of ``choices`` named ``value``, or exit 2 listing them with a did-you-mean."""
    try:
        return choices(value)
    except ValueError:
        from ..query import suggest_choice

        names = [c.value for c in choices]
        close = suggest_choice(value, names)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise typer.BadParameter(f"{plain_text(repr(value))} is not one of {', '.join(repr(n) for n in names)}{hint}", param_hint=option) from None


def format_option(choices: type[StrEnum], help_text: str) -> Any:
    """A ``--format FORMAT`` option over ``choices`` (checked by :func:`choose`)."""
    names = ", ".join(c.value for c in choices)
    return typer.Option("--format", metavar="FORMAT", autocompletion=choices_completion([c.value for c in choices]), help=f"{help_text} One of: {names}.")


def select(dataset: Any, filters: Any) -> Any:
    from ..query import QueryError, selection

    try:
        chosen = selection(dataset, filters)
    except QueryError as exc:
        say_error(f"Error: {exc}")
        raise typer.Exit(2) from None
    if chosen.imprecise_left_out:
        n = chosen.imprecise_left_out
        say_error(f"--near left out {n} event{'s' if n != 1 else ''} known only to an area, district, governorate, border or country; --include-imprecise keeps them")
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
    """``--sort``: KEY ascending, -KEY descending, for every key.

    ``killed``, the old name of ``deaths``, is still taken (:data:`SORT_ALIASES`) but not
    offered: not in the list of choices, the did-you-mean or completion.
    """

    date = "date"
    date_desc = "-date"
    deaths = "deaths"
    deaths_desc = "-deaths"
    place = "place"
    place_desc = "-place"
    type = "type"
    type_desc = "-type"


#: Older spellings of sort keys, still taken: ``killed`` is ``deaths``.
SORT_ALIASES = {"killed": "deaths", "-killed": "-deaths"}


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


def show_lines(lines: list[str]) -> None:
    """Print a view's lines (see :mod:`idlibevents.render`)."""
    import sys

    sys.stdout.write("".join(line + "\n" for line in lines))


def say_if_nothing(count: int) -> bool:
    if count == 0:
        err("no events match these filters")
        return True
    return False



def cell_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


ListFormatOpt = Annotated[str, format_option(ListFormat, "table for people; the others carry every field.")]



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

