"""One build at a time, and no reader during a publish: two advisory locks in root/build/.

`exclusive` is held for a whole build (a second build waits for it, saying so); `publishing`
is held exclusively while the outputs are swapped in and shared by a reader (validate, query)
while it opens the package, so a reader never sees half a swap. Locks die with their process.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUILD_LOCK = Path("build") / "build.lock"
PUBLISH_LOCK = Path("build") / "publish.lock"


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


@contextmanager
def exclusive(root: Path) -> Iterator[None]:
    """Hold the build lock of `root`; wait (with one line on stderr) while another build runs."""
    path = root / BUILD_LOCK
    fd = _open(path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"waiting: another build of {root} is running; this one starts when it ends",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield  # the lock file stays empty: a build leaves no trace in it
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def publishing(root: Path, shared: bool = False) -> Iterator[None]:
    """Exclusive while a publish swaps outputs in; `shared` for a reader of the package.

    A package without build/, or where the lock cannot be created (read-only, a download),
    has no build running in it: a reader goes ahead without the lock (and creates nothing).
    """
    path = root / PUBLISH_LOCK
    try:
        if shared and not path.parent.is_dir():
            raise FileNotFoundError(path.parent)
        fd = _open(path)
    except OSError:
        if not shared:
            raise
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
