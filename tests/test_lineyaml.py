"""The line reader (pipeline/lineyaml.py) reads a text only when its value is PyYAML's: on
every real sheet, the manifest and crisis.yaml it reads exactly what PyYAML reads, with the same
places; what it refuses is read by libyaml as before (values, or the same error at the same
line); and a seeded corpus of small edits to the real files never makes it differ."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import RAW

from pipeline import config, lineyaml, sheetlibyaml, sheetyaml
from pipeline.crisis import DECLARATION
from pipeline.errors import UserError
from pipeline.synthetic import synthetic_corpus
from pipeline.yamlcap import SafeLoader


class _PyYAML(yaml.SafeLoader):
    """PyYAML's own pure-Python safe loader, without timestamps as the sheets are read."""


_PyYAML.yaml_implicit_resolvers = sheetlibyaml._Loader.yaml_implicit_resolvers


def _typed(value: Any) -> Any:
    """A value as comparable data that keeps types (1, 1.0 and True differ) and order."""
    if isinstance(value, dict):
        return ["dict", [(_typed(k), _typed(v)) for k, v in value.items()]]
    if isinstance(value, list):
        return ["list", [_typed(item) for item in value]]
    return [type(value).__name__, repr(value)]


def test_the_resolver_table_is_pyyamls() -> None:
    """The copy of PyYAML's implicit resolvers is PyYAML's: same characters, tags, patterns."""

    def shown(table: dict) -> dict:
        return {k: [(tag, rx.pattern, rx.flags) for tag, rx in v] for k, v in table.items()}

    assert shown(lineyaml.resolvers()) == shown(yaml.SafeLoader.yaml_implicit_resolvers)


def _patterns() -> dict[str, re.Pattern]:
    return {
        tag.rsplit(":", 1)[1]: rx
        for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values()
        for tag, rx in resolvers
    }


def test_the_bool_and_null_words_are_the_patterns_words() -> None:
    """The words the reader knows without a pattern are the alternatives of PyYAML's bool and
    null patterns, with the values PyYAML gives them."""
    words: set[str] = set()
    for kind in ("bool", "null"):
        body = re.sub(r"\s", "", _patterns()[kind].pattern)  # a verbose pattern
        assert body.startswith("^(?:") and body.endswith(")$")
        alternatives = body[4:-2].split("|")
        assert all(re.fullmatch(r"[A-Za-z~]*", word) for word in alternatives)
        words |= set(alternatives)
    assert set(lineyaml._WORDS) == words
    for word, value in lineyaml._WORDS.items():
        assert yaml.safe_load(f"a: {word}") == {"a": value}


def test_only_the_timestamp_pattern_can_match_a_space() -> None:
    """So a plain scalar with a space is text when dates are not resolved: no pattern but
    the timestamp's has a class, escape, dot or literal space that would match one."""
    for kind, rx in _patterns().items():
        text = rx.pattern if rx.flags & re.X else rx.pattern.replace(" ", "[ ")
        spacy = ["[ ", "[^", "\\s", "\\ ", "\\S"] + ["."] * ("." in text.replace("\\.", ""))
        assert any(s in text for s in spacy) == (kind == "timestamp"), kind


SHEETS = sorted(config.CODING.glob("*.yaml"))


def _outcome(read: Callable[[Path], Iterable], path: Path) -> list:
    """What a reading of a sheet gives: each record's start and value, then its error."""
    found: list = []
    try:
        found.extend((start, _typed(record)) for start, record in read(path))
    except UserError as exc:
        found.append((exc.message, exc.line, exc.column))
    return found


def _libyaml(path: Path) -> list:
    """libyaml's reading of a sheet."""
    return _outcome(sheetlibyaml.read, path)


