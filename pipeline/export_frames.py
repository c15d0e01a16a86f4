"""Published tables/<table>.csv -> typed columns, the common input of the download writers.

Types come from `pipeline.schema`: integers as nullable 32-bit integers, booleans as nullable
booleans, dates as real dates; strings and times stay the CSV's text. An empty cell (not
stated) becomes a missing value of the column's type.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from pipeline.errors import UserError
from pipeline.schema import Table
from pipeline.tablefiles import read_rows

# How many columns and characters each download's program holds, checked before writing.
LIMITS = {
    "Excel": {"columns": 16_384, "rows": 1_048_575},  # rows below the header
    "Stata": {"columns": 2_048},  # Stata/BE's variable limit, the smallest edition
}


def _column(kind: str, cells: list[str | None]) -> pd.api.extensions.ExtensionArray:
    if kind == "integer":
        return pd.array([None if v is None else int(v) for v in cells], dtype="Int32")
    if kind == "boolean":
        return pd.array([None if v is None else v == "true" for v in cells], dtype="boolean")
    if kind == "date":
        days = [None if v is None else dt.date.fromisoformat(v) for v in cells]
        return pd.array(pd.to_datetime(pd.Series(days, dtype=object)), dtype="datetime64[s]")
    return pd.array(cells, dtype=object)  # string, time: the CSV's text exactly


def typed_frame(tables_dir: Path, table: Table) -> pd.DataFrame:
    """The table's CSV as a frame whose columns have the schema's types, rows in file order."""
    rows = list(read_rows(tables_dir / f"{table.name}.csv"))
    return pd.DataFrame(
        {c.name: _column(c.type, [r.get(c.name) for r in rows]) for c in table.columns}
    )


def check_fits(program: str, table: Table, rows: int = 0) -> None:
    """Stop with an error naming the table when it is too wide or too long for `program`."""
    limit = LIMITS[program]
    if len(table.columns) > limit["columns"]:
        raise UserError(
            table.name,
            f"too wide for {program}: {len(table.columns)} columns, it holds {limit['columns']}",
        )
    if rows > limit.get("rows", rows):
        raise UserError(
            table.name, f"too long for {program}: {rows} rows, it holds {limit['rows']}"
        )
