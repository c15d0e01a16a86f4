"""Stage 1: raw/manifest.yaml + raw/*.txt -> source rows and decoded texts, checksums verified."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from pipeline.errors import UserError

MANIFEST = "manifest.yaml"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML has it
FIELDS = ("source_id", "title", "publisher", "published", "published_date", "url", "path")
FIELDS_TAIL = ("sha256", "bytes", "license", "note")


def read_manifest(raw_dir: Path) -> list[dict]:
    path = raw_dir / MANIFEST
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(str(path), f"cannot read the manifest: {exc}".splitlines()[0]) from exc
    entries = (doc or {}).get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise UserError(str(path), "expected a 'sources' list")
    return entries


def load_sources(raw_dir: Path) -> tuple[list[dict], dict[str, str]]:
    """Return the `sources` rows and each source's text, after checking size and sha256."""
    rows, texts = [], {}
    for entry in read_manifest(raw_dir):
        sid = entry.get("source_id", "?")
        where = str(raw_dir / MANIFEST)
        missing = [k for k in ("source_id", "path", "sha256", "bytes", "title") if not entry.get(k)]
        if missing:
            raise UserError(where, f"missing {', '.join(missing)}", sid, field=missing[0])
        path = raw_dir / entry["path"]
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
        texts[sid] = data.decode("utf-8")
        rows.append({k: entry.get(k) or None for k in FIELDS + FIELDS_TAIL})
    return rows, texts
