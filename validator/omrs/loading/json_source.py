"""JSON documents: fast parsing in C, every refusal located in the text.

``json`` accepts more than JSON (``NaN``, ``Infinity``), merges duplicate keys silently,
turns ``1e999`` into infinity and refuses integers over 4,300 digits with a bare
ValueError. Each of those becomes a located finding here; positions come from
:mod:`omrs.loading.json_scan`, imported only when a finding needs them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, NoReturn

from omrs.loading.encoding import refuse_surrogates
from omrs.loading.errors import LoadProblem
from omrs.loading.numbers import float_too_large, int_digit_limit, int_too_large
from omrs.loading.positions import LineTable, PositionIndex

#: A ``\u`` escape of a UTF-16 surrogate (the only way one can enter a JSON document).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class _DuplicateKey(Exception):
    pass


class _Refused(Exception):
    """A literal ``json`` accepts that a record may not hold (``literal`` is its text)."""

    def __init__(self, literal: str, problem: LoadProblem) -> None:
        super().__init__(literal)
        self.literal = literal
        self.problem = problem


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _not_json(literal: str) -> NoReturn:
    raise _Refused(
        literal,
        LoadProblem(
            "load.json-syntax",
            f"invalid JSON: {literal} is not a JSON value (numbers must be finite)",
        ),
    )


def _checked_int(literal: str) -> int:
    if len(literal.lstrip("-")) > int_digit_limit():
        raise _Refused(literal, int_too_large(literal))
    return int(literal)


def _checked_float(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise _Refused(literal, float_too_large(literal))
    return value


def _load(text: str, *, checked_ints: bool = False) -> Any:
    """``json.loads`` refusing what JSON is not; floats are checked always (they are few,
    and a check by regex would cost every file a pass), integers only once ``int()`` has
    refused one (its limit stops it before the quadratic conversion)."""
    return json.loads(
        text,
        object_pairs_hook=_reject_duplicates,
        parse_constant=_not_json,
        parse_float=_checked_float,
        parse_int=_checked_int if checked_ints else None,
    )


def parse_json(text: str, max_depth: int) -> Any:
    """Parse ``text``; raise LoadProblem with a located finding on any failure."""
    data = _parse(text, max_depth)
    if _SURROGATE_ESCAPE.search(text):
        refuse_surrogates(data, json_positions(text, data))
    return data


def _parse(text: str, max_depth: int) -> Any:
    try:
        try:
            return _load(text)
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError):
                raise
            return _load(text, checked_ints=True)  # int() refused a long digit string
    except _DuplicateKey as exc:
        raise _duplicate_problem(text, str(exc)) from None
    except _Refused as exc:
        from omrs.loading.json_scan import literal_at

        raise _located(text, exc.problem, literal_at(text, exc.literal)) from None
    except json.JSONDecodeError as exc:
        raise LoadProblem(
            "load.json-syntax", f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise too_deep_problem(text, max_depth) from None


def _located(text: str, problem: LoadProblem, offset: int | None) -> LoadProblem:
    if offset is not None:
        problem.line, problem.column = LineTable(text).position(offset)
    return problem


def _duplicate_problem(text: str, key: str) -> LoadProblem:
    from omrs.loading.json_scan import duplicate_key

    found = duplicate_key(text)
    problem = LoadProblem(
        "load.duplicate-key",
        f"duplicate key {key!r}: a key may appear only once in an object",
        pointer=found[0] if found else "",
    )
    return _located(text, problem, found[1] if found else None)


def too_deep_problem(text: str, max_depth: int) -> LoadProblem:
    """The located finding for a document nested deeper than ``max_depth``."""
    problem = LoadProblem("load.too-deep", f"document is nested more than {max_depth} levels deep")
    from omrs.loading.json_scan import too_deep_at

    return _located(text, problem, too_deep_at(text, max_depth))


def json_positions(text: str, data: Any) -> PositionIndex:
    """The position index of parsed JSON (the scanner is imported only when needed)."""
    from omrs.loading.json_scan import JsonPositions

    return JsonPositions(text, data)
