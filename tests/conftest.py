"""Fixtures shared by the test modules (plain helpers are in helpers.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from helpers import ROOT, run_cli


@pytest.fixture(scope="session")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of the committed inputs into a temporary folder."""
    out = tmp_path_factory.mktemp("rebuild")
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def db() -> duckdb.DuckDBPyConnection:
    """The committed package as a DuckDB user loads it: IMPORT DATABASE 'tables'."""
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{ROOT.as_posix()}'")
    con.execute(f"IMPORT DATABASE '{(ROOT / 'tables').as_posix()}'")
    return con
