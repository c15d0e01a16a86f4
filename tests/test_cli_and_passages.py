"""The command line as a user meets it, and the passages a scholar cites."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, read_csv, run_cli


def _one_line_error(result) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_help_lists_the_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("build", "validate", "query"):
        assert command in result.stdout


def test_a_mistyped_command_is_told_every_command() -> None:
    """The CLI makes only the parser of the command it runs, and all of them for an error."""
    result = run_cli("chekc", "coding/events.yaml")
    assert result.returncode == 2
    assert "invalid choice: 'chekc'" in result.stderr
    for command in ("build", "check", "locate", "add-source", "query"):
        assert f"'{command}'" in result.stderr


def test_query_prints_json(rebuilt: Path) -> None:
    result = run_cli(
        "query",
        "--root",
        str(rebuilt),
        "--format",
        "json",
        "SELECT source_id, published_date FROM sources ORDER BY source_id",
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0] == {"source_id": "cnn", "published_date": "1997-04-22"}  # CNN's dateline


def test_query_reads_sql_from_stdin(rebuilt: Path) -> None:
    result = run_cli("query", "--root", str(rebuilt), "--format", "csv", stdin="SELECT 1 AS one")
    assert result.stdout.splitlines() == ["one", "1"]


def test_query_refuses_a_write_statement(rebuilt: Path) -> None:
    line = _one_line_error(run_cli("query", "--root", str(rebuilt), "DELETE FROM events"))
    assert "read-only" in line


def test_query_reports_invalid_sql_in_one_line(rebuilt: Path) -> None:
    line = _one_line_error(run_cli("query", "--root", str(rebuilt), "SELEC 1"))
    assert "syntax error" in line.lower()


def test_query_without_a_database_says_how_to_make_one(tmp_path: Path) -> None:
    line = _one_line_error(run_cli("query", "--root", str(tmp_path), "SELECT 1"))
    assert "make build" in line


def test_wikipedia_headings_are_cleaned_of_the_edit_artifact() -> None:
    sections = [
        p["section"]
        for p in read_csv(ROOT / "tables" / "passages.csv")
        if p["level"] == "section" and p["source_id"] == "wikipedia"
    ]
    assert "Hostage crisis" in sections
    assert "Operation Chavín de Huantar" in sections  # the heading spells it without the accent
    assert "Chronology" in sections
    assert not any(s.endswith("Edit") for s in sections)


def test_a_sentence_can_be_cited_by_its_passage_id() -> None:
    sentences = [p for p in read_csv(ROOT / "tables" / "passages.csv") if p["level"] == "sentence"]
    texts = {p["text"] for p in sentences}
    assert (
        "The dead hostage was identified as Peruvian Supreme Court Justice Carlos Giusti." in texts
    )
    # "Dr." and "U.S." do not end sentences.
    assert any(
        t.startswith("At the end, all 14 MRTA guerrillas, one hostage (Dr. Carlos") for t in texts
    )
    assert any(
        t.startswith("According to the U.S. Defense Intelligence Agency (DIA)") for t in texts
    )


def test_an_unexpected_error_is_one_line_with_the_traceback_in_a_log(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    from pipeline import cli, config, query

    def broken(args) -> int:
        raise ZeroDivisionError("a bug, not the user's doing")

    monkeypatch.setattr(query, "run_query", broken)
    monkeypatch.setattr(config, "BUILD", tmp_path)
    assert cli.main(["query", "--root", str(tmp_path), "SELECT 1"]) == 70
    [line] = capsys.readouterr().err.splitlines()
    log = tmp_path / "last-error.log"
    assert line == (
        "error: internal error (ZeroDivisionError: a bug, not the user's doing); "
        f"traceback in {log}"
    )
    assert "Traceback" in log.read_text() and "def broken" not in line


def test_a_ctrl_c_that_a_step_turned_into_a_user_error_is_still_an_interruption(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    """A step may report a Ctrl-C as an error of its own (`query.fetch` words DuckDB's
    interruption as a user error). The user pressed Ctrl-C: the exit is 130 and says so."""
    import contextlib
    import signal

    from pipeline import cli, query
    from pipeline.errors import UserError

    def interrupted_query(args) -> int:
        with contextlib.suppress(KeyboardInterrupt):  # DuckDB's own interruption error
            signal.raise_signal(signal.SIGINT)
        raise UserError("query", "INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(query, "run_query", interrupted_query)
    assert cli.main(["query", "--root", str(tmp_path), "SELECT 1"]) == 130
    assert capsys.readouterr().err == "error: query interrupted (Ctrl-C)\n"


# Runs `check` with its work replaced by a BrokenPipeError; argv[1] says whether standard
# output is first made a pipe whose reader has gone (as under `| head` that stopped early).
BROKEN = """
import os, sys
import pipeline.check
from pipeline.cli import main

def broken(*args):
    raise BrokenPipeError(32, "Broken pipe")

pipeline.check.run_check = broken
if sys.argv[1] == "reader-gone":
    read, write = os.pipe()
    os.close(read)
    os.dup2(write, 1)
sys.exit(main(["check"]))
"""


def _broken_pipe(where: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", BROKEN, where], cwd=tmp_path, env=env, capture_output=True, text=True
    )


def test_a_reader_that_stopped_early_is_not_an_error(tmp_path: Path) -> None:
    result = _broken_pipe("reader-gone", tmp_path)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_broken_pipe_elsewhere_is_reported(tmp_path: Path) -> None:
    """A pipe to a child that died is a failure: one line and exit 70, never a silent 0."""
    result = _broken_pipe("stdout-fine", tmp_path)
    assert result.returncode == 70
    assert "Traceback" not in result.stderr
    assert "internal error (BrokenPipeError" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
