"""Stage 2b: an article's passages -> the most specific passage holding a character offset.

Evidence rows name the passage their quote starts in: its sentence, else its paragraph,
else its section heading.
"""

from __future__ import annotations

import bisect


class PassageIndex:
    """Finds the most specific passage holding an offset (sentence, else paragraph, else section).

    Passages of one level never overlap, so each level is searched by bisection of its
    start offsets.
    """

    LEVELS = ("sentence", "paragraph", "section")

    def __init__(self) -> None:
        self.spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        # source -> (start offsets, spans) of each level, finest first
        self.levels: dict[str, list[tuple[list[int], list[tuple[int, int, str]]]]] = {}

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
            levels = [self.spans.get((source, level), []) for level in self.LEVELS]
            self.levels[source] = [([s[0] for s in spans], spans) for spans in levels]

    def at(self, source: str, offset: int) -> str | None:
        for starts, spans in self.levels.get(source, ()):
            i = bisect.bisect_right(starts, offset) - 1  # the last passage starting by offset
            if i >= 0 and offset < spans[i][1]:
                return spans[i][2]
        return None
