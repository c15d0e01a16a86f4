"""Stage 2: a source's raw text -> passages (sections, paragraphs, sentences) with raw offsets.

Where headings are and how they are written is the source's declared text shape
(`pipeline.raw.TextShape`, from its manifest entry); sentences end alike in every source.
"""

from __future__ import annotations

import re

from pipeline.raw import TextShape

LEAD = "(lead)"  # label of the text before the first heading (all of a source without any)
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before a capital. The
# stop is matched, not looked behind for: a pattern that starts with a character class is
# searched for that character, instead of trying a lookbehind at every position (3x faster).
SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019')\]]*\s+(?=[\"\u201c(\[]?[A-Z0-9ÁÉÍÓÚÑ])")
CLOSERS = "\"\u201d\u2019')]"  # closing quotes and brackets after a full stop
# Tokens ending in a full stop that do not end a sentence.
ABBREVIATIONS = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Gen|Col|Lt|Sgt|Jr|Sr|St|No|vs|etc|Inc|Co)|\b[A-Z]|\bp\.m|\ba\.m|\bU\.S)\.$"
)


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    spans, begin = [], 0
    for match in SENTENCE_END.finditer(text):
        stop = match.start() + 1  # just after the full stop
        # An abbreviation is the last word: search it alone, not the whole head again.
        word = text[begin:stop].rstrip(CLOSERS).rsplit(maxsplit=1)
        if word and ABBREVIATIONS.search(word[-1]):
            continue
        spans.append((start + begin, start + match.start() + len(match.group(0).rstrip())))
        begin = match.end()
    spans.append((start + begin, start + len(text)))
    return [(a, b) for a, b in spans if b > a]


def segment(source_id: str, text: str, shape: TextShape) -> list[dict]:
    """Split `text` into passage rows; every row's text is text[char_start:char_end]."""
    sections: list[dict] = []
    current: dict = {"section": LEAD, "start": None, "end": None, "paragraphs": []}
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        heading = shape.heading.match(body.strip()) if shape.heading else None
        if heading:
            sections.append(current)
            title = offset + body.index(heading["title"])
            current = {
                "section": heading["title"].removesuffix(shape.heading_suffix),
                "start": title,
                "end": title + len(heading["title"]),
                "paragraphs": [],
            }
        elif body.strip():
            lead = len(body) - len(body.lstrip())
            current["paragraphs"].append((offset + lead, offset + len(body.rstrip())))
        offset += len(line)
    sections.append(current)

    rows: list[dict] = []
    number = 0
    for section in sections:
        paragraphs = section["paragraphs"]
        if section["start"] is None and not paragraphs:
            continue
        number += 1
        sid = f"{source_id}.s{number:02d}"
        # A section spans its raw title (absent for the lead) to the end of its last paragraph.
        start = paragraphs[0][0] if section["start"] is None else section["start"]
        end = paragraphs[-1][1] if paragraphs else section["end"]
        rows.append(_row(sid, source_id, "section", None, section["section"], start, end, text))
        for p, (pa, pb) in enumerate(section["paragraphs"], 1):
            pid = f"{sid}.p{p:02d}"
            rows.append(_row(pid, source_id, "paragraph", sid, section["section"], pa, pb, text))
            for t, (ta, tb) in enumerate(_sentences(text[pa:pb], pa), 1):
                rows.append(
                    _row(
                        f"{pid}.t{t:02d}",
                        source_id,
                        "sentence",
                        pid,
                        section["section"],
                        ta,
                        tb,
                        text,
                    )
                )
    return rows


def _row(
    pid: str,
    source_id: str,
    level: str,
    parent: str | None,
    section: str,
    start: int,
    end: int,
    text: str,
) -> dict:
    return {
        "passage_id": pid,
        "source_id": source_id,
        "level": level,
        "parent_id": parent,
        "section": section,
        "char_start": start,
        "char_end": end,
        "text": text[start:end],
    }
