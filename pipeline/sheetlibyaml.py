"""Stage 3, reading with libyaml: a coding sheet that the line reader leaves (outside its
subset, or big) -> its raw records with their starts; and any record's YAML nodes.

The values are what PyYAML's safe loader makes of the sheet (YAML 1.1, except that dates
stay text), built from libyaml's events one record at a time; a record's YAML nodes, whose
marks give the lines of its keys, are composed again only where a problem needs them. Its
errors are the sheet's errors, with their lines: the line reader never words one.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import yaml
from yaml.composer import Composer
from yaml.error import Mark
from yaml.events import (
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.errors import UserError, first_line
from pipeline.yamlcap import AliasBudget

# A record's place is a `pipeline.sheetyaml.Place` (not imported: sheetyaml imports this module).
Place = Any

# libyaml's parser where PyYAML has it: the pure-Python one is most of the cost of big sheets.
try:
    from yaml import CSafeLoader as _Safe
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    _Safe, _Parser = yaml.SafeLoader, yaml.parser.Parser  # type: ignore[misc]


class _Loader(_Safe):
    """YAML without implicit timestamps: dates stay text so that `1997-02-30` is our error."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_STR = "tag:yaml.org,2002:str"


def read(path: Path) -> Iterator[tuple[tuple[int, int, int], Any]]:
    """(start: line, column, index; value) of each record; a problem with the file itself
    as one line."""
    try:
        with path.open("rb") as handle:
            reader = _Reader(handle)
            try:
                for start, record in _records(reader, path, reader.values):
                    yield (start.line, start.column, start.index), record
            finally:
                reader.dispose()
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


class _Slow(Exception):
    """A record needs PyYAML's composer and constructor: an anchor, alias, tag or merge key."""