def _read(path: Path) -> list:
    """The reading that `check` and `build` use (the line reader first)."""
    return _outcome(sheetyaml._records_of, path)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Sheets as PyYAML's dumper writes them (the bench's corpus of 6 articles)."""
    _raw, coding = synthetic_corpus(6, tmp_path_factory.mktemp("corpus"))
    return sorted(coding.glob("*.yaml"))


def test_every_sheet_is_read_as_pyyaml_and_libyaml_read_it(synthetic: list[Path]) -> None:
    """The line reader accepts every real sheet and every dumped one, with PyYAML's values
    (pure Python) and libyaml's places."""
    for path in [*SHEETS, *synthetic]:
        text = path.read_text(encoding="utf-8")
        got = lineyaml.records(text)
        want = yaml.load(text, Loader=_PyYAML)["records"]
        assert [_typed(r) for _, r in got] == [_typed(r) for r in want], path
        assert [(s, _typed(r)) for s, r in got] == _libyaml(path), path


def test_the_manifest_and_crisis_yaml_are_read_as_pyyaml_reads_them() -> None:
    """With timestamps, as yamlcap's loader reads them. (The bench's manifest, dumped with
    anchors for the entries' shared `text`, is outside the subset.)"""
    for path in (RAW / "manifest.yaml", DECLARATION):
        text = path.read_text(encoding="utf-8")
        got = lineyaml.load(text)
        assert _typed(got) == _typed(yaml.load(text, Loader=yaml.SafeLoader)), path
        assert _typed(got) == _typed(yaml.load(text, Loader=SafeLoader)), path


# Values from the YAML 1.1 spec (and PyYAML's resolver), for texts in the subset.
ACCEPTED = [
    ("a: b\n", {"a": "b"}),
    ("a: it's\n", {"a": "it's"}),
    ("a: 'it''s'\n", {"a": "it's"}),
    ('a: "say \\"hi\\" \\\\ there"\n', {"a": 'say "hi" \\ there'}),
    ("a: one\n  two\n   three  \nb: x\n", {"a": "one two three", "b": "x"}),
    ("a: 'one\n  two'\n", {"a": "one two"}),
    ("a:\n- x\n- y: 1\n  z: 2\nb:\n  - w\n", {"a": ["x", {"y": 1, "z": 2}], "b": ["w"]}),
    ("a:\n  b:\n    c: d\n", {"a": {"b": {"c": "d"}}}),
    ("a:\n - b\n", {"a": ["b"]}),
    ("a:\nb: ''\nc: ~\nd: null\n", {"a": None, "b": "", "c": None, "d": None}),
    (
        "a: yes\nb: Off\nc: TRUE\nd: n\ne: y\n",
        {"a": True, "b": False, "c": True, "d": "n", "e": "y"},
    ),
    (
        "a: 12\nb: -3\nc: 0\nd: +4\ne: 12 monkeys\n",
        {"a": 12, "b": -3, "c": 0, "d": 4, "e": "12 monkeys"},
    ),
    ("a: x # note\nb: 'y' # note\nc:  # note\n", {"a": "x", "b": "y", "c": None}),
    ("a: C#\nb: http://x.org/a:b\nc: -b\n", {"a": "C#", "b": "http://x.org/a:b", "c": "-b"}),
    (
        "a: [1, 'two', \"3\"]\nb: {12: 1996, x: y}\n",
        {"a": [1, "two", "3"], "b": {12: 1996, "x": "y"}},
    ),
    ("no: on\n", {False: True}),
    ("a: 1e3\n", {"a": "1e3"}),  # YAML 1.1's floats have a dot
    ("a: -0\nb: 123456789012345678901234567890\n", {"a": 0, "b": 123456789012345678901234567890}),
    ("a: 1\na: 2\n", {"a": 2}),  # PyYAML keeps the last of two equal keys
]


@pytest.mark.parametrize(("text", "value"), ACCEPTED)
def test_the_subset_reads_as_yaml_1_1(text: str, value: Any) -> None:
    assert _typed(lineyaml.load(text)) == _typed(value)
    assert _typed(yaml.load(text, Loader=yaml.SafeLoader)) == _typed(value)  # the same to PyYAML


