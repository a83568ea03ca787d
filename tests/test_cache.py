"""The cache of validated records (idlibevents.cache): never stale, never trusted when damaged.

Every test gets its own cache folder (IDLIB_CACHE_DIR) and its own copy of the shipped
data, so what one test builds or breaks cannot reach another, nor the user's cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import idlibevents
from idlibevents import cache, export
from idlibevents.cli import app
from idlibevents.dataset import Dataset
from idlibevents.models import Actor, ActorRole, ArticleRef, Claim, Event, Place, Quantity, Source
from idlibevents.query import Filters, select_events
from idlibevents.rows import ActorRoleRow, ActorRow, ArticleRow, ClaimRow, EventRow, EventStore, PlaceRow, QuantityRow, SourceRow
from idlibevents.tally import tally_casualties, timeline_counts

from .conftest import CLI_ENV, DATA


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("IDLIB_CACHE_DIR", str(where))
    monkeypatch.delenv("IDLIB_NO_CACHE", raising=False)
    return where


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


@pytest.fixture
def cli(cache_home: Path, data: Path) -> CliRunner:
    return CliRunner(env=dict(CLI_ENV, IDLIB_DATA_DIR=str(data), IDLIB_CACHE_DIR=str(cache_home)))


def _json(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> object:
    result = runner.invoke(app, [*args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _cache_files(where: Path) -> list[Path]:
    return sorted(where.glob("data-*.cache")) if where.exists() else []


def _decodes(folder: Path) -> bool:
    key = cache.current_key(folder)
    path = cache.cache_file(folder)
    assert key is not None and path is not None
    return path.exists() and cache.decode(path.read_bytes(), key) is not None


# --------------------------------------------------------------------------- rows mirror the models


@pytest.mark.parametrize(
    ("row", "model"),
    [(EventRow, Event), (ClaimRow, Claim), (QuantityRow, Quantity), (ActorRoleRow, ActorRole), (ArticleRow, ArticleRef), (PlaceRow, Place), (ActorRow, Actor), (SourceRow, Source)],
)
def test_rows_have_the_fields_of_their_model_in_order(row: type, model: type[Event]) -> None:
    assert row._fields == tuple(model.model_fields)  # type: ignore[attr-defined]


def test_cached_rows_equal_the_validated_models(cache_home: Path, data: Path, dataset: Dataset) -> None:
    for attempt in ("built", "read back"):
        result, rows = cache.load_rows(data)
        assert rows is not None, attempt
        assert result.counts["events"] == len(dataset.events)
        assert [e.to_dict() for e in rows.events] == [e.to_dict() for e in dataset.events]
        assert list(rows.events) == list(dataset.events)
        for kind in ("places", "actors", "sources"):
            mine, theirs = getattr(rows, kind), getattr(dataset, kind)
            assert [r.to_dict() for r in mine] == [m.to_dict() for m in theirs], kind
        assert rows.infobox == dataset.infobox
        for row, model in zip(rows.events, dataset.events, strict=True):
            assert row.span == model.span and row.sources() == model.sources()
    assert len(_cache_files(cache_home)) == 1


def test_the_library_gives_the_same_results_on_rows_and_on_models(cache_home: Path, data: Path, dataset: Dataset) -> None:
    _, rows = cache.load_rows(data)
    assert rows is not None
    for filters in (Filters(), Filters(places=["Saraqib"]), Filters(month="2011-12", verified_only=True), Filters(text="defect", sources=["SOHR"])):
        on_rows, on_models = select_events(rows, filters), select_events(dataset, filters)
        assert [e.id for e in on_rows] == [e.id for e in on_models]
        assert export.event_records(rows, on_rows) == export.event_records(dataset, on_models)
        assert export.to_csv(rows, on_rows) == export.to_csv(dataset, on_models)
        assert timeline_counts(on_rows) == timeline_counts(on_models)
        for by in (None, "month", "source", "actor", "place"):
            assert tally_casualties(rows, on_rows, by).to_dict() == tally_casualties(dataset, on_models, by).to_dict()


def test_the_event_store_is_a_sequence_decoding_only_what_is_asked(cache_home: Path, data: Path, dataset: Dataset) -> None:
    cache.load_rows(data)  # builds the file
    _, rows = cache.load_rows(data)  # reads it back
    assert rows is not None
    store = rows.events
    assert isinstance(store, EventStore)
    decoded = lambda: sum(row is not None for row in store._rows)  # noqa: E731
    assert decoded() == 0
    at_saraqib = select_events(rows, Filters(places=["Saraqib"]))
    assert 0 < decoded() == len({e.id for e in dataset.events if "saraqib" in e.places}) < len(store)
    assert [e.id for e in at_saraqib] == [e.id for e in select_events(dataset, Filters(places=["Saraqib"]))]
    last = dataset.events[-1]
    assert rows.event(last.id) == store[-1] == store[len(store) - 1]
    assert rows.event("no-such-event") is None
    assert store[1:4] == [store[1], store[2], store[3]]
    with pytest.raises(IndexError):
        store[len(store)]
    assert [e.to_dict() for e in store] == [e.to_dict() for e in dataset.events]
    assert decoded() == len(store)


# --------------------------------------------------------------------------- with and without


@pytest.mark.parametrize(
    "args",
    [("query", "--place", "Saraqib"), ("query",), ("casualties", "--by", "month"), ("casualties", "--by", "source"), ("timeline",), ("places",), ("show", "2011-12-19-kansafra-kafr-oweid-defectors-killed")],
)
def test_results_with_and_without_the_cache_are_equal(cli: CliRunner, cache_home: Path, args: tuple[str, ...]) -> None:
    building = _json(cli, *args)
    assert _cache_files(cache_home), "the first run builds the cache"
    reading = _json(cli, *args)
    without = _json(cli, *args, env={"IDLIB_NO_CACHE": "1"})
    assert building == reading == without


def test_no_cache_writes_nothing(cli: CliRunner, cache_home: Path) -> None:
    _json(cli, "query", env={"IDLIB_NO_CACHE": "1"})
    assert not cache_home.exists()


def test_cli_json_from_the_cache_equals_the_library(cli: CliRunner, dataset: Dataset) -> None:
    _json(cli, "query", "--place", "Saraqib")  # builds the cache
    from_cache = _json(cli, "query", "--place", "Saraqib")
    assert from_cache == export.event_records(dataset, select_events(dataset, Filters(places=["Saraqib"])))
    totals = _json(cli, "casualties", "--by", "month")
    assert totals == json.loads(json.dumps(tally_casualties(dataset, list(dataset.events), "month").to_dict()))


# --------------------------------------------------------------------------- stale data


def test_an_edit_is_seen_by_the_next_run(cli: CliRunner, data: Path) -> None:
    before = _json(cli, "show", "2011-12-19-kansafra-kafr-oweid-defectors-killed")
    assert isinstance(before, dict)
    events = data / "events.yaml"
    text = events.read_text(encoding="utf-8")
    old = before["summary"].split()[0] + " " + before["summary"].split()[1]
    assert old in text
    events.write_text(text.replace("  summary: " + old, "  summary: EDITED " + old, 1), encoding="utf-8")
    after = _json(cli, "show", "2011-12-19-kansafra-kafr-oweid-defectors-killed")
    assert isinstance(after, dict)
    assert after["summary"] == "EDITED " + before["summary"]


@pytest.mark.parametrize("kind", ["events.yaml", "places.yaml", "actors.yaml", "sources.yaml", "infobox.yaml"])
def test_a_change_to_any_file_changes_the_key(data: Path, kind: str) -> None:
    before = cache.current_key(data)
    with (data / kind).open("a", encoding="utf-8") as handle:
        handle.write("# a comment changes nothing in the data, but the bytes\n")
    after = cache.current_key(data)
    assert before is not None and after is not None and before != after


def test_a_change_back_and_forth_never_pairs_old_records_with_new_bytes(cli: CliRunner, data: Path) -> None:
    events = data / "events.yaml"
    original = events.read_text(encoding="utf-8")
    first = _json(cli, "query", "--place", "Saraqib")
    events.write_text(original.replace("places: [saraqib]", "places: [sarmin]", 1), encoding="utf-8")
    changed = _json(cli, "query", "--place", "Saraqib")
    assert isinstance(first, list) and isinstance(changed, list)
    assert len(changed) == len(first) - 1
    events.write_text(original, encoding="utf-8")
    assert _json(cli, "query", "--place", "Saraqib") == first


def test_errors_after_a_change_keep_file_and_line(cli: CliRunner, data: Path) -> None:
    _json(cli, "query")  # a valid cache exists
    events = data / "events.yaml"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(n for n, line in enumerate(lines) if line.strip() == "location_precision: 1")
    lines[target] = lines[target].replace("location_precision: 1", "location_precision: 9")
    events.write_text("".join(lines), encoding="utf-8")
    for command in (["query"], ["casualties"], ["validate"]):
        result = cli.invoke(app, command)
        assert result.exit_code == 1, command
        assert f"events.yaml:{target + 1}: events[" in result.stderr, result.stderr
        assert "location_precision" in result.stderr
        assert "Traceback" not in result.output


def test_validate_reuses_the_verdict_only_for_the_same_bytes(cli: CliRunner, data: Path) -> None:
    _json(cli, "query")
    assert cache.cached_verdict(data) is not None
    ok = cli.invoke(app, ["validate"])
    assert ok.exit_code == 0 and ok.stdout.startswith("ok: ")
    with (data / "places.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- id: x\n")
    assert cache.cached_verdict(data) is None
    broken = cli.invoke(app, ["validate"])
    assert broken.exit_code == 1
    assert "places.yaml:" in broken.stderr


# --------------------------------------------------------------------------- damaged or foreign files


def _built(cli: CliRunner, data: Path) -> Path:
    _json(cli, "query")
    path = cache.cache_file(data)
    assert path is not None and path.exists() and _decodes(data)
    return path


def _flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:-1], id="last-byte-missing"),
        pytest.param(lambda b: b + b"x", id="trailing-byte"),
        pytest.param(lambda b: _flip(b, len(b) - 100), id="payload-bit-flip"),
        pytest.param(lambda b: _flip(b, len(cache.MAGIC) + 12), id="header-bit-flip"),
        pytest.param(lambda b: _flip(b, 0), id="magic"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: os.urandom(len(b)), id="random"),
        pytest.param(lambda b: b[: len(cache.MAGIC)] + (cache.FORMAT_VERSION + 1).to_bytes(4, "little") + b[len(cache.MAGIC) + 4 :], id="other-format"),
    ],
)
def test_a_damaged_cache_is_detected_and_rebuilt(cli: CliRunner, data: Path, damage: object) -> None:
    expected = _json(cli, "query", "--place", "Saraqib")
    path = _built(cli, data)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    key = cache.current_key(data)
    assert key is not None and cache.decode(path.read_bytes(), key) is None
    assert _json(cli, "query", "--place", "Saraqib") == expected
    assert _decodes(data), "the damaged file was replaced by a good one"


def test_a_well_formed_cache_of_other_data_is_not_trusted(cli: CliRunner, data: Path) -> None:
    expected = _json(cli, "query", "--place", "Saraqib")
    path = _built(cli, data)
    key = cache.current_key(data)
    assert key is not None
    good = cache.decode(path.read_bytes(), key)
    assert good is not None
    # Checksums intact, but made for other data (or another version of idlibevents): another key.
    lying = cache.CachedData(good.counts, good.places, good.actors, good.sources, good.infobox, [])
    path.write_bytes(cache.encode("0" * 64, lying))
    assert _json(cli, "query", "--place", "Saraqib") == expected
    assert _decodes(data)


def test_the_key_covers_the_versions(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.current_key(data)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache.current_key(data) != key
    monkeypatch.undo()
    monkeypatch.setattr(cache, "FORMAT_VERSION", cache.FORMAT_VERSION + 1)
    assert cache.current_key(data) != key
    monkeypatch.undo()
    cache._pydantic_version.cache_clear()
    monkeypatch.setattr(cache, "_pydantic_version", lambda: "0.0")
    assert cache.current_key(data) != key


def test_an_unwritable_cache_is_only_slower(tmp_path: Path, data: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go\n", encoding="utf-8")
    runner = CliRunner(env=dict(CLI_ENV, IDLIB_DATA_DIR=str(data), IDLIB_CACHE_DIR=str(blocker / "cache")))
    first = runner.invoke(app, ["query", "--format", "ids"])
    second = runner.invoke(app, ["query", "--format", "ids"])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout and first.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(cli: CliRunner, data: Path) -> None:
    (data / "events.yaml").unlink()
    os.mkfifo(data / "events.yaml")  # opening it to compute the cache key must not block
    assert cache.current_key(data) is None
    result = cli.invoke(app, ["query"])
    assert result.exit_code == 1
    assert "events.yaml:1: is not a regular file" in result.stderr


def test_old_cache_files_are_pruned(cache_home: Path, tmp_path: Path) -> None:
    for n in range(cache.KEEP_FILES + 3):
        folder = tmp_path / f"data{n}"
        shutil.copytree(DATA, folder)
        result, dataset = cache.load_rows(folder)
        assert dataset is not None, result.problems
    assert len(_cache_files(cache_home)) == cache.KEEP_FILES


def test_load_and_the_cache_give_one_record_shape(cache_home: Path, data: Path) -> None:
    # idlibevents.load() always validates the files (the cache never answers it), and hands on
    # the same read-only rows as the cached path: one shape for every consumer.
    cache.load_rows(data)
    _, cached = cache.load_rows(data)
    loaded = idlibevents.load(data)
    assert cached is not None and type(loaded) is type(cached)
    assert not isinstance(loaded.events, EventStore)  # read from the files, not the cache
    for kind, row in (("events", EventRow), ("places", PlaceRow), ("actors", ActorRow), ("sources", SourceRow)):
        assert {type(r) for r in getattr(loaded, kind)} == {type(r) for r in getattr(cached, kind)} == {row}, kind
    assert list(loaded.events) == list(cached.events)
    assert loaded.infobox == cached.infobox
    with pytest.raises(AttributeError):
        loaded.events[0].id = "changed"  # type: ignore[misc]


# --------------------------------------------------------------------------- two builders at once


def test_two_processes_building_at_once_both_succeed_and_leave_a_good_cache(cache_home: Path, data: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("IDLIB_NO_CACHE",)}
    env.update(CLI_ENV, IDLIB_DATA_DIR=str(data), IDLIB_CACHE_DIR=str(cache_home))
    for _ in range(3):
        shutil.rmtree(cache_home, ignore_errors=True)
        children = [
            subprocess.Popen([sys.executable, "-m", "idlibevents", "query", "--format", "ids"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [child.communicate(timeout=120) for child in children]
        assert [child.returncode for child in children] == [0, 0], outputs
        assert outputs[0][0] == outputs[1][0] and outputs[0][0]
        assert _decodes(data)
        assert [p.name for p in cache_home.iterdir()] == [cache.cache_file(data).name]  # type: ignore[union-attr]  # no temporary file left


# --------------------------------------------------------------------------- the fast loader


_TRICKY = [
    "",
    "---\n",
    "a",
    "- a\n- b\n",
    "{a: 1, b: [1, 2], c: {d: ~}}\n",
    "- {a: 1}\n---\n- b\n",
    "a: 1\na: 2\n",
    "- &x a\n- *x\n",
    "? [a]\n: b\n",
    "[[[[]]]]\n",
    "a: !!str 1\nb: !custom x\n",
    "a: '1'\nb: 1\nc: 0x1\nd: 1.5\ne: ~\nf: true\ng: 007\nh: .inf\ni: -0\nj: +1\nk: 1e3\nl: ''\nm: null\n",
    "1: a\ntrue: b\nnull: c\n'x': d\n",
    "- " * 40 + "x\n",
    "a: " + "9" * 5000 + "\n",
    "key: |\n  block\n  text\nother: >-\n  folded\n",
    "...\n",
    "- a\n...\n",
]


@pytest.mark.parametrize("path", sorted((DATA.parent / "tests" / "fixtures").glob("*/*.yaml")) + sorted(DATA.glob("*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_fast_loader_agrees_with_the_careful_one_on_every_fixture(path: Path) -> None:
    _agree(path.read_bytes().decode("utf-8", errors="replace"))


@pytest.mark.parametrize("text", _TRICKY)
def test_the_fast_loader_agrees_with_the_careful_one_on_tricky_yaml(text: str) -> None:
    _agree(text)


def _agree(text: str) -> None:
    from idlibevents.yamlsafe import NeedsCarefulLoad, YamlProblem, load_yaml, load_yaml_fast

    try:
        careful = load_yaml(text)[0]
    except YamlProblem:
        with pytest.raises(NeedsCarefulLoad):
            load_yaml_fast(text)
        return
    try:
        fast = load_yaml_fast(text)
    except NeedsCarefulLoad:  # allowed (the careful loader then decides), but it should not happen on valid text
        pytest.fail("the fast loader gave up on text the careful loader accepts")
    assert repr(fast) == repr(careful)
