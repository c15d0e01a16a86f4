"""`query`: SQL (argument, file or stdin) -> rows printed as a table, CSV, JSON or Markdown.

The connection is the sandbox of `database.connect_read_only`: the package's database and
nothing else. A query stops at its time limit or at Ctrl-C.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from pipeline.buildlock import publishing
from pipeline.database import connect_read_only
from pipeline.errors import UserError, echo, first_line

T = TypeVar("T")

LIST_SQL = """
SELECT 'table' AS kind, table_name AS name, comment AS description
FROM duckdb_tables() WHERE database_name = current_database()
UNION ALL
SELECT 'view', view_name, comment FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal
ORDER BY kind, name
"""


DESCRIBE_SQL = """
SELECT column_name AS "column", data_type AS type, comment AS description
FROM duckdb_columns()
WHERE database_name = current_database() AND table_name = {name}
ORDER BY column_index
"""


def read_sql(args: argparse.Namespace) -> str:
    if args.list:
        return LIST_SQL
    if args.describe:
        return DESCRIBE_SQL.format(name="'" + args.describe.replace("'", "''") + "'")
    if args.sql:
        return args.sql
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(args.file, f"cannot read SQL file: {exc.strerror}") from None
    if sys.stdin.isatty():
        raise UserError("query", "give SQL as an argument, with --file, or on standard input")
    return sys.stdin.read()


def _text(value: object) -> str:
    return "" if value is None else str(value)


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, indent=2, ensure_ascii=False, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_text(v) for v in row] for row in rows])
        return out.getvalue().rstrip("\n")
    cells = [[_text(v) for v in row] for row in rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines)
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def run_query(args: argparse.Namespace) -> int:
    sql = read_sql(args)
    root = Path(args.root)
    with publishing(root, shared=True):  # never half a publish; once open, the file stays
        con = connect_read_only(root)
    with con, con.cursor() as cursor:
        columns, rows = limited(cursor, lambda: fetch(cursor, sql), args.timeout)
    if args.describe and not rows:
        raise UserError("query", f"no table or view named {echo(args.describe)} (see --list)")
    print(render(columns, rows, args.format))
    return 0


def fetch(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Run every statement of `sql`; the last one's columns and rows."""
    try:
        if not con.extract_statements(sql):
            raise UserError("query", "no SQL statement to run (the text is empty or comments)")
        relation = con.sql(sql)
        if relation is None:  # a statement without a result
            return [], []
        return list(relation.columns), printable(relation).fetchall()
    except duckdb.PermissionException as exc:
        raise UserError(
            "query", f"{first_line(exc)} (a query sees the package's database only)"
        ) from None
    except duckdb.Error as exc:
        raise UserError("query", first_line(exc)) from None


def printable(relation: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """Columns with a time zone as text: Python's values for them need the optional pytz."""
    types = [str(t) for t in relation.types]
    if not any("TIME ZONE" in t for t in types):
        return relation
    names = ['"' + c.replace('"', '""') + '"' for c in relation.columns]
    return relation.project(
        ", ".join(
            f"CAST(#{i} AS VARCHAR) AS {name}" if "TIME ZONE" in kind else f"#{i} AS {name}"
            for i, (name, kind) in enumerate(zip(names, types, strict=True), 1)
        )
    )


def limited(con: duckdb.DuckDBPyConnection, work: Callable[[], T], timeout: float) -> T:
    """`work()` in a thread this one watches: past `timeout` seconds (0: none) or at Ctrl-C,
    the query is interrupted. DuckDB holds the main thread in C, where Ctrl-C cannot reach.

    `con` must be the cursor `work` runs on: DuckDB refuses to interrupt through the
    connection while a cursor of it is busy."""
    outcome: dict[str, object] = {}
    done = threading.Event()  # not Thread.join: Ctrl-C inside join can mark the thread ended

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # raised again in the caller's thread
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, daemon=True).start()
    deadline = time.monotonic() + timeout if timeout > 0 else float("inf")
    stop: BaseException | None = None
    while not done.is_set():
        try:
            done.wait(0.1)
        except KeyboardInterrupt as exc:
            stop = exc
        if stop is None and time.monotonic() > deadline:
            stop = UserError("query", f"stopped at the time limit of {timeout:g} s (--timeout)")
        if stop is not None:
            con.interrupt()  # again each turn: a query not yet started misses the first
    if stop is not None:
        raise stop
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
