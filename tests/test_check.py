"""`check`: each bad input a sheet can hold, at its file, line and column, worded as the build
words it; nothing written; none of the heavy libraries imported."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import ALIAS_BOMB, RAW, ROOT, run_cli

from pipeline.assemble import assemble
from pipeline.errors import UserError
from pipeline.yamlcap import SafeLoader

CODING = ROOT / "coding"
HEAVY = ("pandas", "duckdb", "frictionless", "great_expectations")


def _replace(old: str, new: str) -> Callable[[str], str]:
    """An edit of a sheet's text: the first `old` becomes `new`."""

    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _duplicate_first_record(text: str) -> str:
    """Append a second copy of the first record (same id) at the end of the sheet."""
    lines = text.splitlines(keepends=True)
    first, second = [i for i, line in enumerate(lines) if line.startswith("- id: ")][:2]
    return text + "".join(lines[first:second])


# case -> (sheet, edit, the text on the line the problem is at, its column, the build's words).
# The values come from reading the articles: CNN says "Fujimori said only two were injured
# seriously" (the first count of 2 in casualties.yaml), Wikipedia that the crisis "began on
# 17 December 1996"; "Fujimori" is in CNN often.
CASES: dict[str, tuple[str, Callable[[str], str], str, int, str]] = {
    "unknown quote": (
        "persons",
        _replace(
            "quote: Peruvian President Alberto Fujimori\n",
            "quote: Peruvian President Alberto Fujimori and the Loch Ness monster\n",
        ),
        "quote: Peruvian President Alberto Fujimori and the Loch Ness monster",
        5,
        "cnn: quote not found",
    ),
    "ambiguous quote": (
        "persons",
        _replace("quote: Peruvian President Alberto Fujimori\n", "quote: Fujimori\n"),
        "quote: Fujimori",
        5,
        "times",
    ),
    "ungrounded number": (
        "casualties",
        _replace("  count: 2\n", "  count: 4\n"),
        "  count: 4",
        3,
        "count = 4 is not stated in its quotes",
    ),
    "ungrounded date": (
        "events",
        _replace("  date_start: '1996-12-17'\n", "  date_start: '1996-12-18'\n"),
        "  date_start: '1996-12-18'",
        3,
        "date_start = 1996-12-18 (day) is not stated",
    ),
    "unknown id": (
        "casualties",
        _replace("  person_id: juan-valer-sandoval\n", "  person_id: no-such-person\n"),
        "  person_id: no-such-person",
        3,
        "person_id: expected an existing persons.person_id, found 'no-such-person'",
    ),
    "duplicate id": (
        "persons",
        _duplicate_first_record,
        "- id: alberto-fujimori",
        3,
        "duplicate id",
    ),
    "bad enum": (
        "persons",
        _replace("  role: head_of_state\n", "  role: head_of_states\n"),
        "  role: head_of_states",
        3,
        "role: expected one of hostage, mrta_member",
    ),
    "unquoted time (YAML 1.1 reads 20:20 as 1220)": (
        "events",
        _replace("  time_local: '20:20'\n", "  time_local: 20:20\n"),
        "  time_local: 20:20",
        3,
        "time_local must be a quoted time 'HH:MM[:SS]', found 1220",
    ),
    "evidence field that is a mapping (no traceback)": (
        "persons",
        _replace("  - field: name\n", "  - field: {name: 1}\n"),
        "  - field: {name: 1}",
        5,
        "evidence for unknown field {'name': 1}",
    ),
    "evidence source that is a list (no traceback)": (
        "persons",
        _replace("    source: cnn\n", "    source: [cnn]\n"),
        "    source: [cnn]",
        5,
        "unknown source ['cnn']",
    ),
    "party given as a list (no traceback)": (
        "legal_actions",
        _replace("  - organisation: military-prosecutors\n", "  - organisation: [x]\n"),
        "  parties:",
        3,
        "bad entry in 'parties': organisation must be text, found ['x']",
    ),
    "malformed YAML": (
        "casualties",
        _replace("  side: mixed\n", "  side: mixed: or not\n"),
        "  side: mixed: or not",
        14,
        "malformed YAML",
    ),
}


