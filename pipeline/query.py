"""`query`: SQL (argument, file or stdin) -> rows printed as a table, CSV, JSON or Markdown."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

import duckdb

from pipeline.database import connect_read_only
from pipeline.errors import UserError

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
    with connect_read_only(Path(args.root)) as con:
        try:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            message = str(exc).strip().splitlines()[0]
            raise UserError("query", message) from None
    print(render(columns, rows, args.format))
    return 0
