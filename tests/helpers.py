"""Shared test helpers: the repository root, the raw texts, and running the CLI like a user."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
CNN = "cnn-1997-04-22-peru-hostage-rescue.txt"
WIKIPEDIA = "wikipedia-japanese-embassy-hostage-crisis.txt"
# Nine lines whose last alias stands for 9 ** 9 values (gigabytes once walked).
ALIAS_BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n".encode()
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def raw_text(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=600,
    )


def frictionless_validate(folder: Path) -> subprocess.CompletedProcess:
    """`frictionless validate datapackage.json`, run in `folder` as a user would."""
    frictionless = Path(sys.executable).parent / "frictionless"
    return subprocess.run(
        [str(frictionless), "validate", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )


def one_line_error(result: subprocess.CompletedProcess, *needles: str, code: int = 1) -> str:
    """The single, printable, bounded error line of a failed command, holding each needle."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[:3000]
    assert len(lines[0]) < 1000 and lines[0].isprintable(), lines[0][:3000]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
