"""`locate`: a quote + raw/ -> every occurrence, with its offsets, passage and surroundings,
and the `context:` or `occurrence:` a sheet needs to pick it when the quote is not unique.

Matching is the build's own (`pipeline.locate.Locator`, whitespace folded), and every
suggestion is located again by it before it is printed, so a pasted entry finds what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.assemble import read_texts
from pipeline.errors import UserError
from pipeline.locate import WHITESPACE, LocateError, Locator, fold

SHOWN = 40  # characters of surroundings shown on each side
LONGEST_CONTEXT = 300  # a context longer than this is no help: `occurrence:` instead


@dataclass
class Occurrence:
    source: str
    number: int  # 1-based, in reading order within its source
    of: int  # matches in its source
    start: int  # raw offsets
    end: int
    passage: str | None
    around: str  # the surroundings, the match in [brackets], whitespace folded
    entry: dict  # what the evidence entry needs besides `field`


def occurrences(raw_dir: Path, quote: str, source: str | None = None) -> list[Occurrence]:
    """Every occurrence of `quote` in the articles (or in `source`), in source and text order."""
    _, texts, index, _ = read_texts(raw_dir, lambda row: None)
    if source is not None and source not in texts:
        raise UserError(str(raw_dir), f"unknown source {source!r} (known: {', '.join(texts)})")
    if not fold(quote):
        raise UserError("locate", "empty quote")
    found = []
    for sid in [source] if source else sorted(texts):
        locator = Locator(texts[sid])
        hits = locator.matches(quote)
        for number, hit in enumerate(hits, 1):
            start, end = locator.raw_span(hit, len(fold(quote)))
            text = texts[sid]
            before, after = text[max(0, start - SHOWN) : start], text[end : end + SHOWN]
            around = WHITESPACE.sub(" ", f"{before}[{text[start:end]}]{after}")
            entry = {"source": sid, "quote": quote}
            if len(hits) > 1:
                entry |= picker(locator, quote, hit, number)
            found.append(
                Occurrence(
                    sid, number, len(hits), start, end, index.at(sid, start), around.strip(), entry
                )
            )
    if not found:
        where = source or ", ".join(sorted(texts))
        raise UserError(str(raw_dir), f"quote not found in {where}: {quote!r}")
    return found


def picker(locator: Locator, quote: str, hit: int, number: int) -> dict:
    """The shortest `context:` (whole words around the match, found once) that picks match
    `number`, else `occurrence: number`; each located again as the build will locate it."""
    text, needle = locator.folded.text, fold(quote)
    expected = locator.raw_span(hit, len(needle))
    lo, hi = hit, hit + len(needle)
    while hi - lo <= LONGEST_CONTEXT and (lo > 0 or hi < len(text)):
        for grow in ("right", "left"):
            if grow == "right" and hi < len(text):
                hi = text.find(" ", hi + 1)
                hi = len(text) if hi == -1 else hi
            elif grow == "left" and lo > 0:
                lo = text.rfind(" ", 0, lo - 1) + 1
            context = text[lo:hi].strip()
            if text.count(context) == 1 and _located(locator, quote, context, None) == expected:
                return {"context": context}
    if _located(locator, quote, None, number) != expected:
        raise UserError("locate", f"occurrence {number} of {quote!r} cannot be picked")
    return {"occurrence": number}


def _located(locator: Locator, quote: str, context: str | None, number: int | None) -> tuple:
    try:
        return locator.locate(quote, context, number)
    except LocateError:
        return ()


def run_locate(raw_dir: Path, quote: str, source: str | None) -> int:
    found = occurrences(raw_dir, quote, source)
    counts: dict[str, int] = {}
    for o in found:
        counts[o.source] = o.of
    print(", ".join(f"{sid}: {n} match{'es' if n > 1 else ''}" for sid, n in counts.items()))
    for o in found:
        print(f"\n{o.source} {o.number}/{o.of}  char {o.start}-{o.end}  passage {o.passage}")
        print(f"  …{o.around}…")
        entry = yaml.safe_dump(o.entry, allow_unicode=True, sort_keys=False, width=10_000)
        print("".join(f"    {line}\n" for line in entry.splitlines()), end="")
    return 0
