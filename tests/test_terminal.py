"""The CLI as a person meets it: 80- and 100-column terminals, pipes, typos (issue 11).

Every command is driven at both widths and must keep every line within the width, every
event's date, id and place name whole, and no trailing spaces. Piped output (no COLUMNS)
is plain aligned text. One test runs the real program in a pseudo-terminal.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.query import Filters, select_events
from idlibevents.tally import timeline

from .conftest import CLI_ENV, DATA, ROOT

WIDTHS = (80, 100)
BOX = re.compile(r"[┃┏┓┗┛━│─┌┐└┘├┤┬┴┼╇╈┡┩]")

COMMANDS = [
    ["query"],
    ["query", "--place", "Saraqib"],
    ["query", "--month", "2011-09"],
    ["query", "--month", "2011-12", "--sort", "-deaths"],
    ["show", "2011-12-19-kansafra-kafr-oweid-defectors-killed"],
    ["show", "2011-12-08-saraqib-house-raids-arrests", "2011-12-20-kansafra-kafr-oweid-clashes-second-day"],
    ["casualties"],
    ["casualties", "--by", "month"],
    ["casualties", "--by", "actor"],
    ["casualties", "--by", "source"],
    ["casualties", "--by", "place"],
    ["timeline"],
    ["timeline", "--by", "week"],
    ["places"],
    ["places", "--unlocated"],
    ["actors"],
    ["sources"],
    ["types"],
    ["infobox"],
    ["--help"],
    ["query", "--help"],
]


def run(args: list[str], columns: int | None) -> str:
    env = dict(CLI_ENV)
    if columns is None:
        env.pop("COLUMNS")
        result = CliRunner(env={**env, "COLUMNS": None}).invoke(app, args)  # type: ignore[dict-item]
    else:
        env["COLUMNS"] = str(columns)
        result = CliRunner(env=env).invoke(app, args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def places_of(dataset: Dataset, event_id: str) -> list[str]:
    event = dataset.event(event_id)
    assert event is not None
    return [dataset.places[p].name for p in event.places]


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_line_fits_and_has_no_trailing_space(args: list[str], columns: int) -> None:
    out = run(args, columns)
    assert out.strip()
    for line in out.splitlines():
        assert len(line) <= columns, f"{len(line)} > {columns}: {line!r}"
        assert line == line.rstrip(), f"trailing space: {line!r}"
        assert not BOX.search(line), f"box drawing: {line!r}"


def lines_with(out: str, needle: str) -> list[str]:
    return [line for line in out.splitlines() if needle in line]


@pytest.mark.parametrize("columns", WIDTHS)
def test_the_event_list_keeps_every_date_id_place_and_death_count_whole(dataset: Dataset, columns: int) -> None:
    """Item 1: at 80 columns the list showed only ids and split dates over five lines."""
    out = run(["query"], columns)
    from idlibevents.tally import deaths_by_event

    deaths = deaths_by_event(dataset.events)
    lines = out.splitlines()
    for event in dataset.events:
        (id_line,) = [n for n, line in enumerate(lines) if line.strip() == event.id]
        # The record is the lines from its date line down to its id line.
        start = max(n for n in range(id_line) if lines[n].startswith(event.date + " ") or lines[n] == event.date)
        record = "\n".join(lines[start : id_line + 1])
        for place in places_of(dataset, event.id):
            assert place in record, (place, record)
        best = deaths[event.id].best
        if best:
            assert re.search(rf"(?<![\d-]){best}(?![\d-])", lines[start]), (best, lines[start])
    assert f"{len(dataset.events)} of {len(dataset.events)} events" in out


@pytest.mark.parametrize("columns", WIDTHS)
def test_places_list_keeps_names_ids_and_coordinates_whole(dataset: Dataset, columns: int) -> None:
    out = run(["places"], columns)
    for place in dataset.places.values():
        assert any(line.startswith(place.name) for line in out.splitlines()), place.name
        assert f"id {place.id}" in out
        if place.latitude is not None:
            assert re.search(rf"\b{re.escape(str(place.latitude))}\b", out), place.latitude


@pytest.mark.parametrize("command", ["actors", "sources"])
def test_actor_and_source_names_are_whole(dataset: Dataset, command: str) -> None:
    out = run([command], 80)
    registry = dataset.actors if command == "actors" else dataset.sources
    for record in registry.values():
        assert any(line.startswith(record.name) for line in out.splitlines()), record.name
        assert f"id {record.id}" in out


def test_saraqib_at_80_columns_reads_as_records(dataset: Dataset) -> None:
    out = run(["query", "--place", "Saraqib"], 80)
    events = select_events(dataset, Filters(places=["Saraqib"]))
    for event in events:
        date_lines = [line for line in out.splitlines() if line.startswith(event.date + " ")]
        assert date_lines and all("Saraqib" in line for line in date_lines)
        assert any(line.strip() == event.id for line in out.splitlines())
    assert f"{len(events)} of {len(dataset.events)} events" in out
    assert "idlib show ID" in out and "--format" in out
    assert "…" in out  # summaries are cut, with an ellipsis


def test_a_pipe_without_columns_gets_plain_aligned_text(dataset: Dataset) -> None:
    """Item 2: a pipe was laid out at 160 columns, with cells padded by spaces to the end."""
    out = run(["query", "--month", "2011-12"], None)
    events = select_events(dataset, Filters(month="2011-12"))
    for event in events:
        assert f"{event.summary}" in out  # nothing cut: the reader of a pipe has no width
    for line in out.splitlines():
        assert line == line.rstrip() and not BOX.search(line)
    # Aligned: the text of every record starts in the same column as the header's.
    header = out.splitlines()[0]
    at = header.index("PLACE")
    for line in out.splitlines()[1:]:
        if re.match(r"\d{4}-", line):
            assert line[at - 2 : at] == "  " and line[at] != " ", line
    show = run(["show", "2011-12-19-kansafra-kafr-oweid-defectors-killed"], None)
    assert all(line == line.rstrip() for line in show.splitlines())


def test_a_pipe_with_columns_honours_the_width() -> None:
    out = run(["query", "--month", "2011-12"], 80)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_rendering_a_table_in_a_pipe_does_not_import_rich() -> None:
    code = "import sys; from idlibevents.cli import main; sys.argv=['idlib','query','--place','Saraqib']\ntry:\n    main()\nexcept SystemExit:\n    pass\nprint('rich' in sys.modules, file=sys.stderr)"
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["IDLIB_DATA_DIR"] = str(DATA)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert "Saraqib" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "False", proc.stderr


# --------------------------------------------------------------------------- item 3: sorting


@pytest.mark.parametrize(
    ("key", "value_of"),
    [
        ("deaths", "deaths"),
        ("killed", "deaths"),
        ("place", "place"),
        ("type", "type"),
        ("date", "date"),
    ],
)
def test_one_sort_contract_for_every_key(runner: CliRunner, dataset: Dataset, key: str, value_of: str) -> None:
    from idlibevents.names import normalize_name
    from idlibevents.tally import deaths_by_event

    events = select_events(dataset, Filters(month="2011-12"))
    deaths = {k: v.best for k, v in deaths_by_event(events).items()}

    def value(event_id: str) -> object:
        event = dataset.event(event_id)
        assert event is not None
        if value_of == "deaths":
            return deaths[event_id]
        if value_of == "place":
            return normalize_name(dataset.places[event.places[0]].name)
        if value_of == "type":
            return (event.event_type.value, event.sub_event_type)
        return (event.span.earliest, event.span.latest, event.id)

    up = runner.invoke(app, ["query", "--month", "2011-12", "--sort", key, "--format", "ids"]).stdout.split()
    down = runner.invoke(app, ["query", "--month", "2011-12", "--sort", f"-{key}", "--format", "ids"]).stdout.split()
    assert sorted(up) == sorted(down) == sorted(e.id for e in events)
    assert [value(i) for i in up] == sorted(value(i) for i in up)
    assert [value(i) for i in down] == sorted((value(i) for i in down), reverse=True)  # type: ignore[type-var]
    assert value(up[0]) != value(down[0])


def test_the_table_shows_the_deaths_it_sorted_on(runner: CliRunner, dataset: Dataset) -> None:
    from idlibevents.render import deaths_label
    from idlibevents.tally import deaths_by_event

    december = select_events(dataset, Filters(month="2011-12"))
    deaths = deaths_by_event(december)
    deadliest = max(december, key=lambda e: deaths[e.id].best)
    out = runner.invoke(app, ["query", "--month", "2011-12", "--sort", "-deaths", "--limit", "3"], env={"COLUMNS": "80"}).stdout
    first = out.splitlines()[1]
    assert first.startswith(deadliest.date) and f"  {deaths_label(deaths[deadliest.id])}  " in first, first
    assert f"3 of {len(dataset.events)} events ({len(december)} match" in out


# --------------------------------------------------------------------------- item 4: timeline


def test_timeline_rows_cover_exactly_the_window(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(app, ["timeline", "--month", "2011-12", "--format", "json"]).stdout)
    assert [r["period"] for r in rows] == ["2011-12"]
    weeks = json.loads(runner.invoke(app, ["timeline", "--by", "week", "--since", "2011-12", "--format", "json"]).stdout)
    assert weeks[0]["period"] == "2011-W48"  # the week of 1 December 2011
    assert all(r["period"] >= "2011-W48" for r in weeks)


def test_timeline_december_agrees_with_query_month(runner: CliRunner, dataset: Dataset) -> None:
    december = len(select_events(dataset, Filters(month="2011-12")))
    rows = json.loads(runner.invoke(app, ["timeline", "--month", "2011-12", "--format", "json"]).stdout)
    assert rows[0]["events"] == december
    # Over the whole span an event counts once, so December may hold fewer: the footer says why.
    whole = timeline(dataset.events, "month")
    dec = dict((p, n) for p, n, _ in whole.rows)["2011-12"]
    out = runner.invoke(app, ["timeline"], env={"COLUMNS": "80"}).stdout
    if dec != december:
        assert "more than one month" in " ".join(out.split())
        assert f"{whole.spanning} may fall in more than one month" in " ".join(out.split())
    text = " ".join(runner.invoke(app, ["timeline", "--month", "2011-12"], env={"COLUMNS": "80"}).stdout.split())
    assert "that may begin before the window are counted in its first month" in text


# --------------------------------------------------------------------------- items 6, 7, 8: vocabularies, help, data dir


def test_types_lists_every_type_with_counts(runner: CliRunner, dataset: Dataset) -> None:
    from idlibevents.vocab import SUB_EVENT_TYPES

    rows = json.loads(runner.invoke(app, ["types", "--format", "json"]).stdout)
    for event_type, subs in SUB_EVENT_TYPES.items():
        (row,) = [r for r in rows if r["event_type"] == event_type.value and r["sub_event_type"] is None]
        assert row["events"] == sum(1 for e in dataset.events if e.event_type == event_type)
        for sub in subs:
            (sub_row,) = [r for r in rows if r["sub_event_type"] == sub]
            assert sub_row["events"] == sum(1 for e in dataset.events if e.sub_event_type == sub)
    table = runner.invoke(app, ["types"]).stdout
    assert "Shelling/artillery/missile attack" in table and "shelling" in table


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["query", "--type", "shelin"], ["is not an ACLED event type", "idlib types", "did you mean 'Shelling/artillery/missile attack'"]),
        (["query", "--type", "picnic"], ["The types are Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, Strategic developments"]),
        (["query", "--side", "gov"], ["'gov' is not a side", "did you mean 'government'"]),
        (["query", "--format", "jsn"], ["--format", "'jsn' is not one of", "did you mean 'json'"]),
        (["query", "--sort", "-death"], ["--sort", "did you mean '-deaths'"]),
        (["casualties", "--by", "actr"], ["--by", "did you mean 'actor'"]),
        (["export", "acld"], ["FORMAT", "did you mean 'acled'"]),
    ],
)
def test_unknown_values_list_choices_with_did_you_mean(runner: CliRunner, args: list[str], fragments: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "Value error" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_short_type_names_work_in_type(runner: CliRunner, dataset: Dataset) -> None:
    ids = runner.invoke(app, ["query", "--type", "shelling", "--format", "ids"]).stdout.split()
    assert ids == [e.id for e in select_events(dataset, Filters(types=["Shelling/artillery/missile attack"]))] and ids


def test_help_reads_like_gh(runner: CliRunner) -> None:
    top = runner.invoke(app, ["-h"])
    assert top.exit_code == 0
    text = top.stdout
    assert text.index("query") < text.index("validate") and text.index("casualties") < text.index("schema")
    assert "Find and count events" in text and "Check and maintain the data" in text
    query = runner.invoke(app, ["query", "-h"]).stdout
    for metavar in ("--place NAME", "--since DATE", "--km N", "--limit N", "--format FORMAT", "--sort KEY", "--month YYYY-MM"):
        assert metavar in query, metavar
    assert "list[str]" not in query and "<" not in query
    assert "Usage: idlib show [OPTIONS] ID..." in runner.invoke(app, ["show", "-h"]).stdout
    for command in ("show", "casualties", "timeline", "places", "actors", "sources", "types", "infobox", "export", "report", "validate", "schema", "fmt"):
        text = runner.invoke(app, [command, "-h"]).stdout
        assert not re.search(r"<[a-z]|\{[A-Z]|list\[", text), (command, text)


@pytest.mark.parametrize("kind", ["missing", "empty", "file"])
@pytest.mark.parametrize("command", [["query"], ["casualties"], ["places"], ["validate"]])
def test_unusable_data_dir_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path, kind: str, command: list[str]) -> None:
    target = tmp_path / "data"
    if kind == "empty":
        target.mkdir()
    elif kind == "file":
        target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, [*command, "--data-dir", str(target)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert str(target) in result.stderr


# --------------------------------------------------------------------------- item 9


def test_closing_the_pipe_early_exits_0_quietly() -> None:
    env = {**os.environ, "IDLIB_DATA_DIR": str(DATA)}
    env.pop("COLUMNS", None)
    for args in (["query", "--format", "json"], ["query"]):
        proc = subprocess.Popen([sys.executable, "-m", "idlibevents", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait() == 0, err
        assert "Traceback" not in err and "Broken" not in err


def test_text_searches_claim_and_location_notes(runner: CliRunner, dataset: Dataset) -> None:
    from idlibevents.names import normalize_name

    only_in_notes = None
    for event in dataset.events:
        for note in [event.location_note, *(c.note for c in event.claims)]:
            for word in (note or "").split():
                word = word.strip(".,;:()'\"")
                if len(word) > 6 and not any(normalize_name(word) in normalize_name(e.summary) for e in dataset.events):
                    only_in_notes = (word, event.id)
                    break
            if only_in_notes:
                break
        if only_in_notes:
            break
    assert only_in_notes is not None
    word, event_id = only_in_notes
    ids = runner.invoke(app, ["query", "--text", word, "--format", "ids"]).stdout.split()
    assert event_id in ids


def test_one_spelling_of_unattributed(runner: CliRunner, dataset: Dataset) -> None:
    event = next(e for e in dataset.events if any(c.source is None for c in e.claims))
    shown = runner.invoke(app, ["show", event.id]).stdout + runner.invoke(app, ["casualties", "--by", "source"]).stdout
    assert "(unattributed)" in shown
    assert "[unattributed]" not in shown and "not named in the article" not in shown


def test_claims_show_source_names_and_singular_counts(runner: CliRunner, dataset: Dataset) -> None:
    one = next(e for e in dataset.events if any(c.count == 1 and c.group == "civilians" for c in e.claims))
    out = runner.invoke(app, ["show", one.id]).stdout
    assert re.search(r"\b1 civilian\b(?!s)", out), out
    assert "1 civilians" not in out
    sourced = next(e for e in dataset.events if any(c.source for c in e.claims))
    text = runner.invoke(app, ["show", sourced.id]).stdout
    for claim in sourced.claims:
        if claim.source:
            assert dataset.sources[claim.source].name in " ".join(text.split())


def test_casualties_csv_columns_are_named_after_by(runner: CliRunner) -> None:
    for by in ("month", "place", "actor"):
        header = next(csv.reader(io.StringIO(runner.invoke(app, ["casualties", "--by", by, "--format", "csv"]).stdout)))
        assert header[0] == by
    actor = list(csv.DictReader(io.StringIO(runner.invoke(app, ["casualties", "--by", "actor", "--format", "csv"]).stdout)))
    assert {r["role"] for r in actor} <= {"attacker", "target", "party", ""} and actor  # "" for "(no actor)"
    defectors = [r for r in actor if r["actor"] == "Army defectors" and r["outcome"] == "executed"]
    assert defectors and all(r["role"] for r in defectors)
    plain = next(csv.reader(io.StringIO(runner.invoke(app, ["casualties", "--format", "csv"]).stdout)))
    assert plain[0] == "group"


def test_actors_take_side(runner: CliRunner, dataset: Dataset) -> None:
    rows = json.loads(runner.invoke(app, ["actors", "--side", "government", "--format", "json"]).stdout)
    assert rows and {r["side"] for r in rows} == {"government"}
    assert len(rows) == sum(1 for a in dataset.actors.values() if a.side == "government")


def test_repeated_filters_match_either_and_different_filters_narrow(runner: CliRunner, dataset: Dataset) -> None:
    def ids(*args: str) -> set[str]:
        return set(runner.invoke(app, ["query", *args, "--format", "ids"]).stdout.split())

    saraqib, taftanaz = ids("--place", "Saraqib"), ids("--place", "Taftanaz")
    assert ids("--place", "Saraqib", "--place", "Taftanaz") == saraqib | taftanaz
    assert ids("--place", "Saraqib", "--month", "2012-02") == saraqib & ids("--month", "2012-02")
    assert "a filter given twice matches either value" in " ".join(runner.invoke(app, ["query", "-h"]).stdout.split())


# --------------------------------------------------------------------------- item 10: show


def test_show_takes_a_unique_prefix_several_ids_and_stdin(runner: CliRunner, dataset: Dataset) -> None:
    ids = [e.id for e in dataset.events]
    target = next(i for i in ids if sum(1 for j in ids if j.startswith(i[:16])) == 1)
    result = runner.invoke(app, ["show", target[:16]])
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == target
    several = runner.invoke(app, ["show", ids[0], ids[1], "--format", "json"])
    assert [r["id"] for r in json.loads(several.stdout)] == ids[:2]
    piped = runner.invoke(app, ["query", "--place", "Saraqib", "--format", "ids"]).stdout
    from_stdin = runner.invoke(app, ["show", "-"], input=piped)
    assert from_stdin.exit_code == 0
    for ident in piped.split():
        assert ident in from_stdin.stdout.splitlines()


def test_show_with_an_ambiguous_prefix_lists_the_matches(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "2011-12-19"])
    assert result.exit_code == 2
    assert "begins" in result.stderr and "2011-12-19-kansafra-kafr-oweid-defectors-killed" in result.stderr


# --------------------------------------------------------------------------- completion


def complete(words: str) -> list[str]:
    import shlex

    cword = len(shlex.split(words)) - (0 if words.endswith(" ") else 1)
    env = {**CLI_ENV, "_IDLIB_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner(env=env).invoke(app, [], prog_name="idlib")
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("idlib query --place Sara", "Saraqib"),
        ("idlib query --actor Free", "free-syrian-army"),
        ("idlib query --source Syrian", "sohr"),
        ("idlib query --side gov", "government"),
        ("idlib query --type Shell", "Shelling/artillery/missile-attack"),
        ("idlib query --type shel", "shelling"),
        ("idlib show 2011-12-19-kansafra-kafr-oweid-defectors-k", "2011-12-19-kansafra-kafr-oweid-defectors-killed"),
        ("idlib query --format js", "json"),
        # Aliases, ids and any case, as the filters take them (review of issue 11).
        ("idlib query --source SO", "SOHR"),
        ("idlib query --source sohr", "sohr"),
        ("idlib query --place sar", "saraqib"),
        ("idlib query --actor fsa", "free-syrian-army"),
        ("idlib query --side GOVERN", "government"),
        ("idlib query --place Idlib\\ Go", "idlib-governorate"),
    ],
)
def test_shell_completion_knows_the_data(words: str, expected: str) -> None:
    assert expected in complete(words)


@pytest.mark.parametrize("words", ["idlib query --place ", "idlib query --actor ", "idlib query --source ", "idlib query --type ", "idlib query --place Idlib"])
def test_every_completion_is_one_shell_word_the_filter_takes(runner: CliRunner, words: str) -> None:
    """bash inserts a candidate as it is: a space or a quote in one would break the command line."""
    import shlex

    found = complete(words)
    assert found
    option = shlex.split(words)[2]
    for candidate in found:
        assert shlex.split(candidate) == [candidate], candidate
        result = runner.invoke(app, ["query", option, candidate, "--format", "ids"])
        assert result.exit_code == 0, (candidate, result.output)


def _bash_session(lines: bytes) -> str:
    """What an interactive bash, with idlib's completion loaded, prints for the keys typed."""
    import select
    import shutil

    pty = pytest.importorskip("pty")
    bash = shutil.which("bash")
    script = Path(sys.executable).parent / "idlib"
    if bash is None or not script.exists():
        pytest.skip("needs bash and the installed idlib script")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "PROMPT_COMMAND")}
    env.update({"PATH": f"{script.parent}{os.pathsep}{env.get('PATH', '')}", "PS1": "$ ", "TERM": "dumb", "INPUTRC": os.devnull, "IDLIB_DATA_DIR": str(DATA), "NO_COLOR": "1"})
    main, secondary = pty.openpty()
    proc = subprocess.Popen([bash, "--norc", "--noprofile", "-i"], stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True, start_new_session=True)
    os.close(secondary)
    os.write(main, b'eval "$(_IDLIB_COMPLETE=source_bash idlib)"\n' + lines + b"exit\n")
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: bash has exited
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    proc.wait()
    return out.decode(errors="replace").replace("\r\n", "\n")


