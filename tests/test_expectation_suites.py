"""The committed expectation suites are the schema's, and the hand-written rules are loadable."""

from __future__ import annotations

from pipeline.expectations import RULES, SUITES, load_suites, suite_text
from pipeline.schema import TABLES


def test_committed_column_suites_are_generated_from_the_schema() -> None:
    for table in TABLES:
        committed = (SUITES / f"{table.name}.json").read_text(encoding="utf-8")
        assert committed == suite_text(table), (
            f"{table.name}.json is stale: run `python -m pipeline suites`"
        )


def test_hand_written_rules_name_their_reason() -> None:
    suites = load_suites()
    assert RULES.exists()
    rules = [e for name in suites for e in suites[name] if e.get("meta")]
    assert rules, "rules.yaml holds hand-written expectations"
    assert all(e["meta"].get("why") for e in rules)


def test_every_text_column_is_guarded_against_formula_injection() -> None:
    suites = load_suites()
    for table in TABLES:
        guarded = {
            e["kwargs"]["column"]
            for e in suites[table.name]
            if e["type"] == "expect_column_values_to_not_match_regex"
            and e["kwargs"]["regex"] == r"^[=+\-@]"
        }
        assert guarded == {c.name for c in table.columns if c.type == "string"}
