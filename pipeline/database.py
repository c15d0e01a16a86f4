"""Stage 6: published tables/*.csv -> a typed DuckDB database with views, and Parquet copies.

Outputs under build/: the database file and parquet/<table>.parquet; read-only queries.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from pipeline import config
from pipeline.errors import UserError
from pipeline.package import ddl, load_sql
from pipeline.publish import replace_dir
from pipeline.schema import TABLES
from pipeline.views import views_sql

DATABASE = "lima-hostage-crisis.duckdb"
PARQUET = "parquet"


def database_path(root: Path) -> Path:
    return root / "build" / DATABASE


def write_database(root: Path) -> Path:
    """Load root/tables and the views into a new database file, copy each table to Parquet,
    then move both into place."""
    target = database_path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    parquet = target.parent / PARQUET
    parquet_partial = target.parent / f"{PARQUET}.partial"
    shutil.rmtree(parquet_partial, ignore_errors=True)
    parquet_partial.mkdir()
    with duckdb.connect(str(partial)) as con:
        con.execute(ddl())
        con.execute(load_sql((root / config.TABLES_DIR).as_posix()))
        con.execute(views_sql())
        for table in TABLES:
            path = (parquet_partial / f"{table.name}.parquet").as_posix()
            con.execute(f"COPY {table.name} TO '{path}' (FORMAT parquet)")
    os.replace(partial, target)
    replace_dir(parquet_partial, parquet, target.parent / f"{PARQUET}.previous")
    return target


def connect_read_only(root: Path) -> duckdb.DuckDBPyConnection:
    path = database_path(root)
    if not path.exists():
        raise UserError(str(path), "no database yet: run 'make build' first")
    return duckdb.connect(str(path), read_only=True)
