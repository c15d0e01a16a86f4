"""Table rows <-> CSV files: rows in any order -> one CSV sorted by primary key, and back.

A table is never held whole, so memory does not grow with the corpus: rows are buffered up
to RUN_ROWS, spilled as sorted runs to a scratch folder, and the runs are merged while the
CSV is written (an external merge sort). Cells are CSV text; None is an empty cell.
"""

from __future__ import annotations

# `csv` and `heapq` are imported where they are used: `check` needs only `cell` from here,
# and starts faster without them.
from collections.abc import Iterable, Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

from pipeline.schema import Table

RUN_ROWS = 20_000  # rows of one table held before a sorted run is spilled to disk
Cells = tuple[str | None, ...]


def cell(value: Any) -> str | None:
    """The CSV text of a value: ISO dates and times, lowercase booleans, None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def key_order(key: Iterable[str | None]) -> tuple[str, ...]:
    """A primary key's cells as the tables are sorted: as text, an empty cell first."""
    return tuple(v or "" for v in key)


def sort_key(table: Table, columns: list[str]) -> Any:
    """Cells -> the table's order: its primary key (see `key_order`)."""
    at = [columns.index(k) for k in table.primary_key]
    return lambda cells: key_order(cells[i] for i in at)


class SortedTable:
    """Collects one table's rows in any order and gives them back sorted (stable on ties)."""

    def __init__(self, table: Table, scratch: Path) -> None:
        self.table = table
        self.scratch = scratch
        self.key = sort_key(table, table.column_names)
        self.buffer: list[Cells] = []
        self.runs: list[Path] = []

    def add(self, row: dict) -> None:
        self.buffer.append(tuple(cell(row.get(c)) for c in self.table.column_names))
        if len(self.buffer) >= RUN_ROWS:
            self.scratch.mkdir(parents=True, exist_ok=True)
            run = self.scratch / f"{self.table.name}-{len(self.runs)}.csv"
            self.buffer.sort(key=self.key)
            write_csv(run, None, self.buffer)
            self.runs.append(run)
            self.buffer = []

    def rows(self) -> Iterator[Cells]:
        """Every row in key order; equal keys keep the order they were added in."""
        import heapq

        self.buffer.sort(key=self.key)
        runs = [read_cells(run) for run in self.runs]
        yield from heapq.merge(*runs, iter(self.buffer), key=self.key)


def write_csv(path: Path, header: list[str] | None, rows: Iterable[Cells]) -> int:
    """Write rows (after `header`, if any) as UTF-8 CSV with LF line ends; return the count."""
    import csv

    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if header is not None:
            writer.writerow(header)
        for cells in rows:
            writer.writerow(cells)  # the csv module writes None as an empty cell
            count += 1
    return count


def read_cells(path: Path) -> Iterator[Cells]:
    """A headerless CSV's rows as cells, an empty cell as None."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        for cells in csv.reader(handle):
            yield tuple(v or None for v in cells)


def read_rows(path: Path) -> Iterator[dict[str, str | None]]:
    """A CSV's data rows as dicts keyed by its header, an empty cell as None."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        for cells in reader:
            yield {c: (v or None) for c, v in zip(header, cells, strict=False)}
