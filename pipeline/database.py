"""Stage 6: published tables/*.csv -> a typed DuckDB database with views, and Parquet copies.

Outputs under build/: the database file and parquet/<table>.parquet; read-only queries.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import config
from pipeline.ddl import ddl, load_sql
from pipeline.errors import UserError
from pipeline.schema import TABLES
from pipeline.views import views_sql

# Written in the storage format of DuckDB 1.1 (file version 64), which every DuckDB from 1.1
# on opens (1.0 cannot read its primary-key indexes); the writing library's own newest
# format would open only in that version and later. tests/test_duckdb_cli.py opens the file
# with the newest DuckDB CLI.
STORAGE_VERSION = "v1.1.0"


def database_path(root: Path) -> Path:
    return root / config.DATABASE


def write_database(root: Path) -> Path:
    """Load root/tables and the views into a new database file and copy each table to Parquet.

    `root` is the build's fresh staging folder; `publish` moves the results into place.
    """
    target = database_path(root)
    parquet = root / config.PARQUET_DIR
    parquet.mkdir(parents=True)
    settings = {"storage_compatibility_version": STORAGE_VERSION}
    with duckdb.connect(str(target), config=settings) as con:
        con.execute(ddl())
        con.execute(load_sql((root / config.TABLES_DIR).as_posix()))
        con.execute(views_sql())
        for table in TABLES:
            path = (parquet / f"{table.name}.parquet").as_posix()
            con.execute(f"COPY {table.name} TO '{path}' (FORMAT parquet)")
    return target


def connect_read_only(root: Path) -> duckdb.DuckDBPyConnection:
    path = database_path(root)
    if not path.exists():
        raise UserError(str(path), "no database yet: run 'make build' first")
    return duckdb.connect(str(path), read_only=True)
