"""The Wikipedia Chronology is parsed by the pipeline and its day numbers are checked."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import RAW, ROOT, WIKIPEDIA, raw_text, read_csv

from pipeline import crisis
from pipeline.chronology import parse
from pipeline.errors import UserError
from pipeline.raw import text_shapes
from pipeline.segment import segment

TEXT = raw_text(WIKIPEDIA)
SHAPE = text_shapes(RAW)["wikipedia"]  # the article's declared headings and Chronology list


def test_the_ten_chronology_entries_are_parsed_with_their_days() -> None:
    entries = parse("wikipedia", TEXT, segment("wikipedia", TEXT, SHAPE), SHAPE)
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
        parse("wikipedia", wrong, segment("wikipedia", wrong, SHAPE), SHAPE)


def test_every_published_entry_is_covered_by_a_coded_event_on_its_date() -> None:
    events = {e["event_id"]: e for e in read_csv(ROOT / "tables" / "events.csv")}
    entries = read_csv(ROOT / "tables" / "chronology.csv")
    assert len(entries) == 10
    for entry in entries:
        assert events[entry["event_id"]]["date_start"] == entry["date_start"]


def test_the_declared_crisis_is_the_one_the_articles_date() -> None:
    # Wikipedia: "began on 17 December 1996"; CNN: "began December 17"; the rescue on
    # "22 April" (Wikipedia's Chronology: "22 April (day 126)").
    assert date(1996, 12, 17) == crisis.START
    assert crisis.CALENDAR[12] == 1996 and crisis.CALENDAR[4] == 1997
    seizure = [e for e in read_csv(ROOT / "tables" / "events.csv") if e["event_type"] == "seizure"]
    assert [(e["date_start"], e["day_of_crisis"]) for e in seizure] == [("1996-12-17", "0")]
    assert crisis.PERIOD[0] <= "1996-12-17" and crisis.PERIOD[1] >= "1997-04-22"
