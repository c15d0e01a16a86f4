"""Stage 2b: an article's passages -> the most specific passage holding a character offset.

Evidence rows name the passage their quote starts in: its sentence, else its paragraph,
else its section heading.
"""

from __future__ import annotations

import bisect


class PassageIndex:
    """Finds the most specific passage holding an offset (sentence, else paragraph, else section).

    Passages of one level never overlap, so each level is searched by bisection.
    """

    LEVELS = ("sentence", "paragraph", "section")

    def __init__(self) -> None:
        self.spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}

    def add(self, passages: list[dict]) -> None:
        """Index one article's passages (only their spans are kept)."""
        touched = set()
        for p in passages:
            key = (p["source_id"], p["level"])
            self.spans.setdefault(key, []).append((p["char_start"], p["char_end"], p["passage_id"]))
            touched.add(key)
        for key in touched:
            self.spans[key].sort()

    def at(self, source: str, offset: int) -> str | None:
        for level in self.LEVELS:
            spans = self.spans.get((source, level), [])
            i = bisect.bisect_right(spans, (offset, float("inf"), "")) - 1
            if i >= 0 and spans[i][0] <= offset < spans[i][1]:
                return spans[i][2]
        return None
