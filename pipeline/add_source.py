"""`add-source`: an article file + what is known of it -> a byte-exact copy in raw/ and its
entry at the end of raw/manifest.yaml (sha256, size, the metadata given; unknown stays empty).

Refuses, changing nothing, when the id is taken or not a slug, the file is not UTF-8 text,
or the same bytes are already in raw/. The entry is appended as text, so the manifest's
comments and layout stay as they were; the copy and the manifest are each replaced whole.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from pathlib import Path

import yaml

from pipeline.errors import UserError
from pipeline.raw import MANIFEST, read_manifest
from pipeline.schema import SLUG
from pipeline.yamlcap import SafeLoader

REQUIRED = ("title", "publisher", "license")  # what the build needs besides the file


def entry_for(source_id: str, name: str, data: bytes, metadata: dict[str, str | None]) -> dict:
    """The manifest entry, in the manifest's field order; what is not given stays empty."""
    given = {k: v or "" for k, v in metadata.items()}
    return {
        "source_id": source_id,
        "path": name,
        "title": given.get("title", ""),
        "publisher": given.get("publisher", ""),
        "published": given.get("published", ""),
        "published_date": given.get("published_date", ""),
        "url": given.get("url", ""),
        "license": given.get("license", ""),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "note": given.get("note", ""),
    }


def refusal(raw_dir: Path, file: Path, source_id: str, data: bytes, published_date: str | None):
    """Why the file cannot be added (one line), or None."""
    if not re.match(SLUG, source_id):
        return f"source id must be a slug (a-z, 0-9, -), found {source_id!r}"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start}): save the article as UTF-8 first"
    if published_date and not _iso_date(published_date):
        return f"--date must be a real date YYYY-MM-DD, found {published_date!r}"
    digest = hashlib.sha256(data).hexdigest()
    for entry in read_manifest(raw_dir):
        if entry.get("source_id") == source_id:
            return f"source id {source_id!r} is already in {MANIFEST} ({entry.get('path')})"
        if entry.get("sha256") == digest:
            return f"the same file is already in raw/ as {entry.get('source_id')!r}"
    if (raw_dir / file.name).exists():
        return f"raw/{file.name} already exists: rename the file"
    return None


def _iso_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(date.fromisoformat(text))
    except ValueError:
        return False


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole: a reader sees the old file or the new one."""
    temporary = path.with_name(f".{path.name}.adding")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def add_source(raw_dir: Path, file: Path, source_id: str, metadata: dict[str, str | None]) -> dict:
    """Copy `file` into `raw_dir` and append its manifest entry; return the entry."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UserError(str(file), f"cannot read: {exc.strerror}") from None
    why = refusal(raw_dir, file, source_id, data, metadata.get("published_date"))
    if why:
        raise UserError(str(file), why)
    entry = entry_for(source_id, file.name, data, metadata)
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)
    manifest = raw_dir / MANIFEST
    text = manifest.read_text(encoding="utf-8")
    text += ("" if text.endswith("\n") else "\n") + "".join(
        f"  {line}\n" for line in block.splitlines()
    )
    entries = read_manifest(raw_dir)
    if (yaml.load(text, Loader=SafeLoader) or {}).get("sources") != [*entries, entry]:
        raise UserError(str(manifest), "cannot append: 'sources' is not the manifest's last key")
    copy = raw_dir / file.name
    _replace(copy, data)
    try:
        _replace(manifest, text.encode("utf-8"))
    except OSError:
        copy.unlink()
        raise
    return entry


def run_add_source(raw_dir: Path, file: Path, source_id: str, metadata: dict) -> int:
    entry = add_source(raw_dir, file, source_id, metadata)
    print(
        f"added raw/{entry['path']} as source {source_id!r} ({entry['bytes']} bytes, sha256 "
        f"{entry['sha256'][:12]}…) to {raw_dir / MANIFEST}"
    )
    print(
        "read as plain text: if it has headings or a dated list, declare `text:` in its entry "
        "(docs/sources.md)"
    )
    missing = [k for k in REQUIRED if not entry[k]]
    if missing:
        print(f"still empty and needed by the build: {', '.join(missing)} (fill in the manifest)")
    return 0
