"""Where things live: the project folders every stage reads from or writes to."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
CODING = ROOT / "pipeline" / "coding"
TABLES_DIR = "tables"
DESCRIPTOR = "datapackage.json"
BUILD = ROOT / "build"
LOCKFILE = ROOT / "requirements.lock"
CRISIS_START = "1996-12-17"  # day 0 of the crisis, as both sources date the seizure
PACKAGE_NAME = "lima-hostage-crisis"
VERSION = "1.0.0"
