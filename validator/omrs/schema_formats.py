"""String formats checked strictly and without optional dependencies.

``jsonschema`` silently skips ``date-time`` and ``uri`` unless extra packages are installed;
every format the schemas use must be listed here (a test checks it).
a rights record with a wrong date must not pass because a package was missing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

#: Anchored with ``\Z`` and ASCII digits: ``$`` would accept a trailing newline and
#: ``\d`` any Unicode digit.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})\Z"
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def is_date(value: object) -> bool:
    """RFC 3339 full-date that exists on the calendar."""
    if not isinstance(value, str) or not _DATE.match(value):
        return not isinstance(value, str)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date_time(value: object) -> bool:
    """RFC 3339 date-time with an explicit offset."""
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_uri(value: object) -> bool:
    """An absolute URI (scheme and no whitespace), RFC 3986 in the form records use."""
    return not isinstance(value, str) or bool(_URI.match(value))


def is_email(value: object) -> bool:
    """An address with one ``@`` and a dotted domain (RFC 5321 in the form records use)."""
    return not isinstance(value, str) or bool(_EMAIL.match(value))


def parse_date(value: Any) -> dt.date | None:
    """A date from a date or date-time string, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


#: Every format the schemas use, and its check (for jsonschema and jsonschema-rs alike).
FORMATS: Mapping[str, Callable[[object], bool]] = MappingProxyType(
    {"date": is_date, "date-time": is_date_time, "uri": is_uri, "email": is_email}
)


@functools.cache
def format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker
