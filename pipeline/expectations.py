"""Great Expectations gate: published rows -> expectation results, as one line per failure.

Suites are committed files in pipeline/expectations/: `<table>.json`, generated from the
schema declaration (`python -m pipeline suites` rewrites them; a test checks they are
current), and `rules.yaml`, hand-written rules the schema cannot express, run on tables or
on the derived frames built by `frames`. Great Expectations and pandas are imported only
here, and only when validation runs.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import yaml

from pipeline.config import CODING, CRISIS_START
from pipeline.package import enum_values
from pipeline.schema import TABLES, Table

SUITES = CODING.parent / "expectations"
RULES = SUITES / "rules.yaml"
# The articles cover Fujimori's presidency from 1990 (CNN) to investigations "as of 2012".
PERIOD = ("1990-01-01", "2012-12-31")
FORMULA_START = r"^[=+\-@]"  # a spreadsheet would run such a cell as a formula
STRAY_SPACE = r"^\s|\s$"


def _expect(kind: str, **kwargs: object) -> dict:
    return {"type": kind, "kwargs": kwargs}


def column_expectations(table: Table) -> list[dict]:
    """Column-level expectations implied by the schema declaration of one table."""
    out = [_expect("expect_table_columns_to_match_ordered_list", column_list=table.column_names)]
    for column in table.columns:
        name = column.name
        if column.required:
            out.append(_expect("expect_column_values_to_not_be_null", column=name))
        values = enum_values(table, column)
        if values:
            out.append(
                _expect("expect_column_values_to_be_in_set", column=name, value_set=list(values))
            )
        if column.pattern:
            out.append(
                _expect("expect_column_values_to_match_regex", column=name, regex=column.pattern)
            )
        if column.minimum is not None:
            out.append(
                _expect("expect_column_values_to_be_between", column=name, min_value=column.minimum)
            )
        if column.type == "string":
            for regex in (FORMULA_START, STRAY_SPACE):
                out.append(
                    _expect("expect_column_values_to_not_match_regex", column=name, regex=regex)
                )
        if column.type == "date" and table.name != "sources":
            out.append(
                _expect(
                    "expect_column_values_to_be_between",
                    column=name,
                    min_value=PERIOD[0],
                    max_value=PERIOD[1],
                )
            )
    if len(table.primary_key) == 1:
        out.append(_expect("expect_column_values_to_be_unique", column=table.primary_key[0]))
    else:
        out.append(
            _expect("expect_compound_columns_to_be_unique", column_list=list(table.primary_key))
        )
    return out


def suite_text(table: Table) -> str:
    body = {"name": table.name, "expectations": column_expectations(table)}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def write_suites(folder: Path = SUITES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in TABLES:
        path = folder / f"{table.name}.json"
        path.write_text(suite_text(table), encoding="utf-8", newline="")
        paths.append(path)
    return paths


def load_suites() -> dict[str, list[dict]]:
    """Committed suites: generated per table, then the hand-written rules per table or frame."""
    suites: dict[str, list[dict]] = {}
    for table in TABLES:
        text = (SUITES / f"{table.name}.json").read_text(encoding="utf-8")
        suites[table.name] = json.loads(text)["expectations"]
    for target, rules in yaml.safe_load(RULES.read_text(encoding="utf-8")).items():
        suites.setdefault(target, []).extend(rules)
    return suites


def typed_frames(tables: dict[str, list[dict]]) -> dict:
    """Published text rows -> pandas frames typed from the schema.

    Dates become `datetime.date` objects: GX parses a suite's ISO bounds into dates, and
    a date only compares with a date.
    """
    import pandas as pd

    frames = {}
    for table in TABLES:
        frame = pd.DataFrame(tables[table.name], columns=table.column_names, dtype=object)
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


def describe(result) -> str:
    """One line for a failed expectation: what was expected and what was found."""
    config = result.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}
    column = kwargs.pop("column", None) or kwargs.get("column_A")
    details = result.result or {}
    errors = [
        e.get("exception_message")
        for e in (result.exception_info or {}).values()
        if isinstance(e, dict) and e.get("raised_exception")
    ]
    if errors:
        found = f"an error: {errors[0]}"
    elif details.get("unexpected_index_list"):
        rows = details["unexpected_index_list"][:5]
        found = f"{details.get('unexpected_count')} row(s), e.g. {rows}"
    elif "partial_unexpected_list" in details:
        sample = details["partial_unexpected_list"][:3]
        found = f"{details.get('unexpected_count')} value(s), e.g. {sample}"
    else:
        found = repr(details.get("observed_value"))
    why = (config.meta or {}).get("why")
    expected = ", ".join(f"{k}={v}" for k, v in kwargs.items() if k != "condition_parser")
    text = f"column {column}: " if column else ""
    return f"{text}expected {config.type}({expected}), found {found}" + (
        f" [rule: {why}]" if why else ""
    )


def run(tables: dict[str, list[dict]], docs: Path | None) -> tuple[int, list[tuple[str, str]]]:
    """Validate every table and derived frame; returns (expectations run, failures)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.core import ExpectationSuite

    frames = typed_frames(tables)
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
    ran, failures = 0, []
    for name, expectations in load_suites().items():
        frame = frames[name].reset_index(drop=True)
        frame.index = frame.index + 1  # report 1-based data rows, as in the CSV
        batch = source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("all")
        suite = ExpectationSuite(name=name, expectations=expectations)
        result_format = {"result_format": "COMPLETE", "include_unexpected_rows": False}
        if docs:  # Data Docs render stored suites and results
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=context.suites.add(suite))
            )
            result = definition.run(
                batch_parameters={"dataframe": frame}, result_format=result_format
            )
        else:  # the build gate needs only the verdicts: nothing is stored
            batch_data = batch.get_batch(batch_parameters={"dataframe": frame})
            result = batch_data.validate(suite, result_format=result_format)
        ran += len(result.results)
        failures += [(name, describe(r)) for r in result.results if not r.success]
    if docs:
        context.build_data_docs(site_names=["local"])
    return ran, failures
