"""CITATION.cff, CHANGELOG.md and LICENSE agree with the package they describe."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib

import yaml
from helpers import ROOT

from pipeline import config

CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
MANIFEST = yaml.safe_load((ROOT / "raw" / "manifest.yaml").read_text(encoding="utf-8"))


def test_citation_cff_describes_a_dataset() -> None:
    assert CFF["cff-version"] == "1.2.0"
    assert CFF["type"] == "dataset"
    for key in ("message", "title", "authors", "abstract"):
        assert CFF[key], key
    assert all(author.get("name") for author in CFF["authors"])
    dt.date.fromisoformat(str(CFF["date-released"]))


def test_version_is_the_same_everywhere() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert CFF["version"] == DESCRIPTOR["version"] == config.VERSION
    assert pyproject["project"]["version"] == config.VERSION
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(version {config.VERSION})" in readme  # the dataset citation on the first screen


def test_licence_agrees_with_the_descriptor() -> None:
    assert CFF["license"] == DESCRIPTOR["licenses"][0]["name"] == "CC-BY-SA-4.0"


def test_the_two_sources_are_referenced() -> None:
    titles = sorted(ref["title"] for ref in CFF["references"])
    assert titles == sorted(s["title"] for s in MANIFEST["sources"])
    for ref in CFF["references"]:
        assert ref["type"] and ref["authors"], ref["title"]
    cnn = next(r for r in CFF["references"] if "CNN" in r["publisher"]["name"])
    assert str(cnn["date-published"]) == "1997-04-22"  # "April 22, 1997"
    assert "Cable News Network" in cnn["copyright"]


def test_changelog_has_a_policy_and_the_current_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for level in ("MAJOR", "MINOR", "PATCH"):
        assert f"**{level}**" in text
    released = re.escape(str(CFF["date-released"]))  # the release the citation names
    assert re.search(rf"^## \[{re.escape(config.VERSION)}\] - {released}$", text, re.MULTILINE)


def test_license_states_each_sources_terms() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in text
    assert "Cable News Network" in text and "All Rights Reserved" in text
    assert "Wikipedia" in text
