"""Run work in a child: a memory-hungry stage (`call`, forked), or a producer (`stream`).

CPython seldom returns freed memory to the system, so a stage that peaks at hundreds of MiB
(assembling the tables, the Frictionless validator) would otherwise keep that much resident
for the rest of the build, on top of DuckDB and Great Expectations. `stream` puts a
producer (reading a big coding sheet) on another core while the parent consumes its items.
A user error raised in the child is raised again here; any other error comes back as the
child's traceback. A child dies with its parent (`adopt`), however the parent ends, and
leaves Ctrl-C to it: whatever the timing, only the parent reports it (one line).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pipeline.errors import UserError

T = TypeVar("T")


def context() -> Any:
    return multiprocessing.get_context("fork")  # the child has the loaded modules: no re-import


PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
PIPE_BYTES = 1 << 20  # a stream's pipe: Linux's largest for a user (/proc/sys/fs/pipe-max-size)


def adopt(parent: int, *parent_ends: Connection) -> None:
    """First thing in a child: die when `parent` does (even by SIGKILL), leave Ctrl-C to it,
    and close the parent's ends of the pipes, so that a read sees EOF once the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports it and stops us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back since `start`
    for end in parent_ends:
        end.close()
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def start(process: BaseProcess) -> None:
    """Fork `process` with Ctrl-C held back until the child ignores it (`adopt`), so that it
    never interrupts the child while the child still runs the parent's code (its handlers
    would report the Ctrl-C a second time); the parent gets it once the child is started."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def reply(pipe: Connection, work: Callable[[], object]) -> None:
    """In the child: send `work()`'s result, or the error it raised, to the parent; end
    quietly if the parent stopped listening (Ctrl-C, an error of its own)."""
    try:
        answer = (True, work())
    except UserError as exc:
        answer = (False, exc)
    except BaseException:  # a bug, not a user error: the parent shows its traceback
        answer = (False, traceback.format_exc())
    try:
        pipe.send(answer)
    except ConnectionError:  # the parent closed its end: nobody is left to tell
        sys.exit(1)


def receive(pipe: Connection, process: BaseProcess, what: str) -> Any:
    """In the parent: the child's answer to `reply`, once the child has ended."""
    try:
        ok, value = pipe.recv()
    except EOFError:  # the child died without answering (killed, out of memory)
        process.join()
        ok, value = False, f"exit code {process.exitcode}"
    process.join()
    if ok:
        return value
    if isinstance(value, UserError):
        raise value
    raise RuntimeError(f"{what} failed in its child process:\n{value}")


def call(func: Callable[..., T], *args: object) -> T:
    """`func(*args)`, computed in a forked child process."""
    here, there = context().Pipe()
    process = context().Process(
        target=_child, args=(os.getpid(), here, there, partial(func, *args)), daemon=True
    )
    start(process)
    there.close()
    try:
        return receive(here, process, func.__name__)
    finally:
        here.close()


def _child(parent: int, here: Connection, there: Connection, work: Callable[[], T]) -> None:
    adopt(parent, here)
    reply(there, work)


def stream(what: str, args: list[str]) -> Iterator[Any]:
    """The items that `python ARGS` sends with `send`, as they come: the caller works on
    those it has while the child (on another core) makes the next ones.

    A fresh interpreter, not a fork: a forked child's allocations land in the parent's
    half-used memory pages and copy them (some 100 MiB of them at 1,000 articles).
    A user error comes after the items sent before it; a caller that stops early (an error
    of its own, Ctrl-C) ends the child, and the child ends with the caller (`send`).
    """
    root = str(Path(__file__).resolve().parent.parent)  # where `pipeline` is found
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, *args, str(os.getpid())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path},
        start_new_session=True,  # Ctrl-C is the caller's to handle (it ends the child)
    )
    pipe = process.stdout
    assert pipe is not None
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: room for the child to run further ahead
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    ended = False  # the child said all it had to say
    try:
        while True:
            try:
                kind, value = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):  # the child died (killed, no memory)
                kind, value = "bug", f"exit code {process.wait()}"
            ended = kind != "items"
            if kind == "items":
                yield from value
            elif kind == "end":
                return
            elif kind == "error":
                raise value
            else:
                raise RuntimeError(f"{what} failed in its child process:\n{value}")
    finally:
        if not ended:
            process.kill()
        process.wait()
        pipe.close()


def send(items: Iterable[Any], batch: int = 100) -> None:
    """In a child `stream` started (its last argument is the caller's process id): send
    `items` to standard output in pickled batches, then their end or the user error that
    stopped them; die with the caller, and end quietly if it stopped reading."""
    adopt(int(sys.argv[-1]))
    try:
        _send(items, batch, sys.stdout.buffer)
    except BrokenPipeError:  # the caller has ended: nobody is left to tell
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # or exit's flush fails
        sys.exit(1)


def _send(items: Iterable[Any], batch: int, out: BinaryIO) -> None:
    def part(kind: str, value: object) -> None:
        pickle.dump((kind, value), out, pickle.HIGHEST_PROTOCOL)
        out.flush()

    done: list[Any] = []
    try:
        for item in items:
            done.append(item)
            if len(done) == batch:
                part("items", done)
                done = []
        part("items", done)
        part("end", None)
    except UserError as exc:
        part("items", done)
        part("error", exc)
    except Exception:  # a bug, not a user error: the caller shows its traceback
        part("bug", traceback.format_exc())
