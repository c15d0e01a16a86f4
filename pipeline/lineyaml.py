"""YAML text in the strict subset the sheets, the manifest and crisis.yaml are written in ->
its value, read line by line in pure Python (no `import yaml`); `Outside` for anything else.

The reader accepts a text only if all of it keeps to the subset, and then its value is what
PyYAML's safe loader gives (YAML 1.1; `timestamps=False` leaves dates as text, as the sheets
are read), and a sheet's records start where libyaml marks them. The subset:

* block mappings and lists nested by indentation (spaces only), with a list at its key's
  own indentation (`key:` then `- item`, as PyYAML dumps it) and a mapping that starts on
  its item's line (`- key: value`); keys are words (`[A-Za-z_][A-Za-z0-9_-]*`) followed by
  `:` and a space or the end of the line;
* plain scalars, on one line or folded over more-indented lines with no blank or comment
  line between; single-quoted scalars, likewise; double-quoted scalars on one line with no
  escape but `\\"` and `\\\\`; one-line flow lists and mappings of plain words and quoted text;
* blank lines, comment lines, and ` # comment` after a value;
* plain scalars are resolved by PyYAML's own implicit resolvers (`_RESOLVERS`, a copy that
  a test compares with yaml.resolver's; `_WORDS`, their bool and null words): text stays
  text, bools, nulls and decimal ints get their values, and whatever else a resolver claims
  (`0x1f`, `1_000`, `20:20`, `.5`, `<<`, `=`, a date where dates are resolved) is outside.

Outside, and so read whole by PyYAML as before (the same values, or the same error at the
same line): tabs, CR, NEL and Unicode line separators, byte-order marks, characters YAML
refuses, anchors, aliases, tags, `?` keys, block scalars (`|`, `>`), document markers and
directives, plain scalars starting with an indicator or holding `: `, blank lines inside a
folded scalar, other escapes, lists in lists, an empty document, and anything else.

Long: the subset's grammar, PyYAML's resolver table it copies, and the bridge to PyYAML
(`safe_load`), kept together so that what the reader accepts is decided in one place.
"""

import re
from itertools import accumulate
from typing import Any


class Outside(Exception):
    """The text is not (wholly) in the subset: read it with PyYAML."""


class Malformed(Exception):
    """PyYAML's error for a text outside the subset, its message word for word."""


def safe_load(text: str) -> Any:
    """`text`'s value as PyYAML's safe loader with the alias budget (`pipeline.yamlcap`)
    makes it: read here if it keeps to the subset, else by PyYAML, imported only then."""
    try:
        return load(text)
    except Outside:
        pass
    import yaml

    from pipeline.yamlcap import SafeLoader

    try:
        return yaml.load(text, Loader=SafeLoader)  # aliases capped
    except yaml.YAMLError as exc:
        raise Malformed(str(exc)) from exc


# PyYAML's implicit resolvers (yaml/resolver.py), in its order: tag, pattern, first characters.
# A copy, so that reading needs no `import yaml`; tests/test_lineyaml.py compares it with
# yaml.SafeLoader's, so that it cannot drift.
_RESOLVERS = [
    (
        "bool",
        r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
        re.X,
        list("yYnNtTfFoO"),
    ),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
        re.X,
        list("-+0123456789."),
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        re.X,
        list("-+0123456789"),
    ),
    ("merge", r"^(?:<<)$", 0, list("<")),
    (
        "null",
        r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
        re.X,
        ["~", "n", "N", ""],
    ),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
        list("0123456789"),
    ),
    ("value", r"^(?:=)$", 0, list("=")),
    ("yaml", r"^(?:!|&|\*)$", 0, list("!&*")),
]


def resolvers() -> dict[str, list[tuple[str, re.Pattern]]]:
    """First character -> [(tag, pattern)], as PyYAML files its implicit resolvers."""
    table: dict[str, list[tuple[str, re.Pattern]]] = {}
    for tag, pattern, flags, firsts in _RESOLVERS:
        compiled = re.compile(pattern, flags)
        for first in firsts:
            table.setdefault(first, []).append((f"tag:yaml.org,2002:{tag}", compiled))
    return table


