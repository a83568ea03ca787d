"""Property-based tests: generated events round-trip, fmt is lossless, and nothing hostile escapes.

* Valid events generated from the models' vocabularies, dumped with PyYAML beside the
  shipped reference files, load back as the same records.
* ``fmt`` on such a file, with comments sprinkled through it, keeps every comment, loads to
  the same events, and is a fixed point.
* Random bytes, and random mutations of a valid file, only ever give reported problems:
  :func:`idlibevents.checker.check` returns; no exception escapes.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import idlibevents
from idlibevents import checker
from idlibevents.fmt import FmtError, comments_of, format_text
from idlibevents.loading import DATA_FILES
from idlibevents.models import PERIOD_END, PERIOD_START, SUB_EVENT_TYPES, Event, Group, Outcome, Qualifier, QuantityItem, QuantityMeasure, Role
from idlibevents.rows import row_of
from idlibevents.yamlsafe import YamlProblem, load_yaml

from .conftest import DATA, FIXTURES

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_REFS = {name: load_yaml((DATA / name).read_text(encoding="utf-8"))[0] for name in ("places.yaml", "actors.yaml", "sources.yaml")}
PLACE_IDS = sorted(p["id"] for p in _REFS["places.yaml"])
ACTOR_IDS = sorted(a["id"] for a in _REFS["actors.yaml"])
SOURCE_IDS = sorted(s["id"] for s in _REFS["sources.yaml"])
TYPE_PAIRS = [(t.value, sub) for t, subs in SUB_EVENT_TYPES.items() for sub in subs]
NUMBERED = [q for q in get_args(Qualifier) if q != "vague"]


# --------------------------------------------------------------------------- strategies


def texts(line_breaks: bool = True, max_size: int = 60) -> st.SearchStrategy[str]:
    # Surrogates cannot be stored as UTF-8; U+0085/U+2028/U+2029 are line breaks to PyYAML's reader
    # (YAML 1.1), which PyYAML's own dumper writes raw, so they would not survive any YAML round trip.
    excluded = "\x85\u2028\u2029" + ("" if line_breaks else "\n\r")
    return st.text(st.characters(exclude_categories=("Cs",), exclude_characters=excluded), min_size=1, max_size=max_size)


slugs = st.from_regex(r"[a-z0-9]{2,8}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)
days = st.integers(0, (PERIOD_END - PERIOD_START).days).map(lambda n: PERIOD_START + timedelta(days=n))


@st.composite
def edtf_dates(draw: st.DrawFn) -> str:
    day: date = draw(days)
    form = draw(st.sampled_from(["day", "month", "approx", "uncertain", "interval"]))
    if form == "day":
        return day.isoformat()
    if form == "month":
        return day.strftime("%Y-%m")
    if form == "approx":
        return day.isoformat() + "~" if PERIOD_START + timedelta(days=3) <= day <= PERIOD_END - timedelta(days=3) else day.isoformat()
    if form == "uncertain":
        return day.isoformat() + "?"
    other: date = draw(days)
    start, end = sorted((day, other))
    return f"{start.isoformat()}/{end.isoformat()}"


@st.composite
def claims(draw: st.DrawFn, text: st.SearchStrategy[str]) -> dict[str, Any]:
    claim: dict[str, Any] = {"outcome": draw(st.sampled_from(get_args(Outcome))), "group": draw(st.sampled_from(get_args(Group)))}
    if draw(st.booleans()):
        claim |= {"count": None, "qualifier": "vague", "wording": draw(text)}
    else:
        claim |= {"count": draw(st.integers(0, 10**6)), "qualifier": draw(st.sampled_from(NUMBERED))}
    claim["source"] = draw(st.none() | st.sampled_from(SOURCE_IDS))
    if draw(st.booleans()):
        claim["unverified"] = draw(st.booleans())
    if draw(st.booleans()):
        claim["note"] = draw(text)
    return claim


@st.composite
def quantities(draw: st.DrawFn, text: st.SearchStrategy[str]) -> dict[str, Any]:
    quantity: dict[str, Any] = {"item": draw(st.sampled_from(get_args(QuantityItem))), "measure": draw(st.sampled_from(get_args(QuantityMeasure)))}
    if draw(st.booleans()):
        quantity |= {"count": None, "qualifier": "vague", "wording": draw(text)}
    else:
        quantity |= {"count": draw(st.integers(0, 10**6)), "qualifier": draw(st.sampled_from(NUMBERED))}
    quantity["source"] = draw(st.none() | st.sampled_from(SOURCE_IDS))
    return quantity


@st.composite
def events(draw: st.DrawFn, line_breaks: bool = True, max_events: int = 6, text: st.SearchStrategy[str] | None = None) -> list[dict[str, Any]]:
    """A list of valid events (as plain dicts, in the models' field order) with unique ids; ``text``
    draws their free texts (default: any text)."""
    text = texts(line_breaks) if text is None else text
    ids = draw(st.lists(slugs, min_size=0, max_size=max_events, unique=True))
    out: list[dict[str, Any]] = []
    for index, ident in enumerate(ids):
        event_type, sub_type = draw(st.sampled_from(TYPE_PAIRS))
        event: dict[str, Any] = {
            "id": ident,
            "date": draw(edtf_dates()),
            "places": draw(st.lists(st.sampled_from(PLACE_IDS), min_size=1, max_size=3, unique=True)),
            "location_precision": draw(st.integers(1, 7)),
        }
        if draw(st.booleans()):
            event["location_note"] = draw(text)
        event |= {"event_type": event_type, "sub_event_type": sub_type}
        if draw(st.booleans()):
            event["actors"] = draw(st.lists(st.fixed_dictionaries({"actor": st.sampled_from(ACTOR_IDS), "role": st.sampled_from(get_args(Role))}), max_size=3))
        if draw(st.booleans()):
            event["claims"] = draw(st.lists(claims(text), max_size=3))
        if draw(st.booleans()):
            event["quantities"] = draw(st.lists(quantities(text), max_size=2))
        if draw(st.booleans()):
            event["unverified"] = draw(st.booleans())
        if index and draw(st.booleans()):  # only earlier events: aggregates never make a cycle
            event["aggregates"] = draw(st.lists(st.sampled_from(ids[:index]), max_size=2, unique=True))
        event["summary"] = draw(texts(line_breaks, max_size=200) if text is None else text)
        event["article"] = {"section": draw(text), "paragraph": draw(st.integers(1, 100))}
        out.append(event)
    return out


class Yaml12Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1, which reads ``1e3`` and ``.5e5`` as strings; our loader (YAML 1.2
    core) reads them as numbers. Teaching the dumper the 1.2 number forms makes it quote them."""


Yaml12Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789.")
)


