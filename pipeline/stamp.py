"""No-op builds: digests of the build's inputs and published outputs <-> build/stamp.json.

Inputs are raw/, the coding sheets, the expectation suites, every file of pipeline/, the
lockfile, CITATION.cff (the package's metadata and version; the downloads quote it), the
Python version and the git provenance (both defined here and recorded in the descriptor);
outputs are datapackage.json, tables/, figures/, the database, its Parquet copies and the
downloads. Only the standard library is
imported, so the check stays cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from pipeline import config

STAMP = Path("build") / "stamp.json"
# Inputs whose last commit the package records as its provenance (see `git_describe`).
INPUT_PATHS = ("raw", "coding", "expectations", "pipeline", "requirements.lock", "CITATION.cff")
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"  # the build's Python, as recorded
# Each published path as itself (a file) and with everything under it (a folder).
OUTPUTS = tuple(p for out in config.OUTPUTS for p in (out, f"{out}/**/*"))


def _files(folder: Path, pattern: str = "**/*") -> list[Path]:
    found = (p for p in folder.glob(pattern) if p.is_file())
    return sorted(p for p in found if p.suffix != ".pyc" and "__pycache__" not in p.parts)


def _digest(named: list[tuple[str, bytes]]) -> str:
    total = hashlib.sha256()
    for name, data in named:
        total.update(f"{name}\0{len(data)}\0".encode())
        total.update(hashlib.sha256(data).digest())
    return total.hexdigest()


def _git(*args: str) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=config.ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return result.stdout.strip()


def git_describe() -> str:
    """git describe of the last commit that changed an input, '-dirty' if inputs are uncommitted.

    Not HEAD's: the commit that publishes the tables must not change the tables' own
    provenance, or no committed package could ever equal its rebuild.
    """
    commit = _git("log", "-1", "--format=%H", "--", *INPUT_PATHS)
    if not commit:
        return "unknown"
    describe = _git("describe", "--always", "--tags", "--abbrev=12", commit)
    dirty = _git("status", "--porcelain", "--", *INPUT_PATHS)
    return describe + ("-dirty" if dirty else "")


def git_created() -> str | None:
    """When the package's inputs were last committed (UTC, ISO 8601): the descriptor's
    `created`, taken from git rather than the clock so a rebuild gives the same bytes."""
    commit = _git("log", "-1", "--format=%ct", "--", *INPUT_PATHS)
    if not commit:
        return None
    moment = dt.datetime.fromtimestamp(int(commit), dt.UTC)
    return moment.isoformat().replace("+00:00", "Z")


def inputs_digest(raw: Path, coding: Path) -> str:
    """Everything the build reads: change any of it and the outputs may change."""
    folders = {
        "raw": raw,
        "coding": coding,
        "expectations": config.SUITES,
        "pipeline": config.ROOT / "pipeline",
    }
    named = [
        (f"{key}/{path.relative_to(folder).as_posix()}", path.read_bytes())
        for key, folder in folders.items()
        for path in _files(folder)
    ]
    for name, path in (("lockfile", config.LOCKFILE), ("citation", config.CITATION)):
        named.append((name, path.read_bytes() if path.exists() else b""))
    named.append(("python", PYTHON.encode()))
    named.append(("git_describe", git_describe().encode()))
    return _digest(named)


def outputs_digest(root: Path) -> str:
    """The published files as they are on disk now, so a hand edit or deletion is noticed."""
    paths = sorted({p for pattern in OUTPUTS for p in _files(root, pattern)})
    return _digest([(p.relative_to(root).as_posix(), p.read_bytes()) for p in paths])


def up_to_date(root: Path, inputs: str) -> bool:
    """True when the last successful build read these inputs and its outputs are untouched."""
    try:
        stamp = json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == {"inputs": inputs, "outputs": outputs_digest(root)}


def record(root: Path, inputs: str) -> None:
    """After a successful build: remember its inputs (as read before it ran) and outputs."""
    path = root / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"inputs": inputs, "outputs": outputs_digest(root)}
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
