"""The published package as the site reads it: tables, articles, descriptor, checked first.

Inputs: root/tables/*.csv, root/datapackage.json, the raw articles named in sources.csv.
Output: a `Package` in memory, or a one-line `UserError` naming the first row the site cannot
show (evidence outside its article, a quote that is not the text at its offsets, an id that
cannot be a file name).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import config
from pipeline.errors import UserError
from pipeline.schema import TABLES, Table
from pipeline.tablefiles import read_rows

# Tables whose rows get a page of their own, at records/<table>/<id>.html. Child tables
# (composite keys) are shown on their parents' pages; evidence and passages on the articles;
# discrepancies on the disagreements page.
RECORD_TABLES = (
    "sources",
    "persons",
    "organisations",
    "events",
    "event_counts",
    "casualties",
    "hostage_releases",
    "legal_actions",
    "chronology",
)
# An id that is safe as a file name on every system a reader may unpack the site on.
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,149}$")

Row = dict[str, str | None]


@dataclass
class Package:
    root: Path
    descriptor: dict
    rows: dict[str, list[Row]]  # table -> rows in published (key) order
    texts: dict[str, str]  # source_id -> raw text
    by_id: dict[str, dict[str, Row]] = field(default_factory=dict)  # record tables only
    evidence: dict[tuple[str, str], list[Row]] = field(default_factory=dict)  # (table, id)

    def key(self, table: str) -> str:
        return TABLE[table].primary_key[0]


TABLE: dict[str, Table] = {t.name: t for t in TABLES}


def load(root: Path, raw_dir: Path) -> Package:
    """Read and check everything the site shows."""
    folder = root / config.TABLES_DIR
    rows = {t.name: list(read_rows(folder / f"{t.name}.csv")) for t in TABLES}
    descriptor = json.loads((root / config.DESCRIPTOR).read_text(encoding="utf-8"))
    texts = {}
    for source in rows["sources"]:
        sid = str(source["source_id"])
        _file_name(folder / "sources.csv", sid)
        path = raw_dir / str(source["path"])
        try:
            texts[sid] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(str(path), f"cannot read the article: {exc}", sid) from None
    package = Package(root, descriptor, rows, texts)
    for table in RECORD_TABLES:
        key = package.key(table)
        package.by_id[table] = {}
        for row in rows[table]:
            _file_name(folder / f"{table}.csv", str(row[key]))
            package.by_id[table][str(row[key])] = row
    for row in rows["discrepancies"]:  # a page per topic
        _file_name(folder / "discrepancies.csv", str(row["topic_id"]))
    evidence: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows["evidence"]:
        _check_evidence(folder / "evidence.csv", row, texts)
        evidence[(str(row["record_table"]), str(row["record_id"]))].append(row)
    package.evidence = dict(evidence)
    return package


def _file_name(where: Path, record_id: str) -> None:
    if not FILE_NAME.match(record_id) or ".." in record_id:
        raise UserError(
            str(where), "id cannot form a file name (letters, digits, '.', '_', '-')", record_id
        )


def _check_evidence(where: Path, row: Row, texts: dict[str, str]) -> None:
    """The offsets must lie inside the article and select exactly the quote."""
    eid, sid = str(row["evidence_id"]), str(row["source_id"])
    if sid not in texts:
        raise UserError(str(where), f"source {sid!r} is not in sources.csv", eid)
    try:
        start, end = int(str(row["char_start"])), int(str(row["char_end"]))
    except ValueError:
        raise UserError(str(where), "char_start/char_end are not integers", eid) from None
    text = texts[sid]
    if not 0 <= start < end <= len(text):
        raise UserError(
            str(where),
            f"offsets {start}-{end} fall outside article {sid!r} ({len(text)} characters)",
            eid,
        )
    if text[start:end] != row["quote"]:
        raise UserError(str(where), f"quote is not the text of {sid!r} at {start}-{end}", eid)