def dump(records: list[dict[str, Any]], block: bool = False) -> str:
    return yaml.dump(records, Dumper=Yaml12Dumper, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False if block else None)


def data_dir(folder: Path, events_text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in DATA_FILES:
        if name != "events.yaml":
            shutil.copy(DATA / name, folder / name)
    (folder / "events.yaml").write_text(events_text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- round trip


@SETTINGS
@given(records=events())
def test_generated_events_survive_dump_and_load(tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, Any]]) -> None:
    folder = data_dir(tmp_path_factory.mktemp("roundtrip"), dump(records))
    dataset = idlibevents.load(folder)
    models = [Event.model_validate(record) for record in records]
    assert dataset.events == [row_of(m) for m in models]
    assert [m.model_dump(exclude_unset=True, mode="json") for m in models] == records
    assert [e.to_dict() for e in dataset.events] == [m.model_dump(mode="json") for m in models]


# --------------------------------------------------------------------------- fmt


@st.composite
def commented(draw: st.DrawFn) -> tuple[list[dict[str, Any]], str]:
    """Generated events written in block style with keys shuffled, and comments sprinkled in:
    full-line comments (any indentation) before any line and at the end, and end-of-line comments."""
    records = draw(events(line_breaks=False, max_events=5))
    shuffled = [dict(draw(st.permutations(list(r.items())))) for r in records]
    lines = dump(shuffled, block=draw(st.booleans())).splitlines()
    # A comment may hold any printable character; control characters are not allowed anywhere in YAML.
    printable = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\x85\ufeff\ufffe\uffff")
    comment = st.text(printable, max_size=30).map(lambda t: "# " + t)
    out: list[str] = []
    for line in [*lines, ""]:
        if draw(st.integers(0, 4)) == 0:
            out.append(" " * draw(st.integers(0, 6)) + draw(comment))
        if draw(st.integers(0, 3)) == 0:
            out.append("")
        if line and line.strip() not in ("[]", "-") and draw(st.integers(0, 4)) == 0:
            line += "  " + draw(comment)
        out.append(line)
    return records, "\n".join(out).strip("\n") + "\n"


