"""The Wikipedia Chronology is parsed by the pipeline and its day numbers are checked."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import ROOT, WIKIPEDIA, raw_text, read_csv

from pipeline.chronology import parse
from pipeline.errors import UserError
from pipeline.segment import segment

TEXT = raw_text(WIKIPEDIA)


def test_the_ten_chronology_entries_are_parsed_with_their_days() -> None:
    entries = parse("wikipedia", TEXT, segment("wikipedia", TEXT))
    # Read from the article: ten dated lines, the first without a day number.
    assert [(e["date_start"], e["day_stated"]) for e in entries] == [
        (date(1996, 12, 17), None),
        (date(1996, 12, 20), 3),
        (date(1996, 12, 21), 4),
        (date(1996, 12, 22), 5),
        (date(1996, 12, 26), 9),
        (date(1996, 12, 28), 11),
        (date(1996, 12, 31), 14),
        (date(1997, 1, 21), 35),
        (date(1997, 3, 2), 75),
        (date(1997, 4, 22), 126),
    ]
    for entry in entries:
        assert TEXT[entry["char_start"] : entry["char_end"]].endswith(entry["text"])


def test_a_day_number_that_contradicts_its_date_stops_the_build() -> None:
    wrong = TEXT.replace("21 January (day 35)", "21 January (day 36)")
    with pytest.raises(UserError, match="day 36 for 1997-01-21, which is day 35"):
        parse("wikipedia", wrong, segment("wikipedia", wrong))


def test_every_published_entry_is_covered_by_a_coded_event_on_its_date() -> None:
    events = {e["event_id"]: e for e in read_csv(ROOT / "tables" / "events.csv")}
    entries = read_csv(ROOT / "tables" / "chronology.csv")
    assert len(entries) == 10
    for entry in entries:
        assert events[entry["event_id"]]["date_start"] == entry["date_start"]
