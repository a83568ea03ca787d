"""JSON Schemas (draft 2020-12) of the data files, generated from the models.

The schemas are published in ``schemas/`` so that other tools (check-jsonschema,
editors with YAML language servers) can check data without our code. Rules that JSON
Schema cannot say (ids that must exist in another file, EDTF dates inside the period)
are stated in each schema's description and enforced by ``idlib validate``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fsutil import atomic_write
from .models import FILE_MODELS, Infobox

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://github.com/idlibevents/idlibevents/schemas/"

_DESCRIPTIONS = {
    "events.yaml": "A list of events. Also enforced by `idlib validate`: unique ids; places, actors, sources and aggregates that exist; EDTF dates within 2011-06-01..2012-05-31; sub_event_type belonging to event_type; count null exactly when qualifier is 'vague'.",
    "places.yaml": "A list of places. Also enforced by `idlib validate`: unique ids; a name or alias names one place only (compared ignoring case, accents and apostrophes); `within` names a place.",
    "actors.yaml": "A list of actors. Also enforced by `idlib validate`: unique ids and aliases; `parent` names an actor.",
    "sources.yaml": "A list of sources. Also enforced by `idlib validate`: unique ids and aliases.",
    "infobox.yaml": "The article's infobox, typed. Also enforced by `idlib validate`: every actor, place and source id exists.",
}


def schema_file_name(kind: str) -> str:
    return kind.removesuffix(".yaml") + ".schema.json"


def build_schema(kind: str) -> dict[str, Any]:
    """The schema of one data file: a list of records, or the infobox mapping."""
    model = FILE_MODELS[kind]
    record = model.model_json_schema(mode="validation")
    defs = record.pop("$defs", {})
    name = model.__name__
    if model is Infobox:
        body: dict[str, Any] = dict(record)
    else:
        defs[name] = record
        body = {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": BASE_ID + schema_file_name(kind),
        "title": f"idlibevents {kind}",
        "description": _DESCRIPTIONS[kind],
    }
    schema.update({k: v for k, v in body.items() if k not in ("title", "description")})
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def render_schema(kind: str) -> str:
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the files that changed."""
    changed = []
    for kind in FILE_MODELS:
        path = folder / schema_file_name(kind)
        text = render_schema(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text)
            changed.append(path)
    return changed


def stale_schemas(folder: Path) -> list[Path]:
    """The schema files in ``folder`` that are missing or differ from the models."""
    stale = []
    for kind in FILE_MODELS:
        path = folder / schema_file_name(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(kind):
            stale.append(path)
    return stale
