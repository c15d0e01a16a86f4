"""Row-level constraints from the schema declaration: required, vocabulary, pattern, minimum, keys.

Used by the build on coded rows (to name the sheet and record) and by `validate` on the
published CSVs (to name the file and row). Values are CSV text (`None` for empty), or for
`row_problems` and `row_key` the values that `tablefiles.cell` writes as that text.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, time
from typing import Any, NamedTuple

from pipeline.errors import echo
from pipeline.schema import BY_NAME, TABLES, Column, Table, enum_values
from pipeline.tablefiles import cell, key_order


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


def row_problems(table: Table, row: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(column, expected, found) for each cell breaking its column's declared constraints.

    `row` holds cells (CSV text, None for empty) or the values the build writes them from:
    a value is judged by its cell, `tablefiles.cell(value)`. A column's quick test passes
    the values that plainly keep its constraints (an allowed word, a whole number in range,
    a date) without writing their cell; any other value gets the full checks. Columns that
    declare no constraint are skipped.
    """
    return plan(table).problems(row)


_INTEGER = re.compile(r"-?\d+")
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1  # integer columns are INTEGER in the database
PARSERS = {
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "boolean": {"true", "false"}.__contains__,
}
FORMATS = {"date": "YYYY-MM-DD", "time": "HH:MM:SS", "boolean": "true or false"}
# The values whose cells always parse as their type (cells are isoformat, true or false).
# The class itself, not a subclass: a datetime's cell is no date.
CLASSES = {"date": date, "time": time, "boolean": bool}


class Rule(NamedTuple):
    """One column's declared constraints, worked out once per table."""

    name: str
    kind: str  # the column's type
    required: bool
    values: frozenset[str]  # its vocabulary, if it has one
    allowed: str  # the vocabulary as a problem words it
    pattern: re.Pattern | None
    minimum: int | None

    @classmethod
    def of(cls, table: Table, column: Column) -> "Rule":
        values = enum_values(table, column) or ()
        pattern = re.compile(column.pattern) if column.pattern else None
        allowed = f"one of {', '.join(values)}" if values else ""
        return cls(
            column.name, column.type, column.required, frozenset(values), allowed, pattern,
            column.minimum,
        )  # fmt: skip

    @property
    def checks(self) -> set[str]:
        """The kinds of constraint the column declares."""
        kinds = {
            "required": self.required,
            "vocabulary": bool(self.values),
            "pattern": self.pattern is not None,
            "integer": self.kind == "integer",
            "minimum": self.minimum is not None,
            "parse": self.kind in PARSERS,
        }
        return {kind for kind, declared in kinds.items() if declared}

    def broken(self, value: str | None) -> list[tuple[str, str, str]]:
        """(column, expected, found) for each constraint the cell `value` breaks."""
        name, found = self.name, []
        if value is None:
            return [(name, "a value (required)", "empty")] if self.required else []
        if self.values and value not in self.values:
            found.append((name, self.allowed, repr(value)))
        if self.pattern and not self.pattern.search(value):
            found.append((name, f"text matching {self.pattern.pattern}", repr(value)))
        integer = self.kind == "integer"
        if integer and not _INTEGER.fullmatch(value):
            found.append((name, "a whole number", repr(value)))
        elif integer and not (len(value) <= 11 and INTEGER_MIN <= int(value) <= INTEGER_MAX):
            words = f"a whole number DuckDB's INTEGER holds (at most {INTEGER_MAX})"
            found.append((name, words, value))
        elif self.minimum is not None and int(value) < self.minimum:
            found.append((name, f"at least {self.minimum}", value))
        if self.kind in PARSERS and not _parses(PARSERS[self.kind], value):
            found.append((name, f"a real {self.kind} ({FORMATS[self.kind]})", repr(value)))
        return found

    def quick(self) -> Callable[[Any], bool]:
        """A cheap test passing only values in whose cell `broken` finds nothing (False:
        ask `broken`), coded values and CSV text alike. Only a column with one kind of
        constraint (besides required) has one."""
        empty_ok = not self.required  # the cell of None (and of "") is empty
        kinds = self.checks - {"required"}
        if not kinds:  # required only: any value but None and "" (both falsy) has a cell
            return bool
        if kinds == {"vocabulary"}:  # a word of the vocabulary is its own cell
            values = self.values
            return lambda v: v in values if v.__class__ is str else empty_ok and v is None
        if kinds <= {"integer", "minimum"}:
            # An int's cell is its digits; an int in INTEGER's range has at most 11 of them.
            # Text of up to 9 ASCII digits is a whole number from 0 to 999,999,999.
            low = INTEGER_MIN if self.minimum is None else max(INTEGER_MIN, self.minimum)

            def whole(v: Any) -> bool:
                if v.__class__ is int:
                    return low <= v <= INTEGER_MAX
                if v.__class__ is str and v.isascii() and v.isdigit() and len(v) <= 9:
                    return int(v) >= low
                return empty_ok and v is None

            return whole
        if kinds == {"parse"}:
            kind, parse = CLASSES[self.kind], PARSERS[self.kind]
            return lambda v: (
                v.__class__ is kind
                or (v.__class__ is str and _parses(parse, v))
                or (empty_ok and v is None)
            )
        if kinds == {"pattern"} and self.pattern:
            search = self.pattern.search
            return lambda v: bool(search(v)) if v.__class__ is str and v else empty_ok and v is None
        return _never


def _never(value: Any) -> bool:
    return False


class Plan:
    """A table's row checks, worked out once: the quick test and rule of each column that
    declares a constraint, and the key's columns."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.key_columns = table.primary_key
        rules = [Rule.of(table, column) for column in table.columns]
        self.columns = tuple((rule.name, rule.quick(), rule) for rule in rules if rule.checks)
        # The columns that are only required (quick test `bool`) are tested all at once,
        # with no Python call per cell; the others one by one.
        self.filled = tuple(name for name, quick, _ in self.columns if quick is bool)
        self.others = tuple((name, quick) for name, quick, _ in self.columns if quick is not bool)

    def problems(self, row: dict[str, Any]) -> list[tuple[str, str, str]]:
        get = row.get
        if all(map(get, self.filled)):
            for name, quick in self.others:
                if not quick(get(name)):
                    break
            else:
                return []  # every quick test passed: no cell breaks a constraint
        found = []  # else every column in order, as the build meets them
        for name, quick, rule in self.columns:
            value = get(name)
            if not quick(value):
                found += rule.broken(cell(value))
        return found

    def cells(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row as the build writes it (made only for a problem's message)."""
        return {c: cell(row.get(c)) for c in self.table.column_names}

    def key(self, row: dict[str, Any]) -> str:
        if len(self.key_columns) == 1:
            value = row.get(self.key_columns[0])
            return value if value.__class__ is str and value else str(cell(value))
        return "|".join([str(cell(row.get(k))) for k in self.key_columns])


_PLANS: dict[int, Plan] = {}  # id(table) -> its plan


def plan(table: Table) -> Plan:
    """The row checks of `table` (`row_problems`, `row_key`), worked out once per table."""
    known = _PLANS.get(id(table))
    if known is not None and known.table is table:
        return known
    _PLANS[id(table)] = Plan(table)
    return _PLANS[id(table)]


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
    return plan(table).key(row)


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
