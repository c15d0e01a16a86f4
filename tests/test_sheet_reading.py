"""Sheets are read as PyYAML's safe loader reads them (YAML 1.1), dates kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml.composer import Composer
from yaml.nodes import Node, ScalarNode

from pipeline import config
from pipeline.errors import UserError
from pipeline.sheets import _records, _Streaming, iter_sheet

SHEET = """\
records:
- {id: a, n: 1, f: 2.5, b: true, y: yes, z: null, t: ~, e: '', h: 0x1f, u: 1_000}
- {id: b, clock: 20:20, quoted: '20:20', day: 1997-04-22, text: !!str 12, number: !!int '12'}
- &base {id: c, who: [x, y]}
- <<: *base
  id: d
- {id: e, again: *base, 1: one, '1': text one}
"""


def test_values_as_yaml_1_1_gives_them(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    path.write_text(SHEET, encoding="utf-8")
    a, b, c, d, e = iter_sheet(path)
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


def _shape(node: Node) -> list:
    """A node tree as comparable data: kinds, tags, values, styles and every mark."""
    marks = [(m.line, m.column, m.index) for m in (node.start_mark, node.end_mark)]
    head = [node.__class__.__name__, node.tag, marks, getattr(node, "style", None)]
    if isinstance(node, ScalarNode):
        return [*head, node.value]
    items = [p for pair in node.value for p in pair] if node.id == "mapping" else node.value
    return [*head, node.flow_style, [_shape(item) for item in items]]


class _PyYAMLComposer(_Streaming):
    compose_node = Composer.compose_node  # PyYAML's own, for comparison


def test_composer_builds_the_nodes_pyyaml_builds(tmp_path: Path) -> None:
    """The inlined composer gives PyYAML's nodes and marks on every real sheet and on
    anchors, aliases, merge keys and tags."""
    tricky = tmp_path / "sheet.yaml"
    tricky.write_text(SHEET + "- &f {id: f, k: &s [1, &m {q: 2}], l: *m, s: *s}\n", "utf-8")
    for path in [*sorted(config.CODING.glob("*.yaml")), tricky]:
        got, want = [], []
        for loader, out in ((_Streaming, got), (_PyYAMLComposer, want)):
            with path.open("rb") as handle:
                reader = loader(handle)
                out += [(_shape(n), repr(r)) for n, r in _records(reader, path)]
                reader.dispose()
        assert got == want and got, path


def test_composer_refuses_what_pyyaml_refuses(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    for text, problem in [
        ("records:\n- {id: a, x: *nope}\n", "found undefined alias"),
        ("records:\n- &a {id: a}\n- &a {id: b}\n", "second occurrence"),  # PyYAML's words
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(UserError, match=problem):
            list(iter_sheet(path))


def test_aliases_inside_a_record_keep_to_the_alias_budget(tmp_path: Path) -> None:
    """The fast composer hands aliases to the budgeted one: nine nested aliases in a record
    stand for 9 ** 9 values and are refused at their line, not built."""
    lines = ["records:", "- id: ev-1", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("  summary: *i")
    path = tmp_path / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="stand for more than 10000 values") as refused:
        list(iter_sheet(path))
    assert refused.value.line == 7  # the first alias past the budget
