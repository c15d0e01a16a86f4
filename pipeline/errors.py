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

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None]]:
        return type(self), (self.where, self.message, self.record)  # to cross from a child process

    def __str__(self) -> str:
        record = f" [{self.record}]" if self.record else ""
        return f"{self.where}{record}: {self.message}"
