"""Frictionless Table Schemas from the schema declaration, for the package descriptor.

Inputs: `pipeline.schema.TABLES`. Outputs: plain dicts; nothing is written here.
"""

from __future__ import annotations

from pipeline.schema import Column, Table, enum_values

FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "boolean": "boolean",
    "date": "date",
    "time": "time",
}


def field_descriptor(table: Table, column: Column) -> dict:
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    values = enum_values(table, column)
    if values:
        constraints["enum"] = list(values)
    if column.pattern:
        constraints["pattern"] = column.pattern
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    field = {
        "name": column.name,
        "title": column.name.replace("_", " ").capitalize(),
        "type": FRICTIONLESS_TYPES[column.type],
        "description": column.description,
    }
    if column.type == "boolean":
        field |= {"trueValues": ["true"], "falseValues": ["false"]}
    if constraints:
        field["constraints"] = constraints
    return field


def foreign_keys(table: Table) -> list[dict]:
    keys = []
    for column in table.columns:
        if column.fk:
            ref_table, ref_column = column.fk.split(".")
            reference = {"resource": ref_table, "fields": [ref_column]}
            keys.append({"fields": [column.name], "reference": reference})
    return keys


def table_schema(table: Table) -> dict:
    schema = {
        "fields": [field_descriptor(table, c) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    fks = foreign_keys(table)
    if fks:
        schema["foreignKeys"] = fks
    return schema
