"""Schema patterns with the ECMA-262 meaning JSON Schema gives them, run by Python's ``re``.

JSON Schema patterns are ECMA-262 regular expressions, and Python's differ where it
matters for validation: ``$`` also matches before a trailing newline (so ``^[A-Z]{2}$``
accepted ``"US\\n"``), ``\\d`` and ``\\w`` match any Unicode digit or letter, and ``.``
matches a carriage return. :func:`ecma_regex` translates a pattern once, so every
pattern in every schema gets ECMA semantics without editing the schemas. Constructs
whose meaning differs and that the translation does not handle are refused (a test
translates every shipped pattern).
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: ECMA-262 WhiteSpace and LineTerminator code points (``\s``).
_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
#: Escapes whose ECMA meaning is written out (inside a class: without the brackets).
_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}
_NEGATED = {"D": "d", "W": "w", "S": "s"}
#: ``.`` matches anything but an ECMA line terminator.
_DOT = "[^\\n\\r\\u2028\\u2029]"


class PatternError(ValueError):
    """A schema pattern uses a construct whose ECMA meaning this translation lacks."""


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """Translate the escape starting at ``pattern[i]`` (a backslash); return it and its end."""
    if i + 1 >= len(pattern):
        raise PatternError(f"pattern {pattern!r} ends with a lone backslash")
    char = pattern[i + 1]
    if char in _CLASS_ESCAPES:
        members = _CLASS_ESCAPES[char]
        return (members if in_class else f"[{members}]"), i + 2
    if char in _NEGATED:
        if in_class:
            raise PatternError(f"pattern {pattern!r}: \\{char} inside a class is not supported")
        return f"[^{_CLASS_ESCAPES[_NEGATED[char]]}]", i + 2
    if char in "AZzGck" or (char.isdigit() and char != "0"):
        raise PatternError(f"pattern {pattern!r}: \\{char} differs between ECMA-262 and Python")
    return pattern[i : i + 2], i + 2


def translate(pattern: str) -> str:
    """The Python regex source with the ECMA-262 meaning of ``pattern``."""
    out: list[str] = []
    in_class, i = False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            piece, i = _escape(pattern, i, in_class)
            out.append(piece)
            continue
        if in_class:
            in_class = char != "]"  # in ECMA-262 the first unescaped ] closes a class
        elif char == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):
                raise PatternError(f"pattern {pattern!r}: empty classes differ in Python")
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
                continue
        elif char == "$":
            char = "\\Z"
        elif char == ".":
            char = _DOT
        elif pattern.startswith("(?<", i) and pattern[i + 3 : i + 4] not in ("=", "!"):
            char = "(?P<"  # a named group
            i += 2
        out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=512)
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled with ECMA-262 semantics (cached: schemas reuse few patterns)."""
    return re.compile(translate(pattern), re.ASCII)


def ecma_search(pattern: str, text: str) -> bool:
    """Whether ``text`` matches ``pattern`` as JSON Schema says (unanchored search)."""
    return ecma_regex(pattern).search(text) is not None


def unknown_keys(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """Members of ``instance`` that neither ``properties`` nor ``patternProperties`` of
    ``schema`` name (what ``additionalProperties`` applies to), in document order."""
    named = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        key
        for key in instance
        if key not in named and not any(ecma_search(p, key) for p in patterns)
    ]
