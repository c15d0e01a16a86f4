"""Quote location and grounding, on passages read from the two articles."""

from __future__ import annotations

import re
import sys
from datetime import date

import pytest
from helpers import CNN, RAW, WIKIPEDIA, raw_text

from pipeline import evidence, grounding
from pipeline.assemble import read_texts
from pipeline.errors import UserError
from pipeline.evidence import Coder
from pipeline.grounding import date_grounded, numbers_in, times_in
from pipeline.locate import WHITESPACE, Folded, LocateError, Locator, fold
from pipeline.passages import PassageIndex
from pipeline.sheets import Record

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


def test_folding_treats_every_unicode_whitespace_as_a_space() -> None:
    """`fold` splits where the build's `\\s` matches: every character Unicode calls space."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert "\u00a0" in spaces and "\u2028" in spaces and "\x1c" in spaces  # CNN has U+00A0
    for space in spaces:
        assert fold(f"{space}Ambassador{space}{space}Aoki {space}") == "Ambassador Aoki", space
    assert fold("Aiff\u00a0(40 sec.\u3000/480K)") == "Aiff (40 sec. /480K)"
    assert fold("\u200bAoki") == "\u200bAoki"  # a zero-width space is no whitespace
    assert fold(" \n\t ") == ""


def test_a_quote_is_placed_only_where_it_is_once_in_its_context() -> None:
    locator = Locator(CNN_TEXT)
    # "Aoki" is in CNN twice ("Morihita Aoki", "Ambassador Aoki"): either can be picked.
    first, _ = locator.locate("Aoki", occurrence=1)
    second, _ = locator.locate("Aoki", occurrence=2)
    assert CNN_TEXT[first - 9 : first] == "Morihita " and CNN_TEXT[second - 11 : second] == (
        "Ambassador "
    )
    with pytest.raises(LocateError, match="occurrence 3 asked, quote found 2 times"):
        locator.locate("Aoki", occurrence=3)
    with pytest.raises(LocateError, match="quote not found in its context"):
        locator.locate("Aoki", context="Morihita")  # the context holds no whole "Aoki"
    with pytest.raises(LocateError, match="context found 2 times"):
        locator.locate("Aoki", context="Aoki")
    # The second search starts one character on: overlapping matches count.
    with pytest.raises(LocateError, match="quote found 2 times"):
        Locator("x aaa").locate("aa")
    assert Locator("x aaa").locate("aa", occurrence=2) == (3, 5)


def test_the_word_index_narrows_a_search_without_losing_a_match() -> None:
    """An indexed search reads only the span the quote's rarest inner word allows; it finds
    what a search of the whole folded text finds: every match, overlapping ones too."""
    text = "the cat sat; the cat ran. (the cat) sat on the mat"
    locator = Locator(text, indexed=True)
    assert locator.matches("the cat") == [0, 13, 27]  # no inner word: the whole text
    assert locator.matches("cat sat") == [4]  # "cat" has no inner word either
    assert locator.matches("e cat s") == [2]  # cut words at both ends, "cat" inner
    assert locator.matches("the cat ran") == [13]  # its inner word "cat" is there thrice
    assert locator.matches("cat) sat on") == [31]  # "sat;" is no whole "sat"
    assert locator.matches("(the cat) sat") == [26]  # a word with its brackets
    assert locator.matches("the cat sat on") == []  # each word is there, not in this order
    assert locator.matches("the dog sat") == []  # an inner word the text lacks
    assert Locator("a b a b a", indexed=True).matches("a b a") == [0, 4]  # overlapping
    spaced = Locator(" a\u00a0b  a b a ", indexed=True)  # folded spaces at both ends
    assert spaced.matches("a b a") == [1, 5]
    with pytest.raises(LocateError, match="quote found 3 times"):
        locator.locate("the cat")
    assert locator.locate("cat", context="(the cat)") == (31, 34)
    assert locator.locate("the cat sat", occurrence=1) == (0, 11)
    with pytest.raises(LocateError, match="quote not found: 'the dog sat'"):
        locator.locate("the dog sat")
    for raw in (CNN_TEXT, WIKI_TEXT):  # every run of 2 to 5 words, cut anywhere in a word
        indexed, whole = Locator(raw, indexed=True), Locator(raw)
        folded = whole.folded.text
        for start in range(0, len(folded) - 40, 97):
            for length in (3, 9, 17, 40):
                needle = folded[start : start + length].strip()
                found = [i for i in range(len(folded)) if folded.startswith(needle, i)]
                assert indexed.matches(needle) == whole.matches(needle) == found, needle


def test_the_coder_indexes_the_articles_that_fit_its_budget(monkeypatch) -> None:
    """Indexes cost memory (some 12 bytes a character): the coder indexes articles up to
    INDEXED_CHARS characters in all and searches the others whole."""
    _, texts, index, _ = read_texts(RAW, lambda row: None)
    assert all(locator.indexed for locator in Coder(texts, index, print).locators.values())
    monkeypatch.setattr(evidence, "INDEXED_CHARS", len(CNN_TEXT))
    indexed = {sid: locator.indexed for sid, locator in Coder(texts, index, print).locators.items()}
    assert indexed == {"cnn": True, "wikipedia": False}


def test_a_quote_placed_again_is_placed_where_it_was_the_first_time(monkeypatch) -> None:
    """The coder remembers the quotes it placed lately (at most PLACED_KEPT), never a
    quote it could not place."""
    _, texts, index, _ = read_texts(RAW, lambda row: None)
    coder = Coder(texts, index, lambda table, row: None)
    record = Record("persons", "aoki", "persons.yaml", {}, [], {}, None, {})
    spec = {"source": "cnn", "quote": "Ambassador\nAoki"}
    monkeypatch.setattr(evidence, "PLACED_KEPT", 2)
    for quote in ["Ambassador Aoki", "Morihita Aoki", "Ambassador Aoki"]:
        placed = coder.quote(record, spec | {"quote": quote})
        assert placed.start == CNN_TEXT.index(quote) and placed.text == quote
        assert placed == coder.quote(record, spec | {"quote": quote})
        assert len(coder._placed) <= 2
    assert coder.quote(record, spec) == coder.quote(record, spec | {"quote": "Ambassador Aoki"})
    for context in ["Morihita Aoki", "Ambassador Aoki", "Morihita Aoki"]:  # the context counts
        placed = coder.quote(record, spec | {"quote": "Aoki", "context": context})
        assert placed.start == CNN_TEXT.index(context) + len(context) - len("Aoki")
    for number, before in [(2, "Ambassador "), (1, "Morihita ")]:  # and the occurrence
        placed = coder.quote(record, spec | {"quote": "Aoki", "occurrence": number})
        assert placed.start == CNN_TEXT.index(before + "Aoki") + len(before)
    for _ in range(2):  # "Aoki" is in CNN twice: refused each time
        with pytest.raises(UserError, match="found 2 times"):
            coder.quote(record, spec | {"quote": "Aoki"})


def test_each_offset_gets_its_most_specific_passage() -> None:
    """The index answers as a search level by level would: the sentence holding the offset,
    else its paragraph, else its section; none outside every passage."""
    index = PassageIndex()
    # A section [0, 100) holding a paragraph [10, 60) holding sentences [10, 30) and [40, 60).
    spans = [("section", 0, 100, "s1"), ("paragraph", 10, 60, "p1")]
    spans += [("sentence", 10, 30, "t1"), ("sentence", 40, 60, "t2")]
    keys = ("level", "char_start", "char_end", "passage_id")
    index.add([{"source_id": "s"} | dict(zip(keys, span, strict=True)) for span in spans])
    expected = {0: "s1", 9: "s1", 10: "t1", 29: "t1", 30: "p1", 39: "p1", 40: "t2", 59: "t2"}
    expected |= {60: "s1", 99: "s1", 100: None, 500: None, -1: None}
    assert {offset: index.at("s", offset) for offset in expected} == expected
    assert index.at("other", 10) is None
    passages: list[dict] = []
    _, texts, index, _ = read_texts(RAW, passages.append)  # the articles' own passages
    for source, text in texts.items():
        painted: list[str | None] = [None] * (len(text) + 2)  # coarsest first, finest last
        for level in reversed(PassageIndex.LEVELS):
            for p in passages:
                if p["source_id"] == source and p["level"] == level:
                    painted[p["char_start"] : p["char_end"]] = [p["passage_id"]] * (
                        p["char_end"] - p["char_start"]
                    )
        assert [index.at(source, offset) for offset in range(len(painted))] == painted
        assert sum(p is not None for p in painted) > len(text) // 2


def test_an_article_is_folded_as_the_whitespace_pattern_folds_it() -> None:
    """Every text of up to six characters of letters and kinds of whitespace folds to what
    `\\s+` -> one space gives, and each folded offset maps back to the raw character."""
    alphabet = ("a", "é", " ", "\n", "\u00a0", "\u2028")
    texts = [""]
    for _ in range(6):
        texts += [t + c for t in texts if len(t) == len(texts[-1]) for c in alphabet]
    assert len(texts) == sum(6**n for n in range(7))
    for raw in [*texts, CNN_TEXT, WIKI_TEXT]:
        folded = Folded.of(raw)
        assert folded.text == WHITESPACE.sub(" ", raw), repr(raw)
        for i, char in enumerate(folded.text):
            assert raw[folded.raw_offset(i)] == char or (
                char == " " and raw[folded.raw_offset(i)].isspace()
            )
