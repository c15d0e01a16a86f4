"""Stage 3a: a quote (+ optional context / occurrence) -> its raw character offsets in one article.

Matching tolerates whitespace differences only (runs of spaces, newlines and U+00A0 are
equal); offsets and the returned substring are always those of the raw text.
"""

import bisect
import re
from collections import Counter
from itertools import accumulate
from typing import NamedTuple

WHITESPACE = re.compile(r"\s+")
MULTI_SPACE = re.compile(r"\s\s+")  # a single whitespace character folds to one space in place


class Folded(NamedTuple):
    """A text with whitespace runs folded to one space, and how folding shifted the offsets.

    Only the runs that shift offsets (two or more characters) are recorded, not every
    character or single space, so folding an article costs one pass over its whitespace,
    holds little beside the folded text, and a lookup is a bisection.
    """

    text: str
    spaces: tuple[int, ...]  # folded offset of each shifting run's space, ascending
    shifts: tuple[int, ...]  # shifts[i]: raw offset minus folded offset after i such runs

    @classmethod
    def of(cls, raw: str) -> "Folded":
        spaces, shifts = [], [0]
        for match in MULTI_SPACE.finditer(raw):
            spaces.append(match.start() - shifts[-1])
            shifts.append(shifts[-1] + match.end() - match.start() - 1)
        return cls(_spaced(raw), tuple(spaces), tuple(shifts))

    def raw_offset(self, folded: int) -> int:
        """The raw offset of the character at `folded` in the folded text."""
        return folded + self.shifts[bisect.bisect_left(self.spaces, folded)]


def fold(text: str) -> str:
    """`text` with its whitespace runs folded to one space, and none at either end.

    `str.split` splits at the characters `\\s` matches (both are `str.isspace`), so this
    is `WHITESPACE.sub(" ", text).strip()`, without a regular expression.
    """
    return " ".join(text.split())


def _spaced(raw: str) -> str:
    """`WHITESPACE.sub(" ", raw)`, every whitespace run one space, also at either end; as
    `fold` does it (without a regular expression: a quarter of the time on an article)."""
    words = fold(raw)
    if not words:
        return " " if raw else ""
    return (" " if raw[0].isspace() else "") + words + (" " if raw[-1].isspace() else "")


def _all(haystack: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    hits, i = [], haystack.find(needle, lo, hi)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1, hi)
    return hits


class LocateError(ValueError):
    """The quote cannot be placed: not found, or ambiguous."""


class Words(NamedTuple):
    """Where each word of a folded text is first and last, and how often: a quote's every
    match lies in the span its rarest whole word allows, so a search need not read the rest.

    A word is a run between spaces. A quote's inner word (not its first or last, which may
    be cut) stands between two spaces of the quote, so wherever the quote matches, that word
    is a whole word of the text at the same distance from the match's start.
    """

    first: dict[str, int]  # word -> folded offset of its first occurrence
    last: dict[str, int]  # word -> that of its last
    counts: Counter[str]

    @classmethod
    def of(cls, text: str) -> "Words":
        # All in C (split, accumulate, dict, Counter): no Python step per word.
        words = text.split(" ")
        starts = list(accumulate([len(w) + 1 for w in words], initial=0))
        starts.pop()  # the end of the text
        first = dict(zip(reversed(words), reversed(starts), strict=True))
        return cls(first, dict(zip(words, starts, strict=True)), Counter(words))

    def span(self, needle: str, lo: int, hi: int) -> tuple[int, int]:
        """The part of `[lo, hi)` that holds every match of `needle` (a folded quote)."""
        inner = needle.split(" ")[1:-1]
        if not inner:
            return lo, hi  # no whole word to go by
        word = min(inner, key=self.counts.__getitem__)  # a Counter gives 0 for a stranger
        if not self.counts[word]:
            return lo, lo  # the word is nowhere in the text: nor is the quote
        at = needle.find(f" {word} ") + 1
        return max(lo, self.first[word] - at), min(hi, self.last[word] - at + len(needle))


class Locator:
    """Finds quotes in one raw article; folding is done once per article, not per quote.

    An `indexed` locator narrows each search by its article's `Words`, made at its first
    search: worth it for an article searched many times, at some 12 bytes per character.
    """

    def __init__(self, raw: str, indexed: bool = False) -> None:
        self.raw = raw
        self.folded = Folded.of(raw)
        self.indexed = indexed
        self._words: Words | None = None

    def span(self, needle: str, lo: int, hi: int) -> tuple[int, int]:
        """The part of `[lo, hi)` that holds every match of `needle`: all of it unindexed."""
        if not self.indexed:
            return lo, hi
        if self._words is None:
            self._words = Words.of(self.folded.text)
        return self._words.span(needle, lo, hi)

    def locate(
        self, quote: str, context: str | None = None, occurrence: int | None = None
    ) -> tuple[int, int]:
        """Return raw (start, end) of `quote`; `occurrence` (1-based) picks among repeats of
        the context, or of the quote when there is no context."""
        needle = fold(quote)
        if not needle:
            raise LocateError("empty quote")
        text, span = self.folded.text, self.span
        lo, hi = 0, len(text)
        if context:
            ctx = fold(context)
            lo = _pick(text, ctx, *span(ctx, 0, hi), occurrence, "context", context)
            hi = lo + len(ctx)
            occurrence = None
        where = " in its context" if context else ""
        start = _pick(text, needle, *span(needle, lo, hi), occurrence, "quote", quote, where)
        return self.raw_span(start, len(needle))

    def matches(self, quote: str) -> list[int]:
        """Folded offset of every match of `quote`, in reading order (`raw_span` maps one)."""
        needle, text = fold(quote), self.folded.text
        return _all(text, needle, *self.span(needle, 0, len(text))) if needle else []

    def raw_span(self, folded: int, length: int) -> tuple[int, int]:
        """Raw (start, end) of the `length` folded characters from `folded`."""
        spaces, shifts, last = self.folded.spaces, self.folded.shifts, folded + length - 1
        start = folded + shifts[bisect.bisect_left(spaces, folded)]
        return start, last + shifts[bisect.bisect_left(spaces, last)] + 1


def _pick(
    text: str,
    needle: str,
    lo: int,
    hi: int,
    occurrence: int | None,
    what: str,
    given: str,
    where: str = "",
) -> int:
    """The folded offset of the one match of `needle` in `text[lo:hi]`, or of match number
    `occurrence`; a needle found more than once needs `occurrence`."""
    first = text.find(needle, lo, hi)
    if first == -1:
        raise LocateError(f"{what} not found{where}: {given!r}")
    if occurrence is None and text.find(needle, first + 1, hi) == -1:
        return first  # the usual case: found once, after one pass over the text
    hits = _all(text, needle, lo, hi)
    if occurrence is not None:
        if not 1 <= occurrence <= len(hits):
            raise LocateError(f"occurrence {occurrence} asked, {what} found {len(hits)} times")
        return hits[occurrence - 1]
    raise LocateError(
        f"{what} found {len(hits)} times{where}; add a unique 'context' (or "
        f"'occurrence' where the article repeats itself): {given!r}"
    )