def test_tab_completion_in_real_bash_gives_a_command_line_that_runs(dataset: Dataset) -> None:
    """``--place Idlib\\ Go<TAB>`` became ``--place Idlib Governorate``, two words: "unexpected extra argument"."""
    out = _bash_session(b'idlib query --format ids --place Idlib\\ Go\t; echo "rc=$?"\nidlib query --format ids --source SO\t; echo "rc=$?"\n')
    assert "unexpected extra argument" not in out, out
    assert out.count("rc=0") == 2, out
    governorate = select_events(dataset, Filters(places=["idlib-governorate"]))
    sohr = select_events(dataset, Filters(sources=["sohr"]))
    assert governorate[0].id in out and sohr[0].id in out, out


# --------------------------------------------------------------------------- a real terminal


def test_in_a_real_pseudo_terminal_lines_fit_and_dates_are_whole(dataset: Dataset) -> None:
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update({"IDLIB_DATA_DIR": str(DATA), "NO_COLOR": "1", "TERM": "xterm"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "idlibevents", "query", "--place", "Saraqib"], stdin=secondary, stdout=secondary, stderr=secondary, env=env, cwd=ROOT, close_fds=True
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: the program closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.wait() == 0
    out = b"".join(chunks).decode().replace("\r\n", "\n")
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), out
    for event in select_events(dataset, Filters(places=["Saraqib"])):
        assert any(line.startswith(event.date + " ") for line in lines)
        assert any(line.strip() == event.id for line in lines)


