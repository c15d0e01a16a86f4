"""Sheets are read as PyYAML's safe loader reads them (YAML 1.1), dates kept as text, and a
record's lines are found again as PyYAML's composer gives them; every test runs twice, the
sheet read in this process and read ahead in a child (as a big sheet is)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import RAW
from test_check import CASES, _line_of
from yaml.nodes import Node, ScalarNode

from pipeline import config, sheetlibyaml, sheetyaml
from pipeline.check import check
from pipeline.errors import UserError
from pipeline.sheetlibyaml import _Loader
from pipeline.sheetyaml import iter_sheet, iter_sheet_places


@pytest.fixture(autouse=True, params=["in this process", "read ahead in a child"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "read ahead in a child":
        monkeypatch.setattr(sheetyaml, "READ_AHEAD", 0)  # every sheet is big


SHEET = """\
records:
- {id: a, n: 1, f: 2.5, b: true, y: yes, z: null, t: ~, e: '', h: 0x1f, u: 1_000}
- {id: b, clock: 20:20, quoted: '20:20', day: 1997-04-22, text: !!str 12, number: !!int '12'}
- &base {id: c, who: [x, y]}
- <<: *base
  id: d
- {id: e, again: *base, 1: one, '1': text one}
"""

# What YAML 1.1 makes of a sheet's text, beyond SHEET: every kind of scalar the implicit
# resolvers claim or leave alone, block and flow styles, keys that are not text, duplicate
# keys, anchors within and across records, merge keys, explicit tags, records that are not
# mappings, and other top-level keys before and after the records.
TRICKY = """\
# yaml-language-server: $schema=schemas/events.schema.json
about: {sheet: tricky, list: [1, 2]}
records:
- id: scalars
  empty:
  nothing: ''
  tilde: ~
  nulls: [null, Null, NULL, ~]
  bools: [yes, Yes, NO, no, on, Off, true, False, y, n]
  ints: [0, -12, +7, 1_000, 0x1f, 0x_1F, 017, 0o17, 0b101, 190:20:30, 20:20, 08]
  floats: [2.5, -.5, .5, 1e3, 6.8523015e+5, 1_000.5, 190:20:30.15, .inf, -.Inf, .NaN, 1.]
  quoted: ['12', "2.5", 'yes', "null", '~', '20:20', "", '0x1f']
  dates: [1997-04-22, 1997-4-22, 1997-04-22 20:20:00, 1997-02-30, '1997-04-22']
  times: [20:20, '20:20', 8:20 pm, 20:20:30, 23:59:59.5]
  text: [Túpac Amaru日本s, The end., no one, off-duty, true story, nullify, '=', 0o17x, '''']
  long: this is a plain scalar longer than forty characters which starts with a t
  question: a?b
  dash: a - b
- id: styles
  literal: |
    line one
      indented
    line three
  folded: >-
    folded
    text

    new paragraph
  keep: |+
    kept

  strip: |-
    stripped
  plain: a plain scalar
    over two lines
  escapes: "tab\\there \\u00e9 \\x41 \\"q\\" \\N"
  single: 'it''s'
  flow: {a: [1, two, {b: null}], c: [], 'd e': {}}
  nested: [[1, 2], [], {}, [[]]]
  # a comment inside a record
  after_comment: value  # and one after a value
- id: keys
  1: one
  '1': text one
  2.5: float key
  null: null key
  ~: tilde key
  true: bool key
  on: on key
  0x10: hex key
  dup: first
  other: between
  dup: second
  =: equals key
- &anchored {id: anchored, who: [x, y], deep: &inner {k: v}}
- id: aliases
  again: *anchored
  inner: *inner
  list: &l [1, 2]
  same: *l
- <<: *anchored
  id: merged
- <<: [*inner, {extra: 1}]
  id: merged-list
- {id: inline-merge, <<: {a: 1, b: 2}, b: 3}
- id: tagged
  s: !!str 12
  i: !!int '12'
  f: !!float '1'
  b: !!bool 'yes'
  n: !!null ''
  set: !!set {a, b}
  omap: !!omap [{x: 1}, {y: 2}]
  binary: !!binary aGVsbG8=
  stamp: !!timestamp 2001-12-14
  nonspecific: ! 12
  seq: !!seq [a]
  map: !!map {a: 1}
- [a, list, record]
- just text
-
- 20:20
- id: last
  note: after every kind of record
trailer: [the, end]
"""


def _sheet(tmp_path: Path, text: str, name: str = "sheet.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_values_as_yaml_1_1_gives_them(tmp_path: Path) -> None:
    a, b, c, d, e = iter_sheet(_sheet(tmp_path, SHEET))
    assert a == {
        "id": "a", "n": 1, "f": 2.5, "b": True, "y": True, "z": None, "t": None, "e": "",
        "h": 31, "u": 1000,
    }  # fmt: skip
    assert b == {
        "id": "b", "clock": 1220, "quoted": "20:20", "day": "1997-04-22", "text": "12",
        "number": 12,
    }  # fmt: skip
    assert c == {"id": "c", "who": ["x", "y"]}
    assert d == {"id": "d", "who": ["x", "y"]}
    assert e == {"id": "e", "again": {"id": "c", "who": ["x", "y"]}, 1: "one", "1": "text one"}


class _PyYAML(yaml.SafeLoader):
    """PyYAML's own pure-Python safe loader, without timestamps as the sheets are read."""


_PyYAML.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _typed(value: Any) -> Any:
    """A value as comparable data that keeps types (1, 1.0 and True differ) and order."""
    if isinstance(value, dict):
        return ["dict", [(_typed(k), _typed(v)) for k, v in value.items()]]
    if isinstance(value, list):
        return ["list", [_typed(item) for item in value]]
    if isinstance(value, set):
        return ["set", sorted(repr(item) for item in value)]
    return [type(value).__name__, repr(value)]


@pytest.mark.parametrize("name", ["tricky", *sorted(p.stem for p in config.CODING.glob("*.yaml"))])
def test_records_are_what_pyyaml_makes(tmp_path: Path, name: str) -> None:
    """Every record of every sheet (and of TRICKY) as PyYAML's safe loader makes it, with
    the same types and key order."""
    path = _sheet(tmp_path, TRICKY) if name == "tricky" else config.CODING / f"{name}.yaml"
    want = yaml.load(path.read_bytes(), Loader=_PyYAML)["records"]
    got = list(iter_sheet(path))
    assert [_typed(r) for r in got] == [_typed(r) for r in want] and got


def _shape(node: Node) -> list:
    """A node tree as comparable data: kinds, tags, values, styles and every mark."""
    marks = [(m.line, m.column, m.index) for m in (node.start_mark, node.end_mark)]
    head = [node.__class__.__name__, node.tag, marks, getattr(node, "style", None)]
    if isinstance(node, ScalarNode):
        return [*head, node.value]
    items = [p for pair in node.value for p in pair] if node.id == "mapping" else node.value
    return [*head, node.flow_style, [_shape(item) for item in items]]


# Records that cannot be composed from their own lines: in a flow list, or using an
# earlier record's anchor; and block records after lines with characters of several bytes.
LAYOUTS = """\
before: "é日本 two multi-byte characters"
records: [{id: a, x: 1}, {id: b,
  y: [2, 3]}]
---
records:
  - id: indented
    evidence:
    - {field: x, quote: é日本}
  -
    id: on-the-next-line
  - # a comment first
    id: after-a-comment
  - &a {id: anchored}
  - {id: aliased, again: *a}
  - - a list
    - record
"""


@pytest.mark.parametrize("alone", [True, False])
def test_a_record_is_composed_again_with_its_marks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """The node of each record, composed only when a problem needs its lines, is the node
    (and marks) that composing the whole sheet gives: from the record's own lines where it
    can be, else by reading the sheet again up to it (both ways tested)."""
    if not alone:
        monkeypatch.setattr(sheetlibyaml, "alone", lambda *_: None)
    flow, block = LAYOUTS.split("---\n")
    sheets = [
        *sorted(config.CODING.glob("*.yaml")),
        _sheet(tmp_path, TRICKY, "tricky.yaml"),
        _sheet(tmp_path, flow, "flow.yaml"),
        _sheet(tmp_path, "# é日本 before\n" * 3 + block, "block.yaml"),
    ]
    for path in sheets:
        whole = yaml.compose(path.read_bytes(), Loader=_Loader)  # libyaml's own composer
        want = next(v for k, v in whole.value if k.value == "records").value
        constructor = _Loader("")
        for node in want:  # merge keys are flattened as the record is constructed
            constructor.construct_document(node)
        placed = list(iter_sheet_places(path))
        assert len(placed) == len(want), path
        for (place, record), node in zip(placed, want, strict=True):
            assert (place.line, place.column) == (node.start_mark.line, node.start_mark.column)
            assert _shape(place.node(record)) == _shape(node), (path, place.ordinal)


def test_records_of_a_block_list_are_composed_from_their_own_lines() -> None:
    """The common layout needs no second reading of the sheet up to the record."""
    for path in sorted(config.CODING.glob("*.yaml")):
        for place, record in iter_sheet_places(path):
            assert sheetlibyaml.alone(place, record) is not None, (path, place.ordinal)


def test_a_changed_record_is_not_placed_by_its_old_place(tmp_path: Path) -> None:
    """A record whose lines changed after it was read is placed at its start, not at
    another record's keys."""
    path = _sheet(tmp_path, SHEET)
    place, record = next(iter_sheet_places(path))
    path.write_text(SHEET.replace("{id: a,", "{id: z,"), encoding="utf-8")
    assert place.node(record) is None
    path.write_text("records: []\n", encoding="utf-8")  # no line 2 at all
    assert place.node(record) is None


def test_composer_refuses_what_pyyaml_refuses(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    for text, problem in [
        ("records:\n- {id: a, x: *nope}\n", "found undefined alias"),
        ("records:\n- &a {id: a}\n- &a {id: b}\n", "second occurrence"),  # PyYAML's words
        ("records:\n- {id: a, x: =}\n", "could not determine a constructor"),
        ("records:\n- {id: a, [x]: y}\n", "found unhashable key"),
        ("records:\n- id: a\n  ? {x: y}\n  : z\n", "found unhashable key"),
        ("records:\n- {id: a, x: !!str {y: z}}\n", "expected a scalar node"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(UserError, match=problem):
            list(iter_sheet(path))


def test_aliases_inside_a_record_keep_to_the_alias_budget(tmp_path: Path) -> None:
    """The fast reader hands aliases to the budgeted composer: nine nested aliases in a
    record stand for 9 ** 9 values and are refused at their line, not built."""
    lines = ["records:", "- id: ev-1", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("  summary: *i")
    path = tmp_path / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="stand for more than 10000 values") as refused:
        list(iter_sheet(path))
    assert refused.value.line == 7  # the first alias past the budget


def test_a_problem_with_the_sheet_comes_after_the_records_before_it(tmp_path: Path) -> None:
    path = _sheet(tmp_path, "records:\n- {id: a}\n- {id: b}\n- {id: c, x: [}\n- {id: d}\n")
    read = []
    with pytest.raises(UserError, match="malformed YAML at line 4") as refused:
        read.extend(record["id"] for record in iter_sheet(path))
    assert read == ["a", "b"]
    assert (refused.value.line, refused.value.column) == (4, 15)  # the `}` that closes no list


def test_a_sheet_that_is_not_utf_8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    path.write_bytes(b"records:\n- {id: a, name: caf\xe9}\n")  # é cut short: `}` at byte 29
    with pytest.raises(UserError, match=r"not UTF-8 text \(byte 29: invalid trailing"):
        list(iter_sheet(path))


@pytest.mark.parametrize("case", CASES)
def test_check_places_each_bad_input_of_a_sheet_as_it_was_read(case: str, tmp_path: Path) -> None:
    """`check`'s line and column for each bad input of its own matrix (tests/test_check.py),
    with the sheet read here and read ahead in a child."""
    sheet, edit, needle, column, words = CASES[case]
    coding = tmp_path / "coding"
    shutil.copytree(config.CODING, coding)
    path = coding / f"{sheet}.yaml"
    text = edit(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    [found] = check(RAW, coding).lines
    line = _line_of(text, needle, last=case == "duplicate id")
    assert found.startswith(f"{path}:{line}:{column}: ") and words in found, (found, line)


def test_check_places_a_reference_that_never_comes_at_its_key(tmp_path: Path) -> None:
    """An event anchored to a later event is checked at the end of the sheets; an anchor
    that names no event is then placed at its record's key, composed again only now."""
    coding = tmp_path / "coding"
    shutil.copytree(config.CODING, coding)
    path = coding / "events.yaml"
    old = "  date_anchor: ev-1996-12-22-fujimori-speech\n"  # an event coded after this one
    text = path.read_text(encoding="utf-8").replace(old, "  date_anchor: ev-no-such-event\n", 1)
    path.write_text(text, encoding="utf-8")
    [found] = check(RAW, coding).lines
    line = _line_of(text, "date_anchor: ev-no-such-event")
    assert found.startswith(f"{path}:{line}:3: ") and "found 'ev-no-such-event'" in found
