"""Row-level constraints from the schema declaration: required, vocabulary, pattern, minimum, keys.

Used by the build on coded rows (to name the sheet and record) and by `validate` on the
published CSVs (to name the file and row). Values are CSV text (`None` for empty).
"""

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, time
from typing import NamedTuple

from pipeline.errors import echo
from pipeline.schema import BY_NAME, TABLES, Table, enum_values
from pipeline.tablefiles import key_order


class Problem(NamedTuple):
    table: str
    row: int  # 1-based data row in the sorted table (CSV line = row + 1)
    key: str  # the row's primary key, joined with '|'
    column: str
    expected: str
    found: str
    values: dict  # the whole row

    def line(self, where: str) -> str:
        return (
            f"{where} row {self.row} [{echo(self.key)}] column {self.column}: expected "
            f"{self.expected}, found {echo(self.found)}"
        )


def row_problems(table: Table, row: dict[str, str | None]) -> Iterator[tuple[str, str, str]]:
    """(column, expected, found) for each cell breaking its column's declared constraints."""
    for name, required, values, allowed, pattern, integer, minimum, parse in _plan(table):
        value = row.get(name)
        if value is None:
            if required:
                yield name, "a value (required)", "empty"
            continue
        if values and value not in values:
            yield name, allowed, repr(value)
        if pattern and not pattern.search(value):
            yield name, f"text matching {pattern.pattern}", repr(value)
        if integer and not _INTEGER.fullmatch(value):
            yield name, "a whole number", repr(value)
        elif integer and not (len(value) <= 11 and INTEGER_MIN <= int(value) <= INTEGER_MAX):
            yield name, f"a whole number DuckDB's INTEGER holds (at most {INTEGER_MAX})", value
        elif minimum is not None and int(value) < minimum:
            yield name, f"at least {minimum}", value
        if parse and not _parses(parse[0], value):
            yield name, parse[1], repr(value)


_INTEGER = re.compile(r"-?\d+")
_PLANS: dict[int, tuple[Table, list[tuple]]] = {}  # id(table) -> (table, its columns' checks)


def _plan(table: Table) -> list[tuple]:
    """What `row_problems` checks in each column, worked out once per table."""
    known = _PLANS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    plan = []
    for column in table.columns:
        values = enum_values(table, column)
        parse = None
        if column.type in PARSERS:
            parse = (PARSERS[column.type], f"a real {column.type} ({FORMATS[column.type]})")
        plan.append((
            column.name, column.required, frozenset(values or ()),
            f"one of {', '.join(values)}" if values else "",
            re.compile(column.pattern) if column.pattern else None,
            column.type == "integer", column.minimum, parse,
        ))  # fmt: skip
    _PLANS[id(table)] = (table, plan)
    return plan


INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1  # integer columns are INTEGER in the database
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


# Tables some foreign key points at: only their keys are kept in memory.
REFERENCED = {c.fk.split(".")[0] for t in TABLES for c in t.columns if c.fk}
Rows = Callable[[], Iterable[dict]]  # a fresh pass over a table's rows, in file order


class TableChecks:
    """Cell constraints, key order and uniqueness, then foreign keys: one table at a time.

    Tables are published sorted by primary key, so a duplicate key sits next to its twin and
    only the keys of referenced tables are kept, not every row.
    """

    def __init__(self) -> None:
        self.keys: dict[str, set[str]] = {name: set() for name in REFERENCED}
        self.previous: dict[str, tuple] = {}

    def cells(self, name: str, n: int, row: dict) -> Iterator[Problem]:
        """Problems of row `n` of table `name` on its own and against the row before it."""
        table = BY_NAME[name]
        key = row_key(table, row)
        for column, expected, found in row_problems(table, row):
            yield Problem(name, n, key, column, expected, found, row)
        order = key_order(row.get(k) for k in table.primary_key)
        previous = self.previous.get(name)
        columns = "|".join(table.primary_key)
        if order == previous:
            yield Problem(name, n, key, columns, "a unique key", key, row)
        elif previous is not None and order < previous:
            yield Problem(name, n, key, columns, "rows sorted by primary key", key, row)
        self.previous[name] = order
        if name in self.keys:
            self.keys[name].add(key)

    def foreign(self, name: str, n: int, row: dict) -> Iterator[Problem]:
        """Problems of row `n` whose foreign keys point at no row (after every `cells` pass)."""
        table = BY_NAME[name]
        for column in (c for c in table.columns if c.fk):
            value = row.get(column.name)
            if value is not None and value not in self.keys[column.fk.split(".")[0]]:
                yield Problem(
                    name,
                    n,
                    row_key(table, row),
                    column.name,
                    f"an existing {column.fk}",
                    repr(value),
                    row,
                )


def row_key(table: Table, row: dict) -> str:
    """The primary key of a row as a problem names it (cells joined with |)."""
    return "|".join(str(row.get(k)) for k in table.primary_key)


def table_problems(tables: dict[str, Rows]) -> Iterator[Problem]:
    """Every table's cell and key problems, then its broken foreign keys (two passes)."""
    checks = TableChecks()
    for name, rows in tables.items():
        for n, row in enumerate(rows(), 1):
            yield from checks.cells(name, n, row)
    for name, rows in tables.items():
        if any(c.fk for c in BY_NAME[name].columns):
            for n, row in enumerate(rows(), 1):
                yield from checks.foreign(name, n, row)
