"""Published tables + descriptor + CITATION.cff -> one Excel workbook (.xlsx) for spreadsheet users.

First sheet: what the package is, how to cite it, its licences and how to check a quote; a
`columns` sheet describing every column; then one sheet per table. Text (quotes, ids, times,
booleans) is written as text cells, so no spreadsheet turns "April 22, 1997" into a date or
"20:20:00" into 8:20 PM; DATE columns are real dates; no cell is a formula.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import xlsxwriter

from pipeline import citation, config
from pipeline.errors import UserError
from pipeline.export_frames import check_fits
from pipeline.schema import TABLES, Table
from pipeline.tablefiles import read_rows

WORKBOOK = f"{config.PACKAGE_NAME}.xlsx"
ABOUT, COLUMNS = "about", "columns"
MAX_NAME = 31  # Excel's longest sheet name
MAX_CELL = 32_767  # Excel's longest text cell
MAX_WIDTH, MIN_WIDTH = 60, 8  # column widths in characters
# The workbook's settings: never read a string as a number, formula or link.
OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}

VERIFY = (
    "Every value is backed by rows of the evidence sheet: a verbatim quote, its source_id and "
    "its character offsets. To check one, open the source's file in raw/ (UTF-8) and take the "
    "characters from char_start (0-based) up to, not including, char_end: in Python "
    "open(path, encoding='utf-8').read()[char_start:char_end] == quote."
)


def _about(book: xlsxwriter.Workbook, meta: dict, cff: dict, formats: dict) -> None:
    sheet = book.add_worksheet(ABOUT)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 110, formats["wrap"])
    licence = meta["licenses"][0]
    rows = [
        ("Title", meta["title"]),
        ("Version", meta["version"]),
        ("Released", str(cff["date-released"])),
        ("Cite as", citation.citation_text(cff)),
        ("Description", meta["description"]),
        ("Licence", f"{licence['name']} ({licence['path']}). {licence['title']}"),
        (
            "Sources' terms",
            "See LICENSE: "
            + "; ".join(
                f"{s['title']} ({s['publisher']}): {s['license']}" for s in meta["sources"]
            ),
        ),
        ("Verify a quote", VERIFY),
        ("Empty cells", "Not stated by the sources (the CSV's empty cell)."),
        (
            "Columns",
            f"Every column is described in the '{COLUMNS}' sheet and in its header's note.",
        ),
        ("Built from", meta["prov:wasGeneratedBy"]["git_describe"]),
    ]
    rows += [(f"Sheet {r['name']}", r["description"]) for r in meta["resources"]]
    for n, (key, value) in enumerate(rows):
        sheet.write_string(n, 0, key, formats["bold"])
        sheet.write_string(n, 1, value)


def _columns(book: xlsxwriter.Workbook, formats: dict) -> None:
    sheet = book.add_worksheet(COLUMNS)
    header = ("table", "column", "type", "required", "description")
    for c, name in enumerate(header):
        sheet.write_string(0, c, name, formats["bold"])
    n = 0
    for table in TABLES:
        for column in table.columns:
            n += 1
            cells = (table.name, column.name, column.type, str(column.required).lower())
            for c, text in enumerate((*cells, column.description)):
                sheet.write_string(n, c, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, n, len(header) - 1)
    sheet.set_column(0, 1, 24)
    sheet.set_column(4, 4, 100, formats["wrap"])


def _table(book: xlsxwriter.Workbook, tables_dir: Path, table: Table, formats: dict) -> None:
    if len(table.name) > MAX_NAME:
        raise UserError(table.name, f"name longer than Excel's {MAX_NAME} characters for a sheet")
    rows = list(read_rows(tables_dir / f"{table.name}.csv"))
    check_fits("Excel", table, len(rows))
    sheet = book.add_worksheet(table.name)
    widths = []
    for c, column in enumerate(table.columns):
        sheet.write_string(0, c, column.name, formats["bold"])
        sheet.write_comment(0, c, column.description, {"x_scale": 3, "y_scale": 2})
        widths.append(len(column.name) + 2)
    for r, row in enumerate(rows, 1):
        for c, column in enumerate(table.columns):
            value = row.get(column.name)
            if value is None:
                continue
            if len(value) > MAX_CELL:
                raise UserError(
                    table.name, f"{column.name}: a cell longer than Excel's {MAX_CELL} characters"
                )
            if column.type == "integer":
                sheet.write_number(r, c, int(value))
            elif column.type == "date":
                sheet.write_datetime(r, c, dt.datetime.fromisoformat(value), formats["date"])
            else:  # string, time, boolean: the CSV's text, as text
                sheet.write_string(r, c, value)
            widths[c] = max(widths[c], min(len(value), MAX_WIDTH))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, max(MIN_WIDTH, width))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(table.columns) - 1)


def write_workbook(root: Path, folder: Path) -> Path:
    """Write folder/<package>.xlsx from root's tables/ and descriptor."""
    meta = json.loads((root / config.DESCRIPTOR).read_text(encoding="utf-8"))
    cff = citation.load()
    path = folder / WORKBOOK
    book = xlsxwriter.Workbook(str(path), OPTIONS)
    released = dt.datetime.fromisoformat(str(cff["date-released"]))
    # Fixed properties: the same tables give the same bytes (no clock in the file).
    book.set_properties(
        {"title": meta["title"], "author": meta["contributors"][0]["title"], "created": released}
    )
    formats = {
        "bold": book.add_format({"bold": True}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    _about(book, meta, cff, formats)
    _columns(book, formats)
    for table in TABLES:
        _table(book, root / config.TABLES_DIR, table, formats)
    book.close()
    return path
