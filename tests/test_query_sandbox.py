"""`query` sees the package's database and nothing else, and always ends with one line."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, one_line_error, run_cli

# Runs for hours unless stopped: a cross product of a million rows by a million.
FOREVER = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".pyc" and p.name != "last-error.log"
    }


@pytest.fixture
def untouched(rebuilt: Path, tmp_path: Path):
    """The package and the repository's code, compared byte for byte after the query ran."""
    watched = [rebuilt, ROOT / "pipeline", ROOT / "tables"]
    before = [_files(folder) for folder in watched]
    yield tmp_path
    assert [_files(folder) for folder in watched] == before
    assert list(tmp_path.iterdir()) == []


SANDBOX = {
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "read_text": "SELECT * FROM read_text('/etc/passwd')",
    "read_blob": "SELECT * FROM read_blob('/etc/hostname')",
    "glob": "SELECT * FROM glob('/etc/*')",
    "a file named in FROM": "SELECT * FROM 'tables/persons.csv'",
    "read_parquet": "SELECT * FROM read_parquet('build/parquet/persons.parquet')",
    "stored secrets": "SELECT * FROM duckdb_secrets()",
    "copy to a file outside": "COPY (SELECT 1) TO '{out}/leak.csv'",
    "copy over a published table": "COPY (SELECT 1 AS x) TO 'tables/persons.csv'",
    "copy code into the pipeline": (
        "COPY (SELECT 'import os' AS line) TO 'pipeline/__init__.py' "
        "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '')"
    ),
    "export database": "EXPORT DATABASE '{out}/exp'",
    "attach for writing": "ATTACH '{out}/x.duckdb' (READ_WRITE)",
    "install an extension": "INSTALL httpfs",
    "load an extension": "LOAD httpfs",
}


@pytest.mark.parametrize("case", SANDBOX)
def test_query_reaches_no_file_and_no_extension(case: str, rebuilt: Path, untouched: Path) -> None:
    sql = SANDBOX[case].format(out=untouched)
    line = one_line_error(run_cli("query", "--root", str(rebuilt), sql), "error: query:")
    assert "disabled" in line


@pytest.mark.parametrize(
    "setting",
    [
        "enable_external_access = true",
        "autoload_known_extensions = true",
        "lock_configuration = false",
    ],
)
def test_query_cannot_turn_the_sandbox_off(setting: str, rebuilt: Path, untouched: Path) -> None:
    sql = f"SET {setting}; SELECT * FROM read_text('/etc/passwd')"
    one_line_error(run_cli("query", "--root", str(rebuilt), sql), "configuration has been locked")


@pytest.mark.parametrize("sql", ["", "   \n ", "-- only a comment", "/* a comment */ ;"])
def test_a_query_without_a_statement_is_one_line(sql: str, rebuilt: Path) -> None:
    result = run_cli("query", "--root", str(rebuilt), stdin=sql)
    one_line_error(result, "no SQL statement")


def test_describe_of_an_unknown_name_is_an_error(rebuilt: Path) -> None:
    one_line_error(
        run_cli("query", "--root", str(rebuilt), "--describe", "nosuch"), "nosuch", "--list"
    )


def test_describe_of_a_table_lists_its_columns(rebuilt: Path) -> None:
    result = run_cli("query", "--root", str(rebuilt), "--format", "csv", "--describe", "persons")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("person_id,")


def test_a_timestamp_with_time_zone_prints(rebuilt: Path) -> None:
    sql = "SELECT TIMESTAMPTZ '1997-04-22 20:38:00+00' AS raid, 1 AS n"
    result = run_cli("query", "--root", str(rebuilt), "--format", "csv", sql)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["raid,n", "1997-04-22 20:38:00+00,1"]


def test_a_query_stops_at_its_time_limit(rebuilt: Path) -> None:
    result = run_cli("query", "--root", str(rebuilt), "--timeout", "1", FOREVER)
    one_line_error(result, "time limit of 1 s", "--timeout")


def test_ctrl_c_interrupts_a_running_query(rebuilt: Path) -> None:
    command = [sys.executable, "-m", "pipeline", "query", "--root", str(rebuilt), "--timeout", "0"]
    with subprocess.Popen(
        [*command, FOREVER], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        time.sleep(3)  # started and inside the query (a cold start takes well under a second)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err + out
    assert err.strip().splitlines() == ["error: query interrupted (Ctrl-C)"]
