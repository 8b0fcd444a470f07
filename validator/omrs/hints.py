"""Schema failures in the user's words: the closest allowed values and where the list is,
never a 60-value list or a 600-character regular expression.

``omrs.validation`` calls these for ``enum`` and ``pattern`` failures; they know nothing
about jsonschema, only the value, what the schema allows and its description.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from omrs.suggest import nearest
from omrs.version import INFORMATION_URI, STANDARD_VERSION, TOOL_VERSION

#: Above this many allowed values a message names the closest and links the vocabulary.
MAX_LISTED = 8
#: Patterns longer than this are described in words (the schema's description).
MAX_PATTERN = 60
#: Codes people write for a country that ISO 3166-1 spells otherwise: the United Kingdom is
#: GB ("UK" is only exceptionally reserved), Greece is GR ("EL" is the EU's own code).
TERRITORY_ALIASES = {"UK": "GB", "EL": "GR"}


def vocabulary_link(anchor: str = "") -> str:
    """The published vocabulary page of the standard this tool knows, at ``anchor``."""
    page = f"{INFORMATION_URI}/blob/v{TOOL_VERSION}/spec/{STANDARD_VERSION}/vocabularies.md"
    return page + (f"#{anchor}" if anchor else "")


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def enum_message(where: str, value: Any, allowed: Sequence[Any]) -> str:
    """``where`` is ``value``; the closest allowed values, all of them only when few."""
    shown = [str(v) for v in allowed]
    close = nearest(value, shown) if isinstance(value, str) else []
    guess = f"; did you mean {' or '.join(repr(c) for c in close[:2])}?" if close else ""
    if len(shown) <= MAX_LISTED:
        listed = f"{where} is {_describe(value)}; expected one of: {', '.join(shown)}"
        return listed + (f" ({guess[2:]})" if guess else "")
    return (
        f"{where} is {_describe(value)}, not one of the {len(shown)} allowed values{guess} "
        f"(the list: {vocabulary_link()})"
    )


@functools.cache
def _countries(pattern: str) -> tuple[str, ...]:
    """The two-letter codes ``pattern`` accepts: the country list it was written from."""
    compiled = re.compile(pattern)
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    pairs = (a + b for a in letters for b in letters)
    return tuple(code for code in pairs if compiled.fullmatch(code))


def _territory_guess(value: str, pattern: str) -> str | None:
    head, dash, tail = value.upper().partition("-")
    head = TERRITORY_ALIASES.get(head, head)
    candidate = head + dash + tail
    if candidate != value and re.fullmatch(pattern, candidate):
        return candidate
    close = nearest(head, _countries(pattern), n=1)
    return close[0] + dash + tail if close else None


def _is_territory(pattern: str) -> bool:
    return pattern.startswith("^(?:WORLD|")


def pattern_message(where: str, value: Any, pattern: str, description: str | None) -> str:
    """``where`` does not match: in words when the pattern is long, with a guess if one fits."""
    if _is_territory(pattern) and isinstance(value, str):
        guess = _territory_guess(value, pattern)
        hint = f"; did you mean {guess!r}?" if guess else ""
        return (
            f"{where} is {_describe(value)}, not a territory code{hint} (an ISO 3166-1 "
            'country code such as "GB", a subdivision such as "US-CA", or "WORLD"; '
            f"groups: {vocabulary_link('territory-groups')})"
        )
    if len(pattern) <= MAX_PATTERN or not description:
        return f"{where} is {_describe(value)}, which does not match the pattern {pattern}"
    first = description.split(". ")[0].rstrip(".")
    return f"{where} is {_describe(value)}, which is not in the expected form: {first}"


def unknown_version(value: Any, known: Sequence[str]) -> tuple[str, bool]:
    """Why ``omrs: value`` names no version this tool checks, and whether that means the
    tool cannot judge the document at all (a newer standard: exit 2, not a finding)."""
    listed = ", ".join(known)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
        quoted = text if text in known else known[-1]
        return (
            f"`omrs` is the number {text}, but the standard version is text: quote it "
            f'(omrs: "{quoted}"); unquoted, YAML reads 1.0 as a number and 1.10 as 1.1',
            False,
        )
    if not isinstance(value, str):
        return f'`omrs` must be the standard version as text, e.g. "{known[-1]}"', False
    match = re.fullmatch(r"([0-9]+)\.([0-9]+)", value)
    newest = tuple(int(p) for p in known[-1].split("."))
    if match and (int(match.group(1)), int(match.group(2))) > newest:
        return (
            f"this document needs a newer omrs: it is OMRS {value}; you have omrs "
            f"{TOOL_VERSION}, which knows OMRS {listed}, so it cannot judge it (upgrade omrs)",
            True,
        )
    form = "" if match else '; a version is MAJOR.MINOR, e.g. "1.0"'
    return (
        f"standard version {value!r} is not known to this validator (known: {listed}){form}",
        False,
    )
