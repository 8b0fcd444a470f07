"""Edits to a document's text at the spans of its values, in JSON or YAML alike.

A migration step says *what* changes as edits on pointers (set a value, insert a member
after another, remove a member); this module turns them into text changes that leave the
rest of the file untouched. New values are written inline: JSON as compact JSON, YAML as
flow style (which any YAML reader reads), scalars in the quoting style of the value they
replace.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from omrs.loading.positions import join_pointer, parent_pointer
from omrs.migrate.spans import Spans

Syntax = Literal["json", "yaml"]


@dataclass(frozen=True, slots=True)
class Set:
    """Replace the value at ``pointer``."""

    pointer: str
    value: Any


@dataclass(frozen=True, slots=True)
class Insert:
    """Add member ``key`` to the object at ``parent``, right after member ``after``."""

    parent: str
    after: str
    key: str
    value: Any


@dataclass(frozen=True, slots=True)
class Remove:
    """Remove the object member at ``pointer`` (key and value)."""

    pointer: str


Edit = Set | Insert | Remove


class EditError(ValueError):
    """An edit names a place the document does not have."""


def apply_to_data(data: Any, edits: Sequence[Edit]) -> Any:
    """What the document's data must be after ``edits`` (used to verify the text edits)."""
    import copy

    out = copy.deepcopy(data)
    for edit in edits:
        if isinstance(edit, Set):
            _place(out, edit.pointer, edit.value)
        elif isinstance(edit, Insert):
            target = _resolve(out, edit.parent)
            items = list(target.items())
            at = [k for k, _ in items].index(_last(edit.after)) + 1
            items.insert(at, (edit.key, edit.value))
            target.clear()
            target.update(items)
        else:
            del _resolve(out, parent_pointer(edit.pointer))[_last(edit.pointer)]
    return out


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _last(pointer: str) -> str:
    return _tokens(pointer)[-1]


def _resolve(data: Any, pointer: str) -> Any:
    for token in _tokens(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def _place(data: Any, pointer: str, value: Any) -> None:
    parent = _resolve(data, parent_pointer(pointer))
    key = _last(pointer)
    if isinstance(parent, list):
        parent[int(key)] = value
    else:
        parent[key] = value


def _within(pointer: str, ancestor: str) -> bool:
    return pointer == ancestor or pointer.startswith(ancestor + "/")


def _reach(edit: Edit) -> tuple[str, str | None]:
    """The node whose value ``edit`` changes, and the subtree it replaces or removes."""
    if isinstance(edit, Set):
        return edit.pointer, edit.pointer
    if isinstance(edit, Insert):
        return edit.parent, None
    return parent_pointer(edit.pointer), edit.pointer


def shared_node(edits: Sequence[Edit], shared: dict[str, str]) -> tuple[str, str] | None:
    """The first YAML anchor or alias (pointer, ``&name``/``*name``) an edit would change.

    The text of an anchored node is also the value of each of its aliases, so editing it
    (or anything inside it) would change those places too, and removing or replacing it
    would leave them pointing at nothing; an alias has no text of its own to edit. Anchors
    and aliases elsewhere in the document are no reason to refuse.
    """
    for edit in edits:
        changed, replaced = _reach(edit)
        for node, name in shared.items():
            if _within(changed, node) or (replaced is not None and _within(node, replaced)):
                return node, name
    return None


def apply_to_text(text: str, spans: Spans, syntax: Syntax, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` made at their spans; later offsets are edited first."""
    changes = [_change(text, spans, syntax, edit) for edit in edits]
    for start, end, new in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _change(text: str, spans: Spans, syntax: Syntax, edit: Edit) -> tuple[int, int, str]:
    if isinstance(edit, Set):
        if edit.pointer not in spans.values:
            raise EditError(f"no value at {edit.pointer or '/'}")
        start, end = spans.values[edit.pointer]
        style = spans.styles.get(edit.pointer, '"' if syntax == "json" else "")
        return start, end, render(edit.value, syntax, style)
    if isinstance(edit, Insert):
        return _insert(text, spans, syntax, edit)
    return _remove(text, spans, edit)


def _content_end(spans: Spans, pointer: str) -> int:
    """Where the value at ``pointer`` really ends (a block collection's last child)."""
    end = spans.values[pointer][1]
    prefix = pointer + "/"
    for table in (spans.values, spans.keys):
        for other, (_, other_end) in table.items():
            if other.startswith(prefix):
                end = max(end, other_end)
    return end


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _after_line(text: str, pos: int) -> int:
    if pos > 0 and text[pos - 1] == "\n":
        return pos
    found = text.find("\n", pos)
    return len(text) if found < 0 else found + 1


def newline_of(text: str) -> str:
    """The line ending the file uses (that of its first line), for the lines edits add."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _insert(text: str, spans: Spans, syntax: Syntax, edit: Insert) -> tuple[int, int, str]:
    if edit.after not in spans.keys:
        raise EditError(f"no member {edit.after} to insert after")
    value = render(edit.value, syntax, "")
    key = json.dumps(edit.key, ensure_ascii=False) if syntax == "json" else _yaml_key(edit.key)
    end = _content_end(spans, edit.after)
    eol = newline_of(text)
    if spans.flow.get(edit.parent, syntax == "json"):
        key_start = spans.keys[edit.after][0]
        line = text[_line_start(text, key_start) : key_start]
        own_line = not line.strip()
        separator = "," + eol + line if own_line else ", "
        return end, end, f"{separator}{key}: {value}"
    key_start = spans.keys[edit.after][0]
    indent = text[_line_start(text, key_start) : key_start]
    at = _after_line(text, end)
    newline = "" if at == 0 or text[at - 1] == "\n" else eol
    return at, at, f"{newline}{indent}{key}: {value}{eol}"


def _remove(text: str, spans: Spans, edit: Remove) -> tuple[int, int, str]:
    if edit.pointer not in spans.keys:
        raise EditError(f"no member {edit.pointer} to remove")
    parent = parent_pointer(edit.pointer)
    key_start, end = spans.keys[edit.pointer][0], _content_end(spans, edit.pointer)
    if spans.flow.get(parent, True):
        members = spans.members[parent]
        index = members.index(edit.pointer)
        if index + 1 < len(members):  # up to the next member's key
            return key_start, spans.keys[members[index + 1]][0], ""
        if index > 0:  # from the end of the previous member's value
            return _content_end(spans, members[index - 1]), end, ""
        return key_start, end, ""
    return _line_start(text, key_start), _after_line(text, end), ""


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .:/@+-]*[A-Za-z0-9_.)/-]$|^[A-Za-z_]$")


def _yaml_plain_ok(value: str) -> bool:
    """Whether ``value`` can be written unquoted and read back as the same string."""
    import yaml

    if not _PLAIN.match(value) or ": " in value or " #" in value:
        return False
    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def _yaml_key(key: str) -> str:
    return key if _yaml_plain_ok(key) else json.dumps(key, ensure_ascii=False)


def render(value: Any, syntax: Syntax, style: str) -> str:
    """``value`` written inline: JSON, or YAML flow style in the quoting ``style`` given."""
    if syntax == "json":
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if isinstance(value, str):
        if style == "'":
            return "'" + value.replace("'", "''") + "'"
        if style == "" and _yaml_plain_ok(value):
            return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        inner = ", ".join(f"{_yaml_key(k)}: {render(v, syntax, '')}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render(v, syntax, "") for v in value) + "]"
    return json.dumps(value)


def child(parent: str, key: str | int) -> str:
    return join_pointer(parent, key)
