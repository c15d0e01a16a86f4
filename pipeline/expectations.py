"""Great Expectations gate: published rows -> expectation results, as one line per failure.

Suites are committed files in pipeline/expectations/, generated from the schema declaration
(`python -m pipeline suites` rewrites them; a test checks they are current):
`<table>.json` for checks of a table as a whole (its columns, its key, a column's pattern)
and `cells.json` for checks that apply alike to every cell of a kind (text, required,
coded, number, date cells). Those run once on a long frame stacking all such cells of the
package, not once per column: GX's cost is per expectation, so 72 expectations instead of
382 is what brings the gate near the import floor (issue 6). `rules.yaml` holds the
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

from pipeline.config import CODING, CRISIS_START
from pipeline.package import enum_values
from pipeline.schema import BY_NAME, TABLES, Table
from pipeline.validate import csv_path

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


def read_frames(root: Path) -> dict:
    """The package's CSVs under `root` as frames of text; an empty cell is missing (NaN).

    Read by pandas rather than as rows of dicts: a fraction of the memory on a large corpus.
    """
    import pandas as pd

    return {
        t.name: pd.read_csv(
            root / csv_path(t.name), dtype=object, keep_default_na=False, na_values=[""]
        )
        for t in TABLES
    }


def typed_frames(text: dict) -> dict:
    """Text frames -> frames typed from the schema (text columns are shared, not copied).

    Dates become `datetime.date` objects: GX parses a suite's ISO bounds into dates, and
    a date only compares with a date.
    """
    import pandas as pd

    frames = {}
    for table in TABLES:
        frame = text[table.name].copy(deep=False)
        for column in table.columns:
            if column.type == "integer":
                frame[column.name] = pd.to_numeric(frame[column.name]).astype("Int64")
            if column.type == "date":
                frame[column.name] = [_date(v) for v in frame[column.name]]
        frames[table.name] = frame
    return frames


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def derived_frames(frames: dict) -> dict:
    """Frames for rules across rows or tables (named in rules.yaml)."""
    import pandas as pd

    start = date.fromisoformat(CRISIS_START)
    events = frames["events"].copy()
    day = events["date_precision"] == "day"
    events["days_since_start"] = pd.array(
        [(d - start).days if ok else None for d, ok in zip(events["date_start"], day, strict=True)],
        dtype="Int64",
    )
    evidence = frames["evidence"].groupby(["record_table", "record_id"]).size()
    core = [
        {
            "record_table": t.name,
            "record_id": rid,
            "evidence_rows": int(evidence.get((t.name, rid), 0)),
        }
        for t in TABLES
        if t.evidenced
        for rid in frames[t.name][t.primary_key[0]]
    ]
    counts = frames["event_counts"].merge(
        frames["events"][["event_id", "date_start"]], on="event_id", how="left"
    )
    held = counts[counts["quantity"].isin(["hostages_taken", "hostages_held"])]
    series = (
        held.groupby("date_start")
        .agg(held_low=("count_low", "min"), held_high=("count_high", "max"), best=("count", "min"))
        .reset_index()
        .sort_values("date_start")
    )
    raid = {
        "held_before_raid": _one(counts, "hostages_held", "exact", min),
        "rescued": _one(counts, "hostages_rescued", "exact", max),
        "hostages_killed": int(
            frames["casualties"]
            .query('side == "hostage" and outcome == "killed" and event_id.notna()')["count"]
            .sum()
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


def cell_frame(name: str, columns: list[str], text: dict, typed: dict):
    """One long frame, one row per cell: `column` (table.column), 1-based `row`, `value`.

    Values are the CSV text, except in the frames compared as numbers or dates. The coded
    frame adds `coded` (see `_coded`); the number frame each column's declared `minimum`.
    Built just before its suite runs, so only one is in memory at a time.
    """
    import pandas as pd

    parts = []
    for full_name in columns:
        table, column = _table_column(full_name)
        values = (typed if name in TYPED_CELLS else text)[table.name][column.name]
        part = {"column": full_name, "row": range(1, len(values) + 1), "value": values.array}
        if name == "coded_cells":
            part["coded"] = (_coded(full_name, "") + values).array
        if name == "number_cells":
            part["minimum"] = column.minimum
        parts.append(pd.DataFrame(part))
    return pd.concat(parts, ignore_index=True)


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


def run(root: Path, docs: Path | None) -> tuple[int, list[str]]:
    """Validate the CSVs under `root`: every table, cell frame and derived frame.

    Returns (expectations run, failure lines).

    The gate (no `docs`) asks GX for verdicts only and re-runs a failing suite for details;
    `validate` (with `docs`) stores complete results and renders them as Data Docs.
    """
    gx = load_gx()
    from great_expectations.core import ExpectationSuite

    suites, cell_columns = load_suites()
    text = read_frames(root)
    frames = typed_frames(text)
    frames |= derived_frames(frames)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    if docs:
        context.add_data_docs_site(
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
    source = context.data_sources.add_pandas("package")
    # Adding an asset or batch definition re-serialises the context's whole config, so the
    # gate shares one; Data Docs need them named per frame.
    shared = (
        None
        if docs
        else source.add_dataframe_asset("frame").add_batch_definition_whole_dataframe("all")
    )
    ran, failures = 0, []
    for name, expectations in suites.items():
        if name in CELL_FRAMES:
            frame = cell_frame(name, cell_columns[name], text, frames)
        else:
            frame = frames[name].reset_index(drop=True)
            frame.index = frame.index + 1  # report 1-based data rows, as in the CSV
        batch = shared or source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(
            name
        )
        suite = ExpectationSuite(name=name, expectations=expectations)
        if docs:  # Data Docs render stored suites and results
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=context.suites.add(suite))
            )
            result = definition.run(batch_parameters={"dataframe": frame}, result_format=DETAILS)
        else:
            batch_data = batch.get_batch(batch_parameters={"dataframe": frame})
            result = batch_data.validate(suite, result_format=FIRST_PASS)
            if not result.success:
                result = batch_data.validate(suite, result_format=DETAILS)
        ran += len(result.results)
        for r in result.results:
            if not r.success:
                failures += describe(r, name, frame)
    if docs:
        context.build_data_docs(site_names=["local"])
    return ran, failures
