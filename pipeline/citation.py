"""CITATION.cff -> the package's metadata and version in its descriptor, the dataset's citation
as text, and Zenodo's deposit metadata (.zenodo.json).

CITATION.cff is the one place where the title, abstract, keywords, licence, authors and
version are written; the descriptor, the data dictionary, the views' citations, the
workbook's first sheet, the release bundle and `.zenodo.json` take them from it, so nothing
is retyped. Nothing is invented: a field CITATION.cff does not have (a DOI, a URL) stays out.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from pipeline import config
from pipeline.errors import UserError

ZENODO = config.ROOT / ".zenodo.json"
# SPDX id -> the licence's name and deed (the descriptor's licence) and Zenodo's licence id
LICENSES = {
    "CC-BY-SA-4.0": {
        "name": "Creative Commons Attribution-ShareAlike 4.0",
        "path": "https://creativecommons.org/licenses/by-sa/4.0/",
        "zenodo": "cc-by-sa-4.0",
    }
}
REQUIRED = ("title", "abstract", "authors", "version", "date-released", "license", "keywords")


def load(path: Path = config.CITATION) -> dict:
    """CITATION.cff, with the keys the package's metadata needs and a licence it knows."""
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(str(path), f"cannot read: {exc}".splitlines()[0]) from exc
    missing = [k for k in REQUIRED if not isinstance(cff, dict) or not cff.get(k)]
    if missing:
        raise UserError(str(path), f"missing {', '.join(missing)}")
    if cff["license"] not in LICENSES:
        raise UserError(str(path), f"license {cff['license']!r}: no name and deed known for it")
    return cff


VERSION = str(load()["version"])  # the package's version, read once


def package_metadata(cff: dict, quote_terms: str | None) -> dict:
    """The descriptor's title, description, version, keywords, licence and contributors;
    `quote_terms` (raw/manifest.yaml) says on what terms quotes from the sources are reused."""
    licence = LICENSES[cff["license"]]
    terms = f" Quotes keep their source's terms: {quote_terms}" if quote_terms else ""
    return {
        "title": cff["title"],
        "description": cff["abstract"],
        "version": str(cff["version"]),
        "keywords": list(cff["keywords"]),
        "licenses": [
            {
                "name": cff["license"],
                "path": licence["path"],
                "title": f"{licence['name']} (tables and coding).{terms}",
            }
        ],
        "contributors": [{"title": n, "roles": ["creator"]} for n in _names(cff["authors"])],
    }


def _names(authors: list[dict]) -> list[str]:
    return [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in authors]


def citation_text(cff: dict) -> str:
    """The preferred citation, e.g. 'Team (2026). Title (version X.Y.Z) [Data set].'"""
    cite = cff.get("preferred-citation", cff)
    year = str(cite.get("date-released", cff["date-released"]))[:4]
    version = cite.get("version", cff["version"])
    authors = "; ".join(_names(cite["authors"]))
    return f"{authors} ({year}). {cite['title']} (version {version}) [Data set]."


def _reference(ref: dict) -> str:
    """One related source as a free-text reference, from its CITATION.cff entry."""
    authors = "; ".join(_names(ref["authors"]))
    parts = [authors, f'"{ref["title"]}"']
    if ref["publisher"]["name"] != authors:
        parts.append(ref["publisher"]["name"])
    if ref.get("date-published"):
        parts.append(str(ref["date-published"]))
    return ". ".join(parts) + "."


def zenodo_metadata(cff: dict) -> dict:
    """Zenodo's deposit metadata (its GitHub integration reads .zenodo.json)."""
    return {
        "upload_type": "dataset",
        "title": cff["title"],
        "description": cff["abstract"],
        "creators": [{"name": n} for n in _names(cff["authors"])],
        "version": str(cff["version"]),
        "publication_date": str(cff["date-released"]),
        "license": LICENSES[cff["license"]]["zenodo"],
        "access_right": "open",
        "keywords": cff["keywords"],
        "references": [_reference(r) for r in cff.get("references", [])],
    }


def zenodo_json(cff: dict) -> str:
    return json.dumps(zenodo_metadata(cff), indent=2, ensure_ascii=False) + "\n"
