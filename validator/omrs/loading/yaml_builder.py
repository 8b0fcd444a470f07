"""YAML documents, built from the parser's event stream with an explicit stack.

We do not use PyYAML's composer: it recurses (libyaml's crashes the process on a document
nested a million levels deep) and it expands aliases blindly. Building from events keeps
every position, refuses duplicate keys, keeps dates as the strings JSON would have, and
stops alias expansion ("billion laughs") and excessive nesting before they cost anything.

Positions go to a :class:`SlotPositions` index: three machine words per value, no pointer
strings, so a 10 MiB flow sequence of five million numbers stays small.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from omrs.loading.errors import at_mark
from omrs.loading.positions import SlotPositions, join_pointer, pack
from omrs.loading.yaml_scalars import MAP, SEQ, STR, scalar_value, shown_tag

#: Values that aliases may add beyond what is written in the file.
MAX_ALIAS_EXPANSION = 10_000
#: Plain scalars remembered per document (short ones only): wide lists repeat values.
_PLAIN_CACHE_SIZE = 4096
_MISSING = object()


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being built."""

    value: dict[str, Any] | list[Any]
    mapping: bool
    slot: int
    token: str | int | None  # its name or index in the enclosing collection
    anchor: str | None
    size: int = 1
    members: int = 0
    key: str | None = None
    key_at: int = -1
    #: Keys a merge (``<<``) added, which a later explicit key may override.
    merged: set[str] | None = None
    #: Set at the first merge, when member order no longer follows the dict's order.
    ordinals: dict[str, int] | None = None

    def wants_key(self) -> bool:
        return self.mapping and self.key is None


