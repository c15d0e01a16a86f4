"""`check`: coding sheets + raw/ -> one line per problem, `path:line:column: message`.

The build's fast lane, for coders. The build's own code reads the sheets (`pipeline.sheets`),
locates every quote and grounds every number and date (`pipeline.evidence`) and checks
every coded row against the schema's constraints and keys (`pipeline.constraints`), so a
problem reads here as the build words it. The differences: records are checked one at a
time and every problem is listed, not only the first; lines come from the YAML parser's
marks; nothing is written; and none of pandas, DuckDB, Frictionless or Great Expectations
is imported (a test checks it). What only the build checks is listed in `check --help`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import chronology
from pipeline.assemble import problem_error, read_texts
from pipeline.constraints import REFERENCED, Problem, plan
from pipeline.errors import UserError
from pipeline.evidence import Coder
from pipeline.raw import MANIFEST
from pipeline.schema import BY_NAME, SHEETS
from pipeline.sheets import read_record, sheet_path
from pipeline.sheetyaml import Place, iter_sheet_places
from pipeline.tablefiles import cell

if TYPE_CHECKING:  # PyYAML is imported only where a problem needs a node's lines
    from yaml.nodes import Node


class Report:
    """Problems as `path:line:column: [record] message` lines, in the order found."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.sheets: set[str] = set()  # sheets with a problem

    def add(self, exc: UserError, line: int | None = None, column: int | None = None) -> None:
        line, column = exc.line or line, exc.column or column
        where = _shown(exc.where)
        at = f"{where}:{line}:{column}" if line else where
        record = f"[{exc.record}] " if exc.record else ""
        self.lines.append(f"{at}: {record}{exc.message}")
        self.sheets.add(exc.where)


def _shown(where: str) -> str:
    """A path relative to the working directory when it is below it (as editors link it)."""
    try:
        return str(Path(where).resolve().relative_to(Path.cwd()))
    except ValueError:
        return where


def mark(node: Node | Place, raw: Any, exc: UserError) -> tuple[int, int]:
    """1-based line and column of what `exc` names in a record: the key of its field, in
    the entry it names (an evidence or nested item), else the record's start. A sheet's
    record is composed into its node only here, when a field or entry is named."""
    if isinstance(node, Place):
        named = exc.entry is not None or exc.field is not None
        composed = node.node(raw) if named else None
        if composed is None:
            return node.line + 1, node.column + 1
        node = composed
    target = node
    if exc.entry is not None:
        target = _find(node, raw, exc.entry) or node
    if exc.field is not None and target.id == "mapping":
        target = next((k for k, _ in target.value if k.value == exc.field), target)
    return target.start_mark.line + 1, target.start_mark.column + 1


def _find(node: Node, value: Any, wanted: Any) -> Node | None:
    """The node that `wanted` (an object constructed from `node`'s tree) was built from."""
    if value is wanted:
        return node
    if node.id == "mapping" and isinstance(value, dict):
        pairs = [(v, value.get(k.value)) for k, v in node.value if k.id == "scalar"]
    elif node.id == "sequence" and isinstance(value, list):
        pairs = list(zip(node.value, value, strict=False))
    else:
        return None
    for child, item in pairs:
        found = _find(child, item, wanted)
        if found is not None:
            return found
    return None


def manifest_mark(manifest: Path, exc: UserError) -> tuple[int, ...]:
    """Line and column of what `exc` names in a manifest entry (none if it is elsewhere)."""
    if exc.where != str(manifest) or exc.record is None:
        return ()
    import yaml

    from pipeline.yamlcap import SafeLoader

    try:
        root = yaml.compose(manifest.read_bytes(), Loader=SafeLoader)
    except (OSError, yaml.YAMLError):
        return ()
    sources = next((v for k, v in getattr(root, "value", []) if k.value == "sources"), None)
    for entry in sources.value if getattr(sources, "id", None) == "sequence" else []:
        ids = (
            [v.value for k, v in entry.value if k.value == "source_id"]
            if entry.id == "mapping"
            else []
        )
        if ids == [exc.record]:
            return mark(entry, None, exc)
    return ()


# Per table: its row checks and its references (column, foreign key, table).
_LAYOUT = {
    t.name: (plan(t), [(c.name, c.fk, c.fk.split(".")[0]) for c in t.columns if c.fk])
    for t in BY_NAME.values()
}


