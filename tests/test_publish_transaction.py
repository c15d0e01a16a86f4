"""Publishing is all-or-nothing: killed at any step, the next command rolls it back or forward."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import RAW, ROOT, run_cli

from pipeline import buildlock, config, forked, journal

OUTPUTS = config.OUTPUTS  # tables/, datapackage.json, figures/, the database, Parquet


def _package(root: Path, version: str, with_database: bool = True) -> None:
    """A small stand-in for each published output, every file saying which build wrote it:
    a file for a name with a suffix (datapackage.json, the database), else a folder."""
    for out in OUTPUTS:
        path = root / out
        if out.startswith("build/") and not with_database:
            continue
        if Path(out).suffix:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(version)
        else:
            path.mkdir(parents=True)
            (path / "part").write_text(version)


def _published(root: Path) -> dict[str, str]:
    found = {}
    for out in OUTPUTS:
        path = root / out
        files = sorted(path.rglob("*")) if path.is_dir() else [path] if path.exists() else []
        for file in files:
            found[file.relative_to(root).as_posix()] = file.read_text()
    return found


def _killed_swap(stage: Path, root: Path, step: str) -> None:
    os.environ[journal.FAULT] = step  # in the forked child only
    journal.swap(stage, root, OUTPUTS)


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    root = tmp_path / "package"
    _package(root, "old")
    stage = root / "build" / "stage-1"
    _package(stage, "new")
    return root, stage, _published(root), _published(stage)


def test_the_steps_name_every_move() -> None:
    steps = journal.steps(OUTPUTS)
    assert steps[0] == "journal" and steps[-1] == "committed"
    assert len(steps) == 2 + 2 * len(OUTPUTS)


@pytest.mark.parametrize("step", journal.steps(OUTPUTS))
def test_killed_at_each_step_the_next_command_sees_one_whole_package(
    step: str, trees, capsys: pytest.CaptureFixture
) -> None:
    root, stage, old, new = trees
    with pytest.raises(RuntimeError, match="exit code 86"):
        forked.call(_killed_swap, stage, root, step)
    assert (root / journal.JOURNAL).exists()
    journal.recover(root)
    message = capsys.readouterr().err.strip().splitlines()
    assert len(message) == 1 and message[0].startswith("recovered: an interrupted publish")
    expected, word = (new, "completed") if step == "committed" else (old, "rolled back")
    assert word in message[0]
    assert _published(root) == expected
    assert not (root / journal.JOURNAL).exists()
    assert [p.name for p in (root / "build").iterdir() if p.name.startswith("stage")] == []
    journal.recover(root)  # nothing left to do: says nothing
    assert capsys.readouterr().err == ""


def test_a_first_publish_killed_midway_leaves_no_new_outputs(tmp_path: Path) -> None:
    root = tmp_path / "package"
    _package(root, "old", with_database=False)  # never built a database here
    stage = root / "build" / "stage-1"
    _package(stage, "new")
    old = _published(root)
    with pytest.raises(RuntimeError, match="exit code 86"):
        forked.call(_killed_swap, stage, root, f"new {config.DATABASE}")
    journal.recover(root)
    assert _published(root) == old


def test_a_recovery_killed_midway_can_run_again(trees) -> None:
    root, stage, old, _ = trees
    with pytest.raises(RuntimeError, match="exit code 86"):
        forked.call(_killed_swap, stage, root, "new figures")
    # As if the first recovery died after restoring only the figures.
    backup = root / "build" / "stage-1-previous"
    shutil.rmtree(root / "figures")
    os.replace(backup / "figures", root / "figures")
    journal.recover(root)
    assert _published(root) == old


def test_an_unreadable_journal_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / journal.JOURNAL).write_text('{"state": "swapping", "stage": "../../etc"')
    with pytest.raises(journal.UserError, match="cannot read the publish journal"):
        journal.recover(tmp_path)


# The real build, killed after each step of its publish; the full validator runs after the
# first move, the last move and the commit (the others compare every published byte).
VALIDATED_AT = {"new tables", f"new {config.PARQUET_DIR}", "committed"}
RULE_SQL = "SELECT rule FROM discrepancies WHERE topic_id = 'raid-start-time' LIMIT 1"


def _snapshot(root: Path) -> dict[str, bytes]:
    files = [p for out in OUTPUTS for p in [root / out, *(root / out).rglob("*")]]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(RAW, root / "raw")
    shutil.copytree(ROOT / "coding", root / "coding")
    result = run_cli("build", *_inputs(root))
    assert result.returncode == 0, result.stderr
    return root


def _inputs(root: Path) -> tuple[str, ...]:
    return ("--raw", str(root / "raw"), "--coding", str(root / "coding"), "--out", str(root))


@pytest.mark.parametrize("step", journal.steps(OUTPUTS))
def test_a_build_killed_while_publishing_is_recovered_by_the_next_command(
    step: str, built: Path, tmp_path: Path
) -> None:
    root = tmp_path / "package"
    shutil.copytree(built, root, symlinks=True)
    old = _snapshot(root)
    sheet = root / "coding" / "discrepancies.yaml"
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace(
            "is explicitly approximate;", "is explicitly approximate (edited);"
        ),
        encoding="utf-8",
    )
    killed = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", *_inputs(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {journal.FAULT: step},
    )
    assert killed.returncode == 86, killed.stderr
    assert (root / journal.JOURNAL).exists()

    reader = run_cli("query", "--root", str(root), "--format", "csv", RULE_SQL)
    assert reader.returncode == 0, reader.stderr
    assert "Traceback" not in reader.stderr
    [line] = reader.stderr.strip().splitlines()
    committed = step == "committed"
    assert line.startswith("recovered: an interrupted publish")
    assert ("completed" if committed else "rolled back") in line
    assert ("(edited)" in reader.stdout) is committed
    if not committed:
        assert _snapshot(root) == old
    if step in VALIDATED_AT:
        checked = run_cli("validate", "--root", str(root))
        assert checked.returncode == 0, checked.stdout[-2000:]
        assert "recovered" not in checked.stderr


def test_a_build_recovers_a_dead_publish_before_its_own(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "package"
    shutil.copytree(built, root, symlinks=True)
    old = _snapshot(root)
    env = os.environ | {journal.FAULT: "new tables"}
    command = [sys.executable, "-m", "pipeline", "build", *_inputs(root), "--force"]
    killed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    assert killed.returncode == 86, killed.stderr
    result = run_cli("build", *_inputs(root))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("recovered: an interrupted publish"), result.stderr
    assert "rolled back" in result.stderr
    assert result.stdout.startswith("up to date")  # the old package and its stamp are back
    assert _snapshot(root) == old


def test_two_builds_started_together_both_end_cleanly(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "package"
    shutil.copytree(built, root, symlinks=True)
    command = [sys.executable, "-m", "pipeline", "build", *_inputs(root), "--force"]
    runs = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    ended = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    for code, out, err in ended:
        assert code == 0, err
        assert "Traceback" not in out + err
        assert out.startswith("built 16 tables")
    waited = [err for _, _, err in ended if err.startswith("waiting: another build")]
    assert len(waited) == 1  # each build takes seconds: started together, they overlap
    assert [p.name for p in (root / "build").iterdir() if p.name.startswith("stage")] == []
    again = run_cli("build", *_inputs(root))
    assert again.stdout.startswith("up to date"), again.stdout + again.stderr
    checked = run_cli("validate", "--root", str(root))
    assert checked.returncode == 0, checked.stdout[-2000:]


def test_a_reader_waits_while_a_publish_swaps(built: Path) -> None:
    command = [sys.executable, "-m", "pipeline", "query", "--root", str(built), "SELECT 1 AS one"]
    with buildlock.publishing(built):  # as `journal.swap` holds it
        reader = subprocess.Popen(
            [*command, "--format", "csv"], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        time.sleep(2)
        assert reader.poll() is None  # still waiting: it never opens half a swap
    out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0 and out.splitlines() == ["one", "1"]


def test_a_move_that_fails_is_undone_at_once(trees, monkeypatch: pytest.MonkeyPatch) -> None:
    root, stage, old, _ = trees
    real = os.replace

    def refuse_the_figures(source, target) -> None:
        if Path(source) == stage / "figures":
            raise PermissionError(13, "Permission denied", str(target))
        real(source, target)

    monkeypatch.setattr(journal.os, "replace", refuse_the_figures)
    with pytest.raises(PermissionError):
        journal.swap(stage, root, OUTPUTS)
    assert _published(root) == old
    assert not (root / journal.JOURNAL).exists()
