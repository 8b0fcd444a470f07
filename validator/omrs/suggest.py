"""Did-you-mean: the nearest known names to a misspelt one (standard library ``difflib``).

Used wherever the user types a name from a closed set: subcommands, rule codes, profiles,
enum values and territory codes. Core code builds the hint; the caller prints it.
"""

from __future__ import annotations

from collections.abc import Iterable

#: How alike two names must be (difflib's ratio) before one is offered for the other.
CUTOFF = 0.6


def nearest(word: str, choices: Iterable[str], *, n: int = 3) -> list[str]:
    """Up to ``n`` of ``choices`` closest to ``word``, best first (case is ignored)."""
    import difflib  # only a misspelling pays for it

    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=n, cutoff=CUTOFF)
    return [by_folded[c] for c in close]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""`` when none is close."""
    close = nearest(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
