"""Stages 1-4 together: raw/ + coding/ -> every published table as a sorted CSV file.

A function of its two input folders that writes into a third; the rest of the package and
publishing are in `pipeline.publish`. Records are read, coded and spilled one at a time, so
memory holds the texts and keys, not the tables.
"""

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from pipeline import chronology
from pipeline.constraints import Problem, TableChecks
from pipeline.errors import UserError
from pipeline.evidence import Coder
from pipeline.passages import PassageIndex
from pipeline.raw import load_sources, text_shapes
from pipeline.schema import BY_NAME, SHEETS, TABLES
from pipeline.segment import segment
from pipeline.sheets import iter_records, sheet_path
from pipeline.tablefiles import SortedTable, read_rows, write_csv

# Table -> (sheet, column of the record id) for rows that come from a record of another
# sheet (or, for discrepancies, a topic): an error names the record they came from.
PARENTS = {
    nested.table: (name, sheet.key or BY_NAME[name].primary_key[0])
    for name, sheet in SHEETS.items()
    for nested in sheet.nested
}


class Assembled(NamedTuple):
    counts: dict[str, int]  # table -> rows written
    sources: list[dict]  # the `sources` rows as published, for the package descriptor


def assemble(raw_dir: Path, coding_dir: Path, folder: Path) -> Assembled:
    """Write every table as `folder/<table>.csv`, sorted by primary key and checked."""
    import shutil  # here, not at the top: `check` imports this module for read_texts

    scratch = folder.with_name(f"{folder.name}-runs")  # beside the tables: never published
    tables = {t.name: SortedTable(t, scratch) for t in TABLES}
    sources, texts, index, entries = read_texts(raw_dir, tables["passages"].add)
    linker = chronology.Linker(entries)

    def emit(table: str, row: dict) -> None:
        linker.observe(table, row)
        tables[table].add(row)

    ids: dict[str, set[str]] = {}
    Coder(texts, index, emit).code(iter_records(coding_dir, ids))
    linker.link(str(sheet_path(coding_dir, "events")))
    for row in entries:
        tables["chronology"].add(row)
    for row in sources:
        tables["sources"].add(row)
    counts = _write_checked(tables, folder, coding_dir, ids)
    shutil.rmtree(scratch, ignore_errors=True)
    return Assembled(counts, list(read_rows(folder / "sources.csv")))


def read_texts(
    raw_dir: Path, passage: Callable[[dict], None]
) -> tuple[list[dict], dict[str, str], PassageIndex, list[dict]]:
    """Stages 1-2: the `sources` rows, each article's text, the index of its passages (each
    passage row also handed to `passage`) and its Chronology entries."""
    sources, texts = load_sources(raw_dir)
    shapes = text_shapes(raw_dir)
    index, entries = PassageIndex(), []
    for sid in sorted(texts):
        passages = segment(sid, texts[sid], shapes[sid])
        index.add(passages)
        entries += chronology.parse(sid, texts[sid], passages, shapes[sid])
        for row in passages:
            passage(row)
    return sources, texts, index, entries


def _write_checked(
    tables: dict[str, SortedTable], folder: Path, coding_dir: Path, ids: dict[str, set[str]]
) -> dict[str, int]:
    """Write each table's CSV while checking its cells and keys; then check foreign keys."""
    checks = TableChecks()

    def checked(name: str):
        columns = BY_NAME[name].column_names
        for n, cells in enumerate(tables[name].rows(), 1):
            for problem in checks.cells(name, n, dict(zip(columns, cells, strict=True))):
                raise problem_error(problem, coding_dir, ids)
            yield cells

    counts = {}
    for name in tables:
        path = folder / f"{name}.csv"
        counts[name] = write_csv(path, BY_NAME[name].column_names, checked(name))
        if not counts[name] and not BY_NAME[name].may_be_empty:
            sheet = PARENTS.get(name, (name,))[0]
            where = sheet_path(coding_dir, sheet) if sheet in SHEETS else name
            raise UserError(
                str(where), f"table {name} has no rows and is not declared may_be_empty"
            )
    for name in tables:
        if any(c.fk for c in BY_NAME[name].columns):
            for n, row in enumerate(read_rows(folder / f"{name}.csv"), 1):
                for problem in checks.foreign(name, n, row):
                    raise problem_error(problem, coding_dir, ids)
    return counts


def problem_error(problem: Problem, coding_dir: Path, ids: dict[str, set[str]]) -> UserError:
    """The problem as an error naming the sheet and record the row came from."""
    sheet, key = PARENTS.get(problem.table, (problem.table, BY_NAME[problem.table].primary_key[0]))
    record = str(problem.values.get(key))
    coded = sheet in SHEETS and record in ids.get(sheet, set())
    return UserError(
        str(sheet_path(coding_dir, sheet)) if coded else problem.table,
        f"{problem.column}: expected {problem.expected}, found {problem.found}",
        record,
        field=problem.column,
    )
