"""A third article joins the package with no Python change: its file in raw/, its manifest
entry with its text declaration, and a little coding, in a copy of the project, build.

The article below is synthetic, written for this test (not a real source): markdown-like
headings with a scraped " [edit]" suffix and a dated list of its own layout, unlike both
real articles, so only its declaration can tell the pipeline how to read it.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, read_csv

from pipeline.errors import UserError
from pipeline.raw import text_shapes

ARTICLE = """Synthetic bulletin written for the package's tests; not a real article.

# Background [edit]

The residence of the Japanese ambassador in Lima was seized on 17 December 1996.

# Timeline [edit]

March 2, 1997 - day 75: Talks between the government and the rebels broke off.
"""
DECLARATION = r"""
    label: Synthetic bulletin
    text:
      heading: '^# (?P<title>.+)$'
      heading_suffix: ' [edit]'
      chronology:
        section: Timeline
        entry: '(?P<month>[A-Z][a-z]+) (?P<day>\d{1,2}), (?P<year>\d{4}) - day (?P<n>\d+): '
"""
ENTRY_QUOTE = "March 2, 1997 - day 75: Talks between the government and the rebels broke off."
EVENT = f"""- id: ev-synthetic-talks-break-off
  date_start: '1997-03-02'
  date_precision: day
  date_basis: stated
  event_type: negotiation
  summary: Talks between the government and the rebels broke off (synthetic test article).
  evidence:
  - field: [date_start, event_type, summary]
    source: synthetic
    quote: '{ENTRY_QUOTE}'
"""
PROJECT = (
    "raw",
    "coding",
    "expectations",
    "pipeline",
    "CITATION.cff",
    "pyproject.toml",
    "requirements.lock",
)


def _copy_project(target: Path) -> Path:
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def _add_article(root: Path) -> None:
    data = ARTICLE.encode("utf-8")
    (root / "raw" / "synthetic-bulletin.txt").write_bytes(data)
    entry = (
        "  - source_id: synthetic\n"
        "    path: synthetic-bulletin.txt\n"
        "    title: Synthetic bulletin\n"
        "    publisher: The package's tests\n"
        '    published: ""\n'
        '    published_date: ""\n'
        '    url: ""\n'
        "    license: Written for the tests\n"
        f"    sha256: {hashlib.sha256(data).hexdigest()}\n"
        f"    bytes: {len(data)}\n"
        "    note: Synthetic.\n"
    )
    with (root / "raw" / "manifest.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(entry + DECLARATION.lstrip("\n"))
    with (root / "coding" / "events.yaml").open("a", encoding="utf-8") as sheet:
        sheet.write(EVENT)


def test_a_third_article_builds_from_its_files_and_declaration_alone(tmp_path: Path) -> None:
    root = _copy_project(tmp_path / "project")
    _add_article(root)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    tables = root / "tables"
    assert {s["source_id"] for s in read_csv(tables / "sources.csv")} == {
        "cnn",
        "wikipedia",
        "synthetic",
    }
    passages = [p for p in read_csv(tables / "passages.csv") if p["source_id"] == "synthetic"]
    sections = [p["section"] for p in passages if p["level"] == "section"]
    assert sections == ["(lead)", "Background", "Timeline"]  # the suffix dropped from the names
    for p in passages:
        assert ARTICLE[int(p["char_start"]) : int(p["char_end"])] == p["text"]
    # The dated list: its one entry, day 75 as stated, linked to the event quoting it.
    entries = [e for e in read_csv(tables / "chronology.csv") if e["source_id"] == "synthetic"]
    assert [(e["date_start"], e["day_stated"], e["event_id"]) for e in entries] == [
        ("1997-03-02", "75", "ev-synthetic-talks-break-off")
    ]
    events = {e["event_id"]: e for e in read_csv(tables / "events.csv")}
    assert events["ev-synthetic-talks-break-off"]["day_of_crisis"] == "75"
    quotes = [e for e in read_csv(tables / "evidence.csv") if e["source_id"] == "synthetic"]
    assert {e["field"] for e in quotes} == {"date_start", "event_type", "summary"}
    assert all(ARTICLE[int(e["char_start"]) : int(e["char_end"])] == ENTRY_QUOTE for e in quotes)
    # No Python was changed to read it: the copy's pipeline/ is the repository's.
    for path in (ROOT / "pipeline").glob("*.py"):
        assert (root / "pipeline" / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("text: [headings]", "text: expected a mapping of heading, heading_suffix, chronology"),
        ("text: {headings: x}", "text: expected a mapping of heading, heading_suffix, chronology"),
        ("text: {heading: '^# (.+)$'}", "lacks the group 'title'"),
        ("text: {heading: '^# (?P<title>.+$'}", "bad pattern"),
        ("text: {chronology: {section: Timeline}}", "text.chronology: expected a mapping"),
    ],
)
def test_a_bad_text_declaration_is_one_line_naming_the_source(
    tmp_path: Path, declaration: str, message: str
) -> None:
    (tmp_path / "manifest.yaml").write_text(
        f"sources:\n  - source_id: third\n    {declaration}\n", encoding="utf-8"
    )
    with pytest.raises(UserError, match=message) as caught:
        text_shapes(tmp_path)
    assert "third" in str(caught.value) and "manifest.yaml" in str(caught.value)