class Checker:
    """Feeds records to the build's `Coder` one at a time and checks each row it emits."""

    def __init__(self, raw_dir: Path, coding_dir: Path, report: Report) -> None:
        self.coding_dir, self.report = coding_dir, report
        self.manifest = raw_dir / MANIFEST
        self.ids: dict[str, set[str]] = {}  # sheet -> record ids, as the build keeps them
        self.keys: dict[str, set[str]] = {name: set() for name in REFERENCED}
        # References to keys not seen yet: (table, value, the error, the record it is in,
        # placed only if the key never comes, as placing may compose the record again).
        self.pending: list[tuple[str, str, UserError, tuple[Place, Any] | None]] = []
        self.record: tuple[Place, Any] | None = None  # the record being coded, for its marks
        self.record_keys: dict[str, set[str]] = {}  # keys of the rows it gave so far
        sources, texts, index, self.entries = read_texts(raw_dir, self.passage)
        ids: set[str] = set()
        for row in sources:
            self.unique("sources", self.row("sources", row), row, ids)
        self.linker = chronology.Linker(self.entries)
        self.coder = Coder(texts, index, self.emit)

    def passage(self, row: dict) -> None:
        self.keys["passages"].add(row["passage_id"])

    def emit(self, table: str, row: dict) -> None:
        self.linker.observe(table, row)
        key = self.row(table, row)
        # A row's key holds its record's id: no other record's row can have it.
        seen = self.record_keys.get(table)
        if seen is None:
            seen = self.record_keys[table] = set()
        if key in seen:  # tested here: a call per row costs more than the test
            self.unique(table, key, row, seen)
        seen.add(key)

    def unique(self, table: str, key: str, row: dict, seen: set[str]) -> None:
        if key in seen:
            columns = "|".join(BY_NAME[table].primary_key)
            self.problem(Problem(table, 0, key, columns, "a unique key", key, row))
        seen.add(key)

    def row(self, table: str, row: dict) -> str:
        """Check a row's cells as the build writes them; note its key and its references."""
        checks, references = _LAYOUT[table]
        key = checks.key(row)
        for column, expected, found in checks.problems(row):
            self.problem(Problem(table, 0, key, column, expected, found, checks.cells(row)))
        keys = self.keys.get(table)
        if keys is not None:
            keys.add(key)
        for name, fk, target in references:
            value = row.get(name)
            value = value if value.__class__ is str and value else cell(value)
            if value is not None and value not in self.keys[target]:
                # It may come later: looked up again at the end.
                cells = checks.cells(row)
                error = self.error(
                    Problem(table, 0, key, name, f"an existing {fk}", repr(value), cells)
                )
                self.pending.append((target, value, error, self.record))
        return key

    def error(self, problem: Problem) -> UserError:
        return problem_error(problem, self.coding_dir, self.ids)

    def mark(self, error: UserError) -> tuple[int, ...]:
        return mark(*self.record, error) if self.record else ()

    def problem(self, problem: Problem) -> None:
        error = self.error(problem)
        if problem.table == "sources":  # a manifest entry, not a sheet's record
            error = UserError(str(self.manifest), error.message, error.record, field=error.field)
            self.report.add(error, *manifest_mark(self.manifest, error))
        else:
            self.report.add(error, *self.mark(error))

    def sheet(self, table: str, coded: bool) -> None:
        """Read one sheet; locate, ground and check its records if `coded`, else note ids."""
        path = sheet_path(self.coding_dir, table)
        seen = self.ids.setdefault(table, set())
        try:
            for index, (place, raw) in enumerate(iter_sheet_places(path), 1):
                if coded:
                    self.record, self.record_keys = (place, raw), {}
                    try:
                        self.coder.code_record(read_record(table, raw, str(path), index, seen))
                    except UserError as exc:
                        self.report.add(exc, *mark(place, raw, exc))
                    finally:
                        self.record = None
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    seen.add(raw["id"])  # a record in error still exists: no knock-on errors
        except UserError as exc:  # the sheet itself: malformed YAML, no `records` list
            if coded:
                self.report.add(exc)
        if table in self.keys:
            self.keys[table] |= seen

    def finish(self, coded: set[str]) -> None:
        """What needs every record: the remainder tally, the Chronology, late references."""
        clean = {t for t in coded if str(sheet_path(self.coding_dir, t)) not in self.report.sheets}
        if "casualties" in clean:  # after an error in the sheet, a knock-on error says nothing
            self.run(self.coder.remainders.check)
        if "events" in clean:
            events = str(sheet_path(self.coding_dir, "events"))
            if self.run(lambda: self.linker.link(events)):
                for row in self.entries:
                    self.row("chronology", row)
        for target, value, error, record in self.pending:
            if value not in self.keys[target]:
                self.report.add(error, *(mark(*record, error) if record else ()))

    def run(self, step: Callable[[], None]) -> bool:
        try:
            step()
        except UserError as exc:
            self.report.add(exc)
            return False
        return True


def check(raw_dir: Path, coding_dir: Path, tables: list[str] | None = None) -> Report:
    """Every problem of the sheets `tables` (all by default) that the build would stop on."""
    report = Report()
    try:
        checker = Checker(raw_dir, coding_dir, report)
    except UserError as exc:  # raw/ itself: nothing can be located
        report.add(exc, *manifest_mark(raw_dir / MANIFEST, exc))
        return report
    coded = set(tables or SHEETS)
    for table in SHEETS:
        if sheet_path(coding_dir, table).exists():
            checker.sheet(table, table in coded)
    checker.finish(coded)
    return report


def run_check(raw_dir: Path, folder: Path, tables: list[str] | None) -> int:
    """Print `check`'s problems of the sheets `tables` of `folder` (all by default)."""
    report = check(raw_dir, folder, tables)
    for line in report.lines:
        print(line)
    if report.lines:
        return 1
    print(f"ok: {', '.join(tables or ['every sheet'])} of {_shown(str(folder))}")
    return 0
