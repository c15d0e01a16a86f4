"""Validation gates: published (or staged) package -> one line per failure, and a JSON report.

Each check reads the package as it is on disk, so a hand-edited CSV is judged like a
built one. `pipeline.steps` runs them on the staged package during `build` (and
`refuse_failures` stops it); `validate_published` runs them on the published files for
`python -m pipeline validate`. Great Expectations runs in its lane (`pipeline.gx_checks`), a
forked child process, while the other checks run here.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pipeline import config, forked
from pipeline.config import csv_path
from pipeline.constraints import table_problems
from pipeline.errors import UserError
from pipeline.gx_checks import ExpectationsLane
from pipeline.raw import load_sources
from pipeline.schema import BY_NAME, TABLES
from pipeline.tablefiles import read_rows

REPORT = Path("build") / "validation" / "report.json"


@dataclass
class Report:
    checked: dict[str, int] = field(default_factory=dict)  # check -> items it looked at
    failures: list[str] = field(default_factory=list)

    def as_json(self) -> str:
        body = {"ok": not self.failures, "checked": self.checked, "failures": self.failures}
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Package:
    """A package on disk: its tables are read afresh, row by row, by each check."""

    root: Path
    tables: dict[str, int]  # table -> data rows, for each CSV readable with its header
    texts: dict[str, str]

    def where(self, table: str) -> str:
        return csv_path(table)

    def rows(self, table: str) -> Iterator[dict[str, str | None]]:
        return read_rows(self.root / csv_path(table))


def check_files(root: Path, report: Report) -> dict[str, int]:
    """Data rows of each table whose CSV can be read and has the declared header.

    A missing file, a wrong header or a row of the wrong width is a failure.
    """
    readable = {}
    for table in TABLES:
        where = csv_path(table.name)
        try:
            with (root / where).open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, [])
                report.checked["csv headers"] = report.checked.get("csv headers", 0) + 1
                if header != table.column_names:
                    missing = [c for c in table.column_names if c not in header]
                    extra = [c for c in header if c not in table.column_names]
                    report.failures.append(
                        f"{where} header: expected columns {', '.join(table.column_names)}; "
                        f"missing {missing or 'none'}, unexpected {extra or 'none'}"
                    )
                    continue
                rows = 0
                for rows, cells in enumerate(reader, 1):
                    if len(cells) != len(header):
                        report.failures.append(
                            f"{where} row {rows}: expected {len(header)} cells, found {len(cells)}"
                        )
        except (OSError, UnicodeDecodeError) as exc:
            report.failures.append(f"{where}: cannot read: {exc}")
            continue
        readable[table.name] = rows
    return readable


def check_constraints(pkg: Package, report: Report) -> None:
    """Types, required cells, vocabularies, patterns, key order, primary and foreign keys."""
    report.checked["cells"] = sum(n * len(BY_NAME[t].columns) for t, n in pkg.tables.items())
    tables = {name: partial(pkg.rows, name) for name in pkg.tables}
    for problem in table_problems(tables):
        report.failures.append(problem.line(pkg.where(problem.table)))


def check_evidence(pkg: Package, report: Report) -> None:
    """Every quote sits at its offsets; every evidenced cell has a quote giving that value.

    The claims are kept as one string per (table, record, field, value): no row is kept.
    """
    claims: set[str] = set()
    quotes = 0
    for n, ev in enumerate(pkg.rows("evidence"), 1):
        quotes += 1
        text = pkg.texts.get(ev["source_id"] or "")
        start, end = int(ev["char_start"] or 0), int(ev["char_end"] or 0)
        if text is None or text[start:end] != ev["quote"]:
            found = repr(text[start:end][:60]) if text else "no such source"
            report.failures.append(
                f"{pkg.where('evidence')} row {n} [{ev['evidence_id']}] "
                f"column quote: expected raw[{start}:{end}], found {found}"
            )
        claims.add(_claim(ev["record_table"], ev["record_id"], ev["field"], ev["value"]))
    report.checked["evidence quotes"] = quotes
    cells = 0
    for table in (t for t in TABLES if t.evidenced):
        key = table.primary_key[0]
        for n, row in enumerate(pkg.rows(table.name), 1):
            for column in table.columns:
                value = row.get(column.name)
                if column.name == key or column.derived or column.editorial:
                    continue
                if value is None or value == "false":
                    continue
                cells += 1
                if _claim(table.name, row[key], column.name, value) not in claims:
                    report.failures.append(
                        f"{pkg.where(table.name)} row {n} [{row[key]}] column {column.name}: "
                        f"expected a value stated by an evidence row, found {value!r}"
                    )
    report.checked["evidenced cells"] = cells


def _claim(*parts: str | None) -> str:
    return "\x1f".join(str(p) for p in parts)  # a separator no cell holds


def check_frictionless(pkg: Package, report: Report) -> None:
    """The Frictionless validator on datapackage.json (structure, hashes, keys).

    It keeps every key it checks, so it runs in a child process that takes that memory away.
    """
    resources, failures = forked.call(frictionless_failures, pkg.root / config.DESCRIPTOR)
    report.checked["frictionless resources"] = resources
    report.failures += failures


def frictionless_failures(descriptor: Path) -> tuple[int, list[str]]:
    """(resources validated, one line per error) for a package descriptor."""
    from frictionless import Package as FrictionlessPackage

    result = FrictionlessPackage(str(descriptor)).validate()
    failures = []
    for task in result.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            place = f" row {row - 1}" if row else ""
            place += f" column {field_name}" if field_name else ""
            failures.append(f"{task.place}{place}: {error.type}: {error.note}")
    for error in result.errors:
        failures.append(f"{config.DESCRIPTOR}: {error.type}: {error.note}")
    return len(result.tasks), failures


@dataclass
class Checks:
    """The checks of one package, started: the report so far and what is left to run."""

    pkg: Package
    report: Report
    readable: bool  # every CSV read with its header: the later checks are not noise
    typed: bool  # every cell well typed: values are checked, and the lane is running


def start_checks(
    root: Path, raw_dir: Path, lane: ExpectationsLane, docs: Path | None = None
) -> Checks:
    """Raw checksums, files and cell constraints; with well-typed cells the lane starts."""
    report = Report()
    try:
        _, texts = load_sources(raw_dir)
        report.checked["raw checksums"] = len(texts)
    except UserError as exc:
        report.failures.append(str(exc))
        texts = {}
    pkg = Package(root, check_files(root, report), texts)
    if report.failures:  # a missing column or file makes every later check noise
        return Checks(pkg, report, readable=False, typed=False)
    check_constraints(pkg, report)
    # Checks on values need well-typed cells: after a type error they would only add noise.
    typed = not report.failures
    if typed:
        lane.start(root, docs)
    return Checks(pkg, report, readable=True, typed=typed)


def finish_checks(checks: Checks, lane: ExpectationsLane) -> Report:
    """Frictionless, then (with well-typed cells) evidence and the lane's expectations."""
    report = checks.report
    if not checks.readable:
        return report
    check_frictionless(checks.pkg, report)
    if checks.typed:
        check_evidence(checks.pkg, report)
        report.checked["expectations"], failures = lane.result()
        report.failures += failures
    return report


def write_report(report: Report, root: Path) -> Path:
    path = root / REPORT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.as_json(), encoding="utf-8")
    return path


def refuse_failures(report: Report, stage: Path) -> None:
    """Build gate: write the report, and refuse to publish a staged package that fails."""
    path = write_report(report, stage.parent.parent)
    if report.failures:
        for line in report.failures:
            print(line, file=sys.stderr)
        raise UserError(
            str(stage),
            f"{len(report.failures)} validation failure(s), nothing was published; report: {path}",
        )


def validate_published(root: Path) -> int:
    docs = root / REPORT.parent
    with ExpectationsLane() as lane:
        report = finish_checks(start_checks(root, root / "raw", lane, docs / "data-docs"), lane)
    path = write_report(report, root)
    for line in report.failures:
        print(line)
    summary = ", ".join(f"{n} {name}" for name, n in report.checked.items())
    status = f"{len(report.failures)} failure(s)" if report.failures else "all checks passed"
    print(f"validate: {status} ({summary}); report: {path}; Data Docs: {docs / 'data-docs'}")
    return 1 if report.failures else 0
