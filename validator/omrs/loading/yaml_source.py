"""YAML documents: parsing, and each parser error as a located finding.

The document itself is built by :mod:`omrs.loading.yaml_builder` from the event stream.
The same input gives the same finding whichever PyYAML/libyaml is installed: characters
YAML forbids are found before parsing (libyaml reports them with a byte offset, the
pure-Python reader with a character offset), and a parser's own nesting limit is
reported where ours is crossed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from omrs.loading.encoding import refuse_surrogates, surrogate_problem
from omrs.loading.errors import LoadProblem, at_mark
from omrs.loading.positions import PositionIndex
from omrs.loading.yaml_builder import Builder

try:  # libyaml is much faster when present
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

#: Characters YAML 1.1 does not allow in a stream (section 5.1: c-printable).
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
#: An escape of a UTF-16 surrogate in a double-quoted scalar (libyaml refuses it; the
#: pure-Python parser builds the lone surrogate).
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)([dD][89a-fA-F][0-9a-fA-F]{2})")
_BAD_ESCAPE = "found invalid Unicode character escape code"

#: What libyaml (0.2.5 as bundled with PyYAML 6.0.4 and later) says when its own nesting
#: limit (1,000 levels) is reached.
_LIBYAML_NESTING = "exceeded maximum nesting depth"


def _build(text: str, max_depth: int) -> Builder:
    builder = Builder(max_depth)
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
    return at_mark("load.too-deep", f"document is nested more than {max_depth} levels deep", mark)


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting YAML's line breaks."""
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, offset):
        line, start = line + 1, found.end()
    return line, offset - start + 1


def _unprintable_problem(text: str, offset: int) -> LoadProblem:
    code = ord(text[offset])
    escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    kind = "control character" if code < 0x20 or 0x7F <= code <= 0x9F else "character"
    line, column = _position(text, offset)
    return LoadProblem(
        "load.yaml-syntax",
        f"invalid YAML: {kind} U+{code:04X} is not allowed in YAML text; "
        f'write it as the escape "{escape}" inside a double-quoted string',
        line=line,
        column=column,
    )


def _reader_problem(text: str, exc: yaml.reader.ReaderError) -> LoadProblem:
    """A reader error (an unacceptable character) located by line and column.

    libyaml counts its offset in UTF-8 bytes, the pure-Python reader in characters.
    """
    by_bytes = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore"))
    for offset in (exc.position, by_bytes):
        if 0 <= offset < len(text) and ord(text[offset]) == exc.character:
            return _unprintable_problem(text, offset)
    return LoadProblem("load.yaml-syntax", f"invalid YAML: {exc.reason}")


def parse_yaml(text: str, max_depth: int) -> tuple[Any, PositionIndex]:
    """Parse one YAML document into JSON-compatible data and its position index."""
    unprintable = _UNPRINTABLE.search(text)
    if unprintable:
        raise _unprintable_problem(text, unprintable.start())
    try:
        builder = _build(text, max_depth)
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_NESTING and exc.problem_mark is not None:
            raise _nesting_problem(text, max_depth, exc.problem_mark) from None
        if exc.problem == _BAD_ESCAPE and exc.problem_mark is not None:
            _refuse_surrogate_escape(text, exc.problem_mark)
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise LoadProblem(
            "load.yaml-syntax",
            f"invalid YAML: {problem}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(text, exc) from None
    except yaml.YAMLError as exc:
        raise LoadProblem("load.yaml-syntax", f"invalid YAML: {exc}") from None
    except ValueError:  # the pure-Python scanner on an escape beyond U+10FFFF
        raise LoadProblem("load.yaml-syntax", "invalid YAML: an escape beyond U+10FFFF") from None
    if builder.documents == 0:
        raise LoadProblem("load.empty", "the file holds no YAML document", line=1, column=1)
    index = builder.index()
    if _SURROGATE_ESCAPE.search(text):
        refuse_surrogates(builder.root, index)
    return builder.root, index


def _refuse_surrogate_escape(text: str, mark: Any) -> None:
    """Report libyaml's refusal of a surrogate escape as JSON's loader reports it."""
    offset = _offset(text, mark)
    escape = _SURROGATE_ESCAPE.match(text, max(0, text.rfind("\\", 0, offset + 1)))
    if escape is not None:
        problem = surrogate_problem(int(escape.group(1), 16))
        problem.line, problem.column = _position(text, escape.start())
        raise problem
