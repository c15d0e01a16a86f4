"""Stage 1: raw/manifest.yaml + raw/*.txt -> source rows and decoded texts, checksums verified."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from pipeline.errors import UserError, first_line
from pipeline.yamlcap import SafeLoader

MANIFEST = "manifest.yaml"
FIELDS = ("source_id", "title", "publisher", "published", "published_date", "url", "path")
FIELDS_TAIL = ("sha256", "bytes", "license", "note")
TYPES = {"source_id": str, "path": str, "sha256": str, "bytes": int}  # "5989" is not a size
README = "README.md"  # raw/'s own description: the one file besides the articles and manifest


def read_manifest(raw_dir: Path) -> list[dict]:
    path = raw_dir / MANIFEST
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # a small file
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(str(path), f"cannot read the manifest: {first_line(exc)}") from None
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
            raise UserError(where, f"missing {', '.join(missing)}", sid)
        wrong = [k for k, kind in TYPES.items() if not isinstance(entry.get(k), kind)]
        if wrong:
            raise UserError(
                where,
                f"wrong type: {', '.join(f'{k} must be {TYPES[k].__name__}' for k in wrong)}",
                sid,
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
