"""CITATION.cff + the manifest's quote terms -> the package's metadata in its descriptor, and
the version the build writes into the descriptor, the data dictionary and the views.

CITATION.cff is the one place where the title, abstract, keywords, licence, authors and
version are written. (Its reader, `load`, is to be folded into `pipeline.citation`, which
writes the citation text and .zenodo.json from the same file, once both are on main.)
"""

from __future__ import annotations

import yaml

from pipeline import config
from pipeline.errors import UserError

# SPDX id -> (the licence's name, its deed): what a descriptor's licence entry names.
LICENSES = {
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    )
}
REQUIRED = ("title", "abstract", "version", "keywords", "license", "authors")


def load() -> dict:
    """CITATION.cff, with the keys the descriptor needs."""
    path = config.CITATION
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(str(path), f"cannot read: {exc}".splitlines()[0]) from exc
    missing = [k for k in REQUIRED if not isinstance(cff, dict) or not cff.get(k)]
    if missing:
        raise UserError(str(path), f"missing {', '.join(missing)}")
    if cff["license"] not in LICENSES:
        raise UserError(str(path), f"license {cff['license']!r}: no name and URL known for it")
    return cff


def package_metadata(cff: dict, quote_terms: str | None) -> dict:
    """The descriptor's title, description, version, keywords, licence and contributors."""
    name, url = LICENSES[cff["license"]]
    terms = f" Quotes keep their source's terms: {quote_terms}" if quote_terms else ""
    return {
        "title": cff["title"],
        "description": cff["abstract"],
        "version": str(cff["version"]),
        "keywords": list(cff["keywords"]),
        "licenses": [
            {"name": cff["license"], "path": url, "title": f"{name} (tables and coding).{terms}"}
        ],
        "contributors": [
            {
                "title": a.get("name") or f"{a['given-names']} {a['family-names']}",
                "roles": ["creator"],
            }
            for a in cff["authors"]
        ],
    }


VERSION = str(load()["version"])  # read once: the views' SQL and the dictionary quote it
