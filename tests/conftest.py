"""Fixtures shared by the test modules (plain helpers are in helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli


@pytest.fixture(scope="session")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of the committed inputs into a temporary folder."""
    out = tmp_path_factory.mktemp("rebuild")
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out
