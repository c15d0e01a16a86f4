"""Sheets are read as PyYAML's safe loader reads them (YAML 1.1), dates kept as text."""

from __future__ import annotations

from pathlib import Path

from pipeline.sheets import iter_sheet

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
