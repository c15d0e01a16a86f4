"""Where things live: the project folders every stage reads from or writes to."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
CODING = ROOT / "coding"  # the hand-coded sheets (data, so beside tables/, not in pipeline/)
SUITES = ROOT / "expectations"  # the expectation suites and hand-written rules
TABLES_DIR = "tables"
DESCRIPTOR = "datapackage.json"
FIGURES_DIR = "figures"
DATABASE = "build/lima-hostage-crisis.duckdb"
PARQUET_DIR = "build/parquet"
ANNOTATIONS = "build/annotations.jsonld"  # the evidence as W3C Web Annotations
SITE_DIR = "build/site"  # the static evidence explorer
DOWNLOADS_DIR = "build/downloads"  # the workbook, Stata and R files
# Everything a build publishes, relative to the package root: staged, checked, swapped in.
OUTPUTS = (
    TABLES_DIR, DESCRIPTOR, FIGURES_DIR, DATABASE, PARQUET_DIR, DOWNLOADS_DIR, ANNOTATIONS,
    SITE_DIR,
)  # fmt: skip
BUILD = ROOT / "build"
LOCKFILE = ROOT / "requirements.lock"
CITATION = ROOT / "CITATION.cff"
PACKAGE_NAME = "lima-hostage-crisis"  # its version is CITATION.cff's (pipeline.citation)


def csv_path(table: str) -> str:
    """A table's CSV, relative to the package root, as failure lines name it."""
    return f"{TABLES_DIR}/{table}.csv"
