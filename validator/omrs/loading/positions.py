"""Source positions: map JSON Pointers to 1-based line and column in the file.

Findings must say where in the file a problem is, yet a 10 MiB record may hold millions of
values, so the index is compact: it mirrors the data instead of naming every value.
A pointer is resolved by walking the data and the index together, one token at a time;
each container knows where its members start (packed integers in ``array('q')``), and
member names are found through the data itself, which keeps its keys in file order.
When a pointer leads somewhere the file does not show (a missing field, a value merged
in by a YAML alias), the position of the nearest ancestor that does exist is used.
"""

from __future__ import annotations

import abc
import bisect
from array import array
from collections.abc import Callable
from typing import Any

Position = tuple[int, int]  # (line, column), 1-based
#: A raw position as an index stores it (an offset or a packed line and column); -1: none.
Raw = int
#: One member of a container: where its key and value start, and its own container.
Member = tuple[Raw, Raw, int | None]


def escape_token(token: str) -> str:
    """Escape one JSON Pointer reference token (RFC 6901 section 3)."""
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(parent: str, token: str | int) -> str:
    return f"{parent}/{escape_token(str(token))}"


def parent_pointer(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


def split_pointer(pointer: str) -> list[str] | None:
    """The unescaped reference tokens of ``pointer`` (None if it is not a JSON Pointer)."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        return None
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _array_index(token: str, size: int) -> int | None:
    """An array index token in RFC 6901's form (no sign, no leading zero) within ``size``."""
    if not token.isascii() or not token.isdigit() or (token != "0" and token[0] == "0"):
        return None
    index = int(token) if len(token) < 20 else size
    return index if index < size else None


class PositionIndex(abc.ABC):
    """Where each value (and each member name) of one document starts.

    Subclasses say where the root is and what a container's n-th member is; this class
    walks pointers. ``value`` and ``key`` keep the contract every caller relies on: the
    exact place when the file shows it, else the nearest ancestor's value.
    """

    def __init__(self, data: Any) -> None:
        self._data = data
        self._names: dict[int, dict[str, int]] = {}

    # -- what subclasses provide ---------------------------------------------------------
    @abc.abstractmethod
    def _root(self) -> tuple[Raw, int | None]:
        """The root value's raw position and container handle (None for a scalar)."""

    @abc.abstractmethod
    def _member(self, node: int, ordinal: int) -> Member | None:
        """The ``ordinal``-th member written in container ``node`` (None: not written)."""

    @abc.abstractmethod
    def _position(self, raw: Raw) -> Position:
        """The line and column of a raw position."""

    def _ordinals(self, node: int, data: dict[str, Any]) -> dict[str, int]:
        """Member name → ordinal; objects keep their keys in file order."""
        return {name: ordinal for ordinal, name in enumerate(data)}

    # -- the API ---------------------------------------------------------------------------
    def value(self, pointer: str) -> Position | None:
        """Position of ``pointer``'s value, or of its nearest existing ancestor."""
        best, _ = self._walk(pointer)
        return self._position(best) if best >= 0 else None

    def key(self, pointer: str) -> Position | None:
        """Position of the member name for ``pointer`` (falls back to the value)."""
        best, key = self._walk(pointer)
        raw = key if key >= 0 else best
        return self._position(raw) if raw >= 0 else None

    def _walk(self, pointer: str) -> tuple[Raw, Raw]:
        """(value of the deepest pointer prefix the file shows, key of ``pointer`` or -1)."""
        best, node = self._root()
        tokens = split_pointer(pointer) or []
        data = self._data
        for depth, token in enumerate(tokens):
            ordinal = None if node is None else self._ordinal(node, data, token)
            member = None if node is None or ordinal is None else self._member(node, ordinal)
            if member is None:
                break
            key, value, node = member
            best = value if value >= 0 else best
            if depth == len(tokens) - 1:
                return best, key
            data = data[token] if isinstance(data, dict) else data[ordinal]
        return best, -1

    def _ordinal(self, node: int, data: Any, token: str) -> int | None:
        if isinstance(data, list):
            return _array_index(token, len(data))
        if not isinstance(data, dict) or token not in data:
            return None
        names = self._names.get(node)
        if names is None:
            names = self._names[node] = self._ordinals(node, data)
        return names.get(token)


class SlotPositions(PositionIndex):
    """Positions recorded while a document is built (YAML): one slot per written value.

    Slots are numbered in document order; ``extent[s]`` counts the slots of the subtree
    rooted at ``s`` (1 for a scalar, an alias or an empty container), so a container's
    members are found by skipping whole subtrees. Positions are packed as
    ``line << 32 | column`` (both 1-based).
    """

    def __init__(
        self,
        data: Any,
        values: array[int],
        keys: array[int],
        extent: array[int],
        ordinals: dict[int, dict[str, int]],
    ) -> None:
        super().__init__(data)
        self._values, self._keys, self._extent = values, keys, extent
        self._explicit = ordinals
        self._children: dict[int, array[int]] = {}

    def _root(self) -> tuple[Raw, int | None]:
        if not self._values:
            return -1, None
        return self._values[0], 0 if self._extent[0] > 1 else None

    def _ordinals(self, node: int, data: dict[str, Any]) -> dict[str, int]:
        explicit = self._explicit.get(node)  # a mapping with YAML merge keys
        return explicit if explicit is not None else super()._ordinals(node, data)

    def _member(self, node: int, ordinal: int) -> Member | None:
        children = self._children.get(node)
        if children is None:
            children = self._children[node] = self._child_slots(node)
        if ordinal >= len(children):
            return None
        slot = children[ordinal]
        return self._keys[slot], self._values[slot], slot if self._extent[slot] > 1 else None

    def _child_slots(self, node: int) -> array[int]:
        out, slot, end = array("q"), node + 1, node + self._extent[node]
        while slot < end:
            out.append(slot)
            slot += self._extent[slot]
        return out

    def _position(self, raw: Raw) -> Position:
        return raw >> 32, raw & 0xFFFFFFFF


def pack(line: int, column: int) -> Raw:
    """A 1-based line and column as one integer for :class:`SlotPositions`."""
    return line << 32 | column


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
    """Converts character offsets to 1-based (line, column); lines end at ``\\n``."""

    def __init__(self, text: str) -> None:
        self._starts = array("q", [0])
        start = text.find("\n")
        while start != -1:
            self._starts.append(start + 1)
            start = text.find("\n", start + 1)

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
