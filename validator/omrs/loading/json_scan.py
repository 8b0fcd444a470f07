"""Where things are in JSON text: containers, members, duplicate keys and literals.

Parsing is done in C by ``json``; this module only answers "where" once something is
wrong, and it must never crash, loop or recurse on any text, accepted or not. One regex
pass (in C) finds every container, skipping strings and scalars without a Python step
per value; a container's members are scanned only when a pointer leads into it. So a
10 MiB array of five million numbers costs a few machine words unless a finding points
inside it.
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from dataclasses import dataclass, field
from typing import Any

from omrs.loading.positions import LineTable, Member, Position, PositionIndex, Raw, join_pointer

#: A string to its closing quote, or to the end of the text when it has none.
_STRING = r'"(?:[^"\\]++|\\.?)*+"?'
#: Everything up to the next bracket outside a string (or the end): one match per bracket.
_NEXT_BRACKET = re.compile(rf'(?:[^"\[\]{{}}]++|{_STRING})*+([\[\]{{}}]|\Z)', re.DOTALL)
#: Between members: whitespace, commas and colons.
_GAP = re.compile(r"[\s,:]*+")
#: One scalar: a string, or a run of anything that cannot end or start a value.
_SCALAR = re.compile(rf'{_STRING}|[^\s,:\[\]{{}}"]++', re.DOTALL)
_SPACE = re.compile(r"\s*+")


@dataclass(slots=True)
class _Members:
    """Where the members of one container start; ``children[i]`` is -1 for a scalar."""

    keys: array[int] = field(default_factory=lambda: array("q"))
    values: array[int] = field(default_factory=lambda: array("q"))
    children: array[int] = field(default_factory=lambda: array("q"))


class Structure:
    """Every container of a JSON text, numbered in document order.

    ``starts``/``ends`` are the offsets of its brackets (-1: never closed). With
    ``lineage`` (for error paths), ``parents`` holds the enclosing container (-1 at the
    top) and ``closed`` the containers in the order their closing brackets appear, which
    is the order ``json`` finishes objects in.
    """

    def __init__(self, text: str, max_depth: int = 0, *, lineage: bool = False) -> None:
        self.text = text
        self.starts, self.ends, self.parents = array("q"), array("q"), array("q")
        self.closed = array("q")
        #: Offset of the first container nested deeper than ``max_depth`` (if not 0).
        self.too_deep_at: int | None = None
        self._scan(max_depth, lineage)

    def _scan(self, max_depth: int, lineage: bool) -> None:
        stack: list[int] = []
        starts, ends = self.starts, self.ends
        for match in _NEXT_BRACKET.finditer(self.text):
            bracket, offset = match.group(1), match.end() - 1
            if not bracket:  # the end of the text
                break
            if bracket in "[{":
                if lineage:
                    self.parents.append(stack[-1] if stack else -1)
                stack.append(len(starts))
                starts.append(offset)
                ends.append(-1)
                if max_depth and len(stack) > max_depth:
                    self.too_deep_at = offset
                    return
            elif stack:  # a closing bracket (a stray one in refused text is ignored)
                ends[stack[-1]] = offset
                if lineage:
                    self.closed.append(stack[-1])
                stack.pop()

    def is_object(self, container: int) -> bool:
        return self.text[self.starts[container]] == "{"

    def members(self, container: int) -> _Members:
        """Scan one container's members, jumping over nested containers whole."""
        text, out = self.text, _Members()
        stop = self.ends[container] if self.ends[container] >= 0 else len(text)
        expect_key = is_object = self.is_object(container)
        child, pos = container + 1, self.starts[container] + 1
        while (pos := _GAP.match(text, pos).end()) < stop:  # type: ignore[union-attr]
            if expect_key and text[pos] == '"':
                out.keys.append(pos)
                pos = _SCALAR.match(text, pos).end()  # type: ignore[union-attr]
                expect_key = False
                continue
            out.values.append(pos)
            if child < len(self.starts) and self.starts[child] == pos:
                out.children.append(child)
                pos = self.ends[child] + 1 if self.ends[child] >= 0 else len(text)
                child = self._next_sibling(child)
            else:
                out.children.append(-1)
                found = _SCALAR.match(text, pos)
                pos = found.end() if found and found.end() > pos else pos + 1
            if is_object and len(out.keys) < len(out.values):
                out.keys.append(-1)  # a value without a key (text json refused)
            expect_key = is_object
        return out

    def _next_sibling(self, child: int) -> int:
        """The first container after ``child``'s subtree (containers are in start order)."""
        end = self.ends[child]
        if end < 0:
            return len(self.starts)
        return bisect.bisect_right(self.starts, end, child + 1)

    def key_name(self, offset: int) -> str:
        """The decoded member name whose string starts at ``offset``."""
        token = _SCALAR.match(self.text, offset)
        if token is None:
            return ""
        try:
            name = json.loads(token.group())
        except ValueError:  # an invalid escape, a raw control character, no closing quote
            return token.group().strip('"')
        return name if isinstance(name, str) else token.group()

    def pointer(self, container: int) -> str:
        """The JSON Pointer of a container, from its ancestors' members."""
        tokens: list[str] = []
        while (parent := self.parents[container]) >= 0:
            members = self.members(parent)
            ordinal = members.children.index(container)
            is_key = self.is_object(parent) and members.keys[ordinal] >= 0
            tokens.append(self.key_name(members.keys[ordinal]) if is_key else str(ordinal))
            container = parent
        pointer = ""
        for token in reversed(tokens):
            pointer = join_pointer(pointer, token)
        return pointer