def _line_of(text: str, needle: str, last: bool = False) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == needle.strip()]
    assert lines, needle
    return lines[-1] if last else lines[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Copies of raw/ and the coding sheets, to break."""
    shutil.copytree(RAW, tmp_path / "raw")
    shutil.copytree(CODING, tmp_path / "coding")
    return tmp_path


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("check", "--raw", str(root / "raw"), "--coding", str(root / "coding"), *args)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_committed_sheets_pass(project: Path) -> None:
    before = _files(project)
    result = _check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ") and not result.stderr
    assert _files(project) == before  # writes nothing


@pytest.mark.parametrize("case", CASES)
def test_check_finds_the_problem_at_its_line_and_the_build_stops_on_it(
    case: str, project: Path
) -> None:
    sheet, edit, needle, column, words = CASES[case]
    path = project / "coding" / f"{sheet}.yaml"
    text = edit(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    before = _files(project)

    result = _check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    line = _line_of(text, needle, last=case == "duplicate id")
    assert lines[0].startswith(f"{path}:{line}:{column}: "), (lines[0], line)
    assert words in lines[0]
    assert _files(project) == before

    (project / "out").mkdir()
    with pytest.raises(UserError) as stopped:  # the build's assembling step
        assemble(project / "raw", project / "coding", project / "out")
    assert stopped.value.where == str(path)
    assert stopped.value.message in lines[0]
    assert words in stopped.value.message


def test_every_problem_is_listed_and_a_named_sheet_alone(project: Path) -> None:
    for case in ("unknown quote", "ungrounded number", "unknown id"):
        sheet, edit, *_ = CASES[case]
        path = project / "coding" / f"{sheet}.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    everything = _check(project).stdout.splitlines()
    assert [line.split(":")[0] for line in everything] == [
        str(project / "coding" / "persons.yaml"),
        str(project / "coding" / "casualties.yaml"),
        str(project / "coding" / "casualties.yaml"),
    ]
    named = run_cli("check", "--raw", str(project / "raw"), str(project / "coding/persons.yaml"))
    assert named.returncode == 1
    assert named.stdout.splitlines() == everything[:1]


def test_a_path_that_is_not_a_sheet_is_one_line(project: Path) -> None:
    result = _check(project, str(project / "raw" / "manifest.yaml"))
    assert result.returncode == 1 and not result.stdout
    assert result.stderr.count("\n") == 1 and "not a coding sheet" in result.stderr


def test_a_manifest_alias_bomb_is_one_line_at_the_manifest(project: Path) -> None:
    """The manifest is read with the alias budget, though libyaml parses it (for speed)."""
    manifest = project / "raw" / "manifest.yaml"
    manifest.write_bytes(ALIAS_BOMB + manifest.read_bytes())
    result = _check(project)
    assert result.returncode == 1 and not result.stderr
    assert result.stdout.splitlines() == [
        f"{manifest}: cannot read the manifest: aliases (*name) here stand for more than 10000 "
        "values"
    ]


def test_the_manifest_reads_as_with_pyyamls_own_parser() -> None:
    """libyaml parses the manifest and the crisis declaration; what they hold is unchanged."""
    for path in (RAW / "manifest.yaml", ROOT / "expectations" / "crisis.yaml"):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=SafeLoader) == yaml.load(text, Loader=yaml.SafeLoader)
    assert issubclass(SafeLoader, yaml.CSafeLoader)  # libyaml's parser, PyYAML's composer


def test_a_changed_raw_article_is_reported(project: Path) -> None:
    article = next((project / "raw").glob("cnn-*.txt"))
    article.write_bytes(article.read_bytes().replace(b"140 Peruvian", b"141 Peruvian"))
    result = _check(project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        line for line in result.stdout.splitlines() if "raw file changed" in line
    ]
    assert len(result.stdout.splitlines()) == 1


def _check_loading(modules: tuple[str, ...]) -> list:
    """[exit status of `check` on the real corpus, which of `modules` it imported]."""
    probe = (
        "import json, sys\n"
        "from pipeline.cli import main\n"
        "code = main(['check'])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{modules!r})]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_check_loads_none_of_the_heavy_libraries() -> None:
    assert _check_loading(HEAVY) == [0, []]


def test_check_reads_clean_sheets_without_pyyaml() -> None:
    """The sheets, the manifest and crisis.yaml keep to the line reader's subset, so PyYAML
    (and libyaml) are imported only where a sheet leaves it or a problem needs its lines."""
    assert _check_loading(("yaml", "_yaml")) == [0, []]


# Modules only other commands need, each a share of the start-up that the target
# compares with `python -c "import yaml"` (dataclasses imports inspect, which imports ast;
# shutil imports bz2 and lzma).
SLOW_START = (
    "dataclasses", "inspect", "ast", "tempfile", "traceback", "calendar", "csv", "heapq",
    "shutil", "bz2", "lzma",
)  # fmt: skip


def test_check_starts_without_what_only_other_commands_need() -> None:
    assert _check_loading(SLOW_START) == [0, []]


def _help_lines(name: str, columns: int, terminal: bool) -> list[str]:
    """`name --help`'s lines, written to a terminal of `columns`, or with $COLUMNS set."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    command = [sys.executable, "-m", "pipeline", name, "--help"]
    if not terminal:
        env["COLUMNS"] = str(columns)
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              check=True).stdout.splitlines()  # fmt: skip
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=follower) as child:
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # Linux: EIO once the child has closed the terminal
                break
            if not chunk:
                break
            output += chunk
    os.close(leader)
    assert child.returncode == 0
    return output.decode().replace("\r\n", "\n").splitlines()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "COLUMNS"])
@pytest.mark.parametrize("columns", [50, 110])
@pytest.mark.parametrize(
    ("name", "opening"), [("check", "Read the coding sheets"), ("locate", "Print every")]
)
def test_help_wraps_to_the_terminal(name: str, opening: str, columns: int, terminal: bool) -> None:
    """The description fills the terminal's width less argparse's margin of 2, not a fixed
    width (the usage's lines are indented to the command's name and may run over)."""
    description = "\n".join(_help_lines(name, columns, terminal)).split("\n\n")[1].splitlines()
    assert description[0].startswith(opening)
    assert columns - 12 < max(map(len, description)) <= columns - 2


def test_help_says_what_only_the_build_checks() -> None:
    result = run_cli("check", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())  # as wrapped to the terminal's width
    for words in ("Frictionless", "Great Expectations", "casualty totals", "database"):
        assert words in text
