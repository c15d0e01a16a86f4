"""The spine: raw checksums, quotes at their offsets, deterministic and atomic publishing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml
from helpers import (
    CNN,
    RAW,
    ROOT,
    WIKIPEDIA,
    frictionless_validate,
    raw_text,
    read_csv,
    run_cli,
)

TABLES = ROOT / "tables"


def test_raw_files_match_their_manifest() -> None:
    manifest = yaml.safe_load((RAW / "manifest.yaml").read_text(encoding="utf-8"))
    paths = {entry["path"] for entry in manifest["sources"]}
    assert paths == {CNN, WIKIPEDIA}
    for entry in manifest["sources"]:
        data = (RAW / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]


def test_every_evidence_quote_is_the_raw_text_at_its_offsets() -> None:
    texts = {"cnn": raw_text(CNN), "wikipedia": raw_text(WIKIPEDIA)}
    evidence = read_csv(TABLES / "evidence.csv")
    assert evidence, "the package must carry evidence"
    for row in evidence:
        start, end = int(row["char_start"]), int(row["char_end"])
        assert texts[row["source_id"]][start:end] == row["quote"], row["evidence_id"]


def test_evidence_points_at_the_passage_holding_the_quote() -> None:
    passages = {p["passage_id"]: p for p in read_csv(TABLES / "passages.csv")}
    levels = set()
    for row in read_csv(TABLES / "evidence.csv"):
        passage = passages[row["passage_id"]]
        levels.add(passage["level"])
        assert int(passage["char_start"]) <= int(row["char_start"]) < int(passage["char_end"])
    assert "sentence" in levels


def test_rebuild_is_byte_identical_to_the_published_package(rebuilt: Path) -> None:
    published = sorted(p.name for p in TABLES.iterdir())
    assert sorted(p.name for p in (rebuilt / "tables").iterdir()) == published
    for name in published:
        assert (rebuilt / "tables" / name).read_bytes() == (TABLES / name).read_bytes(), (
            f"tables/{name} differs from a rebuild: run `make build` after committing inputs"
        )
    assert (rebuilt / "datapackage.json").read_bytes() == (ROOT / "datapackage.json").read_bytes()


def test_published_csvs_are_utf8_lf_without_bom() -> None:
    for path in TABLES.glob("*.csv"):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path.name
        assert b"\r" not in data, path.name
        data.decode("utf-8")


def _copy_inputs(tmp_path: Path) -> tuple[Path, Path]:
    raw, coding = tmp_path / "raw", tmp_path / "coding"
    shutil.copytree(RAW, raw)
    shutil.copytree(ROOT / "coding", coding)
    return raw, coding


def _snapshot(root: Path) -> dict[str, bytes]:
    files = [*sorted((root / "tables").iterdir()), root / "datapackage.json"]
    return {p.name: p.read_bytes() for p in files}


def test_a_failing_build_leaves_the_published_files_untouched(tmp_path: Path) -> None:
    raw, coding = _copy_inputs(tmp_path)
    out = tmp_path / "package"
    args = ("build", "--raw", str(raw), "--coding", str(coding), "--out", str(out))
    assert run_cli(*args).returncode == 0
    before = _snapshot(out)
    sheet = coding / "persons.yaml"
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace(
            "quote: Peruvian President Alberto Fujimori\n",
            "quote: Peruvian President Alberto Fujimoro\n",
            1,
        ),
        encoding="utf-8",
    )
    result = run_cli(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()
    assert len(message) == 1
    assert "persons.yaml" in message[0]
    assert "alberto-fujimori" in message[0]
    assert "Fujimoro" in message[0]
    assert _snapshot(out) == before


def test_a_changed_raw_article_stops_the_build(tmp_path: Path) -> None:
    raw, coding = _copy_inputs(tmp_path)
    article = raw / CNN
    article.write_bytes(article.read_bytes().replace(b"140 Peruvian", b"141 Peruvian"))
    result = run_cli("build", "--raw", str(raw), "--coding", str(coding), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert CNN in result.stderr and "raw file changed" in result.stderr


def test_frictionless_validates_the_descriptor() -> None:
    result = frictionless_validate(ROOT)
    assert result.returncode == 0, result.stdout[-2000:]
