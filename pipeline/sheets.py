"""Stage 3: coding/*.yaml -> typed records with their quote specifications.

Checks the structure of each sheet (known fields, ids, types) and nothing about the texts;
quotes are located and values grounded in `pipeline.evidence`.
"""

import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import IO, Any, NamedTuple

import yaml
from yaml.composer import Composer
from yaml.events import (
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.errors import UserError, first_line
from pipeline.schema import BY_NAME, QUOTE_PLACE, SHEETS, SLUG
from pipeline.yamlcap import AliasBudget

CONTROL = ("id", "evidence", "date_rule", "derived")
QUOTE_KEYS = {"field", "value", "members", *QUOTE_PLACE}  # of an `evidence` entry
# The sheets' layout is declared with the tables they fill (`pipeline.schema`, Table.sheet).
NESTED_KEYS = {n.key: set(n.fields) for sheet in SHEETS.values() for n in sheet.nested}


# libyaml's parser where PyYAML has it: the pure-Python one is most of the cost of big sheets.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML without implicit timestamps: dates stay text so that `1997-02-30` is our error."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))


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


def iter_sheet(path: Path) -> Iterator[Any]:
    """The raw records of a sheet, one at a time: a sheet of any size is never held whole."""
    for _node, record in iter_sheet_nodes(path):
        yield record


def iter_sheet_nodes(path: Path) -> Iterator[tuple[Node, Any]]:
    """Each raw record of a sheet with its YAML node, whose marks give its lines.

    libyaml parses; each item of the top-level `records` list is composed and constructed
    on its own (PyYAML's composer, driven item by item instead of per document).
    """
    try:
        with path.open("rb") as handle:
            loader = _Streaming(handle)
            try:
                yield from _records(loader, path)
            finally:
                loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" at line {mark.line + 1}" if mark else ""
        raise UserError(
            str(path),
            f"malformed YAML{line}: {exc.problem}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:  # libyaml's word for bytes that are not UTF-8
        raise UserError(str(path), f"not UTF-8 text (byte {exc.position}: {exc.reason})") from None
    except yaml.YAMLError as exc:
        raise UserError(str(path), f"malformed YAML: {first_line(exc)}") from None
    except UnicodeDecodeError as exc:
        raise UserError(str(path), f"not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except OSError as exc:
        raise UserError(str(path), f"cannot read sheet: {exc.strerror}") from None


class _Streaming(AliasBudget, _Loader, Composer):
    def __init__(self, stream: IO[bytes]) -> None:
        _Loader.__init__(self, stream)
        Composer.__init__(self)
        self._tags: dict[tuple[str, tuple[bool, bool]], str] = {}

    def item(self) -> Any:
        self.reset_budget()
        return self.value(self.compose_node(None, None))

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """PyYAML's composer with its common case inlined (about 2x faster): a node with no
        anchor, no alias and no path resolvers; anything else goes through PyYAML's own."""
        event = self.peek_event()
        if event.anchor is not None or self.yaml_path_resolvers:  # an alias's too
            return super().compose_node(parent, index)  # the alias budget sees aliases
        kind = event.__class__
        if kind is ScalarEvent:
            self.get_event()
            tag = event.tag
            if tag is None or tag == "!":
                tag = self._scalar_tag(event.value, event.implicit)
            return ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        if kind is MappingStartEvent:
            self.get_event()
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolve(MappingNode, None, event.implicit)
            node = MappingNode(tag, [], event.start_mark, None, event.flow_style)
            items = node.value
            compose = self.compose_node
            while self.peek_event().__class__ is not MappingEndEvent:
                key = compose(node, None)
                items.append((key, compose(node, key)))
            node.end_mark = self.get_event().end_mark
            return node
        if kind is SequenceStartEvent:
            self.get_event()
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolve(SequenceNode, None, event.implicit)
            node = SequenceNode(tag, [], event.start_mark, None, event.flow_style)
            items = node.value
            compose = self.compose_node
            while self.peek_event().__class__ is not SequenceEndEvent:
                items.append(compose(node, len(items)))
            node.end_mark = self.get_event().end_mark
            return node
        return super().compose_node(parent, index)  # the alias budget sees aliases

    def _scalar_tag(self, value: str, implicit: tuple[bool, bool]) -> str:
        """`resolve` for a scalar, remembered for short values (keys, vocabulary, numbers)."""
        if len(value) > 40:
            return self.resolve(ScalarNode, value, implicit)
        tags = self._tags
        found = tags.get((value, implicit))
        if found is None:
            found = tags[(value, implicit)] = self.resolve(ScalarNode, value, implicit)
        return found

    def value(self, node: Node) -> Any:
        """What PyYAML's safe constructor makes of `node`, building text, plain mappings and
        lists directly (a sheet is mostly these; about 5x faster) and the rest through it."""
        built: dict[int, Any] = {}  # an anchored node is built once, as PyYAML shares it

        def build(node: Node) -> Any:
            kind = node.__class__
            if kind is ScalarNode and node.tag == _STR:
                return node.value
            if id(node) in built:
                return built[id(node)]
            if kind is SequenceNode and node.tag == _SEQ:
                items = built[id(node)] = []
                items.extend(build(item) for item in node.value)
                return items
            if (
                kind is MappingNode
                and node.tag == _MAP
                and all(k.__class__ is ScalarNode and k.tag == _STR for k, _ in node.value)
            ):
                mapping = built[id(node)] = {}
                for key, item in node.value:
                    mapping[key.value] = build(item)
                return mapping
            return self.construct_document(node)  # numbers, booleans, nulls, tags, merge keys

        return build(node)


def _records(loader: _Streaming, path: Path) -> Iterator[tuple[Node, Any]]:
    loader.get_event()  # stream start
    found = False
    if loader.check_event(DocumentStartEvent):
        loader.get_event()
        if loader.check_event(MappingStartEvent):
            loader.get_event()
            while not loader.check_event(MappingEndEvent):
                key = loader.item()
                if key == "records" and loader.check_event(SequenceStartEvent):
                    found = True
                    loader.get_event()
                    while not loader.check_event(SequenceEndEvent):
                        node = loader.compose_node(None, None)
                        yield node, loader.value(node)
                    loader.get_event()
                else:
                    loader.compose_node(None, None)  # another key's value: skipped
    if not found:
        raise UserError(str(path), "expected a mapping with a 'records' list")


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
