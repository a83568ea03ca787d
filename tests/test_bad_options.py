"""Bad command lines: exit 2, no traceback, and a message naming the option and what it allows."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from idlibevents.cli import app

# (command line, fragments the error message must contain)
BAD = [
    # unknown --format, on every command that has one
    (["query", "--format", "xml"], ["--format", "'xml'", "'table'", "'geojson'", "'ids'"]),
    (["casualties", "--format", "xml"], ["--format", "'xml'", "'table'", "'json'", "'csv'"]),
    (["timeline", "--format", "xml"], ["--format", "'xml'", "'table'", "'csv'"]),
    (["places", "--format", "xml"], ["--format", "'xml'", "'table'", "'jsonl'", "'yaml'"]),
    (["actors", "--format", "xml"], ["--format", "'xml'", "'table'"]),
    (["sources", "--format", "xml"], ["--format", "'xml'", "'table'"]),
    (["show", "2011-06-29-rameh-civilians-killed-tank-fire", "--format", "xml"], ["--format", "'xml'", "'text'", "'json'"]),
    (["validate", "--format", "xml"], ["--format", "'xml'", "'text'", "'json'"]),
    # dates
    (["query", "--month", "2011-13"], ["--month", "'2011-13' is not a month", "01 to 12", "2011-12"]),
    (["casualties", "--month", "2011-13"], ["--month", "'2011-13' is not a month"]),
    (["timeline", "--month", "2011-00"], ["--month", "'2011-00' is not a month"]),
    (["query", "--month", "December"], ["--month", "'December' is not a month", "YYYY-MM"]),
    (["query", "--since", "2012-01", "--until", "2011-12"], ["--since", "2012-01 comes after --until 2011-12"]),
    (["query", "--since", "yesterday"], ["--since", "'yesterday' is not a date", "YYYY-MM-DD, YYYY-MM or YYYY"]),
    (["query", "--until", "2012-02-30"], ["--until", "'2012-02-30' is not a date", "not a real calendar date"]),
    (["query", "--date", "2011-13"], ["--date", "'2011-13' is not a date"]),
    (["query", "--since", "2011-12~"], ["--since", "give a plain day, month or year"]),
    # numbers
    (["query", "--limit", "-1"], ["--limit", "-1 is not a number of events: give 0 or more"]),
    (["query", "--limit", "ten"], ["--limit", "'ten' is not a whole number of events"]),
    (["query", "--near", "Saraqib", "--km", "abc"], ["--km", "'abc' is not a distance in kilometres"]),
    (["query", "--near", "Saraqib", "--km", "-5"], ["--km", "-5.0 is not a distance", ">= 0"]),
    (["query", "--near", "Saraqib", "--km", "nan"], ["--km", "nan is not a distance"]),
    (["casualties", "--near", "Saraqib", "--km", "inf"], ["--km", "inf is not a distance"]),
    (["query", "--km", "5"], ["--near", "--near PLACE and --km N go together"]),
    (["query", "--near", "Saraqib"], ["--near", "--near PLACE and --km N go together"]),
    # names
    (["query", "--place", ""], ["--place", "an empty name matches nothing", "idlib places"]),
    (["query", "--place", "   "], ["--place", "an empty name matches nothing"]),
    (["casualties", "--actor", ""], ["--actor", "an empty name matches nothing", "idlib actors"]),
    (["timeline", "--source", ""], ["--source", "an empty name matches nothing", "idlib sources"]),
    (["query", "--near", "", "--km", "3"], ["--near", "an empty name matches nothing", "idlib places"]),
    (["query", "--place", "Saraqibb"], ["--place", "no place called 'Saraqibb'", "did you mean 'Saraqib'"]),
    (["query", "--actor", "Free Syrian Armee"], ["--actor", "did you mean 'Free Syrian Army'"]),
    (["query", "--text", ""], ["--text", "give a word to search for"]),
    # vocabularies
    (["casualties", "--by", "colour"], ["--by", "'colour'", "'month'", "'place'", "'outcome'"]),
    (["timeline", "--by", "year"], ["--by", "'year'", "'month'", "'week'"]),
    (["query", "--sort", "size"], ["--sort", "'size'", "'date'", "'-deaths'", "'place'", "'-type'"]),
    (["query", "--type", "Battle"], ["--type", "'Battle' is not an ACLED event type or sub-event type", "did you mean 'Battles'"]),
    (["query", "--type", "picnic"], ["--type", "'picnic' is not an ACLED event type or sub-event type"]),
    (["casualties", "--side", "gov"], ["--side", "'gov' is not a side", "government, opposition, civilian, unknown, foreign"]),
    # others
    (["show", "no-such-event"], ["no event with id 'no-such-event'"]),
    (["show", "2011-06-29-rameh-civilian-killed-tank-fire"], ["no event with id", "did you mean 2011-06-29-rameh-civilians-killed-tank-fire"]),
    (["show", "2011-12"], ["'2011-12' begins", "event ids", "give more of the id"]),
    (["query", "--data-dir", "/no/such/folder"], ["--data-dir /no/such/folder: no such folder"]),
    (["schema", "--print", "colours"], ["--print", "unknown data file 'colours'", "events, places, actors, sources, infobox"]),
    (["schema"], ["give exactly one of --write, --check or --print KIND"]),
    (["query", "--colour", "red"], ["No such option", "--colour"]),
]


@pytest.mark.parametrize(("args", "fragments"), BAD, ids=[" ".join(a) or "(none)" for a, _ in BAD])
def test_bad_option_exits_2_naming_it(runner: CliRunner, args: list[str], fragments: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == "", "an error must not print data"
    message = " ".join(result.stderr.split())  # click may wrap long lines
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {result.stderr!r}"


def test_control_characters_in_an_option_are_not_echoed_raw(runner: CliRunner) -> None:
    result = runner.invoke(app, ["query", "--place", "\x1b[31mred"])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b[31mred" in result.stderr


def test_good_values_of_the_same_options_are_accepted(runner: CliRunner) -> None:
    for args in (
        ["query", "--month", "2011-12", "--format", "ids"],
        ["query", "--limit", "0", "--format", "ids"],
        ["query", "--near", "Saraqib", "--km", "0", "--format", "ids"],
        ["casualties", "--by", "side", "--format", "json"],
        ["timeline", "--by", "week", "--since", "2011-12", "--until", "2011-12", "--format", "csv"],
        ["query", "--type", "battles", "--side", "government", "--format", "ids"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
