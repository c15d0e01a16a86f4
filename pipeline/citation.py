"""CITATION.cff -> the dataset's citation as text, and Zenodo's deposit metadata (.zenodo.json).

CITATION.cff is where the citation is declared; the workbook's first sheet, the release
bundle and `.zenodo.json` are written from it, so nothing is retyped. Nothing is invented:
a field CITATION.cff does not have (a DOI, a URL) stays out.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from pipeline import config

ZENODO = config.ROOT / ".zenodo.json"
# SPDX id -> Zenodo's licence id (Zenodo uses lower-case SPDX ids)
ZENODO_LICENSES = {"CC-BY-SA-4.0": "cc-by-sa-4.0"}


def load(path: Path = config.CITATION) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _names(authors: list[dict]) -> list[str]:
    return [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in authors]


def citation_text(cff: dict) -> str:
    """The preferred citation, e.g. 'Team (2026). Title (version 1.0.0) [Data set].'"""
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
        "license": ZENODO_LICENSES[cff["license"]],
        "access_right": "open",
        "keywords": cff["keywords"],
        "references": [_reference(r) for r in cff.get("references", [])],
    }


def zenodo_json(cff: dict) -> str:
    return json.dumps(zenodo_metadata(cff), indent=2, ensure_ascii=False) + "\n"
