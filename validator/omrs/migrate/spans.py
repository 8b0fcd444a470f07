"""Where each value and key of a document sits in its text, as character spans.

Migration edits the text in place instead of re-serialising it, so that every byte it has
no reason to change (comments, quoting, wrapping, indentation, number spelling) stays as
written. That needs the exact extent of each value and key: ``[start, end)`` character
offsets. JSON spans come from a small iterative scanner; YAML spans from the parser's event
marks. Both run only on text the loader has already accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from omrs.loading.positions import join_pointer

Span = tuple[int, int]

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?[0-9][0-9eE.+-]*|true|false|null")
_SPACE = re.compile(r"[ \t\r\n]*")


@dataclass(slots=True)
class Spans:
    """Pointer → span of its value, span of its key (object members), and container style."""

    values: dict[str, Span] = field(default_factory=dict)
    keys: dict[str, Span] = field(default_factory=dict)
    #: Pointer of each mapping → True when written in flow style (``{...}``; always in JSON).
    flow: dict[str, bool] = field(default_factory=dict)
    #: Pointer of each scalar → its YAML style ("", "'", '"', "|", ">"); JSON strings are '"'.
    styles: dict[str, str] = field(default_factory=dict)
    #: Members of each mapping in document order (pointers), for "insert after".
    members: dict[str, list[str]] = field(default_factory=dict)
    #: Pointer of each YAML node that is anchored or is an alias → ``&name`` or ``*name``:
    #: text there stands for several places of the data, so no edit may change it.
    shared: dict[str, str] = field(default_factory=dict)

    @property
    def aliases(self) -> bool:
        """Whether the YAML text uses any alias (the audit log's appender refuses those)."""
        return any(name.startswith("*") for name in self.shared.values())


@dataclass(slots=True)
class _Frame:
    pointer: str
    is_object: bool
    start: int
    index: int = 0
    key: str | None = None


def json_spans(text: str) -> Spans:
    """Spans of a JSON text that ``json.loads`` accepts."""
    out = Spans()
    stack: list[_Frame] = []
    pos = 0
    while pos < len(text):
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            break
        char = text[pos]
        if char in "}]":
            done = stack.pop()
            out.values[done.pointer] = (done.start, pos + 1)
            pos += 1
        elif char in ",:":
            pos += 1
        elif char == '"' and stack and stack[-1].is_object and stack[-1].key is None:
            pos = _json_key(text, pos, stack[-1], out)
        else:
            pointer = _next_pointer(stack)
            if char in "{[":
                stack.append(_Frame(pointer, char == "{", pos))
                if char == "{":
                    out.flow[pointer] = True
                    out.members[pointer] = []
                pos += 1
            else:
                match = (_STRING if char == '"' else _SCALAR).match(text, pos)
                end = match.end() if match else pos + 1
                out.values[pointer] = (pos, end)
                out.styles[pointer] = '"' if char == '"' else ""
                pos = end
    return out


def _json_key(text: str, pos: int, frame: _Frame, out: Spans) -> int:
    import json

    match = _STRING.match(text, pos)
    end = match.end() if match else len(text)
    frame.key = json.loads(text[pos:end])
    pointer = join_pointer(frame.pointer, frame.key)
    out.keys[pointer] = (pos, end)
    out.members[frame.pointer].append(pointer)
    return end


def _next_pointer(stack: list[_Frame]) -> str:
    if not stack:
        return ""
    frame = stack[-1]
    if frame.is_object:
        key, frame.key = frame.key or "", None
        return join_pointer(frame.pointer, key)
    frame.index += 1
    return join_pointer(frame.pointer, frame.index - 1)


def yaml_spans(text: str) -> Spans:
    """Spans of a YAML text the loader accepts (one document, plain data), with the pointers
    of its anchored and aliased nodes."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = Spans()
    stack: list[_Frame] = []
    for event in yaml.parse(text, Loader=loader):
        start, end = _marks(event)
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            pointer = _next_pointer(stack) if not _expects_key(stack) else ""
            mapping = isinstance(event, yaml.MappingStartEvent)
            stack.append(_Frame(pointer, mapping, start))
            if mapping:
                out.flow[pointer] = bool(event.flow_style)
                out.members[pointer] = []
            _note_anchor(out, pointer, event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            done = stack.pop()
            out.values[done.pointer] = (done.start, end)
        elif isinstance(event, yaml.AliasEvent):
            if not _expects_key(stack):  # the loader refuses an alias as a key
                pointer = _next_pointer(stack)
                out.values[pointer] = (start, end)
                out.shared[pointer] = f"*{event.anchor}"
        elif isinstance(event, yaml.ScalarEvent):
            if _expects_key(stack):
                frame = stack[-1]
                frame.key = str(event.value)
                pointer = join_pointer(frame.pointer, frame.key)
                out.keys[pointer] = (start, end)
                out.members[frame.pointer].append(pointer)
            else:
                pointer = _next_pointer(stack)
                out.values[pointer] = (start, end)
                out.styles[pointer] = event.style or ""
            _note_anchor(out, pointer, event)
    return out


def _note_anchor(out: Spans, pointer: str, event: Any) -> None:
    """An anchored key counts for its member: removing the member would orphan the alias."""
    if event.anchor:
        out.shared[pointer] = f"&{event.anchor}"


def _marks(event: Any) -> Span:
    """Character offsets where a parser event starts and ends (0 when the parser gives none)."""
    start, end = event.start_mark, event.end_mark
    return (start.index if start else 0), (end.index if end else 0)


def _expects_key(stack: list[_Frame]) -> bool:
    return bool(stack) and stack[-1].is_object and stack[-1].key is None
