"""YAML documents, built from the parser's event stream with an explicit stack.

We do not use PyYAML's composer: it recurses (libyaml's crashes the process on a document
nested a million levels deep) and it expands aliases blindly. Building from events keeps
every position, refuses duplicate keys, keeps dates as the strings JSON would have, and
stops alias expansion ("billion laughs") and excessive nesting before they cost anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from omrs.loading.errors import LoadProblem
from omrs.loading.positions import PositionIndex, join_pointer

try:  # libyaml is much faster when present
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

#: Values that aliases may add beyond what is written in the file.
MAX_ALIAS_EXPANSION = 10_000

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": lambda node: str(node.value),
    "tag:yaml.org,2002:timestamp": lambda node: str(node.value),  # dates stay strings
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": lambda node: None,
}


def _position(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _problem(code: str, message: str, mark: Any, pointer: str = "") -> LoadProblem:
    """A LoadProblem located at a YAML mark (0-based) in 1-based line and column."""
    return LoadProblem(code, message, pointer=pointer, line=mark.line + 1, column=mark.column + 1)


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being built."""

    value: dict[str, Any] | list[Any]
    pointer: str
    anchor: str | None
    size: int = 1
    key: str | None = None
    key_mark: Any = None
    merged: set[str] = field(default_factory=set)


class _Builder:
    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.index = PositionIndex()
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Open] = []
        self.written = 0
        self.expanded = 0
        self.root: Any = None
        self.documents = 0

    # -- events -------------------------------------------------------------------------
    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _problem(
                    "load.yaml-unsupported",
                    "a file holds one OMRS document; found a second YAML document",
                    event.start_mark,
                )
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._open(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._close()

    def _value_slot(self, event: yaml.NodeEvent) -> str:
        """Pointer for a collection or alias, which may only stand where a value goes."""
        pointer = self._slot()
        if pointer is None:
            raise _problem(
                "load.yaml-unsupported", "mapping keys must be plain strings", event.start_mark
            )
        return pointer

    def _slot(self) -> str | None:
        """Pointer for the next value, or None when the next scalar is a mapping key."""
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.value, list):
            return join_pointer(top.pointer, len(top.value))
        return None if top.key is None else join_pointer(top.pointer, top.key)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        pointer = self._slot()
        if pointer is None:
            self._key(event)
            return
        self.written += 1
        self._place(_scalar_value(event), pointer, event.start_mark, event.anchor, 1)

    def _key(self, event: yaml.ScalarEvent) -> None:
        top = self.stack[-1]
        assert isinstance(top.value, dict)
        key = str(event.value)
        pointer = join_pointer(top.pointer, key)
        if key in top.value and key not in top.merged:
            raise _problem(
                "load.duplicate-key",
                f"duplicate key {key!r}: a key may appear only once in a mapping",
                event.start_mark,
                pointer,
            )
        top.merged.discard(key)
        top.key, top.key_mark = key, event.start_mark
        self.index.keys[pointer] = _position(event.start_mark)

    def _alias(self, event: yaml.AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise _problem(
                "load.yaml-syntax",
                f"invalid YAML: alias *{event.anchor} refers to no earlier anchor",
                event.start_mark,
            )
        value, size = self.anchors[event.anchor]
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise _problem(
                "load.yaml-alias-bomb",
                f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION} values "
                "(an alias expansion bomb?); write the values out instead",
                event.start_mark,
            )
        pointer = self._value_slot(event)
        self._place(value, pointer, event.start_mark, None, size)

    def _open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        pointer = self._value_slot(event)
        if len(self.stack) >= self.max_depth:
            raise _problem(
                "load.too-deep",
                f"document is nested more than {self.max_depth} levels deep",
                event.start_mark,
            )
        self.written += 1
        self.index.values.setdefault(pointer, _position(event.start_mark))
        empty: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Open(empty, pointer, event.anchor))

    def _close(self) -> None:
        done = self.stack.pop()
        if done.anchor:
            self.anchors[done.anchor] = (done.value, done.size)
        if not self.stack:
            self.root = done.value
            return
        self._attach(done.value, done.size)

    def _place(self, value: Any, pointer: str, mark: Any, anchor: str | None, size: int) -> None:
        self.index.values.setdefault(pointer, _position(mark))
        if anchor:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            return
        self._attach(value, size)

    def _attach(self, value: Any, size: int) -> None:
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            top.value.append(value)
            return
        key, top.key = top.key, None
        assert key is not None
        if key == "<<" and isinstance(value, dict | list):
            self._merge(top, value)
        else:
            top.value[key] = value

    @staticmethod
    def _merge(top: _Open, value: dict[str, Any] | list[Any]) -> None:
        """YAML merge keys: earlier explicit keys win; merged keys may be overridden later."""
        assert isinstance(top.value, dict)
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            for k, v in source.items() if isinstance(source, dict) else ():
                if k not in top.value:
                    top.value[k] = v
                    top.merged.add(k)


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    construct = _PLAIN_TAGS.get(tag)
    if construct is None:
        raise _problem(
            "load.yaml-unsupported",
            f"YAML tag {tag} is not allowed in OMRS documents (use plain JSON-compatible values)",
            event.start_mark,
        )
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)  # type: ignore[arg-type]
    return construct(node)  # type: ignore[no-untyped-call]


