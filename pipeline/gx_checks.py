"""Great Expectations: the committed suites run on a package's CSVs, in a forked lane.

`ExpectationsLane` starts a child process that imports GX (seconds) while the build
assembles; `run` then validates every table, cell frame and derived frame and returns one
line per failure. Tables are read CHUNK_ROWS at a time (`pipeline.chunks`) and a cell frame
is validated every CHUNK_CELLS cells, so memory stays bounded on a large corpus; on the real
corpus each fits in one piece. GX and pandas are imported only when validation runs.
"""

from __future__ import annotations

import os
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

from pipeline import forked
from pipeline.chunks import read_chunks, read_whole
from pipeline.config import csv_path
from pipeline.derived_frames import derived_frames
from pipeline.schema import BY_NAME, TABLES, Table
from pipeline.suites import CELL_FRAMES, coded_cell, load_suites, table_column

TYPED_CELLS = ("number_cells", "date_cells")  # compared as numbers and dates, not as text
FIRST_PASS = {"result_format": "BOOLEAN_ONLY"}  # verdicts only: the cheap pass
DETAILS = {"result_format": "COMPLETE", "include_unexpected_rows": False}
SHOWN = 5  # failing cells named per expectation
CHUNK_CELLS = 250_000  # cells of a kind stacked into one frame before it is validated
# Expectations that hold or fail row by row: a table passes them iff every chunk does.
ROW_WISE = {
    "expect_column_values_to_match_regex",
    "expect_column_values_to_not_match_regex",
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_between",
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
}


def cell_parts(name: str, columns: list[str], table: Table, text, typed) -> list:
    """The cells of one table chunk that the cell frame `name` stacks, as long frames.

    One row per cell: `column` (table.column), 1-based `row`, `value`. Values are the CSV
    text, except in the frames compared as numbers or dates. The coded frame adds `coded`
    (see `pipeline.suites.coded_cell`); the number frame each column's declared `minimum`.
    """
    import pandas as pd

    parts = []
    for full_name in columns:
        if table_column(full_name)[0] is not table:
            continue
        column = table.column(full_name.split(".")[1])
        values = (typed if name in TYPED_CELLS else text)[column.name]
        part = {"column": full_name, "row": values.index, "value": values.array}
        if name == "coded_cells":
            part["coded"] = (coded_cell(full_name, "") + values).array
        if name == "number_cells":
            part["minimum"] = column.minimum
        parts.append(pd.DataFrame(part))
    return parts


def describe(result, name: str, frame) -> list[str]:
    """Lines for a failed expectation: where, what was expected and what was found."""
    config = result.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}
    why = (config.meta or {}).get("why")
    details = result.result or {}
    indexes = details.get("unexpected_index_list") or []
    if name in CELL_FRAMES and indexes:  # name each failing cell by its CSV, row and column
        kwargs = {k: v for k, v in kwargs.items() if k not in ("column", "value_set")}
        expected = f"{config.type}({_args(kwargs)})"
        lines = []
        for index in indexes[:SHOWN]:
            table, column = frame.at[index, "column"].split(".")
            lines.append(
                f"{csv_path(table)} row {frame.at[index, 'row']} column {column}: "
                f"expected {expected}, found {frame.at[index, 'value']!r}"
            )
        if len(indexes) > SHOWN:
            lines.append(f"{name}: {len(indexes) - SHOWN} more cell(s) fail {expected}")
        return lines
    column = kwargs.pop("column", None) or kwargs.get("column_A")
    errors = [
        e.get("exception_message")
        for e in (result.exception_info or {}).values()
        if isinstance(e, dict) and e.get("raised_exception")
    ]
    if errors:
        found = f"an error: {errors[0]}"
    elif indexes:
        found = f"{details.get('unexpected_count')} row(s), e.g. {indexes[:SHOWN]}"
    elif "partial_unexpected_list" in details:
        sample = details["partial_unexpected_list"][:3]
        found = f"{details.get('unexpected_count')} value(s), e.g. {sample}"
    else:
        found = repr(details.get("observed_value"))
    where = csv_path(name) if name in BY_NAME else f"{name} (derived frame)"
    text = f" column {column}:" if column else ""
    return [
        f"{where}{text} expected {config.type}({_args(kwargs)}), found {found}"
        + (f" [rule: {why}]" if why else "")
    ]


def _args(kwargs: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in kwargs.items() if k != "condition_parser")


