"""Numbers a record may hold: finite, and integers of at most 4,300 digits.

Python refuses to convert longer digit strings (quadratic-time conversion, CVE-2020-10735),
and a float literal beyond the double range becomes infinity, which is not JSON. Both are
refused with the same code and message whether the record is JSON or YAML.
"""

from __future__ import annotations

import functools
import sys

from omrs.loading.errors import LoadProblem

#: Python's default ``int`` digit limit (``sys.get_int_max_str_digits``), fixed here so a
#: record gets the same verdict on every interpreter.
MAX_INT_DIGITS = 4300


def int_digit_limit() -> int:
    """The digit limit in force: ours, or this interpreter's if it was set lower."""
    own = sys.get_int_max_str_digits()
    return min(MAX_INT_DIGITS, own) if own else MAX_INT_DIGITS


@functools.cache
def _bound(digits: int) -> int:
    bound: int = 10**digits
    return bound


def int_is_too_large(value: int) -> bool:
    """Whether ``value`` has more decimal digits than the limit (checked without str())."""
    return abs(value) >= _bound(int_digit_limit())


def _shown(literal: str) -> str:
    return literal if len(literal) <= 24 else f"{literal[:10]}...{literal[-10:]}"


def int_too_large(literal: str) -> LoadProblem:
    return LoadProblem(
        "load.number-too-large",
        f"integer {_shown(literal)} is too large: integers may have at most "
        f"{int_digit_limit():,} digits",
    )


def float_too_large(literal: str) -> LoadProblem:
    return LoadProblem(
        "load.number-too-large",
        f"number {_shown(literal)} is too large: it exceeds the range of a 64-bit "
        "floating-point number (about 1.8e308), so it cannot be represented",
    )
