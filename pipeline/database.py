"""Stage 6: published tables/*.csv -> a typed DuckDB database (build/), and read-only queries."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipeline import config
from pipeline.errors import UserError
from pipeline.package import ddl, load_sql

DATABASE = "lima-hostage-crisis.duckdb"


def database_path(root: Path) -> Path:
    return root / "build" / DATABASE


def write_database(root: Path) -> Path:
    """Load root/tables into a new database file, then move it into place."""
    target = database_path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with duckdb.connect(str(partial)) as con:
        con.execute(ddl())
        con.execute(load_sql((root / config.TABLES_DIR).as_posix()))
    os.replace(partial, target)
    return target


def connect_read_only(root: Path) -> duckdb.DuckDBPyConnection:
    path = database_path(root)
    if not path.exists():
        raise UserError(str(path), "no database yet: run 'make build' first")
    return duckdb.connect(str(path), read_only=True)
