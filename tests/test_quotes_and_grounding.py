"""Quote location and grounding, on passages read from the two articles."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import CNN, WIKIPEDIA, raw_text

from pipeline import grounding
from pipeline.grounding import date_grounded, numbers_in, times_in
from pipeline.locate import LocateError, Locator

CNN_TEXT = raw_text(CNN)
WIKI_TEXT = raw_text(WIKIPEDIA)


def test_a_quote_that_is_not_in_the_article_is_refused() -> None:
    with pytest.raises(LocateError, match="not found"):
        Locator(CNN_TEXT).locate("All 15 rebels from the Tupac Amaru")


def test_a_quote_found_twice_needs_context() -> None:
    locator = Locator(CNN_TEXT)
    with pytest.raises(LocateError, match="found 2 times"):
        locator.locate("Aoki")  # "Morihita Aoki" and "Ambassador Aoki"
    start, end = locator.locate("Aoki", context="and Ambassador Aoki.")
    assert CNN_TEXT[start - len("Ambassador ") : end] == "Ambassador Aoki"


def test_occurrence_picks_among_passages_the_article_repeats() -> None:
    locator = Locator(CNN_TEXT)
    first, _ = locator.locate("movie icon", occurrence=1)
    fifth, _ = locator.locate("movie icon", occurrence=5)
    assert first < fifth
    with pytest.raises(LocateError, match="found 5 times"):
        locator.locate("movie icon", occurrence=6)


def test_whitespace_variants_match_and_report_the_raw_substring() -> None:
    # The CNN file separates "Aiff" from its size with a non-breaking space.
    start, end = Locator(CNN_TEXT).locate("Aiff (40 sec. /480K)")
    assert CNN_TEXT[start:end] == "Aiff\u00a0(40 sec. /480K)"
    start, end = Locator(WIKI_TEXT).locate("Statements   were\ntaken")
    assert WIKI_TEXT[start:end] == "Statements were taken"


def test_accents_are_matched_exactly() -> None:
    locator = Locator(WIKI_TEXT)
    start, end = locator.locate("Operation Chavín de Huántar began")
    assert WIKI_TEXT[start:end] == "Operation Chavín de Huántar began"
    with pytest.raises(LocateError):
        locator.locate("Operation Chavin de Huantar began")


def test_curly_apostrophes_are_matched_exactly() -> None:
    locator = Locator(WIKI_TEXT)
    start, end = locator.locate("the Japanese ambassador\u2019s residence in Peru")
    assert WIKI_TEXT[start:end].endswith("ambassador\u2019s residence in Peru")
    with pytest.raises(LocateError):
        locator.locate("the Japanese ambassador's residence in Peru")


def test_numbers_are_read_from_digits_and_words() -> None:
    assert {1, 2, 14} <= numbers_in(
        "One hostage and two soldiers were killed in the attack. All 14 rebels"
    )
    assert 25 in numbers_in("About 25 other hostages and soldiers were injured")
    assert 14 in numbers_in("fourteen members")


def test_a_number_absent_from_its_quote_is_not_grounded() -> None:
    quote = "an attack force of 140 Peruvian commandos stormed the compound"
    assert 140 in numbers_in(quote)
    assert 150 not in numbers_in(quote)


def test_dates_are_grounded_by_their_phrases_and_declared_rules() -> None:
    assert date_grounded(date(1997, 4, 22), "day", ["April 22, 1997"], None)
    assert date_grounded(date(1996, 12, 17), "day", ["began December 17"], "crisis_calendar")
    assert not date_grounded(date(1996, 12, 17), "day", ["began December 17"], None)
    assert not date_grounded(date(1996, 12, 18), "day", ["began December 17"], "crisis_calendar")
    assert date_grounded(date(2002, 7, 29), "day", ["On 29 July", "On 7 June 2002"], "context_year")
    assert date_grounded(date(1997, 2, 1), "month", ["In early February"], "crisis_calendar")
    assert date_grounded(date(2005, 1, 1), "year", ["In 2005, the Attorney General"], None)


def test_times_are_read_in_24_hours() -> None:
    assert "15:20:00" in times_in("erupted around 3:20 p.m. local time (4:20 p.m. EDT)")
    assert "15:23:00" in times_in("At 15:23:00 that afternoon")
    assert "20:20:00" in times_in("at around 8:20 pm the night of the 17 December")


def test_a_time_keeps_its_wording() -> None:
    from datetime import time

    # Wikipedia: "at around 8:20 pm the night of the 17 December"; "At 15:23:00 that afternoon".
    around = ["blasted a hole in the garden wall of the ambassador's residence at around 8:20 pm"]
    assert grounding.time_qualifier(time(20, 20), around) == "approximate"
    assert grounding.time_qualifier(time(15, 23), ["At 15:23:00 that afternoon"]) == "exact"
