"""Row-level constraints from the schema declaration: required, vocabulary, pattern, minimum, keys.

Used by the build on coded rows (to name the sheet and record) and by `validate` on the
published CSVs (to name the file and row). Values are CSV text (`None` for empty).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time

from pipeline.package import enum_values
from pipeline.schema import BY_NAME, Table


@dataclass(frozen=True)
class Problem:
    table: str
    row: int  # 1-based data row in the sorted table (CSV line = row + 1)
    key: str  # the row's primary key, joined with '|'
    column: str
    expected: str
    found: str

    def line(self, where: str) -> str:
        return (
            f"{where} row {self.row} [{self.key}] column {self.column}: expected "
            f"{self.expected}, found {self.found}"
        )


def row_problems(table: Table, row: dict[str, str | None]) -> Iterator[tuple[str, str, str]]:
    """(column, expected, found) for each cell breaking its column's declared constraints."""
    for column in table.columns:
        value = row.get(column.name)
        if value is None:
            if column.required:
                yield column.name, "a value (required)", "empty"
            continue
        values = enum_values(table, column)
        if values and value not in values:
            yield column.name, f"one of {', '.join(values)}", repr(value)
        if column.pattern and not re.search(column.pattern, value):
            yield column.name, f"text matching {column.pattern}", repr(value)
        if column.type == "integer" and not re.fullmatch(r"-?\d+", value):
            yield column.name, "a whole number", repr(value)
        elif column.minimum is not None and int(value) < column.minimum:
            yield column.name, f"at least {column.minimum}", value
        if column.type in PARSERS and not _parses(PARSERS[column.type], value):
            yield column.name, f"a real {column.type} ({FORMATS[column.type]})", repr(value)


PARSERS = {
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "boolean": {"true", "false"}.__contains__,
}
FORMATS = {"date": "YYYY-MM-DD", "time": "HH:MM:SS", "boolean": "true or false"}


def _parses(parse: Callable[[str], object], value: str) -> bool:
    try:
        return parse(value) is not False
    except ValueError:
        return False


def table_problems(tables: dict[str, list[dict]]) -> Iterator[Problem]:
    """Cell constraints, duplicate primary keys and broken foreign keys across all tables."""
    keys: dict[str, set] = {}
    for name, rows in tables.items():
        table = BY_NAME[name]
        seen: set = set()
        for n, row in enumerate(rows, 1):
            key = "|".join(str(row.get(k)) for k in table.primary_key)
            for column, expected, found in row_problems(table, row):
                yield Problem(name, n, key, column, expected, found)
            if key in seen:
                yield Problem(name, n, key, "|".join(table.primary_key), "a unique key", key)
            seen.add(key)
        keys[name] = seen
    for name, rows in tables.items():
        table = BY_NAME[name]
        for column in (c for c in table.columns if c.fk):
            ref_table, _ = column.fk.split(".")
            for n, row in enumerate(rows, 1):
                value = row.get(column.name)
                if value is not None and value not in keys.get(ref_table, set()):
                    key = "|".join(str(row.get(k)) for k in table.primary_key)
                    yield Problem(
                        name, n, key, column.name, f"an existing {column.fk}", repr(value)
                    )
