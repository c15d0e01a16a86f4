"""The evidence as W3C Web Annotations: tables/evidence.csv + raw/ -> build/annotations.jsonld.

One annotation per evidence row. Its target is the raw article with a TextQuoteSelector (the
quote and up to 32 characters on each side, so a tool can re-anchor it) and a
TextPositionSelector (the same 0-based, end-exclusive code-point offsets as the table). Its
body names the table, record, field and that source's value. The whole is one
AnnotationCollection with a single embedded page, as the Web Annotation Protocol lays out.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import config
from pipeline.tablefiles import read_rows

CONTEXT_CHARS = 32  # of prefix and suffix in each TextQuoteSelector
# Our body properties, as terms of the package's own namespace (a relative IRI: the package).
# "value" stays the annotation model's own (the body's text); this source's value is lhc:value.
TERMS = {"lhc": "datapackage.json#", "table": "lhc:table", "record": "lhc:record",
         "field": "lhc:field"}  # fmt: skip


def annotation(row: dict, text: str, source_path: str, version: str) -> dict:
    start, end = int(row["char_start"]), int(row["char_end"])
    description = f"{row['record_table']} {row['record_id']} {row['field']}"
    if row["value"] is not None:
        description += f" = {row['value']}"
    return {
        "id": f"evidence/{row['evidence_id']}",
        "type": "Annotation",
        "motivation": "describing",
        "body": {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": description,
            "table": row["record_table"],
            "record": row["record_id"],
            "field": row["field"],
            "lhc:value": row["value"],
        },
        "target": {
            "source": source_path,
            "type": "Text",
            "format": "text/plain; charset=utf-8",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                    "suffix": text[end : end + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
        "generator": f"{config.PACKAGE_NAME} {version}",
    }


def write_annotations(root: Path, raw_dir: Path) -> Path:
    """Write root/build/annotations.jsonld from root's published evidence and the raw texts."""
    tables = root / config.TABLES_DIR
    version = json.loads((root / config.DESCRIPTOR).read_text(encoding="utf-8"))["version"]
    sources = {r["source_id"]: r["path"] for r in read_rows(tables / "sources.csv")}
    texts = {sid: (raw_dir / path).read_text(encoding="utf-8") for sid, path in sources.items()}
    items = [
        annotation(row, texts[row["source_id"]], f"raw/{sources[row['source_id']]}", version)
        for row in read_rows(tables / "evidence.csv")
    ]
    collection = {
        "@context": ["http://www.w3.org/ns/anno.jsonld", TERMS],
        "id": "annotations.jsonld",
        "type": "AnnotationCollection",
        "label": f"Evidence of the {config.PACKAGE_NAME} data package, version {version}: "
        "one annotation per row of tables/evidence.csv; target sources are paths from the "
        "package root",
        "total": len(items),
        "first": {"id": "annotations.jsonld#page1", "type": "AnnotationPage", "startIndex": 0,
                  "items": items},
    }  # fmt: skip
    target = root / config.ANNOTATIONS
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    target.write_text(text, encoding="utf-8", newline="")
    return target
