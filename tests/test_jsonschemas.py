"""The coding sheets' JSON Schemas: current, pointed to by every sheet, passed by every sheet,
and catching what the build rejects."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from helpers import ROOT

from pipeline.errors import UserError
from pipeline.jsonschemas import FOLDER, MODELINE, schema_texts
from pipeline.sheets import SHEETS, iter_sheet, parse_record, sheet_path

CODING = ROOT / "coding"


def _validator(table: str) -> jsonschema.Draft7Validator:
    schema = json.loads((CODING / FOLDER / f"{table}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _sheet(table: str) -> dict:
    """A sheet as the build reads it (dates and times stay text, as an editor reads them)."""
    return {"records": list(iter_sheet(sheet_path(CODING, table)))}


def test_committed_schemas_are_generated_from_the_schema() -> None:
    for name, text in schema_texts().items():
        committed = (CODING / FOLDER / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run `python -m pipeline schemas`"


@pytest.mark.parametrize("table", SHEETS)
def test_every_sheet_points_to_its_schema_and_passes_it(table: str) -> None:
    text = sheet_path(CODING, table).read_text(encoding="utf-8")
    assert text.startswith(MODELINE.format(folder=FOLDER, sheet=table))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in _validator(table).iter_errors(_sheet(table))
    ]
    assert errors == []


# (sheet, field, bad value): each one the build refuses too.
INVALID = [
    ("persons", "role", "head_of_states"),  # not in the vocabulary
    ("casualties", "count", "fourteen"),  # not a whole number
    ("events", "date_start", "17 December 1996"),  # not an ISO date
    ("events", "time_local", 1220),  # what YAML 1.1 makes of an unquoted 20:20
    ("persons", "nickname", "Chino"),  # no such field
]


@pytest.mark.parametrize(("table", "name", "value"), INVALID)
def test_an_invalid_field_is_caught_by_the_schema(table: str, name: str, value: object) -> None:
    sheet = _sheet(table)
    record = copy.deepcopy(sheet["records"][0])
    record[name] = value
    errors = list(_validator(table).iter_errors({"records": [record]}))
    assert errors, f"{name}: {value!r} passed the schema"
    assert any(list(e.absolute_path)[:2] == ["records", 0] for e in errors)
    # The build refuses the field, or (a vocabulary) the row made from it: see test_check.
    if name != "role":
        with pytest.raises(UserError):
            parse_record(table, record, "sheet", 1)


def test_an_evidence_entry_without_a_quote_is_caught() -> None:
    sheet = _sheet("persons")
    del sheet["records"][0]["evidence"][0]["quote"]
    errors = list(_validator("persons").iter_errors(sheet))
    assert [list(e.absolute_path) for e in errors] == [["records", 0, "evidence", 0]]
    assert "'quote' is a required property" in errors[0].message


@pytest.mark.parametrize("table", SHEETS)
def test_every_field_the_schema_offers_is_one_the_build_reads(table: str) -> None:
    schema = json.loads(schema_texts()[f"{table}.schema.json"])
    offered = schema["properties"]["records"]["items"]["properties"]
    for name in offered:
        if name != "id":
            parse_record(table, {"id": "x", name: None}, "sheet", 1)  # no "unknown field"
