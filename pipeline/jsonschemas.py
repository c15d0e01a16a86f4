"""Editor help: the schema declaration + the sheet layout -> one JSON Schema per coding sheet.

Inputs: `pipeline.schema` (columns, types, vocabularies, descriptions, and each sheet's
fields and lists), `pipeline.sheets` (the keys of an evidence or nested entry) and
`pipeline.grounding` (the date rules).
Outputs: `<sheet>.schema.json` in the `schemas/` folder beside the sheets, which editors with
the YAML language server use through the comment on each sheet's first line (`MODELINE`):
field names, types, vocabularies and descriptions as you type. `python -m pipeline schemas`
rewrites them; a test checks they are current and that every sheet validates.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import config, grounding
from pipeline.schema import BY_NAME, SHEETS, SLUG, Column, enum_values
from pipeline.sheets import NESTED_KEYS, QUOTE_KEYS, sheet_path

FOLDER = "schemas"  # beside the sheets
DRAFT = "http://json-schema.org/draft-07/schema#"  # what YAML language servers know best
EMPTY = {"enum": [None, ""]}  # an empty field: the sheets leave out what the texts do not say
TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"},
    "time": {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$"},
}
NOTES = {  # what a type's description adds, for the coder
    "date": " ISO date YYYY-MM-DD.",
    "time": " Quoted 24-hour time 'HH:MM' or 'HH:MM:SS'.",
}
QUOTE = {
    "source": {"type": "string", "pattern": SLUG, "description": "Source id (raw/manifest.yaml)."},
    "quote": {
        "type": "string",
        "minLength": 1,
        "description": "Verbatim from the raw article (whitespace may differ); must occur once, "
        "or once in its context.",
    },
    "context": {
        "type": "string",
        "description": "A longer verbatim passage, found once, holding the quote once.",
    },
    "occurrence": {
        "type": "integer",
        "minimum": 1,
        "description": "Which match, 1-based in reading order, where the article repeats itself.",
    },
    "value": {
        "type": ["string", "integer", "boolean", "null"],
        "description": "This source's value for the field, where it differs from the record's.",
    },
    "members": {
        "type": "array",
        "items": {"type": "string", "pattern": SLUG},
        "description": "The ids of the members of a list (participants, parties, persons) "
        "that this quote supports, where quotes share the list.",
    },
}
MEMBER = {  # a participant or a party
    "type": "object",
    "properties": {
        "person": {"type": "string", "pattern": SLUG, "description": "A person id."},
        "organisation": {"type": "string", "pattern": SLUG, "description": "An organisation id."},
        "role": {"type": "string", "description": "What part they play, in one word."},
    },
    "required": ["role"],
    "oneOf": [{"required": ["person"]}, {"required": ["organisation"]}],
    "additionalProperties": False,
}
MODELINE = "# yaml-language-server: $schema={folder}/{sheet}.schema.json\n"


def field_schema(table: str, column: Column) -> dict:
    """A record field: its type (or empty), its vocabulary, its description."""
    typed = dict(TYPES[column.type])
    values = enum_values(BY_NAME[table], column)
    if values:
        typed["enum"] = list(values)
    if column.minimum is not None:
        typed["minimum"] = column.minimum
    if column.pattern and column.type == "string":
        typed["pattern"] = column.pattern
    description = column.description + NOTES.get(column.type, "")
    if values:
        description += f" One of: {', '.join(values)}."
    if column.derived:
        description += " Derived by the pipeline where left out."
    return {"description": description, "anyOf": [typed, EMPTY]}


def _entry(properties: dict, required: list[str], description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def record_schema(table: str) -> dict:
    """One record of a sheet: what `pipeline.sheets.parse_record` accepts."""
    schema = BY_NAME[table]
    sheet = SHEETS[table]
    columns = sheet.columns or [c for c in schema.column_names[1:] if not c.endswith("_key")]
    key = schema.column(sheet.key or schema.primary_key[0])
    fields = [c for c in columns if c != key.name]
    lists = [n.key for n in sheet.nested]
    quoted = sorted(set(fields) | set(lists) - {"aliases"})  # what evidence can support
    properties: dict = {
        "id": {"type": "string", "pattern": SLUG, "description": key.description},
    }
    properties |= {name: field_schema(table, schema.column(name)) for name in fields}
    field_names = {"type": "string", "enum": quoted}
    properties["evidence"] = {
        "type": "array",
        "description": "Quotes supporting the record's fields, one entry per passage.",
        "items": _entry(
            {
                "field": {
                    "description": "The field (or fields) the quote supports.",
                    "anyOf": [field_names, {"type": "array", "items": field_names}],
                },
                # Every key the build reads (a key without a description here is a KeyError).
                **{key: QUOTE[key] for key in sorted(QUOTE_KEYS - {"field"})},
            },
            ["field", "source", "quote"],
            "A quote and the field(s) it supports.",
        ),
    }
    properties["date_rule"] = {
        "description": "How the year of a date phrase without one is known.",
        "anyOf": [
            {"const": rule, "description": grounding.RULES[rule]} for rule in grounding.DATE_RULES
        ]
        + [EMPTY],
    }
    properties["derived"] = {
        "type": "object",
        "description": f"Field -> how it is derived. {grounding.RULES['arithmetic']} "
        f"{grounding.RULES['remainder']} (written 'remainder of N')",
        "propertyNames": {"enum": quoted},
        "additionalProperties": {"type": ["string", "integer"]},
    }
    for name in lists:
        properties[name] = {"type": "array", "items": _nested(name)}
    required = ["id"] + [n for n in fields if schema.column(n).required and not _derived(table, n)]
    return {
        "type": "object",
        "description": schema.description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _derived(table: str, name: str) -> bool:
    return BY_NAME[table].column(name).derived


def _nested(name: str) -> dict:
    """An entry of one of a record's lists (aliases, participants, persons, parties, sides)."""
    if name == "persons":
        return {"type": "string", "pattern": SLUG, "description": "A released person's id."}
    if name in ("participants", "parties"):
        return MEMBER
    quote = {k: v for k, v in QUOTE.items() if k in NESTED_KEYS[name]}
    if name == "aliases":
        alias = {"type": "string", "description": "The name form, as it is in the quote."}
        return _entry({"alias": alias, **quote}, ["alias", "source", "quote"], "A name form.")
    return _entry(quote, ["source", "value", "quote"], "One source's side of the disagreement.")


