"""Stages run in a forked child: the result comes back, a user error stays a one-line error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT

from pipeline import forked
from pipeline.errors import UserError


def _refuse(where: str) -> None:
    raise UserError(where, "is not a coding sheet", record="ev-1")


def test_the_result_comes_back_from_another_process() -> None:
    assert forked.call(os.getpid) != os.getpid()
    assert forked.call(divmod, 17, 5) == (3, 2)


def test_a_user_error_in_the_child_is_raised_again_whole() -> None:
    with pytest.raises(UserError) as caught:
        forked.call(_refuse, "coding/persons.yaml")
    assert str(caught.value) == "coding/persons.yaml [ev-1]: is not a coding sheet"


def test_a_bug_in_the_child_brings_back_its_traceback() -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError") as caught:
        forked.call(divmod, 1, 0)
    assert "divmod failed in its child process" in str(caught.value)


def test_a_child_that_dies_without_answering_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        forked.call(os._exit, 3)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its exit code is left


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_children_die_with_a_killed_build(how: signal.Signals, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pipeline", "build", "--out", str(tmp_path), "--force"]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as build:
        deadline = time.monotonic() + 60
        while not (children := _children(build.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert children, "the build started no child (the Great Expectations lane)"
        build.send_signal(how)
        build.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(c) for c in children)
