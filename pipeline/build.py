"""Stages 1-4 together: raw/ + pipeline/coding/ -> every published table as sorted CSV-ready rows.

A pure function of its two input folders; writing and publishing are in `pipeline.publish`.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import chronology
from pipeline.constraints import table_problems
from pipeline.errors import UserError
from pipeline.evidence import Coder, cell
from pipeline.raw import load_sources
from pipeline.schema import BY_NAME, TABLES, Table
from pipeline.segment import segment
from pipeline.sheets import load_sheets

# Rows of these tables come from a record of another sheet (or, for discrepancies, a topic).
PARENTS = {
    "person_aliases": ("persons", "person_id"),
    "event_participants": ("events", "event_id"),
    "hostage_release_persons": ("hostage_releases", "release_id"),
    "legal_action_parties": ("legal_actions", "legal_action_id"),
    "discrepancies": ("discrepancies", "topic_id"),
}


def normalise(table: Table, rows: list[dict]) -> list[dict]:
    """Rows as CSV text in declared column order, sorted by primary key."""
    out = [{c: cell(row.get(c)) for c in table.column_names} for row in rows]
    return sorted(out, key=lambda r: tuple(r[k] or "" for k in table.primary_key))


def assemble(raw_dir: Path, coding_dir: Path) -> dict[str, list[dict]]:
    sources, texts = load_sources(raw_dir)
    segmented = {sid: segment(sid, texts[sid]) for sid in sorted(texts)}
    passages = [p for rows in segmented.values() for p in rows]
    entries = [
        e for sid, rows in segmented.items() for e in chronology.parse(sid, texts[sid], rows)
    ]
    records = load_sheets(coding_dir)
    coder = Coder(texts, passages)
    coded = coder.code(records)
    events_sheet = str(coding_dir / "events.yaml")
    chronology.link(entries, coded.get("events", []), coder.evidence, events_sheet)
    found = {
        "sources": sources,
        "passages": passages,
        "chronology": entries,
        **coded,
        "evidence": coder.evidence,
    }
    tables = {t.name: normalise(t, found.get(t.name, [])) for t in TABLES}
    origin = {(r.table, r.id): r.file for r in records}
    for problem in table_problems(tables):
        parent = _parent(problem.table, tables[problem.table][problem.row - 1])
        where = origin.get(parent, problem.table)
        raise UserError(
            where,
            f"{problem.column}: expected {problem.expected}, found {problem.found}",
            parent[1],
        )
    return tables


def _parent(table: str, row: dict) -> tuple[str, str]:
    """The sheet record a published row came from, to name it in an error."""
    sheet, key = PARENTS.get(table, (table, BY_NAME[table].primary_key[0]))
    return sheet, str(row.get(key))