class JsonPositions(PositionIndex):
    """The position index of a parsed JSON document, from its text on demand."""

    def __init__(self, text: str, data: Any) -> None:
        super().__init__(data)
        self._structure = Structure(text)
        self._tables: dict[int, _Members] = {}
        self._lines: LineTable | None = None

    def _root(self) -> tuple[Raw, int | None]:
        text = self._structure.text
        offset = _SPACE.match(text).end()  # type: ignore[union-attr]
        if offset >= len(text):
            return -1, None
        has_members = isinstance(self._data, dict | list) and len(self._structure.starts) > 0
        return offset, 0 if has_members else None

    def _member(self, node: int, ordinal: int) -> Member | None:
        table = self._tables.get(node)
        if table is None:
            table = self._tables[node] = self._structure.members(node)
        if ordinal >= len(table.values):
            return None
        key = table.keys[ordinal] if self._structure.is_object(node) else -1
        child = table.children[ordinal]
        return key, table.values[ordinal], child if child >= 0 else None

    def _position(self, raw: Raw) -> Position:
        if self._lines is None:
            self._lines = LineTable(self._structure.text)
        return self._lines.position(raw)


def duplicate_key(text: str) -> tuple[str, int] | None:
    """Pointer and offset of the duplicate key ``json`` refuses first, if any.

    ``json`` checks an object when it closes, so the duplicate it reports is the first
    one in the first object to close that has one, which need not be the first repeated
    name in the text: objects are searched in the order they close.
    """
    structure = Structure(text, lineage=True)
    for container in structure.closed:
        if not structure.is_object(container):
            continue
        seen: set[str] = set()
        for offset in structure.members(container).keys:
            if offset < 0:
                continue
            name = structure.key_name(offset)
            if name in seen:
                return join_pointer(structure.pointer(container), name), offset
            seen.add(name)
    return None


def too_deep_at(text: str, max_depth: int) -> int | None:
    """Offset of the first object or array nested deeper than ``max_depth``."""
    return Structure(text, max_depth).too_deep_at


def literal_at(text: str, literal: str) -> int | None:
    """Offset of the first bare ``literal`` (a number or constant) outside strings.

    One possessive regex match: strings, punctuation and other literals are skipped in C,
    so this is linear and cannot backtrack whatever the text holds.
    """
    word = re.escape(literal)
    skip = re.compile(
        rf'(?:{_STRING}|[^"\-0-9A-Za-z]++|(?!{word}(?![-+.\w]))[-0-9A-Za-z][-+.\w]*+)*+',
        re.DOTALL,
    )
    end = skip.match(text).end()  # type: ignore[union-attr]
    return end if end < len(text) else None
