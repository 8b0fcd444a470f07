"""The one exception the loader raises: a problem that stops a file from being a document."""

from __future__ import annotations


class LoadProblem(Exception):
    """A file cannot be read as a document; carries a located finding's parts.

    ``io`` marks failures of the run itself (missing or unreadable path, exit 2) as opposed
    to content that is not a valid document (a finding, exit 1).
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        pointer: str = "",
        line: int | None = None,
        column: int | None = None,
        io: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.pointer = pointer
        self.line = line
        self.column = column
        self.io = io
