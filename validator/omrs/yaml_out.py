"""YAML the tool writes, read back as the same data.

PyYAML's emitter writes U+0085 (NEL), U+2028 and U+2029 raw when ``allow_unicode`` is on,
and its reader then takes them for line breaks (``'a\\x85b'`` reads back as ``'a b'``).
Data holding one of them is written with escapes; anything else keeps its characters, so
names like "Müller" stay readable.
"""

from __future__ import annotations

import json
from typing import Any

_BREAKS = ("\x85", "\u2028", "\u2029")


def dump(data: Any, **options: Any) -> str:
    """``yaml.safe_dump(data, **options)`` with characters kept wherever that is faithful."""
    import yaml

    raw_safe = not any(c in json.dumps(data, ensure_ascii=False, default=str) for c in _BREAKS)
    text: str = yaml.safe_dump(data, allow_unicode=raw_safe, **options)
    return text
