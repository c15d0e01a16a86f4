"""CITATION.cff, CHANGELOG.md and LICENSE agree with the package they describe."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib

import yaml
from helpers import ROOT

from pipeline.citation import VERSION

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
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(CFF["version"]))  # MAJOR.MINOR.PATCH


def test_the_version_is_written_in_citation_cff_alone() -> None:
    """A version bump edits CITATION.cff (and adds its CHANGELOG entry); the rest follows."""
    assert CFF["version"] == DESCRIPTOR["version"] == VERSION
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    hand_written = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    hand_written += [ROOT / d / "README.md" for d in ("raw", "coding", "expectations", "pipeline")]
    hand_written += ROOT.glob("docs/*.md")
    hand_written += (ROOT / "pipeline").glob("*.py")
    for path in hand_written:
        assert VERSION not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


def test_the_descriptor_states_what_citation_cff_declares() -> None:
    assert DESCRIPTOR["title"] == CFF["title"]
    assert DESCRIPTOR["description"] == CFF["abstract"]
    assert DESCRIPTOR["keywords"] == CFF["keywords"]
    assert DESCRIPTOR["licenses"][0]["name"] == CFF["license"] == "CC-BY-SA-4.0"
    assert [c["title"] for c in DESCRIPTOR["contributors"]] == [a["name"] for a in CFF["authors"]]
    # the licence note carries the sources' terms as the manifest states them
    assert DESCRIPTOR["licenses"][0]["title"].endswith(MANIFEST["quote_terms"])


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
    heading = f"## [{CFF['version']}] - {CFF['date-released']}"
    assert heading in text.splitlines()  # the release CITATION.cff names, on its date


def test_license_states_each_sources_terms() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in text
    assert "Cable News Network" in text and "All Rights Reserved" in text
    assert "Wikipedia" in text
