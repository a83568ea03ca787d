"""Parquet export: the normalised tables as Parquet files, for DuckDB, pandas, Spark and data lakes.

One file per table of :data:`idlibevents.exports.tables.TABLES` (events, claims, places,
actors, sources, and the link tables that join them), typed from the same column descriptions
as the SQLite and data package exports: text as UTF-8 strings, integers as int64, coordinates
as float64, booleans as booleans, dates as Parquet dates. Each file's key-value metadata names
the dataset, its version and licence, and describes every column.

pyarrow is an optional dependency (``pip install "idlibevents[parquet]"``): the rest of the
tool never needs it, and :class:`ParquetUnavailable` says how to get it when it is missing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from ..fsutil import atomic_write
from ..rows import AnyEvent
from .tables import DESCRIPTION, LICENCE, LICENCE_URL, SOURCE_URL, TABLES, TITLE, Table, table_rows

INSTALL_HINT = 'pip install "idlibevents[parquet]"'


class ParquetUnavailable(ImportError):
    """pyarrow is not installed; the message says how to install it."""


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ParquetUnavailable(f"the parquet export needs pyarrow, an optional dependency: {INSTALL_HINT}") from exc
    return pyarrow


def parquet_files(folder: Path | str) -> list[Path]:
    """The files :func:`write_parquet` writes into ``folder``, one per table."""
    return [Path(folder) / f"{table.name}.parquet" for table in TABLES]


def file_metadata(table: Table) -> dict[str, str]:
    """The key-value metadata of one table's file: dataset, version, licence and column meanings."""
    from .. import __version__

    return {
        "idlibevents.title": TITLE,
        "idlibevents.description": DESCRIPTION,
        "idlibevents.dataset_version": __version__,
        "idlibevents.license": LICENCE,
        "idlibevents.license_url": LICENCE_URL,
        "idlibevents.source": SOURCE_URL,
        "idlibevents.table": table.name,
        "idlibevents.table_description": table.description,
        "idlibevents.columns": json.dumps({c.name: c.description for c in table.columns}, ensure_ascii=False),
    }


def _arrow_table(pa: Any, table: Table, rows: list[dict[str, Any]]) -> Any:
    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
    fields = [pa.field(c.name, types[c.type], nullable=not c.required) for c in table.columns]
    schema = pa.schema(fields, metadata=file_metadata(table))
    columns: dict[str, list[Any]] = {c.name: [] for c in table.columns}
    for row in rows:
        for column in table.columns:
            value = row[column.name]
            if column.type == "date" and isinstance(value, str):
                value = date.fromisoformat(value)
            columns[column.name].append(value)
    return pa.Table.from_pydict(columns, schema=schema)


def write_parquet(dataset: Dataset, folder: Path | str, events: Sequence[AnyEvent] | None = None) -> list[Path]:
    """Write one Parquet file per table into ``folder`` (which must exist) and return them.

    Each file is written to a temporary name beside its target and renamed into place, so a
    reader never sees half a file and a failure leaves the old file as it was.
    """
    pa = _pyarrow()
    rows = table_rows(dataset, list(dataset.events) if events is None else events)
    written: list[Path] = []
    for table, path in zip(TABLES, parquet_files(folder), strict=True):
        sink = pa.BufferOutputStream()
        pa.parquet.write_table(_arrow_table(pa, table, rows[table.name]), sink, compression="zstd")
        atomic_write(path, sink.getvalue().to_pybytes())
        written.append(path)
    return written
