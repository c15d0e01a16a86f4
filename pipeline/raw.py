"""Stage 1: raw/manifest.yaml + raw/*.txt -> source rows and decoded texts, checksums verified,
and each source's declared text shape (how its headings and dated lists are written)."""

import hashlib
import re
from pathlib import Path
from typing import NamedTuple

from pipeline import lineyaml
from pipeline.errors import UserError, first_line

MANIFEST = "manifest.yaml"
FIELDS = ("source_id", "title", "publisher", "published", "published_date", "url", "path")
FIELDS_TAIL = ("sha256", "bytes", "license", "note")
TYPES = {"source_id": str, "path": str, "sha256": str, "bytes": int}  # "5989" is not a size
README = "README.md"  # raw/'s own description: the one file besides the articles and manifest
TEXT_KEYS = ("heading", "heading_suffix", "chronology")  # an entry's `text:` (docs/sources.md)
CHRONOLOGY_KEYS = ("section", "entry")


class TextShape(NamedTuple):
    """How a source's text is laid out, as its manifest entry's `text:` declares it.

    The default is plain text: paragraphs only, no headings, no dated list.
    """

    heading: re.Pattern | None = None  # a whole heading line; group `title` is its name
    heading_suffix: str = ""  # scraped furniture glued to every heading, dropped from its name
    chronology_section: str | None = None  # the section holding a dated list, if any
    chronology_entry: re.Pattern | None = None  # an entry's start: day, month, year?, n?


def _read(raw_dir: Path) -> object:
    path = raw_dir / MANIFEST
    try:
        return lineyaml.safe_load(path.read_text(encoding="utf-8"))  # aliases capped
    except (OSError, UnicodeDecodeError, lineyaml.Malformed) as exc:
        raise UserError(str(path), f"cannot read the manifest: {first_line(exc)}") from None


def read_manifest(raw_dir: Path) -> list[dict]:
    path = raw_dir / MANIFEST
    doc = _read(raw_dir)
    entries = (doc or {}).get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise UserError(str(path), "expected a 'sources' list")
    return entries


def load_sources(raw_dir: Path) -> tuple[list[dict], dict[str, str]]:
    """Return the `sources` rows and each source's text, after checking size and sha256."""
    rows, texts, listed = [], {}, set()
    for entry in read_manifest(raw_dir):
        where = str(raw_dir / MANIFEST)
        if not isinstance(entry, dict):
            raise UserError(where, f"each source is a mapping, found {entry!r}")
        sid = entry.get("source_id", "?")
        missing = [k for k in ("source_id", "path", "sha256", "bytes", "title") if not entry.get(k)]
        if missing:
            raise UserError(where, f"missing {', '.join(missing)}", sid, field=missing[0])
        wrong = [k for k, kind in TYPES.items() if not isinstance(entry.get(k), kind)]
        if wrong:
            raise UserError(
                where,
                f"wrong type: {', '.join(f'{k} must be {TYPES[k].__name__}' for k in wrong)}",
                sid,
                field=wrong[0],
            )
        path = raw_dir / entry["path"]
        if path.parent != raw_dir or entry["path"] in (MANIFEST, README):
            raise UserError(
                where, f"path must name an article file in raw/, found {entry['path']!r}", sid
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(str(path), f"cannot read raw file: {exc.strerror}", sid) from exc
        digest = hashlib.sha256(data).hexdigest()
        if len(data) != entry["bytes"] or digest != entry["sha256"]:
            raise UserError(
                str(path),
                f"raw file changed: manifest says {entry['bytes']} bytes sha256 "
                f"{entry['sha256'][:12]}…, file has {len(data)} bytes sha256 {digest[:12]}…",
                sid,
            )
        try:
            texts[sid] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                str(path), f"not UTF-8 text (byte {exc.start}: {exc.reason})", sid
            ) from None
        rows.append({k: entry.get(k) or None for k in FIELDS + FIELDS_TAIL})
        listed.add(path.name)
    unlisted = sorted(
        p.name for p in raw_dir.iterdir() if p.name not in listed | {MANIFEST, README}
    )
    if unlisted:
        raise UserError(
            str(raw_dir / unlisted[0]), f"not in {MANIFEST}: every raw file is listed there"
        )
    return rows, texts


def quote_terms(raw_dir: Path) -> str | None:
    """On what terms quotes from the sources may be reused (the manifest's `quote_terms`)."""
    doc = _read(raw_dir)
    terms = doc.get("quote_terms") if isinstance(doc, dict) else None
    if terms is not None and not isinstance(terms, str):
        raise UserError(str(raw_dir / MANIFEST), "quote_terms: expected one sentence of text")
    return terms


def source_labels(raw_dir: Path) -> list[str]:
    """How figure notes name the sources, in manifest order: each one's `label`, else its title."""
    return [str(e.get("label") or e.get("title")) for e in read_manifest(raw_dir)]


def text_shapes(raw_dir: Path) -> dict[str, TextShape]:
    """Each source id -> its declared text shape (plain text where it declares none)."""
    return {
        entry.get("source_id", "?"): _shape(entry, str(raw_dir / MANIFEST))
        for entry in read_manifest(raw_dir)
    }


def _shape(entry: dict, where: str) -> TextShape:
    sid = entry.get("source_id", "?")
    declared = entry.get("text") or {}
    if not isinstance(declared, dict) or not set(declared) <= set(TEXT_KEYS):
        raise UserError(where, f"text: expected a mapping of {', '.join(TEXT_KEYS)}", sid)
    chronology = declared.get("chronology") or {}
    if not isinstance(chronology, dict) or set(chronology) not in (set(), {*CHRONOLOGY_KEYS}):
        raise UserError(where, "text.chronology: expected a mapping of section, entry", sid)
    return TextShape(
        heading=_pattern(declared.get("heading"), ("title",), where, sid),
        heading_suffix=str(declared.get("heading_suffix") or ""),
        chronology_section=chronology.get("section"),
        chronology_entry=_pattern(chronology.get("entry"), ("day", "month"), where, sid),
    )


def _pattern(text: object, groups: tuple[str, ...], where: str, sid: str) -> re.Pattern | None:
    """A declared regular expression, compiled, with the named groups the parser reads."""
    if text is None:
        return None
    try:
        pattern = re.compile(str(text))
    except re.error as exc:
        raise UserError(where, f"text: bad pattern {text!r}: {exc}", sid) from exc
    missing = [g for g in groups if g not in pattern.groupindex]
    if missing:
        raise UserError(where, f"text: pattern {text!r} lacks the group {missing[0]!r}", sid)
    return pattern
