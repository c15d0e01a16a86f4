"""Bad input: one clear line naming the file and record, exit 1, no traceback, nothing lost."""

from __future__ import annotations

import csv
import hashlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import ALIAS_BOMB, CNN, RAW, ROOT, one_line_error, run_cli

from pipeline import config

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


def _occurrence_not_a_number(s: Sheets) -> str:
    record = s["persons"]["records"][0]
    record["evidence"][0]["occurrence"] = "x"
    return record["id"]


def _casualty(s: Sheets, rid: str) -> dict:
    return next(r for r in s["casualties"]["records"] if r["id"] == rid)


def _derived_of_100000_terms(s: Sheets) -> str:
    record = _casualty(s, "cas-raul-jimenez-chavez")  # quoted: "2 soldiers, 14 rebels perish"
    record["derived"] = {"count": " + ".join(["1"] * 100_000)}
    return record["id"]


def _derived_beyond_integer(s: Sheets) -> str:
    record = _casualty(s, "cas-raul-jimenez-chavez")
    record["derived"] = {"count": " * ".join(["14"] * 9)}  # 14 ** 9 = 20,661,046,784
    record["count"] = 14**9
    return record["id"]


def _control_characters(s: Sheets) -> str:
    record = s["events"]["records"][0]
    record["event_type"] = "\x1b[2J\x1b[31mseizure\x07"  # would clear and recolour a terminal
    return record["id"]


def _quote_of_5_mb(s: Sheets) -> str:
    record = s["persons"]["records"][0]
    record["evidence"][0]["quote"] = "x" * 5_000_000
    return record["id"]


def _no_records(s: Sheets) -> str:
    s["discrepancies"]["records"] = []
    return "no records"


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
    "quote not in its article": ("persons", _quote_missing, "quote not found"),
    "quote found twice": ("persons", _quote_twice, "times; add a unique 'context'"),
    "occurrence not a number": ("persons", _occurrence_not_a_number, "occurrence must be"),
    "derived with 100,000 terms": ("casualties", _derived_of_100000_terms, "derivation has at"),
    "derived beyond INTEGER": ("casualties", _derived_beyond_integer, "DuckDB's INTEGER"),
    "control characters": ("events", _control_characters, "\\x1b[2J"),
    "a 5 MB quote": ("persons", _quote_of_5_mb, "xxx… ("),
    "a sheet emptied": ("discrepancies", _no_records, "may_be_empty"),
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
    """Every published file: tables, descriptor, figures, the database and its Parquet."""
    files = [
        *sorted((root / "tables").iterdir()),
        root / "datapackage.json",
        *sorted((root / "figures").iterdir()),
        root / "build" / "lima-hostage-crisis.duckdb",
        *sorted((root / "build" / "parquet").iterdir()),
    ]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


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
    one_line_error(run_cli(*_build_args(published, coding)), f"{sheet}.yaml", record, message)
    assert _snapshot(published) == before


# Sheets broken as files: (sheet, new bytes or None to delete it, what the line says).
BROKEN_SHEETS: dict[str, tuple[str, bytes | None, str]] = {
    "a sheet deleted": ("legal_actions", None, "coding sheet missing"),
    "another sheet deleted": ("discrepancies", None, "coding sheet missing"),
    "a sheet not UTF-8": ("events", b"records:\n- id: ev-1\n  summary: caf\xe9\n", "not UTF-8"),
    "a YAML alias bomb": (
        "events",
        ALIAS_BOMB + b"records:\n- id: ev-1\n  summary: *i\n",
        "stand for",
    ),
}


@pytest.mark.parametrize("case", BROKEN_SHEETS)
def test_a_broken_sheet_file_stops_the_build_and_loses_nothing(
    case: str, published: Path, tmp_path: Path
) -> None:
    sheet, data, message = BROKEN_SHEETS[case]
    coding = tmp_path / "coding"
    shutil.copytree(published / "coding", coding)
    if data is None:
        (coding / f"{sheet}.yaml").unlink()
    else:
        (coding / f"{sheet}.yaml").write_bytes(data)
    before = _snapshot(published)
    one_line_error(run_cli(*_build_args(published, coding)), f"{sheet}.yaml", message)
    assert _snapshot(published) == before


def _manifest(root: Path, edit: Callable[[str], str]) -> None:
    path = root / "raw" / "manifest.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def _latin1_article(root: Path) -> None:
    article = root / "raw" / CNN
    data = article.read_bytes().replace("\u00a0".encode(), b"\xa0")  # NBSP as Latin-1
    old = hashlib.sha256(article.read_bytes()).hexdigest()
    size = str(article.stat().st_size)
    article.write_bytes(data)
    _manifest(
        root,
        lambda t: t.replace(old, hashlib.sha256(data).hexdigest()).replace(
            f"bytes: {size}", f"bytes: {len(data)}"
        ),
    )


