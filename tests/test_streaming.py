"""Bounded memory: spilled sort runs, chunked expectations and the key-order check must give
what the one-piece path gives (a large corpus is read in pieces; the real one fits in one),
so the committed tables are the yardstick."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from helpers import RAW, ROOT, run_cli

from pipeline import chunks, gx_checks, tablefiles
from pipeline.publish import stage_package

TABLES = ROOT / "tables"


def test_tables_spilled_in_runs_of_seven_rows_equal_the_published_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tablefiles, "RUN_ROWS", 7)  # every table of more than 7 rows spills
    stage, built = stage_package(RAW, ROOT / "coding", tmp_path)
    assert built.counts["evidence"] > 7 * 100  # so evidence was merged from many runs
    for path in TABLES.glob("*.csv"):
        assert (stage / "tables" / path.name).read_bytes() == path.read_bytes(), path.name
    assert not (stage / "tables-runs").exists()  # the runs are scratch, never published


def _edit_csv(path: Path, row: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_chunked_expectations_name_the_same_cells_as_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(TABLES, tmp_path / "tables")
    events = tmp_path / "tables" / "events.csv"
    _edit_csv(events, 70, "summary", "=HYPERLINK(x)")  # a formula: a text-cell expectation
    _edit_csv(events, 30, "date_precision", "week")  # not in the vocabulary: a coded cell
    whole = gx_checks.run(tmp_path, None)
    monkeypatch.setattr(chunks, "CHUNK_ROWS", 25)
    monkeypatch.setattr(gx_checks, "CHUNK_CELLS", 300)
    chunked = gx_checks.run(tmp_path, None)
    assert chunked == whole
    lines = whole[1]
    assert any(line.startswith("tables/events.csv row 70 column summary:") for line in lines)
    assert any(line.startswith("tables/events.csv row 30 column date_precision:") for line in lines)


def test_validate_reports_rows_out_of_key_order(tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "tables", root / "tables")
    shutil.copy(ROOT / "datapackage.json", root)
    shutil.copytree(RAW, root / "raw")
    path = root / "tables" / "organisations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1], rows[2] = rows[2], rows[1]  # the contract: rows sorted by primary key
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 1
    assert (
        f"tables/organisations.csv row 2 [{rows[2][0]}] column organisation_id: "
        "expected rows sorted by primary key"
    ) in result.stdout, result.stdout