class _Reader(AliasBudget, _Loader, Composer):
    """A sheet's records as PyYAML's safe loader (without timestamps) makes them.

    The common record (mappings, lists and untagged scalars) is built straight from
    libyaml's events: no nodes, and a plain scalar's tag resolved only when its first
    character is one an implicit resolver claims (`yes`, `~`, `12`, ...). A record with an
    anchor, alias, explicit tag, merge key or non-scalar key has its events replayed through
    PyYAML's composer and constructor, which keep the alias budget and PyYAML's errors.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        _Loader.__init__(self, stream)
        Composer.__init__(self)
        self.replay: deque[Event] = deque()  # a record's events, for PyYAML's composer
        self.plain: dict[str, Any] = {}  # short plain scalars' values, e.g. `no`, `2`, `true`

    # PyYAML's composer pulls events through these three: a replayed record's come first.
    def get_event(self) -> Event:
        return self.replay.popleft() if self.replay else _Parser.get_event(self)

    def peek_event(self) -> Event:
        return self.replay[0] if self.replay else _Parser.peek_event(self)

    def check_event(self, *choices: type[Event]) -> bool:
        if not self.replay:
            return _Parser.check_event(self, *choices)
        return not choices or isinstance(self.replay[0], choices)

    def item(self) -> Any:
        """The next node's value, through PyYAML's composer and constructor."""
        return self.construct_document(self.compose_node(None, None))

    def nodes(self) -> Iterator[tuple[Mark, Node]]:
        """The items of a list, composed (after its start event, up to and with its end)."""
        while not self.check_event(SequenceEndEvent):
            node = self.compose_node(None, None)
            yield node.start_mark, node
        self.get_event()

    def values(self) -> Iterator[tuple[Mark, Any]]:
        """The items of a list as values (after its start event, up to and with its end)."""
        pull = _Parser.get_event.__get__(self)  # the parser's own: nothing is replayed here
        plain = self.resolved
        events: list[Event] = []
        keep = events.append

        def value(event: Event) -> Any:
            if event.anchor is not None or event.tag is not None:
                raise _Slow
            kind = event.__class__
            if kind is ScalarEvent:
                text = event.value
                return plain(text) if event.implicit[0] and text[:1] in _CLAIMED else text
            if kind is SequenceStartEvent:
                items = []
                while (event := pull()).__class__ is not SequenceEndEvent:
                    keep(event)
                    items.append(value(event))
                keep(event)
                return items
            if kind is MappingStartEvent:
                mapping = {}
                while (event := pull()).__class__ is not MappingEndEvent:
                    keep(event)
                    if event.__class__ is not ScalarEvent:  # an alias, or a key that cannot be
                        raise _Slow
                    key = value(event)
                    event = pull()
                    keep(event)
                    mapping[key] = value(event)
                keep(event)
                return mapping
            raise _Slow  # an alias

        while (event := pull()).__class__ is not SequenceEndEvent:
            events.clear()
            keep(event)
            try:
                record = value(event)
            except _Slow:
                self.replay.extend(events)
                record = self.item()
            yield event.start_mark, record

    def resolved(self, text: str) -> Any:
        """A plain scalar's value, as PyYAML's resolver and safe constructor make it."""
        found = self.plain.get(text, self)
        if found is self:
            tag = self.resolve(ScalarNode, text, (True, False))
            if tag == _STR:
                found = text
            elif tag in _SCALARS:
                found = self.yaml_constructors[tag](self, ScalarNode(tag, text))
            else:  # a merge key, or a tag the safe constructor refuses (`=`)
                raise _Slow
            if len(text) <= 40:
                if len(self.plain) > 4096:
                    self.plain.clear()
                self.plain[text] = found
        return found


def _records(
    reader: _Reader, path: Path, items: Callable[[], Iterator[tuple[Mark, Any]]]
) -> Iterator[tuple[Mark, Any]]:
    """`items()` of the sheet's top-level `records` list; the other keys' values skipped."""
    reader.get_event()  # stream start
    found = False
    if reader.check_event(DocumentStartEvent):
        reader.get_event()
        if reader.check_event(MappingStartEvent):
            reader.get_event()
            while not reader.check_event(MappingEndEvent):
                key = reader.item()
                if key == "records" and reader.check_event(SequenceStartEvent):
                    found = True
                    reader.get_event()
                    yield from items()
                else:
                    reader.compose_node(None, None)  # another key's value: skipped
    if not found:
        raise UserError(str(path), "expected a mapping with a 'records' list")


# The first characters that PyYAML's implicit resolvers claim: it files each resolver under
# the first characters it may match (the safe ones file none under None, for any character).
_CLAIMED = frozenset(_Loader.yaml_implicit_resolvers)
_SCALARS = {f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool", "null")}


def alone(place: Place, record: Any) -> Node | None:
    """The record composed from its own lines on; None if that is not `record` (an
    alias to an earlier record's anchor, a record that does not start its line)."""
    with place.sheet.path.open("rb") as handle:
        handle.seek(place.sheet.offset(place.line, handle))
        first = handle.readline().decode()
        if first[: place.column].strip(" -"):
            return None
        reader = _Reader(_Chained((" " * place.column + first[place.column :]).encode(), handle))
        try:
            reader.get_event()  # stream start
            if not reader.check_event(DocumentStartEvent):  # nothing there any more
                return None
            reader.get_event()
            node = reader.compose_node(None, None)
            if (node.start_mark.line, node.start_mark.column) != (0, place.column):
                return None
            _moved(node, place.line, place.index - place.column, str(place.sheet.path), set())
            return node if _same(reader.construct_document(node), record) else None
        except yaml.YAMLError:
            return None
        finally:
            reader.dispose()


def again(place: Place, record: Any) -> Node | None:
    """The record composed by reading the sheet again up to it, with every record
    before it (whose anchors it may use); None if that is not `record`."""
    with place.sheet.path.open("rb") as handle:
        reader = _Reader(handle)
        try:
            for ordinal, (_start, node) in enumerate(
                _records(reader, place.sheet.path, reader.nodes), 1
            ):
                if ordinal == place.ordinal:  # (merge keys flattened, as first read)
                    return node if _same(reader.construct_document(node), record) else None
        finally:
            reader.dispose()
    return None


def node(place: Place, record: Any) -> Node | None:
    """The YAML node of `record` (read from `place`), with the marks of its first reading:
    composed from its own lines, else by reading the sheet again up to it. None if the sheet
    can no longer be read."""
    try:
        return alone(place, record) or again(place, record)
    except (yaml.YAMLError, UserError, OSError, ValueError):  # changed since it was read
        return None


def _same(value: Any, record: Any) -> bool:
    """Whether `value` is `record` as first read (`.nan` is equal to nothing, but reads alike)."""
    return value == record or repr(value) == repr(record)


class _Chained:
    """A file read from where it stands, after `first` (bytes in its place)."""

    def __init__(self, first: bytes, handle: IO[bytes]) -> None:
        self.first, self.handle = first, handle

    def read(self, size: int) -> bytes:
        if self.first:
            first, self.first = self.first, b""
            return first
        return self.handle.read(size)


def _moved(node: Node, lines: int, chars: int, name: str, seen: set[int]) -> None:
    """Give `node`'s tree the marks it has in the whole sheet: `lines` and `chars` later."""
    if id(node) in seen:
        return
    seen.add(id(node))
    node.start_mark, node.end_mark = (
        Mark(name, m.index + chars, m.line + lines, m.column, None, None)
        for m in (node.start_mark, node.end_mark)
    )
    if isinstance(node, MappingNode):
        for pair in node.value:
            for child in pair:
                _moved(child, lines, chars, name, seen)
    elif isinstance(node, SequenceNode):
        for child in node.value:
            _moved(child, lines, chars, name, seen)


if __name__ == "__main__":  # python -m pipeline.sheetlibyaml SHEET: see sheetyaml._records_of
    from pipeline import forked

    forked.send(read(Path(sys.argv[1])))
