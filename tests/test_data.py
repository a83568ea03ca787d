"""The shipped data: valid, loaded through the library API, and consistent with the schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import idlibevents
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.loading import DATA_FILES
from idlibevents.schema import render_schema, schema_file_name
from idlibevents.yamlsafe import load_yaml

from .conftest import DATA, ROOT


def test_shipped_data_validates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")


def test_load_gives_a_dataset_with_lookups(dataset: Dataset) -> None:
    assert len(dataset.events) > 100
    saraqib = dataset.places.resolve("Saraqeb")
    assert saraqib is not None
    assert saraqib.id == "saraqib"
    assert dataset.places.resolve("maaret numan") is dataset.places.resolve("Ma'arrat an-Nu'man")
    assert dataset.sources.resolve("S.O.H.R.") is dataset.sources["sohr"]
    assert dataset.actors.resolve("FSA") is dataset.actors["free-syrian-army"]
    first = dataset.events[0]
    assert dataset.event(first.id) is first


def test_load_raises_data_error_with_every_problem(tmp_path: Path) -> None:
    for name in DATA_FILES:
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    events = tmp_path / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("location_precision: 1", "location_precision: 0", 2), encoding="utf-8")
    with pytest.raises(idlibevents.DataError) as info:
        idlibevents.load(tmp_path)
    assert len(info.value.result.problems) == 2
    assert all(p.file.endswith("events.yaml") and p.line > 1 for p in info.value.result.problems)


def test_every_event_is_in_the_period_and_traces_to_a_section(dataset: Dataset) -> None:
    sections = {"Lead", "Background", "September 2011", "October 2011", "November 2011", "December 2011", "January 2012",
                "February 2012", "March 2012", "Early April 2012", "Late April 2012", "May 2012"}
    for event in dataset.events:
        assert event.article.section in sections, event.id
        assert event.id[:4] in ("2011", "2012"), event.id


@pytest.mark.parametrize("name", DATA_FILES)
def test_schemas_are_in_sync(name: str) -> None:
    path = ROOT / "schemas" / schema_file_name(name)
    assert path.read_text(encoding="utf-8") == render_schema(name), "run: idlib schema --write"


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_files_pass_the_independent_jsonschema_validator(name: str) -> None:
    schema = json.loads((ROOT / "schemas" / schema_file_name(name)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data, _ = load_yaml((DATA / name).read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(data))
    assert not errors, errors[:3]


def test_jsonschema_catches_what_the_models_catch() -> None:
    schema = json.loads((ROOT / "schemas" / "events.schema.json").read_text(encoding="utf-8"))
    data, _ = load_yaml((DATA / "events.yaml").read_text(encoding="utf-8"))
    data[0]["claims"] = [{"outcome": "killed", "group": "soldiers", "count": -1, "qualifier": "exact", "source": None}]
    data[1]["colour"] = "red"
    assert len(list(jsonschema.Draft202012Validator(schema).iter_errors(data))) >= 2


def test_schema_check_command(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["schema", "--check", "--dir", str(ROOT / "schemas")]).exit_code == 0
    stale = runner.invoke(app, ["schema", "--check", "--dir", str(tmp_path)])
    assert stale.exit_code == 1
    assert "out of date" in stale.stderr
    assert runner.invoke(app, ["schema", "--write", "--dir", str(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["schema", "--check", "--dir", str(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["schema"]).exit_code == 2


def test_pre_commit_files_use_the_schemas() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "idlib validate" in hooks
    for name in DATA_FILES:
        assert f"schemas/{schema_file_name(name)}" in config


def test_shipped_data_is_in_canonical_form(runner: CliRunner) -> None:
    result = runner.invoke(app, ["fmt", "--check", "--data-dir", str(DATA)])
    assert result.exit_code == 0, result.output


def test_sub_event_literal_matches_the_type_table() -> None:
    from typing import get_args

    from idlibevents.models import SUB_EVENT_TYPES, SubEventType

    table = [sub for subs in SUB_EVENT_TYPES.values() for sub in subs]
    assert len(table) == 25
    assert set(get_args(SubEventType)) == set(table)
