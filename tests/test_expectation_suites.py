"""The committed expectation suites are the schema's, and the hand-written rules are loadable."""

from __future__ import annotations

from pipeline.schema import TABLES
from pipeline.suites import (
    CELL_FRAMES,
    FORMULA_START,
    RULES,
    STRAY_SPACE,
    SUITES,
    load_suites,
    suite_texts,
)


def test_committed_suites_are_generated_from_the_schema() -> None:
    for name, text in suite_texts().items():
        committed = (SUITES / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run `python -m pipeline suites`"


def test_hand_written_rules_name_their_reason() -> None:
    suites, _ = load_suites()
    assert RULES.exists()
    rules = [e for name in suites for e in suites[name] if e.get("meta")]
    assert rules, "rules.yaml holds hand-written expectations"
    assert all(e["meta"].get("why") for e in rules)


def test_every_text_column_is_guarded_against_formula_injection_and_stray_spaces() -> None:
    suites, columns = load_suites()
    strings = {f"{t.name}.{c.name}" for t in TABLES for c in t.columns if c.type == "string"}
    assert set(columns["text_cells"]) == strings
    regexes = {e["kwargs"]["regex"] for e in suites["text_cells"]}
    assert regexes == {FORMULA_START, STRAY_SPACE}


def test_every_required_column_is_in_the_required_cells_frame() -> None:
    _, columns = load_suites()
    required = {f"{t.name}.{c.name}" for t in TABLES for c in t.columns if c.required}
    assert set(columns["required_cells"]) == required
    assert tuple(columns) == CELL_FRAMES
