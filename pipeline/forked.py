"""Run work in a forked child: a memory-hungry stage (`call`), or a producer (`stream`).

CPython seldom returns freed memory to the system, so a stage that peaks at hundreds of MiB
(assembling the tables, the Frictionless validator) would otherwise keep that much resident
for the rest of the build, on top of DuckDB and Great Expectations. `stream` puts a
producer (reading a big coding sheet) on another core while the parent consumes its items.
A user error raised in the child is raised again here; any other error comes back as the
child's traceback. A child dies with its parent (`adopt`), however the parent ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import IO, Any, TypeVar

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


def stream(what: str, items: Callable[[], Iterable[T]], batch: int = 100) -> Iterator[T]:
    """`items()`'s items, produced in a forked child while the caller works on those it has.

    They come through a pipe in pickled batches of `batch`; a user error comes after the
    items produced before it. A caller that stops early (an error of its own, Ctrl-C) ends
    the child. A bare fork, as a daemonic process (`call`'s child) may not start another.
    """
    there, here = os.pipe()  # (read end, write end)
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: room for the child to run further ahead
        with contextlib.suppress(OSError):
            fcntl.fcntl(here, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    sys.stdout.flush()  # or the child would write the parent's buffered output again
    sys.stderr.flush()
    parent = os.getpid()
    gc.freeze()  # the child's collector then leaves the parent's objects (and pages) alone
    try:
        child = os.fork()
    except OSError:
        gc.unfreeze()
        raise
    if child == 0:
        code = 1  # unless all was sent
        try:
            os.close(there)
            adopt(parent)
            with os.fdopen(here, "wb") as pipe:
                _produce(pipe, items, batch)
            code = 0
        finally:
            os._exit(code)  # never back into the parent's code
    gc.unfreeze()
    os.close(here)
    ended = False  # the child said all it had to say
    status: int | None = None  # once reaped
    try:
        with os.fdopen(there, "rb") as pipe:
            while True:
                try:
                    kind, value = pickle.load(pipe)
                except (EOFError, pickle.UnpicklingError):  # the child died (killed, no memory)
                    status = os.waitpid(child, 0)[1]
                    kind, value = "bug", f"exit code {os.waitstatus_to_exitcode(status)}"
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
        if status is None:
            if not ended:
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def _produce(pipe: IO[bytes], items: Callable[[], Iterable[T]], size: int) -> None:
    """In the child: send `items()` in batches, then the end or the error that stopped it."""

    def send(kind: str, value: object) -> None:
        pickle.dump((kind, value), pipe, pickle.HIGHEST_PROTOCOL)
        pipe.flush()

    batch: list[T] = []
    try:
        for item in items():
            batch.append(item)
            if len(batch) == size:
                send("items", batch)
                batch = []
        send("items", batch)
        send("end", None)
    except UserError as exc:
        send("items", batch)
        send("error", exc)
    except Exception:  # a bug, not a user error: the parent shows its traceback
        send("bug", traceback.format_exc())
