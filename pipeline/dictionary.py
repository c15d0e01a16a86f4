"""The data dictionary: schema declaration + view declarations + table rows -> tables/README.md.

Inputs: `pipeline.schema.TABLES`, `pipeline.views.VIEWS` and the row count of each table
about to be published. Output: Markdown text; `pipeline.publish` writes it into the package.
"""

from __future__ import annotations

from pipeline import config
from pipeline.citation import VERSION
from pipeline.ddl import DUCKDB_TYPES
from pipeline.schema import TABLES, Column, Table, enum_values
from pipeline.views import VIEWS

INTRO = f"""# Data dictionary

Generated from `pipeline/schema.py` and `pipeline/views.py` by the build
({config.PACKAGE_NAME} {VERSION}); do not edit by hand.

Each table is a CSV in this folder: UTF-8 without BOM, LF line endings, a header row,
rows sorted by primary key, an empty cell meaning "the sources do not say". Dates are ISO
8601 and follow UCDP's convention (`date_start`, `date_end`, `date_precision`).
`schema.sql` creates the typed tables and the views and `load.sql` loads the CSVs, so
DuckDB loads the whole package with `IMPORT DATABASE '{config.TABLES_DIR}'`, run from the
package root. The same tables and views are in the database the build writes
(`{config.DATABASE}`), and typed Parquet copies of the tables are in
`build/parquet/`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`"


def constraints(table: Table, column: Column) -> str:
    """The column's rules in words: vocabulary, pattern, minimum, reference, provenance."""
    rules = []
    values = enum_values(table, column)
    if values:
        rules.append("one of " + ", ".join(_code(v) for v in values))
    if column.pattern:
        rules.append("pattern " + _code(column.pattern))
    if column.minimum is not None:
        rules.append(f"≥ {column.minimum}")
    if column.fk:
        rules.append("→ " + _code(column.fk))
    if column.derived:
        rules.append("derived by the pipeline")
    if column.editorial:
        rules.append("our note, not a claim of the sources")
    return "; ".join(rules)


def table_section(table: Table, rows: int) -> str:
    keys = ", ".join(_code(k) for k in table.primary_key)
    lines = [
        f"### `{table.name}` — {table.title}",
        "",
        table.description,
        "",
        f"File `{table.name}.csv`; {rows} row{'s' if rows != 1 else ''}; primary key {keys}"
        + ("; every non-key cell has evidence." if table.evidenced else "."),
        "",
        "| column | type | required | constraints | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in table.columns:
        lines.append(
            f"| {_code(c.name)} | {c.type} ({DUCKDB_TYPES[c.type]}) | "
            f"{'yes' if c.required else ''} | {constraints(table, c)} | {_cell(c.description)} |"
        )
    return "\n".join(lines) + "\n"


def views_section() -> str:
    lines = [
        "## Views",
        "",
        "Views are computed in DuckDB from the tables above when queried; they have no CSV. "
        "`python -m pipeline query --list` lists them with these descriptions.",
        "",
    ]
    for view in VIEWS:
        lines += [
            f"### `{view.name}`",
            "",
            view.description,
            "",
            "| column | description |",
            "| --- | --- |",
        ]
        lines += [f"| {_code(name)} | {_cell(text)} |" for name, text in view.columns]
        lines.append("")
    return "\n".join(lines)


def data_dictionary(counts: dict[str, int]) -> str:
    overview = ["## Tables", "", "| table | rows | description |", "| --- | --- | --- |"]
    overview += [f"| {_code(t.name)} | {counts[t.name]} | {_cell(t.description)} |" for t in TABLES]
    sections = [table_section(t, counts[t.name]) for t in TABLES]
    return "\n".join([INTRO, *overview, "", *sections, views_section()])
