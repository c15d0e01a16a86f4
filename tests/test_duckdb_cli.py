"""The database file opens, read-only, in the DuckDB CLI that users install (PyPI duckdb-cli)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pytest
from programs import require

from pipeline.database import database_path
from pipeline.schema import TABLES
from pipeline.views import VIEWS


def cli(rebuilt: Path, sql: str) -> list[dict]:
    command = [require("duckdb"), "-readonly", "-json", str(database_path(rebuilt)), "-c", sql]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr or result.stdout
    return json.loads(result.stdout or "[]")


def test_the_cli_is_duckdb_1() -> None:
    result = subprocess.run([require("duckdb"), "--version"], capture_output=True, text=True)
    assert result.stdout.startswith("v1."), result.stdout


def test_the_cli_opens_the_database_and_sums_the_deaths(rebuilt: Path) -> None:
    rows = cli(
        rebuilt,
        "SELECT side, SUM(count) AS n FROM casualties WHERE outcome = 'killed' GROUP BY side",
    )
    # CNN: "One hostage and two soldiers were killed"; "All 14 rebels ... died".
    assert {r["side"]: int(r["n"]) for r in rows} == {
        "hostage": 1,
        "security_forces": 2,
        "mrta": 14,
    }


def test_the_cli_sees_keys_types_and_comments(rebuilt: Path) -> None:
    keys = cli(
        rebuilt,
        "SELECT table_name, constraint_type, constraint_column_names AS cols "
        "FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')",
    )
    primary = {r["table_name"]: r["cols"] for r in keys if r["constraint_type"] == "PRIMARY KEY"}
    assert primary == {t.name: list(t.primary_key) for t in TABLES}
    foreign = {
        (r["table_name"], c)
        for r in keys
        if r["constraint_type"] == "FOREIGN KEY"
        for c in r["cols"]
    }
    declared = {
        (t.name, c.name) for t in TABLES for c in t.columns if c.fk and c.fk.split(".")[0] != t.name
    }
    assert foreign == declared
    columns = cli(
        rebuilt,
        "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE NOT internal AND table_name IN (SELECT table_name FROM duckdb_tables())",
    )
    found = {(r["table_name"], r["column_name"]): r for r in columns}
    for table in TABLES:
        for column in table.columns:
            row = found[(table.name, column.name)]
            assert row["comment"] == column.description
            if column.type == "date":
                assert row["data_type"] == "DATE", (table.name, column.name)


@pytest.mark.parametrize("view", [v.name for v in VIEWS])
def test_the_cli_runs_every_view(rebuilt: Path, view: str) -> None:
    (row,) = cli(rebuilt, f"SELECT count(*) AS n FROM {view}")
    with duckdb.connect(str(database_path(rebuilt)), read_only=True) as con:
        (n,) = con.execute(f"SELECT count(*) FROM {view}").fetchone()
    assert int(row["n"]) == n  # the CLI's DuckDB gives the rows the building library gives
    (comment,) = cli(rebuilt, f"SELECT comment FROM duckdb_views() WHERE view_name = '{view}'")
    assert comment["comment"]
