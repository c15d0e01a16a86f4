"""Published tables/ + descriptor -> build/downloads/: the workbook, Stata and R files.

Each format is written by its own module from the same typed tables and the one schema
declaration; this is the build's single call site for them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import config
from pipeline.export_r import write_r
from pipeline.export_stata import write_stata
from pipeline.export_xlsx import write_workbook


def write_downloads(root: Path) -> Path:
    """Write root/build/downloads from root/tables and root/datapackage.json."""
    folder = root / config.DOWNLOADS_DIR
    folder.mkdir(parents=True)
    tables = root / config.TABLES_DIR
    write_workbook(root, folder)
    write_stata(tables, folder)
    write_r(tables, folder)
    return folder
