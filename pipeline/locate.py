"""Stage 3a: a quote (+ optional context / occurrence) -> its raw character offsets in one article.

Matching tolerates whitespace differences only (runs of spaces, newlines and U+00A0 are
equal); offsets and the returned substring are always those of the raw text.
"""

import bisect
import re
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
        return cls(WHITESPACE.sub(" ", raw), tuple(spaces), tuple(shifts))

    def raw_offset(self, folded: int) -> int:
        """The raw offset of the character at `folded` in the folded text."""
        return folded + self.shifts[bisect.bisect_left(self.spaces, folded)]


def fold(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def _all(haystack: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    hits, i = [], haystack.find(needle, lo, hi)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1, hi)
    return hits


class LocateError(ValueError):
    """The quote cannot be placed: not found, or ambiguous."""


class Locator:
    """Finds quotes in one raw article; folding is done once per article, not per quote."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.folded = Folded.of(raw)

    def locate(
        self, quote: str, context: str | None = None, occurrence: int | None = None
    ) -> tuple[int, int]:
        """Return raw (start, end) of `quote`; `occurrence` (1-based) picks among repeats of
        the context, or of the quote when there is no context."""
        needle = fold(quote)
        if not needle:
            raise LocateError("empty quote")
        text = self.folded.text
        lo, hi = 0, len(text)
        if context:
            ctx = fold(context)
            lo = self._pick(_all(text, ctx), occurrence, "context", context)
            hi = lo + len(ctx)
            occurrence = None
        hits = [h for h in _all(text, needle, lo, hi) if h + len(needle) <= hi]
        start = self._pick(hits, occurrence, "quote", quote, " in its context" if context else "")
        return self.raw_span(start, len(needle))

    def matches(self, quote: str) -> list[int]:
        """Folded offset of every match of `quote`, in reading order (`raw_span` maps one)."""
        needle = fold(quote)
        return _all(self.folded.text, needle) if needle else []

    def raw_span(self, folded: int, length: int) -> tuple[int, int]:
        """Raw (start, end) of the `length` folded characters from `folded`."""
        return self.folded.raw_offset(folded), self.folded.raw_offset(folded + length - 1) + 1

    @staticmethod
    def _pick(
        hits: list[int], occurrence: int | None, what: str, text: str, where: str = ""
    ) -> int:
        if not hits:
            raise LocateError(f"{what} not found{where}: {text!r}")
        if occurrence is not None:
            if not 1 <= occurrence <= len(hits):
                raise LocateError(f"occurrence {occurrence} asked, {what} found {len(hits)} times")
            return hits[occurrence - 1]
        if len(hits) > 1:
            raise LocateError(
                f"{what} found {len(hits)} times{where}; add a unique 'context' (or "
                f"'occurrence' where the article repeats itself): {text!r}"
            )
        return hits[0]