_CLAIMED = frozenset(first for *_, firsts in _RESOLVERS for first in firsts)
# The words that the bool and null patterns match, each the alternation of exactly these words
# (a test compares them), and their values: a text that is not one of them is not a bool or
# a null, so a first character claimed by these two alone needs no pattern at all.
_WORDS = {
    **{w: True for w in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{w: False for w in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{w: None for w in ("~", "null", "Null", "NULL", "")},
}
_WORDY = frozenset(
    first
    for first in _CLAIMED
    if all(tag in ("bool", "null") for tag, _, _, firsts in _RESOLVERS if first in firsts)
)
_PATTERNS: dict[tuple[str, bool], list[re.Pattern]] = {}  # compiled when first needed
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")  # ints whose value is int(text)

# Characters outside YAML's printable set (tab and CR left out too), and those libyaml reads
# as line breaks (NEL, U+2028, U+2029) or skips (a byte-order mark, anywhere): `_LINE` does
# not match a line holding one (nor does `\n` belong to a line).
_UNUSUAL = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SINGLE = re.compile(r"[^']*(?:''[^']*)*")  # a single-quoted scalar's text, up to its closing quote
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"')  # escapes: only \" and \\
_END = re.compile(r"(?: +(?:#.*)?)?")  # what may follow a quoted scalar on its line
# One-line flow collections of simple scalars (compiled by `re` when first met).
_ITEM = r"""(?:"[^"\\]*"|'[^']*'|[A-Za-z0-9_][A-Za-z0-9_.+-]*)"""
_FLOW_LIST = rf"\[ *(?:{_ITEM}(?: *, *{_ITEM})*)? *\] *"
_FLOW_MAP = rf"\{{ *(?:{_ITEM}: +{_ITEM}(?: *, *{_ITEM}: +{_ITEM})*)? *\}} *"
_NOT_KEY = object()
# A line's parts: its indentation, `- ` if it starts an item, the key word that follows if
# any (`word:` and spaces or the end), and the rest (what follows the key's spaces, or else
# the line after its indentation and `- `). `findall` splits a whole text, a line a row, and
# leaves out a line with an unusual character, so that the text has more lines than rows.
_LINE = re.compile(
    rf"^( *)((?:- )?)(?:([A-Za-z_][A-Za-z0-9_-]{{0,99}}):(?: +|$))?([^\n{_UNUSUAL}]*)$", re.M
)
_NO_ROW = ("", "", "", "")


def load(text: str, timestamps: bool = True) -> Any:
    """The value of `text`, a block mapping in the subset, as PyYAML's safe loader makes it."""
    return _Reader(text, timestamps).document()


def records(text: str) -> list[tuple[tuple[int, int, int], Any]]:
    """The items of a sheet's top-level `records` list (dates as text), each with where it
    starts as libyaml marks it: (line, column, index in characters), all 0-based."""
    reader = _Reader(text, timestamps=False, starts=[])
    document = reader.document()
    items = document.get("records") if reader.found else None
    if not isinstance(items, list) or len(items) != len(reader.starts):
        raise Outside
    offsets = [0, *accumulate(map(len, reader.lines))]  # (and a newline per line above)
    return [
        ((line, column, offsets[line] + line + column), item)
        for (line, column), item in zip(reader.starts, items, strict=True)
    ]


class _Reader:
    """One text's lines, read from the first on, each split by `_LINE` (in C, all at once)
    into its indentation, `- `, key word and the rest; each method leaves `at` on the first
    line after what it read, and `row` holding that line's parts."""

    def __init__(self, text: str, timestamps: bool, starts: list | None = None) -> None:
        self.lines = text.split("\n")
        self.rows = _LINE.findall(text)
        if len(self.rows) != len(self.lines):
            raise Outside  # a line with an unusual character
        self.at = 0
        self.row = _NO_ROW
        self.timestamps = timestamps
        self.starts = starts  # where the items of the top-level `records` start, if wanted
        self.found = False  # whether a top-level `records` key was read
        self.known: dict[str, Any] = {}  # plain scalars already resolved
        self.keys: dict[str, Any] = {}  # key words already read -> the key
        self.seen = (-1, -1, _NO_ROW)  # a line already looked at: its number, indentation, row

    def skip(self) -> int:
        """Past blank and comment lines: the indentation of the next line, -1 at the end."""
        rows, at = self.rows, self.at
        seen, indent, row = self.seen
        if seen == at:
            self.row = row
            return indent
        while at < len(rows):
            row = rows[at]
            if row[1] or row[2] or (row[3] and row[3][0] != "#"):
                self.at, self.row = at, row
                return len(row[0])
            at += 1
        self.at, self.row = at, _NO_ROW
        return -1

    def document(self) -> dict:
        if self.skip() != 0 or self.row[1]:
            raise Outside  # empty, indented, or a list
        value = self.mapping(0, self.row[2], self.row[3])
        if self.skip() != -1:
            raise Outside
        return value

    def mapping(self, column: int, word: str, rest: str) -> dict:
        """Keys at `column`, the first `word` (its line's key, if any) and `rest` after it."""
        value: dict = {}
        skip, keys = self.skip, self.keys
        while True:
            if not word:
                raise Outside
            name = keys.get(word, _NOT_KEY)
            if name is _NOT_KEY:
                name = keys[word] = self.plain(word)
            if column == 0 and name == "records" and self.starts is not None:
                if self.found:
                    raise Outside  # read twice by libyaml
                self.found = True
                value[name] = self.below(column, self.starts, rest)
            elif rest and rest[0] != "#":
                value[name] = self.inline(rest, column)
            else:
                value[name] = self.below(column, None, rest)
            seen, indent, row = self.seen
            if seen != self.at:  # (else a plain scalar's reading has looked at the line)
                indent = skip()
                row = self.row
            if indent < column:
                return value
            if indent > column or row[1]:
                raise Outside
            word, rest = row[2], row[3]

    def below(self, owner: int, starts: list | None, rest: str) -> Any:
        """The value of a key with nothing (or a comment) after it on its line: the block
        below it, else null; `owner` is its key's column."""
        if rest and rest[0] != "#":
            raise Outside  # `records` is not a block list
        self.at += 1
        indent = self.skip()
        _, dash, word, rest = self.row
        if indent >= owner and (dash or (rest == "-" and not word)):
            return self.sequence(indent, starts)  # (at the key's column too: `key:` `- item`)
        if starts is not None:
            raise Outside
        if indent > owner:
            return self.mapping(indent, word, rest)
        return None  # an empty plain scalar: null

    def sequence(self, column: int, starts: list | None) -> list:
        """Items at `column`, each `- ` and a scalar or a mapping, from the line at `at`."""
        items: list = []
        skip = self.skip
        _, dash, word, rest = self.row
        while True:
            if word:
                if starts is not None:
                    starts.append((self.at, column + 2))
                items.append(self.mapping(column + 2, word, rest))
            else:
                if not dash or not rest or rest[0] in " #" or rest[:2] == "- ":
                    raise Outside  # `-` alone, extra spaces, a comment, a list in a list
                if starts is not None:
                    starts.append((self.at, column + 2))
                items.append(self.inline(rest, column))
            seen, indent, row = self.seen
            if seen != self.at:  # (as in `mapping`)
                indent = skip()
                row = self.row
            if indent != column:
                return items  # the caller sees what follows (and refuses what it cannot be)
            _, dash, word, rest = row
            if not dash and (word or rest != "-"):
                return items

    def inline(self, rest: str, owner: int) -> Any:
        """A scalar or flow collection starting at `rest` of the line at `at`; its
        continuation lines are indented deeper than `owner`."""
        first = rest[0]
        if first in _INDICATORS:
            if first == "'":
                return self.single(rest, owner)
            if first == '"':
                return self.double(rest)
            if first == "[" or first == "{":
                return self.flow(rest)
            if first != "-" or rest[1:2] in ("", " "):
                raise Outside  # (`-` and a character start a plain scalar: `-3`)
        comment = rest.find(" #")
        text = (rest if comment < 0 else rest[:comment]).rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise Outside
        self.at += 1
        if comment < 0:  # a plain scalar may go on over more-indented lines
            rows, at = self.rows, self.at
            while at < len(rows):
                row = rows[at]
                _, dash, word, content = row
                if not (dash or word or (content and content[0] != "#")):
                    break  # a blank or comment line
                indent = len(row[0])
                if indent <= owner:
                    self.seen = (at, indent, row)  # where the caller goes on
                    break
                if word:
                    raise Outside  # `word:` and a space or the end: a key
                content = f"{dash}{content}".rstrip(" ")
                if ": " in content or content[-1] == ":" or " #" in content:
                    raise Outside
                text = f"{text} {content}"
                at += 1
            self.at = at
        return self.plain(text) if first in _CLAIMED else text

    def single(self, rest: str, owner: int) -> str:
        """A single-quoted scalar from `rest` on, folded over more-indented lines."""
        parts, text = [], rest[1:]
        while True:
            end = _SINGLE.match(text).end()  # type: ignore[union-attr]
            if end < len(text):  # the closing quote
                if not _END.fullmatch(text, end + 1):
                    raise Outside
                parts.append(text[:end])
                self.at += 1
                return " ".join(parts).replace("''", "'")
            parts.append(text.rstrip(" "))
            self.at += 1
            line = self.lines[self.at] if self.at < len(self.lines) else ""
            text = line.lstrip(" ")
            if not text or len(line) - len(text) <= owner:
                raise Outside  # a blank line folds to a newline; unterminated; dedented

    def double(self, rest: str) -> str:
        """A double-quoted scalar on one line, with no escapes but \" and \\."""
        double = _DOUBLE.match(rest)
        if double is None or not _END.fullmatch(rest, double.end()):
            raise Outside
        self.at += 1
        text = double[1]
        return re.sub(r"\\(.)", r"\1", text) if "\\" in text else text

    def flow(self, rest: str) -> Any:
        """A one-line flow list or mapping of simple scalars (`[a, 'b']`, `{12: 1996}`)."""
        found = [
            m[0][1:-1] if m[0][0] in "'\"" else self.plain(m[0]) for m in re.finditer(_ITEM, rest)
        ]
        if re.fullmatch(_FLOW_LIST, rest):
            value: Any = found
        elif re.fullmatch(_FLOW_MAP, rest):
            value = dict(zip(found[::2], found[1::2], strict=True))
        else:
            raise Outside
        self.at += 1
        return value

    def plain(self, text: str) -> Any:
        """A plain scalar's value: text, unless PyYAML's implicit resolvers claim it."""
        first = text[:1]
        if first not in _CLAIMED:
            return text
        found = _WORDS.get(text, self)
        if found is not self:
            return found  # a bool or a null
        if first in _WORDY or (" " in text and not (self.timestamps and first.isdigit())):
            return text  # (no pattern but the timestamp's matches a space)
        if _DECIMAL.fullmatch(text):
            return int(text)  # (every float has a dot)
        found = self.known.get(text, self)
        if found is self:
            for pattern in self.patterns(first):
                if pattern.match(text):
                    raise Outside  # a float, another int, a date, `<<`, `=`: PyYAML's
            found = self.known[text] = text
        return found

    def patterns(self, first: str) -> list[re.Pattern]:
        """PyYAML's patterns for a first character, but the bool and null words (and the
        timestamp's where dates stay text), compiled once."""
        key = (first, self.timestamps)
        if key not in _PATTERNS:
            skipped = {"bool", "null"} | (set() if self.timestamps else {"timestamp"})
            _PATTERNS[key] = [
                re.compile(pattern, flags)
                for tag, pattern, flags, firsts in _RESOLVERS
                if first in firsts and tag not in skipped
            ]
        return _PATTERNS[key]