def sheet_schema(table: str) -> dict:
    return {
        "$schema": DRAFT,
        "$id": f"{config.PACKAGE_NAME}/{FOLDER}/{table}.schema.json",
        "title": f"Coding sheet: {table}",
        "description": f"{BY_NAME[table].title}: {BY_NAME[table].description} Generated from "
        "pipeline/schema.py by `python -m pipeline schemas`; do not edit.",
        "type": "object",
        "properties": {"records": {"type": "array", "items": record_schema(table)}},
        "required": ["records"],
    }


def schema_texts() -> dict[str, str]:
    """File name -> the text of each sheet's JSON Schema."""
    return {
        f"{table}.schema.json": json.dumps(sheet_schema(table), indent=2, ensure_ascii=False) + "\n"
        for table in SHEETS
    }


def write_schemas(coding_dir: Path = config.CODING) -> list[Path]:
    """Write the schemas beside the sheets; give each sheet the comment that points to its own."""
    folder = coding_dir / FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    for table in SHEETS:
        path = sheet_path(coding_dir, table)
        text = path.read_text(encoding="utf-8") if path.exists() else None
        line = MODELINE.format(folder=FOLDER, sheet=table)
        if text is not None and not text.startswith(line):
            path.write_text(line + text, encoding="utf-8")
            written.append(path)
    return written
