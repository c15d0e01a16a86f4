"""Bad input: one clear line naming the file and record, exit 1, no traceback, nothing lost."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import CNN, RAW, ROOT, run_cli

Sheets = dict[str, dict]


def _first(doc: dict, has: str) -> dict:
    return next(r for r in doc["records"] if r.get(has) is not None)


def _quote_missing(s: Sheets) -> str:
    record = s["persons"]["records"][0]
    record["evidence"][0]["quote"] += " and the Loch Ness monster"
    return record["id"]


def _quote_twice(s: Sheets) -> str:
    record = s["persons"]["records"][0]
    record["evidence"][0] = {"field": "name", "source": "cnn", "quote": "Fujimori"}
    return record["id"]


def _unknown_person(s: Sheets) -> str:
    record = _first(s["casualties"], "person_id")
    record["person_id"] = "no-such-person"
    return record["id"]


def _duplicate_id(s: Sheets) -> str:
    s["persons"]["records"].append(dict(s["persons"]["records"][0]))
    return s["persons"]["records"][0]["id"]


def _impossible_date(s: Sheets) -> str:
    record = _first(s["events"], "date_start")
    record["date_start"] = "1997-02-30"
    return record["id"]


def _count_not_a_number(s: Sheets) -> str:
    record = _first(s["casualties"], "count")
    record["count"] = "fourteen"
    return record["id"]


def _participant_not_in_its_quote(s: Sheets) -> str:
    # Cipriani's letter: a quote that says only "a mediator" cannot carry him as a participant.
    record = next(r for r in s["events"]["records"] if r["id"] == "ev-1997-04-22-cipriani-letter")
    record["evidence"] = [
        e for e in record["evidence"] if "participants" not in str(e["field"])
    ] + [
        {
            "field": "participants",
            "source": "cnn",
            "quote": "The storming of the residence came on the same day that a mediator",
        }
    ]
    return record["id"]


def _two_quotes_one_list(s: Sheets) -> str:
    record = next(r for r in s["events"]["records"] if r["id"] == "ev-1997-04-22-raid")
    for entry in record["evidence"]:
        entry.pop("members", None)
    return record["id"]


def _dated_without_basis(s: Sheets) -> str:
    record = _first(s["legal_actions"], "date_start")
    del record["date_basis"]
    return record["id"]


def _inferred_without_anchor(s: Sheets) -> str:
    record = _first(s["events"], "date_anchor")
    del record["date_anchor"]
    return record["id"]


def _around_820_as_exact(s: Sheets) -> str:
    # "at around 8:20 pm the night of the 17 December" is approximate.
    record = _first(s["events"], "time_qualifier")
    record["time_qualifier"] = "exact"
    return record["id"]


def _quote_for_an_empty_field(s: Sheets) -> str:
    # A testimony is directed against no one: a quote cannot claim a target it does not have.
    record = next(
        r for r in s["legal_actions"]["records"] if r["id"] == "la-police-officers-testimony"
    )
    record["evidence"][-1]["field"] = "target_description"
    return record["id"]


MUTATIONS: dict[str, tuple[str, Callable[[Sheets], str], str]] = {
    "quote for an empty field": ("legal_actions", _quote_for_an_empty_field, "empty field"),
    "participant not named in its quote": (
        "events",
        _participant_not_in_its_quote,
        "does not name",
    ),
    "quotes sharing a list without members": (
        "events",
        _two_quotes_one_list,
        "give each its members",
    ),
    "dated record without date_basis": ("legal_actions", _dated_without_basis, "date_basis"),
    "inferred date without anchor": ("events", _inferred_without_anchor, "date_anchor"),
    "approximate time coded exact": (
        "events",
        _around_820_as_exact,
        "time_qualifier must be approximate",
    ),
    "quote not in its article": ("persons", _quote_missing, "not found"),
    "quote found twice": ("persons", _quote_twice, "found"),
    "unknown person id": ("casualties", _unknown_person, "no-such-person"),
    "duplicate id": ("persons", _duplicate_id, "duplicate id"),
    "impossible date": ("events", _impossible_date, "not a real date"),
    "count not a number": ("casualties", _count_not_a_number, "whole number"),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package built from copies of the inputs, as a user's published folder."""
    root = tmp_path_factory.mktemp("published")
    shutil.copytree(RAW, root / "raw")
    shutil.copytree(ROOT / "coding", root / "coding")
    result = run_cli(*_build_args(root, root / "coding"))
    assert result.returncode == 0, result.stderr
    return root


