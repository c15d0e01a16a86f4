"""Run a memory-hungry stage in a forked child: its result comes back, its heap goes with it.

CPython seldom returns freed memory to the system, so a stage that peaks at hundreds of MiB
(assembling the tables, the Frictionless validator) would otherwise keep that much resident
for the rest of the build, on top of DuckDB and Great Expectations. A user error raised in
the child is raised again here; any other error comes back as the child's traceback.
A child dies with its parent (`adopt`), however the parent ends.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from pipeline.errors import UserError

T = TypeVar("T")


def context() -> Any:
    return multiprocessing.get_context("fork")  # the child has the loaded modules: no re-import


PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def adopt(parent: int, *parent_ends: Connection) -> None:
    """First thing in a child: die when `parent` does (even by SIGKILL), leave Ctrl-C to it,
    and close the parent's ends of the pipes, so that a read sees EOF once the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports it and stops us
    for end in parent_ends:
        end.close()
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def reply(pipe: Connection, work: Callable[[], object]) -> None:
    """In the child: send `work()`'s result, or the error it raised, to the parent."""
    try:
        answer = (True, work())
    except UserError as exc:
        answer = (False, exc)
    except BaseException:  # a bug, not a user error: the parent shows its traceback
        answer = (False, traceback.format_exc())
    pipe.send(answer)


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
    process.start()
    there.close()
    try:
        return receive(here, process, func.__name__)
    finally:
        here.close()


def _child(parent: int, here: Connection, there: Connection, work: Callable[[], T]) -> None:
    adopt(parent, here)
    reply(there, work)