# --------------------------------------------------------------------------- the layout itself


@pytest.mark.parametrize("columns", WIDTHS)
def test_totals_by_place_and_actor_keep_names_whole(runner: CliRunner, dataset: Dataset, columns: int) -> None:
    from idlibevents.tally import tally_casualties

    for by in ("place", "actor", "source"):
        out = run(["casualties", "--by", by], columns)
        keys = {row.key for row in tally_casualties(dataset, dataset.events, by).rows}
        for key in keys:
            assert any(line.startswith(key + "  ") for line in out.splitlines()), (by, key)


@settings(deadline=None, max_examples=200)
@given(
    words=st.lists(st.text(alphabet="abcdefghij-/é", min_size=1, max_size=12), min_size=1, max_size=30),
    width=st.integers(min_value=12, max_value=100),
)
def test_wrap_breaks_only_between_atoms(words: list[str], width: int) -> None:
    from idlibevents.textlayout import wrap

    lines = wrap(" ".join(words), width)
    assert " ".join(lines).split(" ") == words  # every atom whole, in order
    for line in lines:
        assert len(line) <= width or " " not in line  # only a lone over-long atom may overflow


@settings(deadline=None, max_examples=100)
@given(
    cells=st.lists(st.lists(st.text(alphabet="abcdef12 ", min_size=0, max_size=20), min_size=3, max_size=3), min_size=1, max_size=8),
    width=st.integers(min_value=30, max_value=120),
)
def test_lay_out_fits_and_never_splits_a_cell_word(cells: list[list[str]], width: int) -> None:
    from idlibevents.textlayout import Column, lay_out

    laid = lay_out([Column("A", priority=3), Column("B", priority=2), Column("C", right=True, priority=1)], cells, width)
    for line in laid.lines:
        assert len(line) <= width and line == line.rstrip()
    text = " ".join(" ".join(laid.lines).split())
    kept = [i for i, h in enumerate("ABC") if h.lower() not in laid.left_out]
    for row in cells:
        for i in kept:
            for word in row[i].split():
                assert word in text.split(), (word, laid.lines)


# --------------------------------------------------------------------------- review of issue 11


def test_show_suggests_the_most_similar_id_first(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "2011-12-08-saraqib-hous-raids-arrests"])
    assert result.exit_code == 2
    hint = result.stderr.split("did you mean ", 1)[1]
    assert hint.startswith("2011-12-08-saraqib-house-raids-arrests"), result.stderr


@pytest.mark.parametrize("output_format", ["table", "ids", "json"])
def test_limit_0_says_how_many_matched(runner: CliRunner, dataset: Dataset, output_format: str) -> None:
    result = runner.invoke(app, ["query", "--limit", "0", "--format", output_format])
    assert result.exit_code == 0
    assert f"0 of {len(dataset.events)} matching events shown (--limit 0)" in result.stderr
    assert "no events match" not in result.stderr
    nothing = runner.invoke(app, ["query", "--place", "Saraqib", "--month", "2011-01", "--format", output_format])
    assert "no events match these filters" in nothing.stderr


def _run_piped(args: list[str], stderr_columns: int | None) -> str:
    """The program's stdout into a pipe, its stderr on a pseudo-terminal that wide (None: a pipe too)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update({"IDLIB_DATA_DIR": str(DATA), "NO_COLOR": "1"})
    command = [sys.executable, "-m", "idlibevents", *args]
    if stderr_columns is None:
        proc = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        return proc.stdout
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, stderr_columns, 0, 0))
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=secondary, text=True, env=env, check=True)
    finally:
        os.close(secondary)
        os.close(main)
    return done.stdout


def test_a_pipe_read_on_a_terminal_is_laid_out_for_that_terminal(dataset: Dataset) -> None:
    """``idlib query --month 2011-12 | head`` in an 80-column terminal printed lines of ~340 characters."""
    out = _run_piped(["query", "--month", "2011-12"], 80)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    assert all(line == line.rstrip() and not BOX.search(line) for line in lines)
    for event in select_events(dataset, Filters(month="2011-12")):
        assert any(line.startswith(event.date + " ") for line in lines) and any(line.strip() == event.id for line in lines)
    # With no terminal at all (a script, CI), the output stays unbounded and uncut.
    unbounded = _run_piped(["query", "--month", "2011-12"], None)
    assert max(len(line) for line in unbounded.splitlines()) > 80
    assert "…" not in unbounded


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["query", "--sort", "DATE"], ["date"]),
        (["query", "--sort", "deths"], ["deaths"]),
        (["query", "--side", "goverment"], ["government"]),
        (["query", "--place", "Saraqb"], ["Saraqib"]),
        (["query", "--actor", "free syrain army"], ["Free Syrian Army"]),
    ],
)
def test_did_you_mean_gives_the_clearly_best_choice_alone(runner: CliRunner, args: list[str], meant: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert f"(did you mean {', '.join(repr(m) for m in meant)}?)" in message, message


def test_killed_is_taken_but_not_offered(runner: CliRunner) -> None:
    assert runner.invoke(app, ["query", "--sort", "-killed", "--format", "ids"]).stdout == runner.invoke(app, ["query", "--sort", "-deaths", "--format", "ids"]).stdout
    message = runner.invoke(app, ["query", "--sort", "nope"]).stderr
    assert "killed" not in message and "'-deaths'" in message
    assert not [c for c in complete("idlib query --sort ") if "killed" in c]


@pytest.mark.parametrize("command", [["query", "--format", "ids"], ["actors", "--format", "json"]])
def test_side_ignores_case_like_names_and_types(runner: CliRunner, command: list[str]) -> None:
    upper = runner.invoke(app, [*command, "--side", "GOVERNMENT"])
    assert upper.exit_code == 0, upper.output
    assert upper.stdout == runner.invoke(app, [*command, "--side", "government"]).stdout and upper.stdout.strip()


def test_the_type_error_is_a_short_line_then_the_types_wrapped(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--type", "picnic"], env={"COLUMNS": "80"})
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: --type: 'picnic' is not an ACLED event type or sub-event type"
    assert all(len(line) <= 80 for line in lines), lines
    assert all(line.count("(") <= 1 for line in lines), lines
    text = "\n".join(lines)
    for event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"):
        assert event_type in text, (event_type, text)  # each type whole, on one line
    assert "idlib types" in text


@pytest.mark.parametrize("command", [["query"], ["validate"]])
def test_a_data_dir_with_some_files_says_once_which_are_missing(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    import shutil

    from idlibevents.vocab import DATA_FILES

    for name in ("events.yaml", "places.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    result = runner.invoke(app, [*command, "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    missing = [f for f in DATA_FILES if not (tmp_path / f).exists()]
    assert len(lines) <= len(missing) + 2, lines  # one line a missing file, a count of what was not checked, the summary
    for name in missing:
        assert sum(1 for line in lines if f"{name}:1: file not found" in line) == 1, (name, lines)
    assert "not checked" in lines[-2] and lines[-1] == f"invalid: {len(missing)} problems in {len(missing)} files"


def test_top_help_at_80_columns_cuts_no_description(runner: CliRunner) -> None:
    text = runner.invoke(app, ["-h"], env={"COLUMNS": "80"}).stdout
    rows = text[text.index("Find and count events") :].splitlines()
    commands = [line for line in rows if line.startswith("  ")]
    assert len(commands) >= 14
    for line in commands:
        assert not line.endswith("...") and len(line) <= 80, line


def test_show_gives_one_day_once_and_a_span_in_full(runner: CliRunner, dataset: Dataset) -> None:
    one_day = next(e for e in dataset.events if e.span.earliest == e.span.latest)
    span = next(e for e in dataset.events if e.span.earliest != e.span.latest)
    line = next(li for li in runner.invoke(app, ["show", one_day.id]).stdout.splitlines() if li.startswith("date "))
    assert line.count(str(one_day.span.earliest)) == 1 and "possible days" not in line, line
    text = " ".join(runner.invoke(app, ["show", span.id]).stdout.split())
    assert f"possible days {span.span.earliest} to {span.span.latest}" in text


def test_timeline_marks_a_period_the_window_covers_in_part(runner: CliRunner) -> None:
    out = runner.invoke(app, ["timeline", "--by", "week", "--since", "2011-12", "--until", "2012-01-04"], env={"COLUMNS": "80"}).stdout
    rows = [line.split()[0] for line in out.splitlines()[1:] if re.match(r"\d{4}-W\d\d", line)]
    assert rows[0] == "2011-W48*" and rows[-1] == "2012-W01*" and not any(r.endswith("*") for r in rows[1:-1]), rows
    text = " ".join(out.split())
    assert "* 2011-W48 runs 2011-11-28 to 2011-12-04; only 2011-12-01 to 2011-12-04 are in the window and counted." in text
    assert "* 2012-W01 runs 2012-01-02 to 2012-01-08; only 2012-01-02 to 2012-01-04 are in the window and counted." in text
    whole = runner.invoke(app, ["timeline", "--month", "2011-12"], env={"COLUMNS": "80"}).stdout
    assert "*" not in whole  # a window of whole months marks nothing
    assert "*" not in runner.invoke(app, ["timeline", "--by", "week", "--since", "2011-12", "--format", "csv"]).stdout


@pytest.mark.parametrize("by", ["place", "actor"])
def test_totals_by_place_and_actor_keep_every_count_at_80_columns(dataset: Dataset, by: str) -> None:
    from idlibevents.tally import tally_casualties

    out = run(["casualties", "--by", by], 80)
    header = out.splitlines()[0].split()
    assert header[-5:] == ["LOW", "BEST", "HIGH", "EVENTS", "VAGUE"], header
    assert "too narrow" not in out
    rows = tally_casualties(dataset, dataset.events, by).rows
    numbers = [line.split()[-5:] for line in out.splitlines()[1:] if re.search(r"\d+(\s+\d+){4}$", line)]
    assert numbers == [[str(r.low), str(r.best), str(r.high), str(r.events), str(r.vague)] for r in rows]


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize(
    ("args", "code", "whole"),
    [
        (["show", "2012-02"], 2, "2012-02-04-idlib-governorate-police-sergeant-attack"),
        (["show", "2011-12-08-saraqib-hous-raids-arrests"], 2, "2011-12-08-saraqib-house-raids-arrests"),
        (["query", "--near", "Saraqib", "--km", "25", "--format", "ids"], 0, "--include-imprecise"),
    ],
    ids=["ambiguous-prefix", "did-you-mean", "near-note"],
)
def test_messages_on_stderr_fit_the_width_and_keep_ids_whole(args: list[str], code: int, whole: str, columns: int) -> None:
    result = CliRunner(env={**CLI_ENV, "COLUMNS": str(columns)}).invoke(app, args)
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert lines
    for line in lines:
        assert len(line) <= columns, f"{len(line)} > {columns}: {line!r}"
    assert any(whole in line for line in lines), result.stderr
