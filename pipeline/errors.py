"""The one exception users see: a one-line message naming the file, the record and the problem."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A problem with the inputs or the published files, reported without a traceback.

    `field` (a key of the record, or of `entry`, one of its evidence or nested entries) and
    `line`/`column` (1-based, where the file itself is at fault) say where in a sheet the
    problem is: `check` turns them into `path:line:column`; the message does not change.
    """

    def __init__(
        self,
        where: str,
        message: str,
        record: str | None = None,
        *,
        field: str | None = None,
        entry: Any = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.where, self.record, self.message = where, record, message
        self.field, self.entry, self.line, self.column = field, entry, line, column
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None], dict[str, Any]]:
        """To cross from a child process: all but `entry`, an object of the child's."""
        where = {"field": self.field, "line": self.line, "column": self.column}
        return type(self), (self.where, self.message, self.record), where

    def __str__(self) -> str:  # one line, however long or odd the values it repeats
        record = f" [{echo(self.record)}]" if self.record else ""
        return f"{echo(self.where)}{record}: {echo(self.message, 2 * ECHO_LIMIT)}"


ECHO_LIMIT = 200  # characters of a value an error line repeats


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value as an error line may repeat it: control characters escaped, length capped."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def first_line(exc: BaseException) -> str:
    """An exception's message as one line (library messages often run on with context)."""
    lines = str(exc).strip().splitlines()
    return echo(lines[0] if lines else type(exc).__name__)
