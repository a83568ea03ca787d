"""``idlib fmt``: canonical form without losing a comment or a value, and never on invalid data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import idlibevents
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.fmt import FmtError, comments_of, format_data_dir, format_text, iter_comment_lines
from idlibevents.loading import DATA_FILES
from idlibevents.result import DataError
from idlibevents.yamlsafe import load_yaml

from .conftest import DATA, FIXTURES

GOLDEN_IN = """\
# Test events file.
# Second header line.

# A paragraph apart from the first event: part of the file's header.

# Directly about the March event.
- id: 2012-03-10-test-march   # eol on the id
  summary: March.
  date: 2012-03-10
  places: [idlib]
  location_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  claims:
    # before the first claim
    - outcome: killed
      group: rebels
      count: 2
      qualifier: exact
      source: null
    - {outcome: killed, group: soldiers, count: 1, qualifier: exact, source: null}  # eol on a claim
  article:
    section: March 2012
    paragraph: 1
  # trailing indented comment of the March event

# About the December event.
- id: 2011-12-05-test-december
  date: '2011-12-05'
  places:
    - idlib
  location_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  summary: "December, with a long summary that was
    folded over two lines."
  article: {section: December 2011, paragraph: 2}



- id: 2011-12-01-test-month
  date: 2011-12
  places: [idlib]
  location_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  summary: 'true'
  article: {section: December 2011, paragraph: 1}

# Footer comment after the last event.
"""

GOLDEN_OUT = """\
# Test events file.
# Second header line.

# A paragraph apart from the first event: part of the file's header.

- id: 2011-12-01-test-month
  date: '2011-12'
  places: [idlib]
  location_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  summary: 'true'
  article: {section: December 2011, paragraph: 1}

# About the December event.
- id: 2011-12-05-test-december
  date: '2011-12-05'
  places: [idlib]
  location_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  summary: December, with a long summary that was folded over two lines.
  article: {section: December 2011, paragraph: 2}

# Directly about the March event.
- id: 2012-03-10-test-march  # eol on the id
  date: '2012-03-10'
  places: [idlib]
  location_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  claims:
    # before the first claim
    - {outcome: killed, group: rebels, count: 2, qualifier: exact, source: null}
    - {outcome: killed, group: soldiers, count: 1, qualifier: exact, source: null}  # eol on a claim
  summary: March.
  article: {section: March 2012, paragraph: 1}
  # trailing indented comment of the March event

# Footer comment after the last event.
"""


def copy_data(target: Path, events: str | None = None) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in DATA_FILES:
        shutil.copy(DATA / name, target / name)
    if events is not None:
        (target / "events.yaml").write_text(events, encoding="utf-8")
    return target


def same_dataset(a: Dataset, b: Dataset) -> bool:
    return sorted(a.events, key=lambda e: e.id) == sorted(b.events, key=lambda e: e.id) and (a.places, a.actors, a.sources, a.infobox) == (b.places, b.actors, b.sources, b.infobox)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- one file


def test_golden_example() -> None:
    assert format_text("events.yaml", GOLDEN_IN) == GOLDEN_OUT


def test_canonical_form_is_a_fixed_point() -> None:
    assert format_text("events.yaml", GOLDEN_OUT) == GOLDEN_OUT


def test_bom_and_crlf_become_plain_lf() -> None:
    text = (FIXTURES / "valid" / "events-bom-crlf.yaml").read_bytes().decode("utf-8")
    out = format_text("events.yaml", text)
    assert "\r" not in out
    assert not out.startswith("\ufeff")
    assert out == format_text("events.yaml", (FIXTURES / "valid" / "events-minimal.yaml").read_text(encoding="utf-8")).replace(
        "# One event using the shipped places, actors and sources.", "# Saved by a Windows editor: a byte-order mark and CRLF line endings are accepted."
    )


def test_dates_are_quoted_and_other_strings_only_when_needed() -> None:
    text = (FIXTURES / "valid" / "events-vague-aggregate-unicode.yaml").read_text(encoding="utf-8")
    out = format_text("events.yaml", text)
    assert "  date: '2012-02-14/2012-02-15'\n" in out  # was unquoted
    assert "  date: '2012-02-14~'\n" in out
    assert "summary: Fighting in Idlib (إدلب) left \"dozens\" dead.\n" in out  # unicode kept, no quotes needed


@pytest.mark.parametrize("value", ["true", "null", "~", "12", "-3", "1.5", ".5e5", "1e3", "0", "9" * 5000])
def test_strings_that_look_like_other_types_stay_strings(value: str) -> None:
    text = (FIXTURES / "valid" / "events-minimal.yaml").read_text(encoding="utf-8").replace("summary: A test event in Saraqib.", f"summary: '{value}'")
    out = format_text("events.yaml", text)
    assert f"  summary: '{value}'\n" in out


def test_numbers_are_kept_as_written() -> None:
    text = (DATA / "places.yaml").read_text(encoding="utf-8")
    out = format_text("places.yaml", text)
    assert ("36.700" in text) == ("36.700" in out)
    assert text.count("null") == out.count("null")


def test_a_block_claim_with_a_comment_inside_stays_in_block_style() -> None:
    text = (FIXTURES / "valid" / "events-minimal.yaml").read_text(encoding="utf-8").replace(
        "    - {outcome: killed, group: rebels, count: 20, qualifier: exact, source: sohr}",
        "    - outcome: killed  # why killed\n      group: rebels\n      count: 20\n      qualifier: exact\n      source: sohr",
    )
    out = format_text("events.yaml", text)
    assert "    - outcome: killed  # why killed\n      group: rebels\n" in out
    assert format_text("events.yaml", out) == out


def test_fields_follow_the_model_order() -> None:
    text = (FIXTURES / "valid" / "events-minimal.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    shuffled = "\n".join([lines[0], lines[1].replace("- id:", "- summary: A test event in Saraqib.\n  id:"), *[line for line in lines[2:] if "summary:" not in line]]) + "\n"
    assert format_text("events.yaml", shuffled) == text


# ruamel.yaml (YAML 1.2) would write these plain inside a flow mapping; PyYAML, our reader, cannot read them there.
FLOW_UNSAFE = ["?Ý", "?x", ":x", ":", "?", "? x", ": x", "-", "- x", "a?b", "a:b", "a: b", "a, b", "{x}", "[x]", "x #y", "#x", "", " x", "x ", "x\ty", "'x", '"x']


@pytest.mark.parametrize("value", FLOW_UNSAFE)
def test_flow_scalars_that_cannot_be_plain_are_quoted(value: str) -> None:
    # Found by hypothesis: an article section "?Ý" came out as {section: ?Ý, ...}, which no longer parsed.
    minimal = (FIXTURES / "valid" / "events-minimal.yaml").read_text(encoding="utf-8")
    quoted = "'" + value.replace("'", "''") + "'" if "\t" not in value else '"' + value.replace("\t", "\\t") + '"'
    text = minimal.replace("section: February 2012", f"section: {quoted}").replace("source: sohr}", f"source: sohr, note: {quoted}}}")
    assert load_yaml(text)[0][0]["article"]["section"] == value
    out = format_text("events.yaml", text)
    event = load_yaml(out)[0][0]
    assert event["article"] == {"section": value, "paragraph": 13}
    assert event["claims"][0]["note"] == value
    assert "  article: {section: " in out  # still one line
    assert format_text("events.yaml", out) == out


def test_flow_scalars_that_can_be_plain_stay_plain() -> None:
    minimal = (FIXTURES / "valid" / "events-minimal.yaml").read_text(encoding="utf-8")
    text = minimal.replace("section: February 2012", "section: '-Idlib (part 2)/Ariha!'").replace("source: sohr}", "source: sohr, note: '-x: it''s ok'}")
    out = format_text("events.yaml", text)
    assert "article: {section: -Idlib (part 2)/Ariha!, paragraph: 13}" in out
    assert "note: \"-x: it's ok\"}" in out  # quoted by ruamel's own choice, as before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("group: rebels", "g\troup: rebels"),  # found by hypothesis, in a file with a BOM and CRLF line ends
        ("summary: A test event", "summary: A\ttest event"),
        ("section: February 2012", "section: February\t2012"),
    ],
)
def test_a_tab_inside_a_plain_scalar_is_refused_not_a_crash(old: str, new: str) -> None:
    # PyYAML (the strict loader) reads a tab inside a plain scalar; ruamel.yaml 0.19 stops at it.
    text = (FIXTURES / "valid" / "events-bom-crlf.yaml").read_bytes().decode("utf-8").replace(old, new)
    load_yaml(text)  # valid YAML for our loader
    with pytest.raises(FmtError, match=r"the record at line 2: ruamel\.yaml, which fmt uses to keep comments, cannot read this record"):
        format_text("events.yaml", text)


def test_a_valid_folder_ruamel_cannot_read_is_refused_and_untouched(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_data(tmp_path / "data", small_events().replace("summary: March.", "summary: March\tagain."))
    assert idlibevents.load(folder).events  # valid data
    before = {name: (folder / name).read_bytes() for name in DATA_FILES}
    with pytest.raises(FmtError, match="cannot read this record"):
        format_data_dir(folder, check=True)
    result = runner.invoke(app, ["fmt", "--data-dir", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'events.yaml'}: the record at line " in result.stderr
    assert "Traceback" not in result.output
    assert {name: (folder / name).read_bytes() for name in DATA_FILES} == before


def test_a_flow_style_list_of_events_is_refused_with_advice() -> None:
    with pytest.raises(FmtError, match="block list"):
        format_text("events.yaml", "[{id: a, date: '2011-12-01'}]\n")


def test_an_empty_list_keeps_its_comments() -> None:
    assert format_text("events.yaml", "# nothing yet\n[]\n") == "# nothing yet\n[]\n"


def test_infobox_is_formatted_in_block_style_with_its_comments() -> None:
    text = (DATA / "infobox.yaml").read_text(encoding="utf-8")
    flowed = text.replace("article:\n  section: Infobox\n  paragraph: 1", "article: {paragraph: 1, section: Infobox}")
    assert flowed != text
    assert format_text("infobox.yaml", flowed) == format_text("infobox.yaml", text)
    assert Counter(comments_of(format_text("infobox.yaml", text))) == Counter(comments_of(text))


# --------------------------------------------------------------------------- the shipped data


@pytest.fixture(scope="module")
def formatted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_data(tmp_path_factory.mktemp("fmt") / "data")
    format_data_dir(folder)
    return folder


@pytest.mark.parametrize("name", DATA_FILES)
def test_shipped_data_keeps_every_comment(formatted: Path, name: str) -> None:
    before = (DATA / name).read_text(encoding="utf-8")
    after = (formatted / name).read_text(encoding="utf-8")
    assert Counter(comments_of(after)) == Counter(comments_of(before))
    assert len(list(iter_comment_lines(after))) == len(list(iter_comment_lines(before))) == sum(1 for line in before.splitlines() if line.lstrip().startswith("#"))


def test_shipped_data_loads_to_the_same_dataset(formatted: Path, dataset: Dataset) -> None:
    assert same_dataset(idlibevents.load(formatted), dataset)


def test_shipped_data_ends_sorted_by_date_then_id(formatted: Path) -> None:
    events = idlibevents.load(formatted).events
    keys = [(e.span.earliest, e.span.latest, e.id) for e in events]
    assert keys == sorted(keys)


def test_formatted_data_is_canonical_and_stays_put(runner: CliRunner, formatted: Path) -> None:
    before = {name: (formatted / name).stat().st_mtime_ns for name in DATA_FILES}
    result = runner.invoke(app, ["fmt", "--data-dir", str(formatted)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"data files in {formatted} are in canonical form\n"
    assert {name: (formatted / name).stat().st_mtime_ns for name in DATA_FILES} == before  # nothing rewritten


def test_check_names_the_files_that_are_not_canonical_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_data(tmp_path / "data", small_events())
    format_data_dir(folder)
    events = folder / "events.yaml"
    canonical = events.read_bytes()
    events.write_text(events.read_text(encoding="utf-8").replace("date: '2011-12-05'", "date: 2011-12-05"), encoding="utf-8")
    before = events.read_bytes()
    assert before != canonical
    result = runner.invoke(app, ["fmt", "--check", "--data-dir", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{events}: not in canonical form (run: idlib fmt)"]
    assert events.read_bytes() == before
    result = runner.invoke(app, ["fmt", "--data-dir", str(folder)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"{events}: formatted"]
    assert events.read_bytes() == canonical


def small_events() -> str:
    return GOLDEN_IN.replace("[idlib]", "[idlib-governorate]").replace("- idlib\n", "- idlib-governorate\n")


def test_library_and_cli_agree(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_data(tmp_path / "data", small_events())
    changed = format_data_dir(folder, check=True)
    result = runner.invoke(app, ["fmt", "--check", "--data-dir", str(folder)])
    assert [line.split(": ")[0] for line in result.stderr.splitlines() if "not in canonical form" in line] == [str(p) for p in changed]
    assert result.exit_code == (1 if changed else 0)


def test_fmt_keeps_file_permissions(tmp_path: Path) -> None:
    folder = copy_data(tmp_path / "data", small_events())
    (folder / "events.yaml").chmod(0o640)
    assert folder / "events.yaml" in format_data_dir(folder)
    assert (folder / "events.yaml").stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- refusals


def test_invalid_data_is_refused_and_untouched(runner: CliRunner, tmp_path: Path) -> None:
    body = GOLDEN_IN.replace("location_precision: 1", "location_precision: 9", 1)
    folder = copy_data(tmp_path / "data", body)
    before = {name: (folder / name).read_bytes() for name in DATA_FILES}
    result = runner.invoke(app, ["fmt", "--data-dir", str(folder)])
    assert result.exit_code == 1
    assert "events.yaml:11: events[0].location_precision: Input should be less than or equal to 7" in result.stderr
    assert "fmt: nothing was changed" in result.stderr
    assert {name: (folder / name).read_bytes() for name in DATA_FILES} == before
    with pytest.raises(DataError):
        format_data_dir(folder, check=True)


def test_a_missing_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fmt", "--data-dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 2  # an unusable --data-dir is bad usage, named on one line
    assert "nowhere: no such folder" in result.stderr
    assert "Traceback" not in result.output


def test_a_failed_write_leaves_every_file_and_no_temp(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_data(tmp_path / "data", small_events())
    before = {name: (folder / name).read_bytes() for name in DATA_FILES}

    def replace_fails(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", replace_fails)
    result = runner.invoke(app, ["fmt", "--data-dir", str(folder)])
    assert result.exit_code == 1
    assert "fmt: cannot write" in result.stderr
    assert "No space left on device" in result.stderr
    assert {name: (folder / name).read_bytes() for name in DATA_FILES} == before
    assert listing(folder) == sorted(DATA_FILES)


def test_the_cli_does_not_import_ruamel_to_start() -> None:
    code = "import sys, idlibevents.cli; print(any(m.startswith('ruamel') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
