"""The row checks `check` and the build share (`pipeline.constraints`): each kind of declared
constraint is caught, and a value is judged exactly as the cell the build writes from it,
also where a quick test passes it without writing the cell."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from pipeline.constraints import Rule, row_key, row_problems
from pipeline.schema import TABLES, Column, Table
from pipeline.tablefiles import cell

# One column of each kind of constraint, and a pattern that an empty text matches.
KINDS = Table(
    "kinds",
    "Kinds",
    "One column per kind of constraint.",
    (
        Column("id", "string", "", required=True, pattern=r"^[a-z]+$"),
        Column("word", "string", "", enum="date_precision"),
        Column("slug", "string", "", pattern=r"^[a-z]*$", required=True),
        Column("count", "integer", "", minimum=0),
        Column("offset", "integer", "", required=True),
        Column("day", "date", ""),
        Column("clock", "time", ""),
        Column("flag", "boolean", "", required=True),
        Column("name", "string", "", required=True),
        Column("free", "string", ""),
    ),
    ("id",),
)
GOOD = {
    "id": "raid",
    "word": "day",
    "slug": "a",
    "count": 14,
    "offset": -3,
    "day": date(1997, 4, 22),
    "clock": time(15, 23),
    "flag": False,
    "name": "Fujimori",
}

# Values a row may hold, as coded (ints, dates, booleans...) or as CSV text.
PROBES = [
    None, "", " ", "x", "raid", "Raid", "day", "days", "unknown", "a-b", "12", "-1", " 12", "1.5",
    "0012", "0", "999999999", "2147483647", "2147483648", "-2147483649", "\u0663", "\u00b2",
    "true", "false", "True", "1997-04-22", "1997-02-30", "15:23:00", "25:00", "1997-04-22T00:00",
    0, 1, -1, 14, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 10**12, 1.5, True, False,
    date(1997, 4, 22), datetime(1997, 4, 22, 15, 23), time(15, 23), time(20, 20, 5, 7),
]  # fmt: skip


def _every_table() -> list[Table]:
    return [*TABLES, KINDS]


@pytest.mark.parametrize("table", _every_table(), ids=lambda t: t.name)
def test_a_value_is_judged_as_the_cell_the_build_writes_from_it(table: Table) -> None:
    """The quick tests change no verdict: a value gives the problems its cell gives to
    the full checks (`Rule.broken`), in every column of every table."""
    for column in table.columns:
        rule = Rule.of(table, column)
        words = [*(rule.values or ()), *PROBES]
        for value in words:
            problems = [p for p in row_problems(table, {column.name: value}) if p[0] == column.name]
            assert problems == rule.broken(cell(value)), (table.name, column.name, value)


def test_each_kind_of_constraint_is_caught_with_the_words_the_build_uses() -> None:
    assert row_problems(KINDS, GOOD) == []
    bad = {
        "id": ("raid-1", "text matching ^[a-z]+$", "'raid-1'"),
        "word": ("days", "one of day, month, year, unknown", "'days'"),
        "slug": ("", "a value (required)", "empty"),  # the pattern takes "", required does not
        "count": (-1, "at least 0", "-1"),
        "offset": (True, "a whole number", "'true'"),  # a boolean is no number
        "day": (datetime(1997, 4, 22, 15, 23), "a real date (YYYY-MM-DD)", "'1997-04-22T15:23:00'"),
        "clock": ("25:00", "a real time (HH:MM:SS)", "'25:00'"),
        "flag": ("yes", "a real boolean (true or false)", "'yes'"),
        "name": (None, "a value (required)", "empty"),
    }
    for name, (value, expected, found) in bad.items():
        assert row_problems(KINDS, GOOD | {name: value}) == [(name, expected, found)], name
    beyond = row_problems(KINDS, GOOD | {"count": 2**31})
    assert beyond == [
        ("count", "a whole number DuckDB's INTEGER holds (at most 2147483647)", "2147483648")
    ]
    assert row_problems(KINDS, GOOD | {"offset": "12a"}) == [("offset", "a whole number", "'12a'")]
    # Every problem of a row, in column order.
    assert [p[0] for p in row_problems(KINDS, GOOD | {"word": "x", "id": None, "flag": 1})] == [
        "id",
        "word",
        "flag",
    ]


def test_a_key_is_named_by_its_cells() -> None:
    table = next(t for t in TABLES if t.name == "hostage_release_persons")
    assert row_key(table, {"release_id": "rel-1", "person_id": None}) == "rel-1|None"
    assert row_key(table, {"release_id": "rel-1", "person_id": ""}) == "rel-1|None"
    assert row_key(KINDS, {"id": 7}) == "7"
