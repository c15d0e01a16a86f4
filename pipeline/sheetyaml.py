"""Stage 3, reading: a coding sheet's YAML -> its raw records, each with its place.

The values are what PyYAML's safe loader makes of the sheet (YAML 1.1, except that dates
stay text). A sheet written in the strict subset that the sheets keep to is read line by line
in pure Python (`pipeline.lineyaml`), with no `import yaml`; any other sheet, and a big one,
is read by libyaml (`pipeline.sheetlibyaml`), which gives its errors. A record's YAML nodes,
whose marks give the lines of its keys, are composed by libyaml only where a problem needs them.
"""

# Without `from __future__ import annotations`: a NamedTuple (Place) compiles each string
# annotation into a ForwardRef as the class is made, a cost of check's start-up.
from bisect import bisect_left
from collections.abc import Iterator
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
    keeps to its subset, else by libyaml; a big sheet by libyaml in a child process, so that
    the caller codes and checks its records while the child reads the next ones."""
    try:
        big = path.stat().st_size >= READ_AHEAD
    except OSError:
        big = False  # libyaml's reading says what is wrong
    if big:
        from pipeline import forked  # a subprocess and its pipe: only for a big sheet

        return forked.stream(f"reading {path}", ["-m", "pipeline.sheetlibyaml", str(path)])
    try:
        return iter(lineyaml.records(path.read_bytes().decode("utf-8")))
    except (OSError, UnicodeDecodeError, lineyaml.Outside):
        from pipeline import sheetlibyaml  # the whole sheet again, as libyaml reads it

        return sheetlibyaml.read(path)


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
