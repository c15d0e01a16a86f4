"""Work run in a child: the result (or a stream of items) comes back, a user error stays
a one-line error, and the child ends with its parent."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT

from pipeline import forked
from pipeline.errors import UserError
from pipeline.sheetyaml import READ_AHEAD


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


def _run(program: str) -> subprocess.CompletedProcess[str]:
    """`program` in a fresh interpreter of its own process group (the terminal's Ctrl-C
    signals a whole group), its output captured; its children write to the same output."""
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
    )


LATE_ANSWER = """
import gc, multiprocessing, os, signal
from pipeline import forked

stopped_listening, listener_gone = os.pipe()

def answer_after_ctrl_c():
    os.kill(os.getppid(), signal.SIGINT)  # Ctrl-C lands in the parent while this child works
    os.read(stopped_listening, 1)  # and the child answers only once nobody listens
    return "too late"

try:
    forked.call(answer_after_ctrl_c)
except KeyboardInterrupt:
    pass
gc.collect()  # wherever the Ctrl-C landed in `call`, the parent's end of the pipe is closed
children = multiprocessing.active_children()
os.write(listener_gone, b".")
for child in children:
    child.join()
    print(child.exitcode)
"""


def test_a_child_that_answers_a_parent_no_longer_listening_ends_quietly() -> None:
    """An interrupted build stops listening to its child: the child ends without a word."""
    result = _run(LATE_ANSWER)
    assert result.stderr == ""  # no BrokenPipeError traceback beside the build's one line
    assert result.stdout.split() == ["1"]


CTRL_C_AT_FORK = """
import gc, multiprocessing, os, signal
from functools import partial
from pipeline import forked

# Ctrl-C to the whole group at the worst moment: the child is forked but still in the
# parent's code, before it could ignore Ctrl-C.
os.register_at_fork(after_in_child=partial(os.killpg, 0, signal.SIGINT))
try:
    print(forked.call(divmod, 17, 5))
except KeyboardInterrupt:
    print("interrupted")
gc.collect()
for child in multiprocessing.active_children():
    child.join()
"""


def test_ctrl_c_as_a_child_starts_is_the_parents_alone() -> None:
    result = _run(CTRL_C_AT_FORK)
    assert result.stderr == ""
    assert result.stdout == "interrupted\n"  # once: the child never runs the parent's handler


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


def _sent(code: str) -> list[str]:
    """`stream`'s arguments for a child that runs `code` (which calls `forked.send`)."""
    return ["-c", f"from pipeline import forked\nfrom pipeline.errors import UserError\n{code}"]


REFUSED = """
def counted():
    yield from range(250)
    raise UserError("coding/events.yaml", "malformed YAML at line 7: bad", line=7, column=3)
forked.send(counted())
"""


def test_a_stream_comes_in_order_with_its_user_error_last() -> None:
    assert list(forked.stream("counting", _sent("forked.send(range(250))"))) == list(range(250))
    read: list[int] = []
    with pytest.raises(UserError) as caught:
        read.extend(forked.stream("counting", _sent(REFUSED)))
    assert read == list(range(250))  # the items sent before the error, all of them
    assert str(caught.value) == "coding/events.yaml: malformed YAML at line 7: bad"
    assert (caught.value.line, caught.value.column) == (7, 3)


def test_a_bug_or_death_in_a_streaming_child_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        list(forked.stream("dividing", _sent("forked.send(1 // n for n in (1, 0))")))
    with pytest.raises(RuntimeError, match="exit code 3"):
        list(forked.stream("exiting", _sent("import os\nos._exit(3)")))


def test_a_stream_stopped_early_ends_its_child() -> None:
    items = forked.stream("counting", _sent("import itertools\nforked.send(itertools.count())"))
    assert next(items) == 0
    children = _children(os.getpid())
    assert children
    items.close()
    assert not any(_alive(pid) for pid in children)


def test_a_streaming_child_whose_caller_stopped_reading_ends_quietly() -> None:
    """The caller closes the pipe and is gone (here: stops reading) while the child sends."""
    code = _sent("import itertools\nforked.send(itertools.count())")
    with subprocess.Popen(
        [sys.executable, *code, str(os.getpid())],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.read(1)  # the child is sending
        child.stdout.close()
        stderr = child.stderr.read()
    assert stderr == b""  # neither a BrokenPipeError traceback nor one at exit's flush
    assert child.returncode == 1


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["Ctrl-C", signal.SIGTERM, signal.SIGKILL])
def test_a_reading_child_dies_with_a_stopped_check(
    how: str | signal.Signals, tmp_path: Path
) -> None:
    """A big sheet is read in a child while `check` codes it; stopping `check` ends it."""
    coding = tmp_path / "coding"
    shutil.copytree(ROOT / "coding", coding)
    persons = (coding / "persons.yaml").read_text(encoding="utf-8")
    head, records = persons.split("records:\n", 1)
    copies = [
        records.replace("- id: ", f"- id: copy{n}-") for n in range(2 * READ_AHEAD // len(persons))
    ]
    (coding / "persons.yaml").write_text(head + "records:\n" + "".join(copies), encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "check", "--coding", str(coding)]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    ) as check:
        deadline = time.monotonic() + 60
        while not (children := _children(check.pid)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert children, "check read the big sheet in no child"
        if how == "Ctrl-C":  # the terminal signals the whole foreground group
            os.killpg(check.pid, signal.SIGINT)
        else:
            check.send_signal(how)
        _, stderr = check.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(c) for c in children)
    if how == "Ctrl-C":
        assert stderr.decode().strip() == "error: check interrupted (Ctrl-C)"
