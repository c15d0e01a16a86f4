"""One article as a page: its raw text exactly, every evidenced span highlighted.

Overlapping quotes cannot nest as elements, so the text is cut at every quote boundary into
flat segments; a segment lists the spans covering it (`data-s`) and is shaded by how many do.
A span is addressed as #q<start>-<end> (an empty anchor before its first segment); its text
is the concatenation of its segments, exactly the quote. Which records cite a span (the
provenance in reverse) is in articles/<source>.js (then -2.js, ... for a long article), so
the page stays small.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import pairwise

from pipeline.site.data import Package
from pipeline.site.html import chunks, esc, record_href

Span = tuple[int, int]


def spans_of(package: Package, source_id: str) -> dict[Span, list[list[str]]]:
    """Each quoted span of an article -> the [table, record, field, value, href] citing it."""
    cited: dict[Span, list[list[str]]] = defaultdict(list)
    for row in package.rows["evidence"]:
        if row["source_id"] == source_id:
            table, record = str(row["record_table"]), str(row["record_id"])
            cited[(int(str(row["char_start"])), int(str(row["char_end"])))].append(
                [table, record, str(row["field"]), row["value"] or "", record_href(table, record)]
            )
    return dict(sorted(cited.items()))


def highlighted(text: str, spans: list[Span]) -> str:
    """The text as HTML: flat <mark> segments between every pair of consecutive boundaries."""
    cuts = sorted({0, len(text), *(s for s, _ in spans), *(e for _, e in spans)})
    starts: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        starts[span[0]].append(span)
    open_spans: set[Span] = set()
    out = []
    for a, b in pairwise(cuts):
        opening = sorted(starts.get(a, []), key=lambda s: (s[1] - s[0], s))
        open_spans = {s for s in open_spans if s[1] > a} | set(opening)
        piece = esc(text[a:b])
        if not open_spans:
            out.append(piece)
            continue
        out.extend(f'<span class="anchor" id="q{s}-{e}"></span>' for s, e in opening)
        ids = " ".join(f"{s}-{e}" for s, e in sorted(open_spans))
        depth = min(len(open_spans), 3)
        # a segment where a quote begins is a stop in the keyboard order; the rest are not
        focus = ' tabindex="0" role="button" aria-controls="cites"' if opening else ""
        out.append(f'<mark class="d{depth}" data-s="{ids}"{focus}>{piece}</mark>')
    return "".join(out)


def provenance_js(cited: dict[Span, list[list[str]]]) -> list[str]:
    """The reverse provenance as scripts (fetch() is refused from file://, a script is not),
    as many as keep each under the size budget, each adding its spans to one object."""
    entries = [
        json.dumps({f"{s}-{e}": rows}, ensure_ascii=False, separators=(",", ":"))[1:-1]
        for (s, e), rows in cited.items()
    ]
    return [
        f"Object.assign(window.PROVENANCE=window.PROVENANCE||{{}},{{{','.join(run)}}});\n"
        for run in chunks(entries)
    ]
