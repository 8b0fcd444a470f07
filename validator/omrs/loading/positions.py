"""Source positions: map JSON Pointers to 1-based line and column in the file.

Findings must say where in the file a problem is. Parsing is fast in C; positions are only
needed when something is wrong, so for JSON the index is built lazily by a small scanner,
and for YAML it comes for free from the composer's node marks.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

Position = tuple[int, int]  # (line, column), 1-based


def escape_token(token: str) -> str:
    """Escape one JSON Pointer reference token (RFC 6901 section 3)."""
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(parent: str, token: str | int) -> str:
    return f"{parent}/{escape_token(str(token))}"


def parent_pointer(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


@dataclass(slots=True)
class PositionIndex:
    """Pointer → where its value starts and, for object members, where its key starts."""

    values: dict[str, Position] = field(default_factory=dict)
    keys: dict[str, Position] = field(default_factory=dict)

    def value(self, pointer: str) -> Position | None:
        """Position of ``pointer``'s value, or of its nearest existing ancestor."""
        while True:
            if pointer in self.values:
                return self.values[pointer]
            if not pointer:
                return None
            pointer = parent_pointer(pointer)

    def key(self, pointer: str) -> Position | None:
        """Position of the member name for ``pointer`` (falls back to the value)."""
        return self.keys.get(pointer) or self.value(pointer)


class LazyPositions:
    """A PositionIndex computed on first use by ``build``."""

    def __init__(self, build: Callable[[], PositionIndex]) -> None:
        self._build = build
        self._index: PositionIndex | None = None

    @property
    def index(self) -> PositionIndex:
        if self._index is None:
            self._index = self._build()
        return self._index


class LineTable:
    """Converts character offsets to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        start = text.find("\n")
        while start != -1:
            self._starts.append(start + 1)
            start = text.find("\n", start + 1)

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
