"""`locate`: every occurrence of a quote at its raw offsets, and an entry that picks each one."""

from __future__ import annotations

import pytest
from helpers import CNN, RAW, WIKIPEDIA, raw_text, run_cli

from pipeline.errors import UserError
from pipeline.locate import Locator
from pipeline.occurrences import occurrences


def _all(text: str, needle: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(needle, i)]


def test_a_unique_quote_needs_nothing_more() -> None:
    quote = "The dead hostage was identified as Peruvian Supreme Court Justice Carlos Giusti"
    start = raw_text(CNN).index(quote)
    (found,) = occurrences(RAW, quote)
    assert (found.source, found.start, found.end) == ("cnn", start, start + len(quote))
    assert found.entry == {"source": "cnn", "quote": quote}
    assert found.passage.startswith("cnn.s01.p")
    assert f"[{quote}]" in found.around


def test_whitespace_is_folded_as_the_build_folds_it() -> None:
    # CNN writes "Wav" and "(40 sec. /480K)" apart with a no-break space; a coder types a space.
    raw = raw_text(CNN)
    start = raw.index("Wav\u00a0(40 sec. /480K)")
    (found,) = occurrences(RAW, "Wav (40 sec. /480K)", "cnn")
    assert (found.start, found.end) == (start, start + len("Wav (40 sec. /480K)"))


@pytest.mark.parametrize(("quote", "name"), [("Fujimori", CNN), ("movie icon", CNN)])
def test_each_occurrence_gets_an_entry_that_picks_it(quote: str, name: str) -> None:
    raw = raw_text(name)
    found = occurrences(RAW, quote, "cnn")
    assert [o.start for o in found] == _all(raw, quote)
    assert all(o.of == len(found) > 1 for o in found)
    locator = Locator(raw)  # as the build will locate the pasted entry
    for o in found:
        picked = locator.locate(o.entry["quote"], o.entry.get("context"), o.entry.get("occurrence"))
        assert picked == (o.start, o.end)
        assert "context" in o.entry or "occurrence" in o.entry


def test_every_source_is_searched_unless_one_is_named() -> None:
    both = {o.source for o in occurrences(RAW, "Fujimori")}
    assert both == {"cnn", "wikipedia"}
    assert len(occurrences(RAW, "Fujimori", "wikipedia")) == raw_text(WIKIPEDIA).count("Fujimori")


def test_the_command_prints_offsets_passage_and_entry() -> None:
    quote = "One hostage and two soldiers were killed in the attack"
    start = raw_text(CNN).index(quote)
    result = run_cli("locate", quote)
    assert result.returncode == 0, result.stderr
    assert "cnn: 1 match" in result.stdout
    assert f"char {start}-{start + len(quote)}" in result.stdout
    assert f"quote: {quote}" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["the Loch Ness monster"], "quote not found in cnn, wikipedia"),
        (["Fujimori", "--source", "bbc"], "unknown source 'bbc'"),
        (["   "], "empty quote"),
    ],
)
def test_bad_input_is_one_line(args: list[str], words: str) -> None:
    result = run_cli("locate", *args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and words in result.stderr
    with pytest.raises(UserError):
        occurrences(RAW, args[0], args[2] if len(args) > 2 else None)
