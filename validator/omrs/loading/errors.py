"""The one exception the loader raises: a problem that stops a file from being a document."""

from __future__ import annotations

from typing import Any


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


def at_mark(code: str, message: str, mark: Any, pointer: str = "") -> LoadProblem:
    """A LoadProblem located at a YAML parser mark (0-based) in 1-based line and column."""
    return LoadProblem(code, message, pointer=pointer, line=mark.line + 1, column=mark.column + 1)
