"""JSON documents: fast parsing in C, positions from an iterative scanner on demand.

The scanner never recurses, so a hostile 10,000-level document cannot exhaust the stack;
it also finds duplicate keys (which ``json`` silently merges) with their location.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from omrs.loading.errors import LoadProblem
from omrs.loading.positions import LineTable, PositionIndex, join_pointer

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?[0-9][0-9eE.+-]*|true|false|null|-?Infinity|NaN")
_SPACE = re.compile(r"[ \t\r\n]*")


@dataclass(slots=True)
class _Frame:
    pointer: str
    is_object: bool
    index: int = 0
    pending_key: str | None = None
    seen: set[str] | None = None


class _Scan:
    """One pass over the text, recording positions, duplicates and the first too-deep spot."""

    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.lines = LineTable(text)
        self.max_depth = max_depth
        self.index = PositionIndex()
        self.duplicate: tuple[str, int] | None = None
        self.too_deep_at: int | None = None

    def run(self) -> _Scan:
        text, pos, stack = self.text, 0, list[_Frame]()
        while pos < len(text):
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= len(text):
                break
            char = text[pos]
            if char in "}]":
                stack.pop()
                pos += 1
            elif char in ",:":
                pos += 1
            elif char == '"' and stack and stack[-1].is_object and stack[-1].pending_key is None:
                pos = self._key(stack[-1], pos)
            else:
                pointer = self._value_pointer(stack)
                self.index.values[pointer] = self.lines.position(pos)
                if char in "{[":
                    stack.append(_Frame(pointer, char == "{", seen=set() if char == "{" else None))
                    if len(stack) > self.max_depth and self.too_deep_at is None:
                        self.too_deep_at = pos
                        return self
                    pos += 1
                else:
                    pos = self._scalar_end(pos)
        return self

    def _key(self, frame: _Frame, pos: int) -> int:
        match = _STRING.match(self.text, pos)
        end = match.end() if match else len(self.text)
        key = json.loads(match.group()) if match else ""
        pointer = join_pointer(frame.pointer, key)
        assert frame.seen is not None
        if key in frame.seen and self.duplicate is None:
            self.duplicate = (pointer, pos)
        frame.seen.add(key)
        frame.pending_key = key
        self.index.keys[pointer] = self.lines.position(pos)
        return end

    @staticmethod
    def _value_pointer(stack: list[_Frame]) -> str:
        if not stack:
            return ""
        frame = stack[-1]
        if frame.is_object:
            key, frame.pending_key = frame.pending_key or "", None
            return join_pointer(frame.pointer, key)
        frame.index += 1
        return join_pointer(frame.pointer, frame.index - 1)

    def _scalar_end(self, pos: int) -> int:
        if self.text[pos] == '"':
            match = _STRING.match(self.text, pos)
        else:
            match = _SCALAR.match(self.text, pos)
        return match.end() if match else pos + 1


def scan_positions(text: str, max_depth: int = 10**9) -> PositionIndex:
    return _Scan(text, max_depth).run().index


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    pass


def parse_json(text: str, max_depth: int) -> Any:
    """Parse ``text``; raise LoadProblem with a located finding on any failure."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except _DuplicateKey as exc:
        scan = _Scan(text, max_depth).run()
        line, column = scan.lines.position(scan.duplicate[1]) if scan.duplicate else (None, None)
        pointer = scan.duplicate[0] if scan.duplicate else ""
        raise LoadProblem(
            "load.duplicate-key",
            f"duplicate key {str(exc)!r}: a key may appear only once in an object",
            pointer=pointer,
            line=line,
            column=column,
        ) from None
    except json.JSONDecodeError as exc:
        raise LoadProblem(
            "load.json-syntax",
            f"invalid JSON: {exc.msg}",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise too_deep_problem(text, max_depth) from None


def too_deep_problem(text: str, max_depth: int) -> LoadProblem:
    """The located finding for a document nested deeper than ``max_depth``."""
    scan = _Scan(text, max_depth).run()
    line, column = (None, None)
    if scan.too_deep_at is not None:
        line, column = scan.lines.position(scan.too_deep_at)
    return LoadProblem(
        "load.too-deep",
        f"document is nested more than {max_depth} levels deep",
        line=line,
        column=column,
    )