def test_dates_are_text_in_a_sheet_and_outside_the_subset_elsewhere() -> None:
    assert lineyaml.records("records:\n- day: 1997-04-22\n") == [
        ((1, 2, 11), {"day": "1997-04-22"})
    ]
    with pytest.raises(lineyaml.Outside):
        lineyaml.load("day: 1997-04-22\n")  # a datetime.date to PyYAML


OUTSIDE = [
    "a:\tb\n", "a: b\r\n", "\ufeffa: b\n", "a: b\x85c\n", "a: b\u2028c\n", "a: \x07\n",
    "a: &x b\n", "a: *x\n", "a: !!str b\n", "? a\n: b\n", "a: |\n  b\n", "a: >\n  b\n",
    "---\na: b\n", "a: b\n...\n", "%YAML 1.1\n---\na: b\n", "a: b: c\n", "a: b:\n", "a: ?b\n",
    "a: [b\n", "a: {b: [c]}\n", "a: 'b\n\n  c'\n", "a: b\n\n  c\n", "a: b\n  # c\n  d\n",
    "a: \"b\\tc\"\n", "a: \"b\n  c\"\n", "a: 0x1f\n", "a: 1_000\n", "a: 20:20\n", "a: .5\n",
    "a: 012\n", "a: 1.5\n", "a: =\n", "<<: {}\n", "a:\n-  b\n", "a:\n- - b\n",
    "a:\n-\n  b\n", "a: b\n c: d\n", "a: b\n  c: d\n", "  a: b\n", "", "# only\n", "- a\n",
    "a: 'b'c\n", "a: 'b'# c\n", "'a': b\n", "a b: c\n", "a:b\n", "a: b #c\n  d\n",
]  # fmt: skip


@pytest.mark.parametrize("text", OUTSIDE)
def test_what_is_outside_the_subset_is_refused(text: str) -> None:
    with pytest.raises(lineyaml.Outside):
        lineyaml.load(text)


# Small edits to the real files: characters and lines that YAML gives a meaning.
VALUES = [
    "no", "off", "On", "0x1", "1_0", "1:20", ".5", "~", "null", "Null", "0o7", "012", "1e3",
    "+1", "-1", "0", "1.0", "1.", ".inf", ".NaN", "2001-12-14", "=", "<<", "''", '""', "yes",
    "a: b", "a #b", "a#b", "- a", "[a]", "[a, b]", "{a: 1}", "&a x", "*a", "!!str x", "! x",
    "|", ">", "|-", "'a", '"a', "'it''s'", '"\\t"', '"\\x41"', '"a\\"b"', "%x", "@x", "`x",
    "?", "? x", ":x", "-", "-x", ",x", "x,", "x:", "x :", "12 monkeys", "true story", "nulls",
    "0b1", "190:20:30", "6.8e+5", "x  ", "'x' ", "'x' # c", "'x'#c", "x\\y", "x'y", 'x"y',
]  # fmt: skip
CHARACTERS = [
    *"'\"#:-?,[]{}&*!|>%@`\\\t\r ", "\x85", "\u2028", "\ufeff", "\x00", "\x7f", ": ", " #", "- ",
    "日", "\U0001d11e",
]  # fmt: skip
LINES = [
    "", " ", "#", "  # c", "---", "...", "%YAML 1.1", "- x", "x", "  x", "key: v", "  - x",
    "    more text", "\t", "  more: text", "      deeper text", "- key: v", "records:",
]  # fmt: skip


