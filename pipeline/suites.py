"""Expectation suites: the schema declaration -> the committed suites in expectations/.

`python -m pipeline suites` rewrites them; a test checks they are current. `<table>.json`
holds checks of a table as a whole (its columns, its key, a column's pattern) and
`cells.json` checks that apply alike to every cell of a kind (text, required, coded, number,
date cells). Those run on a long frame stacking such cells across tables, not once per
column: GX's cost is per expectation, so a handful per kind of cell instead of one per column
keeps the gate's cost from growing with every column the schema adds. `rules.yaml` holds
the hand-written rules the schema cannot express, run on tables or on the frames of
`pipeline.derived_frames`.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from pipeline.config import SUITES
from pipeline.crisis import PERIOD
from pipeline.schema import BY_NAME, TABLES, Table, enum_values

CELLS = SUITES / "cells.json"
RULES = SUITES / "rules.yaml"
FORMULA_START = r"^[=+\-@]"  # a spreadsheet would run such a cell as a formula
STRAY_SPACE = r"^\s|\s$"
CELL_FRAMES = ("text_cells", "required_cells", "coded_cells", "number_cells", "date_cells")


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
    pairs = [
        coded_cell(name, value) for name in coded for value in enum_values(*table_column(name))
    ]
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


def table_column(qualified: str):
    table, column = qualified.split(".")
    return BY_NAME[table], BY_NAME[table].column(column)


def coded_cell(column: str, value: str) -> str:
    """A coded cell as one string, `table.column=value`: GX checks one column against a set
    by hashing, while its column-pair check walks the rows in Python, a cost per row."""
    return f"{column}={value}"


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
