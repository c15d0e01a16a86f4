"""The workbook, Stata and R files give back every cell of every table, as their users open them.

Each format is read back (openpyxl, pandas, and where installed LibreOffice and R) and every
cell compared with the published CSV; the quotes of `evidence` must still equal the raw text
at their offsets after the round trip.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import ROOT, raw_text, read_csv
from programs import require

from pipeline import citation, config
from pipeline.errors import UserError
from pipeline.export_frames import check_fits
from pipeline.export_stata import MAX_LABEL, stata_name
from pipeline.export_xlsx import ABOUT, COLUMNS, WORKBOOK
from pipeline.schema import BY_NAME, TABLES, Column, Table

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def downloads(rebuilt: Path) -> Path:
    return rebuilt / config.DOWNLOADS_DIR


@pytest.fixture(scope="module")
def csvs(rebuilt: Path) -> dict[str, list[dict[str, str]]]:
    return {t.name: read_csv(rebuilt / "tables" / f"{t.name}.csv") for t in TABLES}


def assert_same_rows(table: str, got: list[dict[str, str]], csvs: dict) -> None:
    """Every cell as the CSV has it (text; an empty cell is not stated)."""
    expected = csvs[table]
    assert len(got) == len(expected), table
    for n, (mine, theirs) in enumerate(zip(got, expected, strict=True), 1):
        assert mine == theirs, f"{table} row {n}: {sorted(set(mine.items()) ^ set(theirs.items()))}"


def assert_quotes_match_raw(evidence: list[dict[str, str]], csvs: dict) -> None:
    paths = {s["source_id"]: s["path"] for s in csvs["sources"]}
    texts = {sid: raw_text(path) for sid, path in paths.items()}
    for row in evidence:
        start, end = int(row["char_start"]), int(row["char_end"])
        assert texts[row["source_id"]][start:end] == row["quote"], row["evidence_id"]


def _as_csv_text(column: Column, value: object) -> str:
    """A value read back from a typed file, written as the CSV writes it."""
    if isinstance(value, str):  # text cells: the CSV's text itself
        return value
    if value is None or pd.isna(value):
        return ""
    if column.type == "boolean":  # Stata's 0/1
        return {1: "true", 0: "false"}[int(value)]
    if column.type == "date":
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if column.type == "integer":
        return str(int(value))
    return value


# --- the workbook -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(downloads: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(downloads / WORKBOOK)


def test_workbook_sheets_are_about_columns_then_every_table(workbook) -> None:
    assert workbook.sheetnames == [ABOUT, COLUMNS] + [t.name for t in TABLES]


def test_workbook_about_sheet_cites_licenses_and_explains_quotes(workbook) -> None:
    about = {r[0]: r[1] for r in workbook[ABOUT].iter_rows(values_only=True)}
    assert about["Version"] == citation.VERSION
    assert about["Cite as"] == citation.citation_text(citation.load())
    assert "CC-BY-SA-4.0" in about["Licence"]
    assert "Cable News Network" in about["Sources' terms"]  # CNN's own terms, not ours
    assert "All Rights Reserved" in about["Sources' terms"]
    assert "[char_start:char_end] == quote" in about["Verify a quote"]


def test_workbook_columns_sheet_and_header_notes_describe_every_column(workbook) -> None:
    rows = list(workbook[COLUMNS].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (t.name, c.name, c.description) for t in TABLES for c in t.columns
    ]
    for table in TABLES:
        header = workbook[table.name][1]
        assert [c.comment.text for c in header] == [c.description for c in table.columns]


def test_workbook_every_cell_equals_the_csv_and_none_is_a_formula(workbook, csvs) -> None:
    for table in TABLES:
        sheet = workbook[table.name]
        assert sheet.freeze_panes == "A2", table.name
        rows = sheet.iter_rows(values_only=False)
        assert [c.value for c in next(rows)] == table.column_names
        got = []
        for cells in rows:
            for cell in cells:
                assert cell.data_type != "f", cell.coordinate
            for column, cell in zip(table.columns, cells, strict=True):
                if cell.value is None:
                    continue
                if column.type == "date":
                    assert cell.is_date and cell.number_format == "yyyy-mm-dd", cell.coordinate
                elif column.type == "integer":
                    assert cell.data_type == "n", cell.coordinate
                else:  # text stays text: quotes, ids, times, booleans
                    assert cell.data_type == "s", cell.coordinate
            got.append(
                {
                    c.name: _as_csv_text(c, cell.value)
                    for c, cell in zip(table.columns, cells, strict=True)
                }
            )
        assert_same_rows(table.name, got, csvs)
    for name in (ABOUT, COLUMNS):
        assert all(c.data_type != "f" for row in workbook[name].iter_rows() for c in row)


def test_workbook_quotes_still_match_the_raw_text(workbook, csvs) -> None:
    sheet = workbook["evidence"]
    header = [c.value for c in sheet[1]]
    evidence = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)]
    assert len(evidence) == len(csvs["evidence"])
    assert_quotes_match_raw(evidence, csvs)


def _column_values(sheet, name: str) -> set:
    column = next(col for col in sheet.iter_cols() if col[0].value == name)
    return {c.value for c in column[1:]}


def test_text_that_spreadsheets_mangle_is_kept_exactly(workbook) -> None:
    # A spreadsheet's CSV import turned these into a date, 08:20:00 PM and TRUE.
    quotes = _column_values(workbook["evidence"], "quote")
    assert any("April 22, 1997" in q for q in quotes)  # CNN's dateline, still text
    assert "20:20:00" in _column_values(workbook["events"], "time_local")  # "around 8:20 pm"
    booleans = [(t.name, c.name) for t in TABLES for c in t.columns if c.type == "boolean"]
    for table, column in booleans:
        assert _column_values(workbook[table], column) <= {"true", "false", None}


@pytest.fixture(scope="module")
def libreoffice_csvs(downloads: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The workbook converted by headless LibreOffice Calc, every sheet to a UTF-8 CSV."""
    soffice = require("soffice")
    out = tmp_path_factory.mktemp("libreoffice")
    # Filter options: comma, double quote, UTF-8, from row 1, ..., every sheet to its own file.
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    command = [
        soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
        "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
        "--outdir", str(out), str(downloads / WORKBOOK),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    stem = Path(WORKBOOK).stem
    return {t.name: read_csv(out / f"{stem}-{t.name}.csv") for t in TABLES}


def test_libreoffice_reads_every_cell_as_the_csv_has_it(libreoffice_csvs, csvs) -> None:
    for table in TABLES:
        assert_same_rows(table.name, libreoffice_csvs[table.name], csvs)


def test_libreoffice_quotes_still_match_the_raw_text(libreoffice_csvs, csvs) -> None:
    assert_quotes_match_raw(libreoffice_csvs["evidence"], csvs)


# --- Stata ------------------------------------------------------------------------------


def _read_dta(downloads: Path, table: Table) -> tuple[pd.DataFrame, dict[str, str]]:
    path = downloads / "stata" / f"{table.name}.dta"
    assert path.read_bytes().startswith(b"<stata_dta><header><release>118</release>")
    with pd.io.stata.StataReader(path) as reader:
        frame = reader.read(convert_categoricals=False)
        labels = reader.variable_labels()
        assert reader.data_label == table.title
    return frame, labels


def test_stata_files_give_back_every_cell(downloads: Path, csvs) -> None:
    for table in TABLES:
        frame, labels = _read_dta(downloads, table)
        names = [stata_name(table, c) for c in table.column_names]
        assert list(frame.columns) == names
        for column in table.columns:
            text = labels[stata_name(table, column.name)]
            assert len(text) <= MAX_LABEL
            assert column.description.startswith(text.removesuffix("..."))
        got = [
            {c.name: _as_csv_text(c, row[n]) for c, n in zip(table.columns, names, strict=True)}
            for row in frame.to_dict("records")
        ]
        assert_same_rows(table.name, got, csvs)
        if table.name == "evidence":
            assert_quotes_match_raw(got, csvs)


def test_long_passages_are_stored_whole(downloads: Path, csvs) -> None:
    frame, _ = _read_dta(downloads, BY_NAME["passages"])
    longest = max(len(r["text"].encode()) for r in csvs["passages"])
    assert longest > 2045  # longer than a Stata str# holds, so the column is a strL
    assert max(len(t.encode()) for t in frame["text"]) == longest


def test_the_stata_readme_maps_every_variable(downloads: Path) -> None:
    text = (downloads / "stata" / "README.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"## {table.name}.dta" in text
        for column in table.columns:
            assert f"| `{stata_name(table, column.name)}` | `{column.name}` |" in text


def test_a_name_stata_cannot_take_is_reported_by_name() -> None:
    column = Column("a_column_name_much_longer_than_stata_allows", "string", "Too long.")
    table = Table("wide", "Wide", "A test table.", (column,), ("a",))
    with pytest.raises(UserError) as error:
        stata_name(table, column.name)
    assert str(error.value).startswith("wide.a_column_name_much_longer_than_stata_allows:")
    assert "\n" not in str(error.value)


def test_a_table_too_wide_for_stata_is_reported_by_name() -> None:
    columns = tuple(Column(f"c{n}", "integer", "A count.") for n in range(2049))
    with pytest.raises(UserError) as error:
        check_fits("Stata", Table("wide", "Wide", "A test table.", columns, ("c0",)))
    assert str(error.value) == "wide: too wide for Stata: 2049 columns, it holds 2048"


def test_a_bad_name_stops_the_build_and_keeps_the_published_package(
    rebuilt: Path, tmp_path: Path
) -> None:
    root = tmp_path / "package"
    shutil.copytree(rebuilt, root, symlinks=True)
    before = {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    script = (
        "import sys; from pipeline import export_stata, cli; "
        "export_stata.STATA_NAMES['events.summary'] = 'in'; "
        f"sys.exit(cli.main(['build', '--force', '--out', {str(root)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line
    assert "events.summary" in result.stderr and "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    published = [p for p in before if "stage" not in p.relative_to(root).parts]
    assert all(after.get(p) == before[p] for p in published)


# --- R, and Stata files read by R --------------------------------------------------------

R_TYPES = {"string": "character", "time": "character", "integer": "integer",
           "boolean": "logical", "date": "Date"}  # fmt: skip
R_SCRIPT = r"""
options(scipen = 100)
args <- commandArgs(TRUE)
library(haven)
for (name in strsplit(args[3], ",")[[1]]) {
  d <- readRDS(file.path(args[1], "r", paste0(name, ".rds")))
  write.csv(d, file.path(args[2], paste0(name, ".rds.csv")), row.names = FALSE, na = "",
            fileEncoding = "UTF-8")
  writeLines(sapply(d, function(x) class(x)[1]), file.path(args[2], paste0(name, ".types")))
  s <- zap_labels(read_dta(file.path(args[1], "stata", paste0(name, ".dta"))))
  write.csv(s, file.path(args[2], paste0(name, ".dta.csv")), row.names = FALSE, na = "",
            fileEncoding = "UTF-8")
}
"""


@pytest.fixture(scope="module")
def r_output(downloads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rscript = require("Rscript")
    out = tmp_path_factory.mktemp("r")
    names = ",".join(t.name for t in TABLES)
    command = [rscript, "-e", R_SCRIPT, str(downloads), str(out), names]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def _from_r(path: Path, table: Table) -> list[dict[str, str]]:
    """R's write.csv, read back: TRUE/FALSE (or Stata's 1/0) become the CSV's true/false."""
    flags = {"TRUE": "true", "FALSE": "false", "1": "true", "0": "false", "": ""}
    rows = read_csv(path)
    for row in rows:
        assert list(row) == table.column_names
        for column in table.columns:
            if column.type == "boolean":
                row[column.name] = flags[row[column.name]]
    return rows


def test_r_reads_every_rds_with_its_types_and_every_cell(r_output: Path, csvs) -> None:
    for table in TABLES:
        types = (r_output / f"{table.name}.types").read_text(encoding="utf-8").split()
        assert types == [R_TYPES[c.type] for c in table.columns], table.name
        rows = _from_r(r_output / f"{table.name}.rds.csv", table)
        assert_same_rows(table.name, rows, csvs)
    assert_quotes_match_raw(_from_r(r_output / "evidence.rds.csv", BY_NAME["evidence"]), csvs)


def test_r_haven_reads_every_stata_file_cell_for_cell(r_output: Path, csvs) -> None:
    for table in TABLES:
        rows = _from_r(r_output / f"{table.name}.dta.csv", table)
        assert_same_rows(table.name, rows, csvs)
    assert_quotes_match_raw(_from_r(r_output / "evidence.dta.csv", BY_NAME["evidence"]), csvs)


# --- the README's R snippet and Stata line ----------------------------------------------


def _readme_block(name: str, language: str) -> str:
    match = re.search(rf"<!-- example: {name} -->\n```{language}\n(.*?)\n```", README, re.DOTALL)
    assert match, f"README has no {language} example {name!r}"
    return match.group(1)


def test_the_readme_r_snippet_runs(downloads: Path) -> None:
    code = _readme_block("r", "r")
    assert len(code.splitlines()) == 3
    result = subprocess.run(
        [require("Rscript"), "-e", code], cwd=downloads, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # "on 17 December 1996 ... taking hundreds of hostages": the seizure, dated as a Date.
    assert "ev-1996-12-17-seizure" in result.stdout
    assert "Date" in result.stdout


def test_the_readme_stata_line_opens_a_file_of_the_bundle(downloads: Path) -> None:
    (path,) = re.findall(r'^use "([^"]+)", clear$', _readme_block("stata", "stata"), re.M)
    frame = pd.read_stata(downloads / path)
    assert "ev-1996-12-17-seizure" in set(frame["event_id"])