RAW_TRIALS: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "an unknown file in raw/": (
        lambda root: (root / "raw" / "notes.txt").write_text("mine"),
        "notes.txt",
        "not in manifest.yaml",
    ),
    "a manifest path outside raw/": (
        lambda root: _manifest(
            root, lambda t: t.replace(f"path: {CNN}", "path: ../coding/events.yaml")
        ),
        "manifest.yaml",
        "path must name an article file in raw/",
    ),
    "a size given as text": (
        lambda root: _manifest(root, lambda t: t.replace("bytes: 5989", 'bytes: "5989"')),
        "manifest.yaml",
        "bytes must be int",
    ),
    "a manifest alias bomb": (
        lambda root: _manifest(root, lambda t: ALIAS_BOMB.decode() + t),
        "manifest.yaml",
        "stand for more than",
    ),
    "an article not UTF-8": (_latin1_article, CNN, "not UTF-8"),
}


@pytest.mark.parametrize("case", RAW_TRIALS)
def test_a_bad_raw_folder_stops_the_build_and_loses_nothing(
    case: str, published: Path, tmp_path: Path
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    edit, where, message = RAW_TRIALS[case]
    edit(root)
    before = _snapshot(root)
    one_line_error(run_cli(*_build_args(root, root / "coding"), "--force"), where, message)
    assert _snapshot(root) == before


# Where the build is, told by what its stage holds: assembling, checking, writing the database.
# Each is seconds before the publish, so Ctrl-C lands inside the build on a fast machine too.
BUILD_POINTS = ("tables", config.DESCRIPTOR, config.DATABASE)


@pytest.mark.parametrize("point", BUILD_POINTS)
def test_ctrl_c_during_a_build_is_one_line_and_loses_nothing(published: Path, point: str) -> None:
    before = _snapshot(published)
    # A stage an earlier interrupted build left behind (the next build clears it) is not ours.
    leftovers = set(published.glob("build/stage-*"))
    command = [sys.executable, "-m", "pipeline", *_build_args(published, published / "coding")]
    with subprocess.Popen(
        [*command, "--force"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as build:

        def reached() -> bool:
            stages = set(published.glob("build/stage-*")) - leftovers
            return any((stage / point).exists() for stage in stages)

        deadline = time.monotonic() + 120
        while not reached() and build.poll() is None:
            assert time.monotonic() < deadline, f"the build never reached {point}"
            time.sleep(0.01)
        assert build.poll() is None, f"the build ended before reaching {point}"
        build.send_signal(signal.SIGINT)
        out, err = build.communicate(timeout=120)
    result = subprocess.CompletedProcess(command, build.returncode, out, err)
    one_line_error(result, "build interrupted (Ctrl-C)", code=130)
    assert _snapshot(published) == before


DESCRIPTOR_TRIALS: dict[str, tuple[Callable[[str], str | None], str]] = {
    "missing": (lambda text: None, "datapackage.json: missing"),
    "not JSON": (lambda text: text[: len(text) // 2], "datapackage.json: not a readable JSON"),
    "a resource outside": (
        lambda text: text.replace('"tables/events.csv"', '"../../../etc/passwd"'),
        "datapackage.json: resource 7: path must be a file inside the package",
    ),
}


@pytest.mark.parametrize("case", DESCRIPTOR_TRIALS)
def test_validate_reports_a_broken_descriptor_in_one_line(
    case: str, published: Path, tmp_path: Path
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)
    edit, message = DESCRIPTOR_TRIALS[case]
    descriptor = root / "datapackage.json"
    text = edit(descriptor.read_text(encoding="utf-8"))
    if text is None:
        descriptor.unlink()
    else:
        descriptor.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    failures = result.stdout.strip().splitlines()[:-1]
    assert failures == [failures[0]] and failures[0].startswith(message), result.stdout


def test_malformed_yaml_names_the_sheet_and_line(published: Path, tmp_path: Path) -> None:
    coding = tmp_path / "coding"
    shutil.copytree(published / "coding", coding)
    with (coding / "events.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - id: [unclosed\n")
    before = _snapshot(published)
    one_line_error(run_cli(*_build_args(published, coding)), "events.yaml", "malformed YAML")
    assert _snapshot(published) == before


def test_a_raw_article_changed_by_one_character_stops_the_build(
    published: Path, tmp_path: Path
) -> None:
    shutil.copytree(published, tmp_path / "copy")
    root = tmp_path / "copy"
    article = root / "raw" / CNN
    article.write_bytes(article.read_bytes().replace(b"140 Peruvian", b"141 Peruvian"))
    before = _snapshot(root)
    one_line_error(run_cli(*_build_args(root, root / "coding"), "--force"), CNN, "raw file changed")
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


def test_validate_escapes_control_characters_of_a_bad_cell(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)

    def ring_the_bell(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("event_type")] = "\x1b[2J\x07seizure"

    _edit_csv(root / "tables" / "events.csv", ring_the_bell)
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 1
    assert all(line.isprintable() for line in result.stdout.splitlines()), result.stdout
    assert any("event_type" in line and "\\x1b[2J" in line for line in result.stdout.splitlines())


def test_validate_names_a_reordered_header(published: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(published, root)

    def swap_first_columns(rows: list[list[str]]) -> None:
        for row in rows:
            row[0], row[1] = row[1], row[0]

    _edit_csv(root / "tables" / "events.csv", swap_first_columns)
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 1
    assert "tables/events.csv header: columns out of order" in result.stdout


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
