"""The real programs users open our files with: found, or skipped with how to install them.

Locally a missing program skips its tests with one line saying how to install it; under CI
(`CI=true`, where `.ci/run` installs them first) a missing program fails instead.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent

# program -> how to get it (the Debian packages are the ones .ci/run installs)
INSTALL = {
    "duckdb": "pip install duckdb-cli (pinned in requirements.lock: `make test` installs it)",
    "soffice": "apt-get install libreoffice-calc-nogui",
    "Rscript": "apt-get install r-base-core r-cran-haven",
}


def require(program: str) -> str:
    """The path of `program` (the virtual environment's own first), or skip/fail the test."""
    found = shutil.which(program, path=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found:
        return found
    message = f"{program} is not installed: {INSTALL[program]}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must test with the real program: {message}", pytrace=False)
    pytest.skip(message)
