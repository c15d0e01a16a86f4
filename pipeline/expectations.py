"""Great Expectations gate: published rows -> expectation results, as one line per failure.

Suites are committed files in pipeline/expectations/, generated from the schema declaration
(`python -m pipeline suites` rewrites them; a test checks they are current):
`<table>.json` for checks of a table as a whole (its columns, its key, a column's pattern)
and `cells.json` for checks that apply alike to every cell of a kind (text, required,
coded, number, date cells). Those run on a long frame stacking such cells across tables,
not once per column: GX's cost is per expectation, so 72 expectations instead of 382 is
what brings the gate near the import floor (issue 6). Memory stays bounded on a large
corpus: tables are read CHUNK_ROWS at a time and a cell frame is validated every
CHUNK_CELLS cells; on the real corpus each fits in one piece. `rules.yaml` holds the
hand-written rules the schema cannot express, run on tables or on the derived frames built
by `derived_frames`. Great Expectations and pandas are imported only here, and only when
validation runs.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import yaml

from pipeline.config import CODING, CRISIS_START, csv_path
from pipeline.schema import BY_NAME, TABLES, Table, enum_values

SUITES = CODING.parent / "expectations"
CELLS = SUITES / "cells.json"
RULES = SUITES / "rules.yaml"
# The articles cover Fujimori's presidency from 1990 (CNN) to investigations "as of 2012".
PERIOD = ("1990-01-01", "2012-12-31")
FORMULA_START = r"^[=+\-@]"  # a spreadsheet would run such a cell as a formula
STRAY_SPACE = r"^\s|\s$"
CELL_FRAMES = ("text_cells", "required_cells", "coded_cells", "number_cells", "date_cells")
TYPED_CELLS = ("number_cells", "date_cells")  # compared as numbers and dates, not as text
FIRST_PASS = {"result_format": "BOOLEAN_ONLY"}  # verdicts only: the cheap pass
DETAILS = {"result_format": "COMPLETE", "include_unexpected_rows": False}
SHOWN = 5  # failing cells named per expectation
CHUNK_ROWS = 50_000  # rows of a table read and validated at once
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


def _expect(kind: str, **kwargs: object) -> dict:
    return {"type": kind, "kwargs": kwargs}


def table_expectations(table: Table) -> list[dict]:
    """Expectations on one table as a whole, implied by its schema declaration."""
    out = [_expect("expect_table_columns_to_match_ordered_list", column_list=table.column_names)]
    for column in table.columns:
        if column.pattern:
            out.append(
                _expect(
                    "expect_column_values_to_match_regex", column=column.name, regex=column.pattern
                )
            )
    if len(table.primary_key) == 1:
        out.append(_expect("expect_column_values_to_be_unique", column=table.primary_key[0]))
    else:
        out.append(
            _expect("expect_compound_columns_to_be_unique", column_list=list(table.primary_key))
        )
    return out


def _qualified(kind: object) -> list[str]:
    """`table.column` for every column the predicate `kind(table, column)` selects."""
    return [f"{t.name}.{c.name}" for t in TABLES for c in t.columns if kind(t, c)]


def cell_suites() -> dict[str, dict]:
    """Cell frame -> the columns it stacks and the expectations every one of its cells meets."""
    coded = _qualified(lambda t, c: enum_values(t, c))
    pairs = [_coded(name, value) for name in coded for value in enum_values(*_table_column(name))]
    return {
        "text_cells": {
            "columns": _qualified(lambda t, c: c.type == "string"),
            "expectations": [
                _expect("expect_column_values_to_not_match_regex", column="value", regex=regex)
                for regex in (FORMULA_START, STRAY_SPACE)
            ],
        },
        "required_cells": {
            "columns": _qualified(lambda t, c: c.required),
            "expectations": [_expect("expect_column_values_to_not_be_null", column="value")],
        },
        "coded_cells": {
            "columns": coded,
            "expectations": [
                _expect("expect_column_values_to_be_in_set", column="coded", value_set=pairs)
            ],
        },
        "number_cells": {
            "columns": _qualified(lambda t, c: c.minimum is not None),
            "expectations": [
                _expect(
                    "expect_column_pair_values_a_to_be_greater_than_b",
                    column_A="value",
                    column_B="minimum",
                    or_equal=True,
                    ignore_row_if="either_value_is_missing",
                )
            ],
        },
        "date_cells": {
            "columns": _qualified(lambda t, c: c.type == "date" and t.name != "sources"),
            "expectations": [
                _expect(
                    "expect_column_values_to_be_between",
                    column="value",
                    min_value=PERIOD[0],
                    max_value=PERIOD[1],
                )
            ],
        },
    }


def _table_column(qualified: str):
    table, column = qualified.split(".")
    return BY_NAME[table], BY_NAME[table].column(column)


def _json(body: object) -> str:
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def suite_texts() -> dict[str, str]:
    """Every generated suite file name -> its text."""
    texts = {
        f"{t.name}.json": _json({"name": t.name, "expectations": table_expectations(t)})
        for t in TABLES
    }
    texts[CELLS.name] = _json(cell_suites())
    return texts


def write_suites(folder: Path = SUITES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in suite_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


def load_suites() -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    """Committed suites (target frame -> expectations) and the columns each cell frame stacks."""
    suites: dict[str, list[dict]] = {}
    for table in TABLES:
        text = (SUITES / f"{table.name}.json").read_text(encoding="utf-8")
        suites[table.name] = json.loads(text)["expectations"]
    cells = json.loads(CELLS.read_text(encoding="utf-8"))
    for name, spec in cells.items():
        suites[name] = spec["expectations"]
    for target, rules in yaml.safe_load(RULES.read_text(encoding="utf-8")).items():
        suites.setdefault(target, []).extend(rules)
    return suites, {name: spec["columns"] for name, spec in cells.items()}


def read_chunks(root: Path, table: Table, columns: list[str] | None = None):
    """A table's CSV as text frames of at most CHUNK_ROWS rows, indexed by 1-based data row.

    An empty cell is missing (NaN). Read by pandas, a chunk at a time: the lane's memory
    does not grow with the corpus. `columns` reads only those (whole-table checks).
    """
    import pandas as pd

    reader = pd.read_csv(
        root / csv_path(table.name),
        dtype=object,
        keep_default_na=False,
        na_values=[""],
        usecols=columns,
        chunksize=CHUNK_ROWS,
    )
    for chunk in reader:
        chunk.index = chunk.index + 1  # report 1-based data rows, as in the CSV
        yield typed_frame(table, chunk)


def read_whole(root: Path, table: Table, columns: list[str] | None = None):
    """A table (or only `columns` of it) as one typed frame."""
    import pandas as pd

    return pd.concat([typed for _, typed in read_chunks(root, table, columns)])


def typed_frame(table: Table, text):
    """A text frame -> (text, typed): the typed copy shares its text columns.

    Integers become Int64; dates become `datetime.date` objects: GX parses a suite's ISO
    bounds into dates, and a date only compares with a date.
    """
    import pandas as pd

    frame = text.copy(deep=False)
    for column in table.columns:
        if column.name not in frame:
            continue
        if column.type == "integer":
            frame[column.name] = pd.to_numeric(frame[column.name]).astype("Int64")
        if column.type == "date":
            frame[column.name] = [_date(v) for v in frame[column.name]]
    return text, frame


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def derived_frames(root: Path) -> dict:
    """Frames for rules across rows or tables (named in rules.yaml), read from the CSVs."""
    import pandas as pd

    start = date.fromisoformat(CRISIS_START)
    events = read_whole(root, BY_NAME["events"])
    day = events["date_precision"] == "day"
    events["days_since_start"] = pd.array(
        [(d - start).days if ok else None for d, ok in zip(events["date_start"], day, strict=True)],
        dtype="Int64",
    )
    per_record = ["record_table", "record_id"]
    counted = [
        typed.groupby(per_record).size()
        for _, typed in read_chunks(root, BY_NAME["evidence"], per_record)
    ]
    evidence = pd.concat(counted).groupby(level=[0, 1]).sum()
    core = [
        {
            "record_table": t.name,
            "record_id": rid,
            "evidence_rows": int(evidence.get((t.name, rid), 0)),
        }
        for t in TABLES
        if t.evidenced
        for _, keys in read_chunks(root, t, [t.primary_key[0]])
        for rid in keys[t.primary_key[0]]
    ]
    counts = read_whole(root, BY_NAME["event_counts"])
    counts = counts.merge(events[["event_id", "date_start"]], on="event_id", how="left")
    held = counts[counts["quantity"].isin(["hostages_taken", "hostages_held"])]
    series = (
        held.groupby("date_start")
        .agg(held_low=("count_low", "min"), held_high=("count_high", "max"), best=("count", "min"))
        .reset_index()
        .sort_values("date_start")
    )
    casualties = read_whole(root, BY_NAME["casualties"])
    raid = {
        "held_before_raid": _one(counts, "hostages_held", "exact", min),
        "rescued": _one(counts, "hostages_rescued", "exact", max),
        "hostages_killed": int(
            casualties.query('side == "hostage" and outcome == "killed" and event_id.notna()')[
                "count"
            ].sum()
        ),
    }
    raid["rescued_plus_killed"] = (
        None if raid["rescued"] is None else raid["rescued"] + raid["hostages_killed"]
    )
    return {
        "events_days": events,
        "core_records": pd.DataFrame(core, columns=["record_table", "record_id", "evidence_rows"]),
        "hostages_held_series": series,
        "raid_balance": pd.DataFrame([raid]).astype("Int64"),
    }


def _one(counts, quantity: str, qualifier: str, pick) -> int | None:
    rows = counts[(counts["quantity"] == quantity) & (counts["count_qualifier"] == qualifier)]
    values = [int(v) for v in rows["count"].dropna()]
    return pick(values) if values else None


def _coded(column: str, value: str) -> str:
    """A coded cell as one string, `table.column=value`: GX checks one column against a set
    by hashing, while its column-pair check walks the rows in Python (10 s per 100k cells)."""
    return f"{column}={value}"


def cell_parts(name: str, columns: list[str], table: Table, text, typed) -> list:
    """The cells of one table chunk that the cell frame `name` stacks, as long frames.

    One row per cell: `column` (table.column), 1-based `row`, `value`. Values are the CSV
    text, except in the frames compared as numbers or dates. The coded frame adds `coded`
    (see `_coded`); the number frame each column's declared `minimum`.
    """
    import pandas as pd

    parts = []
    for full_name in columns:
        if _table_column(full_name)[0] is not table:
            continue
        column = table.column(full_name.split(".")[1])
        values = (typed if name in TYPED_CELLS else text)[column.name]
        part = {"column": full_name, "row": values.index, "value": values.array}
        if name == "coded_cells":
            part["coded"] = (_coded(full_name, "") + values).array
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