class Builder:
    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.values, self.keys, self.extent = array("q"), array("q"), array("q")
        self.ordinals: dict[int, dict[str, int]] = {}
        self.anchors: dict[str, tuple[Any, int] | _Open] = {}
        self.stack: list[_Open] = []
        self.expanded = 0
        self.root: Any = None
        self.documents = 0
        self._plain: dict[str, Any] = {}
        self._handlers: dict[type, Callable[[Any], None]] = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._open,
            yaml.SequenceStartEvent: self._open,
            yaml.MappingEndEvent: self._close,
            yaml.SequenceEndEvent: self._close,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document,
        }

    def index(self) -> SlotPositions:
        return SlotPositions(self.root, self.values, self.keys, self.extent, self.ordinals)

    # -- events -------------------------------------------------------------------------
    def feed(self, event: yaml.Event) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)

    def _document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise at_mark(
                "load.yaml-unsupported",
                "a file holds one OMRS document; found a second YAML document",
                event.start_mark,
            )

    def _top(self, event: yaml.NodeEvent) -> _Open | None:
        """The collection a non-scalar goes into, which must be waiting for a value."""
        top = self.stack[-1] if self.stack else None
        if top is not None and top.wants_key():
            raise at_mark(
                "load.yaml-unsupported", "mapping keys must be plain strings", event.start_mark
            )
        return top

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and top.mapping and top.key is None:
            self._key(top, event)
            return
        value = self._value(event)
        self._slot(event.start_mark, top)
        if top is not None and not top.mapping and not event.anchor:  # the common case
            top.size += 1
            top.members += 1
            top.value.append(value)  # type: ignore[union-attr]
            return
        self._place(value, event.anchor, 1, top)

    def _value(self, event: yaml.ScalarEvent) -> Any:
        text = event.value
        if event.tag is not None or not event.implicit[0] or len(text) > 64:
            return scalar_value(event)
        value = self._plain.get(text, _MISSING)
        if value is _MISSING:
            value = scalar_value(event)
            if len(self._plain) < _PLAIN_CACHE_SIZE:
                self._plain[text] = value
        return value

    def _key(self, top: _Open, event: yaml.ScalarEvent) -> None:
        assert isinstance(top.value, dict)
        if event.tag not in (None, "!", STR):
            raise at_mark(
                "load.yaml-unsupported",
                f"mapping keys must be strings; found a {shown_tag(event.tag)} key",
                event.start_mark,
            )
        key = event.value
        if key in top.value and not (top.merged and key in top.merged):
            raise at_mark(
                "load.duplicate-key",
                f"duplicate key {key!r}: a key may appear only once in a mapping",
                event.start_mark,
                join_pointer(self._pointer(), key),
            )
        mark: Any = event.start_mark
        top.key, top.key_at = key, pack(mark.line + 1, mark.column + 1)
        if event.anchor:
            self.anchors[event.anchor] = (key, 1)

    def _alias(self, event: yaml.AliasEvent) -> None:
        target = self.anchors.get(event.anchor) if event.anchor else None
        if target is None:
            raise at_mark(
                "load.yaml-syntax",
                f"invalid YAML: alias *{event.anchor} refers to no earlier anchor",
                event.start_mark,
            )
        if isinstance(target, _Open):
            raise at_mark(
                "load.yaml-unsupported",
                f"alias *{event.anchor} refers to a collection that contains it (a recursive "
                "structure); OMRS documents are trees, so write the values out instead",
                event.start_mark,
            )
        value, size = target
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise at_mark(
                "load.yaml-alias-bomb",
                f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION} values "
                "(an alias expansion bomb?); write the values out instead",
                event.start_mark,
            )
        top = self._top(event)
        self._slot(event.start_mark, top)
        self._place(value, None, size, top)

    def _open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        top = self._top(event)
        mapping = isinstance(event, yaml.MappingStartEvent)
        if event.tag not in (None, "!", MAP if mapping else SEQ):
            raise at_mark(
                "load.yaml-unsupported",
                f"YAML tag {shown_tag(event.tag)} is not allowed on a "
                f"{'mapping' if mapping else 'sequence'} in OMRS documents "
                "(use plain JSON-compatible values)",
                event.start_mark,
            )
        if len(self.stack) >= self.max_depth:
            raise at_mark(
                "load.too-deep",
                f"document is nested more than {self.max_depth} levels deep",
                event.start_mark,
            )
        token = None if top is None else top.key if top.key is not None else top.members
        opened = _Open({} if mapping else [], mapping, len(self.values), token, event.anchor)
        self._slot(event.start_mark, top)
        self.stack.append(opened)
        if event.anchor:
            self.anchors[event.anchor] = opened  # an alias to it from inside is recursive

    def _close(self, event: yaml.CollectionEndEvent) -> None:
        done = self.stack.pop()
        self.extent[done.slot] = len(self.values) - done.slot
        if done.ordinals is not None:
            self.ordinals[done.slot] = done.ordinals
        self._place(done.value, None, done.size, self.stack[-1] if self.stack else None)
        if done.anchor and self.anchors.get(done.anchor) is done:
            self.anchors[done.anchor] = (done.value, done.size)

    # -- building -------------------------------------------------------------------------
    def _slot(self, mark: Any, top: _Open | None) -> None:
        """Record where the next value of ``top`` is written (and its key, in a mapping)."""
        self.values.append(pack(mark.line + 1, mark.column + 1))
        self.keys.append(-1 if top is None or top.key is None else top.key_at)
        self.extent.append(1)

    def _place(self, value: Any, anchor: str | None, size: int, top: _Open | None) -> None:
        if anchor:
            self.anchors[anchor] = (value, size)
        if top is None:
            self.root = value
            return
        top.size += size
        ordinal, top.members = top.members, top.members + 1
        if not top.mapping:
            top.value.append(value)  # type: ignore[union-attr]
            return
        key, top.key = top.key, None
        assert key is not None and isinstance(top.value, dict)
        if key == "<<" and isinstance(value, dict | list):
            self._merge(top, value)
            return
        if top.merged:
            top.merged.discard(key)
        top.value[key] = value
        if top.ordinals is not None:
            top.ordinals[key] = ordinal

    @staticmethod
    def _merge(top: _Open, value: dict[str, Any] | list[Any]) -> None:
        """YAML merge keys: earlier explicit keys win; merged keys may be overridden later.

        Merged keys are written elsewhere, so from here on member names map to members
        through ``ordinals`` rather than through the dict's order.
        """
        assert isinstance(top.value, dict)
        if top.ordinals is None:
            top.ordinals = {name: ordinal for ordinal, name in enumerate(top.value)}
        merged = top.merged if top.merged is not None else set()
        for source in value if isinstance(value, list) else [value]:
            for k, v in source.items() if isinstance(source, dict) else ():
                if k not in top.value:
                    top.value[k] = v
                    merged.add(k)
        top.merged = merged

    def _pointer(self) -> str:
        pointer = ""
        for opened in self.stack[1:]:
            pointer = join_pointer(pointer, opened.token if opened.token is not None else "")
        return pointer
