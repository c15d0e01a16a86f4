"""Stage 3: coding/*.yaml -> typed records with their quote specifications.

Checks the structure of each sheet (known fields, ids, types) and nothing about the texts;
quotes are located and values grounded in `pipeline.evidence`.
"""

import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.errors import UserError
from pipeline.schema import BY_NAME, PARTY_KEYS, QUOTE_PLACE, SHEETS, SLUG
from pipeline.sheetyaml import iter_sheet

CONTROL = ("id", "evidence", "date_rule", "derived")
QUOTE_KEYS = {"field", "value", "members", *QUOTE_PLACE}  # of an `evidence` entry
# The sheets' layout is declared with the tables they fill (`pipeline.schema`, Table.sheet).
NESTED_KEYS = {n.key: set(n.fields) for sheet in SHEETS.values() for n in sheet.nested}


class Record(NamedTuple):
    table: str
    id: str
    file: str
    values: dict[str, Any]
    evidence: list[dict]
    nested: dict[str, list]
    date_rule: str | None
    derived: dict[str, str]


def _typed(kind: str, value: Any, name: str) -> Any:
    """Convert a sheet value to the column's type, or say what is wrong in one line."""
    if value is None or value == "":
        return None
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, found {value!r}")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, found {value!r}")
        return value
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            raise ValueError(f"{name} must be an ISO date YYYY-MM-DD, found {value!r}")
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{name} is not a real date: {value!r}") from None
    if kind == "time":
        # Unquoted, YAML 1.1 reads 20:20 as the number 1220, which Python would take for 12:20.
        if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
            raise ValueError(f"{name} must be a quoted time 'HH:MM[:SS]', found {value!r}")
        try:
            return time.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} is not a real time: {value!r}") from None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, found {value!r}")
    return value


def parse_record(table: str, raw: Any, where: str, index: int) -> Record:
    if not isinstance(raw, dict):
        raise UserError(where, f"record {index} is not a mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not re.match(SLUG, rid):
        raise UserError(
            where, f"record {index} needs an 'id' slug (a-z, 0-9, -), found {rid!r}", field="id"
        )
    pk, columns, lists, known = _layout(table)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise UserError(where, f"unknown field(s) {', '.join(unknown)}", rid, field=unknown[0])
    values: dict[str, Any] = {pk: rid}
    for name, kind in columns:
        try:
            values[name] = _typed(kind, raw.get(name), name)
        except ValueError as exc:
            raise UserError(where, str(exc), rid, field=name) from None
    evidence = raw.get("evidence") or []
    nested = {key: raw.get(key) or [] for key in lists}
    for key, items in [("evidence", evidence), *nested.items()]:
        allowed = QUOTE_KEYS if key == "evidence" else NESTED_KEYS[key]
        if not isinstance(items, list):
            raise UserError(where, f"'{key}' must be a list", rid, field=key)
        for item in items:
            if not allowed:  # a list of ids
                if not isinstance(item, str):
                    raise UserError(where, f"'{key}' holds ids, found {item!r}", rid, field=key)
                continue
            if not isinstance(item, dict) or set(item) - allowed:
                extra = sorted(set(item) - allowed) if isinstance(item, dict) else item
                raise UserError(where, f"bad entry in '{key}': {extra!r}", rid, field=key)
            if allowed == PARTY_KEYS:  # ids and a role: text, or a list breaks the lookups
                for name, value in item.items():
                    if value is not None and not isinstance(value, str):
                        message = f"bad entry in '{key}': {name} must be text, found {value!r}"
                        raise UserError(where, message, rid, field=key)
    derived = raw.get("derived") or {}
    if not isinstance(derived, dict):
        raise UserError(where, "'derived' must map a field to an expression", rid, field="derived")
    return Record(table, rid, where, values, evidence, nested, raw.get("date_rule"), derived)


_LAYOUTS: dict[str, tuple] = {}


def _layout(table: str) -> tuple[str, list[tuple[str, str]], list[str], set[str]]:
    """A sheet's record layout, worked out once: the id's column, the fields with their
    types, the nested lists and every key a record may have."""
    if table not in _LAYOUTS:
        schema, sheet = BY_NAME[table], SHEETS[table]
        names = sheet.columns or [c for c in schema.column_names[1:] if not c.endswith("_key")]
        lists = [n.key for n in sheet.nested]
        _LAYOUTS[table] = (
            sheet.key or schema.primary_key[0],
            [(name, schema.column(name).type) for name in names],
            lists,
            set(names) | set(CONTROL) | set(lists),
        )
    return _LAYOUTS[table]


def sheet_path(coding_dir: Path, table: str) -> Path:
    return coding_dir / f"{table}.yaml"


def sheets_named(paths: list[str], coding_dir: Path) -> tuple[Path, list[str] | None]:
    """The coding folder and sheet names of `SHEET...` arguments (all of `coding_dir`'s)."""
    if not paths:
        return coding_dir, None
    folders, tables = set(), []
    for name in paths:
        path = Path(name)
        if path.stem not in SHEETS or path.suffix != ".yaml":
            raise UserError(
                name, "not a coding sheet: expected " + ", ".join(f"{t}.yaml" for t in SHEETS)
            )
        if not path.is_file():
            raise UserError(name, "no such sheet")
        folders.add(path.resolve().parent)
        tables.append(path.stem)
    if len(folders) > 1:
        raise UserError(paths[0], "give sheets of one coding folder at a time")
    return folders.pop(), tables


def iter_records(coding_dir: Path, ids: dict[str, set[str]]) -> Iterator[Record]:
    """Every record of every sheet, in sheet order, one at a time; a duplicate id is an error.

    `ids` (sheet -> record ids) is filled as records are read: the only state kept per record.
    """
    for table in SHEETS:
        path = sheet_path(coding_dir, table)
        if not path.is_file():  # a deleted sheet would silently drop its tables
            raise UserError(str(path), "coding sheet missing: every declared sheet must exist")
        seen = ids.setdefault(table, set())
        for index, raw in enumerate(iter_sheet(path), 1):
            yield read_record(table, raw, str(path), index, seen)
        if not seen and not BY_NAME[table].may_be_empty:
            raise UserError(
                str(path), f"no records, and table {table} is not declared may_be_empty"
            )


def read_record(table: str, raw: Any, where: str, index: int, seen: set[str]) -> Record:
    """Record `index` of a sheet, parsed; its id must not be in `seen`, to which it is added."""
    record = parse_record(table, raw, where, index)
    if record.id in seen:
        raise UserError(where, f"duplicate id (record {index})", record.id, field="id")
    seen.add(record.id)
    return record