#: What libyaml (0.2.5 as bundled with PyYAML 6.0.4 and later) says when its own nesting
#: limit (1,000 levels) is reached.
_LIBYAML_NESTING = "exceeded maximum nesting depth"


def _build(text: str, max_depth: int) -> _Builder:
    builder = _Builder(max_depth)
    for event in yaml.parse(text, Loader=_Loader):
        builder.feed(event)
    return builder


#: Line breaks as YAML 1.1 counts them (and libyaml's marks with them).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _offset(text: str, mark: Any) -> int:
    """Character offset of a libyaml mark, from its line and column (both count characters)."""
    start = 0
    if mark.line:
        for number, found in enumerate(_BREAK.finditer(text), 1):
            if number == mark.line:
                start = found.end()
                break
    column: int = mark.column
    return start + column


def _nesting_problem(text: str, max_depth: int, mark: Any) -> LoadProblem:
    """The ``load.too-deep`` finding for a document on which libyaml hit its own limit.

    libyaml's scanner looks ahead up to 1,024 characters for a possible simple key, so on
    ``[[[[...`` it reaches its 1,000-level limit before the parser hands us the event that
    crosses ours. Our limit is far lower, so the crossing lies before libyaml's mark: parsing
    the text up to that mark yields it at the same place as a parser without such a limit.
    """
    try:
        _build(text[: _offset(text, mark)], max_depth)
    except LoadProblem as problem:
        if problem.code == "load.too-deep":
            return problem
    except yaml.YAMLError:
        pass
    return _problem("load.too-deep", f"document is nested more than {max_depth} levels deep", mark)


def parse_yaml(text: str, max_depth: int) -> tuple[Any, PositionIndex]:
    """Parse one YAML document into JSON-compatible data and its position index.

    The same input gives the same finding whichever PyYAML/libyaml is installed: a parser's
    own nesting limit is reported as ``load.too-deep`` where our (lower) limit is crossed.
    """
    try:
        builder = _build(text, max_depth)
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_NESTING and exc.problem_mark is not None:
            raise _nesting_problem(text, max_depth, exc.problem_mark) from None
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise LoadProblem(
            "load.yaml-syntax",
            f"invalid YAML: {problem}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise LoadProblem("load.yaml-syntax", f"invalid YAML: {exc}") from None
    if builder.documents == 0:
        raise LoadProblem("load.empty", "the file holds no YAML document", line=1, column=1)
    return builder.root, builder.index
