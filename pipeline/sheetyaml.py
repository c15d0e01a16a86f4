"""Stage 3, reading: a coding sheet's YAML -> its raw records, each with its place.

The values are what PyYAML's safe loader makes of the sheet (YAML 1.1, except that dates
stay text). A sheet written in the strict subset that the sheets keep to is read line by line
in pure Python (`pipeline.lineyaml`), with no `import yaml`; any other sheet, and a big one,
is read by libyaml (`pipeline.sheetlibyaml`), which gives its errors. A record's YAML nodes,
whose marks give the lines of its keys, are composed by libyaml only where a problem needs them.
`check` has its sheets prefetched by the line reader in a forked child (`prefetch`).
"""

# Without `from __future__ import annotations`: a NamedTuple (Place) compiles each string
# annotation into a ForwardRef as the class is made, a cost of check's start-up.
import marshal
import os
import signal
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import IO, Any, NamedTuple

from pipeline import lineyaml


def iter_sheet(path: Path) -> Iterator[Any]:
    """The raw records of a sheet, one at a time: a big sheet is never held whole."""
    for _start, record in _records_of(path):
        yield record


def iter_sheet_places(path: Path) -> Iterator[tuple["Place", Any]]:
    """Each raw record of a sheet with its place, whose YAML node gives the lines of its keys."""
    sheet = _Sheet(path)
    for ordinal, ((line, column, index), record) in enumerate(_records_of(path), 1):
        yield Place(sheet, ordinal, line, column, index), record


READ_AHEAD = 1 << 20  # bytes from which a sheet is read by libyaml in a child, on the other core


def _records_of(path: Path) -> Iterator[tuple[tuple[int, int, int], Any]]:
    """(start: line, column, index; value) of each record: by the line reader if the sheet
    keeps to its subset (prefetched, if it was), else by libyaml; a big sheet by libyaml in
    a child process, so that the caller codes and checks its records while the child reads
    the next ones."""
    records = _PREFETCH[-1].take(path) if _PREFETCH else _UNREAD
    if records is _UNREAD:
        records = _by_lines(path)
    if records is not None:
        return iter(records)
    try:
        big = path.stat().st_size >= READ_AHEAD
    except OSError:
        big = False  # libyaml's reading says what is wrong
    if big:
        from pipeline import forked  # a subprocess and its pipe: only for a big sheet

        return forked.stream(f"reading {path}", ["-m", "pipeline.sheetlibyaml", str(path)])
    from pipeline import sheetlibyaml  # the whole sheet again, as libyaml reads it

    return sheetlibyaml.read(path)


def _by_lines(path: Path) -> list | None:
    """A sheet's records as the line reader gives them; None where libyaml must read it."""
    try:
        if path.stat().st_size >= READ_AHEAD:
            return None
        return lineyaml.records(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, lineyaml.Outside):
        return None


_UNREAD = object()  # a sheet not prefetched (or whose child died): read it here


class _Prefetch:
    """A forked child that runs `_by_lines` on sheets, in order, and sends each result back
    marshalled (the line reader gives only what marshal carries: dicts, lists, text, ints,
    bools, None), each message its length and then its bytes. Made with Ctrl-C held back
    (`prefetch`), so that no KeyboardInterrupt can come between the fork and the `try`s that
    end the child and reap it."""

    def __init__(self, paths: list[Path]) -> None:
        self.pending = [str(path) for path in paths]  # in the order the child sends them
        self.got: dict[str, Any] = {}
        read, write = os.pipe()
        parent = os.getpid()
        try:
            self.pid = os.fork()
        except OSError:  # no process to spare (a limit, a sandbox)
            os.close(read)
            os.close(write)
            raise
        if os.getpid() != parent:
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # its parent reports a Ctrl-C
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    for path in paths:
                        data = marshal.dumps(_by_lines(path))
                        out.write(len(data).to_bytes(8, "little") + data)
            finally:  # the child never returns into its parent's code; a closed pipe ends it
                os._exit(0)
        os.close(write)
        self.pipe = os.fdopen(read, "rb")

    def take(self, path: Path) -> Any:
        """`path`'s records as the child read them (None: for libyaml), else `_UNREAD`."""
        name = str(path)
        while name in self.pending:
            try:
                size = int.from_bytes(self.pipe.read(8), "little")
                data = self.pipe.read(size)
                self.got[self.pending[0]] = marshal.loads(data) if len(data) == size else _UNREAD
            except (OSError, EOFError, ValueError):  # a torn message: the child died
                self.got[self.pending[0]] = _UNREAD
            del self.pending[0]
        return self.got.pop(name, _UNREAD)

    def close(self) -> None:
        """Reap the child, stopped first if it still has sheets to send (it may be stuck on
        one, a FIFO or a hung mount, and it ignores Ctrl-C)."""
        self.pipe.close()
        if self.pending:
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


_PREFETCH: list[_Prefetch] = []  # the prefetch in force, if any


@contextmanager
def prefetch(paths: list[Path]) -> Iterator[None]:
    """While in force, `iter_sheet_places` and `iter_sheet` take the records of `paths` from
    a forked child that reads them now, on another core (`check` imports its modules and
    segments the texts meanwhile). Where no child can be forked, nothing is prefetched."""
    if not hasattr(os, "fork"):  # Windows
        yield
        return
    ahead = None
    held = signal.pthread_sigmask(signal.SIG_BLOCK, ())  # the mask as it is
    try:
        # Ctrl-C is held back until the child is made and known here; the child ignores it
        # before it lets it through.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        with suppress(OSError):
            ahead = _Prefetch(paths)
            _PREFETCH.append(ahead)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held back is raised here
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if ahead is not None:
            _PREFETCH.remove(ahead)
            ahead.close()


class _Sheet:
    """A sheet whose records may be composed again, and where its lines start."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ends: list[int] | None = None  # newlines up to the end of each block of bytes

    def offset(self, line: int, handle: IO[bytes]) -> int:
        """The byte at which 0-based `line` starts."""
        if self.ends is None:
            handle.seek(0)
            counts = (block.count(b"\n") for block in iter(partial(handle.read, _BLOCK), b""))
            self.ends = list(accumulate(counts))
        block = bisect_left(self.ends, line)  # the block holding the line's newline
        handle.seek(block * _BLOCK)
        data, at = handle.read(_BLOCK), -1
        for _ in range(line - (self.ends[block - 1] if block else 0)):
            at = data.index(b"\n", at + 1)
        return block * _BLOCK + at + 1


_BLOCK = 1 << 16


class Place(NamedTuple):
    """Where a record starts in its sheet (0-based, as libyaml's marks)."""

    sheet: _Sheet
    ordinal: int  # 1 for the first record
    line: int
    column: int
    index: int  # in characters from the start of the sheet

    def node(self, record: Any) -> Any:
        """The YAML node of `record` (read from this place), with the marks of its first
        reading: composed from its own lines, else by reading the sheet again up to it.
        None if the sheet can no longer be read."""
        from pipeline import sheetlibyaml  # PyYAML's nodes: only where a problem needs lines

        return sheetlibyaml.node(self, record)
