"""Stage 2b: an article's passages -> the most specific passage holding a character offset.

Evidence rows name the passage their quote starts in: its sentence, else its paragraph,
else its section heading.
"""

from __future__ import annotations

import bisect


class PassageIndex:
    """Finds the most specific passage holding an offset (sentence, else paragraph, else section).

    Passages of one level never overlap, and between two consecutive passage boundaries of
    an article the same passages hold every offset: so each article keeps its boundaries
    and the answer after each, and a lookup is one bisection.
    """

    LEVELS = ("sentence", "paragraph", "section")

    def __init__(self) -> None:
        self.spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        self.bounds: dict[str, tuple[list[int], list[str | None]]] = {}

    def add(self, passages: list[dict]) -> None:
        """Index one article's passages (only their spans are kept)."""
        touched = set()
        for p in passages:
            key = (p["source_id"], p["level"])
            self.spans.setdefault(key, []).append((p["char_start"], p["char_end"], p["passage_id"]))
            touched.add(key)
        for key in touched:
            self.spans[key].sort()
        for source in {source for source, _ in touched}:
            spans = [s for level in self.LEVELS for s in self.spans.get((source, level), [])]
            bounds = sorted({offset for start, end, _ in spans for offset in (start, end)})
            self.bounds[source] = (bounds, [self._search(source, b) for b in bounds])

    def at(self, source: str, offset: int) -> str | None:
        bounds, passages = self.bounds.get(source, _NO_BOUNDS)
        i = bisect.bisect_right(bounds, offset) - 1
        return passages[i] if i >= 0 else None

    def _search(self, source: str, offset: int) -> str | None:
        """The most specific passage holding `offset`, level by level."""
        for level in self.LEVELS:
            spans = self.spans.get((source, level), [])
            i = bisect.bisect_right(spans, (offset, float("inf"), "")) - 1
            if i >= 0 and spans[i][0] <= offset < spans[i][1]:
                return spans[i][2]
        return None


_NO_BOUNDS: tuple[list[int], list[str | None]] = ([], [])