def load_gx():
    """Import Great Expectations (seconds), with its analytics calls switched off."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    return gx


class Validator:
    """One GX context; validates frames against suites and keeps the failure lines per suite.

    The gate (no `docs`) asks GX for verdicts only and re-runs a failing suite for details;
    `validate` (with `docs`) stores complete results and renders them as Data Docs.
    """

    def __init__(self, docs: Path | None) -> None:
        self.gx = load_gx()
        self.docs = docs
        self.context = self.gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = {"globally": False}
        if docs:
            self.context.add_data_docs_site(
                site_name="local",
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(docs),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )
        self.source = self.context.data_sources.add_pandas("package")
        # Adding an asset or batch definition re-serialises the context's whole config, so
        # the gate shares one; Data Docs need them named per frame.
        self.shared = (
            None
            if docs
            else self.source.add_dataframe_asset("frame").add_batch_definition_whole_dataframe(
                "all"
            )
        )
        self.failures: dict[str, list[str]] = {}
        self.parts: dict[str, int] = {}

    def check(self, name: str, frame, expectations: list[dict]) -> None:
        """Validate `frame` (all or part of the suite `name`'s target) on `expectations`."""
        from great_expectations.core import ExpectationSuite

        if not expectations:
            return
        part = self.parts[name] = self.parts.get(name, 0) + 1
        label = name if part == 1 else f"{name}.part{part}"  # Data Docs names are unique
        batch = self.shared or self.source.add_dataframe_asset(
            label
        ).add_batch_definition_whole_dataframe(label)
        suite = ExpectationSuite(name=label, expectations=expectations)
        if self.docs:  # Data Docs render stored suites and results
            definition = self.context.validation_definitions.add(
                self.gx.ValidationDefinition(
                    name=label, data=batch, suite=self.context.suites.add(suite)
                )
            )
            result = definition.run(batch_parameters={"dataframe": frame}, result_format=DETAILS)
        else:
            batch_data = batch.get_batch(batch_parameters={"dataframe": frame})
            result = batch_data.validate(suite, result_format=FIRST_PASS)
            if not result.success:
                result = batch_data.validate(suite, result_format=DETAILS)
        lines = self.failures.setdefault(name, [])
        for r in result.results:
            if not r.success:
                lines += describe(r, name, frame)

    def finish(self) -> None:
        if self.docs:
            self.context.build_data_docs(site_names=["local"])


class CellFrame:
    """Cells of one kind, stacked across tables until CHUNK_CELLS, then validated at once."""

    def __init__(self, name: str, columns: list[str], validator: Validator, expectations) -> None:
        self.name, self.columns = name, columns
        self.validator, self.expectations = validator, expectations
        self.parts: list = []
        self.cells = 0

    def add(self, table: Table, text, typed) -> None:
        for part in cell_parts(self.name, self.columns, table, text, typed):
            self.parts.append(part)
            self.cells += len(part)
        if self.cells >= CHUNK_CELLS:
            self.flush()

    def flush(self) -> None:
        import pandas as pd

        if self.parts:
            frame = pd.concat(self.parts, ignore_index=True)
            self.parts, self.cells = [], 0
            self.validator.check(self.name, frame, self.expectations)


def split(expectations: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """(table-level, row-wise, whole-column) expectations of a table suite.

    Row-wise ones hold or fail row by row, so they run on each chunk; table-level ones look
    only at the columns, so they run on the first; the rest (a key's uniqueness, a column's
    sum) run once, on the whole table read with only the columns they name.
    """
    table = [e for e in expectations if e["type"].startswith("expect_table_")]
    rows = [e for e in expectations if e["type"] in ROW_WISE]
    whole = [e for e in expectations if e not in table and e not in rows]
    return table, rows, whole


def _named_columns(expectations: list[dict]) -> list[str]:
    names: list[str] = []
    for e in expectations:
        kwargs = e["kwargs"]
        for name in [kwargs.get(k) for k in ("column", "column_A", "column_B")]:
            names += [name] if name else []
        names += kwargs.get("column_list") or []
    return list(dict.fromkeys(names))


def run(root: Path, docs: Path | None) -> tuple[int, list[str]]:
    """Validate the CSVs under `root`: every table, cell frame and derived frame.

    Returns (expectations run, failure lines, in suite order). Tables are read a chunk at a
    time; a table of one chunk is validated whole, exactly as in one piece.
    """
    suites, cell_columns = load_suites()
    validator = Validator(docs)
    cells = [CellFrame(n, cell_columns[n], validator, suites[n]) for n in CELL_FRAMES]
    for table in TABLES:
        levels, row_wise, whole = split(suites[table.name])
        chunks = read_chunks(root, table)
        chunk, following = next(chunks), next(chunks, None)
        chunked = following is not None
        # A table of one chunk gets its whole suite in one piece.
        validator.check(table.name, chunk[1], levels + row_wise if chunked else suites[table.name])
        while True:
            for frame in cells:
                frame.add(table, *chunk)
            if following is None:
                break
            chunk, following = following, next(chunks, None)
            validator.check(table.name, chunk[1], row_wise)
        if chunked and whole:
            frame = read_whole(root, table, _named_columns(whole))
            validator.check(table.name, frame, whole)
    for frame in cells:
        frame.flush()
    for name, frame in derived_frames(root).items():
        validator.check(name, frame, suites.get(name, []))
    validator.finish()
    ran = sum(len(expectations) for expectations in suites.values())
    return ran, [line for name in suites for line in validator.failures.get(name, [])]


class ExpectationsLane:
    """Great Expectations in a forked child process, alongside the caller.

    Importing GX is most of a build's import time, so the child starts first and imports it
    while this process assembles, stages and checks the package on the other core; on
    `start(root)` the child reads the staged CSVs and runs the suites. A context manager:
    leaving it stops a child that was never started.
    """

    def __init__(self) -> None:
        self._pipe, child_end = forked.context().Pipe()
        self._process = forked.context().Process(
            target=self._serve, args=(os.getpid(), self._pipe, child_end), daemon=True
        )
        forked.start(self._process)
        child_end.close()  # so that the parent sees EOF if the child dies

    @staticmethod
    def _serve(parent: int, parent_end: Connection, pipe: Connection) -> None:
        forked.adopt(parent, parent_end)  # dies with the build, however it ends
        try:
            load_gx()  # seconds: done while the parent stages the package
            job = pipe.recv()
        except EOFError:  # the parent went away before the package was staged
            return
        forked.reply(pipe, partial(run, *job))

    def start(self, root: Path, docs: Path | None) -> None:
        self._pipe.send((root, docs))

    def result(self) -> tuple[int, list[str]]:
        """(expectations run, failure lines), as `run` returns them."""
        return forked.receive(self._pipe, self._process, "Great Expectations")

    def __enter__(self) -> ExpectationsLane:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.is_alive():  # never started, or abandoned after an error
            self._process.terminate()
            self._process.join()