def _mutant(lines: list[str], rng: random.Random) -> str:
    """`lines` with one or two small edits."""
    lines = list(lines)
    for _ in range(rng.choice((1, 1, 2))):
        at = rng.randrange(len(lines))
        line = lines[at]
        edit = rng.randrange(12)
        if edit == 0:
            lines[at] = " " + line
        elif edit == 1:
            lines[at] = line[1:] if line.startswith(" ") else line
        elif edit == 2:
            lines[at] = line + rng.choice((" # c", "# c", "  #", " #: x"))
        elif edit in (3, 4) and ": " in line:
            lines[at] = line[: line.index(": ") + 2] + rng.choice(VALUES)
        elif edit in (3, 4) and line.lstrip().startswith("- "):
            lines[at] = line[: line.index("- ") + 2] + rng.choice(VALUES)
        elif edit == 5:
            cut = rng.randrange(len(line) + 1)
            lines[at] = line[:cut] + rng.choice(CHARACTERS) + line[cut:]
        elif edit == 6:
            lines.insert(at, rng.choice(LINES))
        elif edit == 7:
            del lines[at]
        elif edit == 8:
            lines.insert(at, line)
        elif edit == 9 and at + 1 < len(lines):
            lines[at : at + 2] = [line + rng.choice(("", " ")) + lines[at + 1].lstrip(" ")]
        elif edit == 10 and " " in line.strip():
            cut = line.index(" ", len(line) - len(line.lstrip()) + 1)
            indent = len(line) - len(line.lstrip()) + rng.choice((-2, 0, 1, 2, 4))
            lines[at : at + 1] = [line[:cut], " " * max(indent, 0) + line[cut + 1 :]]
        elif edit == 11:
            quote = rng.choice("'\"")
            lines[at] = line.replace(": ", f": {quote}", 1) + rng.choice((quote, "", quote + " x"))
    text = "\n".join(lines)
    return ("\ufeff" + text) if rng.random() < 0.01 else text


def _excerpt(path: Path, size: int = 70) -> list[str]:
    """A sheet's first records, about `size` lines: a small sheet to edit."""
    lines = path.read_text(encoding="utf-8").split("\n")
    ends = [i for i, line in enumerate(lines) if line.startswith("- ") and i >= size]
    return [*lines[: ends[0]], ""] if ends else lines


def test_edited_sheets_are_read_as_libyaml_reads_them(tmp_path: Path) -> None:
    """Every edit is refused by the line reader (and libyaml's reading is the reading,
    errors and lines included), or read exactly as PyYAML and libyaml read it."""
    rng = random.Random(1997)
    path = tmp_path / "sheet.yaml"
    counts = {"accepted": 0, "refused": 0}
    for sheet in SHEETS:
        lines = _excerpt(sheet)
        for _ in range(150):
            text = _mutant(lines, rng)
            path.write_text(text, encoding="utf-8")
            try:
                got = lineyaml.records(text)
            except lineyaml.Outside:
                counts["refused"] += 1
            else:
                counts["accepted"] += 1
                want = yaml.load(text, Loader=_PyYAML)["records"]
                assert [_typed(r) for _, r in got] == [_typed(r) for r in want], text
            assert _read(path) == _libyaml(path), text
    print(counts)
    assert counts["accepted"] > 100 and counts["refused"] > 100, counts


def _loaded(text: str, loader: type) -> Any:
    try:
        return _typed(yaml.load(text, Loader=loader))
    except yaml.YAMLError as exc:
        return str(exc)


def test_an_edited_manifest_or_crisis_yaml_is_read_as_pyyaml_reads_it() -> None:
    """The same for the files read whole (timestamps resolved): the line reader's value is
    PyYAML's, and what it refuses gets PyYAML's value or PyYAML's error, word for word."""
    rng = random.Random(1996)
    counts = {"accepted": 0, "refused": 0}
    for path in (RAW / "manifest.yaml", DECLARATION):
        lines = path.read_text(encoding="utf-8").split("\n")
        for _ in range(300):
            text = _mutant(lines, rng)
            want = _loaded(text, SafeLoader)
            try:
                got = _typed(lineyaml.load(text))
            except lineyaml.Outside:
                counts["refused"] += 1
            else:
                counts["accepted"] += 1
                assert got == want == _loaded(text, yaml.SafeLoader), text
            try:
                safe = _typed(lineyaml.safe_load(text))
            except lineyaml.Malformed as exc:
                safe = str(exc)
            assert safe == want, text
    print(counts)
    assert counts["accepted"] > 50 and counts["refused"] > 50, counts
