"""Stage 2b: a source's dated list (Wikipedia's "Chronology") -> dated entries, checked and linked.

Inputs: a source's raw text, passages and declared text shape (which section holds the list
and how an entry starts), then the coded events and evidence as they are coded. Outputs:
`chronology` rows (date, stated day number, entry text and raw offsets, and the coded event
that covers the entry). The list is parsed, not retyped: each entry's "(day N)" is checked
against its date, and each entry must be covered by a coded event quoting it.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline import grounding
from pipeline.errors import UserError
from pipeline.raw import TextShape


def parse(source_id: str, text: str, passages: list[dict], shape: TextShape) -> list[dict]:
    """One row per paragraph of the source's dated list that starts with a date (its entry
    pattern's groups day, month and the optional year and n, the stated day number)."""
    if shape.chronology_entry is None:
        return []
    rows = []
    section = shape.chronology_section
    paragraphs = [p for p in passages if p["level"] == "paragraph" and p["section"] == section]
    for number, p in enumerate(paragraphs, 1):
        match = shape.chronology_entry.match(p["text"])
        if not match:
            continue
        month = grounding.MONTHS.get(match["month"].lower())
        if month is None:
            continue
        year = _year(match, month)
        if year is None:
            raise UserError(
                f"raw/{source_id}",
                f"Chronology entry {match[0].strip()!r} has no year and its month is not in "
                "the crisis calendar",
                p["passage_id"],
            )
        day = date(year, month, int(match["day"]))
        derived = grounding.day_of_crisis(day)
        stated = int(match["n"]) if match.groupdict().get("n") else None
        if stated is not None and stated != derived:
            raise UserError(
                f"raw/{source_id}",
                f"Chronology says day {stated} for {day}, which is day {derived}",
                p["passage_id"],
            )
        rows.append(
            {
                "entry_id": f"{source_id}-chronology-{number:02d}",
                "source_id": source_id,
                "date_start": day,
                "day_stated": stated,
                "day_of_crisis": derived,
                "text": p["text"][match.end() :],
                "char_start": p["char_start"],
                "char_end": p["char_end"],
                "passage_id": p["passage_id"],
                "event_id": None,
            }
        )
    return rows


def _year(match: re.Match, month: int) -> int | None:
    """The entry's stated year, or the crisis calendar's for its month (rule crisis_calendar)."""
    stated = match.groupdict().get("year")
    return int(stated) if stated else grounding.crisis_year(month)


class Linker:
    """Sets each entry's event: the coded event on its date with evidence quoting the entry.

    Watches the coded rows go by (`observe`) and keeps only what linking needs: event dates
    and the offsets of event quotes in articles that have entries.
    """

    def __init__(self, entries: list[dict]) -> None:
        self.entries = entries
        self.sources = {e["source_id"] for e in entries}
        self.dates: dict[str, date | None] = {}
        self.quotes: dict[str, list[tuple[int, str]]] = {}  # source -> (char_start, event)

    def observe(self, table: str, row: dict) -> None:
        if table == "events":
            self.dates[row["event_id"]] = row.get("date_start")
        elif (
            table == "evidence"
            and row["record_table"] == "events"
            and row["source_id"] in self.sources
        ):
            self.quotes.setdefault(row["source_id"], []).append(
                (row["char_start"], row["record_id"])
            )

    def link(self, sheet: str) -> None:
        for entry in self.entries:
            covering = sorted(
                {
                    event
                    for start, event in self.quotes.get(entry["source_id"], [])
                    if entry["char_start"] <= start < entry["char_end"]
                    and self.dates.get(event) == entry["date_start"]
                }
            )
            if not covering:
                raise UserError(
                    sheet,
                    f"no event dated {entry['date_start']} quotes the Chronology entry "
                    f"{entry['text'][:50]!r}",
                    entry["entry_id"],
                )
            entry["event_id"] = covering[0]
