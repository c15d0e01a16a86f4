"""`make release`'s bundle: complete, byte-identical when run twice, checksummed, and valid."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, frictionless_validate, run_cli

from pipeline import citation, config
from pipeline.release import SUMS
from pipeline.schema import TABLES

PREFIX = f"{config.PACKAGE_NAME}-{citation.VERSION}"


@pytest.fixture(scope="module")
def bundle(rebuilt: Path) -> Path:
    for name in ("README.md", "CITATION.cff", "LICENSE", "CHANGELOG.md", "raw"):
        target = rebuilt / name
        if not target.exists():
            target.symlink_to(ROOT / name)
    result = run_cli("release", "--root", str(rebuilt))
    assert result.returncode == 0, result.stderr
    return rebuilt / "dist" / f"{PREFIX}.zip"


@pytest.fixture(scope="module")
def unpacked(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(out)
    return out / PREFIX


def test_two_runs_give_the_same_bytes(bundle: Path, rebuilt: Path) -> None:
    first = bundle.read_bytes()
    result = run_cli("release", "--root", str(rebuilt))
    assert result.returncode == 0, result.stderr
    assert bundle.read_bytes() == first


def test_the_bundle_holds_every_format(unpacked: Path) -> None:
    for name in (
        "datapackage.json", "README.md", "CITATION.cff", "LICENSE", ".zenodo.json", SUMS,
        f"{config.PACKAGE_NAME}.duckdb", f"{config.PACKAGE_NAME}.xlsx", "tables/schema.sql",
        "raw/manifest.yaml", "stata/README.md", "site/index.html", "annotations.jsonld",
    ):  # fmt: skip
        assert (unpacked / name).is_file(), name
    for table in TABLES:
        for path in (
            f"tables/{table.name}.csv",
            f"parquet/{table.name}.parquet",
            f"stata/{table.name}.dta",
            f"r/{table.name}.rds",
        ):
            assert (unpacked / path).is_file(), path


def test_entries_are_sorted_with_one_fixed_time(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        entries = archive.infolist()
    names = [e.filename for e in entries]
    assert names[:-1] == sorted(names[:-1]) and names[-1] == f"{PREFIX}/{SUMS}"
    released = str(citation.load()["date-released"])
    assert {dt.date(*e.date_time[:3]).isoformat() for e in entries} == {released}


def test_sha256sums_verify(unpacked: Path) -> None:
    listed = {}
    for line in (unpacked / SUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert set(listed) == files - {SUMS}
    for name, digest in listed.items():
        assert hashlib.sha256((unpacked / name).read_bytes()).hexdigest() == digest, name


def test_the_tables_match_the_descriptors_bytes_and_hash(unpacked: Path) -> None:
    descriptor = json.loads((unpacked / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (unpacked / resource["path"]).read_bytes()
        assert len(data) == resource["bytes"], resource["name"]
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"


def test_frictionless_validates_the_unpacked_bundle(unpacked: Path) -> None:
    result = frictionless_validate(unpacked)
    assert result.returncode == 0, result.stdout[-2000:]


def test_zenodo_json_is_generated_from_citation_cff() -> None:
    cff = citation.load()
    committed = (ROOT / ".zenodo.json").read_text(encoding="utf-8")
    assert committed == citation.zenodo_json(cff)  # `make release` regenerates it
    zenodo = json.loads(committed)
    assert zenodo["upload_type"] == "dataset"
    assert zenodo["version"] == str(cff["version"]) == citation.VERSION
    assert zenodo["license"] == "cc-by-sa-4.0"
    assert "doi" not in zenodo and "related_identifiers" not in zenodo  # none invented
    assert len(zenodo["references"]) == len(cff["references"])


def test_the_preferred_citation_names_version_and_release_date() -> None:
    cff = citation.load()
    preferred = cff["preferred-citation"]
    assert preferred["type"] == "data" and preferred["title"] == cff["title"]
    assert preferred["version"] == cff["version"]
    assert preferred["date-released"] == cff["date-released"]
    assert "doi" not in cff and "url" not in cff and "doi" not in preferred
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # the README shows the citation with the version left for the reader's copy (X.Y.Z), so
    # that a version bump edits CITATION.cff alone
    shown = citation.citation_text(cff).replace(f"(version {cff['version']})", "(version X.Y.Z)")
    assert shown in " ".join(readme.split())
