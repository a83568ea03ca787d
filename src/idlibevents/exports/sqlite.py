"""The dataset as a normalised SQLite database, with Datasette metadata to browse it.

``build_database(dataset, path)`` writes every table of :data:`idlibevents.exports.tables.TABLES`
with its primary key, foreign keys, CHECK constraints for vocabularies and ranges, and
indexes, plus ``events_fts``, an FTS5 full-text index over the summaries and location
notes. The file is built under a temporary name in the target folder and renamed into
place only once complete and checked, so a failure leaves the old database untouched.
The same database is meant to serve as an index for other tools (the benchmarks).

``datasette_metadata`` describes every table and column for ``datasette idlib.db -m
metadata.json``; ``read_database`` reads a database back into validated records.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from ..rows import AnyEvent
from .tables import DESCRIPTION, LICENCE, LICENCE_URL, SOURCE_TITLE, SOURCE_URL, TABLES, TITLE, Column, Records, Table, records_from_tables, table_rows

FTS_TABLE = "events_fts"
FTS_COLUMNS = ("summary", "location_note")

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _column_sql(column: Column) -> str:
    name = _quote(column.name)
    parts = [name, _SQL_TYPES[column.type]]
    if column.required:
        parts.append("NOT NULL")
    checks: list[str] = []
    if column.type == "boolean":
        checks.append(f"{name} IN (0, 1)")
    if column.type == "date":
        checks.append(f"{name} = date({name})")
    if column.enum:
        checks.append(f"{name} IN ({', '.join(_literal(v) for v in column.enum)})")
    if column.minimum is not None:
        checks.append(f"{name} >= {column.minimum}")
    if column.maximum is not None:
        checks.append(f"{name} <= {column.maximum}")
    if checks:
        parts.append(f"CHECK ({' AND '.join(checks)})")
    return " ".join(parts)


def table_sql(table: Table) -> list[str]:
    """CREATE TABLE and CREATE INDEX statements for one table."""
    lines = [_column_sql(c) for c in table.columns]
    lines.append(f"PRIMARY KEY ({', '.join(_quote(c) for c in table.primary_key)})")
    for fk in table.foreign_keys:
        lines.append(f"FOREIGN KEY ({', '.join(_quote(c) for c in fk.columns)}) REFERENCES {_quote(fk.table)} ({', '.join(_quote(c) for c in fk.references)})")
    body = ",\n  ".join(lines)
    statements = [f"CREATE TABLE {_quote(table.name)} (\n  {body}\n)"]
    for columns in table.indexes:
        index = f"{table.name}_{'_'.join(columns)}"
        statements.append(f"CREATE INDEX {_quote(index)} ON {_quote(table.name)} ({', '.join(_quote(c) for c in columns)})")
    return statements


def schema_sql() -> list[str]:
    """Every statement that creates the database's tables, indexes and full-text index."""
    statements = [s for table in TABLES for s in table_sql(table)]
    # content="events" (double quotes) is the spelling Datasette looks for to offer search.
    statements.append(f'CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({", ".join(FTS_COLUMNS)}, content="events", content_rowid="rowid")')
    return statements


def _sql_value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def fill_database(connection: sqlite3.Connection, dataset: Dataset, events: Sequence[AnyEvent]) -> None:
    """Create the schema in an empty database and insert the rows, in one transaction.

    ``connection`` must be in autocommit mode (``isolation_level=None``) so that the
    transaction here is the only one. Foreign keys are enforced, checked at the commit
    (a place may name a containing place listed after it), and checked once more before.
    """
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("BEGIN")
    connection.execute("PRAGMA defer_foreign_keys = ON")
    for statement in schema_sql():
        connection.execute(statement)
    rows = table_rows(dataset, events)
    for table in TABLES:
        names = table.column_names
        sql = f"INSERT INTO {_quote(table.name)} ({', '.join(_quote(n) for n in names)}) VALUES ({', '.join('?' for _ in names)})"
        connection.executemany(sql, ([_sql_value(row[n]) for n in names] for row in rows[table.name]))
    connection.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        connection.execute("ROLLBACK")
        raise sqlite3.IntegrityError(f"foreign keys that point nowhere: {problems[:5]}")
    connection.execute("COMMIT")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def build_database(dataset: Dataset, path: Path | str, events: Sequence[AnyEvent] | None = None) -> Path:
    """Write the database to ``path`` atomically: every event of the dataset, or ``events``.

    The database is built in a temporary file beside ``path`` and renamed over it only
    when complete, so readers never see half a database and a failure keeps the old one.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder; give the database a file name, e.g. {target / 'idlib.db'}")
    target.parent.mkdir(parents=True, exist_ok=True)
    chosen = list(dataset.events) if events is None else events
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        connection = sqlite3.connect(tmp_name, isolation_level=None)
        try:
            fill_database(connection, dataset, chosen)
        finally:
            connection.close()
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes the file private; a database is for sharing
        os.replace(tmp_name, target)
    except BaseException:
        for leftover in (tmp_name, tmp_name + "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
        raise
    return target


def datasette_metadata(database: str = "idlib") -> dict[str, Any]:
    """Datasette metadata for a database named ``database`` (the file name without ``.db``).

    Titles, licence and source for the site; a description of every table and column; the
    full-text index, facets and sort order of ``events``; and a few ready-made queries.
    """
    tables: dict[str, Any] = {}
    for table in TABLES:
        entry: dict[str, Any] = {"description": table.description, "columns": {c.name: c.description for c in table.columns}}
        if "name" in table.column_names:
            entry["label_column"] = "name"
        tables[table.name] = entry
    tables["events"].update(
        {"sort": "date_start", "fts_table": FTS_TABLE, "fts_pk": "rowid", "facets": ["event_type", "sub_event_type", "location_precision"]}
    )
    tables["claims"]["facets"] = ["outcome", "group", "source_id"]
    tables[FTS_TABLE] = {"hidden": True, "description": "Full-text index of events.summary and events.location_note."}
    queries = {
        "deaths_by_month": {
            "title": "Deaths by month",
            "description": "Low, best and high deaths per month of the events' earliest possible day, never counting a death twice.",
            "sql": "select substr(date_start, 1, 7) as month, count(*) as events, sum(deaths_low) as low, sum(deaths_best) as best, "
            "sum(deaths_high) as high from events group by month order by month",
        },
        "events_at_place": {
            "title": "Events at a place",
            "description": "Events whose places include the place with this id or name.",
            "sql": "select events.id, events.date, events.event_type, events.summary from events join event_places on event_places.event_id = events.id "
            "join places on places.id = event_places.place_id where places.id = :place or places.name = :place order by events.date_start",
        },
    }
    from .. import __version__

    return {
        "title": TITLE,
        "description": f"{DESCRIPTION} Dataset version {__version__}, licence {LICENCE}.",
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "source": SOURCE_TITLE,
        "source_url": SOURCE_URL,
        "databases": {database: {"description": DESCRIPTION, "tables": tables, "queries": queries}},
    }


def read_database(path: Path | str) -> Records:
    """The events, places, actors and sources stored in a database this module built."""
    connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        rows: dict[str, list[dict[str, Any]]] = {}
        for table in TABLES:
            names = ", ".join(_quote(n) for n in table.column_names)
            rows[table.name] = [dict(r) for r in connection.execute(f"SELECT {names} FROM {_quote(table.name)}")]
    finally:
        connection.close()
    return records_from_tables(rows)