def _found_flow_case() -> tuple[list[dict[str, Any]], str]:
    """Found by hypothesis: an article section "?Ý", which ruamel.yaml wrote plain in a flow mapping
    (``{section: ?Ý, ...}``, fine in YAML 1.2) and PyYAML, our reader, could not parse there."""
    common = {"date": "2011-06-01", "places": ["abdita"], "location_precision": 1, "event_type": "Battles"}
    records: list[dict[str, Any]] = [
        {"id": "00", **common, "sub_event_type": "Armed clash", "summary": "0", "article": {"section": "0", "paragraph": 1}},
        {"id": "00-0", **common, "sub_event_type": "Armed clash", "summary": "0", "article": {"section": "0", "paragraph": 1}},
        {"id": "00-00", **common, "sub_event_type": "Government regains territory", "unverified": False, "aggregates": ["00"], "summary": "0", "article": {"section": "?Ý", "paragraph": 1}},
    ]
    text = (
        "# \n\n- id: '00'  # \n# \n\n  date: '2011-06-01'\n\n  places: [abdita]  # \n# \n\n  location_precision: 1\n\n"
        "  event_type: Battles  # \n# \n\n  sub_event_type: Armed clash\n# \n\n  summary: '0'  # \n# \n\n"
        "  article: {section: '0', paragraph: 1}  # \n# \n\n- id: 00-0  # \n# \n\n  date: '2011-06-01'\n\n"
        "  places: [abdita]  # \n# \n\n  location_precision: 1  # \n# \n\n  event_type: Battles  # \n# \n\n"
        "  sub_event_type: Armed clash  # \n# \n\n  summary: '0'  # \n# \n\n  article: {section: '0', paragraph: 1}  # \n# \n\n"
        "- id: 00-00  # \n# \n\n  date: '2011-06-01'  # \n# \n\n  places: [abdita]  # \n# \n\n  location_precision: 1  # \n# \n\n"
        "  event_type: Battles  # \n# \n\n  sub_event_type: Government regains territory  # \n# \n\n  unverified: false  # \n# \n\n"
        "  aggregates: ['00']  # \n# \n\n  summary: '0'  # \n# \n\n  article: {section: '?Ý', paragraph: 1}  # \n# \n"
    )
    return records, text


@SETTINGS
@example(case=_found_flow_case())
@given(case=commented())
def test_fmt_keeps_every_comment_and_the_dataset(tmp_path_factory: pytest.TempPathFactory, case: tuple[list[dict[str, Any]], str]) -> None:
    records, text = case
    folder = data_dir(tmp_path_factory.mktemp("fmt"), text)
    before = idlibevents.load(folder)  # the comments broke nothing
    out = format_text("events.yaml", text)
    assert Counter(comments_of(out)) == Counter(comments_of(text))
    after = idlibevents.load(data_dir(tmp_path_factory.mktemp("fmt-out"), out))
    assert sorted(after.events, key=lambda e: e.id) == sorted(before.events, key=lambda e: e.id) == sorted(
        (row_of(Event.model_validate(r)) for r in records), key=lambda e: e.id
    )
    keys = [(e.span.earliest, e.span.latest, e.id) for e in after.events]
    assert keys == sorted(keys)
    assert format_text("events.yaml", out) == out


#: Text made mostly of YAML's indicators, which decide whether a scalar may be written plain, and
#: where: in a flow mapping (``{section: ..., paragraph: 1}``) far fewer may than in block style.
indicator_texts = st.lists(st.sampled_from([*"?:-,#[]{}&*!|>'\"%@`~. \t", "a", "0", "é", "- ", ": ", " #", "? "]), min_size=1, max_size=6).map("".join)


