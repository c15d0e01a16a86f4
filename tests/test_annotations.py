"""The evidence as W3C Web Annotations (build/annotations.jsonld), checked against the articles."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import CNN, WIKIPEDIA, raw_text, read_csv


def test_annotations_are_one_per_evidence_row_with_both_selectors(rebuilt: Path) -> None:
    doc = json.loads((rebuilt / "build" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    items = doc["first"]["items"]
    evidence = read_csv(rebuilt / "tables" / "evidence.csv")
    assert doc["total"] == len(items) == len(evidence)
    texts = {"cnn": raw_text(CNN), "wikipedia": raw_text(WIKIPEDIA)}
    files = {"cnn": f"raw/{CNN}", "wikipedia": f"raw/{WIKIPEDIA}"}
    ids = set()
    for item, row in zip(items, evidence, strict=True):
        assert item["type"] == "Annotation"
        ids.add(item["id"])
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert item["target"]["source"] == files[row["source_id"]]
        text = texts[row["source_id"]]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"] == row["quote"]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        body = item["body"]
        assert (body["table"], body["record"], body["field"]) == (
            row["record_table"],
            row["record_id"],
            row["field"],
        )
        assert body["lhc:value"] == (row["value"] or None)
    assert len(ids) == len(items)


def test_annotations_locate_a_quote_read_from_the_article(rebuilt: Path) -> None:
    # CNN's sentence naming the dead hostage supports both his person and casualty records.
    doc = json.loads((rebuilt / "build" / "annotations.jsonld").read_text(encoding="utf-8"))
    text = raw_text(CNN)
    quote = "The dead hostage was identified as Peruvian Supreme Court Justice Carlos Giusti."
    start = text.index(quote)
    hits = [
        i
        for i in doc["first"]["items"]
        if i["target"]["selector"][1] == {"type": "TextPositionSelector", "start": start,
                                           "end": start + len(quote)}
    ]  # fmt: skip
    assert {i["body"]["record"] for i in hits} >= {"carlos-giusti-acuna", "cas-carlos-giusti-acuna"}
