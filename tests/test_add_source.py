"""`add-source`, then `check`, then `build`, on a small synthetic article; and its refusals."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import ALIAS_BOMB, CNN, RAW, ROOT, run_cli

# A made-up article for the test only: it never enters the package.
ARTICLE = (
    "Test Gazette, 23 April 1997.\n"
    "President Alberto Fujimori visited the residence the day after the rescue.\n"
)
QUOTE = "President Alberto Fujimori"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(RAW, tmp_path / "raw")
    shutil.copytree(ROOT / "coding", tmp_path / "coding")
    (tmp_path / "gazette.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def _add(project: Path, file: str, source_id: str, *more: str):
    return run_cli(
        "add-source", str(project / file), "--id", source_id, "--raw", str(project / "raw"), *more
    )


def _raw(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "raw").iterdir())}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_add_source_then_check_then_build(project: Path) -> None:
    added = _add(
        project,
        "gazette.txt",
        "test-gazette",
        "--title",
        "Fujimori visits the residence",
        "--publisher",
        "Test Gazette",
        "--license",
        "Made up for a test",
        "--date",
        "1997-04-23",
    )
    assert added.returncode == 0, added.stderr
    data = ARTICLE.encode("utf-8")
    assert (project / "raw" / "gazette.txt").read_bytes() == data
    manifest = yaml.safe_load((project / "raw" / "manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["sources"][-1] == {
        "source_id": "test-gazette",
        "path": "gazette.txt",
        "title": "Fujimori visits the residence",
        "publisher": "Test Gazette",
        "published": "",
        "published_date": "1997-04-23",
        "url": "",
        "license": "Made up for a test",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "note": "",
    }
    assert [e["source_id"] for e in manifest["sources"][:-1]] == ["cnn", "wikipedia"]

    persons = project / "coding" / "persons.yaml"
    text = persons.read_text(encoding="utf-8")
    quoted = f"  evidence:\n  - field: name\n    source: test-gazette\n    quote: {QUOTE}\n"
    persons.write_text(text.replace("  evidence:\n", quoted, 1), encoding="utf-8")
    args = ("--raw", str(project / "raw"), "--coding", str(project / "coding"))
    checked = run_cli("check", *args)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    built = run_cli("build", *args, "--out", str(project / "out"))
    assert built.returncode == 0, built.stderr
    sources = _rows(project / "out" / "tables" / "sources.csv")
    assert [r["source_id"] for r in sources] == ["cnn", "test-gazette", "wikipedia"]
    (row,) = [
        r
        for r in _rows(project / "out" / "tables" / "evidence.csv")
        if r["source_id"] == "test-gazette"
    ]
    start = ARTICLE.index(QUOTE)
    assert (row["record_id"], row["field"], row["quote"]) == ("alberto-fujimori", "name", QUOTE)
    assert (int(row["char_start"]), int(row["char_end"])) == (start, start + len(QUOTE))


def test_check_names_what_the_build_still_needs(project: Path) -> None:
    assert _add(project, "gazette.txt", "test-gazette").returncode == 0
    checked = run_cli("check", "--raw", str(project / "raw"), "--coding", str(project / "coding"))
    assert checked.returncode == 1
    manifest = str(project / "raw" / "manifest.yaml")
    assert all(line.startswith(f"{manifest}:") for line in checked.stdout.splitlines())
    assert "missing title" in checked.stdout


def _not_utf8(project: Path) -> str:
    (project / "latin1.txt").write_bytes("Lima, 23 de abril: el presidente habló".encode("latin-1"))
    return "latin1.txt"


def _copy_of_cnn(project: Path) -> str:
    shutil.copyfile(project / "raw" / CNN, project / "cnn-again.txt")
    return "cnn-again.txt"


def _same_name(project: Path) -> str:
    (project / "other").mkdir()
    (project / "other" / CNN).write_text(ARTICLE, encoding="utf-8")
    return f"other/{CNN}"


def _alias_bomb(project: Path) -> str:
    manifest = project / "raw" / "manifest.yaml"
    manifest.write_bytes(ALIAS_BOMB + manifest.read_bytes())
    return "gazette.txt"


REFUSALS = {
    "id taken": (lambda p: "gazette.txt", "cnn", "already in manifest.yaml"),
    "not UTF-8": (_not_utf8, "latin", "not UTF-8"),
    "same file, another id": (_copy_of_cnn, "cnn-copy", "already in raw/ as 'cnn'"),
    "name taken in raw/": (_same_name, "gazette", "already exists"),
    "id not a slug": (lambda p: "gazette.txt", "Test Gazette", "must be a slug"),
    "no such file": (lambda p: "missing.txt", "missing", "cannot read"),
    "date not a date": (lambda p: "gazette.txt", "gazette", "real date"),
    "manifest alias bomb": (_alias_bomb, "gazette", "stand for more than 10000 values"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_add_source_refuses_with_one_line_and_changes_nothing(case: str, project: Path) -> None:
    make, source_id, words = REFUSALS[case]
    file = make(project)
    before = _raw(project)
    more = ("--date", "1997-02-30") if case == "date not a date" else ()
    result = _add(project, file, source_id, *more)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and not result.stdout
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert _raw(project) == before