@SETTINGS
@given(records=events(max_events=3, text=indicator_texts))
def test_fmt_writes_every_text_so_that_it_reads_back(records: list[dict[str, Any]]) -> None:
    # Each text lands in a flow mapping (the article, a claim, a quantity) or in block style (the summary).
    text = dump(records)
    out = format_text("events.yaml", text)
    assert sorted(load_yaml(out)[0], key=lambda e: e["id"]) == sorted(records, key=lambda e: e["id"])
    assert format_text("events.yaml", out) == out


# --------------------------------------------------------------------------- hostile input


def _check_events(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "events-fuzz.yaml"
    path.write_bytes(content)
    result, dataset = checker.check(DATA, {"events.yaml": path})  # must return, whatever the bytes
    assert (dataset is None) == (not result.ok)
    for problem in result.problems:
        assert problem.line >= 1
        assert problem.message
    problem: YamlProblem | None = None
    try:
        load_yaml(content.decode("utf-8", errors="replace"))
    except YamlProblem as exc:  # the only exception the strict loader may raise
        problem = exc
    assert problem is None or problem.line >= 1


@SETTINGS
@given(content=st.binary(max_size=2000))
def test_random_bytes_only_give_reported_problems(tmp_path_factory: pytest.TempPathFactory, content: bytes) -> None:
    _check_events(tmp_path_factory.mktemp("bytes"), content)


YAMLISH = st.sampled_from(list("-:[]{},#&*!|>'\"%@`?\t\n \\") + ["- ", ": ", "\n  ", "&a ", "*a", "!!python/object:os.system", "---", "\x00", "\xff", "99999999999999999999", "~", "null"])


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid events file with a few random edits: deletions, insertions of YAML-significant text,
    duplicated or swapped lines, and raw bytes."""
    base = draw(st.sampled_from(sorted((FIXTURES / "valid").glob("events-*.yaml")))).read_bytes()
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "byte", "dup-line", "swap-lines"]))
        if action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        elif action == "insert":
            data[at:at] = draw(YAMLISH).encode("utf-8")
        elif action == "byte":
            data[at:at] = bytes([draw(st.integers(0, 255))])
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if action == "dup-line":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@SETTINGS
@given(content=mutated())
def test_mutated_files_only_give_reported_problems(tmp_path_factory: pytest.TempPathFactory, content: bytes) -> None:
    _check_events(tmp_path_factory.mktemp("mutated"), content)


# Found by hypothesis: a tab inside a plain key of a flow mapping suits PyYAML (our strict loader)
# but stops ruamel.yaml, whose ParserError escaped fmt instead of a refusal (FmtError).
TAB_IN_FLOW_KEY = (
    b"\xef\xbb\xbf# Saved by a Windows editor: a byte-order mark and CRLF line endings are accepted.\r\n"
    b"- id: 2012-02-25-saraqib-test-clash\r\n  date: '2012-02-25'\r\n  places: [saraqib]\r\n  location_precision: 1\r\n"
    b"  event_type: Battles\r\n  sub_event_type: Armed clash\r\n  actors:\r\n    - {actor: syrian-army, role: attacker}\r\n"
    b"  claims:\r\n    - {outcome: killed, g\troup: rebels, count: 20, qualifier: exact, source: sohr}\r\n"
    b"  summary: A test event in Saraqib.\r\n  article: {section: February 2012, paragraph: 13}\r\n"
)


@SETTINGS
@example(content=TAB_IN_FLOW_KEY)
@given(content=mutated())
def test_fmt_on_mutated_files_refuses_or_keeps_everything(tmp_path_factory: pytest.TempPathFactory, content: bytes) -> None:
    try:
        text = content.decode("utf-8")
        load_yaml(text)
    except (UnicodeDecodeError, YamlProblem):
        return
    try:
        out = format_text("events.yaml", text)
    except FmtError:
        return  # refused, with a reason: nothing would be written
    assert Counter(comments_of(out)) == Counter(comments_of(text))
    assert format_text("events.yaml", out) == out