def _build_args(root: Path, coding: Path) -> tuple[str, ...]:
    return ("build", "--raw", str(root / "raw"), "--coding", str(coding), "--out", str(root))


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every published file: tables, descriptor, figures and the database."""
    files = [
        *sorted((root / "tables").iterdir()),
        root / "datapackage.json",
        *sorted((root / "figures").iterdir()),
        root / "build" / "lima-hostage-crisis.duckdb",
    ]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def _fails_cleanly(result, *needles: str) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("case", MUTATIONS)
def test_a_bad_sheet_stops_the_build_and_loses_nothing(
    case: str, published: Path, tmp_path: Path
) -> None:
    sheet, mutate, message = MUTATIONS[case]
    coding = tmp_path / "coding"
    shutil.copytree(published / "coding", coding)
    sheets = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in coding.glob("*.yaml")}
    record = mutate(sheets)
    (coding / f"{sheet}.yaml").write_text(yaml.safe_dump(sheets[sheet], allow_unicode=True))
    before = _snapshot(published)
    _fails_cleanly(run_cli(*_build_args(published, coding)), f"{sheet}.yaml", record, message)
    assert _snapshot(published) == before


def test_malformed_yaml_names_the_sheet_and_line(published: Path, tmp_path: Path) -> None:
    coding = tmp_path / "coding"
    shutil.copytree(published / "coding", coding)
    with (coding / "events.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - id: [unclosed\n")
    before = _snapshot(published)
    _fails_cleanly(run_cli(*_build_args(published, coding)), "events.yaml", "malformed YAML")
    assert _snapshot(published) == before


def test_a_raw_article_changed_by_one_character_stops_the_build(
    published: Path, tmp_path: Path
) -> None:
    shutil.copytree(published, tmp_path / "copy")
    root = tmp_path / "copy"
    article = root / "raw" / CNN
    article.write_bytes(article.read_bytes().replace(b"140 Peruvian", b"141 Peruvian"))
    before = _snapshot(root)
    _fails_cleanly(run_cli(*_build_args(root, root / "coding"), "--force"), CNN, "raw file changed")
    assert _snapshot(root) == before


def _edit_csv(path: Path, edit: Callable[[list[list[str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_validate_reports_a_hand_edited_broken_foreign_key(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    target = root / "tables" / "person_aliases.csv"

    def break_key(rows: list[list[str]]) -> None:
        rows[1][0] = "nobody-at-all"

    _edit_csv(target, break_key)
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    failures = [line for line in result.stdout.splitlines() if "person_id" in line]
    assert any(
        "tables/person_aliases.csv row 1" in line
        and "'nobody-at-all'" in line
        and "persons.person_id" in line
        for line in failures
    ), result.stdout


def test_validate_reports_a_removed_column(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)

    def drop_summary(rows: list[list[str]]) -> None:
        at = rows[0].index("summary")
        for row in rows:
            del row[at]

    _edit_csv(root / "tables" / "events.csv", drop_summary)
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 1
    assert "tables/events.csv header" in result.stdout
    assert "missing ['summary']" in result.stdout


def test_validate_passes_on_the_published_package() -> None:
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "all checks passed" in result.stdout
    assert (ROOT / "build" / "validation" / "report.json").exists()


def test_the_build_gate_names_a_formula_cell_and_loses_nothing(
    published: Path, tmp_path: Path
) -> None:
    coding = tmp_path / "coding"
    shutil.copytree(published / "coding", coding)
    sheet = yaml.safe_load((coding / "events.yaml").read_text(encoding="utf-8"))
    record = sheet["records"][0]
    record["summary"] = '=HYPERLINK("http://example.invalid")'
    (coding / "events.yaml").write_text(yaml.safe_dump(sheet, allow_unicode=True))
    with (published / "tables" / "events.csv").open(encoding="utf-8", newline="") as handle:
        row = 1 + [r["event_id"] for r in csv.DictReader(handle)].index(record["id"])
    before = _snapshot(published)
    result = run_cli(*_build_args(published, coding))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"tables/events.csv row {row} column summary: expected "
        "expect_column_values_to_not_match_regex(regex=^[=+\\-@]), "
        "found '=HYPERLINK(\"http://example.invalid\")'"
    ) in result.stderr, result.stderr
    assert "nothing was published" in result.stderr.splitlines()[-1]
    assert _snapshot(published) == before


def test_validate_runs_the_stated_totals_on_a_hand_edited_csv(
    published: Path, tmp_path: Path
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)

    def one_more_rebel_killed(rows: list[list[str]]) -> None:
        header = rows[0]
        side, outcome, count = (header.index(c) for c in ("side", "outcome", "count"))
        row = next(r for r in rows[1:] if r[side] == "mrta" and r[outcome] == "killed")
        row[count] = str(int(row[count]) + 1)

    _edit_csv(root / "tables" / "casualties.csv", one_more_rebel_killed)
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "All 14 rebels" in line]
    assert lines, result.stdout
    assert lines[0].startswith(
        "tables/casualties.csv column count: expected expect_column_sum_to_be_between("
    ), lines[0]
