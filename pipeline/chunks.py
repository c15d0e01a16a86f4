"""A table's CSV -> pandas frames of at most CHUNK_ROWS rows, as text and as typed values.

What the expectations lane reads: memory does not grow with the corpus. pandas is imported
only when a table is read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.config import csv_path
from pipeline.schema import Table

CHUNK_ROWS = 50_000  # rows of a table read and validated at once


def read_chunks(root: Path, table: Table, columns: list[str] | None = None):
    """A table's CSV as text frames of at most CHUNK_ROWS rows, indexed by 1-based data row.

    An empty cell is missing (NaN). Read by pandas, a chunk at a time: the lane's memory
    does not grow with the corpus. `columns` reads only those (whole-table checks).
    """
    import pandas as pd

    reader = pd.read_csv(
        root / csv_path(table.name),
        dtype=object,
        keep_default_na=False,
        na_values=[""],
        usecols=columns,
        chunksize=CHUNK_ROWS,
    )
    for chunk in reader:
        chunk.index = chunk.index + 1  # report 1-based data rows, as in the CSV
        yield typed_frame(table, chunk)


def read_whole(root: Path, table: Table, columns: list[str] | None = None):
    """A table (or only `columns` of it) as one typed frame."""
    import pandas as pd

    return pd.concat([typed for _, typed in read_chunks(root, table, columns)])


def typed_frame(table: Table, text):
    """A text frame -> (text, typed): the typed copy shares its text columns.

    Integers become Int64; dates become `datetime.date` objects: GX parses a suite's ISO
    bounds into dates, and a date only compares with a date.
    """
    import pandas as pd

    frame = text.copy(deep=False)
    for column in table.columns:
        if column.name not in frame:
            continue
        if column.type == "integer":
            frame[column.name] = pd.to_numeric(frame[column.name]).astype("Int64")
        if column.type == "date":
            frame[column.name] = [_date(v) for v in frame[column.name]]
    return text, frame


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None
