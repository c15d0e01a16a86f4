"""The one exception users see: a one-line message naming the file, the record and the problem."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the inputs or the published files, reported without a traceback."""

    def __init__(self, where: str, message: str, record: str | None = None) -> None:
        self.where, self.record, self.message = where, record, message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None]]:
        return type(self), (self.where, self.message, self.record)  # to cross from a child process

    def __str__(self) -> str:
        record = f" [{self.record}]" if self.record else ""
        return f"{self.where}{record}: {self.message}"
