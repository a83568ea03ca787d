"""The dataset as a Frictionless Data Package: one CSV per table and a ``datapackage.json``.

The tables are those of :mod:`idlibevents.exports.tables` (the same as the SQLite export); the
descriptor gives each a table schema with field types, constraints, primary and foreign
keys, so ``frictionless validate datapackage.json`` checks every file and every reference.
The data is licensed CC-BY-SA-4.0, like the Wikipedia article it is coded from, which the
descriptor cites as its source.

CSV conventions: UTF-8, a header row, comma-separated, an empty cell for a missing value,
``true``/``false`` for booleans, and text cells made formula-safe by
:func:`idlibevents.exports.flat.safe_cell` (undone by :func:`read_datapackage`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from ..fsutil import atomic_write
from ..rows import AnyEvent
from .flat import restore_cell, write_csv
from .tables import (
    DESCRIPTION,
    LICENCE,
    LICENCE_TITLE,
    LICENCE_URL,
    SOURCE_TITLE,
    SOURCE_URL,
    TABLES,
    TITLE,
    Column,
    Records,
    Table,
    records_from_tables,
    table_rows,
)

DESCRIPTOR = "datapackage.json"


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Table) -> dict[str, Any]:
    """The Frictionless table schema of one table."""
    schema: dict[str, Any] = {"fields": [_field(c) for c in table.columns], "primaryKey": list(table.primary_key), "missingValues": [""]}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            # A reference to the table itself names no resource (Table Schema's convention).
            {"fields": list(fk.columns), "reference": {"resource": "" if fk.table == table.name else fk.table, "fields": list(fk.references)}}
            for fk in table.foreign_keys
        ]
    return schema


def package_descriptor() -> dict[str, Any]:
    """The ``datapackage.json`` of the export: metadata, licence, source, and a resource per table."""
    from .. import __version__

    return {
        "profile": "tabular-data-package",
        "name": "idlibevents",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "keywords": ["conflict event data", "Syria", "Idlib", "ACLED", "UCDP GED"],
        "licenses": [{"name": LICENCE, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "sources": [{"title": SOURCE_TITLE, "path": SOURCE_URL}],
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(table),
            }
            for table in TABLES
        ],
    }


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def package_files(folder: Path | str) -> list[Path]:
    """The files :func:`write_datapackage` writes into ``folder``: a CSV per table, then the descriptor."""
    return [Path(folder) / f"{table.name}.csv" for table in TABLES] + [Path(folder) / DESCRIPTOR]


def write_datapackage(dataset: Dataset, folder: Path | str, events: Sequence[AnyEvent] | None = None) -> list[Path]:
    """Write the package into ``folder`` (created if needed) and return the files written.

    Each file is written atomically, the CSV resources first and the descriptor last, so
    a ``datapackage.json`` never describes files that are not all there.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is a file; a data package is a folder")
    rows = table_rows(dataset, list(dataset.events) if events is None else events)
    written: list[Path] = []
    for table in TABLES:
        path = target / f"{table.name}.csv"
        atomic_write(path, write_csv(({k: _csv_value(v) for k, v in row.items()} for row in rows[table.name]), table.column_names))
        written.append(path)
    descriptor = target / DESCRIPTOR
    atomic_write(descriptor, json.dumps(package_descriptor(), indent=2, ensure_ascii=False) + "\n")
    written.append(descriptor)
    return written


def _parse(column: Column, text: str) -> Any:
    if text == "":
        return None
    if column.type == "integer":
        return int(text)
    if column.type == "number":
        return float(text)
    if column.type == "boolean":
        return text == "true"
    return restore_cell(text)


def read_datapackage(folder: Path | str) -> Records:
    """The events, places, actors and sources of a package this module wrote."""
    base = Path(folder)
    descriptor = json.loads((base / DESCRIPTOR).read_text(encoding="utf-8"))
    paths = {r["name"]: base / r["path"] for r in descriptor["resources"]}
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        columns = {c.name: c for c in table.columns}
        text = paths[table.name].read_text(encoding="utf-8")
        rows[table.name] = [{k: _parse(columns[k], v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]
    return records_from_tables(rows)
